//! Bounds on what one document may cost: a document past them is not analysed, and the
//! front ends say so (a note from `flaskguard check`, a diagnostic at the top of the
//! document in the editor) instead of crashing, hanging or staying silent.
//!
//! Two limits, both far beyond what Python itself accepts:
//!
//! - **Indentation.** tree-sitter-python's scanner saves its stack of indentation
//!   widths in a 1024-byte buffer and writes past it (an assertion failure that aborts
//!   the process in debug builds, memory corruption in release builds) when a file
//!   nests several hundred indentation levels. [`indentation`] checks the text before
//!   it is parsed. CPython stops at 100 levels ("too many levels of indentation").
//! - **Nesting.** Several walkers of the rules and the summary follow the tree
//!   recursively, and tree-sitter's `Node::parent` costs one step per level, so a
//!   statement nested thousands of levels deep (`f(f(f(...)))`, `-----x`, `a.b.c...`)
//!   would overflow the stack (which aborts the process: it cannot be caught) or take
//!   minutes. [`nesting`] measures the depth of the parse with a cursor, without
//!   recursion. CPython stops at 200 nested brackets.

use std::fmt;

use tree_sitter::Node;

use crate::document::ParsedModule;

/// The deepest parse tree (levels of syntax nodes below the module) that is analysed.
/// Real code stays far below: the deepest file of CPython 3.11's standard library
/// reaches 29; 200 nested calls, CPython's own bracket limit, reach about 400. Debug
/// builds analyse 1000 levels on a 2 MB thread stack (the checker's worker threads)
/// without overflowing; 2000 overflow.
pub const MAX_NESTING: usize = 500;

/// The most distinct indentation widths a file may use. With up to this many, the
/// scanner's saved state (2 bytes per level, at most 257 more) fits its 1024-byte buffer.
pub const MAX_INDENTATION_WIDTHS: usize = 383;

/// Open documents larger than this (the default `max-file-size`) are not reparsed on
/// each edit; they are parsed from scratch when analysed, if `max-file-size` allows.
pub const EAGER_PARSE: usize = 10 << 20;

/// A limit a document is past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    /// Lines start at more distinct indentation widths than [`MAX_INDENTATION_WIDTHS`].
    Indentation { widths: usize },
    /// The parse is deeper than [`MAX_NESTING`] at the 0-based `line`.
    Nesting { line: usize },
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Indentation { widths } => write!(
                f,
                "its lines are indented at {widths} different depths, more than the \
                 {MAX_INDENTATION_WIDTHS} flaskguard can parse safely"
            ),
            Limit::Nesting { line } => write!(
                f,
                "the code on line {} is nested more than {MAX_NESTING} levels deep",
                line + 1
            ),
        }
    }
}

/// Whether `text` may be parsed: `Some` when its indentation is past what the parser
/// handles. Linear in the text, no allocation unless a line is indented 256 columns or
/// more.
pub fn indentation(text: &str) -> Option<Limit> {
    if !has_wide_indent(text.as_bytes()) {
        // At most 255 distinct non-zero widths.
        return None;
    }
    let mut seen = vec![false; 1 << 16];
    let mut widths = 0;
    for_each_indent(text, |width| {
        let slot = &mut seen[usize::from(width)];
        if width != 0 && !*slot {
            *slot = true;
            widths += 1;
        }
    });
    (widths > MAX_INDENTATION_WIDTHS).then_some(Limit::Indentation { widths })
}

/// Whether a line with code around bytes `start..end` of `text` (the lines they touch,
/// and the backslash-continued lines around those) is indented 256 columns or more:
/// after an edit of a text that had no such line, only those lines can have one, and
/// [`indentation`] has nothing to refuse without one.
pub fn wide_indentation_near(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let continued = |line_end: usize| {
        let before = &bytes[..line_end];
        let before = before.strip_suffix(b"\r").unwrap_or(before);
        before.ends_with(b"\\")
    };
    // Back to the start of a line that does not continue the one before it.
    let mut from = start.min(bytes.len());
    loop {
        from = bytes[..from]
            .iter()
            .rposition(|&b| b == b'\n' || b == b'\r')
            .map_or(0, |i| i + 1);
        if from == 0 || !continued(from - 1) {
            break;
        }
        from -= 1;
    }
    // On to the end of a line that does not continue on the next.
    let mut to = end.min(bytes.len());
    loop {
        to = bytes[to..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| to + i);
        if to == bytes.len() || !continued(to) {
            break;
        }
        to += 1;
    }
    let mut wide = false;
    for_each_indent(text.get(from..to).unwrap_or_default(), |width| {
        wide |= width > 255
    });
    wide
}

