//! SARIF 2.1.0 output for code-scanning upload (`--format sarif`).
//!
//! Results carry no code snippets, so nothing but the (already redacted) messages can
//! show a secret. Columns are counted in characters (`columnKind: unicodeCodePoints`).

use serde_json::{Value, json};

use super::check::FileReport;
use super::output::Row;
use crate::finding::Severity;
use crate::rules::ALL_RULES;

/// The SARIF log of every finding, one run of one tool.
pub fn log<'a>(files: impl Iterator<Item = (&'a FileReport, &'a Vec<Row>)>) -> Value {
    let rules: Vec<Value> = ALL_RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code.as_str(),
                "name": rule.name,
                "shortDescription": { "text": rule.summary },
                "help": { "text": rule.doc, "markdown": rule.doc },
                "defaultConfiguration": { "level": level(rule.default_severity) },
            })
        })
        .collect();
    let results: Vec<Value> = files
        .flat_map(|(report, rows)| {
            let uri = uri(&report.display.to_string_lossy());
            rows.iter().map(move |row| {
                json!({
                    "ruleId": row.code.as_str(),
                    "ruleIndex": ALL_RULES.iter().position(|r| r.code == row.code),
                    "level": level(row.severity),
                    "message": { "text": row.message },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri },
                            "region": {
                                "startLine": row.line,
                                "startColumn": row.column,
                                "endLine": row.end_line,
                                "endColumn": row.end_column,
                            }
                        }
                    }],
                })
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "flaskguard",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// SARIF levels: information and hint are both `note`.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// A relative URI reference for a path: `/` separators, anything outside the
/// unreserved set percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
