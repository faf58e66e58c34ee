//! The engine: runs the rules statement by statement over a parsed module and applies
//! configuration, suppressions and context to what they find.

pub mod context;
pub mod summary;

use std::path::Path;

pub use context::{FileInfo, RuleContext};
pub use summary::FileSummary;

use crate::config::{RuleSelection, RuleSettings};
use crate::document::ParsedModule;
use crate::finding::Finding;
use crate::rules;

/// Everything the engine needs besides the text: where the file is and how it is configured.
#[derive(Debug, Clone, Default)]
pub struct AnalysisOptions {
    pub rules: RuleSettings,
    pub selection: RuleSelection,
}

/// Analyses a whole module from scratch. Findings are sorted by position.
pub fn analyze(
    source: &str,
    parsed: &ParsedModule,
    path: Option<&Path>,
    options: &AnalysisOptions,
) -> Vec<Finding> {
    let file = FileInfo::for_path(path);
    let summary = FileSummary::compute(source, parsed);
    let cx = RuleContext {
        source,
        file: &file,
        summary: &summary,
        settings: &options.rules,
    };
    let mut findings = Vec::new();
    for stmt in parsed.statements() {
        rules::check_statement(stmt, &cx, &mut findings);
    }
    findings.retain(|f| options.selection.is_enabled(f.code));
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
    findings
}

/// Parses and analyses `source` in one go (the checker's entry point).
pub fn analyze_source(
    source: &str,
    path: Option<&Path>,
    options: &AnalysisOptions,
) -> Vec<Finding> {
    let parsed = ParsedModule::parse(source);
    analyze(source, &parsed, path, options)
}

/// Keeps per-statement results between edits of one open document, so an edit
/// re-analyses only the statements it touched. Results equal [`analyze`] on the same text.
#[derive(Debug, Default)]
pub struct IncrementalAnalysis {}

impl IncrementalAnalysis {
    pub fn new() -> IncrementalAnalysis {
        IncrementalAnalysis::default()
    }

    pub fn analyze(
        &mut self,
        source: &str,
        parsed: &ParsedModule,
        path: Option<&Path>,
        options: &AnalysisOptions,
    ) -> Vec<Finding> {
        analyze(source, parsed, path, options)
    }
}
