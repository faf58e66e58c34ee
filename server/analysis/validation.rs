//! Which settings a module validates at startup (for FG501): a cross-statement fact,
//! since the check may come after the lookup (`SECRET_KEY = os.environ.get(...)` at
//! the top, `if not SECRET_KEY: raise ...` further down).
//!
//! Each top-level statement contributes [`ValidationFacts`]; the file's
//! [`ValidatedSettings`] is their merge. A setting counts as validated when it is
//! named (as a variable, an attribute, or a string key) in
//!
//! - the condition of an `if`/`elif` whose branch raises or exits
//!   (`if not SECRET_KEY: raise RuntimeError(...)`, `if app.config["API_KEY"] is None:
//!   sys.exit(1)`);
//! - an `assert` (`assert SECRET_KEY, "SECRET_KEY must be set"`);
//! - a collection of names that a loop or comprehension checks against the environment
//!   or with a `raise` (`for name in REQUIRED: ...`, `[n for n in ("A", "B") if not
//!   os.environ.get(n)]`), or a collection whose name says it is required (the
//!   `# flaskguard: required settings` block's `_REQUIRED_SETTINGS` of fixes B and H).
//! - the arguments of a helper named for checking (`require_env("SECRET_KEY")`,
//!   `validate_settings(REQUIRED)`).

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use tree_sitter::Node;

use super::statements::text;

/// Words of a statement that may check settings; those from [`READS_SETTINGS_FROM`] on
/// read them.
const CHECK_WORDS: &[&str] = &[
    "raise", "assert", "exit", "abort", "requir", "validat", "ensure", "environ", "getenv",
    "config",
];
const READS_SETTINGS_FROM: usize = 7;

fn check_words() -> &'static AhoCorasick {
    static CELL: OnceLock<AhoCorasick> = OnceLock::new();
    CELL.get_or_init(|| {
        AhoCorasick::new(CHECK_WORDS)
            .unwrap_or_else(|err| panic!("invalid built-in check words: {err}"))
    })
}

/// Every word a call of a checking helper ([`ValidationFacts::add_require_call`]) or
/// a comprehension that reads settings is written with, in any case.
const EXPRESSION_WORDS: &[&str] = &[
    "requir", "validat", "ensure", "check", "environ", "getenv", "config",
];

fn expression_words() -> &'static AhoCorasick {
    static CELL: OnceLock<AhoCorasick> = OnceLock::new();
    CELL.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(EXPRESSION_WORDS)
            .unwrap_or_else(|err| panic!("invalid built-in expression words: {err}"))
    })
}

/// Every word an `if` that fails, a `for` that checks or an `assert` is written with
/// (see [`ValidationFacts::add_if`], [`ValidationFacts::add_for`] and [`fails`]).
const STATEMENT_WORDS: &[&str] = &[
    "assert", "raise", "exit", "quit", "abort", "environ", "getenv", "config",
];
const ASSERT_WORD: usize = 0;

fn statement_words() -> &'static AhoCorasick {
    static CELL: OnceLock<AhoCorasick> = OnceLock::new();
    CELL.get_or_init(|| {
        AhoCorasick::new(STATEMENT_WORDS)
            .unwrap_or_else(|err| panic!("invalid built-in statement words: {err}"))
    })
}

/// What one top-level statement says about validation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ValidationFacts {
    /// Names and string keys tested by a check that raises, exits or asserts.
    pub checked: Vec<String>,
    /// Collections (by variable name) that a loop or comprehension checks.
    pub checked_collections: Vec<String>,
    /// Tuples, lists and sets of plain strings assigned to a variable: `(name, strings)`.
    pub string_collections: Vec<(String, Vec<String>)>,
}

/// The settings a file validates, merged from every statement's [`ValidationFacts`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ValidatedSettings {
    /// Sorted, without duplicates.
    pub names: Vec<String>,
}

