//! One open document: its text, version, line index and incremental parse, kept in step.

use tower_lsp_server::ls_types::Range as LspRange;
use tree_sitter::{InputEdit, Point};

use super::line_index::{LineIndex, PositionEncoding};
use super::parse::ParsedModule;

/// An open document. The text, the line index and the tree always describe the same text.
#[derive(Clone)]
pub struct Document {
    text: String,
    version: i32,
    line_index: LineIndex,
    parsed: ParsedModule,
    /// The last change as byte offsets: `start..old_end` became `new_len` bytes.
    last_edit: (usize, usize, usize),
}

/// What happened while applying one change, for the caller to log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChangeOutcome {
    /// A position of the range was out of range or inside a character and was moved.
    pub clamped: bool,
    /// The range ended before it started and was normalised.
    pub reversed: bool,
}

impl Document {
    /// A document with `text` at `version`, parsed from scratch.
    pub fn new(text: String, version: i32) -> Document {
        let line_index = LineIndex::new(&text);
        let parsed = ParsedModule::parse(&text);
        let len = text.len();
        Document {
            text,
            version,
            line_index,
            parsed,
            last_edit: (0, 0, len),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    pub fn set_version(&mut self, version: i32) {
        self.version = version;
    }

    pub fn line_index(&self) -> &LineIndex {
        &self.line_index
    }

    pub fn parsed(&self) -> &ParsedModule {
        &self.parsed
    }

    /// The byte span of the last change applied (or of the whole text for a new
    /// document): `(start, old_end, new_len)`, bytes `start..old_end` of the text before
    /// it were replaced by the `new_len` bytes at `start`.
    pub fn last_edit(&self) -> (usize, usize, usize) {
        self.last_edit
    }

    /// Applies one `contentChanges` entry: a replacement of `range` (in `encoding`) by
    /// `new_text`, or of the whole text when `range` is `None`. The tree is edited and
    /// reparsed reusing the old tree.
    pub fn apply_change(
        &mut self,
        range: Option<LspRange>,
        new_text: &str,
        encoding: PositionEncoding,
    ) -> ChangeOutcome {
        let Some(range) = range else {
            let old_len = self.text.len();
            *self = Document::new(new_text.to_string(), self.version);
            self.last_edit = (0, old_len, new_text.len());
            return ChangeOutcome::default();
        };
        let start = self.line_index.offset(&self.text, range.start, encoding);
        let end = self.line_index.offset(&self.text, range.end, encoding);
        let mut outcome = ChangeOutcome {
            clamped: start.clamped || end.clamped,
            reversed: false,
        };
        let (start, end) = if end.offset < start.offset {
            outcome.reversed = true;
            (end.offset, start.offset)
        } else {
            (start.offset, end.offset)
        };
        self.replace(start..end, new_text);
        outcome
    }

    /// Replaces the byte range `range` (on character boundaries) with `new_text`.
    fn replace(&mut self, range: std::ops::Range<usize>, new_text: &str) {
        let start_position = self.line_index.point(&self.text, range.start);
        let old_end_position = self.line_index.point(&self.text, range.end);
        let edit = InputEdit {
            start_byte: range.start,
            old_end_byte: range.end,
            new_end_byte: range.start + new_text.len(),
            start_position,
            old_end_position,
            new_end_position: point_after(start_position, new_text),
        };
        self.last_edit = (range.start, range.end, new_text.len());
        self.text.replace_range(range, new_text);
        self.line_index.apply_edit(
            &self.text,
            edit.start_byte,
            edit.old_end_byte,
            new_text.len(),
        );
        self.parsed.edit(&edit, &self.text);
    }
}

/// The point reached by writing `inserted` at `start` (tree-sitter rows end at `\n`).
fn point_after(start: Point, inserted: &str) -> Point {
    match inserted.rfind('\n') {
        None => Point::new(start.row, start.column + inserted.len()),
        Some(last) => Point::new(
            start.row + inserted.bytes().filter(|&b| b == b'\n').count(),
            inserted.len() - last - 1,
        ),
    }
}
