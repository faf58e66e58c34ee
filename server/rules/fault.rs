//! A rule that panics on purpose, to test that a crashing rule is contained: compiled
//! only with the `fault-injection` cargo feature (off by default, never in a release).
//!
//! A top-level statement whose text contains [`MARKER`] makes it panic. The panic
//! message quotes the statement the way std's own messages quote input, so the tests
//! also see that a caught panic is logged redacted.

use tree_sitter::Node;

use crate::analysis::RuleContext;
use crate::finding::Finding;

/// The text that makes this rule panic.
pub const MARKER: &str = "__flaskguard_panic__";

/// The text that makes the code-action handler panic (`lsp/code_action.rs`), to test
/// that a crashing request handler is contained too.
pub const ACTION_MARKER: &str = "__flaskguard_panic_in_action__";

pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, _out: &mut Vec<Finding>) {
    let text = cx.text(stmt);
    if text.contains(MARKER) {
        panic!("fault-injection rule crashed on purpose on `{text}`");
    }
}
