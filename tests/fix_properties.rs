//! The fix invariants of SPEC §2, as properties over generated Flask-like files:
//! fixing never adds syntax errors, fixing twice changes nothing the second time, no
//! line disappears that a fix did not target, `import os` is there exactly once (and
//! before its first use), and line endings and indentation keep the file's style.

use std::ops::Range;
use std::path::Path;

use flaskguard::analysis::{AnalysisOptions, analyze_source};
use flaskguard::document::ParsedModule;
use flaskguard::finding::{Finding, FixPlan, TextEdit};
use flaskguard::fixes::{apply_edits, edits_for, fix_all_edits, fix_source, suppress_edit};
use flaskguard::rules::RuleCode;
use proptest::prelude::*;

/// One top-level piece of a generated file. Targets are written `«K:VAR:text»`, with K
/// the fix letter the synthetic finding prefers.
#[derive(Debug, Clone)]
enum Piece {
    Assign {
        name: usize,
        b: bool,
    },
    AppConfig {
        name: usize,
        b: bool,
    },
    SecretKeyAttr {
        b: bool,
    },
    ConfigClass {
        name: usize,
        b: bool,
        debug: bool,
    },
    DevClass {
        name: usize,
    },
    Factory {
        names: Vec<usize>,
        b: bool,
        decorated: bool,
    },
    Dict {
        name: usize,
        b: bool,
    },
    Call {
        name: usize,
        b: bool,
    },
    Fallback {
        name: usize,
        b: bool,
        getenv: bool,
    },
    Update {
        name: usize,
        debug: bool,
    },
    RunDebug {
        guarded: bool,
    },
    MainSecret {
        b: bool,
    },
    AppDebug,
    ExistingBlock {
        name: usize,
    },
    Plain(usize),
}

const NAMES: &[&str] = &[
    "SECRET_KEY",
    "API_TOKEN",
    "MAIL_PASSWORD",
    "DB_PASSWORD",
    "STRIPE_API_KEY",
    "CLIENT_SECRET",
];

const PLAIN: &[&str] = &[
    "x = 1",
    "# a comment about settings",
    "",
    "def helper(value):\n~return value * 2",
    "LOG_LEVEL = \"INFO\"",
    "@app.route(\"/\")\ndef index():\n~return \"ok\"",
    "items = [\n~1,\n~2,\n]",
    "if app.debug:\n~app.logger.info(\"debug on\")",
    "text = \"\"\"multi\nline # not a comment\n\"\"\"",
];

const BROKEN: &[&str] = &[
    "def broken(:",
    "x = [1, 2",
    "if True",
    "print(\"unterminated",
    ")",
    "class :",
];

fn secret(name: usize) -> String {
    format!(
        "\"FAKE-{}-EXAMPLE-0123456789\"",
        NAMES[name].to_ascii_lowercase()
    )
}

fn target(letter: char, var: &str, text: &str) -> String {
    format!("«{letter}:{var}:{text}»")
}

fn ab(b: bool) -> char {
    if b { 'B' } else { 'A' }
}

