//! The view and key rules through the language server: FG301 and FG601 published with
//! the document version, and fixes F and I applied as quick-fixes.

mod lsp_support;

use lsp_support::{Editor, Offer, action_edits, file_uri, seen};
use serde_json::json;

const APP: &str = r#"import traceback

from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.route("/debug/config")
def show_config():
    return jsonify(dict(app.config))


@app.before_request
def require_key():
    if request.headers.get("X-API-Key") != app.config["API_KEY"]:
        abort(401)


@app.route("/report")
def report():
    try:
        return build()
    except Exception:
        return {"trace": traceback.format_exc()}, 500
"#;

#[tokio::test]
async fn view_and_key_findings_are_published_and_fixed_through_the_protocol() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("app.py");
    std::fs::write(&path, APP).expect("write app.py");
    let uri = file_uri(&path);
    let mut editor = Editor::start(Offer::Utf8, json!({}), Some(dir.path())).await;
    editor.open(&uri, 1, APP).await;
    let diagnostics = editor.diagnostics(&uri, Some(1)).await;
    let utf8 = editor.utf8;
    assert_eq!(
        seen(APP, &diagnostics, utf8),
        [
            ("FG301".to_string(), "dict(app.config)".to_string()),
            (
                "FG601".to_string(),
                r#"request.headers.get("X-API-Key") != app.config["API_KEY"]"#.to_string()
            ),
            ("FG401".to_string(), "traceback.format_exc()".to_string()),
        ]
    );
    assert_eq!(diagnostics[0]["severity"], 1, "FG301 is an error");
    assert_eq!(diagnostics[1]["severity"], 2, "FG601 is a warning");

    // Fix I on the comparison.
    let fix = editor
        .quick_fix(&uri, &diagnostics[1], "hmac.compare_digest")
        .await;
    assert_eq!(fix["isPreferred"], json!(true));
    let text = editor
        .apply_edits(&uri, 2, APP, &action_edits(&fix, &uri, 1))
        .await;
    assert!(text.contains("import hmac\n"), "{text}");
    assert!(
        text.contains(
            r#"if not (app.config["API_KEY"] and hmac.compare_digest((request.headers.get("X-API-Key") or "").encode(), app.config["API_KEY"].encode())):"#
        ),
        "{text}"
    );
    let diagnostics = editor.diagnostics(&uri, Some(2)).await;
    let codes: Vec<String> = seen(&text, &diagnostics, utf8)
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    assert_eq!(codes, ["FG301", "FG401"]);

    // Fix F on the traceback.
    let fix = editor.quick_fix(&uri, &diagnostics[1], "logger").await;
    let text = editor
        .apply_edits(&uri, 3, &text, &action_edits(&fix, &uri, 2))
        .await;
    assert!(
        text.contains(
            "        app.logger.exception(\"Unhandled exception\")\n        return {\"trace\": \"Internal server error\"}, 500\n"
        ),
        "{text}"
    );
    let diagnostics = editor.diagnostics(&uri, Some(3)).await;
    let codes: Vec<String> = seen(&text, &diagnostics, utf8)
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    assert_eq!(codes, ["FG301"], "{text}");

    // Hover shows FG301's page.
    let hover = editor
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": diagnostics[0]["range"]["start"]}),
        )
        .await
        .expect("hover succeeds");
    assert!(hover.to_string().contains("config-in-response"), "{hover}");
    editor.shut_down().await;
}
