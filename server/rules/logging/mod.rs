//! Logging rules: FG402 secret-logged.

pub mod secret_logged;

use tree_sitter::Node;

use crate::analysis::RuleContext;
use crate::finding::Finding;

pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    secret_logged::check_statement(stmt, cx, out);
}
