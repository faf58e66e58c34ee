//! The publisher writes `publishDiagnostics` frames itself, straight from the findings
//! (`PublishFrame`). These tests hold it to what tower-lsp-server's typed path wrote
//! before: `to_diagnostic` per finding, `PublishDiagnosticsParams` →
//! `serde_json::Value` → string → frame. The editor must see the same bytes.

use flaskguard::analysis::{AnalysisOptions, analyze_source};
use flaskguard::document::{Document, PositionEncoding};
use flaskguard::lsp::diagnostics::{
    PublishFrame, config_diagnostic, failure_diagnostic, skip_diagnostic, to_diagnostic,
};
use serde_json::Value;
use tower_lsp_server::jsonrpc::Request;
use tower_lsp_server::ls_types::{Diagnostic, PublishDiagnosticsParams, Uri};

/// Three findings with fixes (FG101 twice, FG201), non-ASCII text before them on their
/// lines (utf-8 and utf-16 columns differ), and a message with quotes and `…`.
const APP: &str = r#"from flask import Flask

app = Flask(__name__)
naïve = "ünïcødé"; SECRET_KEY = "FAKE-secret-value-0123456789"
API_TOKEN = "FAKE\"quoted\\token-0123456789abcdef"

if __name__ == "__main__":
    app.run(debug=True)
"#;

/// Everything the publisher can put in one notification.
struct Published<'a> {
    skip_notice: Option<&'a str>,
    failure: Option<&'a str>,
    docs_url: Option<&'a str>,
    version: Option<i32>,
}

const PLAIN: Published = Published {
    skip_notice: None,
    failure: None,
    docs_url: None,
    version: Some(7),
};

