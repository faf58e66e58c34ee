//! `flaskguard check` parses a large class as its header and only the statements of its
//! body that can matter (`analysis::member_prefilter`). The findings must be exactly
//! those of a whole parse, and the statements it parses must be the nodes a whole parse
//! has for them.

mod common;

use common::{assert_none, python_files, stdlib_files};

use std::path::Path;

use flaskguard::analysis::member_prefilter::{selection, selection_splitting_from};
use flaskguard::analysis::statement_prefilter::FileHints;
use flaskguard::analysis::{AnalysisOptions, analyze, analyze_source};
use flaskguard::config::RuleSettings;
use flaskguard::document::{ParsedModule, Selection};
use tree_sitter::Node;

/// What the comparison saw over some files.
#[derive(Default, Debug)]
struct Tally {
    files: usize,
    /// Classes parsed in parts.
    split: usize,
    /// Body statements parsed, and left out, in those classes.
    members_parsed: usize,
    members_left_out: usize,
    files_with_findings: usize,
    problems: Vec<String>,
}

impl Tally {
    fn assert_clean(&self) {
        assert_none("problems", &self.problems);
    }
}

/// The class `statement` defines, under its decorators if it has some.
fn class_of(statement: Node<'_>) -> Option<Node<'_>> {
    match statement.kind() {
        "class_definition" => Some(statement),
        "decorated_definition" => statement
            .child_by_field_name("definition")
            .filter(|d| d.kind() == "class_definition"),
        _ => None,
    }
}

/// The statements of the body of the class `statement` defines (its named children but
/// comments).
fn body_statements(statement: Node<'_>) -> Vec<Node<'_>> {
    let Some(body) = class_of(statement).and_then(|c| c.child_by_field_name("body")) else {
        return Vec::new();
    };
    let mut cursor = body.walk();
    body.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect()
}

/// Compares, for `source` read as `path`, the parse that splits every class of
/// `min_bytes` or more with the whole parse: the findings, and the node of every body
/// statement that was parsed.
fn compare(
    path: &Path,
    source: &str,
    settings: &RuleSettings,
    min_bytes: usize,
    tally: &mut Tally,
) {
    let options = AnalysisOptions {
        rules: settings.clone(),
        ..AnalysisOptions::default()
    };
    let hints = FileHints::of(source, settings);
    let mut split_at = Vec::new();
    let selected = ParsedModule::parse_selected(source, |chunk| {
        let selection = selection_splitting_from(chunk, &hints, min_bytes);
        if matches!(selection, Selection::Parts(_)) {
            // Chunks are slices of `source`: where this one starts.
            split_at.push(chunk.as_ptr() as usize - source.as_ptr() as usize);
        }
        selection
    });
    tally.files += 1;
    tally.split += split_at.len();

    let whole_parse = ParsedModule::parse(source);
    for start in &split_at {
        let find = |parsed: &ParsedModule| {
            parsed
                .statements()
                .find(|s| s.start_byte() == *start && class_of(*s).is_some())
                .map(|s| s.id())
        };
        let (Some(_), Some(_)) = (find(&selected), find(&whole_parse)) else {
            tally.problems.push(format!(
                "{}: no class at byte {start} in both parses",
                path.display()
            ));
            continue;
        };
        let class_in = |parsed: &'_ ParsedModule| -> Vec<(usize, usize, String, String)> {
            parsed
                .statements()
                .filter(|s| s.start_byte() == *start)
                .flat_map(body_statements)
                .map(|n| {
                    let at = format!("{}..{}", n.start_position(), n.end_position());
                    (n.start_byte(), n.end_byte(), at, n.to_sexp())
                })
                .collect()
        };
        let parts = class_in(&selected);
        let whole = class_in(&whole_parse);
        tally.members_parsed += parts.len();
        tally.members_left_out += whole.len().saturating_sub(parts.len());
        for member in &parts {
            if !whole.contains(member) {
                tally.problems.push(format!(
                    "{}: the body statement at bytes {}..{} differs from the whole parse's",
                    path.display(),
                    member.0,
                    member.1
                ));
            }
        }
    }

    let expected = analyze_source(source, Some(path), &options);
    let found = analyze(source, &selected, Some(path), &options);
    if found != expected {
        tally.problems.push(format!(
            "{}: findings differ: {:?} instead of {:?}",
            path.display(),
            found
                .iter()
                .map(|f| (f.code, f.range.clone()))
                .collect::<Vec<_>>(),
            expected
                .iter()
                .map(|f| (f.code, f.range.clone()))
                .collect::<Vec<_>>()
        ));
    }
    tally.files_with_findings += usize::from(!expected.is_empty());
}

/// `source` as the body of one class: every line indented by four spaces.
fn wrapped_in_a_class(source: &str) -> String {
    let mut out = String::from("class Wrapped:\n");
    for line in source.lines() {
        if !line.trim().is_empty() {
            out.push_str("    ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("    pass\n");
    out
}

fn extra() -> RuleSettings {
    RuleSettings {
        extra_secret_names: vec!["signature_value".into()],
        ..RuleSettings::default()
    }
}

/// A test class of about 6 KB: a setup, many methods that cannot matter, and one that
/// binds a made-up password.
fn large_test_class() -> (String, usize, std::ops::Range<usize>) {
    let mut source = String::from("import unittest\n\n\nclass LoginTest(unittest.TestCase):\n");
    let header_end = source.len() - "import unittest\n\n\n".len();
    source.push_str("    def setUp(self):\n        self.items = [1, 2, 3]\n\n");
    for i in 0..60 {
        source.push_str(&format!(
            "    def test_sum_{i}(self):\n        self.assertEqual(sum(self.items), 6)\n\n"
        ));
    }
    let start = source.len() - "import unittest\n\n\n".len();
    source.push_str(
        "    def test_login(self):\n        password = \"FAKE-pw-Zq8rT2xLm9Vb\"\n        self.assertTrue(password)\n\n",
    );
    let end = source.len() - "import unittest\n\n\n".len();
    for i in 0..10 {
        source.push_str(&format!(
            "    def test_len_{i}(self):\n        self.assertEqual(len(self.items), 3)\n\n"
        ));
    }
    (source, header_end, start..end)
}

#[test]
fn a_large_class_is_parsed_as_its_header_and_the_statements_that_matter() {
    let (source, header_end, login) = large_test_class();
    let class = &source["import unittest\n\n\n".len()..];
    let hints = FileHints::of(&source, &RuleSettings::default());
    assert_eq!(
        selection(class, &hints),
        Selection::Parts(vec![0..header_end, login.clone()])
    );

    // The same finding as a whole parse: the password, in the test method.
    let path = Path::new("tests/test_login.py");
    let options = AnalysisOptions::default();
    let parsed = ParsedModule::parse_selected(&source, |chunk| selection(chunk, &hints));
    let found = analyze(&source, &parsed, Some(path), &options);
    assert_eq!(found, analyze_source(&source, Some(path), &options));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(&source[found[0].range.clone()], "\"FAKE-pw-Zq8rT2xLm9Vb\"");

    // The parsed class holds the login test alone.
    let class_node = parsed
        .statements()
        .find(|s| s.kind() == "class_definition")
        .expect("the class is parsed");
    let members = body_statements(class_node);
    assert_eq!(members.len(), 1);
    assert!(
        source[members[0].byte_range()].starts_with("def test_login"),
        "{}",
        &source[members[0].byte_range()]
    );
}

#[test]
fn small_classes_views_and_routed_classes_are_parsed_whole() {
    let hints = FileHints::everything();
    let (source, header_end, _) = large_test_class();
    let class = &source["import unittest\n\n\n".len()..];
    let small = "class Config:\n    SECRET_KEY = \"FAKE-secret-Zq8rT2xLm9Vb\"\n    DEBUG = False\n";
    assert_eq!(selection(small, &hints), Selection::Whole);
    // A class-based view: every method is a view, whatever its text.
    let view = class.replace("(unittest.TestCase)", "(MethodView)");
    assert_eq!(selection(&view, &hints), Selection::Whole);
    // A route decorator makes a class a resource, its methods views.
    let decorated = format!("@app.route('/login')\n{class}");
    assert_eq!(selection(&decorated, &hints), Selection::Whole);
    // Other decorators change nothing the rules read in the body.
    let skipped = format!("@unittest.skipIf(sys.platform == 'win32', 'posix only')\n{class}");
    let decorators = "@unittest.skipIf(sys.platform == 'win32', 'posix only')\n".len();
    let skipped_hints = FileHints::of(&skipped, &RuleSettings::default());
    assert!(
        matches!(
            selection(&skipped, &skipped_hints),
            Selection::Parts(ref parts) if parts[0] == (0..decorators + header_end)
        ),
        "{:?}",
        selection(&skipped, &skipped_hints)
    );
    // A statement that cannot matter is not parsed at all.
    let plain = "class Point:\n    x = 0\n    y = 0\n";
    assert_eq!(
        selection(plain, &FileHints::of(plain, &RuleSettings::default())),
        Selection::Skip
    );
}

#[test]
fn a_class_kept_for_words_in_different_statements_is_parsed_as_its_header_and_first() {
    // `request` in one method and a comparison of a token in another: the class may
    // compare request input with a key, none of its methods can.
    let mut class = String::from("class Handler(Base):\n    kind = 'plain'\n\n");
    let first_end = class.len();
    class.push_str("    def method(self):\n        return request.method\n\n");
    for i in 0..40 {
        class.push_str(&format!(
            "    def step_{i}(self):\n        return self.run({i})\n\n"
        ));
    }
    class.push_str("    def same(self, token, other):\n        return token == other\n");
    let hints = FileHints::of(&class, &RuleSettings::default());
    let header_and_first = 0..first_end;
    assert_eq!(
        selection(&class, &hints),
        Selection::Parts(Vec::from([header_and_first]))
    );
    let options = AnalysisOptions::default();
    let parsed = ParsedModule::parse_selected(&class, |chunk| selection(chunk, &hints));
    assert_eq!(
        analyze(&class, &parsed, None, &options),
        analyze_source(&class, None, &options)
    );
    assert!(!parsed.has_errors());
}

#[test]
fn every_class_of_the_corpus_fixtures_and_example_split_gives_the_same_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in ["tests/corpus", "tests/fixtures", "docs/example"] {
        python_files(&root.join(folder), &mut files);
    }
    assert!(files.len() > 20, "only {} files found", files.len());
    let mut tally = Tally::default();
    let mut wrapped_tally = Tally::default();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap_or_default();
        for settings in [RuleSettings::default(), extra()] {
            compare(file, &source, &settings, 0, &mut tally);
            // The whole module as one class body: Flask views, configuration,
            // environment reads and secrets as the statements of a class.
            compare(
                file,
                &wrapped_in_a_class(&source),
                &settings,
                0,
                &mut wrapped_tally,
            );
        }
    }
    eprintln!("corpus: {tally:?}\ncorpus wrapped in a class: {wrapped_tally:?}");
    tally.assert_clean();
    wrapped_tally.assert_clean();
    assert!(tally.split >= 10, "{tally:?}");
    assert!(tally.files_with_findings > 50, "{tally:?}");
    assert!(wrapped_tally.split > 50, "{wrapped_tally:?}");
    assert!(wrapped_tally.members_left_out > 200, "{wrapped_tally:?}");
    assert!(wrapped_tally.files_with_findings > 50, "{wrapped_tally:?}");
}

/// Every `.py` file of this machine's standard library (without `site-packages`), or
/// every Nth with `FLASKGUARD_STDLIB_EVERY=N` (default 8 in debug builds, 1 in release),
/// with every class split and with the checker's threshold.
#[test]
fn every_class_of_the_standard_library_split_gives_the_same_findings() {
    let (every, files) = stdlib_files();
    let mut all = Tally::default();
    let mut large = Tally::default();
    for file in files.iter().step_by(every) {
        let Ok(source) = std::fs::read_to_string(file) else {
            continue;
        };
        compare(file, &source, &RuleSettings::default(), 0, &mut all);
        compare(file, &source, &RuleSettings::default(), 2048, &mut large);
    }
    eprintln!("stdlib (every {every}), every class split: {all:?}\nlarge classes split: {large:?}");
    all.assert_clean();
    large.assert_clean();
    assert!(all.split > 100 / every, "{all:?}");
    assert!(all.members_left_out > 1000 / every, "{all:?}");
}
