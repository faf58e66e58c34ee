//! The document layer: line index and position encodings, and incremental edits that
//! keep the text and the tree equal to a fresh parse.

use flaskguard::document::{Document, LineIndex, ParsedModule, PositionEncoding};
use proptest::prelude::*;
use tower_lsp_server::ls_types::{Position, Range};

use PositionEncoding::{Utf8, Utf16};

fn pos(line: u32, character: u32) -> Position {
    Position::new(line, character)
}

/// Resolves `(line, character)` in `text` and returns the rest of the text from there,
/// and whether the position was clamped.
fn rest_at(text: &str, position: Position, encoding: PositionEncoding) -> (&str, bool) {
    let index = LineIndex::new(text);
    let resolved = index.offset(text, position, encoding);
    (&text[resolved.offset..], resolved.clamped)
}

/// Asserts that byte `offset` round-trips through `position`.
fn check_round_trip(text: &str, offset: usize, encoding: PositionEncoding, expected: Position) {
    let index = LineIndex::new(text);
    let position = index.position(text, offset, encoding);
    assert_eq!(position, expected, "position of byte {offset} in {text:?}");
    let back = index.offset(text, position, encoding);
    assert_eq!(back.offset, offset, "offset of {position:?} in {text:?}");
    assert!(!back.clamped);
}

#[test]
fn tabs_count_one_unit() {
    let text = "def f():\n\tx = \"FAKE\"\n";
    assert_eq!(rest_at(text, pos(1, 1), Utf16), ("x = \"FAKE\"\n", false));
    assert_eq!(rest_at(text, pos(1, 1), Utf8), ("x = \"FAKE\"\n", false));
    check_round_trip(text, text.find('x').unwrap(), Utf16, pos(1, 1));
}

#[test]
fn cjk_counts_one_utf16_unit_and_three_bytes() {
    let text = "名 = \"秘密\"; KEY = 1\n";
    let key = text.find("KEY").unwrap();
    check_round_trip(text, key, Utf16, pos(0, 10));
    check_round_trip(text, key, Utf8, pos(0, 16));
}

#[test]
fn emoji_counts_two_utf16_units_and_four_bytes() {
    let text = "# 😀\nx = \"😀😀\" + TOKEN\n";
    let token = text.find("TOKEN").unwrap();
    check_round_trip(text, token, Utf16, pos(1, 13));
    check_round_trip(text, token, Utf8, pos(1, 17));
}

#[test]
fn crlf_is_not_part_of_the_line() {
    let text = "a = 1\r\nb = 2\r\n";
    assert_eq!(rest_at(text, pos(1, 0), Utf16), ("b = 2\r\n", false));
    // One past the content is clamped to the content's end, before `\r\n`.
    assert_eq!(rest_at(text, pos(0, 6), Utf16), ("\r\nb = 2\r\n", true));
    assert_eq!(rest_at(text, pos(0, 5), Utf16), ("\r\nb = 2\r\n", false));
    check_round_trip(text, 12, Utf8, pos(1, 5));
    check_round_trip(text, text.len(), Utf16, pos(2, 0));
}

#[test]
fn lone_cr_ends_a_line() {
    let text = "a = 1\rb = 2";
    assert_eq!(rest_at(text, pos(1, 0), Utf16), ("b = 2", false));
    check_round_trip(text, 6, Utf16, pos(1, 0));
}

#[test]
fn out_of_range_positions_are_clamped() {
    let text = "x = 1\ny = 2";
    assert_eq!(rest_at(text, pos(0, 99), Utf16), ("\ny = 2", true));
    assert_eq!(rest_at(text, pos(7, 0), Utf16), ("", true));
    assert_eq!(rest_at(text, pos(u32::MAX, u32::MAX), Utf8), ("", true));
    assert_eq!(rest_at("", pos(0, 3), Utf16), ("", true));
}

#[test]
fn positions_inside_a_character_move_to_its_start() {
    let text = "😀x";
    assert_eq!(rest_at(text, pos(0, 1), Utf16), ("😀x", true));
    assert_eq!(rest_at(text, pos(0, 2), Utf16), ("x", false));
    assert_eq!(rest_at(text, pos(0, 3), Utf8), ("😀x", true));
    assert_eq!(rest_at(text, pos(0, 4), Utf8), ("x", false));
}