/// The frame tower-lsp-server's `Client::publish_diagnostics` wrote for the same
/// diagnostics: the typed diagnostics, the params as a `Value`, the request as a string.
fn typed_frame(uri: &Uri, source: &str, encoding: PositionEncoding, p: &Published) -> Vec<u8> {
    let document = Document::new(source.to_string(), 0);
    let findings = analyze_source(source, None, &AnalysisOptions::default());
    let mut diagnostics: Vec<Diagnostic> = p
        .skip_notice
        .map(|notice| skip_diagnostic(&document, notice, encoding))
        .into_iter()
        .collect();
    diagnostics.extend(findings.iter().map(|finding| {
        to_diagnostic(
            finding,
            document.text(),
            document.line_index(),
            encoding,
            p.docs_url,
        )
    }));
    diagnostics.extend(p.failure.map(failure_diagnostic));
    let params = PublishDiagnosticsParams::new(uri.clone(), diagnostics, p.version);
    let request = Request::build("textDocument/publishDiagnostics")
        .params(serde_json::to_value(params).expect("params"))
        .finish();
    let body = serde_json::to_string(&request).expect("request");
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// The frame the publisher writes now.
fn direct_frame(uri: &Uri, source: &str, encoding: PositionEncoding, p: &Published) -> Vec<u8> {
    let document = Document::new(source.to_string(), 0);
    let findings = analyze_source(source, None, &AnalysisOptions::default());
    let mut frame = PublishFrame::new(uri, findings.len());
    if let Some(notice) = p.skip_notice {
        frame.push(&skip_diagnostic(&document, notice, encoding));
    }
    for finding in &findings {
        frame.push_finding(
            finding,
            document.text(),
            document.line_index(),
            encoding,
            p.docs_url,
        );
    }
    if let Some(panic) = p.failure {
        frame.push(&failure_diagnostic(panic));
    }
    frame.finish(p.version)
}

/// Both encodings of `source`: identical bytes, and a well-formed frame whose body is
/// a JSON-RPC notification. Returns the parsed body.
fn check(source: &str, encoding: PositionEncoding, published: &Published) -> Value {
    let uri: Uri = "file:///work/app%20dir/app.py".parse().expect("uri");
    let typed = typed_frame(&uri, source, encoding, published);
    let direct = direct_frame(&uri, source, encoding, published);
    let (typed_text, direct_text) = (
        String::from_utf8(typed).expect("utf-8"),
        String::from_utf8(direct).expect("utf-8"),
    );
    assert_eq!(direct_text, typed_text);
    let (header, body) = direct_text.split_once("\r\n\r\n").expect("a header");
    assert_eq!(header, format!("Content-Length: {}", body.len()));
    let message: Value = serde_json::from_str(body).expect("JSON");
    assert_eq!(message["jsonrpc"], "2.0");
    assert_eq!(message["method"], "textDocument/publishDiagnostics");
    assert!(message.get("id").is_none(), "a notification has no id");
    assert_eq!(message["params"]["uri"], uri.as_str());
    message
}

fn diagnostics(message: &Value) -> &[Value] {
    message["params"]["diagnostics"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
}

#[test]
fn findings_are_published_as_the_typed_path_wrote_them() {
    for encoding in [PositionEncoding::Utf16, PositionEncoding::Utf8] {
        let message = check(APP, encoding, &PLAIN);
        let codes: Vec<&str> = diagnostics(&message)
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert_eq!(codes, ["FG101", "FG101", "FG201"], "{message}");
        assert_eq!(message["params"]["version"], 7);
    }
}

#[test]
fn utf8_and_utf16_columns_differ_after_non_ascii_text() {
    let column = |encoding| {
        let message = check(APP, encoding, &PLAIN);
        diagnostics(&message)[0]["range"]["start"]["character"].clone()
    };
    assert_ne!(
        column(PositionEncoding::Utf8),
        column(PositionEncoding::Utf16)
    );
}

#[test]
fn docs_links_are_written_once_per_rule_as_before() {
    let with_docs = Published {
        docs_url: Some("https://docs.example.test/rules/"),
        ..PLAIN
    };
    let message = check(APP, PositionEncoding::Utf16, &with_docs);
    let hrefs: Vec<&str> = diagnostics(&message)
        .iter()
        .filter_map(|d| d["codeDescription"]["href"].as_str())
        .collect();
    assert_eq!(
        hrefs,
        [
            "https://docs.example.test/rules/FG101",
            "https://docs.example.test/rules/FG101",
            "https://docs.example.test/rules/FG201"
        ]
    );
    // A docs URL that does not make a valid URI adds no link, as before.
    let invalid = Published {
        docs_url: Some("not a uri"),
        ..PLAIN
    };
    let message = check(APP, PositionEncoding::Utf16, &invalid);
    assert!(
        diagnostics(&message)
            .iter()
            .all(|d| d.get("codeDescription").is_none())
    );
}

#[test]
fn a_skip_notice_and_an_analysis_failure_go_around_the_findings() {
    let everything = Published {
        skip_notice: Some("flaskguard did not check this file: it is \"big\"."),
        failure: Some("index out of bounds at server/rules/x.rs:12"),
        docs_url: Some("https://docs.example.test"),
        version: Some(i32::MAX),
    };
    let message = check(APP, PositionEncoding::Utf16, &everything);
    let all = diagnostics(&message);
    assert_eq!(all.len(), 5);
    assert!(
        all[0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("big")
    );
    assert!(
        all[4]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("could not check this file")
    );
}

#[test]
fn clears_and_config_diagnostics_have_no_version() {
    let unversioned = Published {
        version: None,
        ..PLAIN
    };
    let message = check("", PositionEncoding::Utf16, &unversioned);
    assert_eq!(diagnostics(&message), &[] as &[Value]);
    assert!(message["params"].get("version").is_none());

    let uri: Uri = "file:///work/pyproject.toml".parse().expect("uri");
    let diagnostic = config_diagnostic("invalid TOML: expected `,` (line 2, column 5)");
    let mut frame = PublishFrame::new(&uri, 1);
    frame.push(&diagnostic);
    let request = Request::build("textDocument/publishDiagnostics")
        .params(
            serde_json::to_value(PublishDiagnosticsParams::new(
                uri.clone(),
                vec![diagnostic],
                None,
            ))
            .expect("params"),
        )
        .finish();
    let body = serde_json::to_string(&request).expect("request");
    assert_eq!(
        String::from_utf8(frame.finish(None)).expect("utf-8"),
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    );
}

#[test]
fn many_findings_make_one_frame_of_the_same_bytes() {
    let mut source = String::from("from flask import Flask\napp = Flask(__name__)\n");
    for n in 0..300 {
        source.push_str(&format!(
            "TOKEN_{n} = \"FAKE-token-value-{n:04}-abcdefghijklmnop\"\n"
        ));
    }
    let message = check(&source, PositionEncoding::Utf16, &PLAIN);
    assert_eq!(diagnostics(&message).len(), 300);
}
