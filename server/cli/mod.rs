//! The command line: `flaskguard check PATH...`, `flaskguard server`, `flaskguard rules`,
//! `flaskguard explain CODE`.
//!
//! - [`args`]: the clap definitions.
//! - [`walk`]: which files are checked and the config of each.
//! - [`check`]: per-file work (read, analyse, fix) run in parallel.
//! - [`output`]: text, json and github formats, summary and exit status.
//! - [`grade`]: the A–F security grade.
//! - [`sarif`]: the SARIF 2.1.0 log.
//! - [`diff`]: the redacted unified diff of `--diff`.

pub mod args;
pub mod check;
pub mod diff;
pub mod grade;
pub mod output;
pub mod sarif;
pub mod walk;

use std::process::ExitCode;

use clap::Parser;

use crate::rules::{ALL_RULES, RuleCode, RuleInfo};
use args::{Cli, Command};

/// Parses the command line and runs the command. Exit status: 0 clean, 1 findings
/// (or changes under `--diff`), 2 usage or I/O errors.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // `--help` and `--version` print to stdout and exit 0; usage errors exit 2.
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Server => crate::lsp::serve_stdio(),
        Command::Rules => {
            print!("{}", rules_table());
            ExitCode::SUCCESS
        }
        Command::Explain { code } => match find_rule(&code) {
            Some(rule) => {
                print!("{}", rule.doc);
                ExitCode::SUCCESS
            }
            None => {
                eprintln!(
                    "error: unknown rule `{code}`; `flaskguard rules` lists the codes and names"
                );
                ExitCode::from(2)
            }
        },
    }
}

/// The rule catalog as an aligned table: code, name, default severity, fixable, summary.
pub fn rules_table() -> String {
    let name_width = ALL_RULES.iter().map(|r| r.name.len()).max().unwrap_or(4);
    let mut out = format!(
        "{:<6} {:<name_width$} {:<11} {:<7} {}\n",
        "CODE", "NAME", "SEVERITY", "FIXABLE", "SUMMARY"
    );
    for rule in ALL_RULES {
        out.push_str(&format!(
            "{:<6} {:<name_width$} {:<11} {:<7} {}\n",
            rule.code.as_str(),
            rule.name,
            rule.default_severity.as_str(),
            if rule.fixable { "yes" } else { "no" },
            rule.summary
        ));
    }
    out
}

/// A rule by code (`FG101`, any case) or name (`hardcoded-secret`).
fn find_rule(query: &str) -> Option<&'static RuleInfo> {
    if let Ok(code) = query.parse::<RuleCode>() {
        return Some(code.info());
    }
    let query = query.trim();
    ALL_RULES
        .iter()
        .find(|rule| rule.name.eq_ignore_ascii_case(query))
}
