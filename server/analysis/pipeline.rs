//! What happens to every finding the rules push, in order:
//! 1. a configured severity (`severity = { FG201 = "error" }`) replaces the rule's;
//! 2. the context the rule recorded lowers it (test code → information at most,
//!    development class / `if app.debug:` → one level) and the message says why;
//! 3. a `# noqa` comment on its line suppresses it;
//! 4. rules not selected (or ignored) are dropped;
//! 5. the rest is sorted by position.
//!
//! Steps 1–4 depend on the options and the current text only, never on other findings,
//! so the incremental engine can reuse cached rule output and run this afterwards.

use super::AnalysisOptions;
use super::suppression::is_suppressed;
use crate::document::ParsedModule;
use crate::finding::{Finding, Lowering, Severity};

/// Turns what the rules pushed into what the user sees.
pub fn finish(
    source: &str,
    parsed: &ParsedModule,
    raw: Vec<Finding>,
    options: &AnalysisOptions,
) -> Vec<Finding> {
    let mut findings: Vec<Finding> = raw
        .into_iter()
        .filter(|f| options.selection.is_enabled(f.code))
        .map(|f| apply_context(apply_override(f, options)))
        .filter(|f| !is_suppressed(source, parsed, f))
        .collect();
    sort_by_position(&mut findings);
    findings
}

/// Step 1: the configured severity for the finding's code, if any.
pub fn apply_override(mut finding: Finding, options: &AnalysisOptions) -> Finding {
    if let Some(severity) = options.selection.severity.get(&finding.code) {
        finding.severity = *severity;
    }
    finding
}

/// Step 2: the lowering recorded by the rule, with its reason appended to the message.
pub fn apply_context(mut finding: Finding) -> Finding {
    if let Some(lowering) = &finding.lowering {
        finding.severity = lowered(finding.severity, lowering);
        finding.message = format!("{} ({})", finding.message, lowering.describe());
    }
    finding
}

/// The severity after `lowering`: test code reports as information (a hint stays a
/// hint), development context one level lower.
pub fn lowered(severity: Severity, lowering: &Lowering) -> Severity {
    match lowering {
        Lowering::TestFile => severity.max(Severity::Information),
        Lowering::DevClass(_) | Lowering::DebugBlock(_) => severity.lowered(),
    }
}

/// Step 5: by start, then end, then code (stable, so equal keys keep rule order).
pub fn sort_by_position(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
}
