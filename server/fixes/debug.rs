//! Fix D: debug becomes opt-in from the environment,
//! `True` → `os.environ.get("FLASK_DEBUG") == "1"`.

use std::ops::Range;

use super::nodes::{inside_interpolation, node_exactly_at};
use crate::document::ParsedModule;
use crate::finding::TextEdit;

/// The expression that replaces a hardcoded debug switch.
pub const DEBUG_FROM_ENV: &str = "os.environ.get(\"FLASK_DEBUG\") == \"1\"";

/// Fix D: replaces the `True` / `1` at `value`. Parenthesised when the value is an
/// operand of a larger expression, so the comparison keeps its meaning.
pub fn debug_edit(source: &str, parsed: &ParsedModule, value: &Range<usize>) -> Option<TextEdit> {
    let node = node_exactly_at(source, parsed, value)?;
    let is_switch = match node.kind() {
        "true" => true,
        "integer" => source.get(value.clone()).is_some_and(|t| t.trim() == "1"),
        _ => false,
    };
    if !is_switch || inside_interpolation(node) {
        return None;
    }
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
        )
    });
    let text = if standalone {
        DEBUG_FROM_ENV.to_string()
    } else {
        format!("({DEBUG_FROM_ENV})")
    };
    Some(TextEdit::replace(value.clone(), text))
}
