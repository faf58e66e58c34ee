//! A stdio LSP client that measures how fast a language server answers edits.
//!
//! ```text
//! cargo run --release --example lsp_latency -- [OPTIONS] -- SERVER_COMMAND [ARGS...]
//!
//! --mode latency|memory|startup   what to measure (default latency)
//! --file PATH                     the Python module to open
//! --edits N                       one-character edits in latency mode (default 200)
//! --warmup N                      edits before measuring (default 10)
//! --gap-ms MS                     pause between an answer and the next edit (default 20)
//! --docs N                        documents to open in memory mode (default 100)
//! --repeat N                      server starts in startup mode (default 10)
//! --init-options JSON             initializationOptions (default null)
//! --label NAME                    copied into the output
//! ```
//!
//! It prints one JSON object on stdout. Latency is measured from just before the
//! `didChange` frame is written to (a) the arrival of the first byte of the
//! `publishDiagnostics` frame for that version and (b) the moment that frame has been
//! read whole and parsed as JSON. The client announces utf-16 positions and push
//! diagnostics only (no `textDocument.diagnostic` capability), answers every request the
//! server sends with `null`, and types into the line holding `# bench-edit-here`:
//! even edits insert a character at its end, odd edits delete it again, so the text
//! (and the findings) stay the same.

#[path = "frames.rs"]
mod frames;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(120);

struct Options {
    mode: String,
    file: PathBuf,
    edits: usize,
    warmup: usize,
    gap: Duration,
    docs: usize,
    repeat: usize,
    init_options: Value,
    label: String,
    command: Vec<String>,
}

/// One frame from the server: when its first byte arrived, when it was parsed.
struct Frame {
    first_byte: Instant,
    parsed: Instant,
    len: usize,
    message: Value,
}

struct Session {
    child: Child,
    stdin: ChildStdin,
    frames: Receiver<Frame>,
    next_id: i64,
}

fn main() {
    let options = match parse_args(std::env::args().skip(1).collect()) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("lsp_latency: {message}");
            std::process::exit(2);
        }
    };
    let result = match options.mode.as_str() {
        "latency" => latency(&options),
        "memory" => memory(&options),
        "startup" => startup(&options),
        other => Err(format!("unknown mode {other}")),
    };
    match result {
        Ok(value) => println!("{value}"),
        Err(message) => {
            eprintln!("lsp_latency: {message}");
            std::process::exit(1);
        }
    }
}

