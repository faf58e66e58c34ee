//! The parse of one Python module, behind this module's own interface so rules and
//! fixes do not depend on how it is stored.
//!
//! The module is a sequence of chunks, one per top-level statement (with the comments
//! and blank lines after it), found by [`super::split`] from the bytes. Each chunk is
//! parsed on its own with tree-sitter, over the whole text restricted to the chunk's
//! range (`Parser::set_included_ranges`), so every node keeps its position in the
//! whole text. An edit re-splits the text locally, reparses only the chunks whose text
//! changed and shifts the trees of the chunks after it (SPEC §6): the cost of an edit
//! no longer grows with the size of the module's tree, only with the number of chunks.
//!
//! The result after any sequence of edits equals [`ParsedModule::parse`] of the new
//! text: the local re-split stops only where it meets the old split again, and a
//! chunk whose incremental reparse has syntax errors is parsed again from scratch
//! (error recovery may otherwise depend on the chunk's history).

use std::cell::RefCell;

use tree_sitter::{InputEdit, Node, Parser, Point, Range, Tree};

use super::split::Splitter;

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(new_parser());
}

fn new_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .expect("the bundled Python grammar matches the tree-sitter ABI");
    parser
}

/// A parsed Python module.
#[derive(Clone)]
pub struct ParsedModule {
    chunks: Vec<Chunk>,
    /// The length of the text.
    len: usize,
    /// The position just after the last byte of the text.
    end: Point,
}

#[derive(Clone)]
struct Chunk {
    /// The chunk's first byte (a line start; 0 for the first chunk).
    start: usize,
    /// The row of `start`.
    row: usize,
    /// `None` when the chunk was left unparsed ([`ParsedModule::parse_sparse`]).
    tree: Option<Tree>,
}

impl ParsedModule {
    /// Parses `text` from scratch.
    pub fn parse(text: &str) -> ParsedModule {
        ParsedModule::parse_sparse(text, |_| true)
    }

    /// Parses only the chunks (top-level statements with the comments after them) whose
    /// text `keep` accepts; the others contribute no statements. For the checker, which
    /// knows from the bytes which statements cannot matter.
    pub fn parse_sparse(text: &str, mut keep: impl FnMut(&str) -> bool) -> ParsedModule {
        let mut starts = vec![(0, 0)];
        starts.extend(Splitter::new(text, 0));
        let end = end_point(text);
        let mut module = ParsedModule {
            chunks: Vec::with_capacity(starts.len()),
            len: text.len(),
            end,
        };
        for (i, &(start, row)) in starts.iter().enumerate() {
            let end_byte = starts.get(i + 1).map_or(text.len(), |&(b, _)| b);
            let tree = keep(text.get(start..end_byte).unwrap_or_default()).then(|| {
                let range = chunk_range(start, row, starts.get(i + 1).copied(), text.len(), end);
                parse_chunk(text, range, None)
            });
            module.chunks.push(Chunk { start, row, tree });
        }
        module
    }

