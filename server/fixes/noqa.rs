//! Suppression: "Suppress FGxxx on this line" appends `  # noqa: FGxxx` to the
//! finding's line or adds the code to the `# noqa:` list already there.

use std::sync::LazyLock;

use regex::Regex;

use super::line_endings::{line_content_end, line_start, next_line_start};
use crate::document::ParsedModule;
use crate::finding::{Finding, TextEdit};

/// `# noqa` with an optional code list, as flake8 and ruff read it.
static NOQA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)#\s*noqa\b(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?")
        .expect("the noqa pattern is valid")
});

/// The suppression edit for `finding`, or `None` when its line is already suppressed
/// (a bare `# noqa`, or a list naming the code or a prefix of it, as flake8 reads `FG1`) or no line can take a comment.
pub fn suppress_edit(source: &str, finding: &Finding) -> Option<TextEdit> {
    if finding.range.start > source.len() || !source.is_char_boundary(finding.range.start) {
        return None;
    }
    let parsed = ParsedModule::parse(source);
    let code = finding.code.as_str();
    let line = commentable_line(source, &parsed, finding.range.start)?;
    let end = line_content_end(source, line);
    let comment_start = comment_on_line(&parsed, line, end);
    if let Some(comment_start) = comment_start {
        let comment = source.get(comment_start..end)?;
        if let Some(caps) = NOQA.captures(comment) {
            // A bare `# noqa` (no code list) already suppresses every code.
            let codes = caps.name("codes")?;
            let listed = codes
                .as_str()
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|c| !c.is_empty())
                .any(|c| code.starts_with(&c.to_ascii_uppercase()));
            if listed {
                return None;
            }
            let at = comment_start + codes.end();
            return Some(TextEdit::insert(at, format!(", {code}")));
        }
    }
    let content = source.get(line..end)?;
    let trimmed_end = line + content.trim_end().len();
    Some(TextEdit::replace(
        trimmed_end..end,
        format!("  # noqa: {code}"),
    ))
}

/// The first line, starting from the one holding `offset`, whose end can take a
/// comment: not inside a multi-line string and not ending in a `\` continuation.
fn commentable_line(source: &str, parsed: &ParsedModule, offset: usize) -> Option<usize> {
    let mut line = line_start(source, offset);
    loop {
        let end = line_content_end(source, line);
        let continued = source
            .get(line..end)
            .is_some_and(|l| l.trim_end().ends_with('\\'));
        if !continued && !inside_string(parsed, end) {
            return Some(line);
        }
        line = next_line_start(source, line)?;
    }
}

/// True when a string token spans the line break at `offset`.
fn inside_string(parsed: &ParsedModule, offset: usize) -> bool {
    let Some(mut node) = parsed.root().descendant_for_byte_range(offset, offset) else {
        return false;
    };
    loop {
        if node.kind() == "string" && node.start_byte() < offset && offset < node.end_byte() {
            return true;
        }
        match node.parent() {
            Some(parent) => node = parent,
            None => return false,
        }
    }
}

/// Where the comment on the line `line..end` starts, if it has one.
fn comment_on_line(parsed: &ParsedModule, line: usize, end: usize) -> Option<usize> {
    if end == line {
        return None;
    }
    let mut node = parsed.root().descendant_for_byte_range(end - 1, end)?;
    loop {
        if node.kind() == "comment" {
            return (node.start_byte() >= line).then_some(node.start_byte());
        }
        if node.start_byte() < line || node.kind() == "module" {
            break;
        }
        node = node.parent()?;
    }
    None
}
