//! The pipeline every finding goes through: severity overrides, context lowering,
//! `# noqa`, rule selection and ordering.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use flaskguard::analysis::{AnalysisOptions, analyze_source};
use flaskguard::config::RuleSelection;
use flaskguard::finding::Severity::{self, Error, Hint, Information, Warning};
use flaskguard::rules::RuleCode;

const APP: &str = r#"from flask import Flask
app = Flask(__name__)
"#;

/// `(code, line, severity)` of every finding in `APP` + `body`, analysed as `path`.
fn run(path: &str, body: &str, options: &AnalysisOptions) -> Vec<(String, usize, Severity)> {
    let source = format!("{APP}{body}");
    analyze_source(&source, Some(Path::new(path)), options)
        .into_iter()
        .map(|f| {
            let line = source[..f.range.start].matches('\n').count() + 1;
            (f.code.to_string(), line, f.severity)
        })
        .collect()
}

fn check(body: &str, expected: &[(&str, usize, Severity)]) {
    check_with(&AnalysisOptions::default(), body, expected);
}

fn check_with(options: &AnalysisOptions, body: &str, expected: &[(&str, usize, Severity)]) {
    let expected: Vec<(String, usize, Severity)> = expected
        .iter()
        .map(|(c, l, s)| (c.to_string(), *l, *s))
        .collect();
    assert_eq!(
        run("app.py", body, options),
        expected,
        "findings in:\n{body}"
    );
}

fn selecting(select: Option<&[&str]>, ignore: &[&str]) -> AnalysisOptions {
    AnalysisOptions {
        selection: RuleSelection {
            select: select.map(|s| s.iter().map(|c| c.to_string()).collect()),
            ignore: ignore.iter().map(|c| c.to_string()).collect(),
            severity: BTreeMap::new(),
        },
        ..AnalysisOptions::default()
    }
}

fn overriding(code: RuleCode, severity: Severity) -> AnalysisOptions {
    let mut options = AnalysisOptions::default();
    options.selection.severity.insert(code, severity);
    options
}

const BOTH: &str = r#"app.debug = True
app.run(debug=True)
"#;

// ---- severity overrides ----

#[test]
fn configured_severity_replaces_the_rule_default() {
    check_with(
        &overriding(RuleCode::FG202, Error),
        BOTH,
        &[("FG202", 3, Error), ("FG201", 4, Error)],
    );
    check_with(
        &overriding(RuleCode::FG201, Hint),
        BOTH,
        &[("FG202", 3, Warning), ("FG201", 4, Hint)],
    );
}

#[test]
fn configured_severity_replaces_the_guard_dependent_severity() {
    let body = r#"if __name__ == "__main__":
    app.run(debug=True)
"#;
    check(body, &[("FG201", 4, Warning)]);
    check_with(
        &overriding(RuleCode::FG201, Error),
        body,
        &[("FG201", 4, Error)],
    );
}

#[test]
fn override_is_applied_before_context_lowering() {
    let body = r#"if app.debug:
    app.run(debug=True)
"#;
    check_with(
        &overriding(RuleCode::FG201, Warning),
        body,
        &[("FG201", 4, Information)],
    );
    // Test code caps at information; it never raises a hint.
    let options = overriding(RuleCode::FG201, Hint);
    assert_eq!(
        run("tests/test_run.py", "app.run(debug=True)\n", &options),
        vec![("FG201".to_string(), 3, Hint)]
    );
    let options = overriding(RuleCode::FG201, Error);
    assert_eq!(
        run("tests/test_run.py", "app.run(debug=True)\n", &options),
        vec![("FG201".to_string(), 3, Information)]
    );
}

// ---- select / ignore ----

#[test]
fn select_and_ignore_match_code_prefixes() {
    let both = [("FG202", 3, Warning), ("FG201", 4, Error)];
    check_with(&selecting(None, &[]), BOTH, &both);
    check_with(&selecting(Some(&["FG2"]), &[]), BOTH, &both);
    check_with(&selecting(Some(&["FG"]), &[]), BOTH, &both);
    check_with(
        &selecting(Some(&["FG201"]), &[]),
        BOTH,
        &[("FG201", 4, Error)],
    );
    check_with(
        &selecting(Some(&["fg202"]), &[]),
        BOTH,
        &[("FG202", 3, Warning)],
    );
    check_with(&selecting(Some(&["FG1"]), &[]), BOTH, &[]);
    check_with(&selecting(None, &["FG20"]), BOTH, &[]);
    check_with(
        &selecting(Some(&["FG2"]), &["FG202"]),
        BOTH,
        &[("FG201", 4, Error)],
    );
}

// ---- noqa ----

