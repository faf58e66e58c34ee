//! Where the time of one editor keystroke goes inside flaskguard, phase by phase.
//!
//! ```text
//! cargo run --release --example phases -- FILE [EDITS]
//! ```
//!
//! Opens FILE as the server does (full parse, first analysis), then applies EDITS
//! one-character edits at the `# bench-edit-here` line (insert, then delete, alternating)
//! and times each phase the server runs for one `didChange`: applying the change (text,
//! line index, re-split and reparse of the edited chunk), the incremental analysis
//! (matching chunks by identity, rules and pipeline on changed chunks), the conversion to LSP
//! diagnostics and their JSON serialisation. For comparison it also times a full
//! parse, a from-scratch analysis, and the pipeline step alone. Prints a markdown table
//! of medians and 99th percentiles in milliseconds.
//!
//! Then the protocol around those phases, for the same edits: decoding the `didChange`
//! frame as the server does (the transport's check, tower-lsp-server's untagged message
//! decode, the typed params), resolving the configuration, and encoding the
//! `publishDiagnostics` notification as tower-lsp-server does (params →
//! `serde_json::Value` → string → frame) and, for comparison, directly (params → bytes).
//! Last, the whole server in this process: `flaskguard::lsp::serve` over in-memory
//! pipes, driven by a client on the same thread, 20 ms between edits as
//! `lsp_latency` types, timed from writing each `didChange`
//! frame to the first byte and to the whole `publishDiagnostics` frame for that version.
//! Subtracting it from `lsp_latency`'s figures leaves what stdio, the kernel pipe, the
//! stdin reader thread and the scheduler add.
//!
//! `phases --serve-stdio` is a prototype of a leaner stdio front end for the same
//! server, to measure with `lsp_latency` next to `flaskguard server`: stdin is read as
//! a non-blocking pipe on the server's one thread (no reader thread to wake per
//! message), and each frame leaves in one `write(2)` (stdout without its line buffer,
//! which splits every frame after the header's `\r\n`).

#[path = "frames.rs"]
mod frames;

use std::time::Instant;

use flaskguard::analysis::{
    AnalysisOptions, IncrementalAnalysis, analyze, limits, pipeline, statements,
};
use flaskguard::document::{Document, ParsedModule, PositionEncoding};
use flaskguard::lsp::diagnostics::to_diagnostic;
use flaskguard::lsp::transport::{frame, rejection};
use flaskguard::lsp::workspace::Workspace;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    DidChangeTextDocumentParams, Position, PublishDiagnosticsParams, Range, Uri,
};

