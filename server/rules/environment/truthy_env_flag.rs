#![doc = include_str!("../../../docs/rules/FG204.md")]
//!
//! Implementation: every call `bool(<lookup>)` in the statement whose single argument
//! reads one environment variable ([`super::env_lookup`]). Fix E is offered when the
//! looked-up name is a plain string and the default, if any, is a literal whose
//! meaning is clear.

use tree_sitter::Node;

use super::{EnvLookup, env_lookup, walk};
use crate::analysis::RuleContext;
use crate::finding::{Finding, FixPlan};
use crate::rules::RuleCode;
use crate::rules::secrets::bindings::plain_string;
use crate::secrets::names::{NameKind, classify, segments};

pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    if !cx.text(stmt).contains("bool") {
        return;
    }
    walk(stmt, |node| {
        if node.kind() == "call"
            && let Some(finding) = check_call(node, cx)
        {
            out.push(finding);
        }
        true
    });
}

fn check_call(call: Node<'_>, cx: &RuleContext<'_>) -> Option<Finding> {
    let function = call.child_by_field_name("function")?;
    if function.kind() != "identifier" || cx.text(function) != "bool" {
        return None;
    }
    let args = call.child_by_field_name("arguments")?;
    let mut cursor = args.walk();
    let mut named = args
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment");
    let (Some(arg), None) = (named.next(), named.next()) else {
        return None;
    };
    let lookup = env_lookup(arg, cx).or_else(|| env_lookup(string_method_object(arg, cx)?, cx))?;
    if lookup
        .name
        .as_deref()
        .is_some_and(|name| is_value_name(name, cx))
    {
        return None;
    }
    let shown = lookup.name.as_deref().map_or_else(
        || "an environment variable".to_string(),
        |n| format!("`{n}`"),
    );
    let message = format!(
        "`bool()` of {shown} is true for any non-empty value, including \"False\", \"0\" and \"no\": \
         the flag is on whenever the variable is set"
    );
    let mut finding = Finding::new(RuleCode::FG204, call.byte_range(), message)
        .with_lowering(cx.lowering_at(call));
    let direct = env_lookup(arg, cx).is_some();
    if direct && let Some(plan) = fix_e(call, &lookup, cx) {
        finding = finding.with_fix(plan);
    }
    Some(finding)
}

/// Last name parts of variables that hold a value, not a switch: `bool()` of them asks
/// "is it set?" (`bool(os.getenv("SENTRY_DSN"))`), which is what it answers.
const VALUE_SUFFIXES: &[&str] = &[
    "dsn", "url", "uri", "host", "hostname", "path", "dir", "file", "id", "name", "email",
    "address", "endpoint", "domain", "region", "bucket", "user", "username", "server",
];

/// True for a variable holding a value rather than a flag: a secret (`STRIPE_API_KEY`,
/// `SENTRY_TOKEN`) or a name ending in [`VALUE_SUFFIXES`].
fn is_value_name(name: &str, cx: &RuleContext<'_>) -> bool {
    if classify(name, &cx.settings.extra_secret_names) != NameKind::Plain {
        return true;
    }
    segments(name)
        .last()
        .is_some_and(|last| VALUE_SUFFIXES.contains(&last.as_str()))
}

/// `<x>` of `<x>.strip()`, `<x>.lower()` and other methods that keep a string
/// non-empty: `bool(os.getenv("X", "").strip())` is as always-true as without them.
fn string_method_object<'t>(node: Node<'t>, cx: &RuleContext<'_>) -> Option<Node<'t>> {
    let node = super::unwrap_parens(node);
    if node.kind() != "call" {
        return None;
    }
    let function = node.child_by_field_name("function")?;
    if function.kind() != "attribute" {
        return None;
    }
    let method = cx.text(function.child_by_field_name("attribute")?);
    let args = node.child_by_field_name("arguments")?;
    let keeps_value = matches!(
        method,
        "strip" | "lstrip" | "rstrip" | "lower" | "upper" | "casefold" | "title"
    );
    (keeps_value && args.named_child_count() == 0)
        .then(|| function.child_by_field_name("object"))
        .flatten()
}

/// Fix E, when the name is a plain string and the default means something clear.
fn fix_e(call: Node<'_>, lookup: &EnvLookup<'_>, cx: &RuleContext<'_>) -> Option<FixPlan> {
    if lookup.subscript {
        return None;
    }
    let var = lookup.name.clone()?;
    if !is_env_name(&var) {
        return None;
    }
    let default_true = match lookup.default {
        None => false,
        Some(default) => default_meaning(default, cx)?,
    };
    Some(FixPlan::EnvFlag {
        call: call.byte_range(),
        var,
        default_true,
    })
}

/// What the author meant the default to say: `"False"`, `"false"`, `"0"`, `""`,
/// `"no"`, `"off"`, `None`, `False`, `0` mean off; any other literal means on. `None`
/// (no fix) for a default that is not a literal.
pub fn default_meaning(default: Node<'_>, cx: &RuleContext<'_>) -> Option<bool> {
    let default = super::unwrap_parens(default);
    match default.kind() {
        "none" | "false" => Some(false),
        "true" => Some(true),
        "integer" | "float" => Some(!is_zero(cx.text(default))),
        "string" => {
            let value = plain_string(default, cx.source)?;
            let value = value.trim().to_ascii_lowercase();
            Some(!matches!(
                value.as_str(),
                "" | "false" | "0" | "no" | "off" | "n" | "f"
            ))
        }
        _ => None,
    }
}

fn is_zero(number: &str) -> bool {
    number
        .chars()
        .filter(|c| !matches!(c, '_' | '.'))
        .all(|c| c == '0')
}

fn is_env_name(var: &str) -> bool {
    !var.is_empty() && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
