//! `flaskguard server` on the stdin an editor or a script gives it: a pipe (the other
//! tests), a Unix socket, one socket for both stdin and stdout, a regular file.

mod lsp_support;

use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::os::unix::net::UnixStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use lsp_support::APP;
use serde_json::{Value, json};

fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn initialize() -> Vec<u8> {
    frame(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                  "params": {"processId": null, "rootUri": null, "capabilities": {}}}))
}

/// What follows the answer to `initialize`: open the app, shut down.
fn session() -> Vec<u8> {
    let messages = [
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
               "params": {"textDocument": {"uri": "file:///tmp/app.py", "languageId": "python",
                                           "version": 1, "text": APP}}}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
    ];
    messages.iter().flat_map(frame).collect()
}

/// Reads one frame's body from `reader`, as an editor does.
fn read_message(reader: &mut impl Read) -> Value {
    let mut header = Vec::new();
    let mut byte = [0u8];
    while !header.ends_with(b"\r\n\r\n") {
        reader.read_exact(&mut byte).expect("a frame header");
        header.push(byte[0]);
    }
    let header = String::from_utf8_lossy(&header);
    let length: usize = header
        .trim_end()
        .strip_prefix("Content-Length: ")
        .and_then(|length| length.parse().ok())
        .unwrap_or_else(|| panic!("a Content-Length header: {header:?}"));
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).expect("a frame body");
    serde_json::from_slice(&body).expect("JSON")
}

/// Runs a session as an editor does: `initialize`, and once it is answered the
/// [`session`]; `exit` once `shutdown` is answered. Returns what the server wrote
/// after answering `initialize`, up to its answer to `shutdown`.
fn run_session(to_server: &mut impl Write, from_server: &mut impl Read) -> Vec<Value> {
    to_server.write_all(&initialize()).expect("send initialize");
    let answer = read_message(from_server);
    assert_eq!(answer["id"], 1);
    assert!(answer["result"]["capabilities"].is_object(), "{answer}");
    to_server.write_all(&session()).expect("send the session");
    let mut messages = Vec::new();
    while messages.last().is_none_or(|m: &Value| m["id"] != 2) {
        messages.push(read_message(from_server));
    }
    let exit = json!({"jsonrpc": "2.0", "method": "exit"});
    to_server.write_all(&frame(&exit)).expect("send exit");
    messages
}

/// What an editor needs from the session: the app's diagnostics (version 1, both
/// findings), then the answer to `shutdown`.
fn check(messages: &[Value]) {
    let published = messages
        .iter()
        .position(|m| m["method"] == "textDocument/publishDiagnostics")
        .unwrap_or_else(|| panic!("no diagnostics in {messages:#?}"));
    let params = &messages[published]["params"];
    assert_eq!(params["version"], 1);
    let codes: Vec<&str> = params["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["FG101", "FG201"]);
    let shutdown = messages
        .iter()
        .position(|m| m["id"] == 2)
        .unwrap_or_else(|| panic!("no answer to shutdown in {messages:#?}"));
    assert!(published < shutdown, "{messages:#?}");
    assert_eq!(messages[shutdown]["result"], Value::Null);
}

fn server() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_flaskguard"));
    command.arg("server").stderr(Stdio::null());
    command
}

/// Waits for the server to exit (after `exit`), successfully.
fn wait(child: &mut std::process::Child) {
    for _ in 0..400 {
        if let Some(status) = child.try_wait().expect("the server's status") {
            assert!(status.success(), "{status}");
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("the server did not exit after `exit`");
}

#[test]
fn a_session_read_from_a_file_is_served() {
    // A file cannot wait for the answer to `initialize` (tower-lsp-server drops what
    // arrives before it): the server answers it and ends at the end of the file.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let input = dir.path().join("initialize.lsp");
    std::fs::write(&input, initialize()).expect("write the session");
    let output = server()
        .stdin(std::fs::File::open(&input).expect("open the session"))
        .output()
        .expect("run flaskguard server");
    assert!(output.status.success(), "{}", output.status);
    let answer = read_message(&mut output.stdout.as_slice());
    assert_eq!(answer["id"], 1);
    assert!(answer["result"]["capabilities"].is_object(), "{answer}");
}

#[test]
fn a_session_on_a_unix_socket_is_served() {
    let (mut editor, server_end) = UnixStream::pair().expect("a socket pair");
    let mut child = server()
        .stdin(Stdio::from(OwnedFd::from(server_end)))
        .stdout(Stdio::piped())
        .spawn()
        .expect("start flaskguard server");
    let mut stdout = child.stdout.take().expect("stdout");
    let messages = run_session(&mut editor, &mut stdout);
    wait(&mut child);
    check(&messages);
}

#[test]
fn one_socket_for_stdin_and_stdout_is_served() {
    let (mut editor, server_end) = UnixStream::pair().expect("a socket pair");
    let stdout = server_end.try_clone().expect("a second descriptor");
    let mut child = server()
        .stdin(Stdio::from(OwnedFd::from(server_end)))
        .stdout(Stdio::from(OwnedFd::from(stdout)))
        .spawn()
        .expect("start flaskguard server");
    editor
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("a read timeout");
    let mut reader = editor.try_clone().expect("a reading descriptor");
    let messages = run_session(&mut editor, &mut reader);
    wait(&mut child);
    check(&messages);
}