/// How tower-lsp-server decodes every incoming body (its `jsonrpc::Message`).
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Message {
    Response(jsonrpc::Response),
    Request(jsonrpc::Request),
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: phases FILE [EDITS] | phases --serve-stdio");
        std::process::exit(2);
    };
    if path == "--serve-stdio" {
        if let Err(message) = serve_stdio_direct() {
            eprintln!("phases --serve-stdio: {message}");
            std::process::exit(1);
        }
        return;
    }
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(200);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("phases: {path}: {error}");
            std::process::exit(1);
        }
    };
    let Some((line, column)) = text.lines().enumerate().find_map(|(index, line)| {
        line.contains("# bench-edit-here")
            .then(|| (index as u32, line.encode_utf16().count() as u32))
    }) else {
        eprintln!("phases: {path} has no `# bench-edit-here` line");
        std::process::exit(1);
    };
    let options = AnalysisOptions::default();
    let file = std::path::Path::new(&path);
    let encoding = PositionEncoding::Utf16;
    let memory = memory_per_document(&text, file, &options);

    let mut full_parse = Vec::new();
    let mut full_analysis = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let parsed = ParsedModule::parse(&text);
        full_parse.push(ms(started));
        let started = Instant::now();
        std::hint::black_box(analyze(&text, &parsed, Some(file), &options));
        full_analysis.push(ms(started));
    }

    let mut document = Document::new(text.clone(), 0);
    let mut analysis = IncrementalAnalysis::new();
    analysis.analyze(document.text(), document.parsed(), Some(file), &options);

    let mut change = Vec::new();
    let mut incremental = Vec::new();
    let mut statement_list = Vec::new();
    let mut finish = Vec::new();
    let mut nesting = Vec::new();
    let mut convert = Vec::new();
    let mut serialise = Vec::new();
    let mut decode = Vec::new();
    let mut configuration = Vec::new();
    let mut encode_tower = Vec::new();
    let mut encode_direct = Vec::new();
    let mut payload = 0;
    let mut reanalysed = 0;
    let mut findings = 0;
    let uri: Uri = format!("file://{}", absolute(file).display())
        .parse()
        .unwrap_or_else(|_| "file:///bench.py".parse().expect("a valid URI"));
    let workspace = Workspace::new();
    for edit in 0..edits {
        let body = did_change_body(&uri, edit, line, column);
        let started = Instant::now();
        std::hint::black_box(decode_like_the_server(&body));
        decode.push(ms(started));

        let at = Position::new(line, column);
        let started = Instant::now();
        if edit % 2 == 0 {
            document.apply_change(Some(Range::new(at, at)), "x", encoding);
        } else {
            let end = Position::new(line, column + 1);
            document.apply_change(Some(Range::new(at, end)), "", encoding);
        }
        change.push(ms(started));

        let (start, _, new_len) = document.last_edit();
        let started = Instant::now();
        std::hint::black_box(limits::nesting_in(
            document.parsed(),
            start..start + new_len,
        ));
        nesting.push(ms(started));

        let started = Instant::now();
        let (resolved, _) = workspace.resolve(Some(file));
        std::hint::black_box(resolved.options_for(Some(file)));
        configuration.push(ms(started));

        let started = Instant::now();
        let found = analysis.analyze(document.text(), document.parsed(), Some(file), &options);
        incremental.push(ms(started));
        reanalysed = analysis.last_stats().reanalysed;
        findings = found.len();

        let started = Instant::now();
        // What the engine lists on every edit: the chunk table, not the trees.
        std::hint::black_box(document.parsed().chunks().filter(|c| c.has_error).count());
        statement_list.push(ms(started));

        let started = Instant::now();
        std::hint::black_box(pipeline::finish(
            document.text(),
            document.parsed(),
            found.clone(),
            &options,
        ));
        finish.push(ms(started));

        let started = Instant::now();
        let diagnostics: Vec<_> = found
            .iter()
            .map(|f| to_diagnostic(f, document.text(), document.line_index(), encoding, None))
            .collect();
        convert.push(ms(started));

        let started = Instant::now();
        let json = serde_json::to_vec(&diagnostics).unwrap_or_default();
        std::hint::black_box(json.len());
        serialise.push(ms(started));

        let params = PublishDiagnosticsParams::new(uri.clone(), diagnostics, Some(edit as i32));
        let started = Instant::now();
        payload = encode_like_tower_lsp(params.clone()).len();
        encode_tower.push(ms(started));
        let started = Instant::now();
        std::hint::black_box(encode_directly(&params).len());
        encode_direct.push(ms(started));
    }
    let served = serve_in_process(&text, file, line, column, edits);

    println!(
        "{path}: {} bytes, {} top-level statements, {findings} findings, {reanalysed} statement(s) re-analysed per edit, {edits} edits\n",
        text.len(),
        statements::top_level_statements(document.parsed()).len()
    );
    println!(
        "Resident memory per open document (RSS growth over {MEMORY_DOCS} documents held in this process): \
         text {:.2} MiB; text + line index + tree {:.2} MiB; incremental-analysis cache {:.2} MiB\n",
        text.len() as f64 / 1048576.0,
        memory.0,
        memory.1
    );
    println!("| phase | p50 ms | p99 ms |");
    println!("|---|---:|---:|");
    let rows: [(&str, Vec<f64>); 9] = [
        ("full parse (didOpen)", full_parse),
        ("from-scratch analysis (didOpen)", full_analysis),
        (
            "apply didChange: text + line index + incremental reparse",
            change,
        ),
        (
            "incremental analysis (match chunks, rules + pipeline on changed ones)",
            incremental,
        ),
        (
            "  of which: listing the chunks (extent, identity, errors)",
            statement_list,
        ),
        (
            "pipeline on every finding (the engine runs it on changed chunks only)",
            finish,
        ),
        ("nesting limit near the edit (limits::nesting_in)", nesting),
        ("findings → LSP diagnostics", convert),
        ("diagnostics → JSON", serialise),
    ];
    for (name, values) in rows {
        println!(
            "| {name} | {:.3} | {:.3} |",
            pct(&values, 0.5),
            pct(&values, 0.99)
        );
    }
    println!("\nAround those phases, per edit (publishDiagnostics frame: {payload} bytes):\n");
    println!("| step | p50 ms | p99 ms |");
    println!("|---|---:|---:|");
    let mut rows: Vec<(&str, Vec<f64>)> = vec![
        (
            "decode the didChange frame (transport check, tower-lsp message, typed params)",
            decode,
        ),
        (
            "resolve the configuration (cached) + options",
            configuration,
        ),
        (
            "encode publishDiagnostics as tower-lsp does (params → Value → string → frame)",
            encode_tower,
        ),
        (
            "encode publishDiagnostics directly (params → bytes → frame), for comparison",
            encode_direct,
        ),
    ];
    match served {
        Ok((first_byte, whole)) => {
            rows.push((
                "whole server in-process (lsp::serve, in-memory pipes): didChange → first byte",
                first_byte,
            ));
            rows.push((
                "whole server in-process: didChange → whole publishDiagnostics frame",
                whole,
            ));
        }
        Err(message) => eprintln!("phases: in-process server: {message}"),
    }
    for (name, values) in rows {
        println!(
            "| {name} | {:.3} | {:.3} |",
            pct(&values, 0.5),
            pct(&values, 0.99)
        );
    }
}