/// Whether a line of `bytes` is indented more than 255 columns as [`for_each_indent`]
/// counts, without counting every line. Such a width takes at least 32 spaces or tabs
/// (a tab counts 8) in one run of bytes that are all spaces, tabs, backslashes, `\n`
/// or `\r` (the continuations between them): only such runs are counted, each from
/// the byte before it (any other byte leaves the count in the same state wherever it
/// stands). Runs are found looking at the last byte of each 32-byte window first, so
/// a text without one is mostly skipped, not read byte by byte.
fn has_wide_indent(bytes: &[u8]) -> bool {
    const RUN: usize = 32;
    let in_run = |b: u8| matches!(b, b' ' | b'\t' | b'\\' | b'\n' | b'\r');
    // `start` is where a run of at least RUN such bytes could begin: at 0 or after a
    // byte that is not in a run.
    let mut start = 0;
    while start + RUN <= bytes.len() {
        let mut end = start + RUN;
        while end > start && in_run(bytes[end - 1]) {
            end -= 1;
        }
        if end > start {
            start = end;
            continue;
        }
        // A run from `start`: count it with the bytes around it.
        let run_end = bytes[start..]
            .iter()
            .position(|&b| !in_run(b))
            .map_or(bytes.len(), |i| start + i);
        let around = &bytes[start.saturating_sub(1)..(run_end + 1).min(bytes.len())];
        let mut wide = false;
        for_each_indent_in(around, |width| wide |= width > 255);
        if wide {
            return true;
        }
        start = run_end + 1;
    }
    false
}

/// Calls `f` with the indentation width of every line that has code on it, counted as
/// tree-sitter-python's scanner counts it: a space is 1, a tab 8, `\r` and `\f` start
/// again from 0, a backslash continuation keeps counting, in 16 bits. Lines inside
/// strings count too (the scanner does not see those, so this over-approximates).
fn for_each_indent(text: &str, f: impl FnMut(u16)) {
    for_each_indent_in(text.as_bytes(), f);
}

/// [`for_each_indent`] over bytes.
fn for_each_indent_in(bytes: &[u8], mut f: impl FnMut(u16)) {
    let mut i = 0;
    let mut width: u16 = 0;
    let mut at_line_start = true;
    while i < bytes.len() {
        let byte = bytes[i];
        if !at_line_start {
            if byte == b'\n' || byte == b'\r' || byte == b'\x0c' {
                at_line_start = true;
                width = 0;
            }
            i += 1;
            continue;
        }
        match byte {
            b' ' => width = width.wrapping_add(1),
            b'\t' => width = width.wrapping_add(8),
            b'\n' | b'\r' | b'\x0c' => width = 0,
            // A backslash continuation: the next line's indentation adds to this one.
            b'\\' if bytes.get(i + 1) == Some(&b'\n') => i += 1,
            b'\\' if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') => i += 2,
            b'#' => at_line_start = false,
            _ => {
                f(width);
                at_line_start = false;
            }
        }
        i += 1;
    }
}

/// Whether the parse is deeper than [`MAX_NESTING`]; walks it with one cursor and stops
/// at the first node past the limit.
pub fn nesting(parsed: &ParsedModule) -> Option<Limit> {
    parsed
        .roots()
        .find_map(|root| deeper_than(root, MAX_NESTING))
        .map(|node| Limit::Nesting {
            line: node.start_position().row,
        })
}

/// [`nesting`] for a module known to be within the limit except, perhaps, in the
/// chunks (top-level statements with their comments) overlapping bytes `changed` and
/// those with syntax errors (whose parse can change with text elsewhere): walks only
/// those, found from the chunk table without touching the other trees.
pub fn nesting_in(parsed: &ParsedModule, changed: std::ops::Range<usize>) -> Option<Limit> {
    let mut statements = Vec::new();
    for (index, chunk) in parsed.chunks().enumerate() {
        let overlaps = chunk.start <= changed.end && changed.start <= chunk.end;
        if !(overlaps || chunk.has_error) {
            continue;
        }
        statements.clear();
        parsed.chunk_statements(index, &mut statements);
        let deep = statements
            .iter()
            .find_map(|stmt| deeper_than(*stmt, MAX_NESTING.saturating_sub(1)));
        if let Some(node) = deep {
            return Some(Limit::Nesting {
                line: node.start_position().row,
            });
        }
    }
    None
}