impl ValidatedSettings {
    pub fn merge<'f>(facts: impl IntoIterator<Item = &'f ValidationFacts>) -> ValidatedSettings {
        let facts: Vec<&ValidationFacts> = facts.into_iter().collect();
        let mut names: Vec<String> = Vec::new();
        let checked_collections: Vec<&str> = facts
            .iter()
            .flat_map(|f| f.checked_collections.iter().map(String::as_str))
            .collect();
        for part in &facts {
            names.extend(part.checked.iter().cloned());
            for (name, strings) in &part.string_collections {
                if checked_collections.contains(&name.as_str()) || names_a_requirement(name) {
                    names.extend(strings.iter().cloned());
                }
            }
        }
        names.sort_unstable();
        names.dedup();
        // Kept with the document's summary: no room for the duplicates.
        names.shrink_to_fit();
        ValidatedSettings { names }
    }

    /// True when the module validates `name` (a variable, attribute or setting name).
    pub fn contains(&self, name: &str) -> bool {
        self.names
            .binary_search_by(|n| n.as_str().cmp(name))
            .is_ok()
    }
}

/// `REQUIRED_ENV_VARS`, `_REQUIRED_SETTINGS`, `MANDATORY_KEYS`.
fn names_a_requirement(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("requir") || lower.contains("mandatory")
}

