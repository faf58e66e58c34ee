//! The engine: runs the rules statement by statement over a parsed module and applies
//! configuration, suppressions and context to what they find.
//!
//! - [`statements`]: the top-level statements, the unit of analysis and caching.
//! - [`summary`]: the cross-statement facts (flask imports, app names), merged from
//!   per-statement contributions.
//! - [`context`]: what a rule sees besides its statement.
//! - [`pipeline`] and [`suppression`]: severity overrides, context lowering, `# noqa`,
//!   selection and ordering, applied to everything the rules push.
//! - [`incremental`]: per-statement caching between edits of an open document.

mod anchor_search;
pub mod context;
pub mod file_prefilter;
pub mod flask;
pub mod incremental;
pub mod limits;
pub mod member_prefilter;
pub mod pipeline;
pub mod statement_prefilter;
pub mod statements;
pub mod summary;
pub mod suppression;
pub mod validation;

use std::path::Path;

pub use context::{FileInfo, RuleContext};
pub use incremental::{IncrementalAnalysis, ReuseStats};
pub use summary::{FileSummary, StatementFacts};

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
    let statements = statements::top_level_statements(parsed);
    let facts: Vec<StatementFacts> = statements
        .iter()
        .map(|stmt| StatementFacts::of(*stmt, source))
        .collect();
    let summary = FileSummary::merge(&facts);
    let cx = RuleContext::new(source, &file, &summary, &options.rules);
    let mut raw = Vec::new();
    for stmt in statements {
        rules::check_statement(stmt, &cx.for_statement(stmt), &mut raw);
    }
    pipeline::finish(source, parsed, raw, options)
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
