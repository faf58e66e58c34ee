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
use crate::secrets::entropy::looks_random;
use crate::secrets::names::{NameKind, classify, is_secret_binding, is_token_only};
use crate::secrets::values::is_not_a_secret;

/// FG101 for one literal site.
pub fn check(site: &LiteralSite<'_>, position: &Position, cx: &RuleContext<'_>) -> Option<Finding> {
    if !site.fully_literal {
        return None;
    }
    let extra = &cx.settings.extra_secret_names;
    let is_secret = |target: &Target| {
        is_secret_binding(&target.name, &site.value, extra) && !names_itself(target, &site.value)
    };
    // In a comparison the name must be secret-like by a secret word, not just end in
    // `key` (`key == "FunctionResponseTypes"` walks a dict), and a name that is secret
    // only through `token` needs a random-looking value (`token == "keyword"` in a lexer).
    let compared_secret = |target: &Target| {
        is_secret(target)
            && classify(&target.name, extra) == NameKind::Secret
            && (!is_token_only(&target.name, extra) || looks_random(&site.value))
            && !is_python_keyword(&site.value)
    };
    let target = match position {
        Position::Bound(targets) => targets.iter().find(|t| is_secret(t))?,
        Position::ParamDefault(target) if is_secret(target) => target,
        Position::Comparison(target) if compared_secret(target) => target,
        _ => return None,
    };
    if is_not_a_secret(&site.value, cx.settings) {
        return None;
    }
    let detail = describe_value(&site.value);
    let shown = &target.shown;
    let (message, var) = match position {
        Position::ParamDefault(_) => (
            format!(
                "Hardcoded default for the secret parameter `{shown}`{detail}: callers that omit it silently use it"
            ),
            None,
        ),
        Position::Comparison(_) => (
            format!(
                "`{shown}` compared with a hardcoded secret{detail}: anyone reading the code knows it"
            ),
            None,
        ),
        _ => {
            let how = if shown.ends_with('=') {
                format!("passed as `{shown}`")
            } else if shown.ends_with(')') {
                format!("passed as the key to `{shown}`")
            } else if shown.starts_with('"') {
                format!("stored under the key {shown}")
            } else {
                format!("assigned to `{shown}`")
            };
            (
                format!("Hardcoded secret {how}{detail}: load it from the environment"),
                target.var.as_deref(),
            )
        }
    };
    let fixes = fixes_at(site, position, var);
    Some(finding_at(RuleCode::FG101, site.node, message, fixes, cx))
}

/// A value that spells its own name (`PASSWORD = "password"` in an enum,
/// `PassStateEntered = "PassStateEntered"`): a label, not a secret.
fn names_itself(target: &Target, value: &str) -> bool {
    let normal = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let value = normal(value);
    !value.is_empty() && value == normal(&target.name)
}

/// A Python keyword: in a comparison it is a lexical token (`token == "def"` in a
/// tokenizer), not a credential.
fn is_python_keyword(value: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield", "match", "case", "type",
    ];
    KEYWORDS.contains(&value)
}