/// `flaskguard::lsp::serve` on stdin/stdout without tokio's blocking stdin reader and
/// without stdout's line buffering (see the module comment).
fn serve_stdio_direct() -> Result<(), String> {
    use std::os::fd::AsFd;
    let input = std::io::stdin()
        .as_fd()
        .try_clone_to_owned()
        .map_err(|e| e.to_string())?;
    let output = std::io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let input = tokio::net::unix::pipe::Receiver::from_file(std::fs::File::from(input))
            .map_err(|e| format!("stdin is not a pipe: {e}"))?;
        let output = flaskguard::lsp::transport::BlockingWriter(std::fs::File::from(output));
        flaskguard::lsp::serve(input, output).await;
        Ok(())
    })
}

fn absolute(file: &std::path::Path) -> std::path::PathBuf {
    std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf())
}

/// The body of the `didChange` notification the latency driver sends for `edit`.
fn did_change_body(uri: &Uri, edit: usize, line: u32, column: u32) -> Vec<u8> {
    let start = json!({"line": line, "character": column});
    let change = if edit % 2 == 0 {
        json!({"range": {"start": start, "end": start}, "text": "x"})
    } else {
        let end = json!({"line": line, "character": column + 1});
        json!({"range": {"start": start, "end": end}, "text": ""})
    };
    let message = json!({
        "jsonrpc": "2.0",
        "method": "textDocument/didChange",
        "params": {
            "textDocument": {"uri": uri.as_str(), "version": edit + 1},
            "contentChanges": [change],
        },
    });
    serde_json::to_vec(&message).unwrap_or_default()
}

