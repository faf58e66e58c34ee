//! `--diff`: a unified diff of what `--fix` would change, with secrets redacted.
//!
//! A diff of a secret fix would otherwise print the secret on its `-` line. So every
//! shown line is redacted with [`crate::secrets::redact`]:
//! - on removed lines, every string literal, except environment-variable style names
//!   such as `"SECRET_KEY"` (not secrets, SPEC §2) and literals the fix keeps;
//! - on unchanged lines, the literals (and comment text) a secret finding points at;
//! - on added lines, any text equal to one of those secrets (a second secret on a line
//!   whose first one was fixed).

use std::fmt::Write;
use std::ops::Range;
use std::path::Path;

use similar::{ChangeTag, TextDiff};
use tree_sitter::Node;

use crate::document::ParsedModule;
use crate::finding::Finding;
use crate::secrets::redact;

/// The unified diff (3 lines of context) from `old` to `new`, headed by `display`.
/// `findings` are the findings of `old`.
pub fn unified_diff(display: &Path, old: &str, new: &str, findings: &[Finding]) -> String {
    let redactor = Redactor::new(old, findings);
    let kept = redactor.kept_in(new);
    let diff = TextDiff::from_lines(old, new);
    let old_lines = line_ranges(old);
    let new_lines = line_ranges(new);
    let mut out = String::new();
    let path = display.display();
    let _ = writeln!(out, "--- {path}\n+++ {path}");
    for group in diff.grouped_ops(3) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            hunk_range(&old_range),
            hunk_range(&new_range)
        );
        for op in &group {
            for change in diff.iter_changes(op) {
                let (sign, line) = match (change.tag(), change.old_index(), change.new_index()) {
                    (ChangeTag::Delete, Some(i), _) => ('-', redactor.old_line(old, &old_lines, i)),
                    (ChangeTag::Equal, Some(i), _) => (' ', redactor.old_line(old, &old_lines, i)),
                    (ChangeTag::Insert, _, Some(i)) => {
                        ('+', redactor.new_line(new, &kept, &new_lines, i))
                    }
                    _ => continue,
                };
                out.push(sign);
                out.push_str(&line);
                if !line.ends_with('\n') {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            }
        }
    }
    out
}

/// `start,len` as unified diffs write it (1-based; an empty range names the line before).
fn hunk_range(range: &Range<usize>) -> String {
    let len = range.end - range.start;
    let start = if len == 0 {
        range.start
    } else {
        range.start + 1
    };
    format!("{start},{len}")
}

/// Byte ranges of the lines of `text`, each with its line ending (as `similar` splits).
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        ranges.push(start..start + line.len());
        start += line.len();
    }
    ranges
}

/// Knows which byte ranges of the old text may hold secrets, and which texts of the
/// new text came from them.
struct Redactor {
    /// What is hidden on old lines: the contents of string literals (except
    /// environment-variable names such as `"SECRET_KEY"`), comments (except `# noqa` and
    /// `# flaskguard:` directives) and whatever a secret finding points at. A literal no
    /// finding reports (a `# noqa` line, a secret no rule knows) is hidden too: the
    /// diff's context lines must not show what the report does not.
    hidden: Vec<Range<usize>>,
    /// The texts of `hidden`, to recognise them on added lines (a literal or comment the
    /// fix kept), and the secret values, longest first, to catch them anywhere.
    hidden_texts: std::collections::HashSet<String>,
    values: Vec<String>,
}

impl Redactor {
    fn new(old: &str, findings: &[Finding]) -> Redactor {
        let parsed = ParsedModule::parse(old);
        let mut strings = Vec::new();
        let mut comments = Vec::new();
        for root in parsed.roots() {
            collect_literals(root, &mut strings, &mut comments);
        }
        let mut secrets: Vec<Range<usize>> = Vec::new();
        for finding in findings.iter().filter(|f| is_secret_rule(f)) {
            let range = &finding.range;
            let overlapping: Vec<Range<usize>> = strings
                .iter()
                .filter(|s| overlaps(s, range))
                .cloned()
                .collect();
            if overlapping.is_empty() {
                secrets.push(range.clone());
            } else {
                secrets.extend(overlapping);
            }
        }
        let mut values: Vec<String> = secrets
            .iter()
            .filter_map(|r| old.get(r.clone()))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect();
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        values.dedup();
        let mut hidden: Vec<Range<usize>> = strings
            .into_iter()
            .filter(|r| {
                let value = old.get(r.clone()).unwrap_or_default();
                secrets.iter().any(|s| overlaps(s, r)) || !is_readable_literal(value)
            })
            .chain(
                comments
                    .into_iter()
                    .filter(|r| !is_directive(old.get(r.clone()).unwrap_or_default())),
            )
            .chain(secrets.iter().cloned())
            .collect::<Vec<_>>();
        hidden.sort_by_key(|r| (r.start, r.end));
        hidden.dedup();
        let hidden_texts = hidden
            .iter()
            .filter_map(|r| old.get(r.clone()))
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        Redactor {
            hidden,
            hidden_texts,
            values,
        }
    }

    /// A line of the old text (removed or unchanged), with what may hold a secret
    /// redacted.
    fn old_line(&self, old: &str, lines: &[Range<usize>], index: usize) -> String {
        let Some(line) = lines.get(index) else {
            return String::new();
        };
        let mut hide: Vec<Range<usize>> = self
            .hidden
            .iter()
            .filter(|r| overlaps(r, line))
            .cloned()
            .collect();
        redact_ranges(old, line, &mut hide)
    }

