//! The parse of one Python module, behind this module's own interface so rules and
//! fixes do not depend on how it is stored.
//!
//! The module is a sequence of chunks, one per top-level statement (with the comments
//! and blank lines after it), found by [`super::split`] from the bytes. Each chunk is
//! parsed on its own with tree-sitter, over the whole text restricted to the chunk's
//! range (`Parser::set_included_ranges`), so every node keeps its position in the
//! whole text. An edit re-splits the text locally and reparses only the chunks whose
//! text changed (SPEC §6). The chunks after it only get their new start: each keeps the
//! tree it had, with the position that tree is valid for, and a tree is moved to where
//! its chunk now is (a copy edited by one synthetic [`InputEdit`]) only when something
//! asks for its nodes. So an edit touches the trees of the chunks it changed and a
//! compact array of integers for the rest; [`ParsedModule::chunks`] gives the engine
//! what it needs per chunk (extent, identity, syntax errors) without touching a tree.
//!
//! The result after any sequence of edits equals [`ParsedModule::parse`] of the new
//! text: the local re-split stops only where it meets the old split again, and a
//! chunk whose incremental reparse has syntax errors is parsed again from scratch
//! (error recovery may otherwise depend on the chunk's history).

use std::cell::RefCell;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

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

/// Where chunk identities come from: unique in the process, so a chunk of one parse is
/// never taken for a chunk of another.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn new_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// A parsed Python module.
#[derive(Clone)]
pub struct ParsedModule {
    chunks: Vec<Chunk>,
    /// The length of the text.
    len: usize,
    /// The position just after the last byte of the text.
    end: Point,
    /// How many times a tree was parsed, edited or moved (see [`ParsedModule::tree_work`]).
    work: WorkCounter,
}

#[derive(Clone)]
struct Chunk {
    /// The chunk's first byte (a line start; 0 for the first chunk).
    start: usize,
    /// The row of `start`.
    row: usize,
    /// Where `tree` starts: its nodes have the positions they had when the chunk
    /// started at byte `base.0`, row `base.1`.
    base: (usize, usize),
    /// Kept while the chunk only moves; new whenever it is parsed.
    id: u64,
    /// The tree has syntax errors or missing nodes.
    has_error: bool,
    /// `None` when the chunk was left unparsed ([`ParsedModule::parse_sparse`]).
    tree: Option<Tree>,
    /// `tree` moved to `start`/`row`, made on first access when the chunk has moved;
    /// never set while the chunk is where `tree` is.
    moved: OnceLock<Tree>,
}

impl Chunk {
    fn new(start: usize, row: usize, tree: Option<Tree>) -> Chunk {
        Chunk {
            start,
            row,
            base: (start, row),
            id: new_id(),
            has_error: tree.as_ref().is_some_and(|t| t.root_node().has_error()),
            tree,
            moved: OnceLock::new(),
        }
    }

    /// The chunk's tree at its current position.
    fn tree(&self, work: &WorkCounter) -> Option<&Tree> {
        let tree = self.tree.as_ref()?;
        if self.base == (self.start, self.row) {
            return Some(tree);
        }
        Some(self.moved.get_or_init(|| {
            work.add();
            let mut moved = tree.clone();
            moved.edit(&move_edit(self.base, (self.start, self.row)));
            moved
        }))
    }

    /// Makes the moved tree (if one was made) the chunk's tree, so the next move starts
    /// from it; called before `start`/`row` change.
    fn settle_moved(&mut self) {
        if let Some(moved) = self.moved.take() {
            self.tree = Some(moved);
            self.base = (self.start, self.row);
        }
    }

    /// The tree at the chunk's current position, taken out of the chunk.
    fn take_tree(&mut self, work: &WorkCounter) -> Option<Tree> {
        self.settle_moved();
        let mut tree = self.tree.take()?;
        if self.base != (self.start, self.row) {
            work.add();
            tree.edit(&move_edit(self.base, (self.start, self.row)));
        }
        Some(tree)
    }
}

/// The edit that moves a chunk's tree from starting at `from` (byte, row; column 0) to
/// starting at `to`: the text before the chunk grew or shrank.
fn move_edit(from: (usize, usize), to: (usize, usize)) -> InputEdit {
    let (low_byte, low_row) = if to.0 < from.0 { to } else { from };
    InputEdit {
        start_byte: low_byte,
        old_end_byte: from.0,
        new_end_byte: to.0,
        start_position: Point::new(low_row, 0),
        old_end_position: Point::new(from.1, 0),
        new_end_position: Point::new(to.1, 0),
    }
}

/// Counts tree work: parses, edits and moves of chunk trees.
#[derive(Default)]
struct WorkCounter(AtomicUsize);

