//! Carrying out several plans at once: non-overlapping replacements, one `import os`,
//! one validation block per level (`source.fixAll.flaskguard`, `--fix`).

use std::collections::BTreeMap;

use super::compare_digest::compare_digest_edits;
use super::debug::debug_edit;
use super::env_flag::env_flag_edit;
use super::environ::{drop_fallback_edit, get_edit, subscript_edit};
use super::exception_response::log_exception_edits;
use super::imports::{import_os_edit, os_available_before};
use super::require_env::{require_edit, validate_anchor};
use super::syntax_guard::keeps_error_count;
use super::validation::{Level, Validation, level_at, validation_edit};
use crate::document::ParsedModule;
use crate::finding::{Finding, FixPlan, TextEdit};

/// The edits for the preferred fix of every auto-fixable finding.
pub fn fix_all_edits(source: &str, parsed: &ParsedModule, findings: &[Finding]) -> Vec<TextEdit> {
    let plans: Vec<&FixPlan> = findings
        .iter()
        .filter(|f| f.auto_fixable())
        .filter_map(|f| f.fixes.first())
        .collect();
    combine(source, parsed, &plans).edits
}

/// The result of combining plans: the edits, and which plans (by index) they carry out.
pub struct Combined {
    pub edits: Vec<TextEdit>,
    pub applied: Vec<usize>,
}

/// A plan's own replacement, and what it needs besides.
struct Replacement {
    index: usize,
    edit: TextEdit,
    /// For fixes B and H: the name to require at startup.
    required: Option<String>,
    /// The replacement reads `os.environ` (fixes A–D).
    needs_os: bool,
    /// Edits the plan needs besides its replacement (an import, a log line).
    extra: Vec<TextEdit>,
}

impl Replacement {
    /// Fix H's anchor replaces the lookup with its own text: it changes nothing.
    fn is_identity(&self, source: &str) -> bool {
        source.get(self.edit.range.clone()) == Some(self.edit.new_text.as_str())
    }
}

/// Turns `plans` into one consistent set of edits. A plan whose range no longer holds
/// what it expects is skipped; a plan overlapping an earlier one is skipped (a later
/// round of `--fix` picks it up). When no `import os` can be placed, nothing is done.
pub fn combine(source: &str, parsed: &ParsedModule, plans: &[&FixPlan]) -> Combined {
    let mut replacements: Vec<Replacement> = plans
        .iter()
        .enumerate()
        .filter_map(|(index, plan)| replacement(source, parsed, index, plan))
        .collect();
    replacements.sort_by_key(|r| (r.edit.range.start, r.edit.range.end, r.index));
    let mut kept: Vec<Replacement> = Vec::new();
    for r in replacements {
        match kept.last() {
            Some(last) if last.edit == r.edit => continue,
            Some(last) if r.edit.range.start < last.edit.range.end => continue,
            _ => kept.push(r),
        }
    }
    let mut blocks: Vec<TextEdit> = Vec::new();
    let mut required: BTreeMap<Level, (Vec<usize>, Vec<String>)> = BTreeMap::new();
    for r in &kept {
        if let Some(name) = &r.required {
            let level = level_at(source, parsed, r.edit.range.start);
            let entry = required.entry(level).or_default();
            entry.0.push(r.edit.range.start);
            entry.1.push(name.clone());
        }
    }
    // Fix B is all or nothing: without its validation block it is not applied.
    let mut unplaceable: Vec<Level> = Vec::new();
    for (level, (offsets, names)) in &required {
        match validation_edit(source, parsed, *level, offsets, names) {
            Validation::AlreadyRequired => {}
            Validation::Edit(block) => {
                let inside_replacement = kept.iter().any(|r| {
                    r.edit.range.start <= block.range.start && block.range.start < r.edit.range.end
                });
                if inside_replacement {
                    unplaceable.push(*level);
                } else {
                    blocks.push(block);
                }
            }
            Validation::Unplaceable => unplaceable.push(*level),
        }
    }
    if !unplaceable.is_empty() {
        kept.retain(|r| {
            r.required.is_none()
                || !unplaceable.contains(&level_at(source, parsed, r.edit.range.start))
        });
    }
    // Only fix H anchors left, and their names already required: nothing to do.
    if blocks.is_empty()
        && kept
            .iter()
            .all(|r| r.is_identity(source) && r.extra.is_empty())
    {
        return Combined {
            edits: Vec::new(),
            applied: Vec::new(),
        };
    }
    let mut edits = blocks;
    for extra in kept.iter().flat_map(|r| r.extra.iter()) {
        if !edits.contains(extra) {
            edits.push(extra.clone());
        }
    }
    // Replacements from fixes A–E, G and H (whose block reads it) use `os.environ`.
    if let Some(first) = kept.iter().find(|r| r.needs_os)
        && !os_available_before(source, parsed, first.edit.range.start)
    {
        match import_os_edit(source, parsed) {
            Some(edit) if edit.range.start <= first.edit.range.start => edits.push(edit),
            _ => {
                return Combined {
                    edits: Vec::new(),
                    applied: Vec::new(),
                };
            }
        }
    }
    let applied = kept.iter().map(|r| r.index).collect();
    edits.extend(
        kept.into_iter()
            .filter(|r| !r.is_identity(source))
            .map(|r| r.edit),
    );
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    // In a file that already has syntax errors, do nothing rather than make them worse.
    if !keeps_error_count(source, parsed, &edits) {
        return Combined {
            edits: Vec::new(),
            applied: Vec::new(),
        };
    }
    Combined { edits, applied }
}

fn replacement(
    source: &str,
    parsed: &ParsedModule,
    index: usize,
    plan: &FixPlan,
) -> Option<Replacement> {
    let (edit, extra) = match plan {
        FixPlan::LogException {
            detail,
            statement,
            logger,
            exception,
        } => Some(log_exception_edits(
            source,
            parsed,
            detail,
            *statement,
            logger,
            exception.as_deref(),
        )?),
        FixPlan::CompareDigest {
            comparison,
            supplied,
            expected,
            negated,
        } => Some(compare_digest_edits(
            source, parsed, comparison, supplied, expected, *negated,
        )?),
        _ => None,
    }
    .map_or((None, Vec::new()), |(edit, extra)| (Some(edit), extra));
    if let Some(edit) = edit {
        return Some(Replacement {
            index,
            edit,
            required: None,
            needs_os: false,
            extra,
        });
    }
    let (edit, required) = match plan {
        FixPlan::EnvironSubscript { literal, var } => {
            (subscript_edit(source, parsed, literal, var)?, None)
        }
        FixPlan::EnvironGet { literal, var } => {
            (get_edit(source, parsed, literal, var)?, Some(var.clone()))
        }
        FixPlan::DropFallback { call, var } => {
            (drop_fallback_edit(source, parsed, call, var)?, None)
        }
        FixPlan::DebugFromEnv { value } => (debug_edit(source, parsed, value)?, None),
        FixPlan::EnvFlag {
            call,
            var,
            default_true,
        } => (
            env_flag_edit(source, parsed, call, var, *default_true)?,
            None,
        ),
        FixPlan::RequireEnv { call, var } => (require_edit(source, parsed, call, var)?, None),
        FixPlan::ValidateAtStartup { call, var } => (
            validate_anchor(source, parsed, call, var)?,
            Some(var.clone()),
        ),
        FixPlan::LogException { .. } | FixPlan::CompareDigest { .. } => return None,
    };
    Some(Replacement {
        index,
        edit,
        required,
        needs_os: true,
        extra: Vec::new(),
    })
}
