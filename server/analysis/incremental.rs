//! Per-statement caching between edits of one open document (SPEC §6).
//!
//! Each top-level statement is identified by its kind, length and a 128-bit hash of its
//! text. For every statement the cache keeps the rules' raw findings relative to the
//! statement's start (so they can be shifted when text before it changes) and the
//! statement's contribution to the [`FileSummary`]. On each call only statements whose
//! text is new are re-analysed; everything is re-analysed when the merged summary, the
//! path facts or the rule settings change. The [`super::pipeline`] (severity
//! overrides, context, `# noqa`, selection, order) runs afterwards on the current text,
//! so a `# noqa` added on a line of another statement is honoured at once.
//!
//! Statements containing syntax errors are never reused: error recovery can parse the
//! same text differently depending on its surroundings.

use std::collections::HashMap;
use std::path::Path;

use tree_sitter::Node;

use super::statements::top_level_statements;
use super::{AnalysisOptions, FileInfo, FileSummary, RuleContext, StatementFacts, pipeline};
use crate::document::ParsedModule;
use crate::finding::Finding;
use crate::rules;

/// Keeps per-statement results between edits of one open document, so an edit
/// re-analyses only the statements it touched. Results equal [`super::analyze`] on the
/// same text.
#[derive(Debug, Default)]
pub struct IncrementalAnalysis {
    statements: Vec<CachedStatement>,
    /// `None` before the first call.
    file: Option<FileInfo>,
    /// The rule settings the cached findings were computed with (their `Debug` form).
    settings: String,
    summary: FileSummary,
    stats: ReuseStats,
    /// Set by the first [`IncrementalAnalysis::note_edit`]: the caller reports edits.
    tracking: bool,
    /// What changed in the text since the last call, when the caller reports its edits
    /// ([`IncrementalAnalysis::note_edit`]).
    window: Window,
}

/// The part of the text that may differ from the text of the last call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Window {
    /// Edits are not reported (or were not since the last call): anything may differ.
    #[default]
    Unknown,
    /// Bytes `..lo` are unchanged, and the old text from `old_hi` equals the new text
    /// from `new_hi`.
    Changed {
        lo: usize,
        old_hi: usize,
        new_hi: usize,
    },
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
struct CachedStatement {
    /// The statement's start byte in the text it was last seen in.
    start: usize,
    /// `None` for statements with syntax errors: never reused.
    key: Option<StatementKey>,
    /// The statement's summary contribution; `None` when it contributes nothing.
    facts: Option<Box<StatementFacts>>,
    /// Raw rule output, byte ranges relative to the statement's start.
    findings: Box<[Finding]>,
}

/// Identifies a statement's text and kind without keeping the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct StatementKey {
    hash: [u64; 2],
    len: u32,
    kind: u16,
}

impl StatementKey {
    fn of(stmt: Node<'_>, source: &str) -> Option<StatementKey> {
        if stmt.has_error() {
            return None;
        }
        let text = source.as_bytes().get(stmt.byte_range())?;
        Some(StatementKey {
            hash: hash_bytes(text),
            len: text.len() as u32,
            kind: stmt.kind_id(),
        })
    }
}

impl IncrementalAnalysis {
    pub fn new() -> IncrementalAnalysis {
        IncrementalAnalysis::default()
    }

    /// Reports that bytes `start..old_end` of the text were replaced by `new_len` bytes
    /// since the last call. When every edit is reported this way, statements outside the
    /// edited span are recognised by position instead of by hashing their text. A caller
    /// that reports no edits gets the same results, hashing every statement.
    pub fn note_edit(&mut self, start: usize, old_end: usize, new_len: usize) {
        self.window = match self.window {
            Window::Unknown => Window::Unknown,
            Window::Changed { lo, old_hi, new_hi } => {
                let old_end = old_end.max(start);
                // The current text from `kept` on survives the edit, shifted.
                let kept = old_end.max(new_hi);
                Window::Changed {
                    lo: lo.min(start),
                    old_hi: old_hi + (kept - new_hi),
                    new_hi: kept - (old_end - start) + new_len,
                }
            }
        };
        self.tracking = true;
    }

