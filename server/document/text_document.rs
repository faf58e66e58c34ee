//! One open document: its text, version, line index and incremental parse, kept in step.

use tower_lsp_server::ls_types::Range as LspRange;
use tree_sitter::{InputEdit, Point};

use super::line_index::{LineIndex, PositionEncoding};
use super::parse::ParsedModule;
use crate::analysis::limits::{self, Limit};

/// An open document. The text and the line index always describe the same text; the
/// tree does too once the document is parsed ([`Document::ensure_parsed`]), except while
/// the text is past [`limits::indentation`]: the parser cannot take it, so the tree is
/// that of an empty module and [`Document::unparsed`] says why.
#[derive(Clone)]
pub struct Document {
    text: String,
    version: i32,
    line_index: LineIndex,
    parsed: ParsedModule,
    tree: TreeState,
    /// Some line with code is indented 256 columns or more ([`limits::indentation`]
    /// then counts the widths of the whole text on each edit; else only the lines an
    /// edit touched are looked at).
    wide_indentation: bool,
    /// The last change as byte offsets: `start..old_end` became `new_len` bytes.
    last_edit: (usize, usize, usize),
}

/// Whether [`Document::parsed`] is the parse of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
enum TreeState {
    /// It is, and edits keep it so (edit and reparse with the old tree).
    Parsed,
    /// Not parsed yet (or no longer, see [`Document::defer_parsing`]): edits change the
    /// text only, and [`Document::ensure_parsed`] parses from scratch.
    Deferred,
    /// Past the parser's limits: an empty module until an edit brings it back.
    Unparsable(Limit),
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
        let mut document = Document::deferred(text, version);
        document.ensure_parsed();
        document
    }

    /// A document with `text` at `version`, parsed only when first needed
    /// ([`Document::ensure_parsed`]): a document that is never analysed (over
    /// `max-file-size`) is never parsed.
    pub fn deferred(text: String, version: i32) -> Document {
        let line_index = LineIndex::new(&text);
        let len = text.len();
        Document {
            text,
            version,
            line_index,
            parsed: ParsedModule::parse(""),
            tree: TreeState::Deferred,
            wide_indentation: true,
            last_edit: (0, 0, len),
        }
    }

    /// Parses the text from scratch unless the tree is already its parse (or the text is
    /// past the parser's limits).
    pub fn ensure_parsed(&mut self) {
        if self.tree == TreeState::Deferred {
            self.wide_indentation = limits::wide_indentation_near(&self.text, 0, self.text.len());
            self.tree = match limits::indentation(&self.text) {
                Some(limit) => TreeState::Unparsable(limit),
                None => {
                    self.parsed = ParsedModule::parse(&self.text);
                    TreeState::Parsed
                }
            };
        }
    }

    /// Drops the tree until [`Document::ensure_parsed`]: edits then change the text only.
    /// For a document that is not analysed (over `max-file-size`).
    pub fn defer_parsing(&mut self) {
        if self.tree != TreeState::Deferred {
            self.parsed = ParsedModule::parse("");
            self.tree = TreeState::Deferred;
        }
    }

    /// True when [`Document::parsed`] is the parse of the text.
    pub fn is_parsed(&self) -> bool {
        self.tree == TreeState::Parsed
    }

    /// Why the text is not parsed (its tree is then an empty module's): it is past a
    /// limit of the parser. `None` for every text Python itself accepts.
    pub fn unparsed(&self) -> Option<&Limit> {
        match &self.tree {
            TreeState::Unparsable(limit) => Some(limit),
            _ => None,
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
            let parse_now = self.tree == TreeState::Parsed && new_text.len() <= limits::EAGER_PARSE;
            *self = Document::deferred(new_text.to_string(), self.version);
            if parse_now {
                self.ensure_parsed();
            }
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
        self.tree = match std::mem::replace(&mut self.tree, TreeState::Deferred) {
            TreeState::Deferred => TreeState::Deferred,
            // Too big to reparse on every edit: parsed again when it is analysed.
            _ if self.text.len() > limits::EAGER_PARSE => {
                self.parsed = ParsedModule::parse("");
                TreeState::Deferred
            }
            // Past the parser's limits: not parsed at all.
            _ if self
                .past_indentation(edit.start_byte, edit.new_end_byte)
                .is_some() =>
            {
                let limit = limits::indentation(&self.text).unwrap_or(Limit::Indentation {
                    widths: limits::MAX_INDENTATION_WIDTHS + 1,
                });
                self.parsed = ParsedModule::parse("");
                TreeState::Unparsable(limit)
            }
            TreeState::Parsed => {
                self.parsed.edit(&edit, &self.text);
                TreeState::Parsed
            }
            // Back under the limits: parsed from scratch (the tree is an empty module's).
            TreeState::Unparsable(_) => {
                self.parsed = ParsedModule::parse(&self.text);
                TreeState::Parsed
            }
        };
    }

    /// [`limits::indentation`] of the text after an edit that wrote `start..new_end`,
    /// looking only at the lines it touched when the text had no wide indentation.
    fn past_indentation(&mut self, start: usize, new_end: usize) -> Option<Limit> {
        if !self.wide_indentation {
            self.wide_indentation = limits::wide_indentation_near(&self.text, start, new_end);
            if !self.wide_indentation {
                return None;
            }
        }
        self.wide_indentation = limits::wide_indentation_near(&self.text, 0, self.text.len());
        limits::indentation(&self.text)
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
