//! Suppression: "Suppress FGxxx on this line" appends `  # noqa: FGxxx` to the
//! finding's line or adds the code to the `# noqa:` list already there.

use std::sync::LazyLock;

use regex::Regex;

use super::line_endings::{line_content_end, line_start};
use crate::finding::{Finding, TextEdit};

/// `# noqa` with an optional code list, as flake8 and ruff read it.
static NOQA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)#\s*noqa\b(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?")
        .expect("the noqa pattern is valid")
});

/// The suppression edit for `finding`, or `None` when its line is already suppressed
/// (a bare `# noqa`, or a list naming the code or a prefix of it, as flake8 reads
/// `FG1`) or no line can take a comment.
///
/// The comment goes on the first line of the finding that can end in a comment (for a
/// multi-line string, the line where it ends). The text is read with a small tokenizer
/// (strings, comments, continuations) rather than a parse: editors ask for code
/// actions on every cursor move.
pub fn suppress_edit(source: &str, finding: &Finding) -> Option<TextEdit> {
    if finding.range.start > source.len() || !source.is_char_boundary(finding.range.start) {
        return None;
    }
    let code = finding.code.as_str();
    let line = commentable_line(source, finding.range.start)?;
    if let Some(comment_start) = line.comment {
        let comment = source.get(comment_start..line.content_end)?;
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
    let content = source.get(line.start..line.content_end)?;
    let trimmed_end = line.start + content.trim_end().len();
    Some(TextEdit::replace(
        trimmed_end..line.content_end,
        format!("  # noqa: {code}"),
    ))
}

/// A line that can end in a comment.
#[derive(Debug, PartialEq, Eq)]
struct CommentableLine {
    start: usize,
    /// Before the line ending.
    content_end: usize,
    /// Where the line's comment starts, if it has one.
    comment: Option<usize>,
}

/// Where the tokenizer is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    String { quote: u8, triple: bool },
}

/// The first line, from the one holding `offset` on, whose end can take a comment: its
/// end is not inside a string and it does not continue with a `\`.
fn commentable_line(source: &str, offset: usize) -> Option<CommentableLine> {
    let bytes = source.as_bytes();
    let first = line_start(source, offset);
    let mut state = State::Code;
    let mut start = 0;
    let mut comment = None;
    let mut escaped_newline = false;
    let mut i = 0;
    loop {
        if i >= bytes.len() || bytes[i] == b'\n' {
            let content_end = line_content_end(source, start);
            let in_string = match state {
                State::String { triple, .. } => triple || escaped_newline,
                State::Code => false,
            };
            let continued = state == State::Code
                && comment.is_none()
                && source
                    .get(start..content_end)
                    .is_some_and(|l| l.ends_with('\\'));
            if start >= first && !in_string && !continued {
                return Some(CommentableLine {
                    start,
                    content_end,
                    comment,
                });
            }
            if i >= bytes.len() {
                return None;
            }
            if !in_string {
                // An unterminated one-line string ends with its line.
                state = State::Code;
            }
            escaped_newline = false;
            comment = None;
            i += 1;
            start = i;
            continue;
        }
        match state {
            State::Code => match bytes[i] {
                b'#' => {
                    comment = Some(i);
                    i = line_content_end(source, i).max(i + 1);
                }
                quote @ (b'"' | b'\'') => {
                    let triple =
                        bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote);
                    state = State::String { quote, triple };
                    i += if triple { 3 } else { 1 };
                }
                _ => i += 1,
            },
            State::String { quote, triple } => match bytes[i] {
                b'\\' => {
                    let next = bytes.get(i + 1).copied();
                    let after = bytes.get(i + 2).copied();
                    if next == Some(b'\n') || (next == Some(b'\r') && after == Some(b'\n')) {
                        escaped_newline = true;
                        i += 1;
                    } else {
                        i += 2;
                    }
                }
                b if b == quote => {
                    if !triple {
                        state = State::Code;
                        i += 1;
                    } else if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                        state = State::Code;
                        i += 3;
                    } else {
                        i += 1;
                    }
                }
                _ => i += 1,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_of(source: &str, offset: usize) -> Option<(usize, Option<usize>)> {
        commentable_line(source, offset).map(|l| (l.start, l.comment))
    }

    #[test]
    fn skips_lines_ending_inside_strings_or_continued() {
        let source = "a = '''x\n# y\n''' # c\nb = 1\n";
        assert_eq!(line_of(source, 0), Some((13, Some(17))));
        let source = "a = 'x\\\ny'\nb = 1 \\\n  + 2\n";
        assert_eq!(line_of(source, 0), Some((8, None)));
        assert_eq!(line_of(source, 11), Some((19, None)));
    }

    #[test]
    fn a_hash_in_a_string_is_not_a_comment() {
        let source = "url = \"http://x/#frag\"  # real\r\n";
        assert_eq!(line_of(source, 0), Some((0, Some(24))));
        assert_eq!(commentable_line(source, 0).map(|l| l.content_end), Some(30));
    }

    #[test]
    fn an_unterminated_string_ends_with_its_line() {
        let source = "a = 'oops\nb = 1  # c\n";
        assert_eq!(line_of(source, 10), Some((10, Some(17))));
    }
}
