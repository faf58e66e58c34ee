//! `flaskguard check` in CI: SARIF and GitHub output, the security grade with
//! `--fail-below`, baselines, and the rule reference, run as a team would run them.

mod lsp_support;

use std::path::Path;
use std::process::Command;

use lsp_support::{Editor, Offer, file_uri};
use serde_json::{Value, json};
use tempfile::TempDir;

/// Made-up secrets; no output and no baseline may show them whole.
const SECRET: &str = "FAKE-secret-value-0123456789";
const OTHER: &str = "FAKE-other-password-98765";

/// A Flask app: FG101 (line 4), FG104 (line 5), FG201 (line 9).
const APP: &str = r#"import os
from flask import Flask

SECRET_KEY = "FAKE-secret-value-0123456789"
API_TOKEN = os.environ.get("API_TOKEN", "FAKE-fallback-token-xyz")
app = Flask(__name__)

if __name__ == "__main__":
    app.run(debug=True)
"#;

fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// `path:line: CODE` of each text finding.
    fn findings(&self) -> Vec<String> {
        self.stdout
            .lines()
            .filter(|l| l.contains(": FG"))
            .map(|l| {
                let mut parts = l.splitn(4, ':');
                let (path, line) = (parts.next().unwrap(), parts.next().unwrap());
                let code = parts.nth(1).unwrap().split_whitespace().next().unwrap();
                format!("{path}:{line}: {code}")
            })
            .collect()
    }
}

/// Runs `flaskguard ARGS...` in `dir`; asserts no output shows a secret whole.
fn run_in(dir: &Path, args: &[&str]) -> Run {
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
    for secret in [SECRET, OTHER, "FAKE-fallback-token-xyz"] {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "{secret} is shown whole:\n{}\n{}",
            run.stdout,
            run.stderr
        );
    }
    run
}

fn check(dir: &TempDir, args: &[&str]) -> Run {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    run_in(dir.path(), &all)
}

fn sarif(dir: &TempDir, args: &[&str]) -> Value {
    let mut all = vec!["--format", "sarif"];
    all.extend_from_slice(args);
    let run = check(dir, &all);
    serde_json::from_str(&run.stdout).expect("SARIF is JSON")
}

// ---------------------------------------------------------------- SARIF

#[test]
fn sarif_rules_carry_their_documentation_and_security_metadata() {
    let dir = project(&[("app.py", APP)]);
    let log = sarif(&dir, &[]);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let fg101 = &rules[0];
    assert_eq!(fg101["id"], "FG101");
    assert_eq!(fg101["name"], "hardcoded-secret");
    let explain = run_in(dir.path(), &["explain", "FG101"]);
    assert_eq!(fg101["help"]["markdown"], explain.stdout.as_str());
    assert!(
        !fg101["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .starts_with('#')
    );
    assert_eq!(fg101["properties"]["security-severity"], "8.0");
    assert_eq!(fg101["defaultConfiguration"]["level"], "error");
}

#[test]
fn sarif_results_have_redacted_snippets_fingerprints_and_fixes() {
    let dir = project(&[("app.py", APP)]);
    let log = sarif(&dir, &[]);
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 3);
    let secret = &results[0];
    assert_eq!(secret["ruleId"], "FG101");
    let region = &secret["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["snippet"]["text"], "SECRET_KEY = \"FAK…9\"");
    let fingerprint = secret["partialFingerprints"]["flaskguard/v1"]
        .as_str()
        .expect("fingerprint");
    assert_eq!(fingerprint.len(), 32);
    let replacement = &secret["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(
        replacement["insertedContent"]["text"],
        "os.environ[\"SECRET_KEY\"]"
    );
    assert_eq!(
        (
            &replacement["deletedRegion"]["startLine"],
            &replacement["deletedRegion"]["startColumn"]
        ),
        (&json!(4), &json!(14))
    );
    // An environment-variable name stays readable; the fallback does not.
    let fallback = &results[1]["locations"][0]["physicalLocation"]["region"]["snippet"]["text"];
    assert_eq!(
        fallback,
        "API_TOKEN = os.environ.get(\"API_TOKEN\", \"FAK…z\")"
    );
    // Every result's fingerprint differs.
    let mut fingerprints: Vec<&str> = results
        .iter()
        .map(|r| r["partialFingerprints"]["flaskguard/v1"].as_str().unwrap())
        .collect();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), 3);
}

