//! The rule catalog: codes and their metadata, and the per-statement dispatch.
//!
//! Each rule is one module under its family folder; its doc comment and
//! `docs/rules/FGxxx.md` describe it. Rules see one top-level statement at a time
//! (plus the file's [`crate::analysis::RuleContext`]) and push [`Finding`]s with byte
//! ranges; they know nothing about LSP.

pub mod debug;
pub mod environment;
pub mod errors;
#[cfg(feature = "fault-injection")]
pub mod fault;
pub mod keys;
pub mod logging;
pub mod queries;
pub mod responses;
pub mod secrets;

use std::fmt;
use std::str::FromStr;

use tree_sitter::Node;

use crate::analysis::RuleContext;
use crate::finding::{Finding, Severity};

/// Every rule flaskguard implements. The codes are fixed: configs and suppressions use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleCode {
    FG101,
    FG102,
    FG103,
    FG104,
    FG201,
    FG202,
    FG203,
    FG204,
    FG301,
    FG302,
    FG303,
    FG401,
    FG402,
    FG501,
    FG601,
    FG602,
}

/// Static facts about a rule, for `flaskguard rules`, hover, SARIF and docs.
pub struct RuleInfo {
    pub code: RuleCode,
    pub name: &'static str,
    pub summary: &'static str,
    pub default_severity: Severity,
    pub fixable: bool,
    /// The rule's documentation page, `docs/rules/FGxxx.md`, embedded in the binary.
    pub doc: &'static str,
}

pub const ALL_RULES: &[RuleInfo] = &[
    RuleInfo {
        code: RuleCode::FG101,
        name: "hardcoded-secret",
        summary: "a secret literal bound to a secret-like name",
        default_severity: Severity::Error,
        fixable: true,
        doc: include_str!("../../docs/rules/FG101.md"),
    },
    RuleInfo {
        code: RuleCode::FG102,
        name: "provider-key",
        summary: "a token in a known provider's key format",
        default_severity: Severity::Error,
        fixable: true,
        doc: include_str!("../../docs/rules/FG102.md"),
    },
    RuleInfo {
        code: RuleCode::FG103,
        name: "credentials-in-url",
        summary: "a URL with a password in its userinfo",
        default_severity: Severity::Error,
        fixable: true,
        doc: include_str!("../../docs/rules/FG103.md"),
    },
    RuleInfo {
        code: RuleCode::FG104,
        name: "hardcoded-env-fallback",
        summary: "a secret environment lookup with a literal fallback",
        default_severity: Severity::Error,
        fixable: true,
        doc: include_str!("../../docs/rules/FG104.md"),
    },
    RuleInfo {
        code: RuleCode::FG201,
        name: "debug-run",
        summary: "the Flask app run with the debugger on",
        default_severity: Severity::Warning,
        fixable: true,
        doc: include_str!("../../docs/rules/FG201.md"),
    },
    RuleInfo {
        code: RuleCode::FG202,
        name: "debug-config",
        summary: "debug mode switched on in configuration",
        default_severity: Severity::Warning,
        fixable: true,
        doc: include_str!("../../docs/rules/FG202.md"),
    },
    RuleInfo {
        code: RuleCode::FG203,
        name: "werkzeug-debugger",
        summary: "the interactive Werkzeug debugger wrapped around the app",
        default_severity: Severity::Error,
        fixable: false,
        doc: include_str!("../../docs/rules/FG203.md"),
    },
    RuleInfo {
        code: RuleCode::FG204,
        name: "truthy-env-flag",
        summary: "`bool()` of an environment string, true for \"False\" and \"0\"",
        default_severity: Severity::Warning,
        fixable: true,
        doc: include_str!("../../docs/rules/FG204.md"),
    },
    RuleInfo {
        code: RuleCode::FG301,
        name: "config-in-response",
        summary: "a view returns the app's whole configuration",
        default_severity: Severity::Error,
        fixable: false,
        doc: include_str!("../../docs/rules/FG301.md"),
    },
    RuleInfo {
        code: RuleCode::FG302,
        name: "environ-in-response",
        summary: "a view returns the process environment",
        default_severity: Severity::Error,
        fixable: false,
        doc: include_str!("../../docs/rules/FG302.md"),
    },
    RuleInfo {
        code: RuleCode::FG303,
        name: "secret-in-response",
        summary: "a view returns a configured secret",
        default_severity: Severity::Error,
        fixable: false,
        doc: include_str!("../../docs/rules/FG303.md"),
    },
    RuleInfo {
        code: RuleCode::FG401,
        name: "exception-in-response",
        summary: "a view or error handler sends exception details to the client",
        default_severity: Severity::Warning,
        fixable: true,
        doc: include_str!("../../docs/rules/FG401.md"),
    },
    RuleInfo {
        code: RuleCode::FG402,
        name: "secret-logged",
        summary: "a secret or the whole configuration written to a log",
        default_severity: Severity::Warning,
        fixable: false,
        doc: include_str!("../../docs/rules/FG402.md"),
    },
    RuleInfo {
        code: RuleCode::FG501,
        name: "unvalidated-secret-env",
        summary: "a secret read from the environment with no startup check",
        default_severity: Severity::Information,
        fixable: true,
        doc: include_str!("../../docs/rules/FG501.md"),
    },
    RuleInfo {
        code: RuleCode::FG601,
        name: "timing-unsafe-key-compare",
        summary: "a key compared with == against request input",
        default_severity: Severity::Warning,
        fixable: true,
        doc: include_str!("../../docs/rules/FG601.md"),
    },
    RuleInfo {
        code: RuleCode::FG602,
        name: "key-in-query-string",
        summary: "an API key read from the query string",
        default_severity: Severity::Information,
        fixable: false,
        doc: include_str!("../../docs/rules/FG602.md"),
    },
];

impl RuleCode {
    pub fn info(self) -> &'static RuleInfo {
        ALL_RULES
            .iter()
            .find(|info| info.code == self)
            .expect("every RuleCode has an entry in ALL_RULES")
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RuleCode::FG101 => "FG101",
            RuleCode::FG102 => "FG102",
            RuleCode::FG103 => "FG103",
            RuleCode::FG104 => "FG104",
            RuleCode::FG201 => "FG201",
            RuleCode::FG202 => "FG202",
            RuleCode::FG203 => "FG203",
            RuleCode::FG204 => "FG204",
            RuleCode::FG301 => "FG301",
            RuleCode::FG302 => "FG302",
            RuleCode::FG303 => "FG303",
            RuleCode::FG401 => "FG401",
            RuleCode::FG402 => "FG402",
            RuleCode::FG501 => "FG501",
            RuleCode::FG601 => "FG601",
            RuleCode::FG602 => "FG602",
        }
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub fn default_severity(self) -> Severity {
        self.info().default_severity
    }

    pub fn all() -> impl Iterator<Item = RuleCode> {
        ALL_RULES.iter().map(|info| info.code)
    }
}

impl fmt::Display for RuleCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RuleCode {
    type Err = String;

    fn from_str(s: &str) -> Result<RuleCode, String> {
        RuleCode::all()
            .find(|code| code.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown rule code `{s}`"))
    }
}

/// Runs every rule on one top-level statement. The caller filters by configuration,
/// suppressions and severity overrides afterwards.
pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    secrets::check_statement(stmt, cx, out);
    debug::check_statement(stmt, cx, out);
    environment::check_statement(stmt, cx, out);
    logging::check_statement(stmt, cx, out);
    responses::check_statement(stmt, cx, out);
    keys::check_statement(stmt, cx, out);
    #[cfg(feature = "fault-injection")]
    fault::check_statement(stmt, cx, out);
}
