//! An editor stand-in: drives the real server over an in-memory duplex stream with
//! JSON-RPC messages, answers the server's requests, and applies the edits it returns.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use std::pin::Pin;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// A small Flask app with two findings: FG101 on [`SECRET`] and FG201 on `True`.
pub const APP: &str = r#"from flask import Flask

app = Flask(__name__)
SECRET_KEY = "FAKE-secret-value-0123456789"

if __name__ == "__main__":
    app.run(debug=True)
"#;

/// The secret literal in [`APP`], quotes included.
pub const SECRET: &str = "\"FAKE-secret-value-0123456789\"";

/// How long to wait for a message the test expects.
const PATIENCE: Duration = Duration::from_secs(20);

/// Which position encoding the client offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    Utf8,
    Utf16Only,
}

pub struct Editor {
    writer: Pin<Box<dyn AsyncWrite + Send>>,
    incoming: mpsc::UnboundedReceiver<Value>,
    /// Messages read but not yet consumed by a `wait_for`.
    pending: VecDeque<Value>,
    next_id: i64,
    /// Every `window/logMessage` text received so far.
    pub logs: Vec<String>,
    /// What the editor answers to `workspace/configuration`.
    pub configuration: Value,
    /// Methods of the requests the server sent to the editor.
    pub server_requests: Vec<String>,
    pub utf8: bool,
    /// Ends when the server has stopped (the task, or the `flaskguard server` process).
    server: JoinHandle<()>,
    /// Every message body the server wrote, in order, when the editor records them
    /// ([`Editor::start_process_recorded`]).
    recorded: Option<Recording>,
}

/// What a recorded session keeps: every message body on the server's stdout, and the
/// server's stderr.
struct Recording {
    messages: Arc<Mutex<Vec<String>>>,
    stderr: JoinHandle<String>,
}

/// Everything the server wrote during a recorded session.
#[derive(Debug, Default)]
pub struct Transcript {
    /// Every message body from the server's stdout, in order.
    pub messages: Vec<String>,
    /// The server's stderr.
    pub stderr: String,
}

/// How a process server is started.
#[derive(Default)]
struct Launch {
    /// The `trace` value sent in `initialize` (`"off"`, `"messages"`, `"verbose"`).
    trace: Option<&'static str>,
    /// Record stdout messages and stderr.
    record: bool,
}

/// How the server under test runs.
enum Transport {
    /// `flaskguard::lsp::serve` on an in-memory duplex stream, in this process.
    InMemory,
    /// The built `flaskguard server` binary on its stdin/stdout.
    Process,
    /// The built binary, started as [`Launch`] says.
    ProcessWith(Launch),
}

impl Editor {
    /// Starts the `flaskguard server` binary with `trace: "verbose"` in `initialize`,
    /// recording every message it writes and its stderr; [`Editor::finish`] returns them.
    pub async fn start_process_recorded(
        offer: Offer,
        initialization_options: Value,
        root: Option<&Path>,
    ) -> Editor {
        let launch = Launch {
            trace: Some("verbose"),
            record: true,
        };
        let (mut editor, result) = Editor::start_on(
            Transport::ProcessWith(launch),
            offer,
            initialization_options,
            root,
        )
        .await;
        editor.utf8 = result["capabilities"]["positionEncoding"] == "utf-8";
        editor.notify("initialized", json!({})).await;
        editor
    }

    /// `shutdown` then `exit` of a recorded session; returns everything the server wrote.
    pub async fn finish(mut self) -> Transcript {
        let recorded = self.recorded.take().expect("a recorded session");
        self.shut_down().await;
        let stderr = tokio::time::timeout(PATIENCE, recorded.stderr)
            .await
            .expect("the server closes its stderr")
            .expect("the stderr reader does not panic");
        // The stdout reader has seen the end of the stream once the process is gone.
        tokio::time::sleep(Duration::from_millis(50)).await;
        let messages = recorded.messages.lock().expect("not poisoned").clone();
        Transcript { messages, stderr }
    }

