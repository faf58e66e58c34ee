//! A rule or handler that panics is contained: the server logs it redacted and keeps
//! serving every file; the checker reports the file and checks the others.
//! Needs the `fault-injection` feature (`server/rules/fault.rs`):
//! `cargo test --features fault-injection --test panic_isolation`.

mod lsp_support;

use std::path::Path;
use std::process::Command;

use flaskguard::analysis::{AnalysisOptions, analyze_source};
use lsp_support::{Editor, Offer, file_uri, position, range_of, seen};
use serde_json::{Value, json};
use tempfile::TempDir;

const GOOD: &str = r#"from flask import Flask

app = Flask(__name__)
SECRET_KEY = "FAKE-secret-value-0123456789"
"#;

/// The marked statement holds a secret: the panic message quotes the statement, and the
/// log must not show the secret whole.
const CRASHING: &str = r#"from flask import Flask

app = Flask(__name__)
API_TOKEN = "FAKE-token-value-9876543210"  # __flaskguard_panic__

if __name__ == "__main__":
    app.run(debug=True)
"#;

const SECRET_IN_CRASHING: &str = "FAKE-token-value-9876543210";

fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write a project file");
    }
    dir
}

/// `(code, text)` of what the engine finds in `text` from scratch, as the file at `path`.
fn fresh_analysis(path: &Path, text: &str) -> Vec<(String, String)> {
    analyze_source(text, Some(path), &AnalysisOptions::default())
        .into_iter()
        .map(|f| (f.code.to_string(), text[f.range].to_string()))
        .collect()
}

fn messages(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn a_crashing_rule_is_logged_redacted_and_the_server_keeps_serving_every_file() {
    let dir = project(&[]);
    let good_path = dir.path().join("good.py");
    let (good, bad) = (file_uri(&good_path), file_uri(&dir.path().join("bad.py")));
    let mut editor =
        Editor::start_process_with(Offer::Utf16Only, json!({}), Some(dir.path())).await;

    editor.open(&bad, 1, CRASHING).await;
    editor.open(&good, 1, GOOD).await;

    // The crashing file says it could not be checked instead of looking clean.
    let diagnostics = editor.diagnostics(&bad, Some(1)).await;
    let shown = messages(&diagnostics);
    assert_eq!(shown.len(), 1, "{diagnostics:#?}");
    assert!(
        shown[0].starts_with("flaskguard could not check this file: internal error"),
        "{shown:?}"
    );
    assert_eq!(diagnostics[0]["severity"], 1);
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );

    // The log names the file and the rule's source, and redacts the quoted statement.
    let log = editor.wait_for_log("internal error while analysing").await;
    assert!(log.contains("bad.py (version 1)"), "{log}");
    assert!(log.contains("server/rules/fault.rs"), "{log}");
    assert!(
        log.contains("fault-injection rule crashed on purpose"),
        "{log}"
    );
    for text in editor.logs.iter().chain(&shown) {
        assert!(
            !text.contains(SECRET_IN_CRASHING),
            "a secret whole in {text:?}"
        );
        assert!(
            !text.contains("__flaskguard_panic__"),
            "the source quoted in {text:?}"
        );
    }

    // The other file gets its diagnostics.
    let diagnostics = editor.diagnostics(&good, Some(1)).await;
    assert_eq!(
        seen(GOOD, &diagnostics, false),
        fresh_analysis(&good_path, GOOD)
    );
    assert_eq!(diagnostics.len(), 1);

    // Requests on the crashing file are answered (no findings to act on or explain).
    let secret = range_of(CRASHING, SECRET_IN_CRASHING, false);
    let actions = editor
        .code_actions(&bad, secret.clone(), Some(json!(["quickfix"])))
        .await;
    assert_eq!(actions, Vec::<Value>::new());
    let hover = editor
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": bad}, "position": secret["start"]}),
        )
        .await;
    assert_eq!(hover, Ok(Value::Null));

    // Removing the marker brings the file's findings back.
    let marker = CRASHING
        .find("  # __flaskguard_panic__")
        .expect("the marker");
    let end = marker + "  # __flaskguard_panic__".len();
    editor
        .change(
            &bad,
            2,
            json!({"start": position(CRASHING, marker, false), "end": position(CRASHING, end, false)}),
            "",
        )
        .await;
    let fixed = CRASHING.replace("  # __flaskguard_panic__", "");
    let diagnostics = editor.diagnostics(&bad, Some(2)).await;
    let findings = fresh_analysis(&dir.path().join("bad.py"), &fixed);
    assert_eq!(
        findings
            .iter()
            .map(|(code, _)| code.as_str())
            .collect::<Vec<_>>(),
        ["FG101", "FG201"]
    );
    assert_eq!(seen(&fixed, &diagnostics, false), findings);

    // Typing the marker back crashes the rule again, for that version only.
    editor
        .change(
            &bad,
            3,
            json!({"start": position(&fixed, marker, false), "end": position(&fixed, marker, false)}),
            "  # __flaskguard_panic__",
        )
        .await;
    let diagnostics = editor.diagnostics(&bad, Some(3)).await;
    assert_eq!(messages(&diagnostics).len(), 1);
    assert!(messages(&diagnostics)[0].starts_with("flaskguard could not check this file"));
    editor.wait_for_log("bad.py (version 3)").await;

    editor.shut_down().await;
}

