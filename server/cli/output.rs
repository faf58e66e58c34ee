//! Printing findings: `text`, `json` and `github` formats, the summary line and the
//! exit status. Positions are 1-based lines and columns counted in characters.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use super::args::Format;
use super::check::{FileReport, Outcome};
use super::grade::{Grade, Letter};
use crate::baseline::{fingerprint, masked_statement};
use crate::document::ParsedModule;
use crate::finding::{Finding, Severity};
use crate::fixes::{edits_for, fix_title};
use crate::rules::RuleCode;

/// One finding ready to print (its file is the report's).
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub code: RuleCode,
    pub severity: Severity,
    pub message: String,
    /// The finding offers at least one fix (a quick-fix in the editor).
    pub fix_available: bool,
    /// `--fix` would apply its preferred fix (not in test or development code).
    pub auto_fixable: bool,
    /// The baseline fingerprint (code, path, masked statement; never the value).
    pub fingerprint: String,
    /// The finding's lines with every literal that could be a secret redacted.
    pub snippet: String,
    /// The preferred fix as replacements, for SARIF.
    pub fix: Option<RowFix>,
}

/// A fix as positioned replacements (1-based lines, character columns).
#[derive(Debug, Clone)]
pub struct RowFix {
    pub title: String,
    pub replacements: Vec<Replacement>,
}

#[derive(Debug, Clone)]
pub struct Replacement {
    pub start: (usize, usize),
    pub end: (usize, usize),
    pub text: String,
}

/// What rows carry beyond what every format prints (each costs time on large trees).
#[derive(Debug, Clone, Copy, Default)]
pub struct Detail {
    /// Baseline fingerprints (for `--baseline`, `--write-baseline` and SARIF).
    pub fingerprints: bool,
    /// Redacted snippets and fixes as replacements (SARIF).
    pub sarif: bool,
}

/// The findings of one file as rows, sorted by position. `key` is the file's path as
/// fingerprints record it (relative to the baseline's folder).
pub fn rows(
    source: &str,
    parsed: &ParsedModule,
    key: &str,
    findings: &[Finding],
    detail: Detail,
) -> Vec<Row> {
    let lines = LineIndex::new(source);
    let mut rows: Vec<Row> = findings
        .iter()
        .map(|f| {
            let (line, column) = lines.position(source, f.range.start);
            let (end_line, end_column) = lines.position(source, f.range.end);
            let fingerprint = if detail.fingerprints {
                let statement = masked_statement(source, parsed, f.range.clone());
                fingerprint(f.code, key, &statement)
            } else {
                String::new()
            };
            let fix = f.fixes.first().filter(|_| detail.sarif).and_then(|plan| {
                let edits = edits_for(source, parsed, plan);
                (!edits.is_empty()).then(|| RowFix {
                    title: fix_title(plan),
                    replacements: edits
                        .iter()
                        .map(|edit| Replacement {
                            start: lines.position(source, edit.range.start),
                            end: lines.position(source, edit.range.end),
                            text: edit.new_text.clone(),
                        })
                        .collect(),
                })
            });
            Row {
                line,
                column,
                end_line,
                end_column,
                code: f.code,
                severity: f.severity,
                message: f.message.clone(),
                fix_available: !f.fixes.is_empty(),
                auto_fixable: f.auto_fixable(),
                fingerprint,
                snippet: if detail.sarif {
                    super::sarif::redacted_lines(source, parsed, f.range.clone(), findings)
                } else {
                    String::new()
                },
                fix,
            }
        })
        .collect();
    rows.sort_by_key(|r| (r.line, r.column, r.end_line, r.end_column, r.code));
    rows
}

/// Byte offsets of line starts, to turn byte offsets into line and character columns.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(source: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// 1-based line and column (in characters) of a byte offset, clamped to the text.
    fn position(&self, source: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset).max(1) - 1;
        let mut start = self.starts.get(line).copied().unwrap_or(0);
        // A byte order mark is not a column: editors and Python do not show it.
        if start == 0 && source.starts_with('\u{feff}') {
            start = 3.min(offset);
        }
        let column = source.get(start..offset).map_or(0, |s| s.chars().count());
        (line + 1, column + 1)
    }
}