    /// Starts a server and initializes it (`initialize` then `initialized`).
    pub async fn start(offer: Offer, initialization_options: Value, root: Option<&Path>) -> Editor {
        let (mut editor, result) = Editor::start_raw(offer, initialization_options, root).await;
        let encoding = result["capabilities"]["positionEncoding"].as_str();
        editor.utf8 = encoding == Some("utf-8");
        editor.notify("initialized", json!({})).await;
        editor
    }

    /// Starts a server and sends `initialize`, returning its result.
    pub async fn start_raw(
        offer: Offer,
        initialization_options: Value,
        root: Option<&Path>,
    ) -> (Editor, Value) {
        Editor::start_on(Transport::InMemory, offer, initialization_options, root).await
    }

    /// Starts the `flaskguard server` binary and initializes it.
    pub async fn start_process(offer: Offer) -> Editor {
        Editor::start_process_with(offer, json!({}), None).await
    }

    /// Starts the `flaskguard server` binary with `initialization_options` and
    /// initializes it.
    pub async fn start_process_with(
        offer: Offer,
        initialization_options: Value,
        root: Option<&Path>,
    ) -> Editor {
        let (mut editor, result) =
            Editor::start_on(Transport::Process, offer, initialization_options, root).await;
        editor.utf8 = result["capabilities"]["positionEncoding"] == "utf-8";
        editor.notify("initialized", json!({})).await;
        editor
    }

    async fn start_on(
        transport: Transport,
        offer: Offer,
        initialization_options: Value,
        root: Option<&Path>,
    ) -> (Editor, Value) {
        let (sender, incoming) = mpsc::unbounded_channel();
        let mut recorded = None;
        let mut trace = None;
        let (writer, server): (Pin<Box<dyn AsyncWrite + Send>>, JoinHandle<()>) = match transport {
            Transport::InMemory => {
                let (client_end, server_end) = tokio::io::duplex(1 << 20);
                let (server_read, server_write) = tokio::io::split(server_end);
                let server = tokio::spawn(flaskguard::lsp::serve(server_read, server_write));
                let (client_read, writer) = tokio::io::split(client_end);
                tokio::spawn(read_messages(client_read, sender, None));
                (Box::pin(writer), server)
            }
            Transport::Process => {
                let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_flaskguard"))
                    .arg("server")
                    .stdin(std::process::Stdio::piped())
                    .stdout(std::process::Stdio::piped())
                    .kill_on_drop(true)
                    .spawn()
                    .expect("start flaskguard server");
                let stdin = child.stdin.take().expect("piped stdin");
                let stdout = child.stdout.take().expect("piped stdout");
                tokio::spawn(read_messages(stdout, sender, None));
                let server = tokio::spawn(async move {
                    let status = child.wait().await.expect("wait for the server");
                    assert!(status.success(), "the server exits with {status}");
                });
                (Box::pin(stdin), server)
            }
            Transport::ProcessWith(launch) => {
                let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_flaskguard"));
                command
                    .arg("server")
                    .stdin(std::process::Stdio::piped())
                    .stdout(std::process::Stdio::piped())
                    .kill_on_drop(true);
                if launch.record {
                    command.stderr(std::process::Stdio::piped());
                }
                let mut child = command.spawn().expect("start flaskguard server");
                let stdin = child.stdin.take().expect("piped stdin");
                let stdout = child.stdout.take().expect("piped stdout");
                let messages = launch.record.then(|| Arc::new(Mutex::new(Vec::new())));
                if let (Some(messages), Some(mut stderr)) = (&messages, child.stderr.take()) {
                    let stderr = tokio::spawn(async move {
                        let mut text = Vec::new();
                        let _ = stderr.read_to_end(&mut text).await;
                        String::from_utf8_lossy(&text).into_owned()
                    });
                    recorded = Some(Recording {
                        messages: messages.clone(),
                        stderr,
                    });
                }
                trace = launch.trace;
                tokio::spawn(read_messages(stdout, sender, messages));
                let server = tokio::spawn(async move {
                    let status = child.wait().await.expect("wait for the server");
                    assert!(status.success(), "the server exits with {status}");
                });
                (Box::pin(stdin), server)
            }
        };
        let mut editor = Editor {
            writer,
            incoming,
            pending: VecDeque::new(),
            next_id: 1,
            logs: Vec::new(),
            configuration: Value::Null,
            server_requests: Vec::new(),
            utf8: false,
            server,
            recorded,
        };
        let encodings = match offer {
            Offer::Utf8 => json!(["utf-8", "utf-16"]),
            Offer::Utf16Only => json!(["utf-16"]),
        };
        let root_uri = root.map(file_uri);
        let mut params = json!({
            "processId": null,
            "rootUri": root_uri,
            "capabilities": {
                "general": { "positionEncodings": encodings },
                "workspace": {
                    "workspaceEdit": { "documentChanges": true },
                    "configuration": true,
                    "didChangeWatchedFiles": { "dynamicRegistration": true }
                }
            },
            "initializationOptions": initialization_options
        });
        if let Some(trace) = trace {
            params["trace"] = json!(trace);
        }
        let result = editor
            .request("initialize", params)
            .await
            .expect("initialize succeeds");
        (editor, result)
    }

