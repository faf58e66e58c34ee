//! Secret rules: FG101 hardcoded-secret, FG102 provider-key, FG103 credentials-in-url,
//! FG104 hardcoded-env-fallback.
//!
//! Every string literal site of a statement ([`literal_sites`]) is looked at once,
//! with where it stands ([`bindings`]), and yields at most one finding: FG102 when it
//! holds a provider token, else FG103 for a URL with a password, else FG104 when it is
//! an environment fallback of a secret-like name, else FG101 when it is bound to a
//! secret-like name. The fixes follow from where the literal stands: a binding gets A
//! then B, an environment fallback C then B, and a parameter default, a comparison,
//! a comment or an unbound literal none.
//!
//! Cost stays proportional to the statement and small in the common case: a
//! byte-level [`prefilter`] skips statements that cannot match any rule, and the walk
//! skips subtrees without a quote or `#`.

pub mod bindings;
pub mod credentials_in_url;
pub mod env_fallback;
pub mod hardcoded_secret;
pub mod literal_sites;
pub mod prefilter;
pub mod provider_key;

use std::ops::Range;

use tree_sitter::Node;

use crate::analysis::RuleContext;
use crate::finding::{Finding, FixPlan};
use crate::secrets::redact;
use crate::secrets::values::{is_not_a_secret, is_obvious_dummy};
use bindings::Position;
use literal_sites::LiteralSite;
use prefilter::Prefilter;

/// Runs the four secret rules on one top-level statement.
pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let Some(text) = cx.source.get(stmt.byte_range()) else {
        return;
    };
    let filter = Prefilter::for_text(text, &cx.settings.extra_secret_names);
    if !filter.any() {
        return;
    }
    let mut memo = bindings::Memo::default();
    for site in literal_sites::collect(stmt, cx.source) {
        if let Some(finding) = check_site(&site, filter, cx, &mut memo) {
            out.push(finding);
        }
    }
}

/// The one finding a literal site yields, by precedence FG102 > FG103 > FG104 > FG101.
fn check_site(
    site: &LiteralSite<'_>,
    filter: Prefilter,
    cx: &RuleContext<'_>,
    memo: &mut bindings::Memo,
) -> Option<Finding> {
    if site.value.is_empty() || (site.is_comment && !filter.tokens) {
        return None;
    }
    if cx.settings.is_allowed_value(&site.value) {
        return None;
    }
    // FG104 and FG101 report only a fully literal value that may be a secret: without
    // the token and URL rules, no need to find where any other literal stands.
    let may_name_a_secret =
        || filter.names && site.fully_literal && !is_not_a_secret(&site.value, cx.settings);
    if !(filter.tokens || filter.urls || may_name_a_secret()) {
        return None;
    }
    let position = if site.is_comment {
        Position::Comment
    } else {
        bindings::position_of_in(&site.chain, cx, memo)
    };
    let provider = || {
        filter
            .tokens
            .then(|| provider_key::check(site, &position, cx))
            .flatten()
    };
    let url = || {
        filter
            .urls
            .then(|| credentials_in_url::check(site, &position, cx))
            .flatten()
    };
    let named = || {
        filter
            .names
            .then(|| {
                env_fallback::check(site, &position, cx)
                    .or_else(|| hardcoded_secret::check(site, &position, cx))
            })
            .flatten()
    };
    provider().or_else(url).or_else(named)
}

/// The fixes a literal offers from where it stands: A then B for a binding (when
/// `var` is known), C then B for an environment fallback, none otherwise. A literal
/// with interpolations keeps no fix: replacing it would drop the interpolated parts.
fn fixes_at(site: &LiteralSite<'_>, position: &Position, var: Option<&str>) -> Vec<FixPlan> {
    match position {
        Position::EnvFallback(fallback) if fallback.environ && is_env_name(&fallback.name) => {
            vec![
                FixPlan::DropFallback {
                    call: fallback.call.clone(),
                    var: fallback.name.clone(),
                },
                FixPlan::EnvironGet {
                    literal: fallback.call.clone(),
                    var: fallback.name.clone(),
                },
            ]
        }
        Position::Bound(_) if site.fully_literal => match var {
            Some(var) if is_env_name(var) => binding_fixes(site.node.byte_range(), var),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Fix A then fix B on `literal`.
fn binding_fixes(literal: Range<usize>, var: &str) -> Vec<FixPlan> {
    vec![
        FixPlan::EnvironSubscript {
            literal: literal.clone(),
            var: var.to_string(),
        },
        FixPlan::EnvironGet {
            literal,
            var: var.to_string(),
        },
    ]
}

/// A name the fixes can write inside `os.environ["..."]` unchanged.
fn is_env_name(var: &str) -> bool {
    !var.is_empty() && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// What a message says about a secret value, never the value whole: that it is a
/// well-known default, or its redacted form when long enough to show any of it.
fn describe_value(value: &str) -> String {
    if is_obvious_dummy(value) {
        " (a well-known default value)".to_string()
    } else if value.chars().count() >= 12 {
        format!(" (`{}`)", redact(value))
    } else {
        String::new()
    }
}

/// The finding for `site` at `node`, with the context's lowering recorded.
fn finding_at(
    code: crate::rules::RuleCode,
    node: Node<'_>,
    message: String,
    fixes: Vec<FixPlan>,
    cx: &RuleContext<'_>,
) -> Finding {
    let mut finding =
        Finding::new(code, node.byte_range(), message).with_lowering(cx.lowering_at(node));
    finding.fixes = fixes;
    finding
}
