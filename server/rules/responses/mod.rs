//! Response rules: FG301 config-in-response, FG302 environ-in-response, FG303
//! secret-in-response; the same pass feeds FG401 exception-in-response
//! ([`crate::rules::errors`]).
//!
//! For each view and error handler of a statement ([`flow::views_in`]), [`flow`]
//! finds the values that reach the response and what they hold; each rule turns its
//! kind of leak into findings. A byte-level [`prefilter`] skips statements that define
//! no function or mention nothing a response could leak.

pub mod config_in_response;
pub mod environ_in_response;
pub mod flow;
pub mod prefilter;
pub mod secret_in_response;

use tree_sitter::Node;

use crate::analysis::RuleContext;
use crate::finding::Finding;
use crate::rules::errors::exception_in_response;
use flow::{Leak, Scope, is_handler, views_in};

/// Runs FG301–FG303 and FG401 on one top-level statement.
pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    check(stmt, cx, out);
}

fn check<'t>(stmt: Node<'t>, cx: &RuleContext<'t>, out: &mut Vec<Finding>) {
    if !prefilter::may_leak(cx.text(stmt), cx) {
        return;
    }
    for view in views_in(stmt, cx) {
        let scope = Scope::of(view.function, is_handler(&view), cx);
        for reached in scope.reached() {
            let finding = match &reached.leak {
                Leak::Config => config_in_response::finding(&reached, cx),
                Leak::Environ => environ_in_response::finding(&reached, cx),
                Leak::Secret(name) => secret_in_response::finding(&reached, name, cx),
                Leak::Exception => exception_in_response::finding(&reached, &view, &scope, cx),
            };
            out.push(finding);
        }
    }
}

/// How a message names the value: `` `cfg` (which holds ...)`` or the code itself.
fn shown(reached: &flow::Reached<'_>, cx: &RuleContext<'_>) -> String {
    flow::code_snippet(reached.node, cx)
}
