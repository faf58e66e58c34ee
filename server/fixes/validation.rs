//! The startup validation block of fixes B and H: a tuple of required settings,
//! introduced by `# flaskguard: required settings`, that makes the app fail at import
//! when one of them is missing from the environment:
//!
//! ```python
//! # flaskguard: required settings
//! _REQUIRED_SETTINGS = ("SECRET_KEY",)
//! _missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
//! if _missing:
//!     raise RuntimeError("Missing required configuration: " + ", ".join(_missing))
//! ```
//!
//! At module level it follows the last top-level statement that sets configuration
//! (or, for a setting inside `if __name__ == "__main__":`, precedes that block);
//! in an app factory (a top-level `def` whose body ends in `return`) it goes just
//! before that `return`. An existing block at the same level is extended instead.

use tree_sitter::Node;

use super::imports::end_of_last_statement_on_line;
use super::line_endings::{
    self, indentation_at, is_blank_line_at, line_start, next_line_start, only_indentation_before,
    rest_of_line_is_clean,
};
use super::nodes::{all_children, function_of, named_children, top_level_statement_at};
use crate::document::ParsedModule;
use crate::finding::TextEdit;

/// The comment that introduces the block; also how an existing block is recognised.
pub const MARKER: &str = "# flaskguard: required settings";

/// The variable holding the tuple of required names.
const TUPLE_NAME: &str = "_REQUIRED_SETTINGS";

/// Where a validation block for a setting read at some offset belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// At module level.
    Module,
    /// Inside the app factory whose top-level statement (the `def`, or its first
    /// decorator) starts at this byte.
    Factory { statement_start: usize },
}

/// The level for a setting read at `offset`: the app factory around it, else the module.
pub fn level_at(source: &str, parsed: &ParsedModule, offset: usize) -> Level {
    let factory = top_level_statement_at(parsed, offset).filter(|stmt| {
        function_of(*stmt).is_some_and(|function| factory_return(source, function).is_some())
    });
    match factory {
        Some(stmt) => Level::Factory {
            statement_start: stmt.start_byte(),
        },
        None => Level::Module,
    }
}

/// The last `return` directly in the body of `function`, when it starts its own line.
fn factory_return<'t>(source: &str, function: Node<'t>) -> Option<Node<'t>> {
    let body = function.child_by_field_name("body")?;
    named_children(body)
        .into_iter()
        .rev()
        .find(|stmt| stmt.kind() == "return_statement")
        .filter(|ret| only_indentation_before(source, ret.start_byte()))
        .filter(|ret| ret.start_position().row > function.start_position().row)
}

/// What making the names required at a level takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Validation {
    /// The block there already lists every name.
    AlreadyRequired,
    /// This edit adds or extends the block.
    Edit(TextEdit),
    /// No safe place: the level's code has syntax errors, something follows the anchor
    /// on its line, or a marker comment without a tuple this fix understands is there.
    Unplaceable,
}

/// Makes the block at `level` require every name in `names`: extends an existing
/// block, or inserts a new one after the configuration statements holding `offsets`
/// (module level) or before the factory's `return`.
pub fn validation_edit(
    source: &str,
    parsed: &ParsedModule,
    level: Level,
    offsets: &[usize],
    names: &[String],
) -> Validation {
    let mut wanted: Vec<&str> = Vec::new();
    for name in names {
        if !wanted.contains(&name.as_str()) {
            wanted.push(name);
        }
    }
    if wanted.is_empty() {
        return Validation::AlreadyRequired;
    }
    let eol = line_endings::detect(source);
    let extend = |existing: Option<Node<'_>>| match existing {
        Some(seq) => extend_edit(source, seq, &wanted, eol)
            .map_or(Validation::AlreadyRequired, Validation::Edit),
        None => Validation::Unplaceable,
    };
    match level {
        Level::Module => {
            let statements: Vec<Node<'_>> = parsed.statements().collect();
            if let Some(existing) = existing_block(source, &statements, "", 0..source.len()) {
                return extend(existing);
            }
            let Some(anchor) = module_anchor(source, parsed, &statements, offsets) else {
                return Validation::Unplaceable;
            };
            let unit = indent_unit(source, parsed);
            if is_main_guard(source, anchor) {
                // After `if __name__ == "__main__":` would be after `app.run()`: check
                // first (the block reads the environment, not the settings).
                if anchor.has_error() || !only_indentation_before(source, anchor.start_byte()) {
                    return Validation::Unplaceable;
                }
                let block = block_text(&wanted, "", &unit, eol);
                return Validation::Edit(TextEdit::insert(
                    line_start(source, anchor.start_byte()),
                    format!("{block}{eol}"),
                ));
            }
            let end = end_of_last_statement_on_line(&statements, anchor);
            if anchor.has_error() || !rest_of_line_is_clean(source, end) {
                return Validation::Unplaceable;
            }
            let block = block_text(&wanted, "", &unit, eol);
            Validation::Edit(match next_line_start(source, end) {
                Some(at) => {
                    let after = if is_blank_line_at(source, at) {
                        ""
                    } else {
                        eol
                    };
                    TextEdit::insert(at, format!("{eol}{block}{after}"))
                }
                None => TextEdit::insert(source.len(), format!("{eol}{eol}{block}")),
            })
        }
        Level::Factory { statement_start } => {
            let Some(function) = parsed
                .statements()
                .find(|s| s.start_byte() == statement_start)
                .and_then(function_of)
                .filter(|f| !f.has_error())
            else {
                return Validation::Unplaceable;
            };
            let (Some(body), Some(ret)) = (
                function.child_by_field_name("body"),
                factory_return(source, function),
            ) else {
                return Validation::Unplaceable;
            };
            let indent = indentation_at(source, ret.start_byte());
            if let Some(existing) =
                existing_block(source, &all_children(body), indent, body.byte_range())
            {
                return extend(existing);
            }
            let outer = indentation_at(source, function.start_byte());
            let unit = indent
                .strip_prefix(outer)
                .filter(|u| !u.is_empty())
                .unwrap_or("    ");
            let block = block_text(&wanted, indent, unit, eol);
            Validation::Edit(TextEdit::insert(
                line_start(source, ret.start_byte()),
                block,
            ))
        }
    }
}