/// The piece's lines, with `~` standing for one indentation step.
fn render(piece: &Piece) -> String {
    match piece {
        Piece::Assign { name, b } => {
            format!(
                "{} = {}",
                NAMES[*name],
                target(ab(*b), NAMES[*name], &secret(*name))
            )
        }
        Piece::AppConfig { name, b } => format!(
            "app.config[\"{}\"] = {}",
            NAMES[*name],
            target(ab(*b), NAMES[*name], &secret(*name))
        ),
        Piece::SecretKeyAttr { b } => format!(
            "app.secret_key = {}",
            target(ab(*b), "SECRET_KEY", &secret(0))
        ),
        Piece::ConfigClass { name, b, debug } => {
            let mut s = format!(
                "class ProductionConfig:\n~\"\"\"Production.\"\"\"\n~{} = {}",
                NAMES[*name],
                target(ab(*b), NAMES[*name], &secret(*name))
            );
            if *debug {
                s.push_str(&format!("\n~DEBUG = {}", target('D', "", "True")));
            }
            s
        }
        Piece::DevClass { name } => format!(
            "class DevelopmentConfig:\n~{} = \"dev\"\n~DEBUG = True",
            NAMES[*name]
        ),
        Piece::Factory {
            names,
            b,
            decorated,
        } => {
            let mut s = String::new();
            if *decorated {
                s.push_str("@register\n");
            }
            s.push_str("def create_app(config=None):\n~app = Flask(__name__)\n");
            for name in names {
                s.push_str(&format!(
                    "~app.config[\"{}\"] = {}\n",
                    NAMES[*name],
                    target(ab(*b), NAMES[*name], &secret(*name))
                ));
            }
            s.push_str("~if config:\n~~app.config.update(config)\n~return app");
            s
        }
        Piece::Dict { name, b } => format!(
            "SETTINGS = {{\n~\"{}\": {},\n~\"TIMEOUT\": 30,\n}}",
            NAMES[*name],
            target(ab(*b), NAMES[*name], &secret(*name))
        ),
        Piece::Call { name, b } => format!(
            "client = Client(\n~token={},\n)",
            target(ab(*b), NAMES[*name], &secret(*name))
        ),
        Piece::Fallback { name, b, getenv } => {
            let call = if *getenv {
                format!("os.getenv(\"{}\", {})", NAMES[*name], secret(*name))
            } else {
                format!("os.environ.get(\"{}\", {})", NAMES[*name], secret(*name))
            };
            let letter = if *b { 'B' } else { 'C' };
            format!("{} = {}", NAMES[*name], target(letter, NAMES[*name], &call))
        }
        Piece::Update { name, debug } => {
            let mut s = format!(
                "app.config.update(\n~{}={},\n",
                NAMES[*name],
                target('A', NAMES[*name], &secret(*name))
            );
            if *debug {
                s.push_str(&format!("~DEBUG={},\n", target('D', "", "1")));
            }
            s.push(')');
            s
        }
        Piece::RunDebug { guarded } => {
            let run = format!(
                "app.run(host=\"0.0.0.0\", debug={})",
                target('D', "", "True")
            );
            if *guarded {
                format!("if __name__ == \"__main__\":\n~{run}")
            } else {
                run
            }
        }
        Piece::MainSecret { b } => format!(
            "if __name__ == \"__main__\":\n~app.secret_key = {}\n~app.run()",
            target(ab(*b), "SECRET_KEY", &secret(0))
        ),
        Piece::AppDebug => format!("app.debug = {}", target('D', "", "True")),
        Piece::ExistingBlock { name } => format!(
            "# flaskguard: required settings\n_REQUIRED_SETTINGS = (\"{}\",)\n_missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]\nif _missing:\n~raise RuntimeError(\"Missing required configuration: \" + \", \".join(_missing))",
            NAMES[*name]
        ),
        Piece::Plain(i) => PLAIN[*i].to_string(),
    }
}

fn piece() -> impl Strategy<Value = Piece> {
    let name = 0..NAMES.len();
    prop_oneof![
        (name.clone(), any::<bool>()).prop_map(|(name, b)| Piece::Assign { name, b }),
        (name.clone(), any::<bool>()).prop_map(|(name, b)| Piece::AppConfig { name, b }),
        any::<bool>().prop_map(|b| Piece::SecretKeyAttr { b }),
        (name.clone(), any::<bool>(), any::<bool>())
            .prop_map(|(name, b, debug)| Piece::ConfigClass { name, b, debug }),
        name.clone().prop_map(|name| Piece::DevClass { name }),
        (
            prop::collection::vec(name.clone(), 0..3),
            any::<bool>(),
            any::<bool>()
        )
            .prop_map(|(names, b, decorated)| Piece::Factory {
                names,
                b,
                decorated
            }),
        (name.clone(), any::<bool>()).prop_map(|(name, b)| Piece::Dict { name, b }),
        (name.clone(), any::<bool>()).prop_map(|(name, b)| Piece::Call { name, b }),
        (name.clone(), any::<bool>(), any::<bool>())
            .prop_map(|(name, b, getenv)| Piece::Fallback { name, b, getenv }),
        (name.clone(), any::<bool>()).prop_map(|(name, debug)| Piece::Update { name, debug }),
        any::<bool>().prop_map(|guarded| Piece::RunDebug { guarded }),
        Just(Piece::AppDebug),
        any::<bool>().prop_map(|b| Piece::MainSecret { b }),
        name.prop_map(|name| Piece::ExistingBlock { name }),
        (0..PLAIN.len()).prop_map(Piece::Plain),
        (0..PLAIN.len()).prop_map(Piece::Plain),
    ]
}

