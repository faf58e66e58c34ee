//! The incremental engine: per-statement reuse gives exactly what a from-scratch
//! analysis of the same text gives, while re-running rules only where the text changed.

mod common;

use std::ops::Range;
use std::path::Path;

use flaskguard::analysis::{
    AnalysisOptions, IncrementalAnalysis, ReuseStats, analyze, analyze_source,
};
use flaskguard::document::ParsedModule;
use flaskguard::finding::Finding;
use proptest::prelude::*;
use tree_sitter::{InputEdit, Point};

/// An open document: text, incremental tree and incremental analysis, edited as an
/// editor would edit it.
struct Doc {
    path: &'static str,
    text: String,
    parsed: ParsedModule,
    analysis: IncrementalAnalysis,
    options: AnalysisOptions,
    /// Parse the text from scratch after each edit instead of editing the parse (as
    /// after a replace-all): chunk identities are then all new, and reuse falls back to
    /// recognising each chunk by its text.
    fresh_parses: bool,
}

impl Doc {
    fn open(path: &'static str, text: &str) -> Doc {
        let mut doc = Doc {
            path,
            text: text.to_string(),
            parsed: ParsedModule::parse(text),
            analysis: IncrementalAnalysis::new(),
            options: AnalysisOptions::default(),
            fresh_parses: false,
        };
        doc.analyze();
        doc
    }

    /// Replaces `range` (char boundaries) with `new_text` in the text and the tree.
    fn edit(&mut self, range: Range<usize>, new_text: &str) {
        let edit = input_edit(&self.text, range.clone(), new_text);
        self.text.replace_range(range, new_text);
        if self.fresh_parses {
            self.parsed = ParsedModule::parse(&self.text);
        } else {
            self.parsed.edit(&edit, &self.text);
        }
    }

    /// Replaces the first occurrence of `old` with `new`.
    fn replace(&mut self, old: &str, new: &str) {
        let start = self.text.find(old).expect("test text contains the snippet");
        self.edit(start..start + old.len(), new);
    }

    fn analyze(&mut self) -> Vec<Finding> {
        self.analysis.analyze(
            &self.text,
            &self.parsed,
            Some(Path::new(self.path)),
            &self.options,
        )
    }

    /// Analyses incrementally and asserts it equals a from-scratch analysis.
    fn check(&mut self) -> (Vec<Finding>, ReuseStats) {
        let incremental = self.analyze();
        let scratch = analyze_source(&self.text, Some(Path::new(self.path)), &self.options);
        assert_eq!(
            incremental, scratch,
            "incremental != scratch for:\n{}",
            self.text
        );
        (incremental, self.analysis.last_stats())
    }
}

/// The `InputEdit` for replacing `range` of `old` with `new_text` (rows split on `\n`,
/// columns in bytes, as tree-sitter counts them).
fn input_edit(old: &str, range: Range<usize>, new_text: &str) -> InputEdit {
    let point = |text: &str, offset: usize| {
        let before = &text.as_bytes()[..offset];
        let row = before.iter().filter(|&&b| b == b'\n').count();
        let column = offset
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
        Point { row, column }
    };
    let start_position = point(old, range.start);
    let inserted_end = {
        let rows = new_text.matches('\n').count();
        let tail = new_text.rsplit('\n').next().unwrap_or_default().len();
        if rows == 0 {
            Point {
                row: start_position.row,
                column: start_position.column + tail,
            }
        } else {
            Point {
                row: start_position.row + rows,
                column: tail,
            }
        }
    };
    InputEdit {
        start_byte: range.start,
        old_end_byte: range.end,
        new_end_byte: range.start + new_text.len(),
        start_position,
        old_end_position: point(old, range.end),
        new_end_position: inserted_end,
    }
}

fn codes(findings: &[Finding], text: &str) -> Vec<(String, String)> {
    findings
        .iter()
        .map(|f| (f.code.to_string(), text[f.range.clone()].to_string()))
        .collect()
}

const MODULE: &str = r#"from flask import Flask
server = Flask(__name__)

def helper():
    return 1

server.config["DEBUG"] = True

class ProductionConfig:
    DEBUG = True

if __name__ == "__main__":
    server.run(debug=True)
"#;

#[test]
fn edit_inside_one_statement_reanalyses_only_it() {
    let mut doc = Doc::open("app.py", MODULE);
    doc.replace("return 1", "return 2");
    let (found, stats) = doc.check();
    assert_eq!(stats.reanalysed, 1, "{stats:?}");
    assert_eq!(found.len(), 3);

    doc.replace(
        "server.config[\"DEBUG\"] = True",
        "server.config[\"DEBUG\"] = False",
    );
    let (found, stats) = doc.check();
    assert_eq!(stats.reanalysed, 1);
    assert_eq!(codes(&found, &doc.text).len(), 2);
}

