#![doc = include_str!("../../../docs/rules/FG401.md")]
//!
//! Implementation: [`crate::rules::responses::flow`] finds, in a view or error handler,
//! `str(e)`, `repr(e)`, `f"{e}"`, `"%s" % e`, `"{}".format(e)`, `e.args` of the caught
//! exception (`except ... as e`) or of a handler's parameter, and
//! `traceback.format_exc()` / `format_exception(...)`, reaching the response, directly
//! or through a local. `e.description` (an `HTTPException`'s public text) is fine.
//! Fix F replaces the detail with a generic message and logs the exception.

use crate::analysis::RuleContext;
use crate::analysis::flask::View;
use crate::finding::{Finding, FixPlan};
use crate::rules::RuleCode;
use crate::rules::responses::flow::{Reached, Scope, code_snippet};

pub fn finding(
    reached: &Reached<'_>,
    view: &View<'_>,
    scope: &Scope<'_, '_>,
    cx: &RuleContext<'_>,
) -> Finding {
    let shown = match &reached.via {
        Some(local) => format!("`{local}` holds exception details and"),
        None => format!("`{}`", code_snippet(reached.node, cx)),
    };
    let message = format!(
        "{shown} sends exception details to the client: messages and tracebacks reveal \
         file paths, SQL, configuration values and sometimes credentials; log the exception \
         and return a generic message"
    );
    let mut finding = Finding::new(RuleCode::FG401, reached.node.byte_range(), message)
        .with_lowering(cx.lowering_at(reached.node));
    let ancestors = cx.ancestors(reached.node);
    let statement = ancestors.iter().find(|a| {
        matches!(
            a.kind(),
            "return_statement" | "expression_statement" | "raise_statement"
        )
    });
    // Fix F adds a line before the statement: only when the statement starts its line.
    let starts_line = |offset: usize| {
        let line_start = cx.source[..offset].rfind('\n').map_or(0, |i| i + 1);
        cx.source[line_start..offset]
            .chars()
            .all(|c| c == ' ' || c == '\t')
    };
    if let Some(statement) = statement.filter(|s| starts_line(s.start_byte())) {
        let exception = exception_name(cx.text(reached.node), scope);
        finding = finding.with_fix(FixPlan::LogException {
            detail: reached.node.byte_range(),
            statement: statement.start_byte(),
            logger: view
                .app
                .clone()
                .unwrap_or_else(|| "current_app".to_string()),
            exception,
        });
    }
    finding
}

/// The exception variable the detail names (`e` in `str(e)`), for `exc_info=`.
fn exception_name(detail: &str, scope: &Scope<'_, '_>) -> Option<String> {
    detail
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .find(|word| !word.is_empty() && scope.is_exception(word))
        .map(str::to_string)
}
