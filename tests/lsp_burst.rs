//! Ordering under load, against the real `flaskguard server` over stdio: a burst of
//! 10,000 single-character edits sent without waiting, with requests in between.

mod lsp_support;

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use flaskguard::analysis::{AnalysisOptions, analyze_source};
use lsp_support::{Editor, Offer, SECRET, file_uri, position};
use serde_json::{Value, json};

/// How many `didChange` notifications the burst sends.
const EDITS: usize = 10_000;

/// A request of each kind is sent after every this many edits.
const REQUEST_EVERY: usize = 250;

/// What a part of the file is, for the edits the burst makes to it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Never edited.
    Fixed,
    /// The inside of a comment or string: any of [`TYPED`] may be typed or deleted.
    Free,
    /// `passwore` / `passwor` / `password`: the last one makes the line an FG101.
    Name,
    /// `True` / `Tru`: the first makes `app.run(debug=...)` an FG201.
    Debug,
}

/// Characters typed into comments and strings: ASCII, 2- and 3-byte characters (one
/// UTF-16 unit) and an emoji (two UTF-16 units).
const TYPED: [char; 8] = ['a', 'Z', '0', ' ', '-', 'é', '秘', '😀'];

/// The file, as parts. The free parts start with text so the first edits can delete.
fn initial_parts() -> Vec<(Part, String)> {
    let parts = [
        (Part::Fixed, "# notes: "),
        (Part::Free, "first 秘 draft"),
        (
            Part::Fixed,
            "\nfrom flask import Flask\n\napp = Flask(__name__)\nNOTE = \"",
        ),
        (Part::Free, "todo é"),
        (
            Part::Fixed,
            "\"; SECRET_KEY = \"FAKE-secret-value-0123456789\"\n",
        ),
        (Part::Name, "passwore"),
        (
            Part::Fixed,
            " = \"FAKE-hunter-value-0123456789\"\n\n\n@app.route(\"/\")\ndef index():\n    return \"",
        ),
        (Part::Free, "hello 😀"),
        (
            Part::Fixed,
            "\"\n\n\nif __name__ == \"__main__\":\n    app.run(debug=",
        ),
        (Part::Debug, "True"),
        (Part::Fixed, ")  # "),
        (Part::Free, "local only"),
        (Part::Fixed, "\n"),
    ];
    parts
        .into_iter()
        .map(|(part, text)| (part, text.to_string()))
        .collect()
}

/// A small deterministic generator (xorshift), so a failure replays exactly.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// One single-character edit of the parts: bytes `start..end` of the text become `insert`.
struct Edit {
    start: usize,
    end: usize,
    insert: String,
}

/// Picks and applies the next edit to `parts`, returning it in text coordinates.
fn next_edit(parts: &mut [(Part, String)], rng: &mut Rng) -> Edit {
    let roll = rng.below(10);
    let wanted = match roll {
        0 => Part::Name,
        1 => Part::Debug,
        _ => Part::Free,
    };
    let candidates: Vec<usize> = (0..parts.len()).filter(|&i| parts[i].0 == wanted).collect();
    let index = candidates[rng.below(candidates.len())];
    let base: usize = parts[..index].iter().map(|(_, text)| text.len()).sum();
    let text = &mut parts[index].1;
    let (at, end, insert) = match wanted {
        Part::Name if text.len() == "passwore".len() => (text.len() - 1, text.len(), String::new()),
        Part::Name => {
            let typed = if rng.below(2) == 0 { "d" } else { "e" };
            (text.len(), text.len(), typed.to_string())
        }
        Part::Debug if text == "True" => (3, 4, String::new()),
        Part::Debug => (3, 3, "e".to_string()),
        _ => {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let delete = match chars.len() {
                0 => false,
                n if n >= 16 => true,
                _ => rng.below(2) == 0,
            };
            if delete {
                let (at, c) = chars[rng.below(chars.len())];
                (at, at + c.len_utf8(), String::new())
            } else {
                let at = match rng.below(chars.len() + 1) {
                    i if i == chars.len() => text.len(),
                    i => chars[i].0,
                };
                let typed = TYPED[rng.below(TYPED.len())];
                (at, at, typed.to_string())
            }
        }
    };
    text.replace_range(at..end, &insert);
    Edit {
        start: base + at,
        end: base + end,
        insert,
    }
}

fn joined(parts: &[(Part, String)]) -> String {
    parts.iter().map(|(_, text)| text.as_str()).collect()
}

/// `(code, start, end)` with UTF-16 positions, of diagnostics as published.
fn published(diagnostics: &[Value]) -> Vec<(String, Value, Value)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["range"]["start"].clone(),
                d["range"]["end"].clone(),
            )
        })
        .collect()
}

/// `(code, start, end)` of what the library finds in `text` as the file at `path`.
fn expected(path: &Path, text: &str) -> Vec<(String, Value, Value)> {
    analyze_source(text, Some(path), &AnalysisOptions::default())
        .into_iter()
        .map(|f| {
            (
                f.code.to_string(),
                position(text, f.range.start, false),
                position(text, f.range.end, false),
            )
        })
        .collect()
}