/// A whole generated file.
#[derive(Debug, Clone)]
struct FileSpec {
    crlf: bool,
    tabs: bool,
    header: bool,
    docstring: bool,
    future: bool,
    imports: Vec<usize>,
    pieces: Vec<Piece>,
    broken: Option<(usize, usize)>,
}

const IMPORTS: &[&str] = &[
    "from flask import Flask",
    "import logging",
    "import os",
    "import os, sys",
    "from os import environ",
    "import os as operating_system",
];

fn file_spec() -> impl Strategy<Value = FileSpec> {
    (
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
        prop::sample::subsequence((0..IMPORTS.len()).collect::<Vec<_>>(), 0..4).prop_map(
            |mut imports| {
                // One `import os` at most: the invariant is about what fixes add.
                if imports.contains(&2) {
                    imports.retain(|&i| i != 3);
                }
                imports
            },
        ),
        prop::collection::vec(piece(), 0..7),
        prop::option::weighted(0.2, (0..8usize, 0..BROKEN.len())),
    )
        .prop_map(
            |((crlf, tabs, header, docstring, future), imports, pieces, broken)| FileSpec {
                crlf,
                tabs,
                header,
                docstring,
                future,
                imports,
                pieces,
                broken,
            },
        )
}

/// A synthetic finding's target as generated.
#[derive(Debug, Clone)]
struct Target {
    range: Range<usize>,
    letter: char,
    var: String,
}

/// Renders `spec` to text (markers removed) and the marked targets.
fn build(spec: &FileSpec) -> (String, Vec<Target>) {
    let mut parts: Vec<String> = Vec::new();
    if spec.header {
        parts.push("#!/usr/bin/env python\n# Copyright FAKE Example Ltd.\n".into());
    }
    if spec.docstring {
        parts.push("\"\"\"A FAKE Flask app for property tests.\"\"\"".into());
    }
    if spec.future {
        parts.push("from __future__ import annotations".into());
    }
    for &i in &spec.imports {
        parts.push(IMPORTS[i].into());
    }
    parts.push(String::new());
    for (i, piece) in spec.pieces.iter().enumerate() {
        if let Some((at, which)) = spec.broken {
            if at == i {
                parts.push(BROKEN[which].into());
            }
        }
        parts.push(render(piece));
    }
    if let Some((at, which)) = spec.broken {
        if at >= spec.pieces.len() {
            parts.push(BROKEN[which].into());
        }
    }
    let unit = if spec.tabs { "\t" } else { "    " };
    let mut text = parts.join("\n").replace('~', unit);
    text.push('\n');
    if spec.crlf {
        text = text.replace('\n', "\r\n");
    }
    unmark(&text)
}

fn unmark(marked: &str) -> (String, Vec<Target>) {
    let mut text = String::new();
    let mut targets = Vec::new();
    let mut chars = marked.chars();
    while let Some(ch) = chars.next() {
        if ch != '«' {
            text.push(ch);
            continue;
        }
        let letter = chars.next().unwrap_or('A');
        chars.next(); // ':'
        let var: String = chars.by_ref().take_while(|&c| c != ':').collect();
        let start = text.len();
        for inner in chars.by_ref() {
            if inner == '»' {
                break;
            }
            text.push(inner);
        }
        targets.push(Target {
            range: start..text.len(),
            letter,
            var,
        });
    }
    (text, targets)
}

fn plan_for(target: &Target, range: Range<usize>) -> FixPlan {
    let var = target.var.clone();
    match target.letter {
        'A' => FixPlan::EnvironSubscript {
            literal: range,
            var,
        },
        'B' => FixPlan::EnvironGet {
            literal: range,
            var,
        },
        'C' => FixPlan::DropFallback { call: range, var },
        _ => FixPlan::DebugFromEnv { value: range },
    }
}

