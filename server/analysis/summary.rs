//! Cross-statement facts about one file, kept small so an edit can update them cheaply.
//!
//! Each top-level statement contributes its own [`StatementFacts`]; the file's
//! [`FileSummary`] is their merge. The incremental engine caches the facts per statement
//! and re-merges after an edit, re-running every rule only when the merge changes.

use tree_sitter::Node;

use super::statements::{assignment_chain, holds_statements, text};

use super::flask::FlaskFacts;
use super::statements::top_level_statements;
use super::validation::{ValidatedSettings, ValidationFacts};
use crate::document::ParsedModule;

/// Facts rules need from outside the statement they look at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FileSummary {
    /// The module imports flask (`import flask`, `from flask import ...`).
    pub imports_flask: bool,
    /// Names bound anywhere in the module to `Flask(...)` / `flask.Flask(...)` (also
    /// inside app factories), or to a `create_app()` / `make_app()` factory call.
    /// Sorted, without duplicates.
    pub flask_apps: Vec<String>,
    /// Callee texts that mean werkzeug's `run_simple`, from imports such as
    /// `from werkzeug.serving import run_simple [as name]` (→ `run_simple` / `name`) or
    /// `from werkzeug import serving` (→ `serving.run_simple`). Sorted, no duplicates.
    pub run_simple_names: Vec<String>,
    /// The settings the module validates at startup (see [`super::validation`]).
    pub validated: ValidatedSettings,
    /// Blueprints, registered views and handlers, import aliases (see [`super::flask`]).
    pub flask: FlaskFacts,
}

impl FileSummary {
    pub fn compute(source: &str, parsed: &ParsedModule) -> FileSummary {
        let facts: Vec<StatementFacts> = top_level_statements(parsed)
            .into_iter()
            .map(|stmt| StatementFacts::of(stmt, source))
            .collect();
        FileSummary::merge(facts.iter())
    }

    /// The summary of a file whose statements contribute `facts`.
    pub fn merge<'f>(facts: impl IntoIterator<Item = &'f StatementFacts>) -> FileSummary {
        let facts: Vec<&StatementFacts> = facts.into_iter().collect();
        let mut summary = FileSummary::default();
        let mut flask = Vec::new();
        for part in &facts {
            flask.push(&part.flask);
            summary.imports_flask |= part.imports_flask;
            summary.flask_apps.extend(part.flask_apps.iter().cloned());
            summary
                .run_simple_names
                .extend(part.run_simple_names.iter().cloned());
        }
        summary.flask_apps.sort_unstable();
        summary.flask_apps.dedup();
        summary.run_simple_names.sort_unstable();
        summary.run_simple_names.dedup();
        summary.flask_apps.shrink_to_fit();
        summary.run_simple_names.shrink_to_fit();
        summary.validated = ValidatedSettings::merge(facts.iter().map(|f| &f.validation));
        summary.flask = FlaskFacts::merge(flask);
        summary
    }

    /// True when `name` is a Flask app object: bound to `Flask(...)`, or named `app` /
    /// `application` in a file importing flask.
    pub fn is_flask_app(&self, name: &str) -> bool {
        self.flask_apps.iter().any(|app| app == name)
            || (self.imports_flask && matches!(name, "app" | "application"))
    }

    /// True when a call to `callee` (its source text) calls werkzeug's `run_simple`.
    pub fn is_run_simple(&self, callee: &str) -> bool {
        matches!(
            callee,
            "werkzeug.run_simple" | "werkzeug.serving.run_simple"
        ) || self.run_simple_names.iter().any(|name| name == callee)
    }
}

/// What one top-level statement contributes to the [`FileSummary`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct StatementFacts {
    pub imports_flask: bool,
    pub flask_apps: Vec<String>,
    pub run_simple_names: Vec<String>,
    pub validation: ValidationFacts,
    pub flask: FlaskFacts,
}