    /// A line of the new text, with every literal or comment that the fix kept from the
    /// old text, and any known secret value, redacted. What the fix wrote stays readable.
    fn new_line(
        &self,
        new: &str,
        kept: &[Range<usize>],
        lines: &[Range<usize>],
        index: usize,
    ) -> String {
        let Some(line) = lines.get(index) else {
            return String::new();
        };
        let mut hide: Vec<Range<usize>> =
            kept.iter().filter(|r| overlaps(r, line)).cloned().collect();
        let mut text = redact_ranges(new, line, &mut hide);
        for value in &self.values {
            if text.contains(value.as_str()) {
                text = text.replace(value.as_str(), &redact(value));
            }
        }
        text
    }

    /// The literals and comments of the new text that hold old hidden text.
    fn kept_in(&self, new: &str) -> Vec<Range<usize>> {
        let parsed = ParsedModule::parse(new);
        let mut strings = Vec::new();
        let mut comments = Vec::new();
        for root in parsed.roots() {
            collect_literals(root, &mut strings, &mut comments);
        }
        strings
            .into_iter()
            .chain(comments)
            .filter(|r| {
                new.get(r.clone())
                    .is_some_and(|t| self.hidden_texts.contains(t))
            })
            .collect()
    }
}

/// A literal that cannot hold a secret and helps reading the diff: an
/// environment-variable name (`"SECRET_KEY"`, SPEC §2) or a dunder (`"__main__"`).
fn is_readable_literal(value: &str) -> bool {
    is_env_name(value)
        || (value.len() > 4
            && value.starts_with("__")
            && value.ends_with("__")
            && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// `# noqa`, `# noqa: FG101, FG102`, `# flaskguard: required settings`: directives
/// that hold no secret (nothing else on the comment).
pub(crate) fn is_directive(comment: &str) -> bool {
    let body = comment.trim_start_matches('#').trim();
    if let Some(rest) = body.strip_prefix("noqa") {
        let Some(codes) = rest.strip_prefix(':') else {
            return rest.is_empty();
        };
        return codes
            .split([',', ' '])
            .all(|code| code.len() <= 6 && code.chars().all(|c| c.is_ascii_alphanumeric()));
    }
    body.strip_prefix("flaskguard:").is_some_and(|rest| {
        rest.split_whitespace()
            .all(|word| word.chars().count() < 12)
    })
}

/// Secret findings (the FG1xx family) point at secret text; others (a `True`) do not.
fn is_secret_rule(finding: &Finding) -> bool {
    finding.code.as_str().starts_with("FG1")
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// `"SECRET_KEY"`-style names are not secrets (SPEC §2) and stay readable.
fn is_env_name(value: &str) -> bool {
    !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && !value.starts_with(|c: char| c.is_ascii_digit())
}

/// The text of `line` with each part inside `hide` replaced by its redaction.
fn redact_ranges(text: &str, line: &Range<usize>, hide: &mut [Range<usize>]) -> String {
    hide.sort_by_key(|r| r.start);
    let mut out = String::new();
    let mut cursor = line.start;
    for range in hide.iter() {
        let start = range.start.max(cursor);
        let end = range.end.min(line.end);
        if start >= end {
            continue;
        }
        let (Some(before), Some(secret)) = (text.get(cursor..start), text.get(start..end)) else {
            continue;
        };
        out.push_str(before);
        // A line break inside the hidden part (a multi-line string) stays a line break.
        let trimmed = secret.trim_end_matches(['\r', '\n']);
        if !trimmed.is_empty() {
            out.push_str(&redact(trimmed));
        }
        out.push_str(secret.get(trimmed.len()..).unwrap_or_default());
        cursor = end;
    }
    if let Some(rest) = text.get(cursor..line.end) {
        out.push_str(rest);
    }
    out
}

/// The byte ranges between the quotes of every string literal (f-strings included),
/// and of every comment. Iterative, so deeply nested code cannot overflow the stack.
fn collect_literals(
    root: Node<'_>,
    strings: &mut Vec<Range<usize>>,
    comments: &mut Vec<Range<usize>>,
) {
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        let descend = match node.kind() {
            "string" => {
                push_string_content(node, strings);
                false
            }
            "comment" => {
                comments.push(node.byte_range());
                false
            }
            _ => true,
        };
        if descend && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

fn push_string_content(node: Node<'_>, out: &mut Vec<Range<usize>>) {
    let mut cursor = node.walk();
    let mut start = node.start_byte();
    let mut end = node.end_byte();
    for child in node.children(&mut cursor) {
        match child.kind() {
            "string_start" => start = child.end_byte(),
            "string_end" => end = child.start_byte(),
            _ => {}
        }
    }
    if start < end {
        out.push(start..end);
    }
}

#[cfg(test)]
mod tests {
    use super::{hunk_range, is_env_name};

    #[test]
    fn hunk_ranges_are_one_based_and_empty_ranges_name_the_line_before() {
        assert_eq!(hunk_range(&(0..3)), "1,3");
        assert_eq!(hunk_range(&(4..4)), "4,0");
    }

    #[test]
    fn environment_variable_names_are_not_secrets() {
        assert!(is_env_name("SECRET_KEY"));
        assert!(is_env_name("API_KEY_2"));
        assert!(!is_env_name("2FA_KEY"));
        assert!(!is_env_name("FAKE-secret"));
        assert!(!is_env_name(""));
    }
}