fn findings_for(targets: &[Target]) -> Vec<Finding> {
    targets
        .iter()
        .map(|t| {
            let code = if t.letter == 'D' {
                RuleCode::FG201
            } else {
                RuleCode::FG101
            };
            Finding::new(code, t.range.clone(), "generated").with_fix(plan_for(t, t.range.clone()))
        })
        .collect()
}

/// Where `range` of the old text ended up after `edits`: shifted by the edits before
/// it, and as long as its replacement when an edit replaced exactly it.
fn moved(range: &Range<usize>, edits: &[TextEdit]) -> Range<usize> {
    let shift: isize = edits
        .iter()
        .filter(|e| e.range.end <= range.start && e.range != *range)
        .map(|e| e.new_text.len() as isize - e.range.len() as isize)
        .sum();
    let start = range.start.wrapping_add_signed(shift);
    let len = edits
        .iter()
        .find(|e| e.range == *range)
        .map_or(range.len(), |e| e.new_text.len());
    start..start + len
}

fn top_level_os_imports(text: &str) -> Vec<usize> {
    let parsed = ParsedModule::parse(text);
    parsed
        .statements()
        .filter(|stmt| {
            stmt.kind() == "import_statement"
                && stmt.utf8_text(text.as_bytes()).is_ok_and(|t| {
                    t.trim_start_matches("import")
                        .split(',')
                        .any(|name| name.trim() == "os" || name.trim().starts_with("os."))
                })
        })
        .map(|stmt| stmt.start_byte())
        .collect()
}

fn lines(text: &str) -> Vec<&str> {
    text.split('\n').map(|l| l.trim_end_matches('\r')).collect()
}

/// Every line of `before` that no replaced range touches is still in `after`, in order.
fn assert_lines_survive(before: &str, after: &str, edits: &[TextEdit]) {
    let replaced: Vec<&Range<usize>> = edits
        .iter()
        .filter(|e| !e.range.is_empty())
        .map(|e| &e.range)
        .collect();
    let after_lines = lines(after);
    let mut next = 0;
    let mut offset = 0;
    for line in lines(before) {
        let range = offset..offset + line.len();
        offset += line.len() + 1 + usize::from(before[offset + line.len()..].starts_with('\r'));
        let touched = replaced
            .iter()
            .any(|r| r.start <= range.end && range.start < r.end.max(r.start + 1));
        if touched {
            continue;
        }
        match after_lines[next..].iter().position(|l| *l == line) {
            Some(i) => next += i + 1,
            None => panic!(
                "line {line:?} disappeared\n--- before ---\n{before}\n--- after ---\n{after}"
            ),
        }
    }
}

/// Line endings and indentation keep the file's own style (indentation is only checked
/// when the original file shows one).
fn assert_style_kept(spec: &FileSpec, before: &str, after: &str) {
    let bytes = after.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            let crlf = i > 0 && bytes[i - 1] == b'\r';
            assert_eq!(crlf, spec.crlf, "mixed line endings in\n{after}");
        }
    }
    let indented = |c: char| lines(before).iter().any(|l| l.starts_with(c));
    let foreign = if indented('\t') {
        ' '
    } else if indented(' ') {
        '\t'
    } else {
        return;
    };
    let mut in_string = false;
    for line in lines(after) {
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        if !in_string && line.len() > indent.len() {
            assert!(
                !indent.contains(foreign),
                "indentation {indent:?} does not match the file in\n{after}"
            );
        }
        if line.matches("\"\"\"").count() % 2 == 1 {
            in_string = !in_string;
        }
    }
}

