//! The language server driven like an editor: JSON-RPC over an in-memory duplex.

mod lsp_support;

use std::path::Path;

use flaskguard::analysis::{AnalysisOptions, analyze_source};
use flaskguard::rules::RuleCode;
use lsp_support::{APP, Editor, Offer, SECRET, action_edits, file_uri, position, range_of, seen};
use serde_json::{Value, json};
use tempfile::TempDir;

/// A temporary project folder holding `files`.
fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write a project file");
    }
    dir
}

fn uri_of(dir: &TempDir, name: &str) -> String {
    file_uri(&dir.path().join(name))
}

/// `(code, text)` pairs of `diagnostics` on `text`.
fn codes(editor: &Editor, text: &str, diagnostics: &[Value]) -> Vec<(String, String)> {
    seen(text, diagnostics, editor.utf8)
}

fn pair(code: &str, text: &str) -> (String, String) {
    (code.to_string(), text.to_string())
}

/// `(code, text)` of what the engine finds in `text` from scratch, as the file at `path`.
fn fresh_analysis(path: &Path, text: &str) -> Vec<(String, String)> {
    analyze_source(text, Some(path), &AnalysisOptions::default())
        .into_iter()
        .map(|f| (f.code.to_string(), text[f.range].to_string()))
        .collect()
}

/// An editor with `app.py` (holding `text`) open at version 1; returns its first diagnostics.
async fn open_app(
    offer: Offer,
    options: Value,
    dir: &TempDir,
    text: &str,
) -> (Editor, String, Vec<Value>) {
    let mut editor = Editor::start(offer, options, Some(dir.path())).await;
    let uri = uri_of(dir, "app.py");
    editor.open(&uri, 1, text).await;
    let diagnostics = editor.diagnostics(&uri, Some(1)).await;
    (editor, uri, diagnostics)
}

fn find_action<'a>(actions: &'a [Value], title_part: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.contains(title_part)))
        .unwrap_or_else(|| panic!("no action titled like {title_part:?} in {actions:#?}"))
}

async fn check_editing_session(offer: Offer) {
    let dir = project(&[]);
    let (mut editor, uri, diagnostics) = open_app(offer, json!({}), &dir, APP).await;
    let utf8 = editor.utf8;
    assert_eq!(utf8, offer == Offer::Utf8);
    let mut text = APP.to_string();
    assert_eq!(
        codes(&editor, &text, &diagnostics),
        [pair("FG101", SECRET), pair("FG201", "True")]
    );
    let secret = &diagnostics[0];
    assert_eq!(secret["source"], "flaskguard");
    assert_eq!(secret["severity"], 1, "FG101 is an error");
    assert!(secret.get("codeDescription").is_none());
    assert!(
        !secret["message"]
            .as_str()
            .unwrap_or_default()
            .contains("0123456789")
    );
    assert_eq!(
        diagnostics[1]["severity"], 2,
        "FG201 under __main__ is a warning"
    );

    // Type CJK and an emoji on the finding's line, before the finding.
    let line_start = text.find("SECRET_KEY").expect("the secret line");
    let at = position(&text, line_start, utf8);
    let typed = "秘 = \"😀\"; ";
    editor
        .change(&uri, 2, json!({"start": at, "end": at}), typed)
        .await;
    text.insert_str(line_start, typed);
    let diagnostics = editor.diagnostics(&uri, Some(2)).await;
    assert_eq!(
        codes(&editor, &text, &diagnostics),
        [pair("FG101", SECRET), pair("FG201", "True")]
    );
    let character = if utf8 { 14 + 13 } else { 10 + 13 };
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({"line": 3, "character": character})
    );

    // Ask for fixes at the finding and apply the preferred one.
    let actions = editor
        .code_actions(&uri, diagnostics[0]["range"].clone(), None)
        .await;
    let preferred = actions
        .iter()
        .find(|a| a["isPreferred"] == json!(true))
        .expect("a preferred quick-fix");
    assert_eq!(preferred["kind"], "quickfix");
    assert_eq!(preferred["diagnostics"][0]["code"], "FG101");
    find_action(&actions, "Suppress FG101 on this line");
    let edits = action_edits(preferred, &uri, 2);
    text = editor.apply_edits(&uri, 3, &text, &edits).await;
    assert!(
        text.contains("SECRET_KEY = os.environ[\"SECRET_KEY\"]"),
        "{text}"
    );
    assert_eq!(text.matches("import os\n").count(), 1, "{text}");
    let diagnostics = editor.diagnostics(&uri, Some(3)).await;
    assert_eq!(codes(&editor, &text, &diagnostics), [pair("FG201", "True")]);

    editor
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(editor.diagnostics(&uri, None).await, Vec::<Value>::new());
    editor.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_session_in_utf8() {
    check_editing_session(Offer::Utf8).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_session_in_utf16() {
    check_editing_session(Offer::Utf16Only).await;
}

#[tokio::test]
async fn encoding_is_negotiated() {
    let (editor, result) = Editor::start_raw(Offer::Utf8, json!({}), None).await;
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(result["capabilities"]["textDocumentSync"]["change"], 2);
    editor.shut_down().await;
    let (editor, result) = Editor::start_raw(Offer::Utf16Only, json!({}), None).await;
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    editor.shut_down().await;
}

#[tokio::test]
async fn config_files_are_watched() {
    let mut editor = Editor::start(Offer::Utf8, json!({}), None).await;
    editor
        .wait_for(|m| m["method"] == "client/registerCapability")
        .await;
    editor.shut_down().await;
}

#[tokio::test]
async fn hover_shows_the_rule_page() {
    let dir = project(&[]);
    let (mut editor, uri, _) = open_app(Offer::Utf16Only, json!({}), &dir, APP).await;
    let inside = range_of(APP, "FAKE-secret", false)["start"].clone();
    let hover = editor
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": inside}),
        )
        .await
        .expect("hover succeeds");
    let page = hover["contents"]["value"].as_str().expect("markdown hover");
    assert!(page.contains(RuleCode::FG101.info().doc.trim()), "{page}");
    assert_eq!(hover["range"], range_of(APP, SECRET, false));

    let outside = json!({"line": 0, "character": 2});
    let nothing = editor
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": outside}),
        )
        .await;
    assert_eq!(nothing, Ok(Value::Null));
    editor.shut_down().await;
}

