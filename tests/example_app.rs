//! The example app in `docs/example/` gives exactly the findings its README and the
//! project README document: this is what a new user sees first.

use std::process::Command;

fn check_example(extra: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_flaskguard"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "docs/example", "--format", "json"])
        .args(extra)
        .output()
        .expect("the flaskguard binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn the_example_app_reports_what_its_readme_lists() {
    let (status, stdout) = check_example(&[]);
    assert_eq!(status, 1, "findings at warning or above exit 1");
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout).expect("json array");
    let seen: Vec<(String, u64, String, String)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["code"].as_str().unwrap_or_default().to_string(),
                f["severity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expected = [
        ("docs/example/app.py", 16, "FG101", "error"),
        ("docs/example/app.py", 18, "FG102", "error"),
        ("docs/example/app.py", 21, "FG104", "error"),
        ("docs/example/app.py", 46, "FG201", "warning"),
        ("docs/example/config.py", 12, "FG202", "warning"),
        ("docs/example/config.py", 14, "FG103", "error"),
        ("docs/example/tests/test_app.py", 8, "FG101", "information"),
    ];
    let expected: Vec<(String, u64, String, String)> = expected
        .iter()
        .map(|(p, l, c, s)| (p.to_string(), *l, c.to_string(), s.to_string()))
        .collect();
    assert_eq!(seen, expected);
    assert!(
        !stdout.contains("FAKE-flask-session-key-0000")
            && !stdout.contains("FAKE-db-password-0000"),
        "no secret appears whole in the output"
    );
}

#[test]
fn the_example_app_passes_when_only_errors_fail_and_errors_are_ignored() {
    let (status, _) = check_example(&["--ignore", "FG1", "--fail-on", "error"]);
    assert_eq!(status, 0, "only warnings remain, below --fail-on error");
}
