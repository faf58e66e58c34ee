//! The one adapter from engine findings to LSP diagnostics.

use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range, Uri,
};

use crate::document::{LineIndex, PositionEncoding};
use crate::finding::{Finding, Severity};

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
    let code_description = docs_url.and_then(|base| {
        let href = format!("{}/{}", base.trim_end_matches('/'), finding.code);
        href.parse::<Uri>()
            .ok()
            .map(|href| CodeDescription { href })
    });
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
    fn config_errors_point_at_the_line_they_name() {
        let diagnostic = config_diagnostic("invalid TOML: expected `,` (line 2, column 5)");
        assert_eq!(diagnostic.range.start, Position::new(1, 4));
        assert_eq!(diagnostic.range.end, Position::new(2, 0));
        let diagnostic = config_diagnostic("unknown key `colour`");
        assert_eq!(diagnostic.range.start, Position::new(0, 0));
    }
}