impl ValidationFacts {
    /// The facts of one top-level statement.
    pub fn of(stmt: Node<'_>, source: &str) -> ValidationFacts {
        let mut facts = ValidationFacts::default();
        let Some(text) = source.get(stmt.byte_range()) else {
            return facts;
        };
        // Cheap byte-level filter, one pass: most statements neither check nor list
        // settings.
        let mut may_check = false;
        let mut full = false;
        for m in check_words().find_iter(text) {
            may_check = true;
            // Comprehensions that check names sit inside expressions; everything else
            // is a statement, so only statements are walked unless settings are read.
            if m.pattern().as_usize() >= READS_SETTINGS_FROM {
                full = true;
                break;
            }
        }
        let may_list = text.contains('"') || text.contains('\'');
        if !may_check {
            // Only a collection of names can matter here, and one a check elsewhere
            // uses is a module-level constant: no walk.
            if may_list && stmt.kind() == "expression_statement" {
                let mut cursor = stmt.walk();
                for child in stmt.named_children(&mut cursor) {
                    if child.kind() == "assignment" {
                        facts.add_assignment(child, source);
                    }
                }
            }
            return facts;
        }
        // Below the statements, only calls of checking helpers and comprehensions that
        // read settings contribute, and both are written with one of the
        // `EXPRESSION_WORDS`: an expression without one is not walked.
        let stmt_start = stmt.start_byte();
        let marks: Vec<usize> = expression_words()
            .find_overlapping_iter(text)
            .map(|m| stmt_start + m.start())
            .collect();
        // Without them, only `if`, `assert` and `for` statements contribute, each written
        // with one of the `STATEMENT_WORDS` (`assert` as a keyword, not after a dot), and
        // the calls in the headers of statements (`if validate(...):`), written with one of
        // the `EXPRESSION_WORDS`: a block without any is not walked (a test method full of
        // `self.assertEqual`).
        let statement_marks: Vec<usize> = if full {
            Vec::new()
        } else {
            statement_words()
                .find_overlapping_iter(text)
                .filter(|m| {
                    m.pattern().as_usize() != ASSERT_WORD
                        || m.start() == 0
                        || text.as_bytes()[m.start() - 1] != b'.'
                })
                .map(|m| stmt_start + m.start())
                .collect()
        };
        let within = |marks: &[usize], node: Node<'_>| {
            let first = marks.partition_point(|&m| m < node.start_byte());
            marks.get(first).is_some_and(|&m| m < node.end_byte())
        };
        let has_mark = |node: Node<'_>| within(&marks, node);
        let mut cursor = stmt.walk();
        loop {
            let node = cursor.node();
            match node.kind() {
                "if_statement" if may_check => facts.add_if(node, source),
                "assert_statement" if may_check => {
                    if let Some(test) = node.named_child(0) {
                        collect_names(test, source, &mut facts.checked);
                    }
                }
                "for_statement" if may_check => facts.add_for(node, source),
                "for_in_clause" if may_check => facts.add_comprehension(node, source),
                "assignment" if may_list => facts.add_assignment(node, source),
                "call" => facts.add_require_call(node, source),
                _ => {}
            }
            // Statements and assignments sit only under statements (and `ERROR`s).
            let descend = if holds_statements(node.kind()) {
                full || node.id() == stmt.id()
                    || node.has_error()
                    || within(&statement_marks, node)
                    || has_mark(node)
            } else {
                full && (matches!(node.kind(), "expression_statement" | "assignment")
                    || node.has_error()
                    || has_mark(node))
            };
            if descend && cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() || cursor.node().id() == stmt.id() {
                    return facts;
                }
            }
        }
    }

    /// Adds `other`'s facts (see [`super::StatementFacts::absorb`]).
    pub fn absorb(&mut self, other: ValidationFacts) {
        self.checked.extend(other.checked);
        self.checked_collections.extend(other.checked_collections);
        self.string_collections.extend(other.string_collections);
    }

    pub fn is_empty(&self) -> bool {
        self.checked.is_empty()
            && self.checked_collections.is_empty()
            && self.string_collections.is_empty()
    }

    /// `if <cond>: raise ...` (also `elif`, and `else: raise` after a test).
    fn add_if(&mut self, node: Node<'_>, source: &str) {
        let mut blocks = Vec::new();
        let mut conditions = Vec::new();
        if let Some(c) = node.child_by_field_name("condition") {
            conditions.push(c);
        }
        if let Some(b) = node.child_by_field_name("consequence") {
            blocks.push(b);
        }
        let mut cursor = node.walk();
        for clause in node.children_by_field_name("alternative", &mut cursor) {
            if let Some(c) = clause.child_by_field_name("condition") {
                conditions.push(c);
            }
            if let Some(b) = clause
                .child_by_field_name("consequence")
                .or_else(|| clause.child_by_field_name("body"))
            {
                blocks.push(b);
            }
        }
        if blocks.iter().any(|b| fails(*b, source)) {
            for condition in conditions {
                collect_names(condition, source, &mut self.checked);
            }
        }
    }

    /// `for name in REQUIRED:` / `for name in ("A", "B"):` whose body raises, exits or
    /// reads the environment.
    fn add_for(&mut self, node: Node<'_>, source: &str) {
        let (Some(right), Some(body)) = (
            node.child_by_field_name("right"),
            node.child_by_field_name("body"),
        ) else {
            return;
        };
        let body_text = text(body, source);
        let checks =
            reads_settings(body_text) || body_text.contains("raise") || body_text.contains("exit(");
        if checks {
            self.add_iterable(right, source);
        }
    }

    /// `[n for n in REQUIRED if not os.environ.get(n)]` and friends.
    fn add_comprehension(&mut self, clause: Node<'_>, source: &str) {
        let (Some(right), Some(comprehension)) =
            (clause.child_by_field_name("right"), clause.parent())
        else {
            return;
        };
        if reads_settings(text(comprehension, source)) {
            self.add_iterable(right, source);
        }
    }

    fn add_iterable(&mut self, iterable: Node<'_>, source: &str) {
        let iterable = unwrap_parens(iterable);
        match iterable.kind() {
            "identifier" => self
                .checked_collections
                .push(text(iterable, source).to_string()),
            "attribute" => {
                if let Some(attr) = iterable.child_by_field_name("attribute") {
                    self.checked_collections
                        .push(text(attr, source).to_string());
                }
            }
            "tuple" | "list" | "set" => {
                if let Some(strings) = string_elements(iterable, source) {
                    self.checked.extend(strings);
                }
            }
            _ => {}
        }
    }

    /// `require_settings("SECRET_KEY", "API_KEY")`, `validate_config(["SECRET_KEY"])`,
    /// `ensure_env("API_TOKEN")`: a helper named for checking names its arguments.
    fn add_require_call(&mut self, call: Node<'_>, source: &str) {
        let Some(function) = call.child_by_field_name("function") else {
            return;
        };
        let callee = text(function, source);
        let last = callee
            .rsplit('.')
            .next()
            .unwrap_or(callee)
            .to_ascii_lowercase();
        if !["requir", "validat", "ensure", "check"]
            .iter()
            .any(|w| last.contains(w))
        {
            return;
        }
        let Some(args) = call.child_by_field_name("arguments") else {
            return;
        };
        let mut cursor = args.walk();
        for arg in args.named_children(&mut cursor) {
            let arg = unwrap_parens(arg);
            match arg.kind() {
                "string" => {
                    if let Some(value) = plain_string(arg, source) {
                        self.checked.push(value);
                    }
                }
                "tuple" | "list" | "set" => {
                    if let Some(strings) = string_elements(arg, source) {
                        self.checked.extend(strings);
                    }
                }
                "identifier" => self.checked_collections.push(text(arg, source).to_string()),
                _ => {}
            }
        }
    }

    /// `REQUIRED = ("A", "B")`: remembered so a later check of `REQUIRED` counts.
    fn add_assignment(&mut self, node: Node<'_>, source: &str) {
        let (Some(left), Some(right)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) else {
            return;
        };
        let name = match left.kind() {
            "identifier" => text(left, source),
            "attribute" => left
                .child_by_field_name("attribute")
                .map_or("", |a| text(a, source)),
            _ => return,
        };
        let right = unwrap_parens(right);
        if name.is_empty() || !matches!(right.kind(), "tuple" | "list" | "set") {
            return;
        }
        if let Some(strings) = string_elements(right, source)
            && !strings.is_empty()
        {
            self.string_collections.push((name.to_string(), strings));
        }
    }
}

