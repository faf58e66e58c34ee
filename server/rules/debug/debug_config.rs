#![doc = include_str!("../../../docs/rules/FG202.md")]
//!
//! Implementation: assignments and `config.update(...)` calls come from
//! `debug_config.scm`; this module decides whether the target is debug configuration.
//! Debug switched on inside a development context (a `DevelopmentConfig` class, an
//! `if app.debug:` block) is that context's purpose and is not reported.

use std::collections::HashSet;
use std::sync::OnceLock;

use tree_sitter::{Node, Query, StreamingIterator};

use super::{capture, capture_index, is_on, snippet, string_value};
use crate::analysis::RuleContext;
use crate::finding::{Finding, FixPlan};
use crate::rules::{RuleCode, queries};

static QUERY: OnceLock<Query> = OnceLock::new();

pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    check(stmt, cx, out);
}

/// What switches debug mode on.
enum Setting {
    /// `DEBUG` set to `True`/`1`.
    Debug,
    /// `ENV` set to `"development"`.
    DevelopmentEnv,
}

fn check<'a>(stmt: Node<'a>, cx: &RuleContext<'a>, out: &mut Vec<Finding>) {
    // Prefilter: every target this rule knows spells `debug`, `DEBUG` or `ENV`.
    let text = cx.text(stmt);
    if !(text.contains("DEBUG") || text.contains("debug") || text.contains("ENV")) {
        return;
    }
    // ... and every value that switches it on is `True`, `1` or `"development"`.
    if !(text.contains("True") || text.contains('1') || text.contains("development")) {
        return;
    }
    // Lower-case `debug` alone is only `app.debug = True` on a Flask app.
    let summary = cx.summary;
    let named = text.contains("DEBUG") || text.contains("ENV");
    if !(named || summary.imports_flask || !summary.flask_apps.is_empty()) {
        return;
    }
    let query = queries::compile(&QUERY, include_str!("debug_config.scm"));
    let assignment_ix = capture_index(query, "assignment");
    let call_ix = capture_index(query, "call");
    let config_ix = capture_index(query, "config");
    let arguments_ix = capture_index(query, "arguments");

    let mut assignments = Vec::new();
    let mut calls = Vec::new();
    let mut cursor = queries::cursor();
    let mut matches = cursor.matches(query, stmt, cx.source.as_bytes());
    while let Some(m) = matches.next() {
        if let Some(assignment) = capture(m, assignment_ix) {
            assignments.push(assignment);
        } else if let (Some(call), Some(config), Some(arguments)) = (
            capture(m, call_ix),
            capture(m, config_ix),
            capture(m, arguments_ix),
        ) {
            calls.push((call, config, arguments));
        }
    }

    // `A = B = True`: the outer assignment carries every target; skip the inner ones.
    let inner: HashSet<usize> = assignments
        .iter()
        .filter_map(|a| a.child_by_field_name("right"))
        .filter(|right| right.kind() == "assignment")
        .map(|right| right.id())
        .collect();
    for assignment in assignments {
        if !inner.contains(&assignment.id()) {
            check_assignment(assignment, cx, out);
        }
    }
    for (call, config, arguments) in calls {
        check_update(call, config, arguments, cx, out);
    }
}

fn check_assignment<'a>(assignment: Node<'a>, cx: &RuleContext<'a>, out: &mut Vec<Finding>) {
    let mut targets = Vec::new();
    let mut current = assignment;
    let value = loop {
        if let Some(left) = current.child_by_field_name("left") {
            targets.push(left);
        }
        match current.child_by_field_name("right") {
            Some(right) if right.kind() == "assignment" => current = right,
            Some(right) => break right,
            None => return,
        }
    };
    for target in targets {
        let Some((setting, described)) = assigned_setting(target, value, cx) else {
            continue;
        };
        report(setting, &described, value, cx, out);
    }
}

/// What `target = value` sets, with how to describe it, when it switches debug on.
fn assigned_setting<'a>(
    target: Node<'a>,
    value: Node<'a>,
    cx: &RuleContext<'a>,
) -> Option<(Setting, String)> {
    let setting = setting_for(value, cx)?;
    let shown = format!("{} = {}", snippet(cx.text(target)), snippet(cx.text(value)));
    match target.kind() {
        // `app.debug = True` on a Flask app.
        "attribute" => {
            let object = target.child_by_field_name("object")?;
            let attribute = target.child_by_field_name("attribute")?;
            (matches!(setting, Setting::Debug)
                && cx.text(attribute) == "debug"
                && cx.summary.is_flask_app(cx.text(object)))
            .then(|| (setting, format!("`{shown}`")))
        }
        // `app.config["DEBUG"] = True`, `app.config["ENV"] = "development"`.
        "subscript" => {
            let mapping = target.child_by_field_name("value")?;
            let key = string_value(target.child_by_field_name("subscript")?, cx)?;
            (is_config_object(mapping, cx) && key_matches(key, &setting))
                .then(|| (setting, format!("`{shown}`")))
        }
        // `DEBUG = True` in a config class or config module.
        "identifier" => {
            if !key_matches(cx.text(target), &setting) {
                return None;
            }
            let place = config_scope(target, cx)?;
            Some((setting, format!("`{shown}` in {place}")))
        }
        _ => None,
    }
}

