//! `flaskguard check --fix` on one file: analyse, apply every safe fix, re-analyse,
//! until nothing auto-fixable is left, never adding syntax errors.

use std::path::Path;

use super::apply_edits;
use super::fix_all::combine;
use crate::analysis::{AnalysisOptions, analyze};
use crate::document::ParsedModule;
use crate::finding::{Finding, FixPlan};

/// How many analyse-and-fix rounds `fix_source` runs at most.
pub const MAX_FIX_ROUNDS: usize = 8;

/// The fixed text and the findings whose preferred fix was applied. Each finding's
/// range is relative to the text of the round that found it (the original text for
/// everything fixed in the first round).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    pub text: String,
    pub applied: Vec<Finding>,
}

/// Applies the preferred fix of every auto-fixable finding in `source`, re-analysing
/// and repeating (at most [`MAX_FIX_ROUNDS`] times) until none is left. A round that
/// would leave more syntax errors than `source` has is retried with only the fixes
/// that are safe on their own, and dropped when that still fails.
pub fn fix_source(source: &str, path: Option<&Path>, options: &AnalysisOptions) -> FixOutcome {
    let allowed_errors = ParsedModule::parse(source).error_count();
    let mut text = source.to_string();
    let mut applied = Vec::new();
    for _ in 0..MAX_FIX_ROUNDS {
        let parsed = ParsedModule::parse(&text);
        let fixable: Vec<Finding> = analyze(&text, &parsed, path, options)
            .into_iter()
            .filter(Finding::auto_fixable)
            .collect();
        if fixable.is_empty() {
            break;
        }
        let Some((next, used)) = fix_round(&text, &parsed, &fixable, allowed_errors) else {
            break;
        };
        if next == text {
            break;
        }
        applied.extend(used);
        text = next;
    }
    FixOutcome { text, applied }
}

/// One round: all preferred fixes together, or, when that adds syntax errors, only
/// those that do not on their own. `None` when nothing can be applied.
fn fix_round(
    text: &str,
    parsed: &ParsedModule,
    fixable: &[Finding],
    allowed_errors: usize,
) -> Option<(String, Vec<Finding>)> {
    let attempt = |findings: &[&Finding]| -> Option<(String, Vec<Finding>)> {
        let plans: Vec<&FixPlan> = findings.iter().filter_map(|f| f.fixes.first()).collect();
        let combined = combine(text, parsed, &plans);
        if combined.edits.is_empty() {
            return None;
        }
        let next = apply_edits(text, &combined.edits);
        if ParsedModule::parse(&next).error_count() > allowed_errors {
            return None;
        }
        let used = combined
            .applied
            .iter()
            .filter_map(|&i| findings.get(i).map(|f| (*f).clone()))
            .collect();
        Some((next, used))
    };
    let all: Vec<&Finding> = fixable.iter().collect();
    if let Some(done) = attempt(&all) {
        return Some(done);
    }
    let safe: Vec<&Finding> = all
        .iter()
        .copied()
        .filter(|f| attempt(&[f]).is_some())
        .collect();
    if safe.is_empty() || safe.len() == all.len() {
        return None;
    }
    attempt(&safe)
}
