#![doc = include_str!("../../../docs/rules/FG201.md")]
//!
//! Implementation: the calls come from `debug_run.scm`; this module decides whether the
//! receiver is a Flask app (see [`crate::analysis::FileSummary::is_flask_app`]) or the callee is werkzeug's
//! `run_simple`, and which argument turns the debugger on.

use std::sync::OnceLock;

use tree_sitter::{Node, Query, StreamingIterator};

use super::{capture, capture_index, is_on, snippet};
use crate::analysis::RuleContext;
use crate::analysis::summary::is_app_constructor;
use crate::finding::{Finding, FixPlan, Severity};
use crate::rules::{RuleCode, queries};

static QUERY: OnceLock<Query> = OnceLock::new();

/// `Flask.run(host=None, port=None, debug=None, ...)`: `debug` is the third positional.
const RUN_DEBUG_POSITION: usize = 2;

pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    check(stmt, cx, out);
}

fn check<'a>(stmt: Node<'a>, cx: &RuleContext<'a>, out: &mut Vec<Finding>) {
    // Prefilter: a call to `run`/`run_simple`, or an aliased `run_simple` (which this
    // rule only reports for `use_debugger`), with `True` or `1` somewhere.
    let text = cx.text(stmt);
    if !(text.contains("run") || text.contains("use_debugger"))
        || !(text.contains("True") || text.contains('1'))
    {
        return;
    }
    // The receiver of `run` is a Flask app: one the summary knows, or a constructor
    // call written here; `run_simple` is werkzeug's or a name the summary knows.
    let summary = cx.summary;
    let app = summary.imports_flask
        || !summary.flask_apps.is_empty()
        || ["Flask", "create_app", "make_app"]
            .iter()
            .any(|constructor| text.contains(constructor));
    let run_simple = text.contains("run_simple")
        || summary
            .run_simple_names
            .iter()
            .any(|name| text.contains(name.as_str()));
    if !(app || run_simple) {
        return;
    }
    let query = queries::compile(&QUERY, include_str!("debug_run.scm"));
    let call_ix = capture_index(query, "call");
    let receiver_ix = capture_index(query, "receiver");
    let method_ix = capture_index(query, "method");
    let function_ix = capture_index(query, "function");
    let arguments_ix = capture_index(query, "arguments");

    let mut cursor = queries::cursor();
    let mut matches = cursor.matches(query, stmt, cx.source.as_bytes());
    while let Some(m) = matches.next() {
        let (Some(call), Some(arguments)) = (capture(m, call_ix), capture(m, arguments_ix)) else {
            continue;
        };
        let callee = call
            .child_by_field_name("function")
            .map(|f| cx.text(f))
            .unwrap_or_default();
        let kind = match (capture(m, receiver_ix), capture(m, method_ix)) {
            (Some(receiver), Some(method)) if cx.text(method) == "run" => {
                if cx.summary.is_flask_app(cx.text(receiver))
                    || is_app_constructor(receiver, cx.source)
                {
                    Call::AppRun
                } else {
                    continue;
                }
            }
            (Some(_), Some(_)) if cx.summary.is_run_simple(callee) => Call::RunSimple,
            _ if capture(m, function_ix).is_some() && cx.summary.is_run_simple(callee) => {
                Call::RunSimple
            }
            _ => continue,
        };
        for (argument, value) in debug_arguments(arguments, kind, cx) {
            out.push(finding(call, callee, &argument, value, cx));
        }
    }
}

#[derive(Clone, Copy)]
enum Call {
    /// `app.run(...)` on a Flask app.
    AppRun,
    /// werkzeug's `run_simple(...)`.
    RunSimple,
}

/// The arguments that switch the debugger on, as written (`debug`, `use_debugger`, ...,
/// or `debug` for the positional form), with their `True`/`1` value node.
fn debug_arguments<'t>(
    arguments: Node<'t>,
    kind: Call,
    cx: &RuleContext<'_>,
) -> Vec<(String, Node<'t>)> {
    let mut found = Vec::new();
    let mut positional = 0;
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
                let name = cx.text(name);
                let turns_on = match kind {
                    Call::AppRun => matches!(name, "debug" | "use_debugger" | "use_evalex"),
                    Call::RunSimple => name == "use_debugger",
                };
                if turns_on && is_on(value, cx) {
                    found.push((name.to_string(), value));
                }
            }
            "comment" => {}
            "list_splat" | "dictionary_splat" | "parenthesized_list_splat" => {
                positional = usize::MAX;
            }
            _ => {
                if matches!(kind, Call::AppRun)
                    && positional == RUN_DEBUG_POSITION
                    && is_on(argument, cx)
                {
                    found.push(("debug".to_string(), argument));
                }
                positional = positional.saturating_add(1);
            }
        }
    }
    found
}

fn finding(
    call: Node<'_>,
    callee: &str,
    argument: &str,
    value: Node<'_>,
    cx: &RuleContext<'_>,
) -> Finding {
    let guarded = inside_main_guard(call, cx);
    let mut message = format!(
        "`{}({argument}={})` turns on the interactive Werkzeug debugger: anyone who can reach \
         the server can run Python code on it",
        snippet(callee),
        cx.text(value),
    );
    if !guarded {
        message.push_str(
            "; outside `if __name__ == \"__main__\":` it also runs whenever the module is imported",
        );
    }
    let severity = if guarded {
        Severity::Warning
    } else {
        Severity::Error
    };
    Finding::new(RuleCode::FG201, value.byte_range(), message)
        .with_severity(severity)
        .with_fix(FixPlan::DebugFromEnv {
            value: value.byte_range(),
        })
        .with_lowering(cx.lowering_at(value))
}

/// True when `node` sits in the body of `if __name__ == "__main__":`.
fn inside_main_guard(node: Node<'_>, cx: &RuleContext<'_>) -> bool {
    main_guard(*cx, node)
}

fn main_guard<'c>(cx: RuleContext<'c>, node: Node<'c>) -> bool {
    let mut child = node;
    for parent in cx.ancestors(node) {
        if parent.kind() == "if_statement"
            && parent
                .child_by_field_name("consequence")
                .is_some_and(|body| body.id() == child.id())
            && parent
                .child_by_field_name("condition")
                .is_some_and(|condition| is_main_check(cx.text(condition)))
        {
            return true;
        }
        child = parent;
    }
    false
}

/// `__name__ == "__main__"` in either order and with either quote.
fn is_main_check(condition: &str) -> bool {
    let compact: String = condition.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact.replace('\'', "\"");
    compact == "__name__==\"__main__\"" || compact == "\"__main__\"==__name__"
}