fn parse_args(args: Vec<String>) -> Result<Options, String> {
    let mut options = Options {
        mode: "latency".into(),
        file: PathBuf::new(),
        edits: 200,
        warmup: 10,
        gap: Duration::from_millis(20),
        docs: 100,
        repeat: 10,
        init_options: Value::Null,
        label: String::new(),
        command: Vec::new(),
    };
    let mut iter = args.into_iter();
    while let Some(arg) = iter.next() {
        if arg == "--" {
            options.command = iter.collect();
            break;
        }
        let value = iter.next().ok_or(format!("{arg} needs a value"))?;
        let number = || value.parse::<usize>().map_err(|e| format!("{arg}: {e}"));
        match arg.as_str() {
            "--mode" => options.mode = value.clone(),
            "--file" => options.file = PathBuf::from(&value),
            "--edits" => options.edits = number()?,
            "--warmup" => options.warmup = number()?,
            "--gap-ms" => options.gap = Duration::from_millis(number()? as u64),
            "--docs" => options.docs = number()?,
            "--repeat" => options.repeat = number()?,
            "--init-options" => {
                options.init_options =
                    serde_json::from_str(&value).map_err(|e| format!("{arg}: {e}"))?
            }
            "--label" => options.label = value.clone(),
            _ => return Err(format!("unknown option {arg}")),
        }
    }
    if options.command.is_empty() {
        return Err("no server command after --".into());
    }
    if options.file.as_os_str().is_empty() {
        return Err("--file is required".into());
    }
    options.file = std::fs::canonicalize(&options.file)
        .map_err(|e| format!("{}: {e}", options.file.display()))?;
    Ok(options)
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Session {
    fn start(options: &Options, root: &Path) -> Result<(Session, Value), String> {
        let mut child = Command::new(&options.command[0])
            .args(&options.command[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", options.command[0]))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (sender, frames) = channel();
        std::thread::spawn(move || read_frames(stdout, sender));
        let mut session = Session {
            child,
            stdin,
            frames,
            next_id: 1,
        };
        let capabilities = json!({
            "general": { "positionEncodings": ["utf-16"] },
            "textDocument": {
                "synchronization": { "dynamicRegistration": false, "didSave": true },
                "publishDiagnostics": { "versionSupport": true, "relatedInformation": false },
            },
            "workspace": { "configuration": false, "workspaceFolders": true },
        });
        let id = session.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": uri_of(root),
                "workspaceFolders": [{ "uri": uri_of(root), "name": "bench" }],
                "capabilities": capabilities,
                "initializationOptions": options.init_options,
            }),
        )?;
        let reply =
            session.wait(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())?;
        session.notify("initialized", json!({}))?;
        Ok((session, reply.message))
    }

    fn send(&mut self, message: &Value) -> Result<Instant, String> {
        let body = serde_json::to_vec(message).map_err(|e| e.to_string())?;
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        let start = Instant::now();
        self.stdin
            .write_all(&frame)
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("write to server: {e}"))?;
        Ok(start)
    }

    fn request(&mut self, method: &str, params: Value) -> Result<i64, String> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))?;
        Ok(id)
    }

    fn notify(&mut self, method: &str, params: Value) -> Result<Instant, String> {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    /// Reads frames until one matches, answering the server's requests on the way.
    fn wait(&mut self, matches: impl Fn(&Value) -> bool) -> Result<Frame, String> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let frame = match self.frames.recv_timeout(left) {
                Ok(frame) => frame,
                Err(RecvTimeoutError::Timeout) => return Err("timed out waiting".into()),
                Err(RecvTimeoutError::Disconnected) => return Err("server closed stdout".into()),
            };
            if matches(&frame.message) {
                return Ok(frame);
            }
            let message = &frame.message;
            if let (Some(id), Some(method)) = (message.get("id"), message.get("method")) {
                let result = if method == "workspace/configuration" {
                    let count = message["params"]["items"].as_array().map_or(0, Vec::len);
                    Value::Array(vec![Value::Null; count])
                } else {
                    Value::Null
                };
                let id = id.clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}))?;
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Result<Instant, String> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "python", "version": 0, "text": text}}),
        )
    }

    fn diagnostics_for(&mut self, uri: &str, version: Option<i64>) -> Result<Frame, String> {
        self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && match (version, m["params"]["version"].as_i64()) {
                    (Some(want), Some(got)) => got == want,
                    _ => true,
                }
        })
    }

    fn rss_kib(&self) -> u64 {
        status_field(self.child.id(), "VmRSS:")
    }

    fn stop(mut self) -> u64 {
        let peak = status_field(self.child.id(), "VmHWM:");
        let stopped = self.request("shutdown", Value::Null).and_then(|id| {
            self.wait(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
        });
        if stopped.is_ok() {
            let _ = self.notify("exit", Value::Null);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return peak;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        peak
    }
}

fn status_field(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status.lines().find(|l| l.starts_with(field)).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kib| kib.parse::<u64>().ok())
            })
        })
        .unwrap_or(0)
}