impl StatementFacts {
    /// The facts of one top-level statement. Walks statements only (blocks of functions,
    /// classes, `if`, `try`, `with`, ...), never into expressions.
    pub fn of(stmt: Node<'_>, source: &str) -> StatementFacts {
        let mut facts = StatementFacts::default();
        // The walk below finds imports and app constructors only: without the words
        // they are written with, it has nothing to find (most statements).
        let stmt_text = source.get(stmt.byte_range()).unwrap_or_default();
        let mut pending = if may_import_or_construct(stmt_text) {
            vec![stmt]
        } else {
            Vec::new()
        };
        while let Some(node) = pending.pop() {
            match node.kind() {
                "import_statement" => facts.add_import(node, source),
                "import_from_statement" => facts.add_from_import(node, source),
                "expression_statement" => {
                    let mut cursor = node.walk();
                    for child in node.named_children(&mut cursor) {
                        if child.kind() == "assignment" {
                            facts.add_assignment(child, source);
                        }
                    }
                }
                kind if holds_statements(kind) => {
                    let mut cursor = node.walk();
                    pending.extend(node.named_children(&mut cursor));
                }
                _ => {}
            }
        }
        facts.validation = ValidationFacts::of(stmt, source);
        facts.flask = FlaskFacts::of(stmt, source);
        facts
    }

    /// Adds `other`'s contribution to this one: the summary of a file is the same whether
    /// two statements contribute separately or as one ([`FileSummary::merge`] takes the
    /// union of every list, whatever the order). The incremental engine keeps one
    /// contribution per chunk this way.
    pub fn absorb(&mut self, other: StatementFacts) {
        self.imports_flask |= other.imports_flask;
        self.flask_apps.extend(other.flask_apps);
        self.run_simple_names.extend(other.run_simple_names);
        self.validation.absorb(other.validation);
        self.flask.absorb(other.flask);
    }

    /// True when the statement contributes nothing (most statements).
    pub fn is_empty(&self) -> bool {
        !self.imports_flask
            && self.flask_apps.is_empty()
            && self.run_simple_names.is_empty()
            && self.validation.is_empty()
            && self.flask.is_empty()
    }

    fn add_import(&mut self, node: Node<'_>, source: &str) {
        let mut cursor = node.walk();
        for name in node.children_by_field_name("name", &mut cursor) {
            let (module, alias) = match name.kind() {
                "aliased_import" => (
                    name.child_by_field_name("name"),
                    name.child_by_field_name("alias"),
                ),
                _ => (Some(name), None),
            };
            let Some(module) = module.map(|m| text(m, source)) else {
                continue;
            };
            if is_flask_module(module) {
                self.imports_flask = true;
            }
            if let Some(alias) = alias
                && matches!(module, "werkzeug" | "werkzeug.serving")
            {
                let alias = text(alias, source);
                let qualified = if module == "werkzeug" {
                    format!("{alias}.serving.run_simple")
                } else {
                    format!("{alias}.run_simple")
                };
                self.run_simple_names.push(qualified);
                if module == "werkzeug" {
                    self.run_simple_names.push(format!("{alias}.run_simple"));
                }
            }
        }
    }

    fn add_from_import(&mut self, node: Node<'_>, source: &str) {
        let Some(module) = node.child_by_field_name("module_name") else {
            return;
        };
        let module = text(module, source);
        if is_flask_module(module) {
            self.imports_flask = true;
        }
        if !matches!(module, "werkzeug" | "werkzeug.serving") {
            return;
        }
        let mut cursor = node.walk();
        for name in node.children_by_field_name("name", &mut cursor) {
            let (imported, local) = match name.kind() {
                "aliased_import" => (
                    name.child_by_field_name("name").map(|n| text(n, source)),
                    name.child_by_field_name("alias").map(|n| text(n, source)),
                ),
                _ => (Some(text(name, source)), None),
            };
            let Some(imported) = imported else { continue };
            let local = local.unwrap_or(imported);
            match imported {
                "run_simple" => self.run_simple_names.push(local.to_string()),
                "serving" if module == "werkzeug" => {
                    self.run_simple_names.push(format!("{local}.run_simple"))
                }
                _ => {}
            }
        }
    }

    /// `app = Flask(__name__)`, `app: Flask = flask.Flask(...)`, `a = b = Flask(...)`,
    /// `self.app = create_app()`.
    fn add_assignment(&mut self, node: Node<'_>, source: &str) {
        let Some((targets, value)) = assignment_chain(node) else {
            return;
        };
        if is_app_constructor(value, source) {
            self.flask_apps
                .extend(targets.iter().map(|t| text(*t, source).to_string()));
        }
    }
}