    async fn send(&mut self, message: Value) {
        self.send_raw(&message.to_string()).await;
    }

    /// Sends `body` as one framed message, whatever it holds.
    pub async fn send_raw(&mut self, body: &str) {
        let frame = format!("Content-Length: {}\r\n\r\n{}", body.len(), body);
        self.send_bytes(&frame).await;
    }

    /// Sends `bytes` as they are, framing included.
    pub async fn send_bytes(&mut self, frame: &str) {
        self.writer
            .write_all(frame.as_bytes())
            .await
            .expect("the server reads its input");
    }

    /// Sends raw bytes, which need not be UTF-8.
    pub async fn send_raw_bytes(&mut self, bytes: &[u8]) {
        self.writer
            .write_all(bytes)
            .await
            .expect("the server reads its input");
    }

    /// Sends a request with `id` as it is and no `wait_for`: for bodies built by hand.
    pub async fn send_message(&mut self, message: Value) {
        self.send(message).await;
    }

    /// `textDocument/hover` at `position` (`{"line", "character"}`).
    pub async fn hover(&mut self, uri: &str, position: Value) -> Result<Value, Value> {
        self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": position}),
        )
        .await
    }

    /// The next error response with a `null` id (an undecodable message's answer).
    pub async fn wait_for_null_id_error(&mut self) -> Value {
        self.wait_for(|m| {
            m.get("method").is_none() && m["id"].is_null() && m.get("error").is_some()
        })
        .await
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    /// Sends a request and waits for its response: `Ok(result)` or `Err(error)`.
    pub async fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        let response = self
            .wait_for(|m| m.get("method").is_none() && m["id"] == json!(id))
            .await;
        match response.get("error") {
            Some(error) => Err(error.clone()),
            None => Ok(response["result"].clone()),
        }
    }

    /// Sends a request without waiting for its answer; returns its id.
    pub async fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        id
    }

    /// The next message in arrival order (unconsumed ones first), answering server
    /// requests and recording logs. Panics after [`PATIENCE`] without a message.
    pub async fn next_message(&mut self) -> Value {
        if let Some(message) = self.pending.pop_front() {
            return message;
        }
        let message = tokio::time::timeout(PATIENCE, self.incoming.recv())
            .await
            .unwrap_or_else(|_| panic!("timed out waiting for a message; logs: {:#?}", self.logs))
            .expect("the server keeps its output open");
        self.observe(&message).await;
        message
    }

    /// Sends `exit` and waits for the server to stop (the process's status is checked
    /// to be 0); for tests that sent `shutdown` themselves.
    pub async fn exit(mut self) {
        self.notify("exit", Value::Null).await;
        tokio::time::timeout(PATIENCE, self.server)
            .await
            .expect("the server stops after exit")
            .expect("the server exits with status 0");
    }

    /// The next message (in arrival order) that `matches`, answering server requests
    /// and recording logs while waiting. Panics after [`PATIENCE`].
    pub async fn wait_for(&mut self, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&matches) {
            return self.pending.remove(i).expect("index from position");
        }
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let message = tokio::time::timeout_at(deadline, self.incoming.recv())
                .await
                .unwrap_or_else(|_| {
                    panic!(
                        "timed out; unconsumed messages: {:#?}\nlogs: {:#?}",
                        self.pending, self.logs
                    )
                })
                .expect("the server keeps its output open");
            self.observe(&message).await;
            if matches(&message) {
                return message;
            }
            self.pending.push_back(message);
        }
    }

    /// The index of an unconsumed message that `matches`.
    pub fn pending_index(&self, matches: impl Fn(&Value) -> bool) -> Option<usize> {
        self.pending.iter().position(matches)
    }

    /// Removes and returns the unconsumed message at `index`.
    pub fn take_pending(&mut self, index: usize) -> Value {
        self.pending
            .remove(index)
            .expect("an index from pending_index")
    }

    async fn observe(&mut self, message: &Value) {
        let method = message["method"].as_str().unwrap_or_default().to_string();
        if method == "window/logMessage" {
            self.logs.push(
                message["params"]["message"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            );
        }
        if let Some(id) = message.get("id").filter(|_| !method.is_empty()) {
            self.server_requests.push(method.clone());
            let result = match method.as_str() {
                "workspace/configuration" => json!([self.configuration.clone()]),
                _ => Value::Null,
            };
            self.send(json!({"jsonrpc": "2.0", "id": id, "result": result}))
                .await;
        }
    }

    /// Waits for `publishDiagnostics` for `uri` with `version`; returns the diagnostics.
    pub async fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let uri = uri.to_string();
        let message = self
            .wait_for(move |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == json!(uri)
                    && m["params"]["version"].as_i64() == version
            })
            .await;
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Waits until a log message containing `needle` has arrived.
    pub async fn wait_for_log(&mut self, needle: &str) -> String {
        if let Some(log) = self.logs.iter().find(|l| l.contains(needle)) {
            return log.clone();
        }
        let needle = needle.to_string();
        let message = self
            .wait_for(move |m| {
                m["method"] == "window/logMessage"
                    && m["params"]["message"]
                        .as_str()
                        .is_some_and(|text| text.contains(&needle))
            })
            .await;
        message["params"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub async fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "python", "version": version, "text": text}}),
        )
        .await;
    }

    /// Sends one incremental change replacing `range` (LSP positions) with `text`.
    pub async fn change(&mut self, uri: &str, version: i64, range: Value, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": range, "text": text}]
            }),
        )
        .await;
    }

    /// Applies `edits` (LSP text edits) to `text` locally, and sends them to the server
    /// as one incremental didChange at `version`, as an editor does. Returns the new text.
    pub async fn apply_edits(
        &mut self,
        uri: &str,
        version: i64,
        text: &str,
        edits: &[Value],
    ) -> String {
        let mut sorted: Vec<&Value> = edits.iter().collect();
        // Last edit first, so earlier positions stay valid.
        sorted.sort_by_key(|e| {
            let start = &e["range"]["start"];
            (start["line"].as_u64(), start["character"].as_u64())
        });
        sorted.reverse();
        let mut new_text = text.to_string();
        let mut changes = Vec::new();
        for edit in sorted {
            let start = offset(&new_text, &edit["range"]["start"], self.utf8);
            let end = offset(&new_text, &edit["range"]["end"], self.utf8);
            let insert = edit["newText"].as_str().expect("newText");
            new_text.replace_range(start..end, insert);
            changes.push(json!({"range": edit["range"], "text": insert}));
        }
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        )
        .await;
        new_text
    }

    pub async fn code_actions(
        &mut self,
        uri: &str,
        range: Value,
        only: Option<Value>,
    ) -> Vec<Value> {
        let mut context = json!({"diagnostics": []});
        if let Some(only) = only {
            context["only"] = only;
        }
        let result = self
            .request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
            )
            .await
            .expect("codeAction succeeds");
        result.as_array().cloned().unwrap_or_default()
    }

    /// The quick-fix offered at `diagnostic` whose title contains `title_part`.
    pub async fn quick_fix(&mut self, uri: &str, diagnostic: &Value, title_part: &str) -> Value {
        self.code_actions(uri, diagnostic["range"].clone(), Some(json!(["quickfix"])))
            .await
            .into_iter()
            .find(|a| a["title"].as_str().is_some_and(|t| t.contains(title_part)))
            .unwrap_or_else(|| panic!("no quick-fix titled like {title_part:?}"))
    }

    /// `shutdown` then `exit`; the server task must end.
    pub async fn shut_down(mut self) {
        let result = self.request("shutdown", Value::Null).await;
        assert_eq!(result, Ok(Value::Null));
        self.notify("exit", Value::Null).await;
        tokio::time::timeout(PATIENCE, self.server)
            .await
            .expect("the server stops after exit")
            .expect("the server task does not panic");
    }
}

