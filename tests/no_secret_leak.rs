//! No secret leaves the process: every output of `flaskguard check`, `rules`, `explain`
//! and the language server, run on `tests/fixtures/leaky/` (a Flask app holding a made-up
//! secret of every kind the rules know), shows no secret whole, and no
//! [`WINDOW`]-character run of one.

mod lsp_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use flaskguard::secrets::redact;
use lsp_support::{Editor, Offer, file_uri, range_of};
use serde_json::{Value, json};
use tempfile::TempDir;

/// `secrets::redact` keeps the first 4 and the last 2 characters of a secret of 12 or
/// more, and nothing of a shorter one; so no output shows more than 4 characters of a
/// secret in a row, and a 12-character run found in an output is a leak (with margin
/// against chance matches of short runs). `window_is_longer_than_what_redaction_keeps`
/// checks this against `redact` itself.
const WINDOW: usize = 12;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/leaky");
const CONFIGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/leaky-configs");

/// One secret of the fixture, from its `secrets.txt`.
#[derive(Debug, Clone)]
struct Secret {
    name: String,
    value: String,
    /// Still in the files after `--fix`: suppressed with `# noqa`, in test code, in a
    /// comment, or where no fix applies (a parameter default, a comparison, an f-string
    /// URL).
    kept_by_fix: bool,
}

fn secrets() -> Vec<Secret> {
    let text = std::fs::read_to_string(Path::new(FIXTURE).join("secrets.txt")).expect("manifest");
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let mut parts = line.split_whitespace();
            let name = parts.next().expect("name").to_string();
            let value = parts.next().expect("value").to_string();
            let kept_by_fix = parts.next() == Some("kept");
            Secret {
                name,
                value,
                kept_by_fix,
            }
        })
        .collect()
}

fn secret(name: &str) -> String {
    secrets()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no secret {name} in secrets.txt"))
        .value
}

/// Fails when `text` holds any secret's [`WINDOW`]-character run; names the output, the
/// secret and where.
fn assert_no_leak(output: &str, text: &str) {
    let mut leaks = Vec::new();
    for secret in secrets() {
        let chars: Vec<char> = secret.value.chars().collect();
        let leaked = chars
            .windows(WINDOW)
            .map(|w| w.iter().collect::<String>())
            .find(|w| text.contains(w.as_str()));
        if let Some(window) = leaked {
            let at = text.find(&window).unwrap_or_default();
            let context: String = text[at..].chars().take(WINDOW + 20).collect();
            let before: String = text[..at].chars().rev().take(60).collect();
            let before: String = before.chars().rev().collect();
            let shown = format!("{before}{context}").replace('\n', "⏎");
            leaks.push(format!("{} ({window}) in …{shown}…", secret.name));
        }
    }
    assert!(
        leaks.is_empty(),
        "{output} shows secrets:\n{}",
        leaks.join("\n")
    );
}

/// Every file of the fixture (not the manifest), relative to it.
fn fixture_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read fixture") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, base, out);
            } else if path.file_name() != Some("secrets.txt".as_ref()) {
                out.push(path.strip_prefix(base).expect("inside").to_path_buf());
            }
        }
    }
    let mut files = Vec::new();
    walk(Path::new(FIXTURE), Path::new(FIXTURE), &mut files);
    files.sort();
    files
}

/// A copy of the fixture app in a temp folder (so only its `tests/` is test code).
fn project() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in fixture_files() {
        let to = dir.path().join(&file);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(Path::new(FIXTURE).join(&file), to).expect("copy");
    }
    dir
}

/// Every file under `dir` and its text.
fn files_under(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text =
                    String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned();
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn flaskguard(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_flaskguard"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run flaskguard");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    let label = format!("flaskguard {}", args.join(" "));
    assert_no_leak(&format!("{label} (stdout)"), &run.stdout);
    assert_no_leak(&format!("{label} (stderr)"), &run.stderr);
    run
}

// ---------------------------------------------------------------------------------
// The fixture and the threshold

#[test]
fn window_is_longer_than_what_redaction_keeps() {
    for secret in secrets() {
        let shown = redact(&secret.value);
        let longest_run = shown.split('…').map(|part| part.chars().count()).max();
        assert!(longest_run < Some(WINDOW), "{} → {shown}", secret.name);
        assert!(!shown.contains(&secret.value));
    }
    assert_eq!(redact("FAKE7890abcd"), "FAKE…cd");
    assert_eq!(redact("FAKE7890abc"), "…");
}