#[test]
fn offsets_inside_a_character_or_past_the_end_map_back() {
    let text = "é\n";
    let index = LineIndex::new(text);
    assert_eq!(index.position(text, 1, Utf16), pos(0, 0));
    assert_eq!(index.position(text, 99, Utf16), pos(1, 0));
}

#[test]
fn tree_sitter_points_count_rows_at_newlines_only() {
    let check = |text: &str, offset: usize, row: usize, column: usize| {
        let point = LineIndex::new(text).point(text, offset);
        assert_eq!(
            (point.row, point.column),
            (row, column),
            "{text:?} at {offset}"
        );
    };
    check("a\r\nbé\nc", 4, 1, 1);
    check("a\r\nbé\nc", 6, 1, 3);
    check("a\r\nbé\nc", 7, 2, 0);
    // A lone `\r` ends an LSP line but not a tree-sitter row.
    check("a\rb\nc", 3, 0, 3);
    check("a\rb\nc", 4, 1, 0);
    check("a\rb", 99, 0, 3);
}

/// Applies one ranged change to a document and returns its text.
fn check_change(
    before: &str,
    range: Range,
    new_text: &str,
    encoding: PositionEncoding,
    after: &str,
) -> flaskguard::document::ChangeOutcome {
    let mut document = Document::new(before.to_string(), 1);
    let outcome = document.apply_change(Some(range), new_text, encoding);
    assert_eq!(document.text(), after);
    assert_same_tree(&document);
    outcome
}

#[test]
fn edit_after_emoji_lands_after_it() {
    let outcome = check_change(
        "s = \"😀\"\nKEY = 1\n",
        Range::new(pos(0, 7), pos(0, 7)),
        "中",
        Utf16,
        "s = \"😀中\"\nKEY = 1\n",
    );
    assert!(!outcome.clamped && !outcome.reversed);
}

#[test]
fn reversed_ranges_are_normalised() {
    let outcome = check_change(
        "a = 1\nb = 2\n",
        Range::new(pos(1, 5), pos(0, 4)),
        "3\nb = 4",
        Utf8,
        "a = 3\nb = 4\n",
    );
    assert!(outcome.reversed);
}

#[test]
fn out_of_range_edits_append_at_the_end() {
    let outcome = check_change(
        "a = 1\n",
        Range::new(pos(9, 0), pos(9, 0)),
        "b = 2\n",
        Utf16,
        "a = 1\nb = 2\n",
    );
    assert!(outcome.clamped);
}

#[test]
fn crlf_edits_keep_the_tree_in_step() {
    check_change(
        "if x:\r\n    y = 1\r\nz = 2\r\n",
        Range::new(pos(1, 4), pos(2, 0)),
        "pass\r\n    w = 3\r\n",
        Utf16,
        "if x:\r\n    pass\r\n    w = 3\r\nz = 2\r\n",
    );
}

#[test]
fn full_replacement_reparses() {
    let mut document = Document::new("a = 1\n".to_string(), 1);
    document.apply_change(None, "def f():\n    return 2\n", Utf16);
    assert_eq!(document.text(), "def f():\n    return 2\n");
    assert_same_tree(&document);
}

/// The tree, with every node's kind and byte and point range, as a string.
fn tree_dump(parsed: &ParsedModule) -> String {
    let mut out = String::new();
    for root in parsed.roots() {
        dump_under(root, &mut out);
    }
    out
}

fn dump_under(root: tree_sitter::Node<'_>, out: &mut String) {
    let mut cursor = root.walk();
    let mut depth = 0usize;
    loop {
        let node = cursor.node();
        out.push_str(&format!(
            "{}{} {:?} {}..{}\n",
            " ".repeat(depth),
            node.kind(),
            node.byte_range(),
            node.start_position(),
            node.end_position()
        ));
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
            depth -= 1;
        }
    }
}

fn assert_same_tree(document: &Document) {
    let fresh = ParsedModule::parse(document.text());
    assert_eq!(
        document.parsed().to_sexp(),
        fresh.to_sexp(),
        "incremental tree differs from a fresh parse of {:?}",
        document.text()
    );
    assert_eq!(tree_dump(document.parsed()), tree_dump(&fresh));
}