fn error_count(text: &str) -> usize {
    ParsedModule::parse(text).error_count()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("FIX_PROPERTY_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1024),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// fixAll on synthetic findings keeps every invariant.
    #[test]
    fn fix_all_keeps_the_invariants(spec in file_spec()) {
        let (source, targets) = build(&spec);
        let parsed = ParsedModule::parse(&source);
        let findings = findings_for(&targets);
        let edits = fix_all_edits(&source, &parsed, &findings);
        for pair in edits.windows(2) {
            prop_assert!(pair[0].range.end <= pair[1].range.start, "overlapping edits {:?}", edits);
        }
        let fixed = apply_edits(&source, &edits);

        // On a well-formed file every plan is carried out (the properties below are
        // not vacuous).
        if !parsed.has_errors() {
            for t in &targets {
                prop_assert!(
                    edits.iter().any(|e| e.range == t.range),
                    "plan {:?} not applied to\n{}", t, source
                );
            }
        }

        prop_assert!(
            error_count(&fixed) <= error_count(&source),
            "fix added syntax errors\n--- before ---\n{}\n--- after ---\n{}", source, fixed
        );

        // The applied plans, pointed at what they produced, change nothing. (In a broken
        // file a plan skipped the first time may apply later, once the error recovery
        // around it changes: `--fix` runs rounds for that.)
        let again: Vec<Finding> = targets
            .iter()
            .filter(|t| edits.iter().any(|e| e.range == t.range))
            .map(|t| {
                let range = moved(&t.range, &edits);
                Finding::new(RuleCode::FG101, range.clone(), "again").with_fix(plan_for(t, range))
            })
            .collect();
        let reparsed = ParsedModule::parse(&fixed);
        let second = fix_all_edits(&fixed, &reparsed, &again);
        prop_assert_eq!(apply_edits(&fixed, &second), fixed.clone(), "second run changed the file");

        assert_lines_survive(&source, &fixed, &edits);
        assert_style_kept(&spec, &source, &fixed);

        if !edits.is_empty() {
            let imports = top_level_os_imports(&fixed);
            prop_assert_eq!(imports.len(), 1, "import os not exactly once in\n{}", fixed);
            let first_use = fixed.find("os.environ").unwrap_or(0);
            prop_assert!(imports[0] < first_use, "import os after its first use in\n{}", fixed);
        }
        // One module-level validation block at most (an existing one is extended).
        let module_blocks = |text: &str| {
            lines(text).iter().filter(|l| **l == "# flaskguard: required settings").count()
        };
        prop_assert!(module_blocks(&fixed) <= module_blocks(&source).max(1), "second block in\n{}", fixed);
    }

    /// Each quick-fix on its own keeps the same invariants (in broken files its syntax
    /// check takes the incremental path; the fresh parse here confirms it).
    #[test]
    fn each_quick_fix_keeps_the_invariants(spec in file_spec()) {
        let (source, targets) = build(&spec);
        let parsed = ParsedModule::parse(&source);
        for t in &targets {
            let edits = edits_for(&source, &parsed, &plan_for(t, t.range.clone()));
            let fixed = apply_edits(&source, &edits);
            prop_assert!(
                error_count(&fixed) <= error_count(&source),
                "quick-fix {:?} added syntax errors\n--- before ---\n{}\n--- after ---\n{}", t, source, fixed
            );
            if !parsed.has_errors() {
                prop_assert!(edits.iter().any(|e| e.range == t.range), "{:?} not applied", t);
            }
            let again = plan_for(t, moved(&t.range, &edits));
            let reparsed = ParsedModule::parse(&fixed);
            if !edits.is_empty() {
                prop_assert_eq!(edits_for(&fixed, &reparsed, &again), Vec::new());
                prop_assert_eq!(top_level_os_imports(&fixed).len(), 1, "in\n{}", fixed);
            }
            assert_lines_survive(&source, &fixed, &edits);
            assert_style_kept(&spec, &source, &fixed);
        }
    }

    /// "Suppress FGxxx on this line" silences that finding (and nothing else) without
    /// adding syntax errors, and is not offered again.
    #[test]
    fn suppression_silences_the_finding(spec in file_spec()) {
        let (source, _) = build(&spec);
        let options = AnalysisOptions::default();
        let path = Some(Path::new("app.py"));
        let all = analyze_source(&source, path, &options);
        // In a file Python cannot tokenize (an unterminated string, an unclosed
        // bracket), whether a `#` starts a comment is up to each parser's error
        // recovery, and the checker reads comments from tree-sitter's: the promise is
        // made for well-formed files. Broken files still get an edit or none, never a
        // panic.
        let well_formed = !ParsedModule::parse(&source).has_errors();
        let line_of = |text: &str, offset: usize| text[..offset.min(text.len())].matches('\n').count();
        for finding in all.iter().take(4) {
            let edit = suppress_edit(&source, finding);
            if !well_formed {
                continue;
            }
            let Some(edit) = edit else {
                prop_assert!(false, "no suppression offered for {:?} in\n{}", finding, source);
                continue;
            };
            let suppressed = apply_edits(&source, &[edit]);
            prop_assert_eq!(error_count(&suppressed), 0, "{}", suppressed);
            let left = analyze_source(&suppressed, path, &options);
            prop_assert!(left.len() < all.len(), "still reported after\n{}", suppressed);
            let line = line_of(&source, finding.range.start);
            prop_assert!(
                !left.iter().any(|f| f.code == finding.code && line_of(&suppressed, f.range.start) == line),
                "{:?} still reported in\n{}", finding, suppressed
            );
            // The edit lands at or after the finding's start, so its offset still holds.
            prop_assert_eq!(suppress_edit(&suppressed, finding), None);
        }
    }

    /// `--fix` on generated files through the real rules: no new syntax errors, a second
    /// `--fix` changes nothing, and on valid files nothing auto-fixable is left.
    #[test]
    fn fix_source_converges(spec in file_spec()) {
        let (source, _) = build(&spec);
        let options = AnalysisOptions::default();
        let path = Path::new("app.py");
        let outcome = fix_source(&source, Some(path), &options);
        prop_assert!(error_count(&outcome.text) <= error_count(&source));
        let again = fix_source(&outcome.text, Some(path), &options);
        prop_assert_eq!(&again.text, &outcome.text, "second --fix changed the file");
        prop_assert!(again.applied.is_empty());
        if !ParsedModule::parse(&source).has_errors() {
            let left: Vec<Finding> = analyze_source(&outcome.text, Some(path), &options)
                .into_iter()
                .filter(Finding::auto_fixable)
                .collect();
            prop_assert!(left.is_empty(), "still fixable after --fix: {:?}\n{}", left, outcome.text);
        }
        assert_style_kept(&spec, &source, &outcome.text);
        if !outcome.applied.is_empty() {
            prop_assert_eq!(top_level_os_imports(&outcome.text).len(), 1);
        }
    }
}

/// Every `*.py` under `dir`, recursively, sorted.
fn python_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(python_files(&path));
        } else if path.extension().is_some_and(|e| e == "py") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The same invariants on the repository's real Python files (rule fixtures and the
