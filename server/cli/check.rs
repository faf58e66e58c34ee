//! `flaskguard check`: collects the files, checks them in parallel, prints the result.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use rayon::prelude::*;

use super::args::CheckArgs;
use super::args::Format;
use super::diff::unified_diff;
use super::output::{self, Detail, Gate, Row};
use super::walk::{self, ConfigCache, Job, WalkProblem};
use crate::analysis::analyze;
use crate::analysis::limits;
use crate::analysis::member_prefilter;
use crate::analysis::statement_prefilter::FileHints;
use crate::baseline::{Baseline, Entry, relative_key};
use crate::config::{ConfigError, Settings, format_file_size};
use crate::document::ParsedModule;
use crate::fixes::fix_source;

/// What to do with each file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Check,
    Fix,
    Diff,
}

/// What happened to one file.
pub struct FileReport {
    pub display: PathBuf,
    /// The path as fingerprints record it: relative to the baseline's folder (or the
    /// current folder), `/` separators.
    pub key: String,
    pub outcome: Outcome,
}

pub enum Outcome {
    /// Not checked; the reason is shown as a note.
    Skipped(String),
    /// Could not be read or written; shown as an error (exit status 2).
    Failed(String),
    Checked {
        /// What remains after fixing (everything in check mode).
        rows: Vec<Row>,
        /// How many findings `--fix` fixed (or `--diff` would fix).
        fixed: usize,
        /// True when `--fix` changed the file (or `--diff` would).
        changed: bool,
        /// The redacted diff (`--diff` only), empty when nothing would change.
        diff: String,
    },
}