#[test]
fn sarif_snippets_hide_an_unreported_secret_on_the_same_line() {
    // The second literal is suppressed for FG101 only by the allowed-values config, but
    // a snippet of the first finding's line must not show it either.
    let source = format!(
        "DB_PASSWORD = \"{SECRET}\"; BACKUP = \"{OTHER}\"\n# flaskguard: keep this comment\n"
    );
    let dir = project(&[("app.py", &source)]);
    let log = sarif(&dir, &[]);
    let snippet = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
        ["snippet"]["text"]
        .as_str()
        .expect("snippet")
        .to_string();
    assert_eq!(snippet, "DB_PASSWORD = \"FAK…9\"; BACKUP = \"FAK…5\"");
}

#[test]
fn sarif_snippets_of_multi_line_literals_show_no_key_material() {
    let material = "MIIEFAKEFAKEFAKEkeymaterialFAKEFAKE";
    let source = format!(
        "SIGNING_KEY = \"\"\"-----BEGIN RSA PRIVATE KEY-----\n{material}\n-----END RSA PRIVATE KEY-----\"\"\"\n"
    );
    let dir = project(&[("keys.py", &source)]);
    let log = sarif(&dir, &[]);
    let result = &log["runs"][0]["results"][0];
    let snippet = result["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]
        .as_str()
        .expect("snippet");
    assert!(!snippet.contains(material), "{snippet}");
    assert_eq!(snippet, "SIGNING_KEY = \"\"\"-…\"\"");
}

#[test]
fn sarif_run_properties_hold_the_grade() {
    let dir = project(&[("app.py", APP)]);
    let log = sarif(&dir, &[]);
    let properties = &log["runs"][0]["properties"];
    assert_eq!(properties["grade"], "F");
    assert_eq!(properties["score"], 55);
    assert_eq!(
        (&properties["errors"], &properties["warnings"]),
        (&json!(2), &json!(1))
    );
}

// ---------------------------------------------------------------- GitHub

/// One parsed workflow command: `::level key=value,...::message`.
#[derive(Debug)]
struct Annotation {
    level: String,
    properties: Vec<(String, String)>,
    message: String,
}

fn unescape(text: &str) -> String {
    text.replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

fn parse_annotation(line: &str) -> Annotation {
    let rest = line.strip_prefix("::").expect("starts with ::");
    let (command, message) = rest.split_once("::").expect("::message");
    let (level, properties) = command.split_once(' ').expect("level and properties");
    let properties = properties
        .split(',')
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_string(), unescape(v))
        })
        .collect();
    Annotation {
        level: level.to_string(),
        properties,
        message: unescape(message),
    }
}

