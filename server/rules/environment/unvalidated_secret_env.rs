#![doc = include_str!("../../../docs/rules/FG501.md")]
//!
//! Implementation: walks the statement's blocks (never into expressions beyond the
//! bound value) and looks at what each assignment binds. At module and class level any
//! target counts; inside functions only configuration targets do (`app.config["X"] = ...`,
//! `app.secret_key = ...`, `app.config.update(X=...)`, `app.config.from_mapping(...)`).
//! The bound value is a lookup without a default ([`super::env_lookup`]), the last
//! operand of an `or` chain, or a value in a dict literal. Whether the module validates
//! the setting comes from the file summary ([`crate::analysis::validation`]), keyed by
//! the environment variable name or the name it is bound to.

use tree_sitter::Node;

use super::{env_lookup, unwrap_parens};
use crate::analysis::RuleContext;
use crate::finding::{Finding, FixPlan};
use crate::rules::RuleCode;
use crate::rules::secrets::bindings::plain_string;
use crate::secrets::names::{NameKind, classify, segments};

pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    visit(stmt, Scope::Module, cx, out, 0);
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Module,
    Class,
    Function,
}

fn visit(node: Node<'_>, scope: Scope, cx: &RuleContext<'_>, out: &mut Vec<Finding>, depth: usize) {
    if depth > MAX_BLOCK_DEPTH {
        return;
    }
    let visit_children =
        |node: Node<'_>, scope: Scope, cx: &RuleContext<'_>, out: &mut Vec<Finding>| {
            visit_children(node, scope, cx, out, depth + 1)
        };
    match node.kind() {
        "expression_statement" => {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                match child.kind() {
                    "assignment" => check_assignment(child, scope, cx, out),
                    "call" => check_config_call(child, cx, out),
                    _ => {}
                }
            }
        }
        "function_definition" => {
            if let Some(body) = node.child_by_field_name("body") {
                visit_children(body, Scope::Function, cx, out);
            }
        }
        "class_definition" => {
            let inner = if scope == Scope::Function {
                Scope::Function
            } else {
                Scope::Class
            };
            if let Some(body) = node.child_by_field_name("body") {
                visit_children(body, inner, cx, out);
            }
        }
        "module"
        | "block"
        | "decorated_definition"
        | "if_statement"
        | "elif_clause"
        | "else_clause"
        | "for_statement"
        | "while_statement"
        | "try_statement"
        | "except_clause"
        | "except_group_clause"
        | "finally_clause"
        | "with_statement"
        | "match_statement"
        | "case_clause" => visit_children(node, scope, cx, out),
        _ => {}
    }
}

/// How deep [`visit`] follows nested blocks (Python itself allows 100 levels).
const MAX_BLOCK_DEPTH: usize = 400;

fn visit_children(
    node: Node<'_>,
    scope: Scope,
    cx: &RuleContext<'_>,
    out: &mut Vec<Finding>,
    depth: usize,
) {
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        // Conditions and iterables are expressions: `visit` ignores them.
        visit(child, scope, cx, out, depth);
    }
}

/// `X = os.environ.get("X")`, `a = b = ...`, `X: str = ...`, `app.config["X"] = ...`.
fn check_assignment(node: Node<'_>, scope: Scope, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let mut targets = Vec::new();
    let mut current = node;
    loop {
        if let Some(left) = current.child_by_field_name("left") {
            targets.push(left);
        }
        match current.child_by_field_name("right") {
            Some(right) if right.kind() == "assignment" => current = right,
            Some(right) => {
                let names: Vec<String> = targets
                    .iter()
                    .filter_map(|t| target_name(*t, scope, cx))
                    .collect();
                if !names.is_empty() {
                    check_value(right, &names, cx, out);
                }
                return;
            }
            None => return,
        }
    }
}

/// The name a target binds when it counts at this scope: any variable or attribute
/// at module and class level; a configuration key or `secret_key` anywhere.
fn target_name(target: Node<'_>, scope: Scope, cx: &RuleContext<'_>) -> Option<String> {
    match target.kind() {
        "subscript" => {
            let object = target.child_by_field_name("value")?;
            let key = target.child_by_field_name("subscript")?;
            let key = plain_string(key, cx.source)?;
            (is_config(cx.text(object)) || scope != Scope::Function).then_some(key)
        }
        "attribute" => {
            let attr = cx.text(target.child_by_field_name("attribute")?);
            (scope != Scope::Function || attr == "secret_key").then(|| attr.to_string())
        }
        "identifier" if scope != Scope::Function => Some(cx.text(target).to_string()),
        _ => None,
    }
}

/// `app.config`, `current_app.config`, `self.app.config`, `config`.
fn is_config(object: &str) -> bool {
    object == "config" || object.ends_with(".config")
}