/// Runs `flaskguard check` and returns its exit status (0, 1 or 2).
pub fn run(args: &CheckArgs) -> ExitCode {
    let roots: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let missing: Vec<&PathBuf> = roots.iter().filter(|p| !p.exists()).collect();
    if !missing.is_empty() {
        for path in missing {
            eprintln!("error: path does not exist: {}", path.display());
        }
        return ExitCode::from(2);
    }

    let overrides = Settings {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        max_file_size: args.max_file_size,
        ..Settings::default()
    };
    let cache = Arc::new(ConfigCache::new(args.config.as_deref(), overrides));
    if let Some(error) = cache.explicit_error() {
        eprintln!("error: {}", shown(error));
        return ExitCode::from(2);
    }
    // Fingerprint paths are relative to the baseline's folder, so a baseline written
    // at the root of a repository matches from any folder and any checkout.
    let baseline = match &args.baseline {
        Some(file) => match Baseline::load(file) {
            Ok(baseline) => Some(baseline),
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let fingerprint_root = match (&baseline, &args.write_baseline) {
        (Some(baseline), _) => baseline.root().to_path_buf(),
        (None, Some(file)) => crate::baseline::root_of(file),
        (None, None) => {
            let cwd = std::env::current_dir().unwrap_or_default();
            cwd.canonicalize().unwrap_or(cwd)
        }
    };
    let detail = Detail {
        fingerprints: args.format == Format::Sarif
            || args.baseline.is_some()
            || args.write_baseline.is_some(),
        sarif: args.format == Format::Sarif,
    };
    let (jobs, walk_errors) = walk::collect(&roots, &cache, args.force_exclude);
    // Panics are caught per file and reported by `guarded_check`, redacted; the
    // default hook would print the message (which may quote the source) whole.
    crate::lsp::log::install_quiet_panic_hook();

    let mut failed = false;
    for problem in &walk_errors {
        match problem {
            WalkProblem::Error(error) => {
                eprintln!("error: {error}");
                failed = true;
            }
            WalkProblem::Warning(warning) => eprintln!("warning: {warning}"),
        }
    }
    let mut config_errors: Vec<String> = jobs
        .iter()
        .filter_map(|job| job.config.as_ref().err().map(shown))
        .collect();
    config_errors.sort();
    config_errors.dedup();
    for error in &config_errors {
        eprintln!("error: {error}");
        failed = true;
    }

    let mode = if args.diff {
        Mode::Diff
    } else if args.fix {
        Mode::Fix
    } else {
        Mode::Check
    };
    // Largest files first, one file per task: the two cores finish together instead
    // of one waiting on a big file picked up last (the reports are sorted below).
    let mut order: Vec<(u64, &Job)> = jobs
        .iter()
        .filter(|job| job.config.is_ok())
        .map(|job| {
            let size = std::fs::metadata(&job.absolute).map_or(0, |meta| meta.len());
            (size, job)
        })
        .collect();
    order.sort_by_key(|&(size, _)| std::cmp::Reverse(size));
    let mut reports: Vec<FileReport> = order
        .par_iter()
        .with_max_len(1)
        .map(|&(_, job)| job)
        .map(|job| {
            // Only fingerprints (SARIF, baselines) read the key; it costs a
            // `canonicalize` per file.
            let key = if detail.fingerprints {
                relative_key(&fingerprint_root, &job.absolute)
            } else {
                String::new()
            };
            FileReport {
                display: job.display.clone(),
                outcome: guarded_check(job, mode, &key, detail),
                key,
            }
        })
        .collect();
    reports.sort_by(|a, b| a.display.cmp(&b.display));

    for report in &reports {
        match &report.outcome {
            Outcome::Skipped(reason) => {
                eprintln!("note: skipped {}: {reason}", report.display.display())
            }
            Outcome::Failed(reason) => {
                eprintln!("error: {}: {reason}", report.display.display());
                failed = true;
            }
            Outcome::Checked { .. } => {}
        }
    }

    if let Some(file) = &args.write_baseline {
        return write_baseline(file, &reports, failed);
    }
    let mut baselined = 0;
    if let Some(baseline) = &baseline {
        let mut matcher = baseline.matcher();
        for report in &mut reports {
            if let Outcome::Checked { rows, .. } = &mut report.outcome {
                let before = rows.len();
                rows.retain(|row| !matcher.accept(&report.key, row.code, &row.fingerprint));
                baselined += before - rows.len();
            }
        }
    }

    let status = if mode == Mode::Diff {
        output::print_diffs(&reports)
    } else {
        output::print_findings(
            &reports,
            args.format,
            Gate {
                fixing: mode == Mode::Fix,
                fail_on: args.fail_on,
                fail_below: args.fail_below,
                baselined,
                had_errors: failed,
            },
        )
    };
    if failed { ExitCode::from(2) } else { status }
}

/// `--write-baseline`: records every current finding; exits 0 (2 when some file could
/// not be checked, since the baseline would then be incomplete).
fn write_baseline(file: &Path, reports: &[FileReport], failed: bool) -> ExitCode {
    let entries: Vec<Entry> = reports
        .iter()
        .flat_map(|report| match &report.outcome {
            Outcome::Checked { rows, .. } => rows
                .iter()
                .map(|row| Entry {
                    path: report.key.clone(),
                    code: row.code.as_str().to_string(),
                    fingerprint: row.fingerprint.clone(),
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let count = entries.len();
    if let Err(error) = crate::baseline::write(file, entries) {
        eprintln!("error: {error}");
        return ExitCode::from(2);
    }
    eprintln!(
        "Recorded {count} finding{} in {}.",
        if count == 1 { "" } else { "s" },
        file.display()
    );
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// A config error with its file shown relative to the current folder, as the user
/// would type it (`pyproject.toml: [tool.flaskguard] ...`).
fn shown(error: &ConfigError) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let path = error.path.strip_prefix(&cwd).unwrap_or(&error.path);
    format!("{}: {}", path.display(), error.message)
}

/// [`check_job`] under `catch_unwind`: a file that makes the engine panic is reported
/// as an error (exit status 2, like an unreadable file) and the other files are still
/// checked. `--fix` writes a file only after its fixes were computed, so a panic never
/// leaves a half-written file.
fn guarded_check(job: &Job, mode: Mode, key: &str, detail: Detail) -> Outcome {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check_job(job, mode, key, detail)
    }));
    outcome.unwrap_or_else(|payload| {
        let message = crate::lsp::log::panic_message(payload.as_ref());
        let at = crate::lsp::log::take_panic_location()
            .map(|location| format!(" at {location}"))
            .unwrap_or_default();
        Outcome::Failed(format!(
            "internal error{at} while checking this file: {message}; please report it"
        ))
    })
}

fn check_job(job: &Job, mode: Mode, key: &str, detail: Detail) -> Outcome {
    let Ok(config) = &job.config else {
        return Outcome::Skipped("no usable config".to_string());
    };
    let limit = config.max_file_size();
    match std::fs::metadata(&job.absolute) {
        Ok(meta) if meta.len() > limit => {
            return Outcome::Skipped(format!("larger than {}", format_file_size(limit)));
        }
        Ok(_) => {}
        Err(error) => return Outcome::Failed(format!("cannot read: {error}")),
    }
    let bytes = match std::fs::read(&job.absolute) {
        Ok(bytes) => bytes,
        Err(error) => return Outcome::Failed(format!("cannot read: {error}")),
    };
    if bytes.len() as u64 > limit {
        return Outcome::Skipped(format!("larger than {}", format_file_size(limit)));
    }
    if bytes.contains(&0) {
        return Outcome::Skipped("binary file (contains a NUL byte)".to_string());
    }
    let Ok(source) = String::from_utf8(bytes) else {
        return Outcome::Skipped("not UTF-8".to_string());
    };

    // Rules see the path relative to the project (the config file's folder), so a
    // project that happens to live under a `tests/` folder is not all test code.
    let path = config.relative(&job.absolute);
    let options = config.options_for(Some(&job.absolute));
    let Some(hints) = FileHints::if_may_have_findings(&source, &options.rules) else {
        // No rule can report anything here: nothing to parse, fix or show.
        return Outcome::Checked {
            rows: Vec::new(),
            fixed: 0,
            changed: false,
            diff: String::new(),
        };
    };
    // Past the parser's or the walkers' limits: a note, not a crash or a hang.
    if let Some(limit) = limits::indentation(&source) {
        return Outcome::Skipped(limit.to_string());
    }
    let parsed = parse_what_matters(&source, &hints);
    if let Some(limit) = limits::nesting(&parsed) {
        return Outcome::Skipped(limit.to_string());
    }
    let findings = analyze(&source, &parsed, Some(path), &options);
    // The rows' fixes and fingerprints look at statements the findings do not need
    // (`import os` already there, the validation block): those want the whole parse.
    let parsed = whole(parsed, &source, &findings, detail);
    if mode == Mode::Check {
        return Outcome::Checked {
            rows: output::rows(&source, &parsed, key, &findings, detail),
            fixed: 0,
            changed: false,
            diff: String::new(),
        };
    }

    let outcome = fix_source(&source, Some(path), &options);
    if outcome.text == source {
        return Outcome::Checked {
            rows: output::rows(&source, &parsed, key, &findings, detail),
            fixed: 0,
            changed: false,
            diff: String::new(),
        };
    }
    let count = outcome.applied.len();
    if mode == Mode::Diff {
        return Outcome::Checked {
            rows: Vec::new(),
            fixed: count,
            changed: true,
            diff: unified_diff(&job.display, &source, &outcome.text, &findings),
        };
    }
    if let Err(error) = std::fs::write(&job.absolute, &outcome.text) {
        return Outcome::Failed(format!("cannot write the fixed file: {error}"));
    }
    let hints = FileHints::of(&outcome.text, &options.rules);
    let parsed = parse_what_matters(&outcome.text, &hints);
    let remaining = analyze(&outcome.text, &parsed, Some(path), &options);
    let parsed = whole(parsed, &outcome.text, &remaining, detail);
    Outcome::Checked {
        rows: output::rows(&outcome.text, &parsed, key, &remaining, detail),
        fixed: count,
        changed: true,
        diff: String::new(),
    }
}

/// `parsed` when the rows need no parse (nothing to show, or neither fingerprints nor
/// SARIF fixes and snippets: [`output::rows`]), else the whole parse of `source`.
fn whole(
    parsed: ParsedModule,
    source: &str,
    findings: &[crate::finding::Finding],
    detail: Detail,
) -> ParsedModule {
    if findings.is_empty() || !(detail.fingerprints || detail.sarif) {
        parsed
    } else {
        ParsedModule::parse(source)
    }
}

/// Parses only the top-level statements that can produce a finding or a fact a rule
/// reads (`statement_prefilter`), and of a large class only the statements of its
/// body that can (`member_prefilter`); the findings equal those of a full parse.
fn parse_what_matters(source: &str, hints: &FileHints) -> ParsedModule {
    ParsedModule::parse_selected(source, |statement| {
        member_prefilter::selection(statement, hints)
    })
}
