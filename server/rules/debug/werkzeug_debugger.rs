#![doc = include_str!("../../../docs/rules/FG203.md")]
//!
//! Implementation: every call of `DebuggedApplication` (imported from `werkzeug.debug`,
//! or spelled `werkzeug.debug.DebuggedApplication` / `debug.DebuggedApplication`) whose
//! `evalex` argument — keyword, or the second positional — is `True` or a non-zero
//! integer (reported at that value); and, as SPEC §2 lists it, any
//! `app.wsgi_app = DebuggedApplication(...)` without `evalex` (reported at the call). `evalex` defaults to `False` in werkzeug, so elsewhere a
//! call without it, or with a value that is not a literal (`evalex=app.debug`), is
//! not reported.

use tree_sitter::Node;

use super::snippet;
use crate::analysis::RuleContext;
use crate::finding::Finding;
use crate::rules::RuleCode;
use crate::rules::environment::{compact, walk};

/// `DebuggedApplication(app, evalex=False, ...)`: `evalex` is the second positional.
const EVALEX_POSITION: usize = 1;

pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let text = cx.text(stmt);
    if !text.contains("DebuggedApplication") {
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

/// True when `call` is the right side of `<x>.wsgi_app = ...`.
fn wraps_wsgi_app(call: Node<'_>, cx: &RuleContext<'_>) -> bool {
    let Some(parent) = cx.ancestors(call).into_iter().next() else {
        return false;
    };
    parent.kind() == "assignment"
        && parent
            .child_by_field_name("right")
            .is_some_and(|right| right.id() == call.id())
        && parent.child_by_field_name("left").is_some_and(|left| {
            left.kind() == "attribute"
                && left
                    .child_by_field_name("attribute")
                    .is_some_and(|a| cx.text(a) == "wsgi_app")
        })
}

fn check_call(call: Node<'_>, cx: &RuleContext<'_>) -> Option<Finding> {
    let function = call.child_by_field_name("function")?;
    let callee = compact(cx.text(function));
    let is_debugger = callee == "DebuggedApplication"
        || callee.ends_with(".DebuggedApplication") && callee.contains("debug");
    if !is_debugger {
        return None;
    }
    let args = call.child_by_field_name("arguments")?;
    let mut positional = 0usize;
    let mut evalex = None;
    let mut cursor = args.walk();
    for arg in args.named_children(&mut cursor) {
        match arg.kind() {
            "comment" => {}
            "keyword_argument" => {
                if arg
                    .child_by_field_name("name")
                    .is_some_and(|n| cx.text(n) == "evalex")
                {
                    evalex = arg.child_by_field_name("value");
                }
            }
            "list_splat" | "dictionary_splat" => positional = usize::MAX,
            _ => {
                if positional == EVALEX_POSITION {
                    evalex = Some(arg);
                }
                positional = positional.saturating_add(1);
            }
        }
    }
    let Some(value) = evalex.filter(|v| is_truthy_literal(*v, cx)) else {
        // `app.wsgi_app = DebuggedApplication(app.wsgi_app)`: the debugger wraps every
        // request and shows tracebacks with source code to the client.
        if evalex.is_none() && wraps_wsgi_app(call, cx) {
            let message = format!(
                "`app.wsgi_app = {}(...)` wraps every request in Werkzeug's debugger: errors \
                 show tracebacks with source code to the client, and `evalex=True` turns on \
                 a console that runs code",
                snippet(cx.text(function)),
            );
            return Some(
                Finding::new(RuleCode::FG203, call.byte_range(), message)
                    .with_lowering(cx.lowering_at(call)),
            );
        }
        return None;
    };
    let message = format!(
        "`{}(..., evalex={})` serves Werkzeug's interactive debugger: anyone who can reach \
         the app can open a Python console in the browser and run code on the server",
        snippet(cx.text(function)),
        cx.text(value)
    );
    Some(
        Finding::new(RuleCode::FG203, value.byte_range(), message)
            .with_lowering(cx.lowering_at(value)),
    )
}

/// `True`, or a non-zero integer literal.
fn is_truthy_literal(node: Node<'_>, cx: &RuleContext<'_>) -> bool {
    match node.kind() {
        "true" => true,
        "integer" => cx
            .text(node)
            .chars()
            .any(|c| c.is_ascii_digit() && c != '0'),
        _ => false,
    }
}