#[test]
fn github_annotations_parse_as_workflow_commands() {
    let dir = project(&[
        ("app.py", APP),
        (
            "odd, name: here.py",
            "PASSWORD = \"FAKE-pw-100%-made-up\"\n",
        ),
        ("tests/test_app.py", "PASSWORD = \"FAKE-test-password\"\n"),
    ]);
    let run = check(&dir, &["--format", "github"]);
    assert_eq!(run.code, 1);
    let annotations: Vec<Annotation> = run.stdout.lines().map(parse_annotation).collect();
    let seen: Vec<(String, String, String)> = annotations
        .iter()
        .map(|a| {
            let get = |key: &str| {
                a.properties
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            (a.level.clone(), get("file"), get("line"))
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("error".into(), "app.py".into(), "4".into()),
            ("error".into(), "app.py".into(), "5".into()),
            ("warning".into(), "app.py".into(), "9".into()),
            ("error".into(), "odd, name: here.py".into(), "1".into()),
            ("notice".into(), "tests/test_app.py".into(), "1".into()),
        ]
    );
    let keys: Vec<&str> = annotations[0]
        .properties
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(
        keys,
        ["title", "file", "line", "col", "endLine", "endColumn"]
    );
    assert!(annotations[0].message.starts_with("FG101 Hardcoded secret"));
    // The grade goes to stderr, so stdout stays only workflow commands.
    assert!(run.stderr.contains("Security grade: "), "{}", run.stderr);
}

// ---------------------------------------------------------------- grade

/// `n` test files with one secret each: each is an information finding (1 point).
fn test_fixtures(n: usize) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..n {
        write(
            dir.path(),
            &format!("tests/test_{i}.py"),
            "PASSWORD = \"FAKE-fixture-password\"\n",
        );
    }
    dir
}

#[test]
fn the_grade_ends_the_text_output() {
    let dir = project(&[("app.py", APP)]);
    let run = check(&dir, &[]);
    let last = run.stdout.lines().last().unwrap_or_default();
    assert_eq!(last, "Security grade: F (55/100: 2 errors, 1 warning).");
    let clean = project(&[("app.py", "import os\n")]);
    let run = check(&clean, &[]);
    assert_eq!(
        run.stdout,
        "All checks passed!\nSecurity grade: A (100/100).\n"
    );
}

#[test]
fn fail_below_fails_only_when_the_grade_is_worse() {
    // Ten information findings: 90, an A; eleven: 89, a B. The default --fail-on
    // (warning) passes both, so only --fail-below decides.
    let ten = test_fixtures(10);
    assert!(
        check(&ten, &[])
            .stdout
            .contains("Security grade: A (90/100")
    );
    assert_eq!(check(&ten, &["--fail-below", "A"]).code, 0);
    let eleven = test_fixtures(11);
    assert!(
        check(&eleven, &[])
            .stdout
            .contains("Security grade: B (89/100")
    );
    assert_eq!(check(&eleven, &[]).code, 0);
    assert_eq!(check(&eleven, &["--fail-below", "B"]).code, 0);
    let failed = check(&eleven, &["--fail-below", "a"]);
    assert_eq!(failed.code, 1);
    assert!(
        failed
            .stderr
            .contains("security grade B is below the required A"),
        "{}",
        failed.stderr
    );
    // --fail-on still applies on its own: either one failing fails the run.
    assert_eq!(
        check(&eleven, &["--fail-below", "C", "--fail-on", "information"]).code,
        1
    );
    assert_eq!(check(&ten, &["--fail-below", "Q"]).code, 2);
}

#[test]
fn one_production_secret_is_a_b_and_two_a_d() {
    let one = project(&[("app.py", &format!("PASSWORD = \"{SECRET}\"\n"))]);
    let run = check(&one, &["--fail-on", "hint", "--format", "json"]);
    assert!(run.stderr.contains("Security grade: B (80/100: 1 error)"));
    let two = project(&[(
        "app.py",
        &format!("PASSWORD = \"{SECRET}\"\nTOKEN = \"{OTHER}\"\n"),
    )]);
    let run = check(&two, &["--format", "json"]);
    assert!(run.stderr.contains("Security grade: D (60/100: 2 errors)"));
}

#[test]
fn json_stays_the_plain_findings_array() {
    let dir = project(&[("app.py", APP)]);
    let run = check(&dir, &["--format", "json", "--fail-below", "A"]);
    assert_eq!(run.code, 1);
    let findings: Vec<Value> = serde_json::from_str(&run.stdout).expect("one JSON array");
    assert_eq!(findings.len(), 3);
    let keys: Vec<&String> = findings[0].as_object().expect("object").keys().collect();
    assert_eq!(
        keys,
        [
            "code",
            "column",
            "end_column",
            "end_line",
            "fix_available",
            "line",
            "message",
            "path",
            "rule",
            "severity"
        ]
    );
}

