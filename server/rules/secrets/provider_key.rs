#![doc = include_str!("../../../docs/rules/FG102.md")]
//!
//! Implementation: the site's joined value (concatenations joined, f-string parts with
//! `{}` for interpolations, comment text) is scanned with the provider formats of
//! [`crate::secrets::providers`]. The finding points at the one literal part holding
//! the token, or at the whole concatenation when the token is split across parts.

use super::bindings::Position;
use super::literal_sites::LiteralSite;
use super::{finding_at, fixes_at};
use crate::analysis::RuleContext;
use crate::finding::{Finding, Severity};
use crate::rules::RuleCode;
use crate::secrets::{providers, redact};

/// FG102 for one literal site: the first provider token in it, if any.
pub fn check(site: &LiteralSite<'_>, position: &Position, cx: &RuleContext<'_>) -> Option<Finding> {
    let found = providers::find_all(&site.value);
    let reported: Vec<_> = found
        .iter()
        .filter(|m| {
            site.value
                .get(m.range.clone())
                .is_some_and(|token| !cx.settings.is_allowed_value(token))
        })
        .collect();
    let first = reported.first()?;
    let token = site.value.get(first.range.clone()).unwrap_or_default();
    let node = site.smallest_node_for(&first.range);
    let place = match position {
        Position::Comment => "in a comment".to_string(),
        Position::Bound(targets) => match targets.first() {
            Some(target) => format!("assigned to `{}`", target.shown),
            None => "in source code".to_string(),
        },
        Position::EnvFallback(fallback) => {
            format!("as the fallback for `{}`", fallback.name)
        }
        _ => "in source code".to_string(),
    };
    let test_mode = reported.iter().all(|m| m.test_mode);
    let advice = if test_mode {
        "keep even test keys out of source control"
    } else {
        "revoke it and load it from the environment"
    };
    // A PEM header shows nothing of the key; other tokens show their redacted ends.
    let shown = if token.starts_with("-----") {
        String::new()
    } else {
        format!(" `{}`", redact(token))
    };
    let message = format!("{}{shown} {place}: {advice}", first.describe());
    let var = match position {
        Position::Bound(targets) => targets.iter().find_map(|t| t.var.as_deref()),
        _ => None,
    };
    let fixes = fixes_at(site, position, var);
    let finding = finding_at(RuleCode::FG102, node, message, fixes, cx);
    Some(if test_mode {
        finding.with_severity(Severity::Warning)
    } else {
        finding
    })
}
