//! `flaskguard check` on files that are not what a checker expects: not UTF-8, binary,
//! empty, one huge line, nested or indented past what Python accepts. Each is checked or
//! skipped with a note naming the file and the reason; the other files are still
//! checked; skipped files never change the exit status (`tests/cli.rs` covers the
//! basic not-UTF-8, NUL-byte and `--max-file-size` notes).

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

const SECRET: &str = "FAKE-secret-value-0123456789";

/// One hardcoded secret (FG101, an error): exit status 1 on its own.
const SECRET_ONLY: &str = "SECRET_KEY = \"FAKE-secret-value-0123456789\"\n";

fn project(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, bytes) in files {
        std::fs::write(dir.path().join(path), bytes).expect("write");
    }
    dir
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// `(path, line, column, code)` of each JSON finding.
    fn findings(&self) -> Vec<(String, u64, u64, String)> {
        let Ok(Value::Array(items)) = serde_json::from_str(&self.stdout) else {
            panic!("expected a JSON array on stdout, got {}", self.stdout);
        };
        items
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().unwrap_or_default().to_string(),
                    f["line"].as_u64().unwrap_or_default(),
                    f["column"].as_u64().unwrap_or_default(),
                    f["code"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    fn assert_note(&self, note: &str) {
        assert!(
            self.stderr.contains(note),
            "no {note:?} in:\n{}",
            self.stderr
        );
    }
}

/// `flaskguard check ARGS...` in `dir`; no output may show the secret whole, and the
/// process must exit normally (not abort on a signal).
fn check(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_flaskguard"))
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .expect("runs");
    let run = Run {
        code: output.status.code().unwrap_or_else(|| {
            panic!(
                "killed by a signal: {}",
                String::from_utf8_lossy(&output.stderr)
            )
        }),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stdout.contains(SECRET) && !run.stderr.contains(SECRET),
        "the secret is shown whole:\n{}\n{}",
        run.stdout,
        run.stderr
    );
    run
}

fn finding(path: &str, line: u64, column: u64, code: &str) -> (String, u64, u64, String) {
    (path.to_string(), line, column, code.to_string())
}

#[test]
fn files_that_cannot_be_read_as_python_are_skipped_without_failing_the_run() {
    // Invalid UTF-8 in the middle of a file with a secret, a compiled file renamed
    // `.py`, random high bytes, and an empty file.
    let mut pyc = b"\x55\x0d\x0d\x0a\x00\x00\x00\x00".to_vec();
    pyc.extend_from_slice(SECRET_ONLY.as_bytes());
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8 | 0x80)
        .collect();
    let mut broken = SECRET_ONLY.as_bytes().to_vec();
    broken.extend_from_slice(b"NAME = \"\xff\xfe\"\n");
    let dir = project(&[
        ("broken.py", &broken),
        ("compiled.py", &pyc),
        ("noise.py", &noise),
        ("empty.py", b""),
    ]);
    let run = check(dir.path(), &["--format", "json"]);
    assert_eq!(run.findings(), []);
    assert_eq!(run.code, 0, "skipped files are notes, not errors");
    run.assert_note("note: skipped broken.py: not UTF-8");
    run.assert_note("note: skipped compiled.py: binary file (contains a NUL byte)");
    run.assert_note("note: skipped noise.py: not UTF-8");
    assert!(!run.stderr.contains("empty.py"), "{}", run.stderr);

    // Beside a file with a finding, the status is that file's; `--fix` leaves the
    // skipped files byte for byte.
    std::fs::write(dir.path().join("app.py"), SECRET_ONLY).expect("write");
    let run = check(dir.path(), &["--format", "json"]);
    assert_eq!(run.findings(), [finding("app.py", 1, 14, "FG101")]);
    assert_eq!(run.code, 1);
    let run = check(dir.path(), &["--fix"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (name, bytes) in [
        ("broken.py", &broken),
        ("compiled.py", &pyc),
        ("noise.py", &noise),
    ] {
        assert_eq!(
            &std::fs::read(dir.path().join(name)).expect("read"),
            bytes,
            "{name}"
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("empty.py")).expect("read"),
        b""
    );
}

#[test]
fn a_byte_order_mark_does_not_shift_the_columns() {
    let mut with_bom = b"\xef\xbb\xbf".to_vec();
    with_bom.extend_from_slice(SECRET_ONLY.as_bytes());
    let dir = project(&[("bom.py", &with_bom)]);
    let run = check(dir.path(), &["--format", "json"]);
    assert_eq!(run.findings(), [finding("bom.py", 1, 14, "FG101")]);
}

#[test]
fn max_file_size_is_inclusive() {
    let text = format!("{SECRET_ONLY}{}", "# padding\n".repeat(100));
    let size = text.len().to_string();
    let below = (text.len() - 1).to_string();
    let dir = project(&[("app.py", text.as_bytes())]);
    let run = check(dir.path(), &["--format", "json", "--max-file-size", &size]);
    assert_eq!(run.findings(), [finding("app.py", 1, 14, "FG101")]);
    let run = check(dir.path(), &["--format", "json", "--max-file-size", &below]);
    assert_eq!(run.findings(), []);
    assert_eq!(run.code, 0);
    run.assert_note(&format!("note: skipped app.py: larger than {below} bytes"));
}

#[test]
fn a_5_mb_line_is_checked_to_its_end() {
    let padding = "a".repeat(5 << 20);
    let text = format!("PADDING = \"{padding}\"; {SECRET_ONLY}");
    let dir = project(&[("long.py", text.as_bytes())]);
    let run = check(dir.path(), &["--format", "json"]);
    let column = text.find("\"FAKE").expect("the secret") as u64 + 1;
    assert_eq!(run.findings(), [finding("long.py", 1, column, "FG101")]);
    assert_eq!(run.code, 1);
}

/// A view returning the app's configuration through `depth` nested calls (FG301).
fn nested_view(depth: usize) -> String {
    format!(
        "from flask import Flask\napp = Flask(__name__)\n\n@app.route(\"/\")\ndef view():\n    return {}app.config{}\n",
        "str(".repeat(depth),
        ")".repeat(depth)
    )
}

/// `levels` nested `if` blocks with a hardcoded secret at the bottom.
fn nested_blocks(levels: usize) -> String {
    let mut text: String = (0..levels)
        .map(|level| format!("{}if x:\n", " ".repeat(level)))
        .collect();
    text.push_str(&" ".repeat(levels));
    text.push_str(SECRET_ONLY);
    text
}

#[test]
fn deep_nesting_and_indentation_are_skipped_with_a_note_not_a_crash() {
    let brackets = format!(
        "SECRET_KEY = {}\"FAKE-secret-value-0123456789\"{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let dir = project(&[
        // 10,000 nested calls used to overflow the stack of a rule (an abort).
        ("calls.py", nested_view(10_000).as_bytes()),
        ("brackets.py", brackets.as_bytes()),
        // 1,000 indentation levels used to abort the parser (CPython allows 100).
        ("indented.py", nested_blocks(1000).as_bytes()),
        // Within the limits: checked as usual.
        ("view.py", nested_view(100).as_bytes()),
        ("blocks.py", nested_blocks(100).as_bytes()),
    ]);
    for format in ["json", "sarif"] {
        let run = check(dir.path(), &["--format", format]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        run.assert_note(
            "note: skipped calls.py: the code on line 6 is nested more than 500 levels deep",
        );
        run.assert_note(
            "note: skipped brackets.py: the code on line 1 is nested more than 500 levels deep",
        );
        run.assert_note(
            "note: skipped indented.py: its lines are indented at 1000 different depths",
        );
        if format == "json" {
            assert_eq!(
                run.findings(),
                [
                    finding("blocks.py", 101, 114, "FG101"),
                    finding("view.py", 6, 12, "FG301")
                ]
            );
        }
    }
    let run = check(dir.path(), &["--fix"]);
    assert_eq!(run.code, 1, "FG301 has no automatic fix: {}", run.stderr);
    assert!(
        std::fs::read_to_string(dir.path().join("blocks.py"))
            .expect("read")
            .contains("os.environ[\"SECRET_KEY\"]"),
        "the secret within the limits is fixed"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("calls.py")).expect("read"),
        nested_view(10_000)
    );
}