/// The edits of a code action's `WorkspaceEdit` for `uri`, checking it targets `version`.
pub fn action_edits(action: &Value, uri: &str, version: i64) -> Vec<Value> {
    let changes = action["edit"]["documentChanges"]
        .as_array()
        .expect("versioned documentChanges");
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["textDocument"]["uri"], json!(uri));
    assert_eq!(changes[0]["textDocument"]["version"], json!(version));
    changes[0]["edits"].as_array().cloned().unwrap_or_default()
}

/// The byte offset of an LSP position in `text` (lines end at `\n`; counting by hand,
/// independently of the server's line index).
pub fn offset(text: &str, position: &Value, utf8: bool) -> usize {
    let line = position["line"].as_u64().expect("line") as usize;
    let character = position["character"].as_u64().expect("character") as usize;
    let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[line_start..].char_indices() {
        if units >= character || c == '\n' {
            return line_start + i;
        }
        units += if utf8 { c.len_utf8() } else { c.len_utf16() };
    }
    text.len()
}

/// The LSP position of byte `at` in `text`, counted by hand.
pub fn position(text: &str, at: usize, utf8: bool) -> Value {
    let before = &text[..at];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[line_start..]
        .chars()
        .map(|c| if utf8 { c.len_utf8() } else { c.len_utf16() })
        .sum();
    json!({"line": line, "character": character})
}

