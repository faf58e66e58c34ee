//! The command line: `flaskguard server`, `flaskguard check PATH...`.

use std::process::ExitCode;

pub fn main() -> ExitCode {
    ExitCode::SUCCESS
}
