//! Arbitrary text through every fix the engine offers: each quick-fix, each
//! suppression, fix-all and `--fix`. The fix invariants (server/fixes/mod.rs) must hold:
//! edits are in bounds and do not overlap, no fix adds a syntax error, a suppression
//! keeps a well-formed file well-formed, and a second `--fix` changes nothing.
#![no_main]

use std::path::Path;

use flaskguard::analysis::{AnalysisOptions, analyze};
use flaskguard::document::ParsedModule;
use flaskguard::analysis::limits::indentation as too_deep;
use flaskguard::finding::TextEdit;
use flaskguard::fixes::{apply_edits, edits_for, fix_all_edits, fix_source, suppress_edit};
use libfuzzer_sys::fuzz_target;

fn check_edits(text: &str, edits: &[TextEdit], what: &str) {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut end = 0;
    for edit in sorted {
        assert!(
            edit.range.start <= edit.range.end && edit.range.end <= text.len(),
            "{what}: edit {edit:?} outside the text"
        );
        assert!(
            text.is_char_boundary(edit.range.start) && text.is_char_boundary(edit.range.end),
            "{what}: edit {edit:?} splits a character"
        );
        assert!(
            edit.range.start >= end,
            "{what}: overlapping edits {edits:?}"
        );
        end = edit.range.end;
    }
}

fn no_new_errors(before: &str, errors_before: usize, after: &str, what: &str) {
    if too_deep(after).is_some() {
        return;
    }
    let errors_after = ParsedModule::parse(after).error_count();
    assert!(
        errors_after <= errors_before,
        "{what} added syntax errors ({errors_before} -> {errors_after})\n--- before ---\n{before}\n--- after ---\n{after}"
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if too_deep(text).is_some() {
        return;
    }
    let options = AnalysisOptions::default();
    let parsed = ParsedModule::parse(text);
    let errors = parsed.error_count();
    for path in [Path::new("app.py"), Path::new("settings.py")] {
        let findings = analyze(text, &parsed, Some(path), &options);
        for finding in &findings {
            for plan in &finding.fixes {
                let edits = edits_for(text, &parsed, plan);
                check_edits(text, &edits, "quick-fix");
                let fixed = apply_edits(text, &edits);
                no_new_errors(text, errors, &fixed, "a quick-fix");
            }
            if let Some(edit) = suppress_edit(text, finding) {
                check_edits(text, std::slice::from_ref(&edit), "suppression");
                if errors == 0 {
                    let suppressed = apply_edits(text, &[edit]);
                    no_new_errors(text, 0, &suppressed, "a suppression");
                }
            }
        }
        let all = fix_all_edits(text, &parsed, &findings);
        check_edits(text, &all, "fix-all");
        no_new_errors(text, errors, &apply_edits(text, &all), "fix-all");

        if findings.iter().any(|f| f.auto_fixable()) {
            let once = fix_source(text, Some(path), &options);
            no_new_errors(text, errors, &once.text, "--fix");
            if too_deep(&once.text).is_none() {
                let twice = fix_source(&once.text, Some(path), &options);
                assert_eq!(
                    twice.text, once.text,
                    "a second --fix changed the file\n--- source ---\n{text}"
                );
            }
        }
    }
});
