//! Line starts and the conversion between LSP positions and byte offsets.
//!
//! This is the one place offsets are converted: rules and fixes speak byte ranges,
//! the protocol layer speaks `(line, character)` in the negotiated encoding.
//!
//! A line's content excludes its line ending (`\n`, `\r\n` or a lone `\r`, as LSP
//! defines lines). Positions past the end of a line or of the text, and positions
//! inside a multi-unit character, are clamped; the caller learns that clamping
//! happened so it can log it. Nothing here panics on any input.

use std::ops::Range;

use tower_lsp_server::ls_types::{Position, Range as LspRange};

/// How the `character` of an LSP position counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum PositionEncoding {
    /// Bytes of UTF-8 (`positionEncoding: "utf-8"`).
    Utf8,
    /// UTF-16 code units, the LSP default (astral characters count 2).
    #[default]
    Utf16,
}

impl PositionEncoding {
    /// How many units `c` counts for in this encoding.
    pub fn units(self, c: char) -> usize {
        match self {
            PositionEncoding::Utf8 => c.len_utf8(),
            PositionEncoding::Utf16 => c.len_utf16(),
        }
    }

    /// The LSP name of the encoding (`utf-8`, `utf-16`).
    pub fn as_str(self) -> &'static str {
        match self {
            PositionEncoding::Utf8 => "utf-8",
            PositionEncoding::Utf16 => "utf-16",
        }
    }
}

/// A byte offset resolved from an LSP position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    pub offset: usize,
    /// The position was out of range or inside a character and was moved.
    pub clamped: bool,
}

/// The byte offset where each line starts, for one version of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// `line_starts[0] == 0`; one entry per line, including an empty last line.
    line_starts: Vec<usize>,
    len: usize,
    /// A `\r` not followed by `\n` ends an LSP line but not a tree-sitter row.
    has_lone_cr: bool,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut has_lone_cr = false;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    } else {
                        has_lone_cr = true;
                    }
                    line_starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            line_starts,
            len: text.len(),
            has_lone_cr,
        }
    }

    /// Updates the index after `text[start..old_end]` was replaced by `new_len` bytes;
    /// `text` is the text after the edit. Only the lines around the edit are rescanned.
    pub fn apply_edit(&mut self, text: &str, start: usize, old_end: usize, new_len: usize) {
        let bytes = text.as_bytes();
        let new_end = start + new_len;
        if old_end < start || new_end > bytes.len() || old_end > self.len {
            *self = LineIndex::new(text);
            return;
        }
        // Whether `p` starts a line depends on bytes `p - 1` and `p` only, so the starts
        // in `start..=old_end` are replaced by those in `start..=new_end`.
        let keep_before = self.line_starts.partition_point(|&p| p < start);
        let keep_after = self.line_starts.partition_point(|&p| p <= old_end);
        let mut rescanned = Vec::new();
        for p in start.max(1)..=new_end {
            let starts_line = match bytes[p - 1] {
                b'\n' => true,
                b'\r' => {
                    let lone = bytes.get(p) != Some(&b'\n');
                    self.has_lone_cr |= lone;
                    lone
                }
                _ => false,
            };
            if starts_line {
                rescanned.push(p);
            }
        }
        let delta = new_end as isize - old_end as isize;
        let after = self.line_starts[keep_after..]
            .iter()
            .map(|&p| p.wrapping_add_signed(delta));
        let mut line_starts = Vec::with_capacity(self.line_starts.len() + rescanned.len());
        line_starts.extend_from_slice(&self.line_starts[..keep_before]);
        line_starts.extend(rescanned);
        line_starts.extend(after);
        if line_starts.first() != Some(&0) {
            line_starts.insert(0, 0);
        }
        self.line_starts = line_starts;
        self.len = bytes.len();
    }

    /// The byte offset where each line starts.
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// The number of lines (a text ending in a newline has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The length in bytes of the indexed text.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True for the empty text.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The byte range of line `line`'s content, without its line ending.
    pub fn line_content(&self, text: &str, line: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(line)?;
        let mut end = self.line_starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(start..end)
    }

    /// The line holding byte `offset` (offsets in a line ending belong to its line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// The byte offset of `position`. Lines past the end resolve to the end of the text,
    /// characters past the end of a line to the end of its content, and a position
    /// inside a multi-unit character to that character's start; each is marked clamped.
    pub fn offset(&self, text: &str, position: Position, encoding: PositionEncoding) -> Resolved {
        let Some(content) = self.line_content(text, position.line as usize) else {
            return Resolved {
                offset: self.len,
                clamped: true,
            };
        };
        let Some(line) = text.get(content.clone()) else {
            // The index does not belong to this text; stay inside it.
            return Resolved {
                offset: self.len.min(text.len()),
                clamped: true,
            };
        };
        let wanted = position.character as usize;
        if line.is_ascii() {
            return Resolved {
                offset: content.start + wanted.min(line.len()),
                clamped: wanted > line.len(),
            };
        }
        let mut units = 0;
        for (byte, c) in line.char_indices() {
            if units == wanted {
                return Resolved {
                    offset: content.start + byte,
                    clamped: false,
                };
            }
            units += encoding.units(c);
            if units > wanted {
                return Resolved {
                    offset: content.start + byte,
                    clamped: true,
                };
            }
        }
        Resolved {
            offset: content.end,
            clamped: units != wanted,
        }
    }

    /// The LSP position of byte `offset`. Offsets past the end are taken as the end;
    /// an offset inside a character or a line ending is moved back to a boundary.
    pub fn position(&self, text: &str, offset: usize, encoding: PositionEncoding) -> Position {
        let mut offset = offset.min(self.len).min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let Some(content) = self.line_content(text, line) else {
            return Position::new(0, 0);
        };
        let end = offset.clamp(content.start, content.end);
        let prefix = text.get(content.start..end).unwrap_or_default();
        let character = if prefix.is_ascii() {
            prefix.len()
        } else {
            prefix.chars().map(|c| encoding.units(c)).sum()
        };
        Position::new(to_u32(line), to_u32(character))
    }

    /// The LSP range of a byte range.
    pub fn range(&self, text: &str, range: Range<usize>, encoding: PositionEncoding) -> LspRange {
        LspRange::new(
            self.position(text, range.start, encoding),
            self.position(text, range.end, encoding),
        )
    }

    /// The tree-sitter point (row = `\n`s before, column = bytes since the last `\n`)
    /// of byte `offset`.
    pub fn point(&self, text: &str, offset: usize) -> tree_sitter::Point {
        let offset = offset.min(text.len());
        if self.has_lone_cr {
            let before = &text.as_bytes()[..offset];
            let row = before.iter().filter(|&&b| b == b'\n').count();
            let row_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            return tree_sitter::Point::new(row, offset - row_start);
        }
        let line = self.line_of(offset);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        tree_sitter::Point::new(line, offset - start.min(offset))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
