//! The statement prefilter never hides a finding or a fact: whenever it says a
//! top-level statement cannot matter, the rules report nothing for it and it adds
//! nothing to the file summary that a rule reads; leaving every such statement out of
//! the summary changes no finding of the statements kept.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use flaskguard::analysis::statement_prefilter::{
    FileHints, Reason, facts_read_by_rules, statement_may_matter, why_statement_matters,
};
use flaskguard::analysis::statements::top_level_statements;
use flaskguard::analysis::{FileInfo, FileSummary, RuleContext, StatementFacts};
use flaskguard::config::RuleSettings;
use flaskguard::document::ParsedModule;
use flaskguard::finding::Finding;
use flaskguard::rules;
use proptest::prelude::*;

/// What the contract check saw over some files.
#[derive(Default, Debug)]
struct Tally {
    files: usize,
    file_bytes: usize,
    statements: usize,
    statement_bytes: usize,
    kept: usize,
    kept_bytes: usize,
    with_findings: usize,
    with_facts: usize,
    /// Bytes kept, by the reason they were kept.
    kept_by_reason: BTreeMap<Reason, usize>,
    /// The largest statements kept: bytes, reason, where.
    largest: Vec<(usize, Reason, String)>,
    violations: Vec<String>,
}

impl Tally {
    fn assert_clean(&self) {
        assert!(
            self.violations.is_empty(),
            "{} violations, first ones:\n{}",
            self.violations.len(),
            self.violations
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

fn findings_of(
    source: &str,
    file: &FileInfo,
    summary: &FileSummary,
    settings: &RuleSettings,
    stmt: tree_sitter::Node<'_>,
) -> Vec<Finding> {
    let cx = RuleContext::new(source, file, summary, settings);
    let mut raw = Vec::new();
    rules::check_statement(stmt, &cx.for_statement(stmt), &mut raw);
    raw
}

/// Checks the contract on every top-level statement of `source`, read as `path`.
fn check_file(path: &Path, source: &str, settings: &RuleSettings, tally: &mut Tally) {
    let parsed = ParsedModule::parse(source);
    let statements = top_level_statements(&parsed);
    let facts: Vec<StatementFacts> = statements
        .iter()
        .map(|stmt| StatementFacts::of(*stmt, source))
        .collect();
    let summary = FileSummary::merge(&facts);
    let file = FileInfo::for_path(Some(path));
    let hints = FileHints::of(source, settings);
    tally.files += 1;
    tally.file_bytes += source.len();
    let mut kept = Vec::with_capacity(statements.len());
    let mut found = Vec::with_capacity(statements.len());
    for (i, stmt) in statements.iter().enumerate() {
        let text = source.get(stmt.byte_range()).unwrap_or_default();
        // The statement with the comment and blank lines that follow it, as a chunk
        // may hold it.
        let chunk_end = statements[i + 1..]
            .iter()
            .find(|s| s.kind() != "comment")
            .map_or(source.len(), |s| s.start_byte());
        let chunk = source
            .get(stmt.start_byte()..chunk_end)
            .unwrap_or_default();
        let reason = why_statement_matters(text, &hints);
        let keep = reason.is_some();
        assert_eq!(keep, statement_may_matter(text, &hints));
        let raw = findings_of(source, &file, &summary, settings, *stmt);
        let mut needed = Vec::new();
        if !raw.is_empty() {
            tally.with_findings += 1;
            needed.push(format!(
                "findings {:?}",
                raw.iter().map(|f| f.code.to_string()).collect::<Vec<_>>()
            ));
        }
        if facts[i] != StatementFacts::default() {
            tally.with_facts += 1;
            let read = facts_read_by_rules(&facts[i], &hints);
            if read != StatementFacts::default() {
                needed.push(format!("facts {read:?}"));
            }
        }
        if !needed.is_empty() {
            for (what, passes) in [
                ("statement", keep),
                ("chunk", statement_may_matter(chunk, &hints)),
            ] {
                if !passes {
                    tally.violations.push(format!(
                        "{}:{}: {what} rejected but has {}: {:?}",
                        path.display(),
                        stmt.start_position().row + 1,
                        needed.join(", "),
                        text.chars().take(120).collect::<String>()
                    ));
                }
            }
        }
        tally.statements += 1;
        tally.statement_bytes += text.len();
        if keep {
            tally.kept += 1;
            tally.kept_bytes += text.len();
            if let Some(reason) = reason {
                *tally.kept_by_reason.entry(reason).or_default() += text.len();
                let at = format!("{}:{}", path.display(), stmt.start_position().row + 1);
                tally.largest.push((text.len(), reason, at));
            }
        }
        kept.push(keep);
        found.push(raw);
    }
    // The summary of the kept statements alone gives the kept statements the same
    // findings.
    let pruned = FileSummary::merge(
        facts
            .iter()
            .zip(&kept)
            .filter(|(_, keep)| **keep)
            .map(|(f, _)| f),
    );
    if pruned != summary {
        for (i, stmt) in statements.iter().enumerate() {
            if kept[i] && findings_of(source, &file, &pruned, settings, *stmt) != found[i] {
                tally.violations.push(format!(
                    "{}:{}: findings differ with the summary of the kept statements",
                    path.display(),
                    stmt.start_position().row + 1,
                ));
            }
        }
    }
}

fn python_files(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "site-packages") {
                continue;
            }
            python_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
}

fn extra() -> RuleSettings {
    RuleSettings {
        extra_secret_names: vec!["signature_value".into()],
        ..RuleSettings::default()
    }
}

#[test]
fn no_statement_of_the_corpus_fixtures_or_example_loses_a_finding_or_fact() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in ["tests/corpus", "tests/fixtures", "docs/example"] {
        python_files(&root.join(folder), &mut files);
    }
    assert!(files.len() > 20, "only {} files found", files.len());
    let mut tally = Tally::default();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap_or_default();
        check_file(file, &source, &RuleSettings::default(), &mut tally);
        check_file(file, &source, &extra(), &mut tally);
    }
    eprintln!("corpus: {tally:?}");
    tally.assert_clean();
    assert!(tally.with_findings > 50, "{tally:?}");
}

