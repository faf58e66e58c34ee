#![doc = include_str!("../../../docs/rules/FG303.md")]
//!
//! Implementation: [`super::flow`] finds a configured secret reaching a view's
//! response: `app.config["API_KEY"]`, `current_app.config.get("SECRET_KEY")`,
//! `os.environ[...]` / `os.getenv(...)` of a secret-like name, `app.secret_key`, or a
//! module- or class-level secret-like constant. Names bound inside the view (a token
//! the view just issued) are followed to their value, never reported by name.

use super::flow::Reached;
use super::shown;
use crate::analysis::RuleContext;
use crate::finding::Finding;
use crate::rules::RuleCode;

pub fn finding(reached: &Reached<'_>, name: &str, cx: &RuleContext<'_>) -> Finding {
    let what = match &reached.via {
        Some(local) => format!("`{local}` holds the configured secret `{name}` and"),
        None => format!(
            "`{}` is the configured secret `{name}` and",
            shown(reached, cx)
        ),
    };
    Finding::new(
        RuleCode::FG303,
        reached.node.byte_range(),
        format!("{what} is sent in the response: anyone who can call this view can read it"),
    )
    .with_lowering(cx.lowering_at(reached.node))
}
