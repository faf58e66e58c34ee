//! The one adapter from engine findings to LSP diagnostics: as typed `Diagnostic`s
//! ([`to_diagnostic`], for code actions) and written straight into a
//! `textDocument/publishDiagnostics` frame ([`PublishFrame`], for the publisher).

use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range, Uri,
};

use crate::document::{Document, LineIndex, PositionEncoding};
use crate::finding::{Finding, Severity};
use crate::rules::RuleCode;

/// The `source` of every diagnostic flaskguard publishes.
pub const SOURCE: &str = "flaskguard";

/// The LSP severity of an engine severity.
pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// Converts a finding on `text` to a diagnostic in `encoding`. `docs_url` (the
/// configured `docs-url`) adds `codeDescription.href` = `{docs_url}/FGxxx`.
pub fn to_diagnostic(
    finding: &Finding,
    text: &str,
    index: &LineIndex,
    encoding: PositionEncoding,
    docs_url: Option<&str>,
) -> Diagnostic {
    let code_description = docs_href(docs_url, finding.code).map(|href| CodeDescription { href });
    Diagnostic {
        range: index.range(text, finding.range.clone(), encoding),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.code.to_string())),
        code_description,
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        ..Diagnostic::default()
    }
}

/// `{docs_url}/FGxxx` when it is a valid URI.
fn docs_href(docs_url: Option<&str>, code: RuleCode) -> Option<Uri> {
    let base = docs_url?;
    format!("{}/{}", base.trim_end_matches('/'), code)
        .parse::<Uri>()
        .ok()
}

/// The diagnostic on the first line of a document that is not analysed (over
/// `max-file-size`, past a parser limit), saying why.
pub fn skip_diagnostic(
    document: &Document,
    message: &str,
    encoding: PositionEncoding,
) -> Diagnostic {
    let index = document.line_index();
    let first_line = index.line_content(document.text(), 0).unwrap_or(0..0);
    Diagnostic {
        range: index.range(document.text(), first_line, encoding),
        severity: Some(DiagnosticSeverity::INFORMATION),
        source: Some(SOURCE.to_string()),
        message: message.to_string(),
        ..Diagnostic::default()
    }
}

/// The diagnostic shown at the top of a file whose analysis panicked, so the user does
/// not take the missing findings for a clean file.
pub fn failure_diagnostic(panic: &str) -> Diagnostic {
    Diagnostic {
        range: Range::new(Position::new(0, 0), Position::new(1, 0)),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some(SOURCE.to_string()),
        message: format!(
            "flaskguard could not check this file: internal error ({panic}). \
             Other files are checked as usual; please report this."
        ),
        ..Diagnostic::default()
    }
}

/// A whole `textDocument/publishDiagnostics` notification frame, written straight from
/// the findings: the bytes tower-lsp-server writes for the same
/// `PublishDiagnosticsParams`, without building a `Diagnostic` per finding and a
/// `serde_json::Value` tree of all of them.
///
/// tower-lsp-server turns the params into a `Value` first, whose objects (serde_json
/// without `preserve_order`) keep their keys sorted: so are they here, at every level
/// (`tests/lsp_frames.rs` compares the bytes with that path).
///
/// ```text
/// PublishFrame::new(&uri, findings.len()) → push / push_finding … → finish(version)
/// ```
pub struct PublishFrame {
    body: Vec<u8>,
    uri: String,
    empty: bool,
    /// `codeDescription` per rule code for the `docs_url` in use: `(code, Some(json))`.
    hrefs: Vec<(RuleCode, Option<Vec<u8>>)>,
}

/// The body starts after room for the longest header (`Content-Length: ` + 20 digits +
/// `\r\n\r\n`), so the header is written in front of it at the end.
const HEADER_ROOM: usize = 16 + 20 + 4;

