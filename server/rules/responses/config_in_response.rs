#![doc = include_str!("../../../docs/rules/FG301.md")]
//!
//! Implementation: [`super::flow`] finds `app.config` / `current_app.config` (or a
//! `dict`, `.items()`, `.copy()`, `str()`, `{**...}` or comprehension of it, directly or
//! through a local) reaching a view's response.

use super::flow::Reached;
use super::shown;
use crate::analysis::RuleContext;
use crate::finding::Finding;
use crate::rules::RuleCode;

pub fn finding(reached: &Reached<'_>, cx: &RuleContext<'_>) -> Finding {
    let what = match &reached.via {
        Some(local) => format!("`{local}` holds the app configuration and"),
        None => format!(
            "`{}` is the whole app configuration and",
            shown(reached, cx)
        ),
    };
    Finding::new(
        RuleCode::FG301,
        reached.node.byte_range(),
        format!(
            "{what} is sent in the response: `SECRET_KEY`, database URLs and every other \
             setting reach the client; return only the settings the client needs"
        ),
    )
    .with_lowering(cx.lowering_at(reached.node))
}