    /// Records an edit already applied to the text, then brings the chunks up to date
    /// with `new_text`: re-splits around the edit, reparses the chunks that changed
    /// (reusing the old tree of the edited chunk) and shifts the ones after it.
    pub fn edit(&mut self, edit: &InputEdit, new_text: &str) {
        let old_len = self.len;
        let (start, old_end, new_end) = (edit.start_byte, edit.old_end_byte, edit.new_end_byte);
        let valid =
            start <= old_end && old_end <= old_len && new_end >= start && !self.chunks.is_empty();
        if !valid || new_text.len() + old_end != old_len + new_end {
            *self = ParsedModule::parse(new_text);
            return;
        }
        self.len = new_text.len();
        self.end = end_after(self.end, edit);

        // The chunk holding the edit's start, and the one before it: an edit at the
        // start of a line can join that line to the statement above.
        let first = self
            .chunks
            .partition_point(|c| c.start <= start)
            .saturating_sub(1);
        let from_index = first.saturating_sub(1);
        let from = self.chunks[from_index].start;
        let from_row = self.chunks[from_index].row;

        let mut starts = vec![(from, from_row)];
        let mut resume = self.chunks.len();
        for (byte, rows) in Splitter::new(new_text, from) {
            if byte >= new_end {
                let old_byte = byte - new_end + old_end;
                if let Ok(j) = self.chunks.binary_search_by_key(&old_byte, |c| c.start)
                    && j > from_index
                {
                    resume = j;
                    break;
                }
            }
            starts.push((byte, from_row + rows));
        }

        // The old chunks of the re-split region, with their old extents.
        let resume_old_start = self.chunks.get(resume).map_or(old_len, |c| c.start);
        let mut old: Vec<(usize, usize, Option<Tree>)> = Vec::new();
        let region: Vec<Chunk> = self.chunks.drain(from_index..resume).collect();
        for (k, chunk) in region.iter().enumerate() {
            let end = region.get(k + 1).map_or(resume_old_start, |c| c.start);
            old.push((chunk.start, end, chunk.tree.clone()));
        }
        drop(region);

        // Shift what follows the region.
        let row_delta = edit.new_end_position.row as isize - edit.old_end_position.row as isize;
        for chunk in &mut self.chunks[from_index..] {
            chunk.start = chunk.start - old_end + new_end;
            chunk.row = chunk.row.saturating_add_signed(row_delta);
            if let Some(tree) = &mut chunk.tree {
                tree.edit(edit);
            }
        }
        let next = self.chunks.get(from_index).map(|c| (c.start, c.row));

        let mut fresh = Vec::with_capacity(starts.len());
        for (k, &(byte, row)) in starts.iter().enumerate() {
            let following = starts.get(k + 1).copied().or(next);
            let end_byte = following.map_or(new_text.len(), |(b, _)| b);
            let range = chunk_range(byte, row, following, new_text.len(), self.end);
            let tree = reuse(&mut old, byte, end_byte, edit).unwrap_or_else(|| {
                let previous = take_edited(&mut old, byte, edit);
                parse_chunk_deterministic(new_text, range, previous)
            });
            fresh.push(Chunk {
                start: byte,
                row,
                tree: Some(tree),
            });
        }
        let after = from_index + fresh.len();
        self.chunks.splice(from_index..from_index, fresh);

        // Error recovery depends on where a chunk is (the skipped text before it counts),
        // so a moved chunk with syntax errors is parsed again where it now is.
        let moved = new_end != old_end || row_delta != 0;
        if moved {
            for index in after..self.chunks.len() {
                let broken = self.chunks[index]
                    .tree
                    .as_ref()
                    .is_some_and(|tree| tree.root_node().has_error());
                if broken {
                    let range = self.range_of(index);
                    self.chunks[index].tree = Some(parse_chunk(new_text, range, None));
                }
            }
        }
    }

    /// The tree-sitter range of chunk `index` in the current text.
    fn range_of(&self, index: usize) -> Range {
        let chunk = &self.chunks[index];
        let next = self.chunks.get(index + 1).map(|c| (c.start, c.row));
        chunk_range(chunk.start, chunk.row, next, self.len, self.end)
    }

    /// The top-level statements, in order (comments at top level included: FG102 scans
    /// them). Walked with one cursor per chunk: `Node::child(i)` scans the children
    /// before `i`, which would make listing every statement quadratic.
    pub fn statements(&self) -> impl Iterator<Item = Node<'_>> {
        let mut statements = Vec::with_capacity(self.chunks.len());
        for root in self.roots() {
            // Most chunks hold one statement: no cursor needed.
            if root.child_count() == 1 {
                statements.extend(root.child(0));
                continue;
            }
            let mut cursor = root.walk();
            statements.extend(root.children(&mut cursor));
        }
        statements.into_iter()
    }

    /// The `module` node of every parsed chunk, in order: whole-module walks visit each.
    pub fn roots(&self) -> impl Iterator<Item = Node<'_>> {
        self.chunks
            .iter()
            .filter_map(|chunk| chunk.tree.as_ref().map(Tree::root_node))
    }

    /// The smallest node spanning `start..end`, in the chunk holding `start`; `None`
    /// when the range leaves that chunk or the chunk was not parsed.
    pub fn descendant_for_byte_range(&self, start: usize, end: usize) -> Option<Node<'_>> {
        let index = self
            .chunks
            .partition_point(|c| c.start <= start)
            .checked_sub(1)?;
        let chunk_end = self.chunks.get(index + 1).map_or(self.len, |c| c.start);
        if end > chunk_end {
            return None;
        }
        let root = self.chunks[index].tree.as_ref()?.root_node();
        root.descendant_for_byte_range(start, end)
    }

    /// How many chunks (top-level statements with their trailing comments) the module has.
    pub fn chunk_count(&self) -> usize {
        self.chunks.len()
    }

    /// The trees in S-expression form, one per chunk, for tests and debugging.
    pub fn to_sexp(&self) -> String {
        let parts: Vec<String> = self.roots().map(|root| root.to_sexp()).collect();
        parts.join("\n")
    }

    /// True when the parse contains syntax errors or missing nodes.
    pub fn has_errors(&self) -> bool {
        self.roots().any(|root| root.has_error())
    }

    /// Counts ERROR and MISSING nodes (fix invariants compare this before and after).
    pub fn error_count(&self) -> usize {
        self.roots().map(error_count_under).sum()
    }
}