#[test]
fn findings_after_an_edit_move_with_their_statement() {
    let mut doc = Doc::open("app.py", MODULE);
    doc.replace("def helper():", "def helper_with_a_longer_name_é😀():");
    let (found, stats) = doc.check();
    assert_eq!(stats.reanalysed, 1);
    assert_eq!(
        codes(&found, &doc.text),
        vec![
            ("FG202".to_string(), "True".to_string()),
            ("FG202".to_string(), "True".to_string()),
            ("FG201".to_string(), "True".to_string()),
        ]
    );
}

#[test]
fn inserting_a_statement_analyses_just_that_statement() {
    let mut doc = Doc::open("app.py", MODULE);
    doc.replace(
        "\nclass ProductionConfig",
        "\nserver.debug = True\n\nclass ProductionConfig",
    );
    let (found, stats) = doc.check();
    assert_eq!(stats.reanalysed, 1);
    assert_eq!(found.len(), 4);
}

#[test]
fn deleting_a_statement_drops_its_findings_and_reuses_the_rest() {
    let mut doc = Doc::open("app.py", MODULE);
    doc.replace("server.config[\"DEBUG\"] = True\n", "");
    let (found, stats) = doc.check();
    assert_eq!(stats.reanalysed, 0);
    assert_eq!(found.len(), 2);
}

#[test]
fn a_parse_from_scratch_reuses_every_statement_by_its_text() {
    // As after a full-text change: every chunk is new to the parse, none to the engine.
    let mut doc = Doc::open("app.py", MODULE);
    doc.parsed = ParsedModule::parse(&doc.text);
    let (found, stats) = doc.check();
    assert_eq!(stats.reanalysed, 0, "{stats:?}");
    assert_eq!(found.len(), 3);
    // Blank lines added after a statement do not make it new either.
    doc.text = doc.text.replace("return 1\n", "return 1\n\n\n");
    doc.parsed = ParsedModule::parse(&doc.text);
    let (found, stats) = doc.check();
    assert_eq!(stats.reanalysed, 0, "{stats:?}");
    assert_eq!(found.len(), 3);
}

#[test]
fn renaming_the_flask_app_reanalyses_everything() {
    let mut doc = Doc::open("app.py", MODULE);
    doc.replace("server = Flask", "web = Flask");
    let (found, stats) = doc.check();
    assert_eq!(stats.reanalysed, stats.statements);
    // `server.run(...)` is no longer on a Flask app; `server.config` still is config.
    assert_eq!(
        found.iter().map(|f| f.code.to_string()).collect::<Vec<_>>(),
        vec!["FG202", "FG202"]
    );
    doc.replace("web = Flask", "server = Flask");
    let (found, _) = doc.check();
    assert_eq!(found.len(), 3);
}

#[test]
fn noqa_added_by_another_statement_on_the_line_applies_to_reused_findings() {
    let mut doc = Doc::open("app.py", "import flask\napp.debug = True; x = 1\n");
    assert_eq!(doc.check().0.len(), 1);
    doc.replace("x = 1", "x = 1  # noqa: FG202");
    let (found, stats) = doc.check();
    assert!(found.is_empty());
    // The line is re-analysed; `import flask` is not.
    assert_eq!(stats.reanalysed, stats.statements - 1, "{stats:?}");
}

#[test]
fn changing_the_path_or_options_reanalyses_everything() {
    let mut doc = Doc::open("app.py", MODULE);
    doc.path = "tests/test_app.py";
    let (found, stats) = doc.check();
    assert_eq!(stats.reanalysed, stats.statements);
    assert_eq!(found.len(), 3);
    assert!(
        found
            .iter()
            .all(|f| f.message.ends_with("(lowered: test code)"))
    );

    doc.options.selection.ignore = vec!["FG201".to_string()];
    let (found, _) = doc.check();
    assert_eq!(found.len(), 2);
}

#[test]
fn syntax_errors_while_typing_stay_consistent() {
    let mut doc = Doc::open("app.py", MODULE);
    for typed in ["(", "[", "\"", ":", "\n  ", "'''"] {
        let at = doc.text.find("def helper").expect("present");
        doc.edit(at..at, typed);
        doc.check();
    }
}

