//! The "no new syntax errors" check for files that already have some: tree-sitter's
//! error recovery can read even a well-formed insertion differently, so a fix in a
//! broken file is verified by re-parsing the result.

use tree_sitter::{InputEdit, Point};

use super::apply_edits;
use crate::document::ParsedModule;
use crate::finding::TextEdit;

/// Up to this many edits are checked with incremental re-parses of a copy of the tree
/// (a quick-fix has at most three); more are checked with one fresh parse.
const INCREMENTAL_LIMIT: usize = 4;

/// True when applying `edits` (sorted, non-overlapping) to `source` leaves no more
/// syntax errors than `parsed` has. Free for files without errors.
pub fn keeps_error_count(source: &str, parsed: &ParsedModule, edits: &[TextEdit]) -> bool {
    if !parsed.has_errors() {
        return true;
    }
    errors_after(source, parsed, edits) <= parsed.error_count()
}

fn errors_after(source: &str, parsed: &ParsedModule, edits: &[TextEdit]) -> usize {
    if edits.len() > INCREMENTAL_LIMIT {
        return ParsedModule::parse(&apply_edits(source, edits)).error_count();
    }
    // From the last edit to the first, every edit's positions are still those of the
    // original text.
    let mut module = parsed.clone();
    let mut text = source.to_string();
    for edit in edits.iter().rev() {
        let valid = edit.range.start <= edit.range.end
            && edit.range.end <= text.len()
            && text.is_char_boundary(edit.range.start)
            && text.is_char_boundary(edit.range.end);
        if !valid {
            return ParsedModule::parse(&apply_edits(source, edits)).error_count();
        }
        let start_position = point_at(source, edit.range.start);
        let input = InputEdit {
            start_byte: edit.range.start,
            old_end_byte: edit.range.end,
            new_end_byte: edit.range.start + edit.new_text.len(),
            start_position,
            old_end_position: point_at(source, edit.range.end),
            new_end_position: advance(start_position, &edit.new_text),
        };
        text.replace_range(edit.range.clone(), &edit.new_text);
        module.edit(&input, &text);
    }
    module.error_count()
}

/// The tree-sitter point (row, byte column) of `offset`.
fn point_at(source: &str, offset: usize) -> Point {
    let before = &source.as_bytes()[..offset.min(source.len())];
    let row = before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    Point::new(row, before.len() - line_start)
}

/// The point after inserting `text` at `start`.
fn advance(start: Point, text: &str) -> Point {
    match text.rfind('\n') {
        Some(last) => Point::new(
            start.row + text.matches('\n').count(),
            text.len() - last - 1,
        ),
        None => Point::new(start.row, start.column + text.len()),
    }
}