/// `Some(Some(tuple))` for an existing `_REQUIRED_SETTINGS = (...)` among `statements`,
/// `Some(None)` when a marker comment line with exactly `indent` is in `region` without
/// a tuple this fix can extend (so no second block is added), `None` when there is no
/// block.
fn existing_block<'t>(
    source: &str,
    statements: &[Node<'t>],
    indent: &str,
    region: std::ops::Range<usize>,
) -> Option<Option<Node<'t>>> {
    for stmt in statements {
        if let Some(seq) = required_tuple(source, *stmt) {
            return Some(Some(seq));
        }
    }
    // By text, not by tree: in a file with syntax errors the block may sit inside an
    // error node, and a second block must not be added next to it.
    let marker_here = source.get(region).unwrap_or("").lines().any(|line| {
        line.strip_prefix(indent)
            .is_some_and(|l| l.trim_end() == MARKER)
    });
    marker_here.then_some(None)
}

/// The tuple or list of `_REQUIRED_SETTINGS = (...)` when `stmt` is that assignment.
fn required_tuple<'t>(source: &str, stmt: Node<'t>) -> Option<Node<'t>> {
    if stmt.kind() != "expression_statement" {
        return None;
    }
    let assignment = stmt.named_child(0).filter(|n| n.kind() == "assignment")?;
    let left = assignment.child_by_field_name("left")?;
    if left.utf8_text(source.as_bytes()).ok()? != TUPLE_NAME {
        return None;
    }
    assignment
        .child_by_field_name("right")
        .filter(|r| matches!(r.kind(), "tuple" | "list"))
}

/// Adds the names `seq` does not list yet.
fn extend_edit(source: &str, seq: Node<'_>, wanted: &[&str], eol: &str) -> Option<TextEdit> {
    let elements = named_children(seq);
    let listed: Vec<&str> = elements
        .iter()
        .filter_map(|e| string_value(source, *e))
        .collect();
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|name| !listed.contains(name))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let quoted: Vec<String> = missing.iter().map(|n| format!("\"{n}\"")).collect();
    let multiline = seq.start_position().row != seq.end_position().row;
    match elements.last() {
        Some(last) if multiline => {
            let indent = indentation_at(source, last.start_byte());
            let after_last = &source[last.end_byte()..seq.end_byte()];
            let has_comma = after_last.trim_start().starts_with(',');
            if has_comma {
                let comma = last.end_byte() + after_last.find(',')? + 1;
                let text: String = quoted
                    .iter()
                    .map(|q| format!("{eol}{indent}{q},"))
                    .collect();
                Some(TextEdit::insert(comma, text))
            } else {
                let text: String = quoted
                    .iter()
                    .map(|q| format!(",{eol}{indent}{q}"))
                    .collect();
                Some(TextEdit::insert(last.end_byte(), text))
            }
        }
        _ => {
            let mut items: Vec<String> = elements
                .iter()
                .filter_map(|e| e.utf8_text(source.as_bytes()).ok().map(str::to_string))
                .collect();
            items.extend(quoted);
            let (open, close) = if seq.kind() == "list" {
                ("[", "]")
            } else {
                ("(", ")")
            };
            let trailing = if items.len() == 1 && seq.kind() == "tuple" {
                ","
            } else {
                ""
            };
            Some(TextEdit::replace(
                seq.byte_range(),
                format!("{open}{}{trailing}{close}", items.join(", ")),
            ))
        }
    }
}

