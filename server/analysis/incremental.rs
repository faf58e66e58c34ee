//! Per-chunk caching between edits of one open document (SPEC §6).
//!
//! The parse is a sequence of chunks (a top-level statement with the comments after
//! it, see [`crate::document::parse`]), each with an identity that stays while its text
//! is unchanged and it only moves. For every chunk the cache keeps what the user sees
//! of it — the rules' findings after the [`super::pipeline`] (severity overrides,
//! context, `# noqa`, selection), relative to the chunk's start — and the chunk's
//! contribution to the [`FileSummary`]. On each call chunks are matched by identity
//! (and, when identities do not match, after a reparse from scratch, by a 128-bit hash
//! of their text), and the rules run only on the new ones; everything is re-analysed
//! when the merged summary, the path facts or the settings change. An edit so costs
//! the rules on the chunks it touched plus a pass over compact per-chunk entries: no
//! other chunk's tree is touched.
//!
//! Reusing a chunk's final findings is exact because everything the pipeline reads
//! lies in the chunk: a finding's lines (for `# noqa`) are inside it when the finding
//! is, and chunks start and end at line starts. A chunk with a finding outside it is
//! analysed again on every call. Chunks with syntax errors are never matched by text
//! (error recovery can parse the same text differently depending on its surroundings);
//! by identity they are, since their tree is then the same tree. The blank lines at
//! the end of a chunk do not count in its text, so deleting a statement does not make
//! the one above it new.

use std::collections::HashMap;
use std::path::Path;

use tree_sitter::Node;

use super::summary::PackedFacts;
use super::{AnalysisOptions, FileInfo, FileSummary, RuleContext, StatementFacts, pipeline};
use crate::document::ParsedModule;
use crate::document::parse::ChunkInfo;
use crate::finding::Finding;
use crate::rules;

/// Keeps per-chunk results between edits of one open document, so an edit re-analyses
/// only the top-level statements it touched. Results equal [`super::analyze`] on the
/// same text.
#[derive(Debug, Default)]
pub struct IncrementalAnalysis {
    /// One entry per chunk of the module last analysed, in order.
    chunks: Vec<CachedChunk>,
    /// `None` before the first call.
    file: Option<FileInfo>,
    /// The settings the cached findings were computed with (the `Debug` form of the
    /// rule settings and the selection).
    settings: String,
    summary: FileSummary,
    /// How many entries are not reusable (re-analysed on every call).
    volatile: usize,
    stats: ReuseStats,
}

/// What the last [`IncrementalAnalysis::analyze`] call did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReuseStats {
    /// Top-level statements in the file.
    pub statements: usize,
    /// Statements the rules ran on (the rest reused cached findings).
    pub reanalysed: usize,
}

#[derive(Debug, Default)]
struct CachedChunk {
    /// The chunk's identity ([`ChunkInfo::id`]).
    id: u64,
    /// The hash of the chunk's text ([`ChunkKey`]), when it may be matched by text.
    key: ChunkKey,
    /// False for chunks with syntax errors: never matched by text.
    keyed: bool,
    /// False when a finding lies outside the chunk: analysed again on every call.
    reusable: bool,
    /// Its top-level statements.
    statements: u32,
    /// The chunk's summary contribution (empty when it contributes nothing).
    facts: PackedFacts,
    /// The findings after the pipeline, byte ranges relative to the chunk's start.
    findings: Box<[Finding]>,
}

/// Identifies a chunk's text without keeping the text: a 128-bit hash (of the bytes and
/// their length). Whitespace at the end of the chunk (the blank lines before the next
/// statement) does not count: it holds no statement and no finding, so a statement
/// whose blank lines change keeps its results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
struct ChunkKey([u64; 2]);

impl ChunkKey {
    fn of(chunk: &ChunkInfo, source: &str) -> Option<ChunkKey> {
        if chunk.has_error || !chunk.parsed {
            return None;
        }
        let text = source.as_bytes().get(chunk.start..chunk.end)?;
        Some(ChunkKey(hash_bytes(text.trim_ascii_end())))
    }
}

impl IncrementalAnalysis {
    pub fn new() -> IncrementalAnalysis {
        IncrementalAnalysis::default()
    }