#[tokio::test]
async fn fix_all_fixes_every_finding() {
    let dir = project(&[]);
    let (mut editor, uri, diagnostics) = open_app(Offer::Utf8, json!({}), &dir, APP).await;
    assert_eq!(diagnostics.len(), 2);
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
    let actions = editor
        .code_actions(&uri, whole, Some(json!(["source.fixAll"])))
        .await;
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.flaskguard");
    let edits = action_edits(&actions[0], &uri, 1);
    let text = editor.apply_edits(&uri, 2, APP, &edits).await;
    assert!(!text.contains("FAKE-secret"), "{text}");
    assert!(
        text.contains("os.environ.get(\"FLASK_DEBUG\") == \"1\""),
        "{text}"
    );
    assert_eq!(editor.diagnostics(&uri, Some(2)).await, Vec::<Value>::new());

    let quickfixes_only = editor
        .code_actions(
            &uri,
            json!({"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}}),
            Some(json!(["quickfix"])),
        )
        .await;
    assert_eq!(quickfixes_only, Vec::<Value>::new());
    editor.shut_down().await;
}

#[tokio::test]
async fn suppression_silences_the_line() {
    let dir = project(&[]);
    let (mut editor, uri, diagnostics) = open_app(Offer::Utf16Only, json!({}), &dir, APP).await;
    let debug = diagnostics
        .iter()
        .find(|d| d["code"] == "FG201")
        .expect("FG201");
    let actions = editor
        .code_actions(&uri, debug["range"].clone(), Some(json!(["quickfix"])))
        .await;
    let suppress = find_action(&actions, "Suppress FG201 on this line");
    assert_ne!(suppress["isPreferred"], json!(true));
    let edits = action_edits(suppress, &uri, 1);
    let text = editor.apply_edits(&uri, 2, APP, &edits).await;
    assert!(
        text.contains("    app.run(debug=True)  # noqa: FG201\n"),
        "{text}"
    );
    let diagnostics = editor.diagnostics(&uri, Some(2)).await;
    assert_eq!(codes(&editor, &text, &diagnostics), [pair("FG101", SECRET)]);

    // Saving publishes the diagnostics again.
    editor
        .notify(
            "textDocument/didSave",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let diagnostics = editor.diagnostics(&uri, Some(2)).await;
    assert_eq!(codes(&editor, &text, &diagnostics), [pair("FG101", SECRET)]);
    editor.shut_down().await;
}

#[tokio::test]
async fn editor_settings_change_the_result() {
    let dir = project(&[]);
    let options = json!({"docs-url": "https://flaskguard.invalid/rules/"});
    let (mut editor, uri, diagnostics) = open_app(Offer::Utf8, options, &dir, APP).await;
    assert_eq!(
        diagnostics[0]["codeDescription"]["href"],
        "https://flaskguard.invalid/rules/FG101"
    );

    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"flaskguard": {"ignore": ["FG201"]}}}),
        )
        .await;
    let diagnostics = editor.diagnostics(&uri, Some(1)).await;
    assert_eq!(codes(&editor, APP, &diagnostics), [pair("FG101", SECRET)]);
    assert!(diagnostics[0].get("codeDescription").is_none());

    // No settings in the notification: the server asks for section `flaskguard`.
    editor.configuration = json!({"ignore": ["FG1"]});
    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": null}),
        )
        .await;
    let diagnostics = editor.diagnostics(&uri, Some(1)).await;
    assert_eq!(codes(&editor, APP, &diagnostics), [pair("FG201", "True")]);
    assert!(
        editor
            .server_requests
            .contains(&"workspace/configuration".to_string())
    );
    editor.shut_down().await;
}

