//! Key-handling rules: FG601 timing-unsafe-key-compare, FG602 key-in-query-string.
//!
//! Both need request input in the statement, so a byte-level look for `request` (or
//! the name flask's `request` was imported under) skips almost every statement.

pub mod key_in_query_string;
pub mod timing_unsafe_compare;

use tree_sitter::Node;

use crate::analysis::RuleContext;
use crate::finding::Finding;

pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let text = cx.text(stmt);
    let mentions_request = text.contains("request")
        || cx
            .summary
            .flask
            .request_names
            .iter()
            .any(|name| text.contains(name.as_str()));
    if !mentions_request {
        return;
    }
    if text.contains("==") || text.contains("!=") {
        timing_unsafe_compare::check_statement(stmt, cx, out);
    }
    if text.contains("args") {
        key_in_query_string::check_statement(stmt, cx, out);
    }
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