/// A [`StatementFacts`] packed into one byte string, for the incremental engine to keep
/// per chunk: most statements contribute a name or two, which as a `StatementFacts`
/// would cost hundreds of bytes of empty lists. Packing is lossless (the lists keep their
/// order), so two packs are equal exactly when the facts are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PackedFacts(Box<[u8]>);

/// What each packed entry is: a flag, an item of a list, or the start of a string
/// collection (whose items follow).
mod tag {
    pub const IMPORTS_FLASK: u8 = 0;
    pub const FLASK_APP: u8 = 1;
    pub const RUN_SIMPLE: u8 = 2;
    pub const CHECKED: u8 = 3;
    pub const CHECKED_COLLECTION: u8 = 4;
    pub const STRING_COLLECTION: u8 = 5;
    pub const STRING_ITEM: u8 = 6;
    /// Then the nine lists of `FlaskFacts`, in declaration order.
    pub const FLASK_LISTS: u8 = 7;
    pub const IMPORTS_HMAC: u8 = 16;
}

impl PackedFacts {
    pub fn pack(facts: &StatementFacts) -> PackedFacts {
        let mut out = Vec::new();
        let flag = |out: &mut Vec<u8>, tag: u8, on: bool| {
            if on {
                out.push(tag);
            }
        };
        let item = |out: &mut Vec<u8>, tag: u8, text: &str| {
            out.push(tag);
            let mut len = text.len();
            loop {
                let low = (len & 0x7f) as u8;
                len >>= 7;
                if len == 0 {
                    out.push(low);
                    break;
                }
                out.push(low | 0x80);
            }
            out.extend_from_slice(text.as_bytes());
        };
        flag(&mut out, tag::IMPORTS_FLASK, facts.imports_flask);
        for name in &facts.flask_apps {
            item(&mut out, tag::FLASK_APP, name);
        }
        for name in &facts.run_simple_names {
            item(&mut out, tag::RUN_SIMPLE, name);
        }
        for name in &facts.validation.checked {
            item(&mut out, tag::CHECKED, name);
        }
        for name in &facts.validation.checked_collections {
            item(&mut out, tag::CHECKED_COLLECTION, name);
        }
        for (name, strings) in &facts.validation.string_collections {
            item(&mut out, tag::STRING_COLLECTION, name);
            for string in strings {
                item(&mut out, tag::STRING_ITEM, string);
            }
        }
        for (offset, list) in flask_lists(&facts.flask).into_iter().enumerate() {
            for name in list {
                item(&mut out, tag::FLASK_LISTS + offset as u8, name);
            }
        }
        flag(&mut out, tag::IMPORTS_HMAC, facts.flask.imports_hmac);
        PackedFacts(out.into_boxed_slice())
    }

    pub fn unpack(&self) -> StatementFacts {
        let mut facts = StatementFacts::default();
        let bytes = &self.0;
        let mut at = 0;
        while let Some(&tag) = bytes.get(at) {
            at += 1;
            match tag {
                tag::IMPORTS_FLASK => {
                    facts.imports_flask = true;
                    continue;
                }
                tag::IMPORTS_HMAC => {
                    facts.flask.imports_hmac = true;
                    continue;
                }
                _ => {}
            }
            let mut len = 0usize;
            let mut shift = 0;
            while let Some(&byte) = bytes.get(at) {
                at += 1;
                len |= usize::from(byte & 0x7f) << shift;
                shift += 7;
                if byte & 0x80 == 0 {
                    break;
                }
            }
            let end = (at + len).min(bytes.len());
            let text = String::from_utf8_lossy(&bytes[at..end]).into_owned();
            at = end;
            let validation = &mut facts.validation;
            match tag {
                tag::FLASK_APP => facts.flask_apps.push(text),
                tag::RUN_SIMPLE => facts.run_simple_names.push(text),
                tag::CHECKED => validation.checked.push(text),
                tag::CHECKED_COLLECTION => validation.checked_collections.push(text),
                tag::STRING_COLLECTION => validation.string_collections.push((text, Vec::new())),
                tag::STRING_ITEM => {
                    if let Some((_, strings)) = validation.string_collections.last_mut() {
                        strings.push(text);
                    }
                }
                _ => {
                    let offset = usize::from(tag - tag::FLASK_LISTS);
                    if let Some(list) = flask_lists_mut(&mut facts.flask).into_iter().nth(offset) {
                        list.push(text);
                    }
                }
            }
        }
        facts
    }

