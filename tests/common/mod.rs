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
