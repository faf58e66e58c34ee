//! Memory stays bounded while one document is edited 100,000 times, the way the server
//! does it: `Document::apply_change` (text, line index, tree-sitter tree), then
//! `IncrementalAnalysis::note_edit` and `analyze`; and what the incremental analysis
//! keeps per open document stays small (SPEC §6: 100 open 10,000-line documents). A
//! counting global allocator measures the live bytes, tree-sitter's C allocations
//! included (routed through it with `tree_sitter::set_allocator`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::c_void;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Mutex, Once};

use flaskguard::analysis::{AnalysisOptions, IncrementalAnalysis};
use flaskguard::document::{Document, PositionEncoding};
use tower_lsp_server::ls_types::{Position, Range};

/// Bytes allocated and not yet freed, by Rust and (through [`ts_malloc`] ...) by tree-sitter.
static LIVE: AtomicI64 = AtomicI64::new(0);

/// The part of [`LIVE`] tree-sitter allocated.
static TREE_SITTER_LIVE: AtomicI64 = AtomicI64::new(0);

struct Counting;

// SAFETY: every call is forwarded to `System` with the caller's arguments.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            LIVE.fetch_add(layout.size() as i64, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            LIVE.fetch_add(layout.size() as i64, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size() as i64, Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            LIVE.fetch_add(new_size as i64 - layout.size() as i64, Ordering::Relaxed);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

// tree-sitter's C allocator on top of the Rust one: each block carries its size in a
// header (16 bytes, keeping malloc's alignment) so `free` and `realloc` know the layout.
const HEADER: usize = 16;

fn layout(size: usize) -> Layout {
    Layout::from_size_align(size + HEADER, HEADER).expect("a valid layout")
}

unsafe extern "C" fn ts_malloc(size: usize) -> *mut c_void {
    unsafe {
        let block = std::alloc::alloc(layout(size));
        assert!(!block.is_null(), "out of memory");
        TREE_SITTER_LIVE.fetch_add(size as i64, Ordering::Relaxed);
        block.cast::<usize>().write(size);
        block.add(HEADER).cast()
    }
}

unsafe extern "C" fn ts_calloc(count: usize, size: usize) -> *mut c_void {
    let size = count.checked_mul(size).expect("calloc size overflows");
    unsafe {
        let block = std::alloc::alloc_zeroed(layout(size));
        assert!(!block.is_null(), "out of memory");
        TREE_SITTER_LIVE.fetch_add(size as i64, Ordering::Relaxed);
        block.cast::<usize>().write(size);
        block.add(HEADER).cast()
    }
}

unsafe extern "C" fn ts_realloc(ptr: *mut c_void, size: usize) -> *mut c_void {
    if ptr.is_null() {
        return unsafe { ts_malloc(size) };
    }
    unsafe {
        let block = ptr.cast::<u8>().sub(HEADER);
        let old = block.cast::<usize>().read();
        let block = std::alloc::realloc(block, layout(old), size + HEADER);
        assert!(!block.is_null(), "out of memory");
        TREE_SITTER_LIVE.fetch_add(size as i64 - old as i64, Ordering::Relaxed);
        block.cast::<usize>().write(size);
        block.add(HEADER).cast()
    }
}

unsafe extern "C" fn ts_free(ptr: *mut c_void) {
    if ptr.is_null() {
        return;
    }
    unsafe {
        let block = ptr.cast::<u8>().sub(HEADER);
        let size = block.cast::<usize>().read();
        TREE_SITTER_LIVE.fetch_sub(size as i64, Ordering::Relaxed);
        std::alloc::dealloc(block, layout(size));
    }
}

fn live() -> i64 {
    LIVE.load(Ordering::Relaxed)
}

/// Routes tree-sitter's allocations through the counting allocator, before any
/// tree-sitter call of this process, and returns a guard: the tests measure one at a time.
fn counting() -> std::sync::MutexGuard<'static, ()> {
    static INSTALL: Once = Once::new();
    static SERIAL: Mutex<()> = Mutex::new(());
    INSTALL.call_once(|| {
        // SAFETY: every test calls this before its first tree-sitter call, and `Once`
        // makes the others wait until it is done; the four functions form one allocator
        // family with malloc's alignment.
        unsafe {
            tree_sitter::set_allocator(Some(tree_sitter::Allocator {
                malloc: ts_malloc,
                calloc: ts_calloc,
                realloc: ts_realloc,
                free: ts_free,
            }));
        }
    });
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The document as parts: `true` marks the comments and strings the edits touch, so
/// the module stays valid Python with its findings while the text changes.
const PARTS: [(bool, &str); 11] = [
    (false, "# "),
    (true, "notes about 秘 the app"),
    (
        false,
        "\nimport os\nfrom flask import Flask, jsonify\n\napp = Flask(__name__)\nNOTE = \"",
    ),
    (true, "draft é"),
    (
        false,
        "\"; SECRET_KEY = \"FAKE-secret-value-0123456789\"\napp.config[\"DEBUG\"] = True\n\n\n@app.route(\"/health\")\ndef health():\n    return jsonify(status=\"",
    ),
    (true, "ok 😀"),
    (
        false,
        "\")\n\n\n@app.route(\"/debug\")\ndef debug():\n    return jsonify(dict(os.environ))  # ",
    ),
    (true, "remove me"),
    (
        false,
        "\n\n\ndef helper(value):\n    token = os.environ.get(\"API_TOKEN\", \"",
    ),
    (true, "FAKE-fallback-token-value"),
    (
        false,
        "\")\n    return value + token\n\n\nif __name__ == \"__main__\":\n    app.run(debug=True)\n",
    ),
];

