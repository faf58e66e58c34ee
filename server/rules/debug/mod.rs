//! Debug rules: FG201 debug-run, FG202 debug-config.

use tree_sitter::Node;

use crate::analysis::RuleContext;
use crate::finding::Finding;

pub fn check_statement(_stmt: Node<'_>, _cx: &RuleContext<'_>, _out: &mut Vec<Finding>) {}