#[tokio::test]
async fn config_file_settings_apply_and_a_broken_file_keeps_the_last_good_one() {
    let dir = project(&[("flaskguard.toml", "ignore = [\"FG201\"]\n")]);
    let (mut editor, uri, diagnostics) = open_app(Offer::Utf8, json!({}), &dir, APP).await;
    assert_eq!(codes(&editor, APP, &diagnostics), [pair("FG101", SECRET)]);

    let config = dir.path().join("flaskguard.toml");
    std::fs::write(&config, "ignore = [\"FG201\"\nselect = \n").expect("write the config");
    let config_uri = file_uri(&config);
    editor
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": config_uri, "type": 2}]}),
        )
        .await;
    let problems = editor.diagnostics(&config_uri, None).await;
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0]["severity"], 1);
    assert_eq!(
        problems[0]["range"]["start"],
        json!({"line": 1, "character": 0}),
        "at the line the TOML error names"
    );
    editor.wait_for_log("flaskguard.toml").await;
    let diagnostics = editor.diagnostics(&uri, Some(1)).await;
    assert_eq!(codes(&editor, APP, &diagnostics), [pair("FG101", SECRET)]);

    // Repairing the file clears its diagnostic and applies the new settings.
    std::fs::write(&config, "ignore = [\"FG101\"]\n").expect("write the config");
    editor
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": config_uri, "type": 2}]}),
        )
        .await;
    assert_eq!(
        editor.diagnostics(&config_uri, None).await,
        Vec::<Value>::new()
    );
    let diagnostics = editor.diagnostics(&uri, Some(1)).await;
    assert_eq!(codes(&editor, APP, &diagnostics), [pair("FG201", "True")]);
    editor.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_edits_publishes_only_correct_increasing_versions() {
    let dir = project(&[]);
    let (mut editor, uri, _) = open_app(Offer::Utf16Only, json!({}), &dir, APP).await;
    // Type `x = "😀 中文 é";` in front of the secret, one character per version, so
    // every version moves the findings on that line.
    let mut texts = vec![String::new(), APP.to_string()];
    let mut at = APP.find("SECRET_KEY").expect("the secret line");
    for c in "x = \"😀 中文 é\"; ".chars() {
        let mut text = texts.last().expect("a text").clone();
        let version = texts.len() as i64;
        let lsp_at = position(&text, at, false);
        editor
            .change(
                &uri,
                version,
                json!({"start": lsp_at, "end": lsp_at}),
                &c.to_string(),
            )
            .await;
        text.insert(at, c);
        at += c.len_utf8();
        texts.push(text);
    }
    let last = texts.len() as i64 - 1;
    let expected = [pair("FG101", SECRET), pair("FG201", "True")];
    let diagnostics = editor.diagnostics(&uri, Some(last)).await;
    assert_eq!(
        codes(&editor, &texts[last as usize], &diagnostics),
        expected
    );
    // Whatever was published in between is what a fresh analysis of the version it
    // names finds (half-typed versions have an open string), and the versions increase.
    let mut versions = Vec::new();
    while let Some(i) = editor.pending_index(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == json!(uri)
    }) {
        let message = editor.take_pending(i);
        let version = message["params"]["version"].as_i64().expect("a version");
        let diagnostics = message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let text = &texts[version as usize];
        assert_eq!(
            codes(&editor, text, &diagnostics),
            fresh_analysis(&dir.path().join("app.py"), text),
            "v{version}"
        );
        versions.push(version);
    }
    versions.push(last);
    assert!(
        versions.windows(2).all(|w| w[0] < w[1]),
        "published versions {versions:?}"
    );
    editor.shut_down().await;
}