/// The JSON shape of one finding (SPEC §4).
#[derive(Serialize)]
struct JsonFinding<'a> {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    code: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    fix_available: bool,
}

/// What decides the exit status and what the summary mentions.
#[derive(Debug, Clone, Copy)]
pub struct Gate {
    pub fixing: bool,
    pub fail_on: Severity,
    pub fail_below: Option<Letter>,
    /// Findings hidden because the baseline records them.
    pub baselined: usize,
    pub had_errors: bool,
}

/// Prints the findings of every checked file, the summary and the grade; returns 1 when
/// a finding is at least as severe as `fail_on` or the grade is worse than
/// `fail_below`, else 0.
pub fn print_findings(reports: &[FileReport], format: Format, gate: Gate) -> ExitCode {
    let Gate {
        fixing,
        fail_on,
        fail_below,
        baselined,
        had_errors,
    } = gate;
    let checked = || {
        reports.iter().filter_map(|r| match &r.outcome {
            Outcome::Checked {
                rows,
                fixed,
                changed,
                ..
            } => Some((r, rows, *fixed, *changed)),
            _ => None,
        })
    };
    let grade = Grade::of(checked().flat_map(|(_, rows, ..)| rows.iter().map(|r| r.severity)));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = match format {
        Format::Text => print_text(&mut out, checked().map(|(r, rows, ..)| (r, rows))),
        Format::Json => print_json(&mut out, checked().map(|(r, rows, ..)| (r, rows))),
        Format::Github => print_github(&mut out, checked().map(|(r, rows, ..)| (r, rows))),
        Format::Sarif => {
            let log =
                super::sarif::log(checked().map(|(r, rows, ..)| (r, rows)), &grade, baselined);
            serde_json::to_writer_pretty(&mut out, &log)
                .map_err(std::io::Error::other)
                .and_then(|()| writeln!(out))
        }
    };

    let total: usize = checked().map(|(_, rows, ..)| rows.len()).sum();
    let fixable: usize = checked()
        .map(|(_, rows, ..)| rows.iter().filter(|r| r.auto_fixable).count())
        .sum();
    let fixed: usize = checked().map(|(_, _, fixed, _)| fixed).sum();
    let changed_files = checked().filter(|(.., changed)| *changed).count();

    let mut summary = Vec::new();
    if fixing {
        summary.push(format!(
            "Fixed {} in {}.",
            plural(fixed, "finding"),
            plural(changed_files, "file")
        ));
    }
    match (total, fixable) {
        // Files that could not be checked are not "passed": the errors say enough.
        (0, _) if had_errors => {}
        (0, _) => summary.push("All checks passed!".to_string()),
        (n, 0) => summary.push(format!("Found {}.", plural(n, "finding"))),
        (n, f) => summary.push(format!(
            "Found {} ({f} fixable with --fix).",
            plural(n, "finding")
        )),
    }
    if baselined > 0 {
        summary.push(format!(
            "{} recorded in the baseline not shown.",
            plural(baselined, "finding")
        ));
    }
    if !(had_errors && total == 0) {
        summary.push(format!(
            "Security grade: {} ({}/100{}).",
            grade.letter,
            grade.score,
            counts(&grade)
        ));
    }
    // Text keeps the summary with the findings, as ruff does; machine formats keep
    // stdout parseable and put it on stderr.
    let result = result.and_then(|()| {
        if format == Format::Text {
            summary.iter().try_for_each(|line| writeln!(out, "{line}"))
        } else {
            summary.iter().for_each(|line| eprintln!("{line}"));
            Ok(())
        }
    });
    let result = result.and_then(|()| out.flush());
    if let Err(error) = result {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the output: {error}");
            return ExitCode::from(2);
        }
    }

    let failing = checked().any(|(_, rows, ..)| rows.iter().any(|r| r.severity.at_least(fail_on)));
    let below = fail_below.is_some_and(|threshold| grade.letter.worse_than(threshold));
    if below {
        eprintln!(
            "error: security grade {} is below the required {}",
            grade.letter,
            fail_below.map_or("", Letter::as_str)
        );
    }
    ExitCode::from(u8::from(failing || below))
}

