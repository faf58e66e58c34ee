//! `# noqa` suppression comments, read as ruff and flake8 read them.
//!
//! `# noqa` on a line suppresses every finding on it; `# noqa: FG101, FG201` (codes
//! separated by commas and/or spaces, case-insensitive, a code prefix such as `FG2`
//! covering its family as in flake8) suppresses only those codes. A `# noqa:` that names
//! only other tools' codes suppresses nothing of ours.

use crate::document::ParsedModule;

use crate::finding::Finding;
use crate::rules::RuleCode;

/// A parsed `noqa` directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Noqa {
    /// `# noqa`: every code.
    All,
    /// `# noqa: A1, B2`: the listed codes (upper-cased).
    Codes(Vec<String>),
}

impl Noqa {
    /// True when this directive suppresses `code`.
    pub fn covers(&self, code: RuleCode) -> bool {
        match self {
            Noqa::All => true,
            Noqa::Codes(codes) => codes.iter().any(|c| code.as_str().starts_with(c.as_str())),
        }
    }
}

/// The first `noqa` directive in a comment's text (`# noqa`, `#noqa: FG101`, also after
/// other text: `# type: ignore  # noqa`).
pub fn parse_noqa(comment: &str) -> Option<Noqa> {
    let bytes = comment.as_bytes();
    let mut search = 0;
    while let Some(found) = find_ascii_ci(bytes, search, b"noqa") {
        search = found + 4;
        // Preceded by `#` and optional whitespace.
        let before = comment[..found].trim_end_matches([' ', '\t']);
        if !before.ends_with('#') {
            continue;
        }
        let rest = &comment[found + 4..];
        match rest.chars().next() {
            None => return Some(Noqa::All),
            Some(c) if c.is_whitespace() => return Some(Noqa::All),
            Some(':') => {
                let codes = parse_codes(&rest[1..]);
                return Some(if codes.is_empty() {
                    Noqa::All
                } else {
                    Noqa::Codes(codes)
                });
            }
            Some(_) => continue,
        }
    }
    None
}

/// Codes at the start of `text`: `[A-Za-z]+[0-9]+` separated by commas and whitespace.
fn parse_codes(text: &str) -> Vec<String> {
    let mut codes = Vec::new();
    let mut rest = text.trim_start();
    loop {
        let letters = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .len();
        let after_letters = &rest[letters..];
        let digits = after_letters.len()
            - after_letters
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        if letters == 0 || digits == 0 {
            break;
        }
        codes.push(rest[..letters + digits].to_ascii_uppercase());
        rest = rest[letters + digits..].trim_start_matches(|c: char| c == ',' || c.is_whitespace());
    }
    codes
}

fn find_ascii_ci(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from > haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
        .map(|i| i + from)
}

/// True when a `# noqa` comment on the finding's first or last line covers it (the last
/// line is where a comment can follow a multi-line string).
pub fn is_suppressed(source: &str, parsed: &ParsedModule, finding: &Finding) -> bool {
    let first = line_bounds(source, finding.range.start);
    if noqa_on_line(source, parsed, first.clone()).is_some_and(|noqa| noqa.covers(finding.code)) {
        return true;
    }
    let last = line_bounds(source, finding.range.end.max(finding.range.start));
    last != first
        && noqa_on_line(source, parsed, last).is_some_and(|noqa| noqa.covers(finding.code))
}

/// The byte range of the line holding `offset` (without its line break).
fn line_bounds(source: &str, offset: usize) -> std::ops::Range<usize> {
    let bytes = source.as_bytes();
    let offset = offset.min(bytes.len());
    let start = bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    let end = bytes[offset..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |i| i + offset);
    start..end
}

/// The directive of the comment on `line`, if that line has a comment holding one.
fn noqa_on_line(source: &str, parsed: &ParsedModule, line: std::ops::Range<usize>) -> Option<Noqa> {
    let text = source.get(line.clone())?;
    // Cheap text test first; the tree then tells a comment from a `#` inside a string.
    find_ascii_ci(text.as_bytes(), 0, b"noqa")?;
    let mut from = 0;
    while let Some(hash) = text[from..].find('#').map(|i| i + from) {
        let at = line.start + hash;
        let node = parsed.descendant_for_byte_range(at, at + 1)?;
        if node.kind() == "comment" {
            let comment_end = node.end_byte().min(line.end);
            return source.get(at..comment_end).and_then(parse_noqa);
        }
        from = hash + 1;
    }
    None
}
