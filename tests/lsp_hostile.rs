//! Hostile protocol input against the real `flaskguard server` binary on stdio: broken
//! frames, JSON that is not a message, ranges and versions that make no sense, huge and
//! deeply nested documents. After each, the server still answers correctly.

mod lsp_support;

use lsp_support::{APP, Editor, Offer, SECRET, file_uri, position, range_of, seen};
use serde_json::{Value, json};
use tempfile::TempDir;

/// What APP's diagnostics cover.
fn app_findings() -> Vec<(String, String)> {
    vec![pair("FG101", SECRET), pair("FG201", "True")]
}

fn pair(code: &str, text: &str) -> (String, String) {
    (code.to_string(), text.to_string())
}

/// A project folder and the server binary, initialized (UTF-8 positions).
async fn start() -> (TempDir, Editor) {
    start_with(json!({})).await
}

async fn start_with(options: Value) -> (TempDir, Editor) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let editor = Editor::start_process_with(Offer::Utf8, options, Some(dir.path())).await;
    (dir, editor)
}

fn uri(dir: &TempDir, name: &str) -> String {
    file_uri(&dir.path().join(name))
}

/// The server still works: a fresh document gets APP's diagnostics, and hovering its
/// secret shows FG101's page.
async fn assert_serving(editor: &mut Editor, dir: &TempDir, name: &str) {
    let uri = uri(dir, name);
    editor.open(&uri, 1, APP).await;
    let diagnostics = editor.diagnostics(&uri, Some(1)).await;
    assert_eq!(seen(APP, &diagnostics, true), app_findings(), "{name}");
    let inside = range_of(APP, "FAKE-secret", true)["start"].clone();
    let hover = editor.hover(&uri, inside).await.expect("hover succeeds");
    let page = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(page.contains("FG101"), "{name}: {hover}");
}

/// `body` behind a correct header, as bytes.
fn framed(body: &[u8]) -> Vec<u8> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    frame
}

fn hover_request(id: i64, uri: &str) -> String {
    json!({
        "jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}
    })
    .to_string()
}

#[tokio::test]
async fn broken_frames_are_answered_or_skipped_and_the_session_goes_on() {
    let (dir, mut editor) = start().await;

    // A Content-Length that is not a number: a parse error.
    editor.send_bytes("Content-Length: lots\r\n\r\n").await;
    let error = editor.wait_for_null_id_error().await;
    assert_eq!(error["error"]["code"], -32700, "{error}");
    editor.wait_for_log("without a valid Content-Length").await;
    assert_serving(&mut editor, &dir, "a.py").await;

    // A request sent without any header is skipped (not executed: the server does not
    // shut down), and logged.
    editor
        .send_bytes("{\"jsonrpc\": \"2.0\", \"id\": 900, \"method\": \"shutdown\"}\r\n")
        .await;
    assert_serving(&mut editor, &dir, "b.py").await;
    editor.wait_for_log("skipped 51 bytes of input").await;

    // A body longer than its Content-Length: the first bytes are a parse error, the rest
    // is skipped up to the next header.
    let request = hover_request(901, &uri(&dir, "a.py"));
    editor
        .send_bytes(&format!("Content-Length: 10\r\n\r\n{request}"))
        .await;
    let error = editor.wait_for_null_id_error().await;
    assert_eq!(error["error"]["code"], -32700, "{error}");
    assert_serving(&mut editor, &dir, "c.py").await;

    // A body shorter than its Content-Length swallows the start of the next message:
    // one parse error, that message is lost, the one after it is answered.
    let truncated = &request[..request.len() / 2];
    editor
        .send_bytes(&format!(
            "Content-Length: {}\r\n\r\n{truncated}",
            request.len()
        ))
        .await;
    editor
        .send_raw(&hover_request(902, &uri(&dir, "a.py")))
        .await;
    let error = editor.wait_for_null_id_error().await;
    assert_eq!(error["error"]["code"], -32700, "{error}");
    assert_serving(&mut editor, &dir, "d.py").await;
    assert!(
        editor.pending_index(|m| m["id"] == 902).is_none(),
        "the swallowed request gets no answer"
    );

    // A body that is not UTF-8: a parse error.
    editor
        .send_raw_bytes(&framed(
            b"{\"jsonrpc\": \"2.0\", \"id\": 903, \"method\": \"x\", \"params\": \"\xff\xfe\"}",
        ))
        .await;
    let error = editor.wait_for_null_id_error().await;
    assert_eq!(error["error"]["code"], -32700, "{error}");

    // Stray bytes that are not UTF-8 between messages used to end the session.
    editor.send_raw_bytes(b"\xff\xfe\xfd\r\n").await;
    assert_serving(&mut editor, &dir, "e.py").await;
    editor.wait_for_log("skipped 3 bytes of input").await;
    editor.shut_down().await;
}

