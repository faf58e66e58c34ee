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
