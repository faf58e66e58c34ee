//! `editors/helix/languages.toml`: its shape against Helix's documented schema
//! (docs.helix-editor.com/languages.html), and its `config` table given to the real
//! `flaskguard server` binary the way Helix gives it.

mod lsp_support;

use std::path::Path;

use lsp_support::{Editor, Offer, file_uri, seen};
use serde_json::{Value, json};

const SNIPPET: &str = include_str!("../editors/helix/languages.toml");

/// Keys Helix documents for `[language-server.<name>]`.
const LANGUAGE_SERVER_KEYS: &[&str] = &[
    "command",
    "args",
    "config",
    "timeout",
    "environment",
    "required-root-patterns",
];

/// Keys Helix documents for `[[language]]`.
const LANGUAGE_KEYS: &[&str] = &[
    "name",
    "language-id",
    "scope",
    "injection-regex",
    "file-types",
    "shebangs",
    "roots",
    "auto-format",
    "diagnostic-severity",
    "comment-token",
    "comment-tokens",
    "block-comment-tokens",
    "indent",
    "language-servers",
    "grammar",
    "formatter",
    "soft-wrap",
    "text-width",
    "rulers",
    "workspace-lsp-roots",
    "persistent-diagnostic-sources",
    "auto-pairs",
    "debugger",
    "path-completion",
    "word-completion",
];

/// Keys of a table entry in `language-servers`.
const LANGUAGE_SERVER_ENTRY_KEYS: &[&str] = &["name", "only-features", "except-features"];

/// Python language servers Helix's built-in languages.toml defines.
const HELIX_PYTHON_SERVERS: &[&str] = &[
    "pylsp",
    "pyright",
    "basedpyright",
    "jedi",
    "ruff",
    "ty",
    "pyrefly",
];

fn snippet() -> toml::Table {
    toml::from_str(SNIPPET).expect("editors/helix/languages.toml is valid TOML")
}

fn keys(table: &toml::Table) -> Vec<&str> {
    table.keys().map(String::as_str).collect()
}

fn check_keys(what: &str, table: &toml::Table, allowed: &[&str]) {
    for key in keys(table) {
        assert!(
            allowed.contains(&key),
            "{what}: Helix documents no key {key:?} (known: {allowed:?})"
        );
    }
}

/// `[language-server.flaskguard]`.
fn flaskguard_server(snippet: &toml::Table) -> &toml::Table {
    snippet["language-server"]
        .as_table()
        .expect("[language-server] is a table")["flaskguard"]
        .as_table()
        .expect("[language-server.flaskguard] is a table")
}

/// The `config` table as JSON: what Helix sends as `initializationOptions`.
fn config_json() -> Value {
    let snippet = snippet();
    let config = flaskguard_server(&snippet)
        .get("config")
        .expect("the snippet has [language-server.flaskguard.config]");
    serde_json::to_value(config).expect("config converts to JSON")
}

#[test]
fn the_snippet_defines_the_flaskguard_server() {
    let snippet = snippet();
    check_keys(
        "top level",
        &snippet,
        &["use-grammars", "language-server", "language", "grammar"],
    );
    let server = flaskguard_server(&snippet);
    check_keys("[language-server.flaskguard]", server, LANGUAGE_SERVER_KEYS);
    assert_eq!(server["command"].as_str(), Some("flaskguard"));
    let args: Vec<&str> = server["args"]
        .as_array()
        .expect("args is an array")
        .iter()
        .map(|a| a.as_str().expect("args are strings"))
        .collect();
    assert_eq!(args, ["server"]);
    let config = server["config"]
        .as_table()
        .expect("config is a table, sent as initializationOptions");
    assert!(!config.is_empty(), "the config table shows a setting");
}