/// The LSP range of the first occurrence of `needle` in `text`.
pub fn range_of(text: &str, needle: &str, utf8: bool) -> Value {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in {text:?}"));
    json!({"start": position(text, start, utf8), "end": position(text, start + needle.len(), utf8)})
}

/// `(code, covered text)` of each diagnostic, for readable assertions.
pub fn seen(text: &str, diagnostics: &[Value], utf8: bool) -> Vec<(String, String)> {
    diagnostics
        .iter()
        .map(|d| {
            let start = offset(text, &d["range"]["start"], utf8);
            let end = offset(text, &d["range"]["end"], utf8);
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                text[start..end].to_string(),
            )
        })
        .collect()
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Reads framed messages until the stream ends. Anything on the stream that is not a
/// framed JSON-RPC message fails the test: stdout carries nothing else.
async fn read_messages(
    reader: impl AsyncRead + Unpin,
    sender: mpsc::UnboundedSender<Value>,
    record: Option<Arc<Mutex<Vec<String>>>>,
) {
    let mut reader = BufReader::new(reader);
    loop {
        let mut length = None;
        loop {
            let mut header = String::new();
            match reader.read_line(&mut header).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            match header.strip_prefix("Content-Length:") {
                Some(value) => length = value.trim().parse::<usize>().ok(),
                None => assert!(
                    header.starts_with("Content-Type:"),
                    "not a protocol header on the server's output: {header:?}"
                ),
            }
        }
        let Some(length) = length else { return };
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        if let Some(record) = &record {
            record
                .lock()
                .expect("not poisoned")
                .push(String::from_utf8_lossy(&body).into_owned());
        }
        let message: Value = serde_json::from_slice(&body).expect("the server sends JSON");
        if sender.send(message).is_err() {
            return;
        }
    }
}
