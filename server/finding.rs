//! The engine's output: findings with byte ranges, and the fixes they offer as plans.
//!
//! Nothing here knows about LSP types; `lsp` and `cli` convert at the edge.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::rules::RuleCode;

/// How serious a finding is, in LSP order (error is the most severe).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    /// One level less severe (error → warning → information → hint; hint stays hint).
    pub fn lowered(self) -> Severity {
        match self {
            Severity::Error => Severity::Warning,
            Severity::Warning => Severity::Information,
            Severity::Information | Severity::Hint => Severity::Hint,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    /// Parses `error`, `warning`, `information` (or `info`), `hint`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }

    /// True when `self` is at least as severe as `threshold`.
    pub fn at_least(self, threshold: Severity) -> bool {
        self <= threshold
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a finding's severity was lowered (SPEC §2, "Context").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Lowering {
    /// The file is test code (`tests/`, `test_*.py`, `conftest.py`, ...): reported as information.
    TestFile,
    /// Inside a class whose name contains Dev/Test/Local/Debug: one level lower.
    DevClass(String),
    /// Inside `if app.debug:` / `if app.testing:`: one level lower.
    DebugBlock(String),
}

impl Lowering {
    /// The phrase appended to the message, e.g. `lowered: test file`.
    pub fn describe(&self) -> String {
        match self {
            Lowering::TestFile => "lowered: test code".to_string(),
            Lowering::DevClass(name) => format!("lowered: development class `{name}`"),
            Lowering::DebugBlock(cond) => format!("lowered: inside `if {cond}:`"),
        }
    }
}

/// A fix a finding offers, as a plan; `fixes::edits_for` turns it into text edits
/// against the current text (import insertion and the validation block need the whole file).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FixPlan {
    /// Fix A: replace the literal with `os.environ["VAR"]` (adds `import os`).
    EnvironSubscript { literal: Range<usize>, var: String },
    /// Fix B: replace the literal with `os.environ.get("VAR")` and add/extend the
    /// `# flaskguard: required settings` validation block.
    EnvironGet { literal: Range<usize>, var: String },
    /// Fix C: replace the whole call `os.environ.get("VAR", "lit")` with `os.environ["VAR"]`.
    DropFallback { call: Range<usize>, var: String },
    /// Fix D: replace the `True`/`1` value with `os.environ.get("FLASK_DEBUG") == "1"`.
    DebugFromEnv { value: Range<usize> },
    /// Fix E: replace `bool(os.environ.get("VAR", ...))` (the whole `bool(...)` call)
    /// with `os.environ.get("VAR", "false").lower() in ("1", "true", "yes")`, the default
    /// `"true"` when `default_true`.
    EnvFlag {
        call: Range<usize>,
        var: String,
        default_true: bool,
    },
    /// Fix G: replace the lookup `os.environ.get("VAR")` with `os.environ["VAR"]`.
    RequireEnv { call: Range<usize>, var: String },
    /// Fix H: add VAR to the `# flaskguard: required settings` validation block (the
    /// lookup at `call` stays as it is).
    ValidateAtStartup { call: Range<usize>, var: String },
    /// Fix F: replace the exception detail at `detail` with a generic message and log
    /// the exception with `<logger>.logger.exception(...)` on a new line before the
    /// statement starting at `statement` (`logger` is an app name or `current_app`,
    /// imported from flask when missing; `exception` is passed as `exc_info`).
    LogException {
        detail: Range<usize>,
        statement: usize,
        logger: String,
        exception: Option<String>,
    },
    /// Fix I: rewrite the `==` / `!=` comparison to `hmac.compare_digest` on encoded
    /// operands, failing when the `expected` key is missing or empty (adds `import hmac`).
    CompareDigest {
        comparison: Range<usize>,
        supplied: Range<usize>,
        expected: Range<usize>,
        negated: bool,
    },
}

impl FixPlan {
    /// Which lettered fix of the SPEC this is.
    pub fn letter(&self) -> char {
        match self {
            FixPlan::EnvironSubscript { .. } => 'A',
            FixPlan::EnvironGet { .. } => 'B',
            FixPlan::DropFallback { .. } => 'C',
            FixPlan::DebugFromEnv { .. } => 'D',
            FixPlan::EnvFlag { .. } => 'E',
            FixPlan::RequireEnv { .. } => 'G',
            FixPlan::ValidateAtStartup { .. } => 'H',
            FixPlan::LogException { .. } => 'F',
            FixPlan::CompareDigest { .. } => 'I',
        }
    }

    /// The byte range the plan rewrites.
    pub fn target(&self) -> Range<usize> {
        match self {
            FixPlan::EnvironSubscript { literal, .. } | FixPlan::EnvironGet { literal, .. } => {
                literal.clone()
            }
            FixPlan::DropFallback { call, .. } => call.clone(),
            FixPlan::DebugFromEnv { value } => value.clone(),
            FixPlan::EnvFlag { call, .. }
            | FixPlan::RequireEnv { call, .. }
            | FixPlan::ValidateAtStartup { call, .. } => call.clone(),
            FixPlan::LogException { detail, .. } => detail.clone(),
            FixPlan::CompareDigest { comparison, .. } => comparison.clone(),
        }
    }

    /// Moves every byte offset by `delta` (used when cached findings are reused after an edit
    /// elsewhere in the file).
    pub fn shift(&mut self, delta: isize) {
        let move_range = |r: &mut Range<usize>| {
            r.start = r.start.wrapping_add_signed(delta);
            r.end = r.end.wrapping_add_signed(delta);
        };
        match self {
            FixPlan::EnvironSubscript { literal, .. } | FixPlan::EnvironGet { literal, .. } => {
                move_range(literal)
            }
            FixPlan::DropFallback { call, .. } => move_range(call),
            FixPlan::DebugFromEnv { value } => move_range(value),
            FixPlan::EnvFlag { call, .. }
            | FixPlan::RequireEnv { call, .. }
            | FixPlan::ValidateAtStartup { call, .. } => move_range(call),
            FixPlan::LogException {
                detail, statement, ..
            } => {
                move_range(detail);
                *statement = statement.wrapping_add_signed(delta);
            }
            FixPlan::CompareDigest {
                comparison,
                supplied,
                expected,
                ..
            } => {
                move_range(comparison);
                move_range(supplied);
                move_range(expected);
            }
        }
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    pub code: RuleCode,
    /// Byte range of the smallest offending node (the literal, the `True`, the argument).
    pub range: Range<usize>,
    /// The severity after rule defaults, configuration and context.
    pub severity: Severity,
    /// Never contains a secret whole (see `secrets::redact`).
    pub message: String,
    /// Set when a test or development context lowered the severity.
    pub lowering: Option<Lowering>,
    /// The fixes offered, preferred first. Suppression is offered for every finding
    /// and is not listed here.
    pub fixes: Vec<FixPlan>,
}

impl Finding {
    /// A finding with the rule's default severity and no fixes.
    pub fn new(code: RuleCode, range: Range<usize>, message: impl Into<String>) -> Finding {
        Finding {
            code,
            range,
            severity: code.default_severity(),
            message: message.into(),
            lowering: None,
            fixes: Vec::new(),
        }
    }

    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    pub fn with_fix(mut self, fix: FixPlan) -> Finding {
        self.fixes.push(fix);
        self
    }

    pub fn with_lowering(mut self, lowering: Option<Lowering>) -> Finding {
        self.lowering = lowering;
        self
    }

    /// True when `--fix` / fixAll may apply the preferred fix: it has one and no test or
    /// development context lowered it.
    pub fn auto_fixable(&self) -> bool {
        !self.fixes.is_empty() && self.lowering.is_none()
    }

    /// Moves the finding and its fixes by `delta` bytes.
    pub fn shift(&mut self, delta: isize) {
        self.range.start = self.range.start.wrapping_add_signed(delta);
        self.range.end = self.range.end.wrapping_add_signed(delta);
        for fix in &mut self.fixes {
            fix.shift(delta);
        }
    }
}

/// A replacement of a byte range of the current text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub new_text: String,
}

impl TextEdit {
    pub fn replace(range: Range<usize>, new_text: impl Into<String>) -> TextEdit {
        TextEdit {
            range,
            new_text: new_text.into(),
        }
    }

    pub fn insert(at: usize, new_text: impl Into<String>) -> TextEdit {
        TextEdit::replace(at..at, new_text)
    }
}