/// `: 1 error, 2 warnings` (the counts that cost points), or nothing.
fn counts(grade: &Grade) -> String {
    let parts: Vec<String> = [
        (grade.errors, "error"),
        (grade.warnings, "warning"),
        (grade.information, "information finding"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| plural(*n, word))
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(": {}", parts.join(", "))
    }
}

/// Prints the `--diff` output; returns 1 when a file would change, else 0.
pub fn print_diffs(reports: &[FileReport]) -> ExitCode {
    let mut would_fix = 0;
    let mut files = 0;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut result = Ok(());
    for report in reports {
        if let Outcome::Checked {
            fixed,
            changed: true,
            diff,
            ..
        } = &report.outcome
        {
            would_fix += fixed;
            files += 1;
            result = result.and_then(|()| out.write_all(diff.as_bytes()));
        }
    }
    let result = result.and_then(|()| out.flush());
    if let Err(error) = result {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the output: {error}");
            return ExitCode::from(2);
        }
    }
    if files == 0 {
        eprintln!("No fixes available.");
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "Would fix {} in {}.",
            plural(would_fix, "finding"),
            plural(files, "file")
        );
        ExitCode::from(1)
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn print_text<'a>(
    out: &mut impl Write,
    files: impl Iterator<Item = (&'a FileReport, &'a Vec<Row>)>,
) -> std::io::Result<()> {
    for (report, rows) in files {
        let path = report.display.display();
        for row in rows {
            writeln!(
                out,
                "{path}:{}:{}: {} {}",
                row.line, row.column, row.code, row.message
            )?;
        }
    }
    Ok(())
}

fn print_json<'a>(
    out: &mut impl Write,
    files: impl Iterator<Item = (&'a FileReport, &'a Vec<Row>)>,
) -> std::io::Result<()> {
    let findings: Vec<JsonFinding<'_>> = files
        .flat_map(|(report, rows)| {
            let path = report.display.to_string_lossy().into_owned();
            rows.iter().map(move |row| JsonFinding {
                path: path.clone(),
                line: row.line,
                column: row.column,
                end_line: row.end_line,
                end_column: row.end_column,
                code: row.code.as_str(),
                rule: row.code.name(),
                severity: row.severity.as_str(),
                message: &row.message,
                fix_available: row.fix_available,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &findings).map_err(std::io::Error::other)?;
    writeln!(out)
}

fn print_github<'a>(
    out: &mut impl Write,
    files: impl Iterator<Item = (&'a FileReport, &'a Vec<Row>)>,
) -> std::io::Result<()> {
    for (report, rows) in files {
        let path = escape_property(&report.display.to_string_lossy());
        for row in rows {
            let level = match row.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Information | Severity::Hint => "notice",
            };
            writeln!(
                out,
                "::{level} title={} ({}),file={path},line={},col={},endLine={},endColumn={}::{}",
                row.code,
                row.code.name(),
                row.line,
                row.column,
                row.end_line,
                row.end_column,
                escape_data(&format!("{} {}", row.code, row.message)),
            )?;
        }
    }
    Ok(())
}

/// Workflow-command escaping of a message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Workflow-command escaping of a property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    fn position(source: &str, offset: usize) -> (usize, usize) {
        LineIndex::new(source).position(source, offset)
    }

    #[test]
    fn columns_are_characters_and_one_based() {
        let source = "a = 1\nnom = \"é🔑x\"\r\nz";
        assert_eq!(position(source, 0), (1, 1));
        let x = source.find('x').unwrap();
        assert_eq!(position(source, x), (2, 10));
        let z = source.find('z').unwrap();
        assert_eq!(position(source, z), (3, 1));
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_are_clamped() {
        let source = "k = \"🔑\"\n";
        let inside_emoji = source.find('🔑').unwrap() + 1;
        assert_eq!(position(source, inside_emoji), (1, 6));
        assert_eq!(position(source, 10_000), (2, 1));
    }
}
