//! Inputs the fuzzers (`fuzz/`, docs/reliability.md) found to crash, hang or break an
//! invariant, each pinned with the behaviour a user sees instead.
//!
//! Every secret below is made up for these tests (`FAKE`).

mod common;

use std::time::{Duration, Instant};

use common::codes;
use flaskguard::analysis::file_prefilter::may_have_findings;
use flaskguard::analysis::limits::indentation as too_deep;
use flaskguard::config::RuleSettings;

/// `source` repeated `times` times, joined by `sep`.
fn repeat(source: &str, sep: &str, times: usize) -> String {
    vec![source; times].join(sep)
}

/// The checker's file prefilter reads a long line of string literals once, not once per
/// literal: 20 000 concatenated literals on one line took minutes before.
#[test]
fn prefilter_reads_a_long_line_of_literals_in_linear_time() {
    let source = format!(
        "SECRET_KEY = {}\n",
        repeat(r#""FAKE-secret-key-0123456789abcdef""#, " + ", 20_000)
    );
    let started = Instant::now();
    assert!(may_have_findings(&source, &RuleSettings::default()));
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(10),
        "the prefilter took {took:?} on one long line"
    );
}

/// The same line through the engine still yields the finding.
#[test]
fn a_long_line_of_literals_is_still_reported() {
    let source = format!(
        "SECRET_KEY = {}\n",
        repeat(r#""FAKE-secret-key-0123456789abcdef""#, " + ", 200)
    );
    let found = codes(&source);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "FG101");
}

/// `levels` nested `if` blocks, each indented by `indent` more, with a string literal in
/// the innermost one.
fn nested_ifs(levels: usize, indent: &str) -> String {
    let mut text = String::new();
    for level in 0..levels {
        text.push_str(&indent.repeat(level));
        text.push_str("if x:\n");
    }
    text.push_str(&indent.repeat(levels));
    text.push_str(r#"SECRET_KEY = "FAKE-secret-key-0123456789abcdef""#);
    text.push('\n');
    text
}

/// 511 nested blocks around a string literal abort tree-sitter-python (an assertion in
/// C, exit 134): the guard refuses that text before it reaches the parser, whatever the
/// indentation, and lets ordinary nesting through to the rules.
#[test]
fn indentation_deep_enough_to_abort_the_parser_is_refused() {
    for indent in [" ", "    ", "\t"] {
        assert!(too_deep(&nested_ifs(511, indent)).is_some(), "{indent:?}");
    }
    let ordinary = nested_ifs(12, "    ");
    assert_eq!(too_deep(&ordinary), None);
    assert_eq!(codes(&ordinary).len(), 1, "{:?}", codes(&ordinary));
}

/// The engine itself never hands such text to the parser: analysing it directly (as the
/// fix guard and the baseline do) returns instead of aborting the process, and the
/// shallow statements around it are still analysed.
#[test]
fn the_engine_survives_indentation_deep_enough_to_abort_the_parser() {
    for indent in [" ", "\t"] {
        let source = format!(
            "SECRET_KEY = \"FAKE-long-secret-value-0000\"\n{}",
            nested_ifs(511, indent)
        );
        let found: Vec<String> = codes(&source).into_iter().map(|(code, _)| code).collect();
        assert_eq!(found, ["FG101"], "{indent:?}");
    }
}
