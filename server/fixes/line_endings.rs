//! Line endings and line arithmetic on byte offsets: inserted lines use the file's own
//! line ending (`\n` or `\r\n`), and edits land on line boundaries.

/// The line ending a file uses: `\r\n` when most of its line breaks are `\r\n`, else `\n`
/// (also for a file without any line break).
pub fn detect(source: &str) -> &'static str {
    let bytes = source.as_bytes();
    let mut crlf = 0usize;
    let mut lf = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            if i > 0 && bytes[i - 1] == b'\r' {
                crlf += 1;
            } else {
                lf += 1;
            }
        }
    }
    if crlf > lf { "\r\n" } else { "\n" }
}

/// The byte offset where the line holding `offset` starts.
pub fn line_start(source: &str, offset: usize) -> usize {
    let offset = offset.min(source.len());
    source.as_bytes()[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1)
}

/// The byte offset where the content of the line holding `offset` ends, before its
/// line ending (`\n` or `\r\n`), or the end of the file.
pub fn line_content_end(source: &str, offset: usize) -> usize {
    let offset = offset.min(source.len());
    let bytes = source.as_bytes();
    match bytes[offset..].iter().position(|&b| b == b'\n') {
        Some(i) => {
            let nl = offset + i;
            if nl > offset && bytes[nl - 1] == b'\r' {
                nl - 1
            } else {
                nl
            }
        }
        None => source.len(),
    }
}

/// The byte offset where the line after the one holding `offset` starts, or `None`
/// when that line is the last one (no line break after it).
pub fn next_line_start(source: &str, offset: usize) -> Option<usize> {
    let offset = offset.min(source.len());
    source.as_bytes()[offset..]
        .iter()
        .position(|&b| b == b'\n')
        .map(|i| offset + i + 1)
}

/// The whitespace that starts the line holding `offset`.
pub fn indentation_at(source: &str, offset: usize) -> &str {
    let start = line_start(source, offset);
    let rest = &source[start..];
    let len = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    &rest[..len]
}

/// True when the line starting at `start` holds only whitespace (or `start` is the end
/// of the file).
pub fn is_blank_line_at(source: &str, start: usize) -> bool {
    let end = line_content_end(source, start);
    source
        .get(start.min(end)..end)
        .is_none_or(|line| line.trim().is_empty())
}

/// True when everything after `offset` on its line is whitespace or a comment, so a new
/// line can start right after this one.
pub fn rest_of_line_is_clean(source: &str, offset: usize) -> bool {
    let end = line_content_end(source, offset);
    source.get(offset.min(end)..end).is_some_and(|rest| {
        let rest = rest.trim_start();
        rest.is_empty() || rest.starts_with('#')
    })
}

/// True when only whitespace precedes `offset` on its line.
pub fn only_indentation_before(source: &str, offset: usize) -> bool {
    let start = line_start(source, offset);
    source
        .get(start..offset)
        .is_some_and(|before| before.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_crlf_only_when_it_dominates() {
        assert_eq!(detect("a\r\nb\r\n"), "\r\n");
        assert_eq!(detect("a\nb\n"), "\n");
        assert_eq!(detect("a"), "\n");
        assert_eq!(detect("a\r\nb\nc\n"), "\n");
    }

    #[test]
    fn line_bounds_exclude_the_line_ending() {
        let text = "ab\r\ncd\nef";
        assert_eq!(line_start(text, 5), 4);
        assert_eq!(line_content_end(text, 0), 2);
        assert_eq!(line_content_end(text, 4), 6);
        assert_eq!(line_content_end(text, 8), 9);
        assert_eq!(next_line_start(text, 0), Some(4));
        assert_eq!(next_line_start(text, 8), None);
    }

    #[test]
    fn clean_rest_allows_comments_only() {
        let text = "x = 1  # c\ny = 2; z = 3\n";
        assert!(rest_of_line_is_clean(text, 5));
        assert!(!rest_of_line_is_clean(text, 16));
    }
}