#[test]
fn no_statement_of_the_benchmark_modules_loses_a_finding_or_fact() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join(format!("fg-stmt-prefilter-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("scratch folder");
    let mut tally = Tally::default();
    for (lines, findings, seed) in [(1000, 20, 1), (2000, 200, 2), (3000, 5, 3)] {
        let file = out.join(format!("m{lines}_{findings}.py"));
        let status = Command::new("python3")
            .arg(root.join("benches/gen_module.py"))
            .args([lines.to_string(), findings.to_string()])
            .arg(&file)
            .args(["--seed", &seed.to_string()])
            .status()
            .expect("python3 runs");
        assert!(status.success(), "gen_module.py failed");
        let source = std::fs::read_to_string(&file).expect("generated module");
        check_file(Path::new("app.py"), &source, &RuleSettings::default(), &mut tally);
        check_file(Path::new("config.py"), &source, &RuleSettings::default(), &mut tally);
    }
    let _ = std::fs::remove_dir_all(&out);
    eprintln!("benchmark modules: {tally:?}");
    tally.assert_clean();
    assert!(tally.with_findings >= 225, "{tally:?}");
}

/// Every `.py` file of this machine's standard library (without `site-packages`), or
/// every Nth with `FLASKGUARD_STDLIB_EVERY=N` (default 8 in debug builds, 1 in release).
#[test]
fn no_statement_of_the_standard_library_loses_a_finding_or_fact() {
    let output = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .expect("python3 runs");
    let stdlib = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    let mut files = Vec::new();
    python_files(&stdlib, &mut files);
    files.sort();
    assert!(files.len() > 500, "only {} files in {}", files.len(), stdlib.display());
    let every: usize = std::env::var("FLASKGUARD_STDLIB_EVERY")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) { 8 } else { 1 })
        .max(1);
    let mut tally = Tally::default();
    for file in files.iter().step_by(every) {
        let Ok(source) = std::fs::read_to_string(file) else {
            continue;
        };
        check_file(file, &source, &RuleSettings::default(), &mut tally);
    }
    eprintln!(
        "stdlib (every {every} of {} files): {} files, {} bytes, {} statements ({} bytes), \
         kept {} statements ({} bytes, {:.1} % of the files' bytes); {} with findings, {} with facts",
        files.len(),
        tally.files,
        tally.file_bytes,
        tally.statements,
        tally.statement_bytes,
        tally.kept,
        tally.kept_bytes,
        100.0 * tally.kept_bytes as f64 / tally.file_bytes.max(1) as f64,
        tally.with_findings,
        tally.with_facts,
    );
    eprintln!("kept bytes by reason: {:?}", tally.kept_by_reason);
    tally.largest.sort_unstable_by(|a, b| b.cmp(a));
    for (bytes, reason, at) in tally.largest.iter().take(12) {
        eprintln!("  kept {bytes} bytes ({reason:?}): {at}");
    }
    tally.assert_clean();
    // Ordinary non-Flask code is mostly left unparsed.
    assert!(
        tally.kept_bytes * 100 < tally.file_bytes * 15,
        "{} of {} bytes kept",
        tally.kept_bytes,
        tally.file_bytes
    );
}