#[test]
fn the_snippet_adds_flaskguard_after_the_users_python_server() {
    let snippet = snippet();
    let languages = snippet["language"]
        .as_array()
        .expect("[[language]] is an array of tables");
    assert_eq!(languages.len(), 1, "one [[language]] entry");
    let python = languages[0].as_table().expect("[[language]] is a table");
    check_keys("[[language]]", python, LANGUAGE_KEYS);
    assert_eq!(python["name"].as_str(), Some("python"));

    let names: Vec<&str> = python["language-servers"]
        .as_array()
        .expect("language-servers is an array")
        .iter()
        .map(|entry| match entry {
            toml::Value::String(name) => name.as_str(),
            toml::Value::Table(entry) => {
                check_keys(
                    "a language-servers entry",
                    entry,
                    LANGUAGE_SERVER_ENTRY_KEYS,
                );
                entry["name"]
                    .as_str()
                    .expect("the entry's name is a string")
            }
            other => panic!("a language-servers entry is a name or a table, not {other}"),
        })
        .collect();
    let flaskguard = names
        .iter()
        .position(|&name| name == "flaskguard")
        .unwrap_or_else(|| panic!("flaskguard is not among {names:?}"));
    let python_server = names
        .iter()
        .position(|name| HELIX_PYTHON_SERVERS.contains(name))
        .unwrap_or_else(|| panic!("no Python language server Helix defines among {names:?}"));
    assert!(
        python_server < flaskguard,
        "the Python server comes first, so hover and go-to stay its own: {names:?}"
    );
}

const APP: &str = r#"from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(debug=True)
"#;

/// `(code, covered text, severity)` of each diagnostic.
fn findings(editor: &Editor, diagnostics: &[Value]) -> Vec<(String, String, i64)> {
    seen(APP, diagnostics, editor.utf8)
        .into_iter()
        .zip(diagnostics)
        .map(|((code, text), d)| (code, text, d["severity"].as_i64().unwrap_or(0)))
        .collect()
}

fn finding(code: &str, text: &str, severity: i64) -> (String, String, i64) {
    (code.to_string(), text.to_string(), severity)
}

async fn open_app(options: Value, root: &Path) -> (Editor, String, Vec<Value>) {
    let uri = file_uri(&root.join("app.py"));
    let mut editor = Editor::start_process_with(Offer::Utf8, options, Some(root)).await;
    editor.open(&uri, 1, APP).await;
    let diagnostics = editor.diagnostics(&uri, Some(1)).await;
    (editor, uri, diagnostics)
}

#[tokio::test]
async fn the_snippet_config_reaches_the_real_server() {
    let root = tempfile::tempdir().expect("a project folder");

    // Without the config: the debugger under `if __name__ == "__main__":` is a warning.
    let (editor, _, diagnostics) = open_app(json!(null), root.path()).await;
    assert_eq!(
        findings(&editor, &diagnostics),
        [finding("FG201", "True", 2)]
    );
    editor.shut_down().await;

    // Started as Helix starts it: the config table as initializationOptions.
    let config = config_json();
    let (mut editor, uri, diagnostics) = open_app(config.clone(), root.path()).await;
    assert_eq!(
        findings(&editor, &diagnostics),
        [finding("FG201", "True", 1)],
        "severity = {{ FG201 = \"error\" }} from the config"
    );

    // After `initialized` Helix also sends the config as didChangeConfiguration
    // settings, and answers workspace/configuration for section "flaskguard" with
    // config.flaskguard, which is null here. The settings stay in force.
    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": config }),
        )
        .await;
    editor
        .wait_for(|m| m["method"] == "workspace/configuration")
        .await;
    let end = json!({"line": 6, "character": 0});
    editor
        .change(&uri, 2, json!({"start": end, "end": end}), "")
        .await;
    let diagnostics = editor.diagnostics(&uri, Some(2)).await;
    assert_eq!(
        findings(&editor, &diagnostics),
        [finding("FG201", "True", 1)]
    );
    assert!(
        !editor.logs.iter().any(|log| log.contains("invalid")),
        "the server accepted the config: {:#?}",
        editor.logs
    );
    editor.shut_down().await;
}
