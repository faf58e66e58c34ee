//! Fix E: `bool(os.environ.get("X", "False"))` →
//! `os.environ.get("X", "false").lower() in ("1", "true", "yes")`.

use std::ops::Range;

use tree_sitter::Node;

use super::environ::python_string;
use super::nodes::{inside_interpolation, named_children, node_exactly_at};
use crate::document::ParsedModule;
use crate::finding::TextEdit;
use crate::rules::environment::{compact, is_env_getter};
use crate::rules::secrets::bindings::plain_string;

/// The values a fixed flag accepts as on.
pub const TRUE_VALUES: &str = "(\"1\", \"true\", \"yes\")";

/// The expression fix E writes for `var`.
pub fn env_flag_text(var: &str, default_true: bool) -> Option<String> {
    let default = if default_true { "true" } else { "false" };
    Some(format!(
        "os.environ.get({}, \"{default}\").lower() in {TRUE_VALUES}",
        python_string(var)?
    ))
}

/// Fix E: replaces the `bool(...)` call at `call`, parenthesised when it is an operand
/// of a larger expression.
pub fn env_flag_edit(
    source: &str,
    parsed: &ParsedModule,
    call: &Range<usize>,
    var: &str,
    default_true: bool,
) -> Option<TextEdit> {
    let node = node_exactly_at(source, parsed, call)?;
    if !is_bool_of_lookup(source, node, var) || inside_interpolation(node) {
        return None;
    }
    let text = env_flag_text(var, default_true)?;
    let standalone = node.parent().is_none_or(|p| {
        matches!(
            p.kind(),
            "keyword_argument"
                | "assignment"
                | "pair"
                | "argument_list"
                | "parenthesized_expression"
                | "expression_statement"
                | "return_statement"
                | "default_parameter"
                | "typed_default_parameter"
                | "boolean_operator"
                | "not_operator"
                | "if_statement"
                | "elif_clause"
                | "while_statement"
                | "assert_statement"
                | "list"
                | "tuple"
                | "set"
        )
    });
    let text = if standalone {
        text
    } else {
        format!("({text})")
    };
    Some(TextEdit::replace(call.clone(), text))
}

/// `bool(<environment lookup of var>)`.
fn is_bool_of_lookup(source: &str, node: Node<'_>, var: &str) -> bool {
    if node.kind() != "call" {
        return false;
    }
    let function = node.child_by_field_name("function");
    if function.and_then(|f| f.utf8_text(source.as_bytes()).ok()) != Some("bool") {
        return false;
    }
    let args = node
        .child_by_field_name("arguments")
        .map(named_children)
        .unwrap_or_default();
    match args.as_slice() {
        [arg] => is_lookup_of(source, *arg, var),
        _ => false,
    }
}

/// An environment lookup call (`os.environ.get`, `os.getenv`, `environ.get`, `getenv`)
/// whose first argument is the string `var`, with or without a default.
pub fn is_lookup_of(source: &str, node: Node<'_>, var: &str) -> bool {
    let mut node = node;
    while node.kind() == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => return false,
        }
    }
    if node.kind() != "call" {
        return false;
    }
    let callee = node
        .child_by_field_name("function")
        .and_then(|f| f.utf8_text(source.as_bytes()).ok())
        .map(compact)
        .unwrap_or_default();
    if !is_env_getter(&callee) {
        return false;
    }
    let args = node
        .child_by_field_name("arguments")
        .map(named_children)
        .unwrap_or_default();
    args.first()
        .filter(|a| a.kind() != "keyword_argument")
        .and_then(|a| plain_string(*a, source))
        .is_some_and(|name| name == var)
}