#[test]
fn the_fixture_holds_every_kind_of_secret_once_per_name() {
    let secrets = secrets();
    assert!(secrets.len() >= 70, "{}", secrets.len());
    let mut texts: Vec<String> = fixture_files()
        .iter()
        .map(|f| std::fs::read_to_string(Path::new(FIXTURE).join(f)).expect("read"))
        .collect();
    for config in [
        "syntax.toml",
        "types.toml",
        "regex.toml",
        "baseline-broken.json",
    ] {
        texts.push(std::fs::read_to_string(Path::new(CONFIGS).join(config)).expect("config"));
    }
    for (i, secret) in secrets.iter().enumerate() {
        assert!(
            secret.value.contains("FAKE") || secret.value.contains("deadbeef"),
            "obviously fake: {}",
            secret.name
        );
        assert!(secret.value.chars().count() >= 15, "{}", secret.name);
        for other in &secrets[i + 1..] {
            let shares = secret
                .value
                .as_bytes()
                .windows(WINDOW)
                .any(|w| other.value.as_bytes().windows(WINDOW).any(|o| o == w));
            assert!(!shares, "{} and {} share a run", secret.name, other.name);
        }
        let used = texts.iter().any(|t| t.contains(&secret.value))
            || ["oversize_secret", "request_fail_secret"].contains(&secret.name.as_str());
        assert!(used, "{} is in no fixture file", secret.name);
    }
    // Every provider format of `secrets/providers.rs` is there.
    let provider_hits: Vec<&str> = secrets
        .iter()
        .flat_map(|s| flaskguard::secrets::providers::find_all(&s.value))
        .map(|m| m.provider)
        .collect();
    for provider in [
        "AWS",
        "GitHub",
        "GitLab",
        "Stripe",
        "Anthropic",
        "OpenAI",
        "Slack",
        "Google",
        "Twilio",
        "SendGrid",
        "Mailgun",
        "npm",
        "PyPI",
        "Hugging Face",
        "JWT",
    ] {
        assert!(provider_hits.contains(&provider), "{provider}");
    }
    let crlf = std::fs::read_to_string(Path::new(FIXTURE).join("app/settings.py")).expect("read");
    assert!(crlf.contains("\r\n") && !crlf.replace("\r\n", "").contains('\n'));
}

// ---------------------------------------------------------------------------------
// The checker