/// Splits the server's stdout into frames, stamping each with the arrival time of the
/// read that brought its first byte.
fn read_frames(mut stdout: impl Read, sender: std::sync::mpsc::Sender<Frame>) {
    let mut buffer: Vec<u8> = Vec::with_capacity(1 << 20);
    let mut chunk = vec![0u8; 1 << 16];
    let mut frame_start: Option<Instant> = None;
    loop {
        let read = match stdout.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(read) => read,
        };
        let arrived = Instant::now();
        if buffer.is_empty() {
            frame_start = Some(arrived);
        }
        buffer.extend_from_slice(&chunk[..read]);
        while let Some(header_end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let Some(length) = frames::content_length(&buffer[..header_end]) else {
                return;
            };
            let body_start = header_end + 4;
            if buffer.len() < body_start + length {
                break;
            }
            let message: Value =
                match serde_json::from_slice(&buffer[body_start..body_start + length]) {
                    Ok(message) => message,
                    Err(_) => return,
                };
            let parsed = Instant::now();
            let frame = Frame {
                first_byte: frame_start.unwrap_or(arrived),
                parsed,
                len: body_start + length,
                message,
            };
            buffer.drain(..body_start + length);
            // Whatever is left came with the read just made.
            frame_start = Some(arrived);
            if sender.send(frame).is_err() {
                return;
            }
        }
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn percentiles(mut values: Vec<f64>) -> Value {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| {
        if values.is_empty() {
            return f64::NAN;
        }
        let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
        values[rank - 1]
    };
    json!({
        "n": values.len(),
        "min": at(0.0),
        "p50": at(0.50),
        "p90": at(0.90),
        "p99": at(0.99),
        "max": values.last().copied().unwrap_or(f64::NAN),
        "mean": values.iter().sum::<f64>() / values.len().max(1) as f64,
    })
}

fn diagnostics_count(frame: &Frame) -> usize {
    frame.message["params"]["diagnostics"]
        .as_array()
        .map_or(0, Vec::len)
}

fn root_of(options: &Options) -> PathBuf {
    options
        .file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"))
}

fn read_text(options: &Options) -> Result<String, String> {
    std::fs::read_to_string(&options.file).map_err(|e| format!("{}: {e}", options.file.display()))
}

fn latency(options: &Options) -> Result<Value, String> {
    let text = read_text(options)?;
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(index, line)| {
            line.contains("# bench-edit-here")
                .then(|| (index, line.encode_utf16().count()))
        })
        .ok_or("the file has no `# bench-edit-here` line")?;
    let uri = uri_of(&options.file);
    let (mut session, _) = Session::start(options, &root_of(options))?;
    let opened = session.open(&uri, &text)?;
    let first = session.diagnostics_for(&uri, Some(0))?;
    let open_ms = ms(first.parsed - opened);
    let open_count = diagnostics_count(&first);
    let mut to_first_byte = Vec::new();
    let mut to_parsed = Vec::new();
    let mut payload = 0;
    let mut count = 0;
    for edit in 0..options.warmup + options.edits {
        std::thread::sleep(options.gap);
        let version = edit as i64 + 1;
        let position = json!({"line": line, "character": column});
        let change = if edit % 2 == 0 {
            json!({"range": {"start": position, "end": position}, "text": "x"})
        } else {
            let end = json!({"line": line, "character": column + 1});
            json!({"range": {"start": position, "end": end}, "text": ""})
        };
        let written = session.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        )?;
        let frame = session.diagnostics_for(&uri, Some(version))?;
        if edit >= options.warmup {
            to_first_byte.push(ms(frame.first_byte - written));
            to_parsed.push(ms(frame.parsed - written));
        }
        payload = frame.len;
        count = diagnostics_count(&frame);
    }
    let peak_rss_kib = session.stop();
    Ok(json!({
        "label": options.label,
        "mode": "latency",
        "file": options.file,
        "file_bytes": text.len(),
        "file_lines": text.lines().count(),
        "diagnostics_on_open": open_count,
        "diagnostics_per_edit": count,
        "payload_bytes": payload,
        "open_to_diagnostics_ms": open_ms,
        "first_byte_ms": percentiles(to_first_byte),
        "parsed_ms": percentiles(to_parsed),
        "peak_rss_kib": peak_rss_kib,
    }))
}

fn memory(options: &Options) -> Result<Value, String> {
    let text = read_text(options)?;
    let root = root_of(options);
    let (mut session, _) = Session::start(options, &root)?;
    std::thread::sleep(Duration::from_millis(300));
    let before = session.rss_kib();
    let started = Instant::now();
    let mut text_bytes = 0;
    let mut findings = 0;
    for index in 0..options.docs {
        // Distinct texts, so nothing can be shared between documents.
        let doc_text = format!("# document {index}\n{text}");
        let uri = uri_of(&root.join(format!("bench_doc_{index}.py")));
        session.open(&uri, &doc_text)?;
        findings += diagnostics_count(&session.diagnostics_for(&uri, Some(0))?);
        text_bytes += doc_text.len();
    }
    let open_all_ms = ms(started.elapsed());
    std::thread::sleep(Duration::from_millis(300));
    let after = session.rss_kib();
    let peak_rss_kib = session.stop();
    let delta_kib = after.saturating_sub(before);
    Ok(json!({
        "label": options.label,
        "mode": "memory",
        "docs": options.docs,
        "text_bytes": text_bytes,
        "findings": findings,
        "rss_before_kib": before,
        "rss_after_kib": after,
        "rss_delta_kib": delta_kib,
        "rss_delta_minus_text_kib": delta_kib as i64 - (text_bytes / 1024) as i64,
        "open_all_ms": open_all_ms,
        "peak_rss_kib": peak_rss_kib,
    }))
}

fn startup(options: &Options) -> Result<Value, String> {
    let text = read_text(options)?;
    let uri = uri_of(&options.file);
    let mut from_spawn = Vec::new();
    let mut from_open = Vec::new();
    for _ in 0..options.repeat {
        let spawned = Instant::now();
        let (mut session, _) = Session::start(options, &root_of(options))?;
        let opened = session.open(&uri, &text)?;
        let frame = session.diagnostics_for(&uri, Some(0))?;
        from_spawn.push(ms(frame.parsed - spawned));
        from_open.push(ms(frame.parsed - opened));
        session.stop();
    }
    Ok(json!({
        "label": options.label,
        "mode": "startup",
        "file_lines": text.lines().count(),
        "spawn_to_diagnostics_ms": percentiles(from_spawn),
        "open_to_diagnostics_ms": percentiles(from_open),
    }))
}
