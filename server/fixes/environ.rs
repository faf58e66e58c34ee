//! Fixes A, B and C: the literal (or the lookup with a fallback) becomes an
//! `os.environ` read. Each checks that its range still holds what the plan expects.

use std::ops::Range;

use super::nodes::{
    inside_interpolation, is_bytes_literal, is_lookup_with_fallback, is_string_literal,
    node_exactly_at,
};
use crate::document::ParsedModule;
use crate::finding::TextEdit;

/// Fix A: `"literal"` → `os.environ["VAR"]` (`b"literal"` →
/// `os.environ["VAR"].encode()`, so the value keeps its type).
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
    let read = environ_subscript(var)?;
    let text = if is_bytes_literal(source, node) {
        format!("{read}.encode()")
    } else {
        read
    };
    Some(TextEdit::replace(literal.clone(), text))
}

/// Fix B's replacement: `"literal"` (or `os.environ.get("VAR", "lit")`) →
/// `os.environ.get("VAR")`; `b"literal"` → `os.environ.get("VAR", "").encode()`.
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
    let var = python_string(var)?;
    // A bytes value is read as `str` and encoded; the empty default keeps `.encode()`
    // from failing before the validation block reports the missing name.
    let text = if is_string_literal(node) && is_bytes_literal(source, node) {
        format!("os.environ.get({var}, \"\").encode()")
    } else {
        format!("os.environ.get({var})")
    };
    Some(TextEdit::replace(literal.clone(), text))
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

/// `os.environ["VAR"]`; `None` for a name no environment variable could have.
pub(super) fn environ_subscript(var: &str) -> Option<String> {
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