#[test]
fn blanket_noqa_in_any_case() {
    check("app.run(debug=True)  # noqa\n", &[]);
    check("app.run(debug=True)  # NOQA\n", &[]);
    check("app.run(debug=True)  #noqa\n", &[]);
    check("app.run(debug=True)  # NoQa   \n", &[]);
}

#[test]
fn noqa_with_codes() {
    check("app.run(debug=True)  # noqa: FG201\n", &[]);
    check("app.run(debug=True)  # noqa:FG201\n", &[]);
    check("app.run(debug=True)  # noqa: fg201\n", &[]);
    check("app.run(debug=True)  # noqa: FG101, FG201\n", &[]);
    check("app.run(debug=True)  # noqa: FG101,FG201\n", &[]);
    check("app.run(debug=True)  # noqa: FG101 FG201\n", &[]);
    check("app.run(debug=True)  # noqa: FG2\n", &[]);
    check("app.run(debug=True)  # type: ignore  # noqa: FG201\n", &[]);
}

#[test]
fn noqa_for_other_codes_does_not_suppress() {
    check(
        "app.run(debug=True)  # noqa: FG202\n",
        &[("FG201", 3, Error)],
    );
    check(
        "app.run(debug=True)  # noqa: E501, FG101\n",
        &[("FG201", 3, Error)],
    );
    check(
        "app.run(debug=True)  # noqa: FG2011\n",
        &[("FG201", 3, Error)],
    );
}

#[test]
fn noqa_covers_only_the_named_code_on_a_shared_line() {
    check(
        "app.debug = True; app.run(debug=True)  # noqa: FG202\n",
        &[("FG201", 3, Error)],
    );
}

#[test]
fn empty_noqa_code_list_is_a_blanket_noqa() {
    check("app.run(debug=True)  # noqa:\n", &[]);
}

#[test]
fn noqa_must_be_a_word_of_a_comment_on_the_finding_line() {
    check(
        "app.run(debug=True)  # noqanything\n",
        &[("FG201", 3, Error)],
    );
    check(
        "app.run(debug=True, host=\"# noqa\")\n",
        &[("FG201", 3, Error)],
    );
    check("# noqa\napp.run(debug=True)\n", &[("FG201", 4, Error)]);
    check(
        r#"app.run(  # noqa
    debug=True,
)
"#,
        &[("FG201", 4, Error)],
    );
    check(
        r#"app.run(
    debug=True,  # noqa: FG201
)
"#,
        &[],
    );
}

#[test]
fn noqa_with_crlf_line_endings() {
    check(
        "app.run(debug=True)  # noqa: FG201\r\napp.debug = True\r\n",
        &[("FG202", 4, Warning)],
    );
}

// ---- ordering ----

#[test]
fn findings_are_sorted_by_position_across_and_within_statements() {
    check(
        r#"def main():
    app.debug = True
    app.run(debug=True, use_evalex=True)
app.config["DEBUG"] = True
"#,
        &[
            ("FG202", 4, Warning),
            ("FG201", 5, Error),
            ("FG201", 5, Error),
            ("FG202", 6, Warning),
        ],
    );
}

// ---- context lowering ----

#[test]
fn lowering_changes_severity_and_says_why() {
    let source = format!(
        "{APP}{}",
        r#"class LocalRunner:
    def start(self):
        app.run(debug=True)
"#
    );
    let found = analyze_source(
        &source,
        Some(Path::new("app.py")),
        &AnalysisOptions::default(),
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Warning);
    assert!(
        found[0]
            .message
            .ends_with(" (lowered: development class `LocalRunner`)"),
        "{}",
        found[0].message
    );
    assert!(
        !found[0].auto_fixable(),
        "lowered findings are left to the user"
    );
}

#[test]
fn findings_outside_any_context_keep_a_plain_message() {
    let source = format!("{APP}app.run(debug=True)\n");
    let found = analyze_source(
        &source,
        Some(Path::new("app.py")),
        &AnalysisOptions::default(),
    );
    assert!(
        !found[0].message.contains("lowered"),
        "{}",
        found[0].message
    );
}

#[test]
fn test_paths_report_information() {
    for path in [
        "tests/app.py",
        "test/app.py",
        "test_app.py",
        "app_test.py",
        "conftest.py",
    ] {
        assert_eq!(
            run(path, BOTH, &AnalysisOptions::default()),
            vec![
                ("FG202".to_string(), 3, Information),
                ("FG201".to_string(), 4, Information)
            ],
            "{path}"
        );
    }
}

#[test]
fn broken_source_does_not_panic() {
    for source in [
        "app.run(debug=True",
        "\u{feff}if x:\n\tapp.run(debug=\u{1F600}",
        "\0\r\r\n#",
        "",
    ] {
        let _ = analyze_source(
            source,
            Some(Path::new("app.py")),
            &AnalysisOptions::default(),
        );
    }
}