/// The text of a plain string literal element.
fn string_value<'s>(source: &'s str, node: Node<'_>) -> Option<&'s str> {
    if node.kind() != "string" {
        return None;
    }
    let content = named_children(node)
        .into_iter()
        .find(|c| c.kind() == "string_content");
    match content {
        Some(c) => c.utf8_text(source.as_bytes()).ok(),
        None => Some(""),
    }
}

/// The top-level statement after which a module-level block goes: the last one holding
/// one of `offsets`, or a later statement that sets configuration (before any
/// `if __name__ == "__main__":`).
fn module_anchor<'t>(
    source: &str,
    parsed: &'t ParsedModule,
    statements: &[Node<'t>],
    offsets: &[usize],
) -> Option<Node<'t>> {
    let mut anchor = offsets
        .iter()
        .filter_map(|&offset| top_level_statement_at(parsed, offset))
        .max_by_key(|stmt| stmt.start_byte())?;
    let start_after = anchor.end_byte();
    for stmt in statements.iter().filter(|s| s.start_byte() >= start_after) {
        if is_main_guard(source, *stmt) {
            break;
        }
        if sets_configuration(source, *stmt) {
            anchor = *stmt;
        }
    }
    Some(anchor)
}

fn is_main_guard(source: &str, stmt: Node<'_>) -> bool {
    stmt.kind() == "if_statement"
        && stmt
            .child_by_field_name("condition")
            .and_then(|c| c.utf8_text(source.as_bytes()).ok())
            .is_some_and(|c| c.contains("__name__"))
}

/// True for top-level statements that set configuration: `app.config[...] = ...`,
/// `app.config.update(...)`, `app.secret_key = ...`, config classes.
fn sets_configuration(source: &str, stmt: Node<'_>) -> bool {
    let text_of = |n: Node<'_>| n.utf8_text(source.as_bytes()).unwrap_or("").to_string();
    match stmt.kind() {
        "class_definition" => stmt
            .child_by_field_name("name")
            .map(text_of)
            .is_some_and(|name| name.ends_with("Config") || name.ends_with("Settings")),
        "decorated_definition" => stmt
            .child_by_field_name("definition")
            .is_some_and(|d| sets_configuration(source, d)),
        "expression_statement" => {
            let Some(inner) = stmt.named_child(0) else {
                return false;
            };
            match inner.kind() {
                "assignment" | "augmented_assignment" => inner
                    .child_by_field_name("left")
                    .map(text_of)
                    .is_some_and(|left| {
                        left.to_ascii_lowercase().contains("config")
                            || left.ends_with(".secret_key")
                    }),
                "call" => inner
                    .child_by_field_name("function")
                    .map(text_of)
                    .is_some_and(|f| f.contains(".config.") || f.starts_with("config.")),
                _ => false,
            }
        }
        _ => false,
    }
}

/// One indentation step as the file writes it: from its first indented block; else tab
/// or four spaces after the first indented line (a bracket continuation); else four
/// spaces.
fn indent_unit(source: &str, parsed: &ParsedModule) -> String {
    let mut stack: Vec<Node<'_>> = parsed.roots().collect();
    stack.reverse();
    let mut visited = 0;
    while let Some(node) = stack.pop() {
        visited += 1;
        if visited > 10_000 {
            break;
        }
        if node.kind() == "block" {
            if let (Some(first), Some(parent)) = (node.named_child(0), node.parent()) {
                if first.start_position().row > parent.start_position().row
                    && only_indentation_before(source, first.start_byte())
                {
                    let inner = indentation_at(source, first.start_byte());
                    let outer = indentation_at(source, parent.start_byte());
                    if let Some(unit) = inner.strip_prefix(outer).filter(|u| !u.is_empty()) {
                        return unit.to_string();
                    }
                }
            }
        }
        let children = all_children(node);
        stack.extend(children.into_iter().rev());
    }
    let first_indented = source
        .lines()
        .find(|line| line.starts_with([' ', '\t']) && !line.trim().is_empty());
    match first_indented {
        Some(line) if line.starts_with('\t') => "\t".to_string(),
        _ => "    ".to_string(),
    }
}

/// The block itself, each line starting with `indent`, ending with a line break.
pub fn block_text(names: &[&str], indent: &str, unit: &str, eol: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let tuple = if quoted.len() == 1 {
        format!("({},)", quoted[0])
    } else {
        format!("({})", quoted.join(", "))
    };
    [
        format!("{indent}{MARKER}"),
        format!("{indent}{TUPLE_NAME} = {tuple}"),
        format!("{indent}_missing = [name for name in {TUPLE_NAME} if not os.environ.get(name)]"),
        format!("{indent}if _missing:"),
        format!(
            "{indent}{unit}raise RuntimeError(\"Missing required configuration: \" + \", \".join(_missing))"
        ),
    ]
    .iter()
    .map(|line| format!("{line}{eol}"))
    .collect()
}
