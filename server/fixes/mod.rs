//! Fixes: turn a finding's [`FixPlan`] into text edits against the current text
//! (literal replacement, `import os` insertion, the startup validation block, `# noqa`).

use crate::document::ParsedModule;
use crate::finding::{FixPlan, TextEdit};

/// The edits that carry out `plan` on `source`. Empty when the plan no longer applies.
pub fn edits_for(_source: &str, _parsed: &ParsedModule, _plan: &FixPlan) -> Vec<TextEdit> {
    Vec::new()
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

use crate::finding::Finding;

/// The "Suppress FGxxx on this line" edit: appends `  # noqa: FGxxx` to the finding's
/// line, or adds the code to an existing `# noqa:` list.
pub fn suppress_edit(_source: &str, _finding: &Finding) -> Option<TextEdit> {
    None
}

/// The edits that apply the preferred fix of every auto-fixable finding at once
/// (`source.fixAll.flaskguard`, `--fix`): one `import os`, one validation block.
pub fn fix_all_edits(
    _source: &str,
    _parsed: &ParsedModule,
    _findings: &[Finding],
) -> Vec<TextEdit> {
    Vec::new()
}