impl WorkCounter {
    fn add(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

impl Clone for WorkCounter {
    fn clone(&self) -> WorkCounter {
        WorkCounter(AtomicUsize::new(self.0.load(Ordering::Relaxed)))
    }
}

/// What [`ParsedModule::parse_selected`] does with one chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Leave it unparsed: it has no statements.
    Skip,
    /// Parse all of it.
    Whole,
    /// Parse only these byte ranges of it, counted from the chunk's start: in order,
    /// not overlapping, each from a line start to a line start (or the chunk's end).
    /// The tree has the nodes of these lines and nothing of the lines between them.
    Parts(Vec<std::ops::Range<usize>>),
}

/// One chunk as [`ParsedModule::chunks`] describes it, without its tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkInfo {
    /// The chunk's bytes in the current text: from a line start to the next chunk's start
    /// (or the end of the text).
    pub start: usize,
    pub end: usize,
    /// The chunk's identity: the same while the chunk's text is unchanged and the chunk
    /// only moves with edits before it; new whenever it is parsed (edited, re-split,
    /// parsed from scratch). Unique within the process.
    pub id: u64,
    /// Its tree has syntax errors (or missing nodes).
    pub has_error: bool,
    /// False for a chunk [`ParsedModule::parse_sparse`] left unparsed (no statements).
    pub parsed: bool,
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
        ParsedModule::parse_selected(text, |chunk| {
            if keep(chunk) {
                Selection::Whole
            } else {
                Selection::Skip
            }
        })
    }

    /// Like [`ParsedModule::parse_sparse`], with `select` saying for each chunk (given
    /// its text) whether to parse it whole, leave it out, or parse only some of its
    /// lines ([`Selection::Parts`]). A chunk whose parts do not parse without syntax
    /// errors is parsed whole instead.
    pub fn parse_selected(text: &str, mut select: impl FnMut(&str) -> Selection) -> ParsedModule {
        let mut starts = vec![(0, 0)];
        starts.extend(Splitter::new(text, 0));
        let end = end_point(text);
        let mut module = ParsedModule {
            chunks: Vec::with_capacity(starts.len()),
            len: text.len(),
            end,
            work: WorkCounter::default(),
        };
        for (i, &(start, row)) in starts.iter().enumerate() {
            let end_byte = starts.get(i + 1).map_or(text.len(), |&(b, _)| b);
            let range = || chunk_range(start, row, starts.get(i + 1).copied(), text.len(), end);
            let tree = match select(text.get(start..end_byte).unwrap_or_default()) {
                Selection::Skip => None,
                Selection::Whole => Some(parse_chunk(text, range(), None)),
                Selection::Parts(parts) => Some(parse_chunk_parts(text, range(), &parts)),
            };
            if tree.is_some() {
                module.work.add();
            }
            module.chunks.push(Chunk::new(start, row, tree));
        }
        module
    }

    /// Records an edit already applied to the text, then brings the chunks up to date
    /// with `new_text`: re-splits around the edit, reparses the chunks that changed
    /// (reusing the old tree of the edited chunk) and moves the start of the ones after
    /// it (their trees follow when first used).
    pub fn edit(&mut self, edit: &InputEdit, new_text: &str) {
        let old_len = self.len;
        let (start, old_end, new_end) = (edit.start_byte, edit.old_end_byte, edit.new_end_byte);
        let valid =
            start <= old_end && old_end <= old_len && new_end >= start && !self.chunks.is_empty();
        if !valid || new_text.len() + old_end != old_len + new_end {
            let work = std::mem::take(&mut self.work);
            *self = ParsedModule::parse(new_text);
            self.work
                .0
                .fetch_add(work.0.into_inner(), Ordering::Relaxed);
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
        let region: Vec<Chunk> = self.chunks.drain(from_index..resume).collect();
        let ends: Vec<usize> = region
            .iter()
            .skip(1)
            .map(|c| c.start)
            .chain([resume_old_start])
            .collect();
        let mut old: Vec<OldChunk> = region
            .into_iter()
            .zip(ends)
            .map(|(chunk, end)| OldChunk {
                start: chunk.start,
                end,
                chunk: chunk.tree.is_some().then_some(chunk),
            })
            .collect();

        // Move what follows the region: integers only, the trees follow on first use.
        let row_delta = edit.new_end_position.row as isize - edit.old_end_position.row as isize;
        let moved = new_end != old_end || row_delta != 0;
        if moved {
            for chunk in &mut self.chunks[from_index..] {
                chunk.settle_moved();
                chunk.start = chunk.start - old_end + new_end;
                chunk.row = chunk.row.saturating_add_signed(row_delta);
            }
        }
        let next = self.chunks.get(from_index).map(|c| (c.start, c.row));

        let mut fresh = Vec::with_capacity(starts.len());
        for (k, &(byte, row)) in starts.iter().enumerate() {
            let following = starts.get(k + 1).copied().or(next);
            let end_byte = following.map_or(new_text.len(), |(b, _)| b);
            let chunk = match reuse(&mut old, byte, end_byte, edit) {
                Some(mut chunk) => {
                    chunk.settle_moved();
                    chunk.start = byte;
                    chunk.row = row;
                    chunk
                }
                None => {
                    let range = chunk_range(byte, row, following, new_text.len(), self.end);
                    let previous = take_edited(&mut old, byte, edit, &self.work);
                    self.work.add();
                    Chunk::new(
                        byte,
                        row,
                        Some(parse_chunk_deterministic(new_text, range, previous)),
                    )
                }
            };
            fresh.push(chunk);
        }
        let after = from_index + fresh.len();
        self.chunks.splice(from_index..from_index, fresh);

        // Error recovery depends on where a chunk is (the skipped text before it counts),
        // so a moved chunk with syntax errors is parsed again where it now is.
        if moved {
            for index in after..self.chunks.len() {
                let chunk = &self.chunks[index];
                if chunk.has_error && chunk.tree.is_some() {
                    let range = self.range_of(index);
                    self.work.add();
                    let tree = parse_chunk(new_text, range, None);
                    let (start, row) = (chunk.start, chunk.row);
                    self.chunks[index] = Chunk::new(start, row, Some(tree));
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
    ///
    /// Touches every chunk's tree; the engine goes chunk by chunk instead
    /// ([`ParsedModule::chunks`], [`ParsedModule::chunk_statements`]).
    pub fn statements(&self) -> impl Iterator<Item = Node<'_>> {
        let mut statements = Vec::with_capacity(self.chunks.len());
        for root in self.roots() {
            push_children(root, &mut statements);
        }
        statements.into_iter()
    }

    /// The `module` node of every parsed chunk, in order: whole-module walks visit each.
    pub fn roots(&self) -> impl Iterator<Item = Node<'_>> {
        self.chunks
            .iter()
            .filter_map(|chunk| chunk.tree(&self.work).map(Tree::root_node))
    }

    /// Every chunk's extent, identity and error flag, in order, without touching a tree.
    pub fn chunks(&self) -> impl ExactSizeIterator<Item = ChunkInfo> + '_ {
        self.chunks
            .iter()
            .enumerate()
            .map(|(index, chunk)| ChunkInfo {
                start: chunk.start,
                end: self.chunks.get(index + 1).map_or(self.len, |c| c.start),
                id: chunk.id,
                has_error: chunk.has_error,
                parsed: chunk.tree.is_some(),
            })
    }

    /// Chunk `index` as [`ParsedModule::chunks`] describes it.
    pub fn chunk(&self, index: usize) -> Option<ChunkInfo> {
        let chunk = self.chunks.get(index)?;
        Some(ChunkInfo {
            start: chunk.start,
            end: self.chunks.get(index + 1).map_or(self.len, |c| c.start),
            id: chunk.id,
            has_error: chunk.has_error,
            parsed: chunk.tree.is_some(),
        })
    }

    /// The `module` node of chunk `index`; `None` when it was not parsed or is out of
    /// range.
    pub fn chunk_root(&self, index: usize) -> Option<Node<'_>> {
        self.chunks
            .get(index)?
            .tree(&self.work)
            .map(Tree::root_node)
    }

    /// The top-level statements of chunk `index`, in order (as [`ParsedModule::statements`]
    /// lists them), appended to `out`.
    pub fn chunk_statements<'t>(&'t self, index: usize, out: &mut Vec<Node<'t>>) {
        if let Some(root) = self.chunk_root(index) {
            push_children(root, out);
        }
    }

    /// How many times a chunk's tree was parsed, edited or moved to a new position since
    /// this module was parsed: an edit that leaves other chunks alone adds a few, however
    /// many chunks the module has (tests check the edit and the engine stay local).
    pub fn tree_work(&self) -> usize {
        self.work.0.load(Ordering::Relaxed)
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
        let root = self.chunks[index].tree(&self.work)?.root_node();
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
        self.chunks.iter().any(|chunk| chunk.has_error)
    }

    /// Counts ERROR and MISSING nodes (fix invariants compare this before and after).
    pub fn error_count(&self) -> usize {
        self.chunks
            .iter()
            .filter(|chunk| chunk.has_error)
            .filter_map(|chunk| chunk.tree(&self.work))
            .map(|tree| error_count_under(tree.root_node()))
            .sum()
    }
}