/// Pieces of text the edits are made of: Python tokens, tabs, CJK, emoji, `\r\n`.
const ATOMS: &[&str] = &[
    "a",
    "x",
    " ",
    "\t",
    "=",
    "1",
    "\"",
    "(",
    ")",
    ":",
    "\n",
    "\r\n",
    "def ",
    "if ",
    "    ",
    "é",
    "中",
    "秘",
    "😀",
    "🔑",
    "KEY",
    "import os",
    "#",
];

/// The LSP position of atom boundary `at` in `atoms`, in the model's own counting.
fn model_position(atoms: &[&str], at: usize, encoding: PositionEncoding) -> Position {
    let (mut line, mut character) = (0, 0);
    for atom in &atoms[..at] {
        if *atom == "\n" || *atom == "\r\n" {
            line += 1;
            character = 0;
        } else {
            character += atom.chars().map(|c| encoding.units(c)).sum::<usize>();
        }
    }
    pos(line, character as u32)
}

fn atoms() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(prop::sample::select(ATOMS), 0..40)
}

/// An edit as atom indices, resolved against the model's length when applied.
#[derive(Debug, Clone)]
struct Edit {
    start: usize,
    len: usize,
    insert: Vec<&'static str>,
    reversed: bool,
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        (0usize..64, 0usize..8, atoms(), any::<bool>()).prop_map(
            |(start, len, mut insert, reversed)| {
                insert.truncate(8);
                Edit {
                    start,
                    len,
                    insert,
                    reversed,
                }
            },
        ),
        1..12,
    )
}

fn check_edit_sequence(initial: Vec<&'static str>, edits: Vec<Edit>, encoding: PositionEncoding) {
    let mut model = initial;
    let mut document = Document::new(model.concat(), 0);
    for (version, edit) in edits.into_iter().enumerate() {
        let start = edit.start % (model.len() + 1);
        let end = (start + edit.len).min(model.len());
        let (a, b) = (
            model_position(&model, start, encoding),
            model_position(&model, end, encoding),
        );
        let range = if edit.reversed {
            Range::new(b, a)
        } else {
            Range::new(a, b)
        };
        let outcome = document.apply_change(Some(range), &edit.insert.concat(), encoding);
        model.splice(start..end, edit.insert.iter().copied());
        document.set_version(version as i32 + 1);
        assert!(!outcome.clamped, "in-range edit reported as clamped");
        assert_eq!(document.text(), model.concat());
        assert_eq!(
            document.line_index().line_starts(),
            LineIndex::new(document.text()).line_starts()
        );
        assert_same_tree(&document);
    }
}

/// Replaces bytes `start..end` of `before` (clamped) with `insert` and checks that the
/// updated line index equals one built from scratch, line endings included.
fn check_index_update(before: &str, start: usize, len: usize, insert: &str) {
    let start = start.min(before.len());
    let end = (start + len).min(before.len());
    let mut index = LineIndex::new(before);
    let after = format!("{}{insert}{}", &before[..start], &before[end..]);
    index.apply_edit(&after, start, end, insert.len());
    let fresh = LineIndex::new(&after);
    assert_eq!(
        index.line_starts(),
        fresh.line_starts(),
        "{before:?} -> {after:?}"
    );
    for offset in 0..=after.len() {
        assert_eq!(index.point(&after, offset), fresh.point(&after, offset));
    }
}

#[test]
fn line_index_updates_around_line_endings() {
    // Joining `\r` and `\n` into one line ending, and splitting one.
    check_index_update("a\rb\n", 2, 0, "\n");
    check_index_update("a\r\nb", 2, 0, "x");
    check_index_update("a\r\nb", 1, 1, "");
    check_index_update("\n\n\n", 0, 3, "");
    check_index_update("", 0, 0, "\r");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn line_index_updates_match_a_fresh_index(
        before in "[a\r\n]{0,20}",
        start in 0usize..24,
        len in 0usize..6,
        insert in "[a\r\n]{0,6}",
    ) {
        check_index_update(&before, start, len, &insert);
    }

    #[test]
    fn random_utf16_edits_match_the_model(initial in atoms(), edits in edits()) {
        check_edit_sequence(initial, edits, Utf16);
    }

    #[test]
    fn random_utf8_edits_match_the_model(initial in atoms(), edits in edits()) {
        check_edit_sequence(initial, edits, Utf8);
    }
}
