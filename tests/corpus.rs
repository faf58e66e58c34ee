//! Scores every rule on the realistic Flask corpus under `tests/corpus/`.
//!
//! Each app folder holds ordinary Flask code; every line where a finding must start
//! carries a trailing `# expect: FG101` (or `# expect: FG101, FG501`) comment. The test
//! analyses each `.py` file with the real engine, path relative to its app folder (so
//! `tests/conftest.py` is test code), and compares the findings, at any severity, with
//! the annotations line by line. It prints per-rule precision and recall with every
//! false positive and false negative, and fails when a rule is under 95 % or has no
//! positive example. Run it with `cargo test --test corpus -- --nocapture`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use flaskguard::analysis::{AnalysisOptions, analyze_source};
use flaskguard::rules::ALL_RULES;

/// The bar every rule must clear on the corpus (SPEC §6: accuracy on realistic Flask code).
const TARGET: f64 = 0.95;

/// One place a finding is expected or seen: app-relative file, 1-based line, rule code.
type Site = (String, usize, String);

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Every `.py` file under `dir`, sorted, so the report is stable.
fn python_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            python_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "py") {
            out.push(path);
        }
    }
}

/// The codes annotated on one line: `# expect: FG101, FG501` → `["FG101", "FG501"]`.
fn expected_codes(line: &str) -> Vec<String> {
    let Some(at) = line.find("# expect:") else {
        return Vec::new();
    };
    line[at + "# expect:".len()..]
        .split([',', ' '])
        .map(str::trim)
        .filter(|word| word.len() == 5 && word.starts_with("FG"))
        .map(str::to_string)
        .collect()
}

/// 1-based line of byte `offset` in `source`.
fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// Expected and found sites, as multisets (two findings on one line count twice).
#[derive(Default)]
struct Corpus {
    expected: BTreeMap<Site, usize>,
    found: BTreeMap<Site, usize>,
    files: usize,
    lines: usize,
}

fn load_corpus() -> Corpus {
    let root = corpus_root();
    let mut corpus = Corpus::default();
    let mut apps: Vec<PathBuf> = fs::read_dir(&root)
        .expect("tests/corpus exists")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_dir())
        .collect();
    apps.sort();
    for app in apps {
        let mut files = Vec::new();
        python_files(&app, &mut files);
        for file in files {
            let source = fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
            let in_app = file.strip_prefix(&app).expect("file under its app");
            let shown = file
                .strip_prefix(&root)
                .expect("file under the corpus")
                .display()
                .to_string();
            corpus.files += 1;
            corpus.lines += source.lines().count();
            for (index, line) in source.lines().enumerate() {
                for code in expected_codes(line) {
                    *corpus
                        .expected
                        .entry((shown.clone(), index + 1, code))
                        .or_default() += 1;
                }
            }
            for finding in analyze_source(&source, Some(in_app), &AnalysisOptions::default()) {
                let site = (
                    shown.clone(),
                    line_of(&source, finding.range.start),
                    finding.code.to_string(),
                );
                *corpus.found.entry(site).or_default() += 1;
            }
        }
    }
    corpus
}

#[derive(Default, Clone)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    false_positives: Vec<String>,
    false_negatives: Vec<String>,
}

impl Score {
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

/// `part / whole`, and 1.0 when there is nothing to measure.
fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

fn score(corpus: &Corpus) -> BTreeMap<String, Score> {
    let mut scores: BTreeMap<String, Score> = ALL_RULES
        .iter()
        .map(|info| (info.code.to_string(), Score::default()))
        .collect();
    let sites: BTreeSet<&Site> = corpus.expected.keys().chain(corpus.found.keys()).collect();
    for site in sites {
        let expected = corpus.expected.get(site).copied().unwrap_or(0);
        let found = corpus.found.get(site).copied().unwrap_or(0);
        let (file, line, code) = site;
        let entry = scores.entry(code.clone()).or_default();
        let hit = expected.min(found);
        entry.tp += hit;
        for _ in hit..found {
            entry.fp += 1;
            entry.false_positives.push(format!("{file}:{line}"));
        }
        for _ in hit..expected {
            entry.fn_ += 1;
            entry.false_negatives.push(format!("{file}:{line}"));
        }
    }
    scores
}

fn percent(value: f64) -> String {
    format!("{:5.1} %", value * 100.0)
}

#[test]
fn every_rule_is_precise_and_complete_on_the_corpus() {
    let corpus = load_corpus();
    let scores = score(&corpus);

    println!(
        "\nflaskguard corpus: {} files, {} lines, {} expected findings, {} found",
        corpus.files,
        corpus.lines,
        corpus.expected.values().sum::<usize>(),
        corpus.found.values().sum::<usize>()
    );
    println!("\n| code  |  TP |  FP |  FN | precision |  recall |");
    println!("|-------|----:|----:|----:|----------:|--------:|");
    for (code, s) in &scores {
        println!(
            "| {code} | {:3} | {:3} | {:3} |   {} | {} |",
            s.tp,
            s.fp,
            s.fn_,
            percent(s.precision()),
            percent(s.recall())
        );
    }
    for (code, s) in &scores {
        for site in &s.false_positives {
            println!("FP {code} {site}");
        }
        for site in &s.false_negatives {
            println!("FN {code} {site}");
        }
    }

    let mut failures = Vec::new();
    for info in ALL_RULES {
        let code = info.code.to_string();
        let s = &scores[&code];
        if s.tp + s.fn_ == 0 {
            failures.push(format!("{code} has no positive example in tests/corpus"));
        }
    }
    for (code, s) in &scores {
        if s.tp + s.fp + s.fn_ == 0 {
            continue;
        }
        if s.precision() < TARGET {
            failures.push(format!(
                "{code} precision {} < 95 % ({} false positives: {})",
                percent(s.precision()).trim(),
                s.fp,
                s.false_positives.join(", ")
            ));
        }
        if s.recall() < TARGET {
            failures.push(format!(
                "{code} recall {} < 95 % ({} missed: {})",
                percent(s.recall()).trim(),
                s.fn_,
                s.false_negatives.join(", ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "rules below the 95 % precision/recall bar on tests/corpus \
         (annotations are `# expect: FGxxx` on the line a finding starts):\n  {}",
        failures.join("\n  ")
    );
}

/// The annotation parser reads the codes of one trailing comment, and nothing else.
#[test]
fn annotations_are_read_from_the_trailing_expect_comment() {
    assert_eq!(
        expected_codes(r#"KEY = "x"  # expect: FG101, FG501"#),
        vec!["FG101", "FG501"]
    );
    assert_eq!(expected_codes("x = 1  # expect: FG202"), vec!["FG202"]);
    assert!(expected_codes("# FG101 is mentioned but not expected").is_empty());
}