fn error_count_under(root: Node<'_>) -> usize {
    let mut count = 0;
    let mut cursor = root.walk();
    let mut descend = true;
    loop {
        let node = cursor.node();
        if descend {
            if node.is_error() || node.is_missing() {
                count += 1;
            }
            if node.has_error() && cursor.goto_first_child() {
                continue;
            }
        }
        if cursor.goto_next_sibling() {
            descend = true;
            continue;
        }
        if !cursor.goto_parent() {
            break;
        }
        descend = false;
    }
    count
}

/// The tree of an old chunk whose text is unchanged and which has the same extent in
/// the new text (before the edit, or after it and shifted), moved to the new positions.
fn reuse(
    old: &mut [(usize, usize, Option<Tree>)],
    start: usize,
    end: usize,
    edit: &InputEdit,
) -> Option<Tree> {
    let (before, after) = (edit.start_byte, edit.old_end_byte);
    for (old_start, old_end, tree) in old.iter_mut() {
        if tree.is_none() {
            continue;
        }
        if *old_end <= before && *old_start == start && *old_end == end {
            return tree.take();
        }
        let shifted = |b: usize| b - after + edit.new_end_byte;
        let moved =
            edit.new_end_byte != after || edit.new_end_position.row != edit.old_end_position.row;
        if *old_start >= after && shifted(*old_start) == start && shifted(*old_end) == end {
            if moved && tree.as_ref().is_some_and(|t| t.root_node().has_error()) {
                // Parsed again where it now is (see the end of `ParsedModule::edit`).
                return None;
            }
            let mut tree = tree.take()?;
            tree.edit(edit);
            return Some(tree);
        }
    }
    None
}

/// The old tree of the chunk the edit falls in, when the new chunk starts where it
/// did, edited for an incremental reparse.
fn take_edited(
    old: &mut [(usize, usize, Option<Tree>)],
    start: usize,
    edit: &InputEdit,
) -> Option<Tree> {
    let slot = old
        .iter_mut()
        .find(|(old_start, _, tree)| *old_start == start && tree.is_some())?;
    let mut tree = slot.2.take()?;
    tree.edit(edit);
    Some(tree)
}

/// Parses one chunk, incrementally from `previous` when given; a result with syntax
/// errors is parsed again from scratch so it never depends on the chunk's history.
fn parse_chunk_deterministic(text: &str, range: Range, previous: Option<Tree>) -> Tree {
    match previous {
        Some(previous) => {
            let tree = parse_chunk(text, range, Some(&previous));
            if tree.root_node().has_error() {
                parse_chunk(text, range, None)
            } else {
                tree
            }
        }
        None => parse_chunk(text, range, None),
    }
}

/// The tree-sitter range of the chunk starting at `start` (on `row`, column 0) and
/// ending where the next one starts, or at the end of the text.
fn chunk_range(
    start: usize,
    row: usize,
    next: Option<(usize, usize)>,
    len: usize,
    end: Point,
) -> Range {
    let (end_byte, end_point) = match next {
        Some((byte, row)) => (byte, Point::new(row, 0)),
        None => (len, end),
    };
    Range {
        start_byte: start,
        end_byte,
        start_point: Point::new(row, 0),
        end_point,
    }
}

fn parse_chunk(text: &str, range: Range, old: Option<&Tree>) -> Tree {
    PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        // One range in order is always accepted; an empty one stands for the empty text.
        let ranges: &[Range] = if range.start_byte < range.end_byte {
            std::slice::from_ref(&range)
        } else {
            &[]
        };
        let _ = parser.set_included_ranges(ranges);
        let source = if ranges.is_empty() { "" } else { text };
        // Without a timeout or cancellation flag, parse only returns None when no
        // language is set, which `new_parser` rules out.
        parser
            .parse(source, old)
            .expect("parsing with a language set always yields a tree")
    })
}

/// Where the end of the text moves to with `edit`.
fn end_after(end: Point, edit: &InputEdit) -> Point {
    let (old, new) = (edit.old_end_position, edit.new_end_position);
    if end.row == old.row {
        Point::new(new.row, new.column + end.column.saturating_sub(old.column))
    } else {
        Point::new(end.row - old.row + new.row, end.column)
    }
}

/// The point just after the last byte of `text`.
fn end_point(text: &str) -> Point {
    let bytes = text.as_bytes();
    let rows = bytes.iter().filter(|&&b| b == b'\n').count();
    let column = bytes.iter().rev().take_while(|&&b| b != b'\n').count();
    Point::new(rows, column)
}