/// Appends the children of a chunk's `module` node.
fn push_children<'t>(root: Node<'t>, out: &mut Vec<Node<'t>>) {
    // Most chunks hold one statement: no cursor needed.
    if root.child_count() == 1 {
        out.extend(root.child(0));
        return;
    }
    let mut cursor = root.walk();
    out.extend(root.children(&mut cursor));
}

/// A chunk of the re-split region, with its extent before the edit; `chunk` is `None`
/// once taken (or when it was never parsed).
struct OldChunk {
    start: usize,
    end: usize,
    chunk: Option<Chunk>,
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

/// The old chunk whose text is unchanged and which has the same extent in the new text
/// (before the edit, or after it and moved): its tree and identity carry over.
fn reuse(old: &mut [OldChunk], start: usize, end: usize, edit: &InputEdit) -> Option<Chunk> {
    let (before, after) = (edit.start_byte, edit.old_end_byte);
    let moved =
        edit.new_end_byte != after || edit.new_end_position.row != edit.old_end_position.row;
    let shifted = |b: usize| b - after + edit.new_end_byte;
    for slot in old.iter_mut() {
        let Some(chunk) = &slot.chunk else {
            continue;
        };
        if slot.end <= before && slot.start == start && slot.end == end {
            return slot.chunk.take();
        }
        if slot.start >= after && shifted(slot.start) == start && shifted(slot.end) == end {
            if moved && chunk.has_error {
                // Parsed again where it now is (see the end of `ParsedModule::edit`).
                return None;
            }
            return slot.chunk.take();
        }
    }
    None
}

/// The old tree of the chunk the edit falls in, when the new chunk starts where it
/// did, edited for an incremental reparse.
fn take_edited(
    old: &mut [OldChunk],
    start: usize,
    edit: &InputEdit,
    work: &WorkCounter,
) -> Option<Tree> {
    let slot = old
        .iter_mut()
        .find(|slot| slot.start == start && slot.chunk.is_some())?;
    let mut tree = slot.chunk.as_mut()?.take_tree(work)?;
    slot.chunk = None;
    work.add();
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
    // Indentation deep enough to abort tree-sitter-python's scanner (a C assertion,
    // which no `catch_unwind` stops) is never handed to it: such a chunk parses as an
    // empty module. The front ends check `analysis::limits` first and say so.
    let chunk = text
        .get(range.start_byte..range.end_byte)
        .unwrap_or_default();
    if crate::analysis::limits::indentation(chunk).is_some() {
        let empty = Range {
            end_byte: range.start_byte,
            end_point: range.start_point,
            ..range
        };
        return parse_chunk(text, empty, None);
    }
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

/// The tree of the chunk `range` when only `parts` of it (byte ranges from the chunk's
/// start, line-aligned) are parsed. The whole chunk's tree when the parts are not
/// line-aligned ranges in order, or when they have syntax errors: leaving lines out
/// must never add errors, whose recovery could change the nodes the rules see.
fn parse_chunk_parts(text: &str, range: Range, parts: &[std::ops::Range<usize>]) -> Tree {
    let chunk = text
        .get(range.start_byte..range.end_byte)
        .unwrap_or_default();
    let bytes = chunk.as_bytes();
    let aligned = |at: usize| at == 0 || at == bytes.len() || bytes.get(at - 1) == Some(&b'\n');
    let valid = !parts.is_empty()
        && parts.windows(2).all(|w| w[0].end <= w[1].start)
        && parts
            .iter()
            .all(|p| p.start < p.end && p.end <= bytes.len() && aligned(p.start) && aligned(p.end));
    if !valid || crate::analysis::limits::indentation(chunk).is_some() {
        return parse_chunk(text, range, None);
    }
    // Each part's rows, counting the line breaks from the chunk's start.
    let (mut at, mut row) = (0, range.start_point.row);
    let mut point_of = |byte: usize| {
        if byte == bytes.len() {
            return range.end_point;
        }
        row += memchr::memchr_iter(b'\n', &bytes[at..byte]).count();
        at = byte;
        Point::new(row, 0)
    };
    let ranges: Vec<Range> = parts
        .iter()
        .map(|part| Range {
            start_byte: range.start_byte + part.start,
            end_byte: range.start_byte + part.end,
            start_point: point_of(part.start),
            end_point: point_of(part.end),
        })
        .collect();
    let tree = PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        parser
            .set_included_ranges(&ranges)
            .ok()
            .and_then(|()| parser.parse(text, None))
    });
    match tree {
        Some(tree) if !tree.root_node().has_error() => tree,
        _ => parse_chunk(text, range, None),
    }
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
    // Counted in blocks with a byte-wide counter, which the compiler vectorises.
    let rows: usize = bytes
        .chunks(255)
        .map(|block| {
            let count = block
                .iter()
                .fold(0u8, |count, &b| count + u8::from(b == b'\n'));
            usize::from(count)
        })
        .sum();
    let column = bytes.iter().rev().take_while(|&&b| b != b'\n').count();
    Point::new(rows, column)
}
