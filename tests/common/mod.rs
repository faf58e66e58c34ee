//! Helpers shared by the integration tests. Each test file uses what it needs.
#![allow(dead_code)]

use std::path::Path;

use flaskguard::analysis::{AnalysisOptions, analyze_source};
use flaskguard::finding::{Finding, Severity};

/// One finding as a test reads it: the code, the exact source text it points at,
/// its final severity and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub code: String,
    pub text: String,
    pub severity: Severity,
    pub message: String,
}

/// Analyses `source` as if it were the file at `path` with default settings.
pub fn findings_at(path: &str, source: &str) -> Vec<Finding> {
    analyze_source(source, Some(Path::new(path)), &AnalysisOptions::default())
}

/// Analyses `source` as `app.py` and returns what a user would see.
pub fn seen(source: &str) -> Vec<Seen> {
    seen_at("app.py", source)
}

/// Analyses `source` as the file at `path` and returns what a user would see.
pub fn seen_at(path: &str, source: &str) -> Vec<Seen> {
    findings_at(path, source)
        .into_iter()
        .map(|f| Seen {
            code: f.code.to_string(),
            text: source[f.range.clone()].to_string(),
            severity: f.severity,
            message: f.message,
        })
        .collect()
}

/// `(code, text)` pairs, the most common thing a rule test asserts.
pub fn codes(source: &str) -> Vec<(String, String)> {
    seen(source).into_iter().map(|s| (s.code, s.text)).collect()
}

/// Mutations a user's edit might make: names and values renamed, cased, joined.
pub fn mutate(line: &str, op: u8) -> String {
    match op % 8 {
        0 => line.to_string(),
        1 => line.to_uppercase(),
        2 => line.to_lowercase(),
        3 => line.replace('\'', "\""),
        4 => line.replace("_", ""),
        5 => line.replace(" = ", "="),
        6 => line.replace("key", "Key"),
        _ => line.replace("app", "application"),
    }
}

/// The body of a view: `x0 = {first}`, then locals `x1`..`xN` (N = `levels`) each
/// assigned `copies` times from the one before, then `last` (which reads `xN`). Each
/// local has `copies` values, so a rule following every path through them on its own
/// would take `copies^levels` steps.
pub fn chained_locals(first: &str, levels: usize, copies: usize, last: &str) -> String {
    let mut body = format!("    x0 = {first}\n");
    for level in 1..=levels {
        for _ in 0..copies {
            body.push_str(&format!("    x{level} = x{}\n", level - 1));
        }
    }
    body.push_str(&format!("    {last}\n"));
    body
}

/// Runs `run` on another thread and fails when it has not finished within a minute,
/// instead of hanging the test run (a failed assertion in `run` fails too).
pub fn within_a_minute(what: &str, run: impl FnOnce() + Send + 'static) {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        run();
        let _ = done.send(());
    });
    match finished.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(()) => {}
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what} did not finish within a minute")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            panic!("{what} failed (see the assertion above)")
        }
    }
}

/// Every `.py` file under `root`, recursively, leaving out `site-packages` folders.
pub fn python_files(root: &Path, out: &mut Vec<std::path::PathBuf>) {
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

/// This machine's standard library (the `stdlib` path from `sysconfig`): every `.py`
/// file, sorted, without `site-packages`; and N, where the tests read every Nth file:
/// `FLASKGUARD_STDLIB_EVERY=N`, by default 8 in debug builds and 1 in release builds.
pub fn stdlib_files() -> (usize, Vec<std::path::PathBuf>) {
    let output = std::process::Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .expect("python3 runs");
    let stdlib = std::path::PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    let mut files = Vec::new();
    python_files(&stdlib, &mut files);
    files.sort();
    assert!(
        files.len() > 500,
        "only {} files in {}",
        files.len(),
        stdlib.display()
    );
    let every: usize = std::env::var("FLASKGUARD_STDLIB_EVERY")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) { 8 } else { 1 })
        .max(1);
    (every, files)
}

/// Fails listing the first ten of `problems` (and how many there are), named `what`
/// ("violations", "problems"), unless there are none.
pub fn assert_none(what: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} {what}, first ones:\n{}",
        problems.len(),
        problems
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
