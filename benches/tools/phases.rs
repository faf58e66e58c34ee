//! Where the time of one editor keystroke goes inside flaskguard, phase by phase.
//!
//! ```text
//! cargo run --release --example phases -- FILE [EDITS]
//! ```
//!
//! Opens FILE as the server does (full parse, first analysis), then applies EDITS
//! one-character edits at the `# bench-edit-here` line (insert, then delete, alternating)
//! and times each phase the server runs for one `didChange`: applying the change (text,
//! line index, tree edit and incremental reparse), the incremental analysis (statement
//! hashing and matching, rules on changed statements, pipeline), the conversion to LSP
//! diagnostics and their JSON serialisation. For comparison it also times a full
//! parse, a from-scratch analysis, and the pipeline step alone. Prints a markdown table
//! of medians and 99th percentiles in milliseconds.

use std::time::Instant;

use flaskguard::analysis::{AnalysisOptions, IncrementalAnalysis, analyze, pipeline, statements};
use flaskguard::document::{Document, ParsedModule, PositionEncoding};
use flaskguard::lsp::diagnostics::to_diagnostic;
use tower_lsp_server::ls_types::{Position, Range};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: phases FILE [EDITS]");
        std::process::exit(2);
    };
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
    let mut convert = Vec::new();
    let mut serialise = Vec::new();
    let mut reanalysed = 0;
    let mut findings = 0;
    for edit in 0..edits {
        let at = Position::new(line, column);
        let started = Instant::now();
        if edit % 2 == 0 {
            document.apply_change(Some(Range::new(at, at)), "x", encoding);
        } else {
            let end = Position::new(line, column + 1);
            document.apply_change(Some(Range::new(at, end)), "", encoding);
        }
        change.push(ms(started));

        let started = Instant::now();
        let found = analysis.analyze(document.text(), document.parsed(), Some(file), &options);
        incremental.push(ms(started));
        reanalysed = analysis.last_stats().reanalysed;
        findings = found.len();

        let started = Instant::now();
        std::hint::black_box(statements::top_level_statements(document.parsed()).len());
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
    }

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
    let rows: [(&str, Vec<f64>); 8] = [
        ("full parse (didOpen)", full_parse),
        ("from-scratch analysis (didOpen)", full_analysis),
        (
            "apply didChange: text + line index + incremental reparse",
            change,
        ),
        (
            "incremental analysis (hash + match statements, rules, pipeline)",
            incremental,
        ),
        ("  of which: listing top-level statements", statement_list),
        ("  of which: pipeline (noqa, selection, sort)", finish),
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
