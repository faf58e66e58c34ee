#![doc = include_str!("../../../docs/rules/FG101.md")]
//!
//! Implementation: a fully literal value (no interpolation) bound to a secret-like
//! name ([`crate::secrets::names`]) — an assignment target (`X`, `obj.attr`,
//! `d["X"]`, chained and annotated assignments), a keyword argument, a dict literal
//! key, a parameter default or the other side of `==` / `!=` — that is not a
//! placeholder, an environment-variable name, empty or an allowed value.

use super::bindings::{Position, Target};
use super::literal_sites::LiteralSite;
use super::{describe_value, finding_at, fixes_at};
use crate::analysis::RuleContext;
use crate::finding::Finding;
use crate::rules::RuleCode;
use crate::secrets::names::is_secret_binding;
use crate::secrets::values::is_not_a_secret;

/// FG101 for one literal site.
pub fn check(site: &LiteralSite<'_>, position: &Position, cx: &RuleContext<'_>) -> Option<Finding> {
    if !site.fully_literal || is_not_a_secret(&site.value, cx.settings) {
        return None;
    }
    let is_secret = |target: &Target| {
        is_secret_binding(&target.name, &site.value, &cx.settings.extra_secret_names)
    };
    let detail = describe_value(&site.value);
    let (message, var) = match position {
        Position::Bound(targets) => {
            let target = targets.iter().find(|t| is_secret(t))?;
            let how = if target.shown.ends_with('=') {
                format!("passed as `{}`", target.shown)
            } else if target.shown.starts_with('"') {
                format!("stored under the key {}", target.shown)
            } else {
                format!("assigned to `{}`", target.shown)
            };
            (
                format!("Hardcoded secret {how}{detail}: load it from the environment"),
                target.var.as_deref(),
            )
        }
        Position::ParamDefault(target) if is_secret(target) => (
            format!(
                "Hardcoded default for the secret parameter `{}`{detail}: callers that omit it silently use it",
                target.shown
            ),
            None,
        ),
        Position::Comparison(target) if is_secret(target) => (
            format!(
                "`{}` compared with a hardcoded secret{detail}: anyone reading the code knows it",
                target.shown
            ),
            None,
        ),
        _ => return None,
    };
    let fixes = fixes_at(site, position, var);
    Some(finding_at(RuleCode::FG101, site.node, message, fixes, cx))
}