impl PublishFrame {
    /// Starts the notification for `uri`, with room for about `capacity` diagnostics.
    pub fn new(uri: &Uri, capacity: usize) -> PublishFrame {
        let mut body = Vec::with_capacity(HEADER_ROOM + 256 + capacity * 240);
        body.resize(HEADER_ROOM, b' ');
        body.extend_from_slice(
            br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"diagnostics":["#,
        );
        PublishFrame {
            body,
            uri: uri.as_str().to_string(),
            empty: true,
            hrefs: Vec::new(),
        }
    }

    /// Adds a typed diagnostic, with its keys sorted as tower-lsp-server writes them.
    pub fn push(&mut self, diagnostic: &Diagnostic) {
        self.separator();
        // Plain data always converts to a `Value` and serialises into a Vec.
        if let Ok(value) = serde_json::to_value(diagnostic) {
            let _ = serde_json::to_writer(&mut self.body, &value);
        }
    }

    /// Adds the diagnostic of `finding` on `text`: the JSON of [`to_diagnostic`]'s result.
    pub fn push_finding(
        &mut self,
        finding: &Finding,
        text: &str,
        index: &LineIndex,
        encoding: PositionEncoding,
        docs_url: Option<&str>,
    ) {
        self.separator();
        let href = match docs_url {
            Some(_) => self.href(docs_url, finding.code),
            None => None,
        };
        let range = index.range(text, finding.range.clone(), encoding);
        let body = &mut self.body;
        body.extend_from_slice(br#"{"code":"#);
        write_json(body, finding.code.as_str());
        if let Some(at) = href
            && let Some((_, Some(json))) = self.hrefs.get(at)
        {
            body.extend_from_slice(json);
        }
        body.extend_from_slice(br#","message":"#);
        write_json(body, &finding.message);
        body.extend_from_slice(br#","range":{"end":{"character":"#);
        push_number(body, range.end.character);
        body.extend_from_slice(br#","line":"#);
        push_number(body, range.end.line);
        body.extend_from_slice(br#"},"start":{"character":"#);
        push_number(body, range.start.character);
        body.extend_from_slice(br#","line":"#);
        push_number(body, range.start.line);
        body.extend_from_slice(br#"}},"severity":"#);
        body.push(match finding.severity {
            Severity::Error => b'1',
            Severity::Warning => b'2',
            Severity::Information => b'3',
            Severity::Hint => b'4',
        });
        body.extend_from_slice(br#","source":"flaskguard"}"#);
    }

    /// Where in `hrefs` the `codeDescription` JSON of `code` is, made on first use.
    fn href(&mut self, docs_url: Option<&str>, code: RuleCode) -> Option<usize> {
        if let Some(at) = self.hrefs.iter().position(|(known, _)| *known == code) {
            return Some(at);
        }
        let json = docs_href(docs_url, code).map(|href| {
            let mut json = br#","codeDescription":{"href":"#.to_vec();
            write_json(&mut json, href.as_str());
            json.push(b'}');
            json
        });
        self.hrefs.push((code, json));
        Some(self.hrefs.len() - 1)
    }

    /// The whole frame, header included, with `version` when there is one.
    pub fn finish(mut self, version: Option<i32>) -> Vec<u8> {
        self.body.extend_from_slice(br#"],"uri":"#);
        write_json(&mut self.body, &self.uri);
        if let Some(version) = version {
            self.body.extend_from_slice(br#","version":"#);
            let _ = serde_json::to_writer(&mut self.body, &version);
        }
        self.body.extend_from_slice(b"}}");
        let header = format!("Content-Length: {}\r\n\r\n", self.body.len() - HEADER_ROOM);
        let start = HEADER_ROOM - header.len();
        self.body[start..HEADER_ROOM].copy_from_slice(header.as_bytes());
        // Dropping the room the header did not use moves the body once (a memmove,
        // cheaper than copying it into a second buffer).
        self.body.drain(..start);
        self.body
    }

    fn separator(&mut self) {
        if !self.empty {
            self.body.push(b',');
        }
        self.empty = false;
    }
}

/// `text` as a JSON string, escaped as serde_json escapes it (`"`, `\\` and control
/// characters; everything else as it is). Most messages need no escape: copied whole.
fn write_json(out: &mut Vec<u8>, text: &str) {
    let needs_escape = text.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\');
    if needs_escape {
        let _ = serde_json::to_writer(out, text);
    } else {
        out.reserve(text.len() + 2);
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    }
}

fn push_number(out: &mut Vec<u8>, number: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut rest = number;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// The diagnostic published on a config file that could not be used: at the
/// `line N, column M` the message names, else at the top of the file.
pub fn config_diagnostic(message: &str) -> Diagnostic {
    let start = error_location(message).unwrap_or_default();
    Diagnostic {
        range: Range::new(start, Position::new(start.line + 1, 0)),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some(SOURCE.to_string()),
        message: format!(
            "invalid flaskguard configuration: {message} (the last good configuration stays in force)"
        ),
        ..Diagnostic::default()
    }
}

/// The 0-based position of a `line N, column M` (1-based) mention in an error message.
fn error_location(message: &str) -> Option<Position> {
    let rest = &message[message.find("line ")? + "line ".len()..];
    let line_digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let line: u32 = rest[..line_digits].parse().ok()?;
    let column = rest[line_digits..]
        .strip_prefix(", column ")
        .and_then(|rest| {
            let digits = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            rest[..digits].parse::<u32>().ok()
        })
        .unwrap_or(1);
    Some(Position::new(
        line.saturating_sub(1),
        column.saturating_sub(1),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for text in [
            "plain `FAKE…89` message",
            "",
            "a \"quoted\" value",
            "back\\slash",
            "tab\there, newline\n, bell\u{7}, delete\u{7f}",
            "ünïcødé and 🔑",
        ] {
            let mut out = Vec::new();
            write_json(&mut out, text);
            let expected = serde_json::to_string(text).expect("a string");
            assert_eq!(String::from_utf8(out).expect("utf-8"), expected);
        }
    }

    #[test]
    fn config_errors_point_at_the_line_they_name() {
        let diagnostic = config_diagnostic("invalid TOML: expected `,` (line 2, column 5)");
        assert_eq!(diagnostic.range.start, Position::new(1, 4));
        assert_eq!(diagnostic.range.end, Position::new(2, 0));
        let diagnostic = config_diagnostic("unknown key `colour`");
        assert_eq!(diagnostic.range.start, Position::new(0, 0));
    }
}
