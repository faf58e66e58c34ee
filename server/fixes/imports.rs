//! `import os` insertion: exactly once, after the module docstring, `from __future__`
//! imports and the existing top-of-file import block.

use tree_sitter::Node;

use super::line_endings::{self, is_blank_line_at, next_line_start, rest_of_line_is_clean};
use super::nodes::imports_os;
use crate::document::ParsedModule;
use crate::finding::TextEdit;

/// True when a top-level `import os` runs before `offset` (so code there can use `os`).
pub fn os_available_before(source: &str, parsed: &ParsedModule, offset: usize) -> bool {
    parsed
        .statements()
        .any(|stmt| stmt.start_byte() < offset && imports_os(source, stmt))
}

/// The edit inserting `import os` at the top of the module, or `None` when no place
/// is safe (the import block is followed by more code on its last line).
pub fn import_os_edit(source: &str, parsed: &ParsedModule) -> Option<TextEdit> {
    let eol = line_endings::detect(source);
    let statements: Vec<Node<'_>> = parsed.statements().collect();
    let first_code = first_code_index(&statements);
    let mut docstring = None;
    let mut last_import = None;
    for (i, stmt) in statements.iter().enumerate() {
        match stmt.kind() {
            "comment" => continue,
            "import_statement" | "import_from_statement" | "future_import_statement" => {
                last_import = Some(*stmt)
            }
            "expression_statement" if i == first_code && is_docstring(*stmt) => {
                docstring = Some(*stmt)
            }
            _ => break,
        }
    }
    if let Some(import) = last_import {
        return insert_after(source, &statements, import, eol, "", "");
    }
    if let Some(doc) = docstring {
        return insert_after(source, &statements, doc, eol, eol, eol);
    }
    let at = after_header_comments(source);
    let first_statement = statements.iter().find(|s| s.kind() != "comment");
    if first_statement.is_some_and(|s| s.start_byte() < at) {
        return None;
    }
    let lead = if at > 0 && !source[..at].ends_with('\n') {
        eol
    } else {
        ""
    };
    let spacer = if is_blank_line_at(source, at) {
        ""
    } else {
        eol
    };
    Some(TextEdit::insert(
        at,
        format!("{lead}import os{eol}{spacer}"),
    ))
}

fn first_code_index(statements: &[Node<'_>]) -> usize {
    statements
        .iter()
        .position(|s| s.kind() != "comment")
        .unwrap_or(0)
}

fn is_docstring(stmt: Node<'_>) -> bool {
    stmt.named_child_count() == 1
        && stmt
            .named_child(0)
            .is_some_and(|s| matches!(s.kind(), "string" | "concatenated_string"))
}

/// Inserts `import os` on the line after `stmt` (and anything sharing its last line).
/// `before` goes in front of the import line; `after_if_code` after it when the next
/// line holds code.
fn insert_after(
    source: &str,
    statements: &[Node<'_>],
    stmt: Node<'_>,
    eol: &str,
    before: &str,
    after_if_code: &str,
) -> Option<TextEdit> {
    let end = end_of_last_statement_on_line(statements, stmt);
    if stmt.has_error() || !rest_of_line_is_clean(source, end) {
        return None;
    }
    match next_line_start(source, end) {
        Some(at) => {
            let after = if is_blank_line_at(source, at) || at >= source.len() {
                ""
            } else {
                after_if_code
            };
            Some(TextEdit::insert(
                at,
                format!("{before}import os{eol}{after}"),
            ))
        }
        None => Some(TextEdit::insert(
            source.len(),
            format!("{eol}{before}import os{eol}"),
        )),
    }
}

/// The end of the last top-level statement (or comment) that starts on the row where
/// `stmt` ends (`import sys; import re  # c`).
pub fn end_of_last_statement_on_line(statements: &[Node<'_>], stmt: Node<'_>) -> usize {
    let mut end = stmt.end_byte();
    let mut row = stmt.end_position().row;
    for next in statements
        .iter()
        .filter(|s| s.start_byte() >= stmt.end_byte())
    {
        if next.start_position().row == row {
            end = next.end_byte();
            row = next.end_position().row;
        } else {
            break;
        }
    }
    end
}

/// Where the file's header ends: after a shebang or coding line, and after a leading
/// comment block that is separated from the code by a blank line (a licence header).
/// A comment directly above the first statement stays with it.
fn after_header_comments(source: &str) -> usize {
    let mut at = 0;
    let mut pos = 0;
    let mut seen_comment_end = None;
    let mut line_no = 0;
    while pos < source.len() {
        let end = line_endings::line_content_end(source, pos);
        let line = source.get(pos..end).unwrap_or("").trim();
        let next = next_line_start(source, pos).unwrap_or(source.len());
        if line.starts_with('#') {
            let pragma = line_no < 2 && (line.starts_with("#!") || is_coding_line(line));
            if pragma {
                at = next;
            }
            seen_comment_end = Some(next);
        } else if line.is_empty() {
            if let Some(comment_end) = seen_comment_end {
                at = comment_end;
            }
        } else {
            break;
        }
        pos = next;
        line_no += 1;
    }
    at
}

fn is_coding_line(line: &str) -> bool {
    line.contains("coding:") || line.contains("coding=")
}
