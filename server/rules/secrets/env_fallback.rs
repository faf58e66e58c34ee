#![doc = include_str!("../../../docs/rules/FG104.md")]
//!
//! Implementation: the literal is the second positional argument (or `default=`) of
//! `os.environ.get`, `environ.get`, `os.getenv`, `getenv`, `os.environ.setdefault` or
//! `app.config.get`, or the right side of `os.environ.get("X") or "..."`, and the
//! looked-up name is secret-like. Fixes C and B rewrite environment lookups only: for
//! `app.config.get(...)` an environment read would change where the value comes from.

use super::bindings::Position;
use super::literal_sites::LiteralSite;
use super::{describe_value, finding_at, fixes_at};
use crate::analysis::RuleContext;
use crate::finding::Finding;
use crate::rules::RuleCode;
use crate::secrets::names::is_secret_binding;
use crate::secrets::values::is_not_a_secret;

/// FG104 for one literal site.
pub fn check(site: &LiteralSite<'_>, position: &Position, cx: &RuleContext<'_>) -> Option<Finding> {
    let Position::EnvFallback(fallback) = position else {
        return None;
    };
    let extra = &cx.settings.extra_secret_names;
    let secret_name = is_secret_binding(&fallback.name, &site.value, extra)
        || fallback
            .bound_to
            .iter()
            .any(|name| is_secret_binding(name, &site.value, extra));
    if !site.fully_literal || !secret_name || is_not_a_secret(&site.value, cx.settings) {
        return None;
    }
    let source = if fallback.environ {
        "Environment lookup"
    } else {
        "Config lookup"
    };
    let message = format!(
        "{source} of `{}` falls back to a hardcoded secret{}: production silently runs on it when the setting is missing",
        fallback.name,
        describe_value(&site.value)
    );
    let fixes = fixes_at(site, position, None);
    Some(finding_at(RuleCode::FG104, site.node, message, fixes, cx))
}