#[test]
fn a_keystroke_in_a_10000_line_file_reanalyses_one_statement() {
    let mut text = String::from("from flask import Flask\napp = Flask(__name__)\n");
    let mut n = 0;
    while text.lines().count() < 10_000 {
        text.push_str(&format!(
            "\n@app.route(\"/r{n}\")\ndef view_{n}():\n    value = {n}\n    return str(value)\n"
        ));
        n += 1;
    }
    text.push_str("\nif __name__ == \"__main__\":\n    app.run(debug=True)\n");
    let mut doc = Doc::open("app.py", &text);
    let at = doc.text.find("value = 500\n").expect("present") + "value = 500".len();
    doc.edit(at..at, "1");
    let (found, stats) = doc.check();
    assert_eq!(found.len(), 1);
    assert_eq!(stats.reanalysed, 1, "{stats:?}");
    assert!(stats.statements > 1_900);
}

#[test]
fn a_keystroke_touches_only_the_trees_of_the_statements_it_edits() {
    let mut text = String::from("from flask import Flask\napp = Flask(__name__)\n");
    for n in 0..2_000 {
        text.push_str(&format!(
            "\n@app.route(\"/r{n}\")\ndef view_{n}():\n    return str({n})\n"
        ));
    }
    // A statement with a syntax error: parsed again whenever it moves.
    text.push_str("\nbroken = (\n");
    let mut doc = Doc::open("app.py", &text);
    let chunks = doc.parsed.chunk_count();
    assert!(chunks > 2_000, "{chunks} chunks");
    let edits: [(&str, &str); 4] = [
        ("return str(1000)", "return str(10001)"),
        ("from flask", "\nfrom flask"),
        ("str(10001)", "str(1000)"),
        ("def view_7():", "def view_7(a):"),
    ];
    for (old, new) in edits {
        let before = doc.parsed.tree_work();
        doc.replace(old, new);
        let analysed = doc.analyze();
        // What the server checks after each edit: the nesting limit near the edit.
        let at = doc.text.find(new).expect("edited");
        assert_eq!(
            flaskguard::analysis::limits::nesting_in(&doc.parsed, at..at + new.len()),
            None
        );
        let work = doc.parsed.tree_work() - before;
        assert!(
            work <= 6,
            "{old:?} -> {new:?}: {work} trees parsed, edited or moved for one keystroke \
             among {chunks} chunks"
        );
        let scratch = analyze_source(&doc.text, Some(Path::new(doc.path)), &doc.options);
        assert_eq!(analysed, scratch, "after {old:?} -> {new:?}");
    }
}

// ---- property: random edit sequences ----

const STATEMENTS: &[&str] = &[
    "from flask import Flask\n",
    "import flask\n",
    "import os\n",
    "from werkzeug.serving import run_simple\n",
    "app = Flask(__name__)\n",
    "server = flask.Flask(__name__)\r\n",
    "app.run(debug=True)\n",
    "server.run(host=\"0.0.0.0\", debug=1)  # noqa: FG101\n",
    "if __name__ == \"__main__\":\n    app.run(debug=True, use_evalex=True)\n",
    "app.config[\"DEBUG\"] = True\n",
    "app.debug = True  # noqa\n",
    "app.config[\"ENV\"] = \"development\"\r\n",
    "run_simple(\"localhost\", 5000, app, use_debugger=True)\n",
    "class ProductionConfig:\n    DEBUG = True\n    SECRET_KEY = \"FAKE-EXAMPLE-secret-value-42\"\n",
    "class DevConfig:\r\n    DEBUG = True\r\n",
    "def create_app():\n    web = Flask(__name__)\n    web.config.update(DEBUG=True)\n    return web\n",
    "if app.debug:\n    app.run(debug=1)\n",
    "API_KEY = \"sk-FAKEEXAMPLEFAKEEXAMPLEFAKEEXAMPLE00\"\n",
    "password = \"not-a-real-password-EXAMPLE\"\n",
    "DATABASE_URL = \"postgresql://user:FAKEpass@localhost/db\"\n",
    "token = os.environ.get(\"API_TOKEN\", \"FAKE-fallback-token-EXAMPLE\")\n",
    "# 中文 comment with an emoji 😀 and é\n",
    "greeting = \"héllo 😀 中文\"  # noqa: FG202\n",
    "\n",
    "x = [\n    1,\n    2,\n]\n",
    "@app.route(\"/\")\ndef index():\n    return \"ok\"\n",
];

const FRAGMENTS: &[&str] = &[
    "",
    "\n",
    "\r\n",
    " ",
    "    ",
    "(",
    ")",
    ":",
    "\"",
    "'''",
    "#",
    "# noqa",
    "  # noqa: FG201",
    "True",
    "False",
    "1",
    "app",
    "server",
    "debug=True",
    "Flask",
    "app.run(debug=True)\n",
    "DEBUG = True\n",
    "app = Flask(__name__)\n",
    "import flask\n",
    "class TestConfig:\n    DEBUG = True\n",
    "if __name__ == \"__main__\":\n    ",
    "é",
    "中文",
    "😀",
    "\u{10348}",
    "\t",
    "SECRET_KEY = \"FAKE-EXAMPLE-key-123456\"\n",
];