    /// Analyses `source` (parsed as `parsed`), reusing what earlier calls found for
    /// chunks whose text did not change. Findings are sorted by position.
    pub fn analyze(
        &mut self,
        source: &str,
        parsed: &ParsedModule,
        path: Option<&Path>,
        options: &AnalysisOptions,
    ) -> Vec<Finding> {
        let file = FileInfo::for_path(path);
        let settings = format!("{:?} {:?}", options.rules, options.selection);
        let count = parsed.chunk_count();
        let id = |index: usize| parsed.chunk(index).map(|chunk| chunk.id);

        // The common prefix and suffix by identity; the middle is matched below.
        let mut cache = std::mem::take(&mut self.chunks);
        let old_len = cache.len();
        let mut prefix = 0;
        while prefix < old_len.min(count) && Some(cache[prefix].id) == id(prefix) {
            prefix += 1;
        }
        let mut suffix = 0;
        while suffix < (old_len - prefix).min(count - prefix)
            && Some(cache[old_len - 1 - suffix].id) == id(count - 1 - suffix)
        {
            suffix += 1;
        }
        let old_middle = prefix..old_len - suffix;
        let new_middle = prefix..count - suffix;
        let table: Vec<ChunkInfo> = new_middle.clone().filter_map(|i| parsed.chunk(i)).collect();
        let matches = match_middle(&cache[old_middle.clone()], &table, source);

        let mut middle: Vec<CachedChunk> = Vec::with_capacity(new_middle.len());
        let mut fresh = Vec::new();
        for (offset, matched) in matches.iter().enumerate() {
            let index = new_middle.start + offset;
            match matched {
                Some(old) => {
                    let mut entry = std::mem::take(&mut cache[old_middle.start + old]);
                    entry.id = table[offset].id;
                    middle.push(entry);
                }
                None => {
                    fresh.push(index);
                    middle.push(new_entry(parsed, index, &table[offset], source));
                }
            }
        }
        // What the middle's unmatched old entries contributed, against what the new ones
        // do: when they are the same, so is the merged summary.
        let removed: Vec<&PackedFacts> = cache[old_middle.clone()]
            .iter()
            .map(|entry| &entry.facts)
            .filter(|facts| !facts.is_empty())
            .collect();
        let added: Vec<&PackedFacts> = fresh
            .iter()
            .map(|&index| &middle[index - prefix].facts)
            .filter(|facts| !facts.is_empty())
            .collect();
        let same_facts = removed == added;
        drop((removed, added));
        // Grown by a little at a time: the cache lives as long as the document.
        let needed = count;
        if cache.capacity() < needed {
            cache.reserve_exact(needed - cache.len() + needed / 32);
        }
        cache.splice(old_middle, middle);

        let summary_changed = if same_facts && self.file.is_some() {
            false
        } else {
            let facts: Vec<StatementFacts> = cache
                .iter()
                .filter(|entry| !entry.facts.is_empty())
                .map(|entry| entry.facts.unpack())
                .collect();
            let summary = FileSummary::merge(&facts);
            let changed = summary != self.summary;
            self.summary = summary;
            changed
        };
        let everything =
            self.file.as_ref() != Some(&file) || self.settings != settings || summary_changed;

        let cx = RuleContext::new(source, &file, &self.summary, &options.rules);
        let mut reanalysed = 0;
        let mut statements = Vec::new();
        let mut rerun = |index: usize, entry: &mut CachedChunk| {
            let Some(chunk) = parsed.chunk(index) else {
                return;
            };
            statements.clear();
            parsed.chunk_statements(index, &mut statements);
            reanalysed += statements.len();
            let mut raw = Vec::new();
            for stmt in &statements {
                rules::check_statement(*stmt, &cx.for_statement(*stmt), &mut raw);
            }
            let findings = pipeline::finish(source, parsed, raw, options);
            entry.reusable = findings.iter().all(|f| inside(f, &chunk, source));
            let start = chunk.start as isize;
            entry.findings = findings
                .into_iter()
                .map(|mut finding| {
                    finding.shift(-start);
                    // Kept for as long as the chunk is unchanged: no spare capacity.
                    finding.message.shrink_to_fit();
                    finding.fixes.shrink_to_fit();
                    finding
                })
                .collect();
        };
        if everything || self.volatile > 0 {
            for (index, entry) in cache.iter_mut().enumerate() {
                let is_fresh = fresh.binary_search(&index).is_ok();
                if everything || is_fresh || !entry.reusable {
                    rerun(index, entry);
                }
            }
        } else {
            for &index in &fresh {
                rerun(index, &mut cache[index]);
            }
        }

        let (mut volatile, mut statements, mut total) = (0, 0, 0);
        for entry in &cache {
            volatile += usize::from(!entry.reusable);
            statements += entry.statements as usize;
            total += entry.findings.len();
        }
        self.volatile = volatile;
        self.stats = ReuseStats {
            statements,
            reanalysed,
        };
        let mut findings = Vec::with_capacity(total);
        for (chunk, entry) in parsed.chunks().zip(&cache) {
            findings.extend(
                entry
                    .findings
                    .iter()
                    .map(|f| shifted(f, chunk.start as isize)),
            );
        }
        let sorted = findings.is_sorted_by(|a, b| {
            (a.range.start, a.range.end, a.code) <= (b.range.start, b.range.end, b.code)
        });
        if !sorted {
            pipeline::sort_by_position(&mut findings);
        }
        self.chunks = cache;
        self.file = Some(file);
        self.settings = settings;
        findings
    }

