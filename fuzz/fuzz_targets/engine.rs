//! Arbitrary bytes through the engine: never a panic, and findings that point into the
//! text. Each input is analysed as a plain module, an application module, a test file
//! and a configuration module, so every context branch runs.
#![no_main]

use std::path::Path;

use flaskguard::analysis::{AnalysisOptions, analyze_source};
use flaskguard::analysis::limits::indentation as too_deep;
use libfuzzer_sys::fuzz_target;

const PATHS: [Option<&str>; 4] = [
    None,
    Some("app.py"),
    Some("tests/test_app.py"),
    Some("config.py"),
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Text this deep would abort tree-sitter-python; the checker and the server refuse
    // it with a notice (`analysis::limits`), so the fuzzer skips it too.
    if too_deep(text).is_some() {
        return;
    }
    let options = AnalysisOptions::default();
    for path in PATHS {
        for finding in analyze_source(text, path.map(Path::new), &options) {
            assert!(
                finding.range.start <= finding.range.end && finding.range.end <= text.len(),
                "{finding:?} outside the text"
            );
            assert!(
                text.is_char_boundary(finding.range.start)
                    && text.is_char_boundary(finding.range.end),
                "{finding:?} splits a character"
            );
        }
    }
});