/// example app), analysed as if each were the production module `app.py`.
#[test]
fn fixing_the_repository_python_files_keeps_the_invariants() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files: Vec<_> = ["tests/fixtures", "docs/example"]
        .iter()
        .flat_map(|dir| python_files(&root.join(dir)))
        .collect();
    assert!(
        files.len() >= 5,
        "expected the fixture files, found {files:?}"
    );
    let options = AnalysisOptions::default();
    let as_app = Some(Path::new("app.py"));
    let mut fixed_files = 0;
    for file in &files {
        let Ok(source) = std::fs::read_to_string(file) else {
            continue;
        };
        let parsed = ParsedModule::parse(&source);
        let findings = analyze_source(&source, as_app, &options);
        let edits = fix_all_edits(&source, &parsed, &findings);
        let fixed = apply_edits(&source, &edits);
        let name = file.display();
        assert!(error_count(&fixed) <= error_count(&source), "{name}");
        assert_lines_survive(&source, &fixed, &edits);
        if !edits.is_empty() {
            fixed_files += 1;
            let before = top_level_os_imports(&source).len();
            assert_eq!(top_level_os_imports(&fixed).len(), before.max(1), "{name}");
        }

        let outcome = fix_source(&source, as_app, &options);
        assert!(error_count(&outcome.text) <= error_count(&source), "{name}");
        assert_eq!(
            fix_source(&outcome.text, as_app, &options).text,
            outcome.text,
            "{name}"
        );
        if !parsed.has_errors() {
            let left: Vec<Finding> = analyze_source(&outcome.text, as_app, &options)
                .into_iter()
                .filter(Finding::auto_fixable)
                .collect();
            assert_eq!(left, Vec::new(), "{name}\n{}", outcome.text);
        }
    }
    assert!(fixed_files > 0, "no file had anything to fix");
}
