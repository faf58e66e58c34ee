//! SARIF 2.1.0 output for code-scanning upload (`--format sarif`).
//!
//! Each result carries its rule (with the rule's documentation as help), a redacted
//! snippet of its lines (every literal that could be a secret shown as `"sk-1…ef"`),
//! a `partialFingerprints` entry (the baseline fingerprint: code, path and the statement
//! with literals masked, so code scanning tracks a finding across line moves), and the
//! preferred fix as replacements. The run's `properties` hold the security grade.
//! Columns are counted in characters (`columnKind: unicodeCodePoints`).

use std::ops::Range;

use serde_json::{Value, json};
use tree_sitter::Node;

use super::check::FileReport;
use super::grade::Grade;
use super::output::Row;
use crate::document::ParsedModule;
use crate::finding::{Finding, Severity};
use crate::rules::ALL_RULES;
use crate::secrets::redact;

/// The key of flaskguard's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "flaskguard/v1";

/// The SARIF log of every finding, one run of one tool.
pub fn log<'a>(
    files: impl Iterator<Item = (&'a FileReport, &'a Vec<Row>)>,
    grade: &Grade,
    baselined: usize,
) -> Value {
    let rules: Vec<Value> = ALL_RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code.as_str(),
                "name": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": first_paragraph(rule.doc) },
                "help": { "text": rule.doc, "markdown": rule.doc },
                "defaultConfiguration": { "level": level(rule.default_severity) },
                "properties": {
                    "tags": ["security"],
                    "precision": "high",
                    "security-severity": security_severity(rule.default_severity),
                    "fixable": rule.fixable,
                },
            })
        })
        .collect();
    let results: Vec<Value> = files
        .flat_map(|(report, rows)| {
            let uri = uri(&report.display.to_string_lossy());
            rows.iter().map(move |row| {
                let mut result = json!({
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
                                "snippet": { "text": row.snippet },
                            }
                        }
                    }],
                    "partialFingerprints": { FINGERPRINT_KEY: row.fingerprint },
                });
                if let Some(fix) = &row.fix {
                    let replacements: Vec<Value> = fix
                        .replacements
                        .iter()
                        .map(|r| {
                            json!({
                                "deletedRegion": {
                                    "startLine": r.start.0,
                                    "startColumn": r.start.1,
                                    "endLine": r.end.0,
                                    "endColumn": r.end.1,
                                },
                                "insertedContent": { "text": r.text },
                            })
                        })
                        .collect();
                    result["fixes"] = json!([{
                        "description": { "text": fix.title },
                        "artifactChanges": [{
                            "artifactLocation": { "uri": uri },
                            "replacements": replacements,
                        }],
                    }]);
                }
                result
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
            "properties": {
                "grade": grade.letter.as_str(),
                "score": grade.score,
                "errors": grade.errors,
                "warnings": grade.warnings,
                "information": grade.information,
                "hints": grade.hints,
                "baselined": baselined,
            },
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

/// GitHub's `security-severity` (0.0–10.0): error is high, warning medium, the rest low.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "8.0",
        Severity::Warning => "5.0",
        Severity::Information | Severity::Hint => "2.0",
    }
}

/// The first paragraph after the page's title.
fn first_paragraph(doc: &str) -> String {
    doc.split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#'))
        .unwrap_or_default()
        .replace('\n', " ")
}

/// The whole lines of `range`, with every string literal and comment that could hold a
/// secret redacted (`secrets::redact`). Kept whole: environment-variable names such as
/// `"SECRET_KEY"` that no finding points at, and `# noqa` / `# flaskguard:` comments.
pub fn redacted_lines(
    source: &str,
    parsed: &ParsedModule,
    range: Range<usize>,
    findings: &[Finding],
) -> String {
    let start = range.start.min(source.len());
    let end = range.end.clamp(start, source.len());
    let start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let end = source[end..].find('\n').map_or(source.len(), |i| end + i);
    let end = if source[..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    let mut hidden: Vec<Range<usize>> = Vec::new();
    for root in parsed.roots() {
        collect_hidden(root, source, &(start..end), findings, &mut hidden);
    }
    for finding in findings.iter().filter(|f| is_secret_rule(f)) {
        if finding.range.start < end && finding.range.end > start {
            hidden.push(finding.range.clone());
        }
    }
    hidden.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out = String::new();
    let mut at = start;
    for r in hidden {
        if r.start < at || r.end <= r.start {
            continue;
        }
        let (Some(before), Some(secret)) = (source.get(at..r.start.max(at)), source.get(r.clone()))
        else {
            continue;
        };
        out.push_str(before);
        out.push_str(&redact(secret));
        at = r.end;
    }
    // A redacted range may run past the snippet's last line (a multi-line literal).
    if let Some(rest) = source.get(at..end.max(at)) {
        out.push_str(rest);
    }
    out
}

fn collect_hidden(
    node: Node<'_>,
    source: &str,
    span: &Range<usize>,
    findings: &[Finding],
    out: &mut Vec<Range<usize>>,
) {
    if node.end_byte() <= span.start || node.start_byte() >= span.end {
        return;
    }
    let range = node.start_byte()..node.end_byte();
    let text = source.get(range.clone()).unwrap_or_default();
    let pointed_at = findings
        .iter()
        .any(|f| f.range == range && is_secret_rule(f));
    match node.kind() {
        "string" => {
            if pointed_at || !is_env_name_literal(text) {
                out.push(range);
            }
            return;
        }
        "comment" => {
            if pointed_at || !super::diff::is_directive(text) {
                out.push(range);
            }
            return;
        }
        _ => {}
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        collect_hidden(child, source, span, findings, out);
    }
}

/// FG101–FG104 point at a secret; the debug rules point at code.
fn is_secret_rule(finding: &Finding) -> bool {
    finding.code.as_str().starts_with("FG1")
}

/// `"SECRET_KEY"`: an environment-variable style name (upper case, with an underscore).
fn is_env_name_literal(text: &str) -> bool {
    let inner = text.trim_matches(|c| c == '"' || c == '\'');
    inner.len() + 2 == text.len()
        && inner.contains('_')
        && inner.len() <= 64
        && inner.starts_with(|c: char| c.is_ascii_uppercase())
        && inner
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
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