#[tokio::test]
async fn json_that_is_not_a_request_gets_the_json_rpc_error() {
    let (dir, mut editor) = start().await;

    editor
        .send_raw(r#"{"jsonrpc": "2.0", "id": 1} trailing"#)
        .await;
    let error = editor.wait_for_null_id_error().await;
    assert_eq!(error["error"]["code"], -32700, "{error}");

    // A batch (LSP has none): invalid request, and the shutdown inside is not run.
    editor
        .send_raw(r#"[{"jsonrpc": "2.0", "id": 910, "method": "shutdown"}]"#)
        .await;
    let error = editor.wait_for_null_id_error().await;
    assert_eq!(error["error"]["code"], -32600, "{error}");
    assert_serving(&mut editor, &dir, "a.py").await;

    // No method: invalid request, answered with the message's id.
    for (id, body) in [
        (911, json!({"jsonrpc": "2.0", "id": 911})),
        (912, json!({"jsonrpc": "2.0", "id": 912, "params": {}})),
        (913, json!({"jsonrpc": "2.0", "id": 913, "method": ""})),
        (914, json!({"jsonrpc": "2.0", "id": 914, "method": 7})),
    ] {
        editor.send_message(body).await;
        let error = editor.wait_for(move |m| m["id"] == id).await;
        assert_eq!(error["error"]["code"], -32600, "{error}");
    }

    // Unknown methods: a request gets "method not found", a notification nothing.
    let unknown = editor.request("flaskguard/nonsense", json!({})).await;
    assert_eq!(unknown.map_err(|e| e["code"].clone()), Err(json!(-32601)));
    editor.notify("flaskguard/nonsense", json!({"a": 1})).await;
    editor
        .notify("$/cancelRequest", json!({"id": 123456}))
        .await;

    // Parameters of the wrong shape or out of their type's range: invalid params.
    let a = uri(&dir, "a.py");
    for params in [
        json!({"textDocument": 3}),
        json!({"textDocument": {"uri": a}, "position": {"line": -1, "character": 0}}),
        json!({"textDocument": {"uri": a}, "position": {"line": 4294967296u64, "character": 0}}),
    ] {
        let error = editor.request("textDocument/hover", params).await;
        assert_eq!(error.map_err(|e| e["code"].clone()), Err(json!(-32602)));
    }
    assert_serving(&mut editor, &dir, "b.py").await;
    editor.shut_down().await;
}

#[tokio::test]
async fn documents_that_are_not_open_are_left_alone() {
    let (dir, mut editor) = start().await;
    let a = uri(&dir, "a.py");

    // A change before the open is logged and dropped: the open text is what counts.
    let all = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
    editor.change(&a, 1, all.clone(), "import os\n").await;
    editor.wait_for_log("not open").await;
    editor
        .notify("textDocument/didClose", json!({"textDocument": {"uri": a}}))
        .await;
    editor
        .notify("textDocument/didSave", json!({"textDocument": {"uri": a}}))
        .await;
    editor.open(&a, 2, APP).await;
    let diagnostics = editor.diagnostics(&a, Some(2)).await;
    assert_eq!(seen(APP, &diagnostics, true), app_findings());

    // Once closed, requests answer nothing and the diagnostics are cleared.
    editor
        .notify("textDocument/didClose", json!({"textDocument": {"uri": a}}))
        .await;
    assert_eq!(editor.diagnostics(&a, None).await, Vec::<Value>::new());
    let inside = range_of(APP, "FAKE-secret", true)["start"].clone();
    assert_eq!(editor.hover(&a, inside).await, Ok(Value::Null));
    let actions = editor
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": a}, "range": all, "context": {"diagnostics": []}}),
        )
        .await;
    assert_eq!(actions, Ok(Value::Null));
    assert_serving(&mut editor, &dir, "b.py").await;
    editor.shut_down().await;
}

#[tokio::test]
async fn reversed_and_out_of_range_positions_are_normalised_and_logged() {
    let (dir, mut editor) = start().await;
    let a = uri(&dir, "a.py");
    editor.open(&a, 1, APP).await;
    editor.diagnostics(&a, Some(1)).await;

    // A change whose range ends before it starts replaces the same text.
    let debug = range_of(APP, "True", true);
    let reversed = json!({"start": debug["end"], "end": debug["start"]});
    editor.change(&a, 2, reversed, "False").await;
    editor.wait_for_log("ended before its start").await;
    let text = APP.replace("True", "False");
    let diagnostics = editor.diagnostics(&a, Some(2)).await;
    assert_eq!(seen(&text, &diagnostics, true), [pair("FG101", SECRET)]);

    // Characters past the end of a line stop at its end; lines past the end of the
    // document at the end of the document.
    let past_line = json!({"line": 2, "character": 4000});
    editor
        .change(
            &a,
            3,
            json!({"start": past_line, "end": past_line}),
            "  # app",
        )
        .await;
    editor.wait_for_log("v3: a change range was outside").await;
    let text = text.replace("Flask(__name__)\n", "Flask(__name__)  # app\n");
    let diagnostics = editor.diagnostics(&a, Some(3)).await;
    assert_eq!(seen(&text, &diagnostics, true), [pair("FG101", SECRET)]);

    // Reversed and out of range at once: from the end of the document back to line 5.
    let end = json!({"line": 4_000_000_000u32, "character": 4_000_000_000u32});
    let line5 = json!({"line": 5, "character": 0});
    editor
        .change(
            &a,
            4,
            json!({"start": end, "end": line5}),
            "app.run(debug=True)\n",
        )
        .await;
    editor.wait_for_log("v4: a change range was outside").await;
    let text = format!(
        "{}app.run(debug=True)\n",
        &text[..text.find("if __name__").expect("the main guard")]
    );
    let diagnostics = editor.diagnostics(&a, Some(4)).await;
    assert_eq!(
        seen(&text, &diagnostics, true),
        [pair("FG101", SECRET), pair("FG201", "True")]
    );

    // Requests: a reversed range still finds the fix, far positions answer nothing.
    let secret = range_of(&text, SECRET, true);
    let reversed = json!({"start": secret["end"], "end": secret["start"]});
    let actions = editor
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": a}, "range": reversed, "context": {"diagnostics": []}}),
        )
        .await
        .expect("codeAction succeeds");
    let titles: Vec<&str> = actions
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|action| action["title"].as_str())
        .collect();
    assert!(
        titles.contains(&"Replace with os.environ[\"SECRET_KEY\"]"),
        "{titles:?}"
    );
    assert_eq!(editor.hover(&a, end).await, Ok(Value::Null));
    let past = json!({"line": 0, "character": 4000});
    assert_eq!(editor.hover(&a, past).await, Ok(Value::Null));
    editor.shut_down().await;
}