#[test]
fn check_output_formats_show_no_secret() {
    let dir = project();
    let mut counts = Vec::new();
    for format in ["text", "json", "github", "sarif"] {
        let run = flaskguard(dir.path(), &["check", "--format", format, "."]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        counts.push(run.stdout.lines().count());
    }
    // Something was reported in each: the check is not vacuous.
    assert!(counts.iter().all(|&n| n > 60), "{counts:?}");
    let json: Value =
        serde_json::from_str(&flaskguard(dir.path(), &["check", "--format", "json", "."]).stdout)
            .expect("json");
    let findings = json.as_array().expect("array");
    assert!(findings.len() >= 70, "{}", findings.len());
    // Messages show the secrets redacted (`FAKE…` style), not left out silently.
    assert!(
        findings
            .iter()
            .any(|f| f["message"].as_str().is_some_and(|m| m.contains('…'))),
        "{json}"
    );
}

#[test]
fn check_options_show_no_secret() {
    let dir = project();
    for args in [
        &["check", "--fail-on", "hint", "--fail-below", "A", "."][..],
        &["check", "--select", "FG1", "--ignore", "FG104", "."],
        &["check", "--max-file-size", "10", "."],
        &[
            "check",
            "--force-exclude",
            "app/__init__.py",
            "app/settings.py",
        ],
        &[
            "check",
            "--format",
            "sarif",
            "--select",
            "FG102",
            "tests/test_auth.py",
            "app",
        ],
    ] {
        let run = flaskguard(dir.path(), args);
        assert_ne!(run.code, 2, "{args:?}: {}", run.stderr);
    }
    let skipped = flaskguard(dir.path(), &["check", "--max-file-size", "10", "."]);
    assert!(
        skipped.stderr.contains("note: skipped"),
        "{}",
        skipped.stderr
    );
}

#[test]
fn broken_config_errors_show_no_secret() {
    for config in ["syntax.toml", "types.toml", "regex.toml"] {
        let dir = project();
        let text = std::fs::read_to_string(Path::new(CONFIGS).join(config)).expect("config");
        std::fs::write(dir.path().join("flaskguard.toml"), &text).expect("write");
        let run = flaskguard(dir.path(), &["check", "."]);
        assert_eq!(run.code, 2, "{config}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains("flaskguard.toml"), "{}", run.stderr);
        let explicit = flaskguard(
            Path::new(FIXTURE),
            &["check", "--config", &format!("{CONFIGS}/{config}"), "app"],
        );
        assert_eq!(explicit.code, 2, "{}", explicit.stderr);
    }
}

#[test]
fn diff_shows_no_secret_and_changes_nothing() {
    let dir = project();
    let before = files_under(dir.path());
    let run = flaskguard(dir.path(), &["check", "--diff", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("+SECRET_KEY = os.environ"),
        "{}",
        run.stdout
    );
    // Context lines still show where the hunk is, with the unfixed literals redacted.
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with(" STRIPE_SECRET = \"sk_l…") && l.ends_with("# noqa: FG102")),
        "{}",
        run.stdout
    );
    assert_eq!(files_under(dir.path()), before);
}

#[test]
fn fix_shows_no_secret_and_removes_the_fixed_ones_from_the_files() {
    let dir = project();
    let run = flaskguard(dir.path(), &["check", "--fix", "."]);
    assert!(run.stdout.contains("Fixed "), "{}", run.stdout);
    let files = files_under(dir.path());
    let all: String = files.iter().map(|(_, text)| text.as_str()).collect();
    for secret in secrets() {
        if secret.kept_by_fix {
            // Suppressed, test code, a comment, or no fix: the user still has it.
            assert!(all.contains(&secret.value), "{} was kept", secret.name);
        } else {
            assert!(
                !all.contains(&secret.value),
                "{} is still in a file",
                secret.name
            );
        }
    }
    // A second run reports what is left, still redacted.
    let again = flaskguard(dir.path(), &["check", "--fix", "--format", "json", "."]);
    assert_eq!(again.code, 1, "{}", again.stderr);
}

#[test]
fn baselines_hold_and_show_no_secret() {
    let dir = project();
    let run = flaskguard(
        dir.path(),
        &["check", "--write-baseline", "baseline.json", "."],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let baseline = std::fs::read_to_string(dir.path().join("baseline.json")).expect("baseline");
    assert_no_leak("baseline.json", &baseline);
    assert!(baseline.contains("\"fingerprint\""), "{baseline}");

    let all_known = flaskguard(dir.path(), &["check", "--baseline", "baseline.json", "."]);
    assert_eq!(all_known.code, 0, "{}", all_known.stdout);
    assert!(all_known.stdout.contains("recorded in the baseline"));

    // A baseline that is not one (a hand-edited file holding a secret) is an error that
    // does not quote it.
    let broken = format!("{CONFIGS}/baseline-broken.json");
    let run = flaskguard(dir.path(), &["check", "--baseline", &broken, "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("not a flaskguard baseline"),
        "{}",
        run.stderr
    );

    // A new secret next to the baselined one is reported, redacted.
    let new_secret = secret("baseline_secret").replace("FAKE", "FAKENEW");
    let reports = dir.path().join("app/reports.py");
    let text = std::fs::read_to_string(&reports).expect("read");
    std::fs::write(
        &reports,
        format!("{text}OTHER_API_KEY = \"{new_secret}\"\n"),
    )
    .expect("write");
    for format in ["text", "sarif"] {
        let run = flaskguard(
            dir.path(),
            &[
                "check",
                "--baseline",
                "baseline.json",
                "--format",
                format,
                ".",
            ],
        );
        assert_eq!(run.code, 1, "{}", run.stdout);
        assert!(
            !run.stdout.contains(&new_secret[..WINDOW]),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn rules_and_explain_show_no_secret() {
    let dir = project();
    let rules = flaskguard(dir.path(), &["rules"]);
    let codes: Vec<String> = rules
        .stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    assert!(codes.len() >= 16, "{codes:?}");
    for code in codes {
        let explain = flaskguard(dir.path(), &["explain", &code]);
        assert_eq!(explain.code, 0, "{code}");
    }
    let unknown = flaskguard(dir.path(), &["explain", "FG999"]);
    assert_eq!(unknown.code, 2);
}

// ---------------------------------------------------------------------------------
// Panics

#[test]
fn panic_messages_are_redacted_quoted_or_not() {
    use flaskguard::lsp::log::panic_message;
    for secret in secrets() {
        let value = &secret.value;
        for text in [
            format!("byte index 3 is not a char boundary of `{value}`"),
            format!("rule crashed on {value} at line 3"),
            format!("called `Option::unwrap()` on a `None` value: {value}, \"{value}\""),
            format!("unexpected token ({value})"),
        ] {
            let payload: Box<dyn std::any::Any + Send> = Box::new(text.clone());
            let shown = panic_message(payload.as_ref());
            assert_no_leak(&format!("panic_message({text:?})"), &shown);
            let payload: Box<dyn std::any::Any + Send> = Box::new(text.clone().leak() as &str);
            assert_no_leak("panic_message(&str)", &panic_message(payload.as_ref()));
        }
    }
    // What is not a secret stays readable.
    let payload: Box<dyn std::any::Any + Send> =
        Box::new("index out of bounds: the len is 3 but the index is 7".to_string());
    assert_eq!(
        panic_message(payload.as_ref()),
        "index out of bounds: the len is 3 but the index is 7"
    );
}

// ---------------------------------------------------------------------------------
// The language server

/// The fixture's Python files as `(uri, text)`, opened from a project copy.
fn python_files(root: &Path) -> Vec<(String, String)> {
    files_under(root)
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "py"))
        .map(|(path, text)| (file_uri(&path), text))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_server_shows_no_secret_in_any_message_log_or_trace() {
    let dir = project();
    let root = dir.path().canonicalize().expect("root");
    let mut editor = Editor::start_process_recorded(
        Offer::Utf16Only,
        json!({"docs-url": "https://docs.example.invalid/rules"}),
        Some(&root),
    )
    .await;
    editor
        .notify("$/setTrace", json!({"value": "verbose"}))
        .await;

    // Every file: diagnostics, hover on each finding, every code action there and
    // fix-all.
    let files = python_files(&root);
    let mut diagnostics_seen = 0;
    let mut actions_seen = 0;
    for (uri, text) in &files {
        editor.open(uri, 1, text).await;
        let diagnostics = editor.diagnostics(uri, Some(1)).await;
        diagnostics_seen += diagnostics.len();
        for diagnostic in &diagnostics {
            let hover = editor
                .request(
                    "textDocument/hover",
                    json!({"textDocument": {"uri": uri}, "position": diagnostic["range"]["start"]}),
                )
                .await
                .expect("hover succeeds");
            assert!(hover["contents"]["value"].as_str().is_some(), "{hover}");
            let actions = editor
                .code_actions(uri, diagnostic["range"].clone(), None)
                .await;
            actions_seen += actions.len();
        }
        let all =
            json!({"start": {"line": 0, "character": 0}, "end": {"line": 10_000, "character": 0}});
        editor
            .code_actions(uri, all, Some(json!(["source.fixAll.flaskguard"])))
            .await;
        editor
            .notify(
                "textDocument/didSave",
                json!({"textDocument": {"uri": uri}}),
            )
            .await;
    }
    assert!(diagnostics_seen >= 70, "{diagnostics_seen}");
    assert!(actions_seen >= 70, "{actions_seen}");

    // Edits that add a secret, a range outside the document, a version that goes back.
    let (uri, text) = files
        .iter()
        .find(|(uri, _)| uri.ends_with("app/reports.py"))
        .cloned()
        .expect("reports.py");
    let added = secret("request_fail_secret");
    editor
        .change(
            &uri,
            2,
            range_of(&text, "REPORTS_API_KEY", false),
            &format!("PAYMENT_TOKEN = \"{added}\"\nREPORTS_API_KEY"),
        )
        .await;
    let diagnostics = editor.diagnostics(&uri, Some(2)).await;
    assert!(diagnostics.len() >= 2, "{diagnostics:?}");
    editor
        .change(
            &uri,
            3,
            json!({"start": {"line": 900, "character": 4}, "end": {"line": 901, "character": 0}}),
            &format!("\nLATE_SECRET = \"{added}\"\n"),
        )
        .await;
    editor
        .change(
            &uri,
            2,
            json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}),
            "# x\n",
        )
        .await;
    editor.diagnostics(&uri, Some(2)).await;

    // Over the size limit: the document is skipped with a log line.
    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"flaskguard": {"max-file-size": 64}}}),
        )
        .await;
    editor.wait_for_log("max-file-size").await;

    // Invalid editor settings that quote a secret.
    let oversize = secret("oversize_secret");
    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"flaskguard": {"extra-secret-names": oversize, "allowed-values": 7}}}),
        )
        .await;
    editor.wait_for_log("invalid settings").await;
    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"flaskguard": {}}}),
        )
        .await;

    // A broken baseline file named in the settings.
    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"flaskguard": {"baseline": format!("{CONFIGS}/baseline-broken.json")}}}),
        )
        .await;
    editor.wait_for_log("not a flaskguard baseline").await;
    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"flaskguard": {}}}),
        )
        .await;

    // Broken config files that hold a secret: a TOML syntax error (whose message quotes
    // the line) and a value of the wrong type.
    for config in ["syntax.toml", "types.toml", "regex.toml"] {
        let body = std::fs::read_to_string(Path::new(CONFIGS).join(config)).expect("config");
        let file = root.join("flaskguard.toml");
        std::fs::write(&file, body).expect("write config");
        editor
            .notify(
                "workspace/didChangeWatchedFiles",
                json!({"changes": [{"uri": file_uri(&file), "type": 2}]}),
            )
            .await;
        let config_uri = file_uri(&file);
        editor
            .wait_for(move |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == json!(config_uri)
                    && m["params"]["diagnostics"]
                        .as_array()
                        .is_some_and(|d| !d.is_empty())
            })
            .await;
    }
    std::fs::remove_file(root.join("flaskguard.toml")).expect("remove config");

    // Requests that fail, with a secret in their parameters.
    let failing = secret("request_fail_secret");
    let bad_position = editor
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": failing}),
        )
        .await;
    assert!(bad_position.is_err(), "{bad_position:?}");
    let unknown = editor
        .request("flaskguard/doesNotExist", json!({"token": failing}))
        .await;
    assert!(unknown.is_err(), "{unknown:?}");
    let not_open = editor
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": format!("file:///nowhere/{failing}.py")},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}},
                "context": {"diagnostics": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "message": "x"}]}
            }),
        )
        .await;
    assert!(not_open.is_ok(), "{not_open:?}");
    editor
        .send_raw(&format!(
            "{{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": \"{failing}\""
        ))
        .await;
    // (A request id is echoed by the protocol; a method name or params are not.)
    editor
        .send_raw(&format!(
            "{{\"jsonrpc\": \"2.0\", \"id\": 98, \"method\": \"{failing}\", \"params\": {{\"key\": \"{failing}\"}}}}"
        ))
        .await;
    let params = json!({"textDocument": {"uri": uri, "version": failing}, "contentChanges": []});
    editor.notify("textDocument/didChange", params).await;
    editor
        .send_bytes(&format!("X-Secret: {failing}\r\n\r\n"))
        .await;
    // The server is still there, and closing clears.
    editor
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    editor.diagnostics(&uri, None).await;

    let transcript = editor.finish().await;
    assert!(!transcript.messages.is_empty());
    let logs: Vec<&String> = transcript
        .messages
        .iter()
        .filter(|m| m.contains("window/logMessage") || m.contains("$/logTrace"))
        .collect();
    assert!(logs.len() >= 3, "{logs:?}");
    for (i, message) in transcript.messages.iter().enumerate() {
        assert_no_leak(&format!("server message {i}"), message);
    }
    assert_no_leak("server stderr", &transcript.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_initialization_options_are_logged_without_their_values() {
    let dir = project();
    let root = dir.path().canonicalize().expect("root");
    for options in [
        json!({"extra-secret-names": secret("config_type_secret")}),
        json!({"allowed-values": [format!("{}([", secret("allowed_regex_secret"))]}),
    ] {
        let mut editor =
            Editor::start_process_recorded(Offer::Utf8, options.clone(), Some(&root)).await;
        let (uri, text) = python_files(&root).into_iter().next().expect("a file");
        editor.open(&uri, 1, &text).await;
        editor.diagnostics(&uri, Some(1)).await;
        editor.wait_for_log("invalid").await;
        let transcript = editor.finish().await;
        for message in &transcript.messages {
            assert_no_leak(&format!("server message with {options}"), message);
        }
        assert_no_leak("server stderr", &transcript.stderr);
    }
}