/// `app.config.update(X=os.getenv("X"))`, `app.config.from_mapping({...})`,
/// `app.config.setdefault("X", os.getenv("X"))`.
fn check_config_call(call: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let Some(function) = call.child_by_field_name("function") else {
        return;
    };
    if function.kind() != "attribute" {
        return;
    }
    let (Some(object), Some(method)) = (
        function.child_by_field_name("object"),
        function.child_by_field_name("attribute"),
    ) else {
        return;
    };
    if !is_config(cx.text(object)) {
        return;
    }
    let Some(args) = call.child_by_field_name("arguments") else {
        return;
    };
    let mut cursor = args.walk();
    let named: Vec<Node<'_>> = args
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect();
    match cx.text(method) {
        "update" | "from_mapping" => {
            for arg in named {
                match arg.kind() {
                    "keyword_argument" => {
                        if let (Some(name), Some(value)) = (
                            arg.child_by_field_name("name"),
                            arg.child_by_field_name("value"),
                        ) {
                            check_value(value, &[cx.text(name).to_string()], cx, out);
                        }
                    }
                    _ => check_value(arg, &[], cx, out),
                }
            }
        }
        "setdefault" if named.len() == 2 => {
            if let Some(key) = plain_string(named[0], cx.source) {
                check_value(named[1], &[key], cx, out);
            }
        }
        _ => {}
    }
}

/// How deep [`check_value`] follows nested dicts and `or` chains.
const MAX_DEPTH: usize = 32;

/// Reports the lookups without a default that `value` binds to `names`.
fn check_value(value: Node<'_>, names: &[String], cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    check_value_at(value, names, cx, out, 0);
}

fn check_value_at(
    value: Node<'_>,
    names: &[String],
    cx: &RuleContext<'_>,
    out: &mut Vec<Finding>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let check_value =
        |v: Node<'_>, names: &[String], cx: &RuleContext<'_>, out: &mut Vec<Finding>| {
            check_value_at(v, names, cx, out, depth + 1)
        };
    let value = unwrap_parens(value);
    match value.kind() {
        "boolean_operator" => {
            let is_or = value
                .child_by_field_name("operator")
                .is_some_and(|op| op.kind() == "or");
            if is_or && let Some(right) = value.child_by_field_name("right") {
                check_value(right, names, cx, out);
            }
        }
        "dictionary" => {
            let mut cursor = value.walk();
            for pair in value.named_children(&mut cursor) {
                if pair.kind() != "pair" {
                    continue;
                }
                let (Some(key), Some(inner)) = (
                    pair.child_by_field_name("key"),
                    pair.child_by_field_name("value"),
                ) else {
                    continue;
                };
                if let Some(key) = plain_string(key, cx.source) {
                    check_value(inner, &[key], cx, out);
                }
            }
        }
        "call" => {
            if let Some(finding) = check_lookup(value, names, cx) {
                out.push(finding);
            } else if is_dict_call(value, cx) {
                // `CONFIG = dict(SECRET_KEY=os.getenv("SECRET_KEY"))`
                if let Some(args) = value.child_by_field_name("arguments") {
                    let mut cursor = args.walk();
                    for arg in args.named_children(&mut cursor) {
                        if arg.kind() != "keyword_argument" {
                            continue;
                        }
                        if let (Some(name), Some(inner)) = (
                            arg.child_by_field_name("name"),
                            arg.child_by_field_name("value"),
                        ) {
                            check_value(inner, &[cx.text(name).to_string()], cx, out);
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

fn is_dict_call(call: Node<'_>, cx: &RuleContext<'_>) -> bool {
    call.child_by_field_name("function")
        .is_some_and(|f| cx.text(f) == "dict")
}

fn check_lookup(call: Node<'_>, names: &[String], cx: &RuleContext<'_>) -> Option<Finding> {
    let lookup = env_lookup(call, cx)?;
    // An explicit `None` default is no default.
    let no_default = lookup
        .default
        .is_none_or(|d| unwrap_parens(d).kind() == "none");
    if lookup.subscript || !no_default {
        return None;
    }
    let var = lookup.name?;
    let extra = &cx.settings.extra_secret_names;
    let secret = is_secret_env_name(&var, extra)
        || names.iter().any(|n| classify(n, extra) == NameKind::Secret);
    if !secret {
        return None;
    }
    let validated = &cx.summary.validated;
    if validated.contains(&var) || names.iter().any(|n| validated.contains(n)) {
        return None;
    }
    let message = format!(
        "`{var}` is read from the environment with no default and never validated: when it \
         is missing, `None` propagates and surfaces later (in error responses, failed \
         signatures or API calls) instead of stopping the app at startup"
    );
    let mut finding = Finding::new(RuleCode::FG501, call.byte_range(), message)
        .with_lowering(cx.lowering_at(call));
    if is_env_name(&var) {
        finding = finding
            .with_fix(FixPlan::RequireEnv {
                call: call.byte_range(),
                var: var.clone(),
            })
            .with_fix(FixPlan::ValidateAtStartup {
                call: call.byte_range(),
                var,
            });
    }
    Some(finding)
}

/// A secret-like environment variable name: a secret word or pair (`SECRET_KEY`,
/// `DB_PASSWORD`), or a `*_KEY` with a qualifier (`STRIPE_KEY`; not `KEY` alone, and
/// not the public and cache keys [`classify`] rules out).
pub fn is_secret_env_name(var: &str, extra: &[String]) -> bool {
    match classify(var, extra) {
        NameKind::Secret => true,
        NameKind::KeyLike => segments(var).len() >= 2,
        // `ADMIN_PASSWORD_HASH`: a missing hash breaks the login as surely as a
        // missing key (FG101 does not treat hash literals as secrets).
        NameKind::Plain => var
            .rsplit_once(['_', '-', '.'])
            .filter(|(_, last)| last.eq_ignore_ascii_case("hash"))
            .is_some_and(|(head, _)| classify(head, extra) == NameKind::Secret),
    }
}

fn is_env_name(var: &str) -> bool {
    !var.is_empty() && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