/// What the server does with an incoming body before the handler runs: the transport
/// checks that it decodes, re-frames it for tower-lsp-server, which decodes it as its
/// untagged `Message` and then the params into the handler's type.
fn decode_like_the_server(body: &[u8]) -> Option<DidChangeTextDocumentParams> {
    if rejection(body).is_some() {
        return None;
    }
    let framed = frame(body);
    let start = framed.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let Message::Request(request) = serde_json::from_slice(&framed[start..]).ok()? else {
        return None;
    };
    let (_, _, params) = request.into_parts();
    serde_json::from_value(params?).ok()
}

/// tower-lsp-server's `Client::publish_diagnostics`: the params become a
/// `serde_json::Value` inside a `Request`, which its codec turns into a string and a frame.
fn encode_like_tower_lsp(params: PublishDiagnosticsParams) -> Vec<u8> {
    let value = serde_json::to_value(params).unwrap_or(Value::Null);
    let request = jsonrpc::Request::build("textDocument/publishDiagnostics")
        .params(value)
        .finish();
    let text = serde_json::to_string(&request).unwrap_or_default();
    let mut out = format!("Content-Length: {}\r\n\r\n", text.len()).into_bytes();
    out.extend_from_slice(text.as_bytes());
    out
}

/// The same frame written straight from the typed params, without the `Value` tree.
fn encode_directly(params: &PublishDiagnosticsParams) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Notification<'a> {
        jsonrpc: &'static str,
        method: &'static str,
        params: &'a PublishDiagnosticsParams,
    }
    let body = serde_json::to_vec(&Notification {
        jsonrpc: "2.0",
        method: "textDocument/publishDiagnostics",
        params,
    })
    .unwrap_or_default();
    frame(&body)
}

/// One frame read by the in-process client, with when its first byte and its last
/// byte arrived.
struct Arrival {
    first_byte: Instant,
    whole: Instant,
    message: Value,
}

/// Runs `flaskguard::lsp::serve` on this thread over in-memory pipes and times the
/// same edits end to end: (first byte, whole frame) in ms per edit.
fn serve_in_process(
    text: &str,
    file: &std::path::Path,
    line: u32,
    column: u32,
    edits: usize,
) -> Result<(Vec<f64>, Vec<f64>), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, async {
        let (mut to_server, server_input) = tokio::io::duplex(1 << 20);
        let (server_output, from_server) = tokio::io::duplex(1 << 20);
        tokio::task::spawn_local(flaskguard::lsp::serve(server_input, server_output));
        let (arrivals, mut frames) = tokio::sync::mpsc::unbounded_channel();
        tokio::task::spawn_local(read_frames(from_server, arrivals));

        let path = absolute(file);
        let uri = format!("file://{}", path.display());
        let root = path
            .parent()
            .map(|p| format!("file://{}", p.display()))
            .unwrap_or_default();
        let send = |message: Value| frame(&serde_json::to_vec(&message).unwrap_or_default());
        to_server
            .write_all(&send(json!({
                "jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {
                    "processId": null, "rootUri": root,
                    "capabilities": {
                        "general": {"positionEncodings": ["utf-16"]},
                        "textDocument": {"publishDiagnostics": {"versionSupport": true}},
                        "workspace": {"configuration": false},
                    },
                },
            })))
            .await
            .map_err(|e| e.to_string())?;
        let mut next = async |want: &dyn Fn(&Value) -> bool,
                              to_server: &mut tokio::io::DuplexStream|
               -> Result<Arrival, String> {
            loop {
                let arrival = frames.recv().await.ok_or("the server stopped")?;
                if want(&arrival.message) {
                    return Ok(arrival);
                }
                if let (Some(id), Some(_)) =
                    (arrival.message.get("id"), arrival.message.get("method"))
                {
                    let reply = json!({"jsonrpc": "2.0", "id": id, "result": null});
                    to_server
                        .write_all(&send(reply))
                        .await
                        .map_err(|e| e.to_string())?;
                }
            }
        };
        next(&|m| m.get("id") == Some(&json!(1)), &mut to_server).await?;
        let notify = |method: &str, params: Value| {
            send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
        };
        to_server
            .write_all(&notify("initialized", json!({})))
            .await
            .map_err(|e| e.to_string())?;
        to_server
            .write_all(&notify(
                "textDocument/didOpen",
                json!({"textDocument": {"uri": uri, "languageId": "python", "version": 0, "text": text}}),
            ))
            .await
            .map_err(|e| e.to_string())?;
        let published = |version: usize| {
            let uri = uri.clone();
            move |m: &Value| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri.as_str()
                    && m["params"]["version"] == json!(version)
            }
        };
        next(&published(0), &mut to_server).await?;
        let parsed_uri: Uri = uri.parse().map_err(|_| "bad uri".to_string())?;
        let (mut first_byte, mut whole) = (Vec::new(), Vec::new());
        let warmup = 10;
        for edit in 0..warmup + edits {
            // 20 ms apart, as lsp_latency types: the caches cool down between edits.
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            let body = did_change_body(&parsed_uri, edit, line, column);
            let started = Instant::now();
            to_server
                .write_all(&frame(&body))
                .await
                .map_err(|e| e.to_string())?;
            let arrival = next(&published(edit + 1), &mut to_server).await?;
            if edit >= warmup {
                first_byte.push(ms_between(started, arrival.first_byte));
                whole.push(ms_between(started, arrival.whole));
            }
        }
        Ok((first_byte, whole))
    })
}

