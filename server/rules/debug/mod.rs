//! Debug rules: FG201 debug-run, FG202 debug-config, FG203 werkzeug-debugger.
//!
//! Both look for debug mode switched on in code (`True` or `1` where the debugger or
//! debug mode is set) and offer fix D: read it from `FLASK_DEBUG` instead.

pub mod debug_config;
pub mod debug_run;
pub mod werkzeug_debugger;

use tree_sitter::{Node, Query, QueryMatch};

use crate::analysis::RuleContext;
use crate::finding::Finding;

pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    debug_run::check_statement(stmt, cx, out);
    debug_config::check_statement(stmt, cx, out);
    werkzeug_debugger::check_statement(stmt, cx, out);
}

/// `True`, or the integer literal `1` (`debug=1`).
fn is_on(node: Node<'_>, cx: &RuleContext<'_>) -> bool {
    match node.kind() {
        "true" => true,
        "integer" => cx.text(node) == "1",
        _ => false,
    }
}

/// The value of a plain string literal (`"DEBUG"`, `'ENV'`), without prefixes that
/// change its meaning; `None` for f-strings, bytes and anything else.
fn string_value<'s>(node: Node<'_>, cx: &RuleContext<'s>) -> Option<&'s str> {
    if node.kind() != "string" {
        return None;
    }
    let text = cx.text(node);
    let body = text.strip_prefix(['u', 'U']).unwrap_or(text);
    ["\"\"\"", "'''", "\"", "'"].iter().find_map(|quote| {
        body.strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
            .filter(|value| !value.contains(['\\', '{']))
    })
}

/// A short, single-line rendering of code for a message (debug code holds no secrets).
fn snippet(text: &str) -> String {
    const MAX_CHARS: usize = 48;
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= MAX_CHARS {
        flat
    } else {
        let cut: String = flat.chars().take(MAX_CHARS - 1).collect();
        format!("{cut}…")
    }
}

/// The node captured as `index` in a query match.
fn capture<'t>(m: &QueryMatch<'_, 't>, index: Option<u32>) -> Option<Node<'t>> {
    let index = index?;
    m.captures()
        .iter()
        .find(|c| c.index == index)
        .map(|c| c.node)
}

/// The index of the capture `@name` in `query`.
fn capture_index(query: &Query, name: &str) -> Option<u32> {
    query.capture_index_for_name(name)
}