fn codes(findings: &[(String, Value, Value)]) -> Vec<&str> {
    findings.iter().map(|(code, _, _)| code.as_str()).collect()
}

/// The LSP range of `needle` in `text` (UTF-16), for requests.
fn range_in(text: &str, needle: &str) -> Value {
    let start = text.find(needle).expect("the needle is in the text");
    json!({"start": position(text, start, false), "end": position(text, start + needle.len(), false)})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_ten_thousand_edits_is_applied_in_order_and_every_publish_is_correct() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("app.py");
    let uri = file_uri(&path);
    let mut parts = initial_parts();
    let mut texts: Vec<String> = vec![String::new(), joined(&parts)];

    // The edits the burst makes do create and remove findings.
    let first = expected(&path, &texts[1]);
    assert_eq!(codes(&first), ["FG101", "FG201"]);
    let with_password = texts[1].replace("passwore", "password");
    assert_eq!(
        codes(&expected(&path, &with_password)),
        ["FG101", "FG101", "FG201"]
    );
    let without_debug = texts[1].replace("debug=True", "debug=Tru");
    assert_eq!(codes(&expected(&path, &without_debug)), ["FG101"]);

    let mut editor =
        Editor::start_process_with(Offer::Utf16Only, json!({}), Some(dir.path())).await;
    assert!(!editor.utf8, "the client offered UTF-16 only");
    editor.open(&uri, 1, &texts[1]).await;

    let started = Instant::now();
    let mut rng = Rng(0x5eed_f1a5_c0de);
    let mut requests: HashMap<i64, (&str, usize)> = HashMap::new();
    for n in 1..=EDITS {
        let version = n + 1;
        let text = &texts[version - 1];
        let edit = next_edit(&mut parts, &mut rng);
        let range = json!({
            "start": position(text, edit.start, false),
            "end": position(text, edit.end, false),
        });
        let mut next = text.clone();
        next.replace_range(edit.start..edit.end, &edit.insert);
        assert_eq!(next, joined(&parts));
        editor
            .change(&uri, version as i64, range, &edit.insert)
            .await;
        if n % REQUEST_EVERY == 0 {
            let hover = editor
                .send_request(
                    "textDocument/hover",
                    json!({"textDocument": {"uri": uri}, "position": range_in(&next, SECRET)["start"]}),
                )
                .await;
            requests.insert(hover, ("hover", version));
            let action = editor
                .send_request(
                    "textDocument/codeAction",
                    json!({
                        "textDocument": {"uri": uri},
                        "range": range_in(&next, SECRET),
                        "context": {"diagnostics": [], "only": ["quickfix"]}
                    }),
                )
                .await;
            requests.insert(action, ("codeAction", version));
        }
        texts.push(next);
    }
    let last = EDITS + 1;
    let final_text = texts[last].clone();
    let sent = started.elapsed();
    let shutdown = editor.send_request("shutdown", Value::Null).await;

    // Read everything up to the answer to `shutdown`.
    let mut received = 0;
    let mut versions_published = Vec::new();
    let mut answers: HashMap<i64, Value> = HashMap::new();
    let mut expected_cache: HashMap<usize, Vec<(String, Value, Value)>> = HashMap::new();
    loop {
        let message = editor.next_message().await;
        received += 1;
        if message["method"] == "textDocument/publishDiagnostics" {
            assert_eq!(message["params"]["uri"], json!(uri));
            let version = message["params"]["version"]
                .as_u64()
                .expect("diagnostics name their version") as usize;
            assert!(
                versions_published.last().is_none_or(|&v| v < version),
                "version {version} published after {versions_published:?}"
            );
            versions_published.push(version);
            let diagnostics = message["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let want = expected_cache
                .entry(version)
                .or_insert_with(|| expected(&path, &texts[version]));
            assert_eq!(
                published(&diagnostics),
                *want,
                "diagnostics of version {version} for {:?}",
                texts[version]
            );
        } else if message.get("method").is_none() {
            let id = message["id"].as_i64().expect("a response has an id");
            if id == shutdown {
                assert_eq!(message.get("error"), None, "shutdown is answered");
                assert_eq!(message["result"], Value::Null);
                break;
            }
            answers.insert(id, message);
        }
    }
    let drained = started.elapsed();

    assert_eq!(
        versions_published.last(),
        Some(&last),
        "the last version is published before the answer to shutdown"
    );
    for (id, (method, version)) in &requests {
        let answer = answers
            .get(id)
            .unwrap_or_else(|| panic!("{method} sent at version {version} is answered"));
        assert_eq!(answer.get("error"), None, "{method} at version {version}");
    }
    assert_eq!(answers.len(), requests.len());

    // The requests sent after the last edit see exactly the final text.
    let (final_hover, final_action) = {
        let mut ids: Vec<_> = requests.keys().copied().collect();
        ids.sort();
        (ids[ids.len() - 2], ids[ids.len() - 1])
    };
    assert_eq!(requests[&final_action].1, last);
    assert_eq!(
        answers[&final_hover]["result"]["range"],
        range_in(&final_text, SECRET),
        "hover covers the secret in the final text"
    );
    let actions = answers[&final_action]["result"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let suppress = actions
        .iter()
        .find(|a| a["title"] == "Suppress FG101 on this line")
        .unwrap_or_else(|| panic!("a suppression among {actions:#?}"));
    let change = &suppress["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"]["version"], json!(last));
    let line_end = final_text[final_text.find(SECRET).expect("the secret")..]
        .find('\n')
        .expect("the line ends")
        + final_text.find(SECRET).expect("the secret");
    assert_eq!(
        change["edits"][0]["range"]["start"],
        position(&final_text, line_end, false),
        "the suppression goes at the end of the secret's line in the final text"
    );

    editor.exit().await;
    eprintln!(
        "burst: {EDITS} edits and {} requests sent in {sent:?}; {received} messages received \
         by the shutdown answer after {drained:?}; {} versions published ({} distinct diagnostics sets checked); \
         final text {} bytes",
        requests.len(),
        versions_published.len(),
        expected_cache.len(),
        final_text.len(),
    );
}

#[tokio::test]
async fn a_cancelled_request_is_answered_or_cancelled_and_the_server_keeps_working() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let uri = file_uri(&dir.path().join("app.py"));
    let text = joined(&initial_parts());
    let mut editor =
        Editor::start_process_with(Offer::Utf16Only, json!({}), Some(dir.path())).await;
    editor.open(&uri, 1, &text).await;
    let secret = range_in(&text, SECRET);

    let mut cancelled = Vec::new();
    for round in 0..20 {
        let id = editor
            .send_request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": uri}, "range": secret, "context": {"diagnostics": []}}),
            )
            .await;
        if round % 2 == 0 {
            // Cancel at once, before the server could have started.
            editor.notify("$/cancelRequest", json!({"id": id})).await;
        } else {
            // Cancel after more work was queued behind it.
            let hover = editor
                .send_request(
                    "textDocument/hover",
                    json!({"textDocument": {"uri": uri}, "position": secret["start"]}),
                )
                .await;
            editor.notify("$/cancelRequest", json!({"id": id})).await;
            cancelled.push(hover);
        }
        cancelled.push(id);
    }
    editor
        .notify("$/cancelRequest", json!({"id": 987_654}))
        .await;
    editor
        .notify("$/cancelRequest", json!({"id": "no-such-request"}))
        .await;

    let (mut answered, mut refused) = (0, 0);
    for id in cancelled {
        let answer = editor
            .wait_for(|m| m.get("method").is_none() && m["id"] == json!(id))
            .await;
        match answer.get("error") {
            Some(error) => {
                assert_eq!(error["code"], -32800, "RequestCancelled: {answer}");
                refused += 1;
            }
            None => {
                assert!(answer.get("result").is_some(), "{answer}");
                answered += 1;
            }
        }
    }
    eprintln!("cancellation: {answered} answered, {refused} answered RequestCancelled");

    // Still serving: an edit is published and a request answered.
    let start = text.find("passwore").expect("the name") + "passwor".len();
    let at = position(&text, start, false);
    editor
        .change(
            &uri,
            2,
            json!({"start": at, "end": position(&text, start + 1, false)}),
            "d",
        )
        .await;
    let diagnostics = editor.diagnostics(&uri, Some(2)).await;
    let after = text.replace("passwore", "password");
    assert_eq!(
        published(&diagnostics),
        expected(&dir.path().join("app.py"), &after)
    );
    let hover = editor
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": secret["start"]}),
        )
        .await
        .expect("hover is answered");
    assert_eq!(hover["range"], range_in(&after, SECRET));
    editor.shut_down().await;
}

