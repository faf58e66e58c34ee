//! A byte-level look at a statement that decides whether the response rules can fire:
//! it must define a function and mention something a response could leak.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::analysis::RuleContext;

/// Substrings (any case) of everything the response rules report: the configuration,
/// the environment, secret-like names, caught exceptions and tracebacks.
const LEAK_HINTS: &[&str] = &[
    "config",
    "environ",
    "getenv",
    "secret",
    "key",
    "token",
    "pass",
    "pwd",
    "credential",
    "except",
    "traceback",
    "format_exc",
    "format_tb",
    "errorhandler",
];

fn leak_hints() -> &'static AhoCorasick {
    static CELL: OnceLock<AhoCorasick> = OnceLock::new();
    CELL.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(LEAK_HINTS)
            .unwrap_or_else(|err| panic!("invalid built-in leak hints: {err}"))
    })
}

/// True when the statement `text` may hold a view that leaks something.
pub fn may_leak(text: &str, cx: &RuleContext<'_>) -> bool {
    if !text.contains("def ") {
        return false;
    }
    let flask = &cx.summary.flask;
    let registered = !flask.registered_views.is_empty() || !flask.registered_handlers.is_empty();
    let view_marker = registered || text.contains('@') || text.contains("View");
    let extra = !cx.settings.extra_secret_names.is_empty() || !flask.environ_names.is_empty();
    view_marker && (registered || extra || leak_hints().is_match(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{FileInfo, FileSummary};
    use crate::config::RuleSettings;

    #[test]
    fn statements_without_views_or_hints_are_skipped() {
        let (file, summary, settings) = (
            FileInfo::default(),
            FileSummary::default(),
            RuleSettings::default(),
        );
        let cx = RuleContext::new("", &file, &summary, &settings);
        assert!(!may_leak("x = app.config", &cx));
        assert!(!may_leak(
            "@app.route('/')\ndef index():\n    return 'hi'",
            &cx
        ));
        assert!(may_leak(
            "@app.route('/')\ndef index():\n    return dict(app.config)",
            &cx
        ));
    }
}
