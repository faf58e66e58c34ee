#![doc = include_str!("../../../docs/rules/FG103.md")]
//!
//! Implementation: the literal's value is searched for `scheme://user:password@host`
//! by [`crate::secrets::urls`]; placeholder passwords (`${DB_PASSWORD}`, `%(pw)s`,
//! `{}`) do not count. Fixes read the whole URL from the environment:
//! `SQLALCHEMY_DATABASE_URI` → `DATABASE_URL`, other bound names → their own variable.
//! An unbound URL (`create_engine("postgresql://...")`) gets no fix: no name says
//! which variable it should come from.

use super::bindings::Position;
use super::literal_sites::LiteralSite;
use super::{finding_at, fixes_at};
use crate::analysis::RuleContext;
use crate::finding::Finding;
use crate::rules::RuleCode;
use crate::secrets::urls;

/// FG103 for one literal site.
pub fn check(site: &LiteralSite<'_>, position: &Position, cx: &RuleContext<'_>) -> Option<Finding> {
    if site.is_comment || !site.value.contains("://") || is_docstring(site) {
        return None;
    }
    let creds = urls::find_credentials(&site.value)?;
    let password = site.value.get(creds.password.clone()).unwrap_or_default();
    if cx.settings.is_allowed_value(password) {
        return None;
    }
    let node = site.smallest_node_for(&creds.url);
    let masked: String = creds.masked(&site.value).chars().take(80).collect();
    let (place, var) = match position {
        Position::Bound(targets) => {
            let target = targets.iter().find(|t| t.var.is_some()).or(targets.first());
            (
                target
                    .map(|t| format!(" assigned to `{}`", t.shown))
                    .unwrap_or_default(),
                target.and_then(|t| t.var.as_deref()).map(url_var),
            )
        }
        Position::EnvFallback(fallback) => {
            (format!(" as the fallback for `{}`", fallback.name), None)
        }
        _ => (String::new(), None),
    };
    let message = format!(
        "URL with a hardcoded password `{masked}`{place}: read the URL from the environment"
    );
    let fixes = fixes_at(site, position, var.as_deref());
    Some(finding_at(RuleCode::FG103, node, message, fixes, cx))
}

/// `SQLALCHEMY_DATABASE_URI` and other `*_DATABASE_URI` / `*_DATABASE_URL` names read
/// the conventional `DATABASE_URL`; other names keep their own variable.
fn url_var(var: &str) -> String {
    if var.ends_with("DATABASE_URI") || var.ends_with("DATABASE_URL") {
        "DATABASE_URL".to_string()
    } else {
        var.to_string()
    }
}

/// A string statement on its own (a docstring): `https://user:password@host` there is
/// documentation, not configuration. FG102 still scans docstrings for real tokens.
fn is_docstring(site: &LiteralSite<'_>) -> bool {
    site.chain
        .get(1)
        .is_some_and(|p| p.kind() == "expression_statement" && p.named_child_count() == 1)
}