// ---------------------------------------------------------------- baseline

const BASELINE: &str = ".flaskguard-baseline.json";

#[test]
fn baseline_round_trip_survives_moves_and_reports_only_new_findings() {
    let dir = project(&[("app.py", APP), ("settings/prod.py", "import os\n")]);
    let written = check(&dir, &["--write-baseline", BASELINE]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert!(
        written
            .stderr
            .contains("Recorded 3 findings in .flaskguard-baseline.json."),
        "{}",
        written.stderr
    );

    // Move code around: new lines above, statements reordered, re-indented call,
    // a different value for the accepted secret.
    let moved = r#""""The app."""
import os

from flask import Flask

app = Flask(__name__)
API_TOKEN = os.environ.get( "API_TOKEN",   "FAKE-fallback-token-xyz" )

SECRET_KEY = 'FAKE-rotated-but-still-hardcoded'


def health():
    return "ok"


if __name__ == "__main__":
    app.run(
        debug=True,
    )
"#;
    write(dir.path(), "app.py", moved);
    let run = check(&dir, &["--baseline", BASELINE]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.findings(), Vec::<String>::new());
    assert!(
        run.stdout
            .contains("3 findings recorded in the baseline not shown."),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Security grade: A (100/100)."));

    // One new secret: exactly one finding, and the run fails.
    write(
        dir.path(),
        "settings/prod.py",
        &format!("import os\n\nDB_PASSWORD = \"{OTHER}\"\n"),
    );
    let run = check(&dir, &["--baseline", BASELINE]);
    assert_eq!(run.code, 1);
    assert_eq!(run.findings(), ["settings/prod.py:3: FG101"]);

    // The same statement copied into another file is new there.
    write(
        dir.path(),
        "other.py",
        "SECRET_KEY = 'FAKE-copy-of-secret'\n",
    );
    let run = check(&dir, &["--baseline", BASELINE, "--format", "json"]);
    let paths: Vec<String> = serde_json::from_str::<Vec<Value>>(&run.stdout)
        .expect("json")
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["other.py", "settings/prod.py"]);
}

#[test]
fn each_baseline_entry_accepts_one_finding() {
    let line = "TOKEN = \"FAKE-repeated-token-000\"\n";
    let dir = project(&[("app.py", &line.repeat(2))]);
    assert_eq!(check(&dir, &["--write-baseline", BASELINE]).code, 0);
    assert_eq!(check(&dir, &["--baseline", BASELINE]).code, 0);
    write(dir.path(), "app.py", &line.repeat(3));
    let run = check(&dir, &["--baseline", BASELINE]);
    assert_eq!(run.findings().len(), 1, "{}", run.stdout);
}

#[test]
fn the_baseline_holds_no_trace_of_a_secret() {
    // Two trees that differ only in their secret values write identical baselines.
    let weak = project(&[("app.py", "PASSWORD = \"changeme\"\n")]);
    let strong = project(&[("app.py", &format!("PASSWORD = \"{SECRET}\"  # {OTHER}\n"))]);
    for dir in [&weak, &strong] {
        assert_eq!(check(dir, &["--write-baseline", BASELINE]).code, 0);
    }
    let read =
        |dir: &TempDir| std::fs::read_to_string(dir.path().join(BASELINE)).expect("baseline");
    assert_eq!(read(&weak), read(&strong));
    let text = read(&strong);
    for fragment in ["changeme", "FAKE", "…", "PASSWORD"] {
        assert!(!text.contains(fragment), "{fragment} in {text}");
    }
    let parsed: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(parsed["flaskguard-baseline"], 1);
    assert_eq!(
        parsed["findings"][0].as_object().expect("entry").len(),
        3,
        "path, code and fingerprint only: {text}"
    );
}

#[test]
fn baseline_paths_are_relative_to_the_baseline_file() {
    let dir = project(&[("src/app.py", APP)]);
    assert_eq!(check(&dir, &["--write-baseline", BASELINE, "src"]).code, 0);
    // From the subfolder, naming the baseline above it.
    let run = run_in(
        &dir.path().join("src"),
        &["check", "--baseline", "../.flaskguard-baseline.json", "."],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.findings(), Vec::<String>::new());
}

#[test]
fn a_bad_baseline_is_a_usage_error() {
    let dir = project(&[("app.py", APP), (BASELINE, "{\"findings\": 3}")]);
    let run = check(&dir, &["--baseline", BASELINE]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains(".flaskguard-baseline.json: not a flaskguard baseline"),
        "{}",
        run.stderr
    );
    let missing = check(&dir, &["--baseline", "nope.json"]);
    assert_eq!(missing.code, 2);
    assert_eq!(
        check(&dir, &["--write-baseline", "b.json", "--fix"]).code,
        2,
        "writing a baseline while fixing makes no sense"
    );
}

#[test]
fn sarif_fingerprints_match_the_baseline() {
    let dir = project(&[("app.py", APP)]);
    assert_eq!(check(&dir, &["--write-baseline", BASELINE]).code, 0);
    let baseline: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join(BASELINE)).expect("baseline"),
    )
    .expect("json");
    let mut recorded: Vec<&str> = baseline["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    let log = sarif(&dir, &[]);
    let mut reported: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["partialFingerprints"]["flaskguard/v1"].as_str().unwrap())
        .collect();
    recorded.sort();
    reported.sort();
    assert_eq!(recorded, reported);
    let with_baseline = sarif(&dir, &["--baseline", BASELINE]);
    assert_eq!(with_baseline["runs"][0]["results"], json!([]));
    assert_eq!(with_baseline["runs"][0]["properties"]["baselined"], 3);
}

