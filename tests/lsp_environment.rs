//! The environment, logging and Werkzeug-debugger rules through the language server:
//! FG203, FG204, FG402 and FG501 published, and fixes E and G applied as quick-fixes.

mod lsp_support;

use lsp_support::{Editor, Offer, action_edits, file_uri, seen};
use serde_json::{Value, json};

const APP: &str = r#"import os

from flask import Flask
from werkzeug.debug import DebuggedApplication

app = Flask(__name__)
app.config["API_KEY"] = os.environ.get("API_KEY")
FEATURE_SEARCH = bool(os.environ.get("FEATURE_SEARCH", "False"))
app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)
app.logger.info("api key is %s", app.config["API_KEY"])
"#;

fn codes(text: &str, diagnostics: &[Value], utf8: bool) -> Vec<String> {
    seen(text, diagnostics, utf8)
        .into_iter()
        .map(|(code, _)| code)
        .collect()
}

#[tokio::test]
async fn environment_findings_are_published_and_fixed_through_the_protocol() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("app.py");
    std::fs::write(&path, APP).expect("write app.py");
    let uri = file_uri(&path);
    let mut editor = Editor::start(Offer::Utf16Only, json!({}), Some(dir.path())).await;
    editor.open(&uri, 1, APP).await;
    let diagnostics = editor.diagnostics(&uri, Some(1)).await;
    let utf8 = editor.utf8;
    assert_eq!(
        seen(APP, &diagnostics, utf8),
        [
            (
                "FG501".to_string(),
                r#"os.environ.get("API_KEY")"#.to_string()
            ),
            (
                "FG204".to_string(),
                r#"bool(os.environ.get("FEATURE_SEARCH", "False"))"#.to_string()
            ),
            ("FG203".to_string(), "True".to_string()),
            ("FG402".to_string(), r#"app.config["API_KEY"]"#.to_string()),
        ]
    );
    assert_eq!(diagnostics[0]["severity"], 3, "FG501 is information");
    assert_eq!(diagnostics[2]["severity"], 1, "FG203 is an error");

    // Fix E on the truthy flag keeps the author's default ("False" → "false").
    let fix = editor.quick_fix(&uri, &diagnostics[1], "flag").await;
    assert_eq!(fix["isPreferred"], json!(true));
    let text = editor
        .apply_edits(&uri, 2, APP, &action_edits(&fix, &uri, 1))
        .await;
    assert!(
        text.contains(
            r#"FEATURE_SEARCH = os.environ.get("FEATURE_SEARCH", "false").lower() in ("1", "true", "yes")"#
        ),
        "{text}"
    );
    let diagnostics = editor.diagnostics(&uri, Some(2)).await;
    assert_eq!(
        codes(&text, &diagnostics, utf8),
        ["FG501", "FG203", "FG402"]
    );

    // Fix G makes the missing key fail at import.
    let fix = editor.quick_fix(&uri, &diagnostics[0], "Require").await;
    let text = editor
        .apply_edits(&uri, 3, &text, &action_edits(&fix, &uri, 2))
        .await;
    assert!(
        text.contains(r#"app.config["API_KEY"] = os.environ["API_KEY"]"#),
        "{text}"
    );
    let diagnostics = editor.diagnostics(&uri, Some(3)).await;
    assert_eq!(codes(&text, &diagnostics, utf8), ["FG203", "FG402"]);
    editor.shut_down().await;
}
