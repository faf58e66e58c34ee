//! Fixes: turn a finding's [`FixPlan`] into text edits against the current text
//! (literal replacement, `import os` insertion, the startup validation block, `# noqa`).
//!
//! Invariants (SPEC §2, "Fix invariants"; `tests/fix_properties.rs`): a fixed file has
//! no more syntax errors than before; applying a fix twice changes nothing the second
//! time (a plan whose range no longer holds what it expects yields no edits); no line
//! is removed except the ones a replaced literal spans; `import os` is added at most
//! once; inserted lines use the file's line ending and indentation.

mod compare_digest;
mod debug;
mod ensure_import;
mod env_flag;
mod environ;
mod exception_response;
mod fix_all;
mod fix_file;
mod imports;
pub mod line_endings;
mod nodes;
mod noqa;
mod require_env;
mod syntax_guard;
pub mod validation;

use crate::document::ParsedModule;
use crate::finding::{FixPlan, TextEdit};

pub use debug::DEBUG_FROM_ENV;
pub use fix_all::fix_all_edits;
pub use fix_file::{FixOutcome, MAX_FIX_ROUNDS, fix_source};
pub use noqa::suppress_edit;

/// The edits that carry out `plan` on `source`. Empty when the plan no longer applies.
pub fn edits_for(source: &str, parsed: &ParsedModule, plan: &FixPlan) -> Vec<TextEdit> {
    fix_all::combine(source, parsed, &[plan]).edits
}

/// The code-action title a user sees for `plan`.
pub fn fix_title(plan: &FixPlan) -> String {
    match plan {
        FixPlan::EnvironSubscript { var, .. } => format!("Replace with os.environ[\"{var}\"]"),
        FixPlan::EnvironGet { var, .. } => {
            format!("Read {var} with os.environ.get and validate it at startup")
        }
        FixPlan::DropFallback { var, .. } => format!("Drop the hardcoded fallback for {var}"),
        FixPlan::DebugFromEnv { .. } => "Enable debug only when FLASK_DEBUG=1".to_string(),
        FixPlan::EnvFlag { var, .. } => {
            format!("Parse {var} as a flag: on only for \"1\", \"true\" or \"yes\"")
        }
        FixPlan::RequireEnv { var, .. } => {
            format!(
                "Require {var}: read it with os.environ[\"{var}\"] (fails at import when missing)"
            )
        }
        FixPlan::ValidateAtStartup { var, .. } => {
            format!("Validate {var} at startup (add it to the required settings)")
        }
        FixPlan::LogException { logger, .. } => {
            format!("Log the exception with {logger}.logger and return a generic message")
        }
        FixPlan::CompareDigest { .. } => "Compare with hmac.compare_digest".to_string(),
    }
}

/// Applies non-overlapping edits to `source`. Edits are sorted by position first;
/// an edit that overlaps an earlier one is dropped.
pub fn apply_edits(source: &str, edits: &[TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(source.len());
    let mut cursor = 0;
    for edit in sorted {
        if edit.range.start < cursor
            || edit.range.start > edit.range.end
            || edit.range.end > source.len()
            || !source.is_char_boundary(edit.range.start)
            || !source.is_char_boundary(edit.range.end)
        {
            continue;
        }
        out.push_str(&source[cursor..edit.range.start]);
        out.push_str(&edit.new_text);
        cursor = edit.range.end;
    }
    out.push_str(&source[cursor..]);
    out
}
