//! Fixes G and H for a secret read without a default: G makes the read fail at import
//! (`os.environ.get("X")` → `os.environ["X"]`); H leaves the read and adds the name to
//! the startup validation block ([`super::validation`]), which `fix_all` places.

use std::ops::Range;

use super::env_flag::is_lookup_of;
use super::environ::{environ_subscript, python_string};
use super::nodes::{inside_interpolation, named_children, node_exactly_at};
use crate::document::ParsedModule;
use crate::finding::TextEdit;

/// Fix G: `os.environ.get("VAR")` / `os.getenv("VAR")` → `os.environ["VAR"]`.
pub fn require_edit(
    source: &str,
    parsed: &ParsedModule,
    call: &Range<usize>,
    var: &str,
) -> Option<TextEdit> {
    let node = node_exactly_at(source, parsed, call)?;
    if node.kind() != "call" || !is_lookup_of(source, node, var) || inside_interpolation(node) {
        return None;
    }
    let args = node
        .child_by_field_name("arguments")
        .map(named_children)
        .unwrap_or_default();
    // `os.environ.get("X")`, or `os.environ.get("X", None)`: no real default.
    let no_default = match args.as_slice() {
        [_] => true,
        [_, default] => default.kind() == "none",
        _ => false,
    };
    if !no_default {
        return None;
    }
    Some(TextEdit::replace(call.clone(), environ_subscript(var)?))
}

/// Fix H's anchor: the lookup at `call` is still there. The returned edit rewrites the
/// call with its own text (nothing changes); it only tells `fix_all` where the setting
/// is read, so the validation block goes to the right level and after the right
/// statement.
pub fn validate_anchor(
    source: &str,
    parsed: &ParsedModule,
    call: &Range<usize>,
    var: &str,
) -> Option<TextEdit> {
    let node = node_exactly_at(source, parsed, call)?;
    if node.kind() != "call" || !is_lookup_of(source, node, var) {
        return None;
    }
    python_string(var)?;
    Some(TextEdit::replace(call.clone(), source.get(call.clone())?))
}
