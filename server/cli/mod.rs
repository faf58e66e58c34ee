//! The command line: `flaskguard check PATH...`, `flaskguard server`, `flaskguard rules`,
//! `flaskguard explain CODE`.
//!
//! - [`args`]: the clap definitions.
//! - [`walk`]: which files are checked and the config of each.
//! - [`check`]: per-file work (read, analyse, fix) run in parallel.
//! - [`output`]: text, json and github formats, summary and exit status.
//! - [`sarif`]: the SARIF 2.1.0 log.
//! - [`diff`]: the redacted unified diff of `--diff`.

pub mod args;
pub mod check;
pub mod diff;
pub mod output;
pub mod sarif;
pub mod walk;

use std::process::ExitCode;

use clap::Parser;

use crate::rules::{ALL_RULES, RuleCode};
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
            for rule in ALL_RULES {
                println!(
                    "{}  {:<24} {:<8} {}{}",
                    rule.code,
                    rule.name,
                    rule.default_severity,
                    rule.summary,
                    if rule.fixable { " (fixable)" } else { "" }
                );
            }
            ExitCode::SUCCESS
        }
        Command::Explain { code } => match code.parse::<RuleCode>() {
            Ok(code) => {
                print!("{}", code.info().doc);
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::from(2)
            }
        },
    }
}