    /// Analyses `source` (parsed as `parsed`), reusing what earlier calls found for
    /// statements whose text did not change. Findings are sorted by position.
    pub fn analyze(
        &mut self,
        source: &str,
        parsed: &ParsedModule,
        path: Option<&Path>,
        options: &AnalysisOptions,
    ) -> Vec<Finding> {
        let file = FileInfo::for_path(path);
        let settings = format!("{:?}", options.rules);
        let statements = top_level_statements(parsed);
        let keys = self.keys(&statements, source);
        let matches = match_statements(&self.statements, &keys);

        let mut old = std::mem::take(&mut self.statements);
        let mut cache: Vec<CachedStatement> = Vec::with_capacity(statements.len());
        for ((stmt, key), matched) in statements.iter().zip(&keys).zip(&matches) {
            let entry = match matched {
                Some(index) => std::mem::take(&mut old[*index]),
                None => {
                    let facts = StatementFacts::of(*stmt, source);
                    CachedStatement {
                        start: stmt.start_byte(),
                        key: *key,
                        facts: (!facts.is_empty()).then(|| Box::new(facts)),
                        findings: Box::default(),
                    }
                }
            };
            cache.push(entry);
        }
        drop(old);

        let summary = FileSummary::merge(cache.iter().filter_map(|c| c.facts.as_deref()));
        let everything = self.file.as_ref() != Some(&file)
            || self.settings != settings
            || self.summary != summary;
        let cx = RuleContext::new(source, &file, &summary, &options.rules);

        let mut raw = Vec::new();
        let mut reanalysed = 0;
        for ((stmt, entry), matched) in statements.iter().zip(&mut cache).zip(&matches) {
            let start = stmt.start_byte();
            entry.start = start;
            if matched.is_some() && !everything {
                raw.extend(entry.findings.iter().map(|f| shifted(f, start as isize)));
                continue;
            }
            reanalysed += 1;
            let first = raw.len();
            rules::check_statement(*stmt, &cx.for_statement(*stmt), &mut raw);
            entry.findings = raw[first..]
                .iter()
                .map(|f| shifted(f, -(start as isize)))
                .collect();
        }

        self.stats = ReuseStats {
            statements: statements.len(),
            reanalysed,
        };
        self.statements = cache;
        self.file = Some(file);
        self.settings = settings;
        self.summary = summary;
        self.window = if self.tracking {
            let len = source.len();
            Window::Changed {
                lo: len,
                old_hi: len,
                new_hi: len,
            }
        } else {
            Window::Unknown
        };
        pipeline::finish(source, parsed, raw, options)
    }

    /// Each statement's key. Statements wholly outside the edited window keep the key of
    /// the old statement with the same (shifted) span and kind: their text is the same
    /// bytes. The others are hashed.
    fn keys(&self, statements: &[Node<'_>], source: &str) -> Vec<Option<StatementKey>> {
        let old = &self.statements;
        let unchanged = |stmt: Node<'_>, index: Option<usize>, delta: isize| {
            let cached = old.get(index?)?;
            let key = cached.key?;
            let range = stmt.byte_range();
            let same = !stmt.has_error()
                && cached.start as isize + delta == range.start as isize
                && key.len as usize == range.len()
                && key.kind == stmt.kind_id();
            same.then_some(key)
        };
        statements
            .iter()
            .enumerate()
            .map(|(index, stmt)| {
                let reused = match self.window {
                    Window::Changed { lo, old_hi, new_hi } => {
                        let range = stmt.byte_range();
                        if range.end <= lo {
                            unchanged(*stmt, Some(index), 0)
                        } else if range.start >= new_hi {
                            let from_end = statements.len() - index;
                            unchanged(
                                *stmt,
                                old.len().checked_sub(from_end),
                                new_hi as isize - old_hi as isize,
                            )
                        } else {
                            None
                        }
                    }
                    Window::Unknown => None,
                };
                reused.or_else(|| StatementKey::of(*stmt, source))
            })
            .collect()
    }

    /// What the last call re-analysed.
    pub fn last_stats(&self) -> ReuseStats {
        self.stats
    }
}

fn shifted(finding: &Finding, delta: isize) -> Finding {
    let mut finding = finding.clone();
    finding.shift(delta);
    finding
}

/// For each new statement, the index of an old statement with the same key. Matches the
/// common prefix and suffix in order, then looks the changed middle up by key.
fn match_statements(old: &[CachedStatement], new: &[Option<StatementKey>]) -> Vec<Option<usize>> {
    let same = |o: usize, n: usize| new[n].is_some() && old[o].key == new[n];
    let mut matches = vec![None; new.len()];
    let mut prefix = 0;
    while prefix < old.len() && prefix < new.len() && same(prefix, prefix) {
        matches[prefix] = Some(prefix);
        prefix += 1;
    }
    let mut suffix = 0;
    while suffix < old.len() - prefix
        && suffix < new.len() - prefix
        && same(old.len() - 1 - suffix, new.len() - 1 - suffix)
    {
        matches[new.len() - 1 - suffix] = Some(old.len() - 1 - suffix);
        suffix += 1;
    }
    let mut middle: HashMap<StatementKey, Vec<usize>> = HashMap::new();
    for (index, entry) in old
        .iter()
        .enumerate()
        .take(old.len() - suffix)
        .skip(prefix)
        .rev()
    {
        if let Some(key) = entry.key {
            middle.entry(key).or_default().push(index);
        }
    }
    for (slot, key) in matches
        .iter_mut()
        .zip(new)
        .take(new.len() - suffix)
        .skip(prefix)
    {
        if let Some(key) = key {
            *slot = middle.get_mut(key).and_then(Vec::pop);
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
