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

/// The diagnostic published on a config file that could not be used.
pub fn config_diagnostic(message: &str) -> Diagnostic {
    Diagnostic {
        range: Range::new(Position::new(0, 0), Position::new(0, 0)),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some(SOURCE.to_string()),
        message: format!(
            "invalid flaskguard configuration: {message} (the last good configuration stays in force)"
        ),
        ..Diagnostic::default()
    }
}