#[tokio::test]
async fn shutdown_right_after_edits_is_answered_after_the_last_version_is_published() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("app.py");
    let uri = file_uri(&path);
    let mut parts = initial_parts();
    let mut text = joined(&parts);
    let mut editor =
        Editor::start_process_with(Offer::Utf16Only, json!({}), Some(dir.path())).await;
    editor.open(&uri, 1, &text).await;
    let mut rng = Rng(0xabad_1dea);
    for version in 2..=200 {
        let edit = next_edit(&mut parts, &mut rng);
        let range = json!({
            "start": position(&text, edit.start, false),
            "end": position(&text, edit.end, false),
        });
        text.replace_range(edit.start..edit.end, &edit.insert);
        editor.change(&uri, version, range, &edit.insert).await;
    }
    let shutdown = editor.send_request("shutdown", Value::Null).await;
    let mut last = None;
    loop {
        let message = editor.next_message().await;
        if message["method"] == "textDocument/publishDiagnostics" {
            last = Some(message["params"].clone());
        } else if message.get("method").is_none() && message["id"] == json!(shutdown) {
            break;
        }
    }
    let last = last.expect("diagnostics were published");
    assert_eq!(
        last["version"], 200,
        "the last version is published before shutdown's answer"
    );
    let diagnostics = last["diagnostics"].as_array().cloned().unwrap_or_default();
    assert_eq!(published(&diagnostics), expected(&path, &text));
    editor.exit().await;
}