/// The first node more than `limit` levels below `root`, without recursion.
pub fn deeper_than(root: Node<'_>, limit: usize) -> Option<Node<'_>> {
    let mut cursor = root.walk();
    let mut depth = 0;
    loop {
        let node = cursor.node();
        // A node with n descendants has none more than n levels below it: such a
        // subtree within the limit is not walked (most of them, in real code).
        let within = depth + node.descendant_count().saturating_sub(1) <= limit;
        if !within {
            if depth < limit && cursor.goto_first_child() {
                depth += 1;
                continue;
            }
            if depth >= limit && node.child_count() > 0 {
                return node.child(0);
            }
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if depth == 0 || !cursor.goto_parent() {
                return None;
            }
            depth -= 1;
        }
    }
}

/// Why `text` (parsed as `parsed`) is not analysed, if it is past a limit.
pub fn check(text: &str, parsed: &ParsedModule) -> Option<Limit> {
    indentation(text).or_else(|| nesting(parsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indentation_widths_count_like_the_scanner() {
        let mut seen = Vec::new();
        for_each_indent("a\n  b\n\tc\n    # note\n  \\\n  d\n\n   \n\x0c e\n", |w| {
            seen.push(w)
        });
        assert_eq!(seen, [0, 2, 8, 4, 1]);
    }

    #[test]
    fn the_quick_look_for_wide_lines_agrees_with_counting_every_line() {
        let wide_by_scanner = |text: &str| {
            let mut wide = false;
            for_each_indent(text, |w| wide |= w > 255);
            wide
        };
        let texts = [
            format!("a\n{}b\n", " ".repeat(256)),
            format!("{}b\n", " ".repeat(256)),
            format!("a\n{}b\n", "\t".repeat(32)),
            format!("a\n{}b\n", " \\\n".repeat(256)),
            format!("a\n{}b\n", "\t\t\\\r\n".repeat(16)),
            format!("a\n\x0c{}b\n", " ".repeat(300)),
            format!("a\n{}\\b\n", " ".repeat(300)),
            format!("a\n{}# c\n", " ".repeat(300)),
            format!("a\n{}b\n", " ".repeat(255)),
            format!("a\n{}b\n", "\t".repeat(31)),
            format!("a{}b\n", " ".repeat(300)),
            format!("é{}b\n", " ".repeat(300)),
            format!("f(a,\n{}b)\n", " ".repeat(40)),
            format!("x = 1\n{}\n", "y = 'a b c'\n".repeat(50)),
            format!("{}\n", "x".repeat(5000)),
        ];
        for text in &texts {
            assert_eq!(
                has_wide_indent(text.as_bytes()),
                wide_by_scanner(text),
                "{text:?}"
            );
        }
        assert!(has_wide_indent(texts[0].as_bytes()));
        assert!(has_wide_indent(texts[4].as_bytes()));
        assert!(!has_wide_indent(texts[10].as_bytes()));
        assert!(!has_wide_indent(texts[12].as_bytes()));
    }

    #[test]
    fn wide_indentation_is_found_near_an_edit() {
        let wide = " ".repeat(300);
        let text = format!("a\nb \\\n{wide}c\nd\n{wide}e\n");
        let c = text.find('c').expect("c");
        assert!(wide_indentation_near(&text, c, c));
        // On the line continued by the one with `c`: the continuation counts.
        let b = text.find('b').expect("b");
        assert!(wide_indentation_near(&text, b, b + 1));
        let d = text.find('d').expect("d");
        assert!(!wide_indentation_near(&text, d, d + 1));
        assert!(!wide_indentation_near(&text, 0, 1));
        let e = text.rfind('e').expect("e");
        assert!(wide_indentation_near(&text, e, e));
        assert!(!wide_indentation_near(&text, text.len(), text.len()));
    }

    #[test]
    fn many_deep_indentation_widths_are_refused() {
        let deep: String = (0..400)
            .map(|i| format!("{}if x:\n", " ".repeat(i)))
            .collect();
        assert_eq!(indentation(&deep), Some(Limit::Indentation { widths: 399 }));
        let shallow: String = (0..300).map(|i| format!("{}x\n", " ".repeat(i))).collect();
        assert_eq!(indentation(&shallow), None);
    }

    #[test]
    fn depth_is_measured_without_recursion() {
        let parsed = ParsedModule::parse(&format!("x = {}1{}\n", "(".repeat(5), ")".repeat(5)));
        // module > expression_statement > assignment > 5 parentheses > the integer 1: 8 levels.
        assert!(parsed.roots().any(|root| deeper_than(root, 7).is_some()));
        assert!(parsed.roots().all(|root| deeper_than(root, 8).is_none()));
        let deep = format!("x = {}1\n", "-".repeat(20_000));
        let parsed = ParsedModule::parse(&deep);
        assert_eq!(nesting(&parsed), Some(Limit::Nesting { line: 0 }));
    }

    #[test]
    fn the_first_deep_line_is_found_among_shallow_ones() {
        let body: String = (0..50).map(|i| format!("    y{i} = f(a, b)\n")).collect();
        let deep = format!("-{}", "-".repeat(MAX_NESTING));
        let text = format!(
            "def f():\n{body}    z = {}1\n{body}    w = {deep}1\n{body}",
            "-".repeat(MAX_NESTING - 10)
        );
        let parsed = ParsedModule::parse(&text);
        assert_eq!(nesting(&parsed), Some(Limit::Nesting { line: 102 }));
        let shallow = ParsedModule::parse(&format!("def f():\n{body}{body}"));
        assert_eq!(nesting(&shallow), None);
    }
}