/// Splits the server's output into frames, stamping each with when the read that
/// brought its first byte returned, and when its last byte arrived.
async fn read_frames(
    mut from_server: tokio::io::DuplexStream,
    arrivals: tokio::sync::mpsc::UnboundedSender<Arrival>,
) {
    let mut buffer: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 1 << 16];
    let mut frame_start = None;
    loop {
        let read = match from_server.read(&mut chunk).await {
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
            let start = header_end + 4;
            if buffer.len() < start + length {
                break;
            }
            let Ok(message) = serde_json::from_slice(&buffer[start..start + length]) else {
                return;
            };
            buffer.drain(..start + length);
            let first_byte = frame_start.unwrap_or(arrived);
            frame_start = Some(arrived);
            let arrival = Arrival {
                first_byte,
                whole: arrived,
                message,
            };
            if arrivals.send(arrival).is_err() {
                return;
            }
        }
    }
}

fn ms_between(start: Instant, end: Instant) -> f64 {
    end.saturating_duration_since(start).as_secs_f64() * 1000.0
}

const MEMORY_DOCS: usize = 10;

/// Resident memory (MiB) each document adds: as a `Document` (text, line index, tree),
/// then for its `IncrementalAnalysis` cache, measured as RSS growth of this process.
fn memory_per_document(
    text: &str,
    file: &std::path::Path,
    options: &AnalysisOptions,
) -> (f64, f64) {
    let before = rss_kib();
    let documents: Vec<Document> = (0..MEMORY_DOCS)
        .map(|index| Document::new(format!("# document {index}\n{text}"), 0))
        .collect();
    let with_documents = rss_kib();
    let analyses: Vec<IncrementalAnalysis> = documents
        .iter()
        .map(|document| {
            let mut analysis = IncrementalAnalysis::new();
            analysis.analyze(document.text(), document.parsed(), Some(file), options);
            analysis
        })
        .collect();
    let with_analyses = rss_kib();
    std::hint::black_box((&documents, &analyses));
    let per = |kib: u64| kib as f64 / 1024.0 / MEMORY_DOCS as f64;
    (
        per(with_documents.saturating_sub(before)),
        per(with_analyses.saturating_sub(with_documents)),
    )
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmRSS:"))
                .and_then(|line| line.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

fn pct(values: &[f64], q: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}
