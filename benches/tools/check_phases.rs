//! Where the time of `flaskguard check` goes, phase by phase, over a tree of Python
//! files, on one thread (the checker runs the same steps per file in parallel).
//!
//! ```text
//! cargo run --release --example check_phases -- DIR
//! ```
//!
//! For every `.py` file under DIR: reading it, the file prefilter with the file hints
//! (`FileHints::if_may_have_findings`, one pass as in the checker), the chunk split,
//! the statement prefilter, the parse of what passes (the member prefilter's
//! selection), and the analysis. The split is timed alone and the later rows subtract
//! it (and the predicate), so no step is counted twice. Prints the totals in
//! milliseconds and how many files, statements and bytes reach each step.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use flaskguard::analysis::member_prefilter;
use flaskguard::analysis::statement_prefilter::{FileHints, statement_may_matter};
use flaskguard::analysis::{AnalysisOptions, analyze};
use flaskguard::document::{ParsedModule, Selection};

fn python_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            python_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: check_phases DIR");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    python_files(Path::new(&dir), &mut files);
    files.sort();
    let options = AnalysisOptions::default();
    let mut time = [Duration::ZERO; 6];
    let (mut bytes, mut passed_files, mut passed_bytes) = (0usize, 0usize, 0usize);
    let (mut chunks, mut kept_chunks, mut kept_bytes, mut findings) =
        (0usize, 0usize, 0usize, 0usize);
    let mut total_parsed = 0usize;
    let mut slowest: Vec<(Duration, usize, &Path)> = Vec::new();
    for path in &files {
        let started = Instant::now();
        let Ok(source) = std::fs::read_to_string(path) else {
            continue;
        };
        time[0] += started.elapsed();
        bytes += source.len();

        let started = Instant::now();
        let hints = FileHints::if_may_have_findings(&source, &options.rules);
        time[1] += started.elapsed();
        let Some(hints) = hints else {
            continue;
        };
        passed_files += 1;
        passed_bytes += source.len();

        // The split alone, then the split with the predicate, neither parsing.
        let started = Instant::now();
        let split = ParsedModule::parse_sparse(&source, |_| false);
        let split_time = started.elapsed();
        time[2] += split_time;
        chunks += split.chunk_count();
        let mut kept = Vec::new();
        let started = Instant::now();
        ParsedModule::parse_sparse(&source, |chunk| {
            let keep = statement_may_matter(chunk, &hints);
            if keep {
                kept.push(chunk.len());
            }
            false
        });
        let predicate_time = started.elapsed().saturating_sub(split_time);
        time[3] += predicate_time;
        kept_chunks += kept.len();
        kept_bytes += kept.iter().sum::<usize>();
        let mut parsed_bytes = kept.iter().sum::<usize>();

        let started = Instant::now();
        let parsed = ParsedModule::parse_selected(&source, |chunk| {
            let selection = member_prefilter::selection(chunk, &hints);
            if let Selection::Parts(parts) = &selection {
                let parsed: usize = parts.iter().map(|p| p.len()).sum();
                parsed_bytes -= chunk.len() - parsed;
            }
            selection
        });
        total_parsed += parsed_bytes;
        let parse_time = started
            .elapsed()
            .saturating_sub(split_time + predicate_time);
        time[4] += parse_time;

        let started = Instant::now();
        findings += analyze(&source, &parsed, Some(path), &options).len();
        let analysis = started.elapsed();
        time[5] += analysis;
        slowest.push((
            split_time + predicate_time + parse_time + analysis,
            source.len(),
            path,
        ));
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("{} files, {:.1} MB", files.len(), bytes as f64 / 1e6);
    println!(
        "file prefilter passes {passed_files} files, {:.1} MB; {chunks} statements in them, {kept_chunks} kept ({:.2} MB, {:.1} % of all bytes); {findings} findings",
        passed_bytes as f64 / 1e6,
        kept_bytes as f64 / 1e6,
        100.0 * kept_bytes as f64 / bytes.max(1) as f64
    );
    println!(
        "of the kept statements' bytes, {:.2} MB are parsed (the rest are statements of large classes that cannot matter)",
        total_parsed as f64 / 1e6
    );
    println!("| phase | ms (one thread) |\n|---|---:|");
    for (name, t) in [
        "read",
        "file prefilter and hints",
        "split",
        "statement prefilter",
        "parse of the kept statements",
        "analysis",
    ]
    .iter()
    .zip(time)
    {
        println!("| {name} | {:.1} |", ms(t));
    }
    slowest.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    println!("\nslowest files (split + prefilter + parse + analysis):");
    for (t, len, path) in slowest.iter().take(12) {
        println!("{:8.1} ms {:>9} bytes  {}", ms(*t), len, path.display());
    }
}