#[tokio::test]
async fn out_of_order_and_out_of_range_changes_are_logged_and_applied() {
    let dir = project(&[]);
    let text = "from flask import Flask\napp = Flask(__name__)\n";
    let (mut editor, uri, diagnostics) = open_app(Offer::Utf8, json!({}), &dir, text).await;
    assert_eq!(diagnostics, Vec::<Value>::new());

    // Past the end of the document: clamped to the end, logged.
    let far = json!({"line": 40, "character": 7});
    editor
        .change(
            &uri,
            2,
            json!({"start": far, "end": far}),
            "app.run(debug=True)\n",
        )
        .await;
    editor.wait_for_log("clamped").await;
    let full = format!("{text}app.run(debug=True)\n");
    let diagnostics = editor.diagnostics(&uri, Some(2)).await;
    assert_eq!(codes(&editor, &full, &diagnostics), [pair("FG201", "True")]);

    // A version that does not increase is logged, and the edit still applies.
    let start = position(&full, full.find("True").expect("True"), true);
    let end =
        json!({"line": start["line"], "character": start["character"].as_u64().unwrap_or(0) + 4});
    editor
        .change(&uri, 2, json!({"start": start, "end": end}), "False")
        .await;
    editor.wait_for_log("does not increase").await;
    assert_eq!(editor.diagnostics(&uri, Some(2)).await, Vec::<Value>::new());
    editor.shut_down().await;
}

#[tokio::test]
async fn requests_for_unknown_documents_answer_nothing() {
    let mut editor = Editor::start(Offer::Utf8, json!({}), None).await;
    let unknown = "file:///nowhere/app.py";
    let hover = editor
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": unknown}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert_eq!(hover, Ok(Value::Null));
    let zero = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
    let actions = editor
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": unknown}, "range": zero, "context": {"diagnostics": []}}),
        )
        .await;
    assert_eq!(actions, Ok(Value::Null));
    let malformed = editor
        .request("textDocument/hover", json!({"textDocument": 3}))
        .await;
    assert!(malformed.is_err());
    editor.shut_down().await;
}

#[tokio::test]
async fn the_binary_speaks_lsp_on_stdio() {
    let dir = project(&[]);
    let uri = uri_of(&dir, "app.py");
    let mut editor = Editor::start_process(Offer::Utf8).await;
    editor.open(&uri, 1, APP).await;
    let diagnostics = editor.diagnostics(&uri, Some(1)).await;
    assert_eq!(
        codes(&editor, APP, &diagnostics),
        [pair("FG101", SECRET), pair("FG201", "True")]
    );
    editor.shut_down().await;
}

#[tokio::test]
async fn severity_follows_config_and_context() {
    let dir = project(&[]);
    std::fs::create_dir(dir.path().join("tests")).expect("a tests folder");
    let options = json!({"severity": {"FG201": "hint"}});
    let (mut editor, _, diagnostics) = open_app(Offer::Utf8, options, &dir, APP).await;
    let severities: Vec<&Value> = diagnostics.iter().map(|d| &d["severity"]).collect();
    assert_eq!(
        severities,
        [&json!(1), &json!(4)],
        "FG101 error, FG201 hint"
    );

    // The same code in test code is reported as information.
    let test_uri = uri_of(&dir, "tests/test_app.py");
    let fixture = "SECRET_KEY = \"FAKE-secret-value-0123456789\"\n";
    editor.open(&test_uri, 1, fixture).await;
    let diagnostics = editor.diagnostics(&test_uri, Some(1)).await;
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["severity"], 3);
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("test")),
        "the message says why it was lowered: {diagnostics:#?}"
    );
    editor.shut_down().await;
}

#[tokio::test]
async fn excluded_and_oversized_files_are_not_checked() {
    let dir = project(&[]);
    let options = json!({"max-file-size": 64});
    let (mut editor, uri, diagnostics) = open_app(Offer::Utf8, options, &dir, APP).await;
    // One notice at the top instead of findings (`tests/lsp_hostile.rs` has more).
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("`max-file-size`")),
        "{diagnostics:#?}"
    );
    editor.wait_for_log("max-file-size").await;

    // Small enough again after deleting most of the file: checked.
    let small = "import flask\napp.run(debug=True)\n";
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}});
    editor.change(&uri, 2, whole, small).await;
    let diagnostics = editor.diagnostics(&uri, Some(2)).await;
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");

    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"flaskguard": {"exclude": ["app.py"]}}}),
        )
        .await;
    assert_eq!(editor.diagnostics(&uri, Some(2)).await, Vec::<Value>::new());
    editor.wait_for_log("excluded").await;
    editor.shut_down().await;
}