    /// What the last call re-analysed.
    pub fn last_stats(&self) -> ReuseStats {
        self.stats
    }
}

/// The cache entry of a chunk seen for the first time: its key, statement count and
/// summary contribution; its findings are filled in by the rules.
fn new_entry(parsed: &ParsedModule, index: usize, chunk: &ChunkInfo, source: &str) -> CachedChunk {
    let mut statements: Vec<Node<'_>> = Vec::new();
    parsed.chunk_statements(index, &mut statements);
    let mut facts: Option<StatementFacts> = None;
    for stmt in &statements {
        let part = StatementFacts::of(*stmt, source);
        if part.is_empty() {
            continue;
        }
        match &mut facts {
            Some(facts) => facts.absorb(part),
            None => facts = Some(part),
        }
    }
    let key = ChunkKey::of(chunk, source);
    CachedChunk {
        id: chunk.id,
        key: key.unwrap_or_default(),
        keyed: key.is_some(),
        statements: statements.len() as u32,
        reusable: false,
        facts: facts.map_or_else(PackedFacts::default, |facts| PackedFacts::pack(&facts)),
        findings: Box::default(),
    }
}

/// True when everything the pipeline reads for `finding` lies in `chunk`: the finding,
/// and the lines it starts and ends on.
fn inside(finding: &Finding, chunk: &ChunkInfo, source: &str) -> bool {
    let bytes = source.as_bytes();
    let line_break = |at: usize| matches!(bytes.get(at), Some(b'\n' | b'\r'));
    let starts_line = chunk.start == 0 || line_break(chunk.start - 1);
    let ends_line = chunk.end == bytes.len() || line_break(chunk.end - 1);
    let last = finding.range.end.max(finding.range.start);
    starts_line
        && ends_line
        && finding.range.start >= chunk.start
        && (last < chunk.end || last == bytes.len())
}

fn shifted(finding: &Finding, delta: isize) -> Finding {
    let mut finding = finding.clone();
    finding.shift(delta);
    finding
}

/// For each new chunk of the changed middle, the index of an old entry of the middle
/// to reuse: the one with the same identity, else (after a reparse from scratch, or on
/// the first call) one with the same text, taken in order.
fn match_middle(old: &[CachedChunk], new: &[ChunkInfo], source: &str) -> Vec<Option<usize>> {
    let mut taken = vec![false; old.len()];
    let mut matches = vec![None; new.len()];
    if old.is_empty() || new.is_empty() {
        return matches;
    }
    let by_id: HashMap<u64, usize> = old
        .iter()
        .enumerate()
        .map(|(index, entry)| (entry.id, index))
        .collect();
    for (slot, chunk) in matches.iter_mut().zip(new) {
        if let Some(&index) = by_id.get(&chunk.id) {
            *slot = Some(index);
            taken[index] = true;
        }
    }
    let mut by_key: HashMap<ChunkKey, Vec<usize>> = HashMap::new();
    for (index, entry) in old.iter().enumerate().rev() {
        if let Some(key) = entry.keyed.then_some(entry.key)
            && !taken[index]
        {
            by_key.entry(key).or_default().push(index);
        }
    }
    if by_key.is_empty() {
        return matches;
    }
    for (slot, chunk) in matches.iter_mut().zip(new) {
        if slot.is_none()
            && let Some(key) = ChunkKey::of(chunk, source)
        {
            *slot = by_key.get_mut(&key).and_then(Vec::pop);
        }
    }
    matches
}

/// A fast 128-bit hash of a statement's text (two independent multiply-rotate lanes over
/// 8-byte words, then a finaliser). Not cryptographic: it only has to tell an edited
/// statement from its previous text.
fn hash_bytes(bytes: &[u8]) -> [u64; 2] {
    const K1: u64 = 0x9E37_79B9_7F4A_7C15;
    const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;
    let mut a: u64 = 0x243F_6A88_85A3_08D3;
    let mut b: u64 = 0x1319_8A2E_0370_7344;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        a = (a.rotate_left(5) ^ w).wrapping_mul(K1);
        b = (b ^ w).wrapping_mul(K2).rotate_left(31);
    }
    let mut tail = [0u8; 8];
    let rest = chunks.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    let w = u64::from_le_bytes(tail) ^ ((bytes.len() as u64) << 56);
    a = (a.rotate_left(5) ^ w).wrapping_mul(K1);
    b = (b ^ w).wrapping_mul(K2).rotate_left(31);
    [mix(a ^ bytes.len() as u64), mix(b.wrapping_add(a))]
}

/// MurmurHash3's 64-bit finaliser.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    x ^= x >> 33;
    x = x.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    x ^ (x >> 33)
}
