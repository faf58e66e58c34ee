//! Key-handling rules: FG601 timing-unsafe-key-compare, FG602 key-in-query-string.
//!
//! Both need request input in the statement, so a byte-level look for `request` (or
//! the name flask's `request` was imported under) skips almost every statement; FG601
//! also needs `==`/`!=` and a secret-like word, FG602 `.args`.

pub mod key_in_query_string;
pub mod timing_unsafe_compare;

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use tree_sitter::Node;

use crate::analysis::RuleContext;
use crate::finding::Finding;
use crate::secrets::names::segments;

pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let text = cx.text(stmt);
    let mentions_request = text.contains("request")
        || text.contains("verify_password")
        || text.contains("verify_token")
        || cx
            .summary
            .flask
            .request_names
            .iter()
            .any(|name| text.contains(name.as_str()));
    if !mentions_request {
        return;
    }
    let hints = key_hints().is_match(text) || mentions_extra_name(text, cx);
    if hints && (text.contains("==") || text.contains("!=")) {
        timing_unsafe_compare::check_statement(stmt, cx, out);
    }
    if text.contains(".args") {
        key_in_query_string::check_statement(stmt, cx, out);
    }
}

/// Substrings (any case) of every built-in secret-like name: a key comparison needs
/// one somewhere in the statement (the key's name, attribute or config key).
const KEY_HINTS: &[&str] = &["pass", "pwd", "secret", "token", "credential", "key"];

fn key_hints() -> &'static AhoCorasick {
    static CELL: OnceLock<AhoCorasick> = OnceLock::new();
    CELL.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(KEY_HINTS)
            .unwrap_or_else(|err| panic!("invalid built-in key hints: {err}"))
    })
}

fn mentions_extra_name(text: &str, cx: &RuleContext<'_>) -> bool {
    let extra = &cx.settings.extra_secret_names;
    if extra.is_empty() {
        return false;
    }
    let lower = text.to_lowercase();
    extra
        .iter()
        .flat_map(|name| segments(name))
        .any(|segment| lower.contains(&segment))
}

/// The nodes from `top` down to the smallest one containing byte `offset`, outermost
/// first. Costs the depth of the tree, not its size (no walk over siblings, no
/// `Node::parent`).
fn path_to<'t>(top: Node<'t>, offset: usize) -> Vec<Node<'t>> {
    let mut path = vec![top];
    let mut cursor = top.walk();
    while cursor.goto_first_child_for_byte(offset).is_some() {
        let node = cursor.node();
        if node.start_byte() > offset {
            break;
        }
        path.push(node);
    }
    path
}

/// Absolute byte offsets of every occurrence of `needle` in `stmt`'s text.
fn occurrences(stmt: Node<'_>, text: &str, needle: &str) -> Vec<usize> {
    text.match_indices(needle)
        .map(|(at, _)| stmt.start_byte() + at)
        .collect()
}

/// Every descendant of `node` of one of `kinds`, in source order.
fn descendants<'t>(node: Node<'t>, kinds: &[&str]) -> Vec<Node<'t>> {
    let mut found = Vec::new();
    let mut cursor = node.walk();
    let mut visited_children = false;
    loop {
        if !visited_children {
            let current = cursor.node();
            if kinds.contains(&current.kind()) {
                found.push(current);
            }
            if cursor.goto_first_child() {
                continue;
            }
        }
        if cursor.goto_next_sibling() {
            visited_children = false;
        } else if cursor.goto_parent() {
            visited_children = true;
        } else {
            break;
        }
        if cursor.node().id() == node.id() {
            break;
        }
    }
    found
}
