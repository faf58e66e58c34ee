//! `flaskguard check` as a user runs it: the real binary on small projects in temp folders.

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

/// The made-up secret every fixture uses; no output may show it whole.
const SECRET: &str = "FAKE-secret-value-0123456789";

/// A Flask app with one hardcoded secret (FG101, line 3) and the debugger on under
/// `__main__` (FG201, warning, line 7).
const APP: &str = r#"from flask import Flask

SECRET_KEY = "FAKE-secret-value-0123456789"
app = Flask(__name__)

if __name__ == "__main__":
    app.run(debug=True)
"#;

/// Only the debug run (FG201, a warning under `__main__`).
const DEBUG_ONLY: &str = r#"from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(debug=True)
"#;

/// Only the secret (FG101, an error).
const SECRET_ONLY: &str = r#"SECRET_KEY = "FAKE-secret-value-0123456789"
"#;

fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        write(dir.path(), path, text.as_bytes());
    }
    dir
}

fn write(dir: &Path, path: &str, bytes: &[u8]) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn read(dir: &TempDir, path: &str) -> String {
    std::fs::read_to_string(dir.path().join(path)).expect("read")
}

/// What one run of the binary printed.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The `path:line:col: CODE` prefixes of the text output, in order.
    fn locations(&self) -> Vec<String> {
        self.stdout
            .lines()
            .filter(|l| l.contains(": FG"))
            .map(|l| {
                let (location, rest) = l.split_once(": ").expect("path:line:col: CODE message");
                let code = rest.split_whitespace().next().unwrap_or_default();
                format!("{location}: {code}")
            })
            .collect()
    }

    fn json(&self) -> Vec<Value> {
        match serde_json::from_str(&self.stdout) {
            Ok(Value::Array(items)) => items,
            other => panic!("expected a JSON array, got {other:?} from {}", self.stdout),
        }
    }

    /// `(path, code)` of each JSON finding.
    fn json_codes(&self) -> Vec<(String, String)> {
        self.json()
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().unwrap().to_string(),
                    f["code"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
}

/// Runs `flaskguard ARGS...` in `dir`; asserts no output shows the fixture secret whole.
fn run(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_flaskguard"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("runs");
    let run = Run {
        code: output.status.code().expect("exit status"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stdout.contains(SECRET) && !run.stderr.contains(SECRET),
        "the secret is shown whole:\n{}\n{}",
        run.stdout,
        run.stderr
    );
    run
}

fn check(dir: &TempDir, args: &[&str]) -> Run {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    run(dir.path(), &all)
}

#[test]
fn text_output_lists_findings_and_a_summary() {
    let dir = project(&[("app.py", APP)]);
    let run = check(&dir, &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let locations = run.locations();
    assert_eq!(locations.len(), 2, "{}", run.stdout);
    assert_eq!(locations[0], "app.py:3:14: FG101");
    assert!(locations[1].starts_with("app.py:7:"), "{}", run.stdout);
    assert!(locations[1].ends_with(": FG201"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("Found 2 findings (2 fixable with --fix)."),
        "{}",
        run.stdout
    );
}

#[test]
fn a_clean_project_passes() {
    let dir = project(&[(
        "app.py",
        "import os\n\nSECRET_KEY = os.environ[\"SECRET_KEY\"]\n",
    )]);
    let run = check(&dir, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout.trim(),
        "All checks passed!\nSecurity grade: A (100/100)."
    );
}

#[test]
fn json_output_has_every_field() {
    let dir = project(&[("app.py", APP)]);
    let run = check(&dir, &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let findings = run.json();
    assert_eq!(findings.len(), 2, "{}", run.stdout);
    let secret = &findings[0];
    assert_eq!(secret["path"], "app.py");
    assert_eq!(secret["line"], 3);
    assert_eq!(secret["column"], 14);
    assert_eq!(secret["end_line"], 3);
    assert_eq!(secret["end_column"], 14 + SECRET.len() as u64 + 2);
    assert_eq!(secret["code"], "FG101");
    assert_eq!(secret["rule"], "hardcoded-secret");
    assert_eq!(secret["severity"], "error");
    assert_eq!(secret["fix_available"], true);
    assert!(secret["message"].as_str().is_some_and(|m| !m.is_empty()));
    let debug = &findings[1];
    assert_eq!(debug["code"], "FG201");
    assert_eq!(debug["rule"], "debug-run");
    assert_eq!(debug["severity"], "warning");
    assert_eq!(debug["line"], 7);
    let keys: Vec<&str> = secret
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "rule",
        "severity",
        "message",
        "fix_available",
    ];
    expected.sort();
    let mut keys = keys;
    keys.sort();
    assert_eq!(keys, expected);
}

#[test]
fn json_is_sorted_by_path_then_position_with_paths_as_given() {
    let dir = project(&[
        ("src/b.py", SECRET_ONLY),
        ("src/a.py", APP),
        ("src/pkg/z.py", SECRET_ONLY),
    ]);
    let run = check(&dir, &["--format", "json", "src"]);
    let findings = run.json();
    let order: Vec<(String, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        order,
        vec![
            ("src/a.py".to_string(), 3),
            ("src/a.py".to_string(), 7),
            ("src/b.py".to_string(), 1),
            ("src/pkg/z.py".to_string(), 1),
        ]
    );
}

#[test]
fn a_file_reached_twice_is_reported_once() {
    let dir = project(&[("app.py", SECRET_ONLY)]);
    let run = check(&dir, &["--format", "json", ".", "app.py"]);
    assert_eq!(run.json_codes(), vec![("app.py".into(), "FG101".into())]);
}

#[test]
fn columns_count_characters_not_bytes() {
    let line = "données = {\"api_key\": \"FAKE-secret-value-0123456789\"}";
    let dir = project(&[("app.py", &format!("{line}\n"))]);
    let run = check(&dir, &["--format", "json"]);
    let findings = run.json();
    assert_eq!(findings.len(), 1, "{}", run.stdout);
    let prefix = &line[..line.find("\"FAKE").unwrap()];
    assert_eq!(findings[0]["column"], prefix.chars().count() as u64 + 1);
}

#[test]
fn fail_on_sets_the_threshold() {
    let dir = project(&[("app.py", DEBUG_ONLY)]);
    assert_eq!(check(&dir, &[]).code, 1);
    assert_eq!(check(&dir, &["--fail-on", "warning"]).code, 1);
    assert_eq!(check(&dir, &["--fail-on", "error"]).code, 0);
    assert_eq!(check(&dir, &["--fail-on", "fatal"]).code, 2);
}

#[test]
fn test_code_does_not_fail_the_default_gate() {
    let dir = project(&[("tests/test_app.py", SECRET_ONLY)]);
    let run = check(&dir, &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let findings = run.json();
    assert_eq!(findings.len(), 1, "{}", run.stdout);
    assert_eq!(findings[0]["severity"], "information");
    assert_eq!(check(&dir, &["--fail-on", "information"]).code, 1);
}

#[test]
fn select_and_ignore_on_the_command_line() {
    let dir = project(&[("app.py", APP)]);
    let only_debug = check(&dir, &["--select", "FG2"]);
    assert_eq!(only_debug.locations().len(), 1);
    assert!(only_debug.locations()[0].ends_with("FG201"));
    let no_secret = check(&dir, &["--ignore", "FG101,FG102"]);
    assert_eq!(no_secret.locations().len(), 1);
    assert!(no_secret.locations()[0].ends_with("FG201"));
    let nothing = check(&dir, &["--select", "FG101", "--ignore", "FG1"]);
    assert_eq!(nothing.code, 0);
    let bad = check(&dir, &["--select", "FG999"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("FG999"), "{}", bad.stderr);
}

#[test]
fn command_line_selection_overrides_the_config() {
    let dir = project(&[
        ("app.py", APP),
        ("flaskguard.toml", "select = [\"FG101\"]\n"),
    ]);
    assert_eq!(
        check(&dir, &["--format", "json"]).json_codes(),
        vec![("app.py".into(), "FG101".into())]
    );
    assert_eq!(
        check(&dir, &["--format", "json", "--select", "FG201"]).json_codes(),
        vec![("app.py".into(), "FG201".into())]
    );
}

#[test]
fn pyproject_config_severity_override_and_ignore() {
    let dir = project(&[
        ("app.py", APP),
        (
            "pyproject.toml",
            "[project]\nname = \"demo\"\n\n[tool.flaskguard]\nignore = [\"FG101\"]\nseverity = { FG201 = \"error\" }\n",
        ),
    ]);
    let run = check(&dir, &["--format", "json", "--fail-on", "error"]);
    let findings = run.json();
    assert_eq!(findings.len(), 1, "{}", run.stdout);
    assert_eq!(findings[0]["code"], "FG201");
    assert_eq!(findings[0]["severity"], "error");
    assert_eq!(run.code, 1);
}

#[test]
fn flaskguard_toml_wins_over_pyproject_and_the_nearest_config_applies() {
    let dir = project(&[
        ("app.py", APP),
        (
            "pyproject.toml",
            "[tool.flaskguard]\nignore = [\"FG101\"]\n",
        ),
        ("flaskguard.toml", "ignore = [\"FG201\"]\n"),
        ("svc/app.py", APP),
        (
            "svc/pyproject.toml",
            "[tool.flaskguard]\nselect = [\"FG2\"]\n",
        ),
        ("lib/app.py", APP),
        ("lib/pyproject.toml", "[project]\nname = \"lib\"\n"),
    ]);
    let run = check(&dir, &["--format", "json"]);
    assert_eq!(
        run.json_codes(),
        vec![
            ("app.py".into(), "FG101".into()),
            ("lib/app.py".into(), "FG101".into()),
            ("svc/app.py".into(), "FG201".into()),
        ]
    );
}

#[test]
fn per_file_ignores_and_exclude_from_the_config() {
    let dir = project(&[
        ("app.py", SECRET_ONLY),
        ("scripts/seed.py", SECRET_ONLY),
        ("migrations/0001.py", SECRET_ONLY),
        ("pkg/migrations/0002.py", SECRET_ONLY),
        (
            "pyproject.toml",
            "[tool.flaskguard]\nexclude = [\"migrations\"]\n\n[tool.flaskguard.per-file-ignores]\n\"scripts/**\" = [\"FG101\"]\n",
        ),
    ]);
    let run = check(&dir, &["--format", "json"]);
    assert_eq!(run.json_codes(), vec![("app.py".into(), "FG101".into())]);
}

#[test]
fn named_files_are_checked_even_when_excluded_unless_forced() {
    let dir = project(&[
        ("migrations/0001.py", SECRET_ONLY),
        ("flaskguard.toml", "exclude = [\"migrations\"]\n"),
    ]);
    let named = check(&dir, &["--format", "json", "migrations/0001.py"]);
    assert_eq!(
        named.json_codes(),
        vec![("migrations/0001.py".into(), "FG101".into())]
    );
    let forced = check(
        &dir,
        &["--format", "json", "--force-exclude", "migrations/0001.py"],
    );
    assert_eq!(forced.json_codes(), vec![]);
    assert_eq!(forced.code, 0);
}

#[test]
fn a_folder_named_on_the_command_line_is_checked_inside_an_excluded_one() {
    let dir = project(&[
        ("site-packages/flask_ext/app.py", SECRET_ONLY),
        ("app.py", ""),
    ]);
    assert_eq!(check(&dir, &["--format", "json"]).json_codes(), vec![]);
    let named = check(&dir, &["--format", "json", "site-packages/flask_ext"]);
    assert_eq!(
        named.json_codes(),
        vec![("site-packages/flask_ext/app.py".into(), "FG101".into())]
    );
}

#[test]
fn gitignore_is_respected_without_a_git_repository() {
    let dir = project(&[
        ("app.py", SECRET_ONLY),
        ("generated/client.py", SECRET_ONLY),
        ("local_settings.py", SECRET_ONLY),
        (".gitignore", "generated/\nlocal_*.py\n"),
        (".venv/lib/site.py", SECRET_ONLY),
    ]);
    let run = check(&dir, &["--format", "json"]);
    assert_eq!(run.json_codes(), vec![("app.py".into(), "FG101".into())]);
}

#[test]
fn unreadable_files_are_skipped_with_a_note() {
    let dir = project(&[("app.py", SECRET_ONLY)]);
    write(
        dir.path(),
        "latin1.py",
        b"PASSWORD = \"caf\xe9-FAKE-value-1234\"\n",
    );
    write(dir.path(), "blob.py", b"SECRET_KEY = 1\x00\x01\x02\n");
    let big = format!("{SECRET_ONLY}{}", "# padding\n".repeat(2_000));
    write(dir.path(), "big.py", big.as_bytes());
    let run = check(&dir, &["--format", "json", "--max-file-size", "10KB"]);
    assert_eq!(run.json_codes(), vec![("app.py".into(), "FG101".into())]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("note: skipped latin1.py: not UTF-8"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("note: skipped blob.py: binary"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("note: skipped big.py: larger than 10 KB"),
        "{}",
        run.stderr
    );
}

#[test]
fn max_file_size_from_the_config() {
    let big = format!("{SECRET_ONLY}{}", "# padding\n".repeat(200));
    let dir = project(&[
        ("big.py", &big),
        ("flaskguard.toml", "max-file-size = 1000\n"),
    ]);
    let run = check(&dir, &[]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr
            .contains("note: skipped big.py: larger than 1000 bytes"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let dir = project(&[("app.py", APP)]);
    let run = check(&dir, &["foo/"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.trim(), "error: path does not exist: foo/");
    assert_eq!(run.stdout, "");
}

#[test]
fn a_bad_config_is_reported_with_its_file_and_key() {
    let dir = project(&[
        ("app.py", APP),
        (
            "pyproject.toml",
            "[tool.flaskguard]\nseverity = { FG201 = \"fatal\" }\n",
        ),
    ]);
    let run = check(&dir, &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "error: pyproject.toml: [tool.flaskguard] severity.FG201: unknown severity \"fatal\" (expected error, warning, information, hint)"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("All checks passed!"), "{}", run.stdout);

    let explicit = project(&[("app.py", APP), ("ci.toml", "selekt = [\"FG1\"]\n")]);
    let run = check(&explicit, &["--config", "ci.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("ci.toml: unknown key \"selekt\""),
        "{}",
        run.stderr
    );
}

#[test]
fn an_explicit_config_replaces_discovery() {
    let dir = project(&[
        ("app.py", APP),
        ("flaskguard.toml", "select = [\"FG101\"]\n"),
        ("ci/strict.toml", "select = [\"FG201\"]\n"),
    ]);
    let run = check(&dir, &["--format", "json", "--config", "ci/strict.toml"]);
    assert_eq!(run.json_codes(), vec![("app.py".into(), "FG201".into())]);
}

#[test]
fn fix_rewrites_production_code_and_leaves_test_code() {
    let dev_config = r#"class DevelopmentConfig:
    SECRET_KEY = "FAKE-secret-value-0123456789"
"#;
    let dir = project(&[
        ("app.py", APP),
        ("tests/test_app.py", SECRET_ONLY),
        ("settings.py", dev_config),
    ]);
    let run = check(&dir, &["--fix"]);
    assert!(
        run.stdout.contains("Fixed 2 findings in 1 file."),
        "{}{}",
        run.stdout,
        run.stderr
    );
    let fixed = read(&dir, "app.py");
    assert!(!fixed.contains(SECRET), "{fixed}");
    assert_eq!(fixed.matches("import os").count(), 1, "{fixed}");
    assert!(fixed.contains("os.environ"), "{fixed}");
    // Test code and development settings are left alone.
    assert_eq!(read(&dir, "tests/test_app.py"), SECRET_ONLY);
    assert_eq!(read(&dir, "settings.py"), dev_config);
    // What remains is lowered (information, warning at most): the default gate is
    // `warning`, and the development secret is an error lowered to a warning.
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(check(&dir, &["--fail-on", "error"]).code, 0);

    let again = check(&dir, &["--format", "json"]);
    let remaining = again.json();
    assert_eq!(remaining.len(), 2, "{}", again.stdout);
    assert!(
        remaining
            .iter()
            .all(|f| f["message"].as_str().is_some_and(|m| m.contains("lowered"))),
        "{}",
        again.stdout
    );
    assert!(
        again.stdout.contains("\"path\": \"settings.py\""),
        "{}",
        again.stdout
    );
    let second = check(&dir, &["--fix"]);
    assert!(
        second.stdout.contains("Fixed 0 findings in 0 files."),
        "{}",
        second.stdout
    );
    assert_eq!(read(&dir, "app.py"), fixed);
}

#[test]
fn diff_shows_the_fix_without_writing_or_leaking_the_secret() {
    let dir = project(&[("app.py", APP)]);
    let run = check(&dir, &["--diff"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(read(&dir, "app.py"), APP);
    assert!(
        run.stdout.starts_with("--- app.py\n+++ app.py\n@@ -"),
        "{}",
        run.stdout
    );
    let removed: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("-SECRET_KEY"))
        .collect();
    assert_eq!(removed, vec!["-SECRET_KEY = \"FAKE…89\""], "{}", run.stdout);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("+SECRET_KEY = os.environ")),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("Would fix 2 findings in 1 file."),
        "{}",
        run.stderr
    );

    let clean = project(&[("app.py", "import os\n")]);
    let run = check(&clean, &["--diff"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "");
}

#[test]
fn diff_hides_unfixed_secrets_in_context_and_multi_line_literals() {
    let other = "FAKE-other-password-0123456789";
    let key_material = "FAKEFAKEFAKEkeymaterial0123456789abcdef";
    let dir = project(&[(
        "app.py",
        r#"import os

SECRET_KEY = "FAKE-secret-value-0123456789"
def connect(password="FAKE-other-password-0123456789"):
    return password

PRIVATE_KEY = """-----BEGIN RSA PRIVATE KEY-----
FAKEFAKEFAKEkeymaterial0123456789abcdef
-----END RSA PRIVATE KEY-----"""
"#,
    )]);
    let run = check(&dir, &["--diff"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains(other), "{}", run.stdout);
    assert!(!run.stdout.contains(key_material), "{}", run.stdout);
    // The parameter default has no fix: it stays, redacted, as context.
    assert!(
        run.stdout.contains(" def connect(password=\"FAKE…89\"):"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("-FAKE…ef\n"), "{}", run.stdout);
    let checked = check(&dir, &[]);
    assert!(!checked.stdout.contains(other) && !checked.stdout.contains(key_material));
}

#[test]
fn version_help_and_usage_errors() {
    let dir = project(&[]);
    let version = run(dir.path(), &["--version"]);
    assert_eq!(version.code, 0);
    assert_eq!(
        version.stdout.trim(),
        format!("flaskguard {}", env!("CARGO_PKG_VERSION"))
    );
    let help = run(dir.path(), &["check", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--fail-on"), "{}", help.stdout);
    let unknown = run(dir.path(), &["check", "--frobnicate"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("--frobnicate"),
        "{}",
        unknown.stderr
    );
    assert_eq!(run(dir.path(), &[]).code, 2);
}

#[test]
fn rules_and_explain_show_the_catalog() {
    let dir = project(&[]);
    let rules = run(dir.path(), &["rules"]);
    assert_eq!(rules.code, 0);
    assert!(
        rules.stdout.contains("FG101  hardcoded-secret"),
        "{}",
        rules.stdout
    );
    let explain = run(dir.path(), &["explain", "fg201"]);
    assert_eq!(explain.code, 0);
    assert!(explain.stdout.starts_with("# FG201"), "{}", explain.stdout);
    assert_eq!(run(dir.path(), &["explain", "FG999"]).code, 2);
}

#[test]
fn github_format_writes_workflow_annotations() {
    let dir = project(&[("app.py", SECRET_ONLY)]);
    let run = check(&dir, &["--format", "github"]);
    assert_eq!(run.code, 1);
    let line = run.stdout.lines().next().unwrap_or_default();
    assert!(
        line.starts_with("::error title=FG101 (hardcoded-secret),file=app.py,line=1,col=14,endLine=1,endColumn=44::FG101 "),
        "{}",
        run.stdout
    );
}

#[test]
fn sarif_format_is_a_2_1_0_log_with_rules_and_results() {
    let dir = project(&[("app.py", APP), ("tests/test_app.py", SECRET_ONLY)]);
    let run = check(&dir, &["--format", "sarif"]);
    assert_eq!(run.code, 1);
    let log: Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(log["version"], "2.1.0");
    let sarif_run = &log["runs"][0];
    assert_eq!(sarif_run["tool"]["driver"]["name"], "flaskguard");
    assert_eq!(sarif_run["tool"]["driver"]["rules"][0]["id"], "FG101");
    let results = sarif_run["results"].as_array().expect("results");
    let summary: Vec<(String, String, String)> = results
        .iter()
        .map(|r| {
            (
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                r["ruleId"].as_str().unwrap().to_string(),
                r["level"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("app.py".into(), "FG101".into(), "error".into()),
            ("app.py".into(), "FG201".into(), "warning".into()),
            ("tests/test_app.py".into(), "FG101".into(), "note".into()),
        ]
    );
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(3), Some(14))
    );
}