#[tokio::test]
async fn a_client_without_settings_keeps_the_initialization_options() {
    let dir = project(&[]);
    let options = json!({"ignore": ["FG201"]});
    let (mut editor, uri, diagnostics) = open_app(Offer::Utf8, options, &dir, APP).await;
    assert_eq!(codes(&editor, APP, &diagnostics), [pair("FG101", SECRET)]);

    editor.configuration = Value::Null;
    editor
        .notify("workspace/didChangeConfiguration", json!({"settings": {}}))
        .await;
    editor
        .wait_for(|m| m["method"] == "workspace/configuration")
        .await;
    editor
        .notify(
            "textDocument/didSave",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let diagnostics = editor.diagnostics(&uri, Some(1)).await;
    assert_eq!(codes(&editor, APP, &diagnostics), [pair("FG101", SECRET)]);
    editor.shut_down().await;
}

#[tokio::test]
async fn invalid_editor_settings_are_logged_redacted_and_ignored() {
    let dir = project(&[]);
    let options = json!({"ignore": "FAKE-secret-value-0123456789"});
    let (mut editor, _, diagnostics) = open_app(Offer::Utf8, options, &dir, APP).await;
    assert_eq!(
        diagnostics.len(),
        2,
        "defaults stay in force: {diagnostics:#?}"
    );
    let log = editor.wait_for_log("initializationOptions").await;
    assert!(log.contains("ignore"), "{log}");
    assert!(!log.contains("FAKE-secret-value-0123456789"), "{log}");
    editor.shut_down().await;
}

#[tokio::test]
async fn malformed_messages_get_errors_and_the_server_stays_up() {
    let dir = project(&[]);
    let (mut editor, uri, _) = open_app(Offer::Utf8, json!({}), &dir, APP).await;
    editor.send_raw("{not json").await;
    let error = editor
        .wait_for(|m| m["id"].is_null() && m.get("error").is_some())
        .await;
    assert_eq!(error["error"]["code"], -32700, "a parse error: {error}");
    editor.send_raw(r#"{"id": 9, "params": {}}"#).await;
    let error = editor.wait_for(|m| m["id"] == 9).await;
    assert_eq!(
        error["error"]["code"], -32600,
        "an invalid request: {error}"
    );
    editor.send_bytes("X-Unknown: 1\r\n\r\n").await;
    let error = editor
        .wait_for(|m| m["id"].is_null() && m.get("error").is_some())
        .await;
    assert_eq!(error["error"]["code"], -32700, "no Content-Length: {error}");
    let unknown = editor.request("flaskguard/unknown", json!({})).await;
    assert_eq!(unknown.map_err(|e| e["code"].clone()), Err(json!(-32601)));

    // Still serving: a hover far outside the document answers nothing, an edit still
    // publishes.
    let far = json!({"line": 4000, "character": 4000});
    let hover = editor
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": far}),
        )
        .await;
    assert_eq!(hover, Ok(Value::Null));
    editor
        .change(&uri, 2, json!({"start": far, "end": far}), "\n")
        .await;
    assert_eq!(editor.diagnostics(&uri, Some(2)).await.len(), 2);
    editor.shut_down().await;
}

#[tokio::test]
async fn a_baseline_hides_the_findings_it_records_and_shows_new_ones() {
    let dir = project(&[("app.py", APP)]);
    let written = std::process::Command::new(env!("CARGO_BIN_EXE_flaskguard"))
        .args(["check", "--write-baseline", "baseline.json", "."])
        .current_dir(dir.path())
        .output()
        .expect("run flaskguard check");
    assert!(
        dir.path().join("baseline.json").exists(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    std::fs::write(
        dir.path().join("flaskguard.toml"),
        "baseline = \"baseline.json\"\n",
    )
    .expect("write the config");
    let (mut editor, uri, diagnostics) = open_app(Offer::Utf16Only, json!({}), &dir, APP).await;
    assert_eq!(codes(&editor, APP, &diagnostics), []);

    // A second secret like the recorded one is new: the baseline accepts one finding
    // per recorded entry.
    let edited = APP.replace(
        "SECRET_KEY = \"FAKE-secret-value-0123456789\"\n",
        "SECRET_KEY = \"FAKE-secret-value-0123456789\"\nAPI_TOKEN = \"FAKE-token-value-9876543210\"\n",
    );
    let end = position(APP, APP.len(), editor.utf8);
    editor
        .change(
            &uri,
            2,
            json!({"start": {"line": 0, "character": 0}, "end": end}),
            &edited,
        )
        .await;
    let diagnostics = editor.diagnostics(&uri, Some(2)).await;
    assert_eq!(
        codes(&editor, &edited, &diagnostics),
        [pair("FG101", "\"FAKE-token-value-9876543210\"")]
    );
    editor.shut_down().await;
}