const TYPED: [char; 8] = ['a', 'Z', '0', ' ', '-', 'é', '秘', '😀'];

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// The UTF-16 position of byte `at` in `text`, counted by hand.
fn position(text: &str, at: usize) -> Position {
    let before = &text[..at];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[line_start..].chars().map(char::len_utf16).sum();
    Position::new(line as u32, character as u32)
}

/// One single-character edit inside an editable part: a deletion when the part has
/// grown past its first length, an insertion when it shrank below, else either. The
/// text size stays within a few bytes of where it started.
fn next_edit(
    parts: &mut [(bool, String)],
    first_lens: &[usize],
    rng: &mut Rng,
) -> (usize, usize, String) {
    let editable: Vec<usize> = (0..parts.len()).filter(|&i| parts[i].0).collect();
    let index = editable[rng.below(editable.len())];
    let base: usize = parts[..index].iter().map(|(_, text)| text.len()).sum();
    let text = &mut parts[index].1;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let target = first_lens[index];
    let delete = match chars.len() {
        0 => false,
        n if n > target + 2 => true,
        n if n + 2 < target => false,
        _ => rng.below(2) == 0,
    };
    let (start, end, insert) = if delete {
        let (at, c) = chars[rng.below(chars.len())];
        (at, at + c.len_utf8(), String::new())
    } else {
        let at = match rng.below(chars.len() + 1) {
            i if i == chars.len() => text.len(),
            i => chars[i].0,
        };
        (at, at, TYPED[rng.below(TYPED.len())].to_string())
    };
    text.replace_range(start..end, &insert);
    (base + start, base + end, insert)
}

#[test]
fn live_memory_after_100_000_edits_stays_where_it_was_after_1_000() {
    let _serial = counting();
    let mut parts: Vec<(bool, String)> = PARTS
        .iter()
        .map(|(editable, text)| (*editable, text.to_string()))
        .collect();
    let first_lens: Vec<usize> = parts.iter().map(|(_, text)| text.chars().count()).collect();
    let mut text: String = parts.iter().map(|(_, t)| t.as_str()).collect();
    let start_len = text.len();
    let path = std::path::Path::new("app.py");
    let options = AnalysisOptions::default();

    let before = live();
    let mut document = Document::new(text.clone(), 1);
    let mut analysis = IncrementalAnalysis::new();
    let first = analysis.analyze(document.text(), document.parsed(), Some(path), &options);
    let codes: Vec<String> = first.iter().map(|f| f.code.to_string()).collect();
    assert_eq!(
        codes,
        ["FG101", "FG202", "FG302", "FG104", "FG201"],
        "the document starts with findings"
    );
    drop(first);

    let mut rng = Rng(0x0dd_ba11_cafe);
    let mut samples = Vec::new();
    let mut after_1000 = 0;
    let mut peak = 0;
    let mut findings_seen = 0;
    for n in 1..=100_000_i32 {
        let (start, end, insert) = next_edit(&mut parts, &first_lens, &mut rng);
        let range = Range::new(position(&text, start), position(&text, end));
        text.replace_range(start..end, &insert);
        document.apply_change(Some(range), &insert, PositionEncoding::Utf16);
        document.set_version(n + 1);
        let findings = analysis.analyze(document.text(), document.parsed(), Some(path), &options);
        findings_seen += findings.len();
        drop(findings);
        if n % 10_000 == 0 || n == 1_000 {
            // The model and the document agree, so the edits are the ones intended.
            assert_eq!(document.text(), text, "after {n} edits");
            let bytes = live() - before;
            samples.push((n, bytes, text.len()));
            if n == 1_000 {
                after_1000 = bytes;
            }
        }
        peak = peak.max(live() - before);
    }
    let after_100_000 = live() - before;
    let tree_sitter = TREE_SITTER_LIVE.load(Ordering::Relaxed);
    eprintln!(
        "memory: text {start_len} -> {} bytes; live bytes held by the document and its analysis \
         after 1,000 edits {after_1000}, after 100,000 edits {after_100_000} (tree-sitter's \
         {tree_sitter}), peak {peak}; \
         samples (edits, live bytes, text bytes): {samples:?}; {findings_seen} findings returned",
        text.len()
    );
    assert!(
        (text.len() as i64 - start_len as i64).abs() <= 64,
        "the edits keep the text size roughly constant"
    );
    assert!(after_1000 > 0, "the document and its analysis are counted");
    assert!(
        tree_sitter > 4 * text.len() as i64,
        "the tree-sitter tree and parser are counted ({tree_sitter} bytes)"
    );
    // Growth per edit would show as megabytes here: 99,000 more edits may add at most
    // 16 KiB (the text and its tree vary by a few dozen bytes between samples).
    assert!(
        after_100_000 <= after_1000 + 16 * 1024,
        "live bytes grew from {after_1000} after 1,000 edits to {after_100_000} after 100,000"
    );
    for (n, bytes, _) in &samples {
        assert!(
            *bytes <= after_1000 + 16 * 1024,
            "{bytes} live bytes after {n} edits, {after_1000} after 1,000"
        );
    }
    drop(analysis);
    drop(document);
}