    /// True when the statement contributes nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The bytes this pack keeps on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.0.len()
    }
}

/// The nine lists of [`FlaskFacts`], in declaration order.
fn flask_lists(facts: &FlaskFacts) -> [&Vec<String>; 9] {
    [
        &facts.blueprints,
        &facts.registered_views,
        &facts.registered_handlers,
        &facts.environ_names,
        &facts.getenv_names,
        &facts.request_names,
        &facts.current_app_names,
        &facts.traceback_names,
        &facts.module_secrets,
    ]
}

fn flask_lists_mut(facts: &mut FlaskFacts) -> [&mut Vec<String>; 9] {
    [
        &mut facts.blueprints,
        &mut facts.registered_views,
        &mut facts.registered_handlers,
        &mut facts.environ_names,
        &mut facts.getenv_names,
        &mut facts.request_names,
        &mut facts.current_app_names,
        &mut facts.traceback_names,
        &mut facts.module_secrets,
    ]
}

/// True for a call that makes a Flask app: `Flask(...)`, `flask.Flask(...)`,
/// `create_app(...)`, `make_app(...)` (also qualified, `myapp.create_app()`).
pub fn is_app_constructor(node: Node<'_>, source: &str) -> bool {
    if node.kind() != "call" {
        return false;
    }
    let Some(function) = node.child_by_field_name("function") else {
        return false;
    };
    if !matches!(function.kind(), "identifier" | "attribute") {
        return false;
    }
    let callee = text(function, source);
    let last = callee.rsplit('.').next().unwrap_or(callee);
    matches!(last, "Flask" | "create_app" | "make_app")
}

/// False when `text` holds no import statement and no call [`is_app_constructor`]
/// accepts: both are written with one of these words.
fn may_import_or_construct(text: &str) -> bool {
    ["import", "Flask", "create_app", "make_app"]
        .iter()
        .any(|word| text.contains(word))
}

fn is_flask_module(module: &str) -> bool {
    module == "flask" || module.starts_with("flask.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_facts_unpack_to_the_same_facts() {
        let mut facts = StatementFacts {
            imports_flask: true,
            flask_apps: vec!["app".into(), "web".into()],
            run_simple_names: vec!["serving.run_simple".into()],
            ..StatementFacts::default()
        };
        facts.validation.checked = vec!["SECRET_KEY".into(), "x".repeat(300)];
        facts.validation.checked_collections = vec!["REQUIRED".into()];
        facts.validation.string_collections = vec![
            ("REQUIRED".into(), vec!["A".into(), "秘密".into()]),
            ("EMPTY".into(), Vec::new()),
        ];
        facts.flask.blueprints = vec!["bp".into()];
        facts.flask.module_secrets = vec!["api_key".into()];
        facts.flask.traceback_names = vec!["tb".into()];
        facts.flask.imports_hmac = true;
        let packed = PackedFacts::pack(&facts);
        assert_eq!(packed.unpack(), facts);
        // The names' bytes and a tag and a length per entry (the 300-byte name's length
        // takes two bytes); a `StatementFacts` alone is over 300 bytes before its strings.
        let text: usize = 3 + 3 + 18 + 10 + 300 + 8 + 8 + 1 + 6 + 5 + 2 + 2 + 7;
        assert_eq!(packed.heap_bytes(), text + 2 * 13 + 1 + 2);
        assert!(PackedFacts::pack(&StatementFacts::default()).is_empty());
        let mut other = facts.clone();
        other.flask.blueprints.clear();
        other.flask.registered_views = vec!["bp".into()];
        assert_ne!(PackedFacts::pack(&other), packed);
    }
}
