//! The command-line interface as clap parses it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use super::grade::Letter;
use crate::config::{file_size_arg, parse::is_rule_pattern};
use crate::finding::Severity;

/// Finds and fixes API-key and secret exposure in Flask applications.
#[derive(Debug, Parser)]
#[command(name = "flaskguard", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Python files and folders for exposed secrets and debug mode.
    Check(CheckArgs),
    /// Run the language server on stdin/stdout (for editors).
    Server,
    /// List the rules: code, name, default severity, whether a fix is offered.
    Rules,
    /// Show the documentation of one rule, e.g. `flaskguard explain FG101`.
    Explain {
        /// The rule code (`FG101`) or name (`hardcoded-secret`).
        code: String,
    },
}

/// Options of `flaskguard check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check [default: .]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Exit with status 1 when a finding is at least this severe.
    #[arg(long, value_name = "SEVERITY", default_value = "warning", value_parser = severity_arg)]
    pub fail_on: Severity,

    /// Also exit with status 1 when the security grade (A–F) is worse than this.
    #[arg(long, value_name = "GRADE")]
    pub fail_below: Option<Letter>,

    /// Report (and fail on) only the findings this baseline file does not record.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record the current findings in this baseline file and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "diff", "baseline"])]
    pub write_baseline: Option<PathBuf>,

    /// Comma-separated rule codes or prefixes to enable (replaces the config's `select`).
    #[arg(long, value_delimiter = ',', value_name = "CODES", value_parser = rule_arg)]
    pub select: Option<Vec<String>>,

    /// Comma-separated rule codes or prefixes to disable (replaces the config's `ignore`).
    #[arg(long, value_delimiter = ',', value_name = "CODES", value_parser = rule_arg)]
    pub ignore: Option<Vec<String>>,

    /// Skip files larger than this: bytes, or a size such as `10MB` [default: 10 MB].
    #[arg(long, value_name = "SIZE", value_parser = file_size_arg)]
    pub max_file_size: Option<u64>,

    /// Use this config file for every checked file instead of discovering one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Apply the preferred fix of each finding outside test and development code.
    #[arg(long)]
    pub fix: bool,

    /// Print the changes `--fix` would make as a unified diff, without writing them.
    #[arg(long)]
    pub diff: bool,

    /// Apply `exclude` even to files named on the command line (for pre-commit).
    #[arg(long)]
    pub force_exclude: bool,
}

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: FG101 message` and a summary line.
    Text,
    /// One JSON array of findings.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0, for code-scanning upload.
    Sarif,
}

fn severity_arg(value: &str) -> Result<Severity, String> {
    Severity::parse(value).ok_or_else(|| {
        format!("unknown severity \"{value}\" (expected error, warning, information, hint)")
    })
}

fn rule_arg(value: &str) -> Result<String, String> {
    if is_rule_pattern(value) {
        Ok(value.trim().to_string())
    } else {
        Err(format!("unknown rule code or prefix \"{value}\""))
    }
}
