//! Fixes A, B and C: the literal (or the lookup with a fallback) becomes an
//! `os.environ` read. Each checks that its range still holds what the plan expects.

use std::ops::Range;

use super::nodes::{
    inside_interpolation, is_lookup_with_fallback, is_string_literal, node_exactly_at,
};
use crate::document::ParsedModule;
use crate::finding::TextEdit;

/// Fix A: `"literal"` → `os.environ["VAR"]`.
pub fn subscript_edit(
    source: &str,
    parsed: &ParsedModule,
    literal: &Range<usize>,
    var: &str,
) -> Option<TextEdit> {
    let node = node_exactly_at(source, parsed, literal)?;
    if !is_string_literal(node) || inside_interpolation(node) {
        return None;
    }
    Some(TextEdit::replace(literal.clone(), environ_subscript(var)?))
}

/// Fix B's replacement: `"literal"` (or `os.environ.get("VAR", "lit")`) →
/// `os.environ.get("VAR")`.
pub fn get_edit(
    source: &str,
    parsed: &ParsedModule,
    literal: &Range<usize>,
    var: &str,
) -> Option<TextEdit> {
    let node = node_exactly_at(source, parsed, literal)?;
    let expected = is_string_literal(node) || is_lookup_with_fallback(source, node);
    if !expected || inside_interpolation(node) {
        return None;
    }
    Some(TextEdit::replace(
        literal.clone(),
        format!("os.environ.get({})", python_string(var)?),
    ))
}

/// Fix C: `os.environ.get("VAR", "lit")` → `os.environ["VAR"]`.
pub fn drop_fallback_edit(
    source: &str,
    parsed: &ParsedModule,
    call: &Range<usize>,
    var: &str,
) -> Option<TextEdit> {
    let node = node_exactly_at(source, parsed, call)?;
    if !is_lookup_with_fallback(source, node) || inside_interpolation(node) {
        return None;
    }
    Some(TextEdit::replace(call.clone(), environ_subscript(var)?))
}

fn environ_subscript(var: &str) -> Option<String> {
    Some(format!("os.environ[{}]", python_string(var)?))
}

/// `var` as a double-quoted Python string; `None` for a name no environment variable
/// could have (empty, or holding control characters or quotes).
pub fn python_string(var: &str) -> Option<String> {
    let valid = !var.is_empty()
        && !var.contains('=')
        && var
            .chars()
            .all(|c| !c.is_control() && c != '"' && c != '\\' && c != '\'');
    valid.then(|| format!("\"{var}\""))
}
