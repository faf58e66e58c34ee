#![doc = include_str!("../../../docs/rules/FG302.md")]
//!
//! Implementation: [`super::flow`] finds `os.environ` (under any imported name, or a
//! `dict`, `.copy()`, `{**...}` or comprehension of it, directly or through a local)
//! reaching a view's response.

use super::flow::Reached;
use super::shown;
use crate::analysis::RuleContext;
use crate::finding::Finding;
use crate::rules::RuleCode;

pub fn finding(reached: &Reached<'_>, cx: &RuleContext<'_>) -> Finding {
    let what = match &reached.via {
        Some(local) => format!("`{local}` holds the process environment and"),
        None => format!(
            "`{}` is the whole process environment and",
            shown(reached, cx)
        ),
    };
    Finding::new(
        RuleCode::FG302,
        reached.node.byte_range(),
        format!(
            "{what} is sent in the response: every key, password and token the server was \
             started with reaches the client"
        ),
    )
    .with_lowering(cx.lowering_at(reached.node))
}