#[tokio::test]
async fn a_crashing_code_action_is_answered_with_an_error_and_the_server_keeps_serving() {
    let dir = project(&[]);
    let uri = file_uri(&dir.path().join("app.py"));
    let text = format!("{GOOD}# __flaskguard_panic_in_action__\n");
    let mut editor =
        Editor::start_process_with(Offer::Utf16Only, json!({}), Some(dir.path())).await;
    editor.open(&uri, 1, &text).await;
    let diagnostics = editor.diagnostics(&uri, Some(1)).await;
    assert_eq!(
        seen(&text, &diagnostics, false),
        fresh_analysis(&dir.path().join("app.py"), &text)
    );

    let secret = diagnostics[0]["range"].clone();
    let answer = editor
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": secret, "context": {"diagnostics": []}}),
        )
        .await;
    let error = answer.expect_err("the crashed code action is answered with an error");
    assert_eq!(error["code"], -32603, "InternalError: {error}");
    let log = editor
        .wait_for_log("internal error in textDocument/codeAction")
        .await;
    assert!(log.contains("server/lsp/code_action.rs"), "{log}");
    assert!(!log.contains("FAKE-secret-value-0123456789"), "{log}");

    // Still serving: hover works, and an edit removing the marker brings the fixes back.
    let hover = editor
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": secret["start"]}),
        )
        .await
        .expect("hover is answered");
    assert!(
        hover["contents"]["value"]
            .as_str()
            .is_some_and(|page| page.contains("FG101"))
    );
    let marker = text
        .find("# __flaskguard_panic_in_action__")
        .expect("the marker");
    editor
        .change(
            &uri,
            2,
            json!({"start": position(&text, marker, false), "end": position(&text, text.len(), false)}),
            "",
        )
        .await;
    editor.diagnostics(&uri, Some(2)).await;
    let actions = editor
        .code_actions(&uri, secret, Some(json!(["quickfix"])))
        .await;
    assert!(
        actions
            .iter()
            .any(|a| a["title"] == "Replace with os.environ[\"SECRET_KEY\"]"),
        "{actions:#?}"
    );
    editor.shut_down().await;
}

fn flaskguard(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_flaskguard"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run flaskguard");
    (
        output.status.code().expect("an exit status"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_checker_reports_the_crashing_file_and_checks_the_others() {
    let dir = project(&[("bad.py", CRASHING), ("good.py", GOOD), ("other.py", GOOD)]);
    let (status, stdout, stderr) = flaskguard(dir.path(), &["check", "."]);
    assert_eq!(
        status, 2,
        "a file that could not be checked is an error: {stderr}"
    );
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].starts_with("error: bad.py: internal error at server/rules/fault.rs:"),
        "{stderr}"
    );
    assert!(errors[0].contains("fault-injection rule crashed on purpose"));
    assert!(errors[0].ends_with("please report it"), "{stderr}");
    assert!(!stderr.contains(SECRET_IN_CRASHING), "{stderr}");
    assert!(
        !stderr.contains("panicked at"),
        "only the redacted report: {stderr}"
    );
    // Every other file is checked and reported as usual.
    let located: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.split_once(" FG").map(|(at, _)| at))
        .collect();
    assert_eq!(located, ["good.py:4:14:", "other.py:4:14:"], "{stdout}");

    // --fix leaves the crashing file as it was and fixes the others.
    let (status, _, stderr) = flaskguard(dir.path(), &["check", "--fix", "."]);
    assert_eq!(status, 2, "{stderr}");
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).expect("read");
    assert_eq!(read("bad.py"), CRASHING);
    assert!(read("good.py").contains("os.environ[\"SECRET_KEY\"]"));
    assert!(read("other.py").contains("os.environ[\"SECRET_KEY\"]"));
}