/// True when `block` directly holds a `raise`, or a call that ends the process
/// (`sys.exit(1)`, `exit(...)`, `os._exit(...)`, `abort(...)`).
fn fails(block: Node<'_>, source: &str) -> bool {
    let mut cursor = block.walk();
    let children: Vec<Node<'_>> = block.named_children(&mut cursor).collect();
    children.into_iter().any(|stmt| match stmt.kind() {
        "raise_statement" => true,
        "expression_statement" => stmt.named_child(0).is_some_and(|call| {
            call.kind() == "call"
                && call
                    .child_by_field_name("function")
                    .map(|f| text(f, source))
                    .is_some_and(|f| {
                        matches!(
                            f,
                            "sys.exit" | "exit" | "quit" | "os._exit" | "abort" | "os.abort"
                        )
                    })
        }),
        _ => false,
    })
}

/// Node kinds whose children include statements (or, for `expression_statement`, the
/// assignment itself).
fn holds_statements(kind: &str) -> bool {
    kind == "expression_statement" || super::statements::holds_statements(kind)
}

/// The environment, or the app's configuration (`[k for k in NEEDED if not
/// app.config.get(k)]`).
fn reads_settings(text: &str) -> bool {
    reads_environment(text) || text.contains("config")
}

fn reads_environment(text: &str) -> bool {
    text.contains("environ") || text.contains("getenv")
}

/// Every identifier, attribute name and plain string in `expr`.
fn collect_names(expr: Node<'_>, source: &str, out: &mut Vec<String>) {
    let mut stack = vec![expr];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "identifier" => out.push(text(node, source).to_string()),
            "string" => {
                if let Some(value) = plain_string(node, source) {
                    out.push(value);
                }
                continue;
            }
            _ => {}
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
}

/// The values of a tuple/list/set whose elements are all plain strings.
fn string_elements(seq: Node<'_>, source: &str) -> Option<Vec<String>> {
    let mut cursor = seq.walk();
    seq.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .map(|n| plain_string(n, source))
        .collect()
}

/// The value of a string literal without interpolations.
fn plain_string(node: Node<'_>, source: &str) -> Option<String> {
    if node.kind() != "string" {
        return None;
    }
    let mut value = String::new();
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        match child.kind() {
            "string_content" => value.push_str(source.get(child.byte_range())?),
            "interpolation" => return None,
            _ => {}
        }
    }
    Some(value)
}

fn unwrap_parens(mut node: Node<'_>) -> Node<'_> {
    while node.kind() == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}