#[tokio::test]
async fn versions_going_backwards_and_a_second_open_keep_the_latest_text() {
    let (dir, mut editor) = start().await;
    let a = uri(&dir, "a.py");
    editor.open(&a, 5, APP).await;
    editor.diagnostics(&a, Some(5)).await;

    // An older version number: logged, and the edit still applies.
    let debug = range_of(APP, "True", true);
    editor.change(&a, 3, debug, "False").await;
    editor
        .wait_for_log("version 3 does not increase on 5")
        .await;
    let text = APP.replace("True", "False");
    let diagnostics = editor.diagnostics(&a, Some(3)).await;
    assert_eq!(seen(&text, &diagnostics, true), [pair("FG101", SECRET)]);

    // Opening it again replaces the text and the version.
    let other = "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n";
    editor.open(&a, 1, other).await;
    let diagnostics = editor.diagnostics(&a, Some(1)).await;
    assert_eq!(seen(other, &diagnostics, true), [pair("FG201", "True")]);
    let old_secret = range_of(APP, "FAKE-secret", true)["start"].clone();
    assert_eq!(editor.hover(&a, old_secret).await, Ok(Value::Null));
    editor.shut_down().await;
}

/// The single notice a document that is not checked gets: information, on line 0.
fn notice(diagnostics: &[Value]) -> String {
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let notice = &diagnostics[0];
    assert_eq!(notice["severity"], 3, "information: {notice}");
    assert_eq!(notice["source"], "flaskguard");
    assert_eq!(notice["range"]["start"], json!({"line": 0, "character": 0}));
    assert_eq!(notice["range"]["end"]["line"], 0);
    notice["message"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn a_50_mb_document_is_not_checked_and_says_so() {
    let (dir, mut editor) = start().await;
    let a = uri(&dir, "a.py");
    let big = format!("{APP}{}", "x = 1\n".repeat(50_000_000 / 6 + 1));
    assert!(big.len() > 50_000_000, "{}", big.len());
    editor.open(&a, 1, &big).await;
    let message = notice(&editor.diagnostics(&a, Some(1)).await);
    assert!(message.contains("did not check"), "{message}");
    assert!(message.contains("`max-file-size`"), "{message}");
    assert!(message.contains("10 MB"), "{message}");
    editor.wait_for_log("over max-file-size").await;

    // Back under the limit (one edit deleting the padding): checked again.
    let end_of_app = position(&big, APP.len(), true);
    let end = json!({"line": 99_999_999, "character": 0});
    editor
        .change(&a, 2, json!({"start": end_of_app, "end": end}), "")
        .await;
    let diagnostics = editor.diagnostics(&a, Some(2)).await;
    assert_eq!(seen(APP, &diagnostics, true), app_findings());
    assert_serving(&mut editor, &dir, "b.py").await;
    editor.shut_down().await;
}

#[tokio::test]
async fn a_lower_max_file_size_names_the_setting_and_its_value() {
    let (dir, mut editor) = start_with(json!({"max-file-size": "1 KB"})).await;
    let a = uri(&dir, "a.py");
    let text = format!("{APP}{}", "# padding\n".repeat(100));
    editor.open(&a, 1, &text).await;
    let message = notice(&editor.diagnostics(&a, Some(1)).await);
    assert!(
        message.contains(&format!("{} bytes", text.len())),
        "{message}"
    );
    assert!(
        message.contains("`max-file-size` setting (1 KB)"),
        "{message}"
    );

    // The notice goes as soon as the file is small enough.
    editor
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": a, "version": 2}, "contentChanges": [{"text": APP}]}),
        )
        .await;
    let diagnostics = editor.diagnostics(&a, Some(2)).await;
    assert_eq!(seen(APP, &diagnostics, true), app_findings());
    editor.shut_down().await;
}

/// A view returning the app's configuration through `depth` nested calls.
fn nested_view(depth: usize) -> String {
    format!(
        "from flask import Flask\napp = Flask(__name__)\n\n@app.route(\"/\")\ndef view():\n    return {}app.config{}\n",
        "str(".repeat(depth),
        ")".repeat(depth)
    )
}

#[tokio::test]
async fn deep_nesting_is_reported_instead_of_overflowing_the_stack() {
    let (dir, mut editor) = start().await;
    let a = uri(&dir, "a.py");

    // 10,000 nested calls used to overflow the stack of a rule and abort the server.
    let deep = nested_view(10_000);
    editor.open(&a, 1, &deep).await;
    let message = notice(&editor.diagnostics(&a, Some(1)).await);
    assert!(
        message.contains("line 6 is nested more than 500 levels deep"),
        "{message}"
    );
    editor.wait_for_log("nested more than 500 levels").await;

    // 10,000 nested brackets in an expression no rule looks at.
    let b = uri(&dir, "b.py");
    let brackets = format!("{APP}x = {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    editor.open(&b, 1, &brackets).await;
    let message = notice(&editor.diagnostics(&b, Some(1)).await);
    assert!(message.contains("line 8"), "{message}");

    // Within the limit (100 calls, half of CPython's bracket limit): checked.
    let text = nested_view(100);
    editor
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": a, "version": 2}, "contentChanges": [{"text": text}]}),
        )
        .await;
    let diagnostics = editor.diagnostics(&a, Some(2)).await;
    let returned = format!("{}app.config{}", "str(".repeat(100), ")".repeat(100));
    assert_eq!(seen(&text, &diagnostics, true), [pair("FG301", &returned)]);

    // Deep code typed into a checked document is found (the check after an edit walks
    // only the statements the edit touched), and deleting it brings the findings back.
    let c = uri(&dir, "c.py");
    editor.open(&c, 1, APP).await;
    editor.diagnostics(&c, Some(1)).await;
    let deep = format!("x = {}1{}\n", "-(".repeat(600), ")".repeat(600));
    let line2 = json!({"line": 2, "character": 0});
    editor
        .change(&c, 2, json!({"start": line2, "end": line2}), &deep)
        .await;
    let message = notice(&editor.diagnostics(&c, Some(2)).await);
    assert!(message.contains("line 3 is nested"), "{message}");
    let line3 = json!({"line": 3, "character": 0});
    editor
        .change(&c, 3, json!({"start": line2, "end": line3}), "")
        .await;
    let diagnostics = editor.diagnostics(&c, Some(3)).await;
    assert_eq!(seen(APP, &diagnostics, true), app_findings());
    assert_serving(&mut editor, &dir, "d.py").await;
    editor.shut_down().await;
}

/// `levels` nested `if` blocks with a hardcoded secret at the bottom.
fn nested_blocks(levels: usize) -> String {
    let mut text = String::new();
    for level in 0..levels {
        text.push_str(&format!("{}if x:\n", " ".repeat(level)));
    }
    text.push_str(&format!(
        "{}SECRET_KEY = \"FAKE-secret-value-0123456789\"\n",
        " ".repeat(levels)
    ));
    text
}

#[tokio::test]
async fn deep_indentation_is_reported_instead_of_aborting_the_parser() {
    let (dir, mut editor) = start().await;
    let a = uri(&dir, "a.py");

    // 1,000 indentation levels (CPython allows 100) used to abort the parser.
    let deep = nested_blocks(1000);
    editor.open(&a, 1, &deep).await;
    let message = notice(&editor.diagnostics(&a, Some(1)).await);
    assert!(
        message.contains("indented at 1000 different depths"),
        "{message}"
    );

    // An edit that brings it back within the limit: parsed and checked again.
    let cut = position(
        &deep,
        deep.find(&format!("\n{}if", " ".repeat(100)))
            .expect("level 100")
            + 1,
        true,
    );
    let bottom = position(&deep, deep.find("SECRET_KEY").expect("the secret"), true);
    editor
        .change(
            &a,
            2,
            json!({"start": cut, "end": bottom}),
            &" ".repeat(100),
        )
        .await;
    let text = nested_blocks(100);
    let diagnostics = editor.diagnostics(&a, Some(2)).await;
    assert_eq!(seen(&text, &diagnostics, true), [pair("FG101", SECRET)]);

    // And an edit that goes past it again, in the middle of APP.
    let b = uri(&dir, "b.py");
    editor.open(&b, 1, APP).await;
    editor.diagnostics(&b, Some(1)).await;
    let line3 = json!({"line": 3, "character": 0});
    editor
        .change(
            &b,
            2,
            json!({"start": line3, "end": line3}),
            &nested_blocks(500),
        )
        .await;
    let message = notice(&editor.diagnostics(&b, Some(2)).await);
    assert!(message.contains("indented at"), "{message}");
    assert_serving(&mut editor, &dir, "c.py").await;
    editor.shut_down().await;
}

#[tokio::test]
async fn a_5_mb_line_is_checked_to_its_end() {
    let (dir, mut editor) = start().await;
    let a = uri(&dir, "a.py");
    let padding = "a".repeat(5 << 20);
    let text = format!("PADDING = \"{padding}\"; SECRET_KEY = \"FAKE-secret-value-0123456789\"\n");
    editor.open(&a, 1, &text).await;
    let diagnostics = editor.diagnostics(&a, Some(1)).await;
    assert_eq!(seen(&text, &diagnostics, true), [pair("FG101", SECRET)]);
    let inside = range_of(&text, "FAKE-secret", true)["start"].clone();
    assert!(inside["character"].as_u64() > Some(5 << 20), "{inside}");
    let hover = editor.hover(&a, inside).await.expect("hover succeeds");
    assert!(
        hover["contents"]["value"]
            .as_str()
            .is_some_and(|page| page.contains("FG101")),
        "{hover}"
    );

    // An edit at the far end of the line.
    let secret = range_of(&text, SECRET, true);
    editor
        .change(&a, 2, secret, "os.environ[\"SECRET_KEY\"]")
        .await;
    assert_eq!(editor.diagnostics(&a, Some(2)).await, Vec::<Value>::new());
    editor.shut_down().await;
}

#[tokio::test]
async fn a_replace_all_of_2000_changes_is_applied_in_order_and_parsed_once() {
    let (dir, mut editor) = start().await;
    let a = uri(&dir, "a.py");
    let text = format!("{APP}{}", "print(1)\n".repeat(2000));
    editor.open(&a, 1, &text).await;
    editor.diagnostics(&a, Some(1)).await;

    // Each `1` becomes `22` (shifting nothing else on its line), then the debug flag goes.
    let first = APP.lines().count();
    let mut changes: Vec<Value> = (0..2000)
        .map(|i| {
            let at = json!({"line": first + i, "character": 6});
            let end = json!({"line": first + i, "character": 7});
            json!({"range": {"start": at, "end": end}, "text": "22"})
        })
        .collect();
    changes.push(json!({"range": range_of(APP, "True", true), "text": "False"}));
    editor
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": a, "version": 2}, "contentChanges": changes}),
        )
        .await;
    let edited = format!(
        "{}{}",
        APP.replace("True", "False"),
        "print(22)\n".repeat(2000)
    );
    let diagnostics = editor.diagnostics(&a, Some(2)).await;
    assert_eq!(seen(&edited, &diagnostics, true), [pair("FG101", SECRET)]);

    // The text is exactly the expected one: an edit at the very end lands after the
    // last `print(22)`.
    let end = position(&edited, edited.len(), true);
    editor
        .change(
            &a,
            3,
            json!({"start": end, "end": end}),
            "app.run(debug=True)\n",
        )
        .await;
    let edited = format!("{edited}app.run(debug=True)\n");
    let diagnostics = editor.diagnostics(&a, Some(3)).await;
    assert_eq!(
        seen(&edited, &diagnostics, true),
        [pair("FG101", SECRET), pair("FG201", "True")]
    );
    editor.shut_down().await;
}
