//! Fix F: the exception detail sent to the client becomes a generic message, and the
//! exception is logged (`app.logger.exception(...)`, or `current_app.logger` in
//! blueprints and factories, importing `current_app` from flask when needed).

use std::ops::Range;

use super::ensure_import::{ensure_import, imports_from};
use super::line_endings;
use super::nodes::{inside_interpolation, is_string_literal, node_exactly_at};
use crate::document::ParsedModule;
use crate::finding::TextEdit;

/// What replaces the leaked detail.
pub const GENERIC_MESSAGE: &str = "\"Internal server error\"";

/// The replacement of the detail, and the other edits (the log line, an import).
pub fn log_exception_edits(
    source: &str,
    parsed: &ParsedModule,
    detail: &Range<usize>,
    statement: usize,
    logger: &str,
    exception: Option<&str>,
) -> Option<(TextEdit, Vec<TextEdit>)> {
    let node = node_exactly_at(source, parsed, detail)?;
    let is_detail = matches!(
        node.kind(),
        "call" | "string" | "binary_operator" | "attribute" | "subscript" | "identifier"
    );
    if !is_detail || is_string_literal(node) || inside_interpolation(node) {
        return None;
    }
    if statement > detail.start || !source.is_char_boundary(statement) {
        return None;
    }
    let line_start = source[..statement].rfind('\n').map_or(0, |i| i + 1);
    let indent = &source[line_start..statement];
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let valid_name = |name: &str| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
    };
    if !valid_name(logger) || !exception.is_none_or(valid_name) {
        return None;
    }
    let mut extra = Vec::new();
    let previous_line = source[..line_start.saturating_sub(1)]
        .rsplit('\n')
        .next()
        .unwrap_or_default();
    if !previous_line.contains(".logger.exception(") {
        let eol = line_endings::detect(source);
        let exc_info = exception
            .map(|name| format!(", exc_info={name}"))
            .unwrap_or_default();
        extra.push(TextEdit::insert(
            line_start,
            format!("{indent}{logger}.logger.exception(\"Unhandled exception\"{exc_info}){eol}"),
        ));
        if logger == "current_app" {
            let present = imports_from(source, parsed, "flask", "current_app");
            if let Some(import) =
                ensure_import(source, parsed, present, "from flask import current_app")?
            {
                extra.push(import);
            }
        }
    }
    Some((TextEdit::replace(detail.clone(), GENERIC_MESSAGE), extra))
}
