//! Small syntax-tree questions the fixes ask: which node a plan's range holds, whether
//! it is a string literal, an environment lookup with a fallback, a top-level import.

use std::ops::Range;

use tree_sitter::Node;

use crate::document::ParsedModule;

/// The outermost node spanning exactly `range`, or `None` when no node does (the text
/// changed since the plan was made), the range is not on character boundaries, or the
/// node is part of a syntax error (editing there could make the error worse).
pub fn node_exactly_at<'t>(
    source: &str,
    parsed: &'t ParsedModule,
    range: &Range<usize>,
) -> Option<Node<'t>> {
    if range.start >= range.end
        || range.end > source.len()
        || !source.is_char_boundary(range.start)
        || !source.is_char_boundary(range.end)
    {
        return None;
    }
    let mut node = parsed.descendant_for_byte_range(range.start, range.end)?;
    if node.start_byte() != range.start || node.end_byte() != range.end {
        return None;
    }
    while let Some(parent) = node.parent() {
        if parent.start_byte() == range.start
            && parent.end_byte() == range.end
            && parent.kind() != "module"
            && !is_statement(parent)
        {
            node = parent;
        } else {
            break;
        }
    }
    let mut ancestor = Some(node);
    while let Some(n) = ancestor {
        if n.is_error() || n.is_missing() {
            return None;
        }
        ancestor = n.parent();
    }
    (!node.has_error()).then_some(node)
}

/// True for statement nodes (which never stand for a value).
fn is_statement(node: Node<'_>) -> bool {
    node.kind().ends_with("_statement") || node.kind().ends_with("_definition")
}

/// True when `node` is a string literal value: a string, an implicit concatenation of
/// strings, a `+` of string literals, or any of those in parentheses. F-strings count
/// only when they have no replacement fields.
pub fn is_string_literal(node: Node<'_>) -> bool {
    match node.kind() {
        "string" => !has_interpolation(node),
        "concatenated_string" => named_children(node).into_iter().all(is_string_literal),
        "binary_operator" => {
            let plus = node
                .child_by_field_name("operator")
                .is_some_and(|op| op.kind() == "+");
            plus && [
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ]
            .into_iter()
            .all(|side| side.is_some_and(is_string_literal))
        }
        "parenthesized_expression" => {
            let inner = named_children(node);
            inner.len() == 1 && inner.into_iter().all(is_string_literal)
        }
        _ => false,
    }
}

/// True when the string literal `node` is bytes (`b"..."`, `rb'...'`, or a
/// concatenation starting with one).
pub fn is_bytes_literal(source: &str, node: Node<'_>) -> bool {
    match node.kind() {
        "string" => node
            .utf8_text(source.as_bytes())
            .ok()
            .and_then(|text| text.split(['"', '\'']).next())
            .is_some_and(|prefix| prefix.contains(['b', 'B'])),
        "concatenated_string" | "parenthesized_expression" => named_children(node)
            .first()
            .is_some_and(|first| is_bytes_literal(source, *first)),
        "binary_operator" => node
            .child_by_field_name("left")
            .is_some_and(|left| is_bytes_literal(source, left)),
        _ => false,
    }
}

fn has_interpolation(node: Node<'_>) -> bool {
    named_children(node)
        .into_iter()
        .any(|child| child.kind() == "interpolation")
}

/// True when `node` is inside an f-string replacement field, where a replacement text
/// using double quotes could end the enclosing string.
pub fn inside_interpolation(node: Node<'_>) -> bool {
    let mut current = node.parent();
    while let Some(n) = current {
        if n.kind() == "interpolation" || n.kind() == "string" {
            return true;
        }
        current = n.parent();
    }
    false
}

/// True when `node` is an environment lookup with a fallback value:
/// `os.environ.get("X", "lit")`, `os.getenv("X", "lit")`, `environ.get(...)`,
/// `app.config.get(...)`, with `default=...`, or `os.environ.get("X") or "lit"`.
pub fn is_lookup_with_fallback(source: &str, node: Node<'_>) -> bool {
    match node.kind() {
        "call" => {
            is_getter_call(source, node) && {
                let args = node
                    .child_by_field_name("arguments")
                    .map(named_children)
                    .unwrap_or_default();
                let positional = args
                    .iter()
                    .filter(|a| a.kind() != "keyword_argument")
                    .count();
                let default_keyword = args.iter().any(|a| {
                    a.kind() == "keyword_argument"
                        && a.child_by_field_name("name")
                            .and_then(|n| n.utf8_text(source.as_bytes()).ok())
                            .is_some_and(|n| n == "default")
                });
                positional >= 2 || (positional == 1 && default_keyword)
            }
        }
        "boolean_operator" => {
            let or = node
                .child_by_field_name("operator")
                .is_some_and(|op| op.kind() == "or");
            or && node
                .child_by_field_name("left")
                .is_some_and(|left| left.kind() == "call" && is_getter_call(source, left))
                && node
                    .child_by_field_name("right")
                    .is_some_and(is_string_literal)
        }
        // `os.getenv("X") if os.getenv("X") else "lit"` (either branch order).
        "conditional_expression" => {
            let mut cursor = node.walk();
            let parts: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
            let [consequence, _, alternative] = parts[..] else {
                return false;
            };
            let lookup = |n: Node<'_>| n.kind() == "call" && is_getter_call(source, n);
            (lookup(consequence) && is_string_literal(alternative))
                || (lookup(alternative) && is_string_literal(consequence))
        }
        _ => false,
    }
}

/// True for a call of `<x>.get(...)`, `<x>.getenv(...)` or `getenv(...)`.
fn is_getter_call(source: &str, call: Node<'_>) -> bool {
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    match function.kind() {
        "attribute" => function
            .child_by_field_name("attribute")
            .and_then(|a| a.utf8_text(source.as_bytes()).ok())
            .is_some_and(|name| matches!(name, "get" | "getenv")),
        "identifier" => function
            .utf8_text(source.as_bytes())
            .is_ok_and(|name| name == "getenv"),
        _ => false,
    }
}

/// The named children of `node`, comments excluded.
pub fn named_children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect()
}

/// All children of `node`, comments included.
pub fn all_children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.children(&mut cursor).collect()
}

/// True when the top-level statement `stmt` makes the name `os` available:
/// `import os`, `import os, sys`, `import os.path` (not `import os as o`, not
/// `from os import environ`).
pub fn imports_os(source: &str, stmt: Node<'_>) -> bool {
    if stmt.kind() != "import_statement" {
        return false;
    }
    named_children(stmt).into_iter().any(|name| {
        name.kind() == "dotted_name"
            && name
                .named_child(0)
                .and_then(|first| first.utf8_text(source.as_bytes()).ok())
                .is_some_and(|first| first == "os")
    })
}

/// The top-level function definition under `stmt` (unwrapping decorators).
pub fn function_of(stmt: Node<'_>) -> Option<Node<'_>> {
    match stmt.kind() {
        "function_definition" => Some(stmt),
        "decorated_definition" => stmt
            .child_by_field_name("definition")
            .filter(|d| d.kind() == "function_definition"),
        _ => None,
    }
}

/// The top-level statement (child of the module) that contains `offset`.
pub fn top_level_statement_at(parsed: &ParsedModule, offset: usize) -> Option<Node<'_>> {
    parsed
        .statements()
        .find(|stmt| stmt.start_byte() <= offset && offset < stmt.end_byte())
}
