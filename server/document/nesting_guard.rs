//! A byte-level check, run before parsing, for text that would abort the process in
//! tree-sitter-python's external scanner.
//!
//! The scanner keeps a stack of indentation widths (one `u16` per open block) and a
//! stack of open string delimiters. After every external token tree-sitter asks it to
//! serialise both into a 1024-byte buffer: one byte for the f-string flag, one for the
//! delimiter count (capped at 255), one per delimiter, then two per indentation level
//! while fewer than 1024 bytes are written. When the delimiter count `d` is odd the
//! written size is odd, the last two-byte write ends at byte 1025, and tree-sitter's
//! `assert(length <= TREE_SITTER_SERIALIZATION_BUFFER_SIZE)` aborts the whole process
//! (no unwinding, so `catch_unwind` cannot help). That happens once the indentation
//! stack holds `(1023 - d) / 2` levels while `d` strings are open: 511 nested blocks
//! with a string literal inside (`d = 1`), fewer with nested f-strings, never fewer
//! than 384 (`d = 255`).
//!
//! The stack is strictly increasing, and every width it holds is the width the scanner
//! measures at the start of some line, so it can never be deeper than the number of
//! distinct nonzero line-start widths in the text. [`too_deep`] counts those the way
//! the scanner measures them (space 1, tab 8, `\r` and `\f` reset, backslash
//! continuations add up, `u16` arithmetic) and refuses text with [`MAX_INDENT_WIDTHS`]
//! or more, well below 384. Real code uses a handful.

use std::fmt;

/// The number of distinct line-start indentation widths from which text is refused
/// (the scanner aborts at 384 at the earliest).
pub const MAX_INDENT_WIDTHS: usize = 256;

/// Why a text is not parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    /// Distinct nonzero indentation widths found (at least [`MAX_INDENT_WIDTHS`]).
    pub widths: usize,
}

impl fmt::Display for TooDeep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "nested too deeply to analyse safely ({} or more indentation levels; the limit is {})",
            self.widths, MAX_INDENT_WIDTHS
        )
    }
}

/// `Some` when `text` could nest deep enough to abort the Python parser; such text
/// must not be handed to `ParsedModule::parse` (or `edit`).
pub fn too_deep(text: &str) -> Option<TooDeep> {
    let bytes = text.as_bytes();
    // Quick exit: fewer lines than the limit cannot have that many widths.
    if bytes.iter().filter(|&&b| b == b'\n').count() + 1 < MAX_INDENT_WIDTHS {
        return None;
    }
    let mut seen = vec![0u64; (usize::from(u16::MAX) + 1) / 64];
    let mut widths = 0;
    let mut record = |width: u16| {
        let (word, bit) = (usize::from(width) / 64, width % 64);
        if width != 0 && seen[word] & (1 << bit) == 0 {
            seen[word] |= 1 << bit;
            widths += 1;
        }
    };
    let mut line_start = Some(0);
    while let Some(start) = line_start {
        if let Some(width) = width_at(bytes, start) {
            record(width);
        }
        line_start = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|i| start + i + 1);
    }
    (widths >= MAX_INDENT_WIDTHS).then_some(TooDeep { widths })
}

/// The indentation width the scanner measures from `start` (just after a newline) up to
/// the first token, or `None` when the line holds none (blank or end of text).
fn width_at(bytes: &[u8], start: usize) -> Option<u16> {
    let mut width: u16 = 0;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' => width = width.wrapping_add(1),
            b'\t' => width = width.wrapping_add(8),
            b'\r' | b'\x0c' => width = 0,
            b'\n' => return None,
            b'\\' => {
                let mut next = i + 1;
                if bytes.get(next) == Some(&b'\r') {
                    next += 1;
                }
                match bytes.get(next) {
                    // A continuation: the width goes on counting on the next line.
                    Some(b'\n') | None => i = next,
                    Some(_) => return Some(width),
                }
            }
            // A comment line: the scanner may stop here or skip it; counting it is the
            // safe choice.
            _ => return Some(width),
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested_ifs(levels: usize, indent: &str) -> String {
        let mut text = String::new();
        for level in 0..levels {
            text.push_str(&indent.repeat(level));
            text.push_str("if x:\n");
        }
        text.push_str(&indent.repeat(levels));
        text.push_str("y = \"s\"\n");
        text
    }

    #[test]
    fn ordinary_code_passes() {
        assert_eq!(too_deep(""), None);
        assert_eq!(too_deep("def f():\n    return 1\n"), None);
        assert_eq!(too_deep(&nested_ifs(40, "    ")), None);
        assert_eq!(too_deep(&"x = 1\n".repeat(5000)), None);
    }

    #[test]
    fn the_limit_is_counted_in_distinct_widths() {
        assert_eq!(too_deep(&nested_ifs(MAX_INDENT_WIDTHS - 1, " ")), None);
        assert_eq!(
            too_deep(&nested_ifs(MAX_INDENT_WIDTHS, " ")),
            Some(TooDeep {
                widths: MAX_INDENT_WIDTHS
            })
        );
        // Many lines at a few depths are fine however long the file.
        let wide = "if x:\n    if y:\n        z = 1\n".repeat(1000);
        assert_eq!(too_deep(&wide), None);
    }

    #[test]
    fn the_depth_that_aborts_the_parser_is_refused() {
        for indent in [" ", "    ", "\t", " \t"] {
            assert!(too_deep(&nested_ifs(511, indent)).is_some(), "{indent:?}");
        }
    }

    #[test]
    fn widths_are_measured_like_the_scanner() {
        // A tab is eight columns: one space and one tab are different widths.
        assert_eq!(width_at(b" \tx", 0), Some(9));
        // `\r` and form feed start the count again.
        assert_eq!(width_at(b"   \r  x", 0), Some(2));
        assert_eq!(width_at(b"   \x0cx", 0), Some(0));
        // A backslash continuation adds the next line's indentation.
        assert_eq!(width_at(b"  \\\n   x", 0), Some(5));
        assert_eq!(width_at(b"  \\\r\n   x", 0), Some(5));
        assert_eq!(width_at(b"  \\x", 0), Some(2));
        // Blank lines hold no token.
        assert_eq!(width_at(b"    \n", 0), None);
        assert_eq!(width_at(b"   ", 0), None);
        // Widths wrap like the scanner's u16.
        let far = format!("{}x", "\t".repeat(8192));
        assert_eq!(width_at(far.as_bytes(), 0), Some(0));
    }

    #[test]
    fn continuation_widths_count_towards_the_limit() {
        // Every line is one space deeper than the last only through continuations.
        let mut text = String::new();
        for level in 1..=MAX_INDENT_WIDTHS {
            text.push_str(&" ".repeat(level - 1));
            text.push_str("\\\n x\n");
        }
        assert!(too_deep(&text).is_some());
    }
}