#[tokio::test]
async fn the_server_hides_findings_the_configured_baseline_records() {
    let dir = project(&[("app.py", APP)]);
    assert_eq!(check(&dir, &["--write-baseline", BASELINE]).code, 0);
    write(
        dir.path(),
        "flaskguard.toml",
        &format!("baseline = \"{BASELINE}\"\n"),
    );
    let mut editor = Editor::start(Offer::Utf8, json!({}), Some(dir.path())).await;
    let uri = file_uri(&dir.path().join("app.py"));
    let text = format!("{APP}PASSWORD = \"{OTHER}\"\n");
    editor.open(&uri, 1, &text).await;
    let diagnostics = editor.diagnostics(&uri, Some(1)).await;
    let codes: Vec<(&str, u64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(codes, [("FG101", 9)], "{diagnostics:#?}");
    editor.shut_down().await;
}

// ---------------------------------------------------------------- rule reference

#[test]
fn rules_prints_a_table_and_explain_accepts_codes_and_names() {
    let dir = project(&[]);
    let rules = run_in(dir.path(), &["rules"]);
    assert_eq!(rules.code, 0);
    let mut lines = rules.stdout.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["CODE", "NAME", "SEVERITY", "FIXABLE", "SUMMARY"]);
    let first: Vec<&str> = lines.next().unwrap().split_whitespace().take(4).collect();
    assert_eq!(first, ["FG101", "hardcoded-secret", "error", "yes"]);
    assert!(rules.stdout.contains("FG201  debug-run"));

    let by_name = run_in(dir.path(), &["explain", "debug-run"]);
    assert_eq!(by_name.code, 0);
    assert!(by_name.stdout.starts_with("# FG201"), "{}", by_name.stdout);
    let unknown = run_in(dir.path(), &["explain", "FG999"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("flaskguard rules"));
}