/// A Flask module of about `lines` lines built like `benches/gen_module.py` builds the
/// latency benchmark's: config classes, blueprints of views, auth decorators, helpers
/// and tables, with a hard-coded secret in every `secret_every`-th block.
fn flask_module(lines: usize, secret_every: usize) -> String {
    let mut text = String::from(
        "import hmac\nimport os\nfrom datetime import timedelta\nfrom functools import wraps\n\n\
         from flask import Blueprint, Flask, abort, jsonify, request\n\napp = Flask(__name__)\n",
    );
    let mut n = 0;
    while text.lines().count() < lines {
        let block = match n % 5 {
            0 => format!(
                "\nclass Config{n}:\n    DEBUG = False\n    SECRET_KEY = os.environ[\"SECRET_KEY\"]\n    \
                 PERMANENT_SESSION_LIFETIME = timedelta(hours={n})\n"
            ),
            1 => format!(
                "\nbp{n} = Blueprint(\"items{n}\", __name__)\n\n\n@bp{n}.route(\"/\")\n\
                 def list_items_{n}():\n    page = int(request.args.get(\"page\", 1))\n    \
                 return jsonify(page=page)\n\n\n@bp{n}.route(\"/<int:item_id>\")\n\
                 def item_{n}(item_id):\n    if item_id < 0:\n        abort(404)\n    \
                 return jsonify(id=item_id)\n"
            ),
            2 => format!(
                "\ndef require_token_{n}(view):\n    @wraps(view)\n    def wrapper(*args):\n        \
                 token = request.headers.get(\"Authorization\", \"\")\n        \
                 if not hmac.compare_digest(token.encode(), os.environ[\"API_TOKEN\"].encode()):\n            \
                 abort(403)\n        return view(*args)\n\n    return wrapper\n"
            ),
            3 => format!(
                "\ndef summarise_{n}(rows):\n    \"\"\"Group rows by status.\"\"\"\n    counts = {{}}\n    \
                 for row in rows:\n        status = row.get(\"status\", \"unknown\")\n        \
                 counts[status] = counts.get(status, 0) + 1\n    return counts\n"
            ),
            _ => format!(
                "\nSTATUS_LABELS_{n} = {{\n    \"new\": \"New\",\n    \"open\": \"Open\",\n}}\n"
            ),
        };
        text.push_str(&block);
        if n % secret_every == 0 {
            text.push_str(&format!(
                "\ndef payment_client_{n}():\n    return dict(api_token=\"FAKE-token-{n}-abcdef0123456789\")\n"
            ));
        }
        n += 1;
    }
    text.push_str("\nif __name__ == \"__main__\":\n    app.run(debug=True)\n");
    text
}

#[test]
fn the_analysis_of_a_10_000_line_module_keeps_under_0_4_mib() {
    let _serial = counting();
    let path = std::path::Path::new("app.py");
    let options = AnalysisOptions::default();
    for (lines, secret_every) in [(10_000, 60), (10_000, 2)] {
        let text = flask_module(lines, secret_every);
        let document = Document::new(text, 1);
        // Once, so what the rules build on first use (regexes, tables) is not counted.
        IncrementalAnalysis::new().analyze(
            document.text(),
            document.parsed(),
            Some(path),
            &options,
        );

        let before = live();
        let mut analysis = IncrementalAnalysis::new();
        let findings = analysis.analyze(document.text(), document.parsed(), Some(path), &options);
        let count = findings.len();
        drop(findings);
        let kept = live() - before;
        let statements = analysis.last_stats().statements;
        eprintln!(
            "analysis of {lines} lines, {statements} statements, {count} findings: keeps {kept} bytes \
             ({:.3} MiB)",
            kept as f64 / 1048576.0
        );
        assert!(count > lines / 1000, "the module has findings ({count})");
        assert!(
            kept < 400 * 1024,
            "the analysis of a {lines}-line module with {count} findings keeps {kept} bytes"
        );
        drop(analysis);
        drop(document);
    }
}