#[derive(Debug, Clone)]
enum Insert {
    Fragment(usize),
    Random(String),
}

#[derive(Debug, Clone)]
struct RandomEdit {
    /// Picks a char boundary of the current text.
    at: usize,
    /// Characters removed after it.
    delete: usize,
    insert: Insert,
}

fn random_edit() -> impl Strategy<Value = RandomEdit> {
    let insert = prop_oneof![
        3 => (0..FRAGMENTS.len()).prop_map(Insert::Fragment),
        1 => "[a-zA-Z_ =()\"'#:.,\n\r\té中😀\u{10348}]{0,12}".prop_map(Insert::Random),
    ];
    (
        any::<usize>(),
        prop_oneof![3 => 0..3usize, 1 => 0..40usize],
        insert,
    )
        .prop_map(|(at, delete, insert)| RandomEdit { at, delete, insert })
}

fn apply(doc: &mut Doc, edit: &RandomEdit) {
    let boundaries: Vec<usize> = doc
        .text
        .char_indices()
        .map(|(i, _)| i)
        .chain([doc.text.len()])
        .collect();
    let first = edit.at % boundaries.len();
    let last = (first + edit.delete).min(boundaries.len() - 1);
    let new_text = match &edit.insert {
        Insert::Fragment(i) => FRAGMENTS[*i].to_string(),
        Insert::Random(s) => s.clone(),
    };
    doc.edit(boundaries[first]..boundaries[last], &new_text);
}

const PATHS: &[&str] = &["app.py", "config.py", "tests/test_app.py"];

proptest! {
    // 600 cases by default; `PROPTEST_CASES=N` raises it.
    #![proptest_config(ProptestConfig {
        cases: ProptestConfig::default().cases.max(600),
        ..ProptestConfig::default()
    })]

    /// After every edit: (1) the incremental engine equals a from-scratch analysis of
    /// the same tree; (2) the incrementally edited parse equals a fresh parse of the
    /// text, syntax errors or not (chunks with errors are reparsed from scratch), so
    /// (3) the findings equal `analyze_source`, what `flaskguard check` reports.
    #[test]
    fn random_edits_match_a_fresh_analysis(
        statements in prop::collection::vec(0..STATEMENTS.len(), 1..14),
        edits in prop::collection::vec(random_edit(), 1..12),
        path in 0..PATHS.len(),
        fresh_parses in any::<bool>(),
    ) {
        let text: String = statements.iter().map(|&i| STATEMENTS[i]).collect();
        let mut doc = Doc::open(PATHS[path], &text);
        doc.fresh_parses = fresh_parses;
        for edit in &edits {
            apply(&mut doc, edit);
            let path = Some(Path::new(doc.path));
            let incremental = doc.analyze();
            let same_tree = analyze(&doc.text, &doc.parsed, path, &doc.options);
            prop_assert_eq!(&incremental, &same_tree, "text:\n{:?}", doc.text);

            let fresh = ParsedModule::parse(&doc.text);
            prop_assert_eq!(
                doc.parsed.to_sexp(),
                fresh.to_sexp(),
                "incremental parse differs from a fresh parse of:\n{:?}",
                doc.text
            );
            let scratch = analyze_source(&doc.text, path, &doc.options);
            prop_assert_eq!(&incremental, &scratch, "text:\n{:?}", doc.text);
        }
    }
}

/// The edit sequence that once left a single incrementally reparsed tree different from
/// a fresh parse (tree-sitter's error recovery reusing old subtrees): with chunks, the
/// edited chunk is reparsed from scratch when it has errors, so the trees agree.
#[test]
fn error_recovery_after_incremental_edits_equals_a_fresh_parse() {
    let mut doc = Doc::open(
        "app.py",
        "x = [\n    1,\n]\nserver = flask.Flask(__name__)\n",
    );
    doc.edit(5..5, "'''");
    assert_eq!(
        doc.parsed.to_sexp(),
        ParsedModule::parse(&doc.text).to_sexp()
    );
    let at = doc.text.find("server").expect("present") + 1;
    doc.edit(at..at, "'");
    let fresh = ParsedModule::parse(&doc.text);
    assert!(fresh.has_errors());
    assert_eq!(doc.parsed.to_sexp(), fresh.to_sexp());
    // The engine still agrees with itself on the tree it was given.
    let incremental = doc.analyze();
    assert_eq!(
        incremental,
        analyze(
            &doc.text,
            &doc.parsed,
            Some(Path::new("app.py")),
            &doc.options
        )
    );
}