/// `config.update(DEBUG=True)`, `app.config.from_mapping({"DEBUG": True})`.
fn check_update<'a>(
    call: Node<'a>,
    config: Node<'a>,
    arguments: Node<'a>,
    cx: &RuleContext<'a>,
    out: &mut Vec<Finding>,
) {
    if !is_config_object(config, cx) {
        return;
    }
    let callee = call
        .child_by_field_name("function")
        .map(|f| snippet(cx.text(f)))
        .unwrap_or_default();
    let mut cursor = arguments.walk();
    for argument in arguments.named_children(&mut cursor) {
        match argument.kind() {
            "keyword_argument" => {
                let (Some(name), Some(value)) = (
                    argument.child_by_field_name("name"),
                    argument.child_by_field_name("value"),
                ) else {
                    continue;
                };
                if let Some(setting) = setting_for(value, cx)
                    && key_matches(cx.text(name), &setting)
                {
                    let shown = format!("`{callee}({}={})`", cx.text(name), cx.text(value));
                    report(setting, &shown, value, cx, out);
                }
            }
            "dictionary" => {
                let mut pairs = argument.walk();
                for pair in argument.named_children(&mut pairs) {
                    let (Some(key), Some(value)) = (
                        pair.child_by_field_name("key"),
                        pair.child_by_field_name("value"),
                    ) else {
                        continue;
                    };
                    if let (Some(setting), Some(key_text)) =
                        (setting_for(value, cx), string_value(key, cx))
                        && key_matches(key_text, &setting)
                    {
                        let shown = format!("`{callee}({{{}: {}}})`", cx.text(key), cx.text(value));
                        report(setting, &shown, value, cx, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Which setting `value` would switch on: `True`/`1` for DEBUG, `"development"` for ENV.
fn setting_for(value: Node<'_>, cx: &RuleContext<'_>) -> Option<Setting> {
    if is_on(value, cx) {
        Some(Setting::Debug)
    } else if string_value(value, cx) == Some("development") {
        Some(Setting::DevelopmentEnv)
    } else {
        None
    }
}

fn key_matches(key: &str, setting: &Setting) -> bool {
    match setting {
        Setting::Debug => key == "DEBUG",
        Setting::DevelopmentEnv => key == "ENV",
    }
}

/// `app.config`, `current_app.config`, `self.config`, or a bare `config`.
fn is_config_object(node: Node<'_>, cx: &RuleContext<'_>) -> bool {
    match node.kind() {
        "identifier" => cx.text(node) == "config",
        "attribute" => node
            .child_by_field_name("attribute")
            .is_some_and(|attribute| cx.text(attribute) == "config"),
        _ => false,
    }
}

/// Where a `DEBUG = ...` name binding counts as configuration: directly in the body of
/// a config class (name ending in `Config`/`Settings`), or at module or class level in a
/// config module. `None` for locals of functions and other classes.
fn config_scope(target: Node<'_>, cx: &RuleContext<'_>) -> Option<String> {
    config_scope_in(*cx, target)
}

fn config_scope_in<'c>(cx: RuleContext<'c>, target: Node<'c>) -> Option<String> {
    for ancestor in cx.ancestors(target) {
        match ancestor.kind() {
            "function_definition" | "lambda" => return None,
            "class_definition" => {
                let name = cx.text(ancestor.child_by_field_name("name")?);
                if name.ends_with("Config") || name.ends_with("Settings") {
                    return Some(format!("config class `{name}`"));
                }
                return cx
                    .file
                    .is_config_module
                    .then(|| format!("class `{name}` of a config module"));
            }
            _ => {}
        }
    }
    cx.file
        .is_config_module
        .then(|| "a config module".to_string())
}

fn report(
    setting: Setting,
    described: &str,
    value: Node<'_>,
    cx: &RuleContext<'_>,
    out: &mut Vec<Finding>,
) {
    if cx.development_context(value).is_some() {
        return;
    }
    let finding = match setting {
        Setting::Debug => Finding::new(
            RuleCode::FG202,
            value.byte_range(),
            format!(
                "{described} turns debug mode on in code: deployed, it shows tracebacks and \
                 can expose the interactive debugger; read it from `FLASK_DEBUG` instead"
            ),
        )
        .with_fix(FixPlan::DebugFromEnv {
            value: value.byte_range(),
        }),
        Setting::DevelopmentEnv => Finding::new(
            RuleCode::FG202,
            value.byte_range(),
            format!(
                "{described} puts the app in development mode (debugger, detailed errors \
                 where code reads `ENV`); read it from the environment instead"
            ),
        ),
    };
    out.push(finding.with_lowering(cx.lowering_at(value)));
}
