//! Configuration: `[tool.flaskguard]` in `pyproject.toml`, `flaskguard.toml`, and the
//! editor's `initializationOptions` / `settings.flaskguard`, all with the same keys.

mod compile;
mod load;
pub mod parse;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use regex::Regex;
use serde::Deserialize;

pub use compile::{DEFAULT_EXCLUDE, DEFAULT_MAX_FILE_SIZE, PathGlobs, file_size_arg};
pub use load::{FLASKGUARD_TOML, PYPROJECT_TOML, load_dir, load_file, read_config_file};
pub use parse::{format_file_size, parse_file_size};

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
/// from `start` (a file or folder). `flaskguard.toml` wins in the same folder; a
/// `pyproject.toml` without `[tool.flaskguard]` is passed over. A file that exists but
/// is invalid (TOML syntax, unknown key, wrong type, bad severity, rule code, regex or
/// glob) is an error naming the file and the key.
pub fn discover(start: &Path) -> Result<Option<LoadedConfig>, ConfigError> {
    load::discover(start)
}

impl Settings {
    /// Reads editor settings (`initializationOptions`, `settings.flaskguard`): the same
    /// keys as the files, `null` meaning unset; the editor extension's own keys (`path`,
    /// `trace`, `enable`, `args`) are passed over. Errors name the key
    /// (`severity.FG201: unknown severity "fatal" (...)`).
    pub fn from_json(value: &serde_json::Value) -> Result<Settings, String> {
        parse::editor_settings_from_value(value)
    }

    /// Reads a config file: the `[tool.flaskguard]` table of a `pyproject.toml` (empty
    /// settings when it has none), or the top level of any other file.
    pub fn from_toml_file(path: &Path) -> Result<Settings, ConfigError> {
        Ok(load::read_config_file(path)?.unwrap_or_default())
    }

    /// `overrides` wins key by key (editor settings over file settings, command-line
    /// options over both). A table key (`severity`, `per-file-ignores`) is replaced whole.
    pub fn merged_with(&self, overrides: &Settings) -> Settings {
        fn pick<T: Clone>(over: &Option<T>, base: &Option<T>) -> Option<T> {
            over.as_ref().or(base.as_ref()).cloned()
        }
        Settings {
            select: pick(&overrides.select, &self.select),
            ignore: pick(&overrides.ignore, &self.ignore),
            severity: pick(&overrides.severity, &self.severity),
            extra_secret_names: pick(&overrides.extra_secret_names, &self.extra_secret_names),
            allowed_values: pick(&overrides.allowed_values, &self.allowed_values),
            exclude: pick(&overrides.exclude, &self.exclude),
            per_file_ignores: pick(&overrides.per_file_ignores, &self.per_file_ignores),
            max_file_size: pick(&overrides.max_file_size, &self.max_file_size),
            docs_url: pick(&overrides.docs_url, &self.docs_url),
            baseline: pick(&overrides.baseline, &self.baseline),
        }
    }

    /// Compiles regexes and globs; `base` is the folder globs are relative to.
    pub fn compile(&self, base: &Path) -> Result<CompiledConfig, String> {
        self.compile_in(base)
    }
}

/// Settings ready to use: what the rules need ([`CompiledConfig::options_for`]) and
/// what the checker needs (exclusion, size limit).
#[derive(Debug, Clone)]
pub struct CompiledConfig {
    pub options: crate::analysis::AnalysisOptions,
    base: PathBuf,
    exclude: PathGlobs,
    per_file_ignores: Vec<(PathGlobs, Vec<String>)>,
    max_file_size: u64,
    docs_url: Option<String>,
    baseline: Option<PathBuf>,
}

impl CompiledConfig {
    /// The analysis options for one file (per-file-ignores folded in). `path` is
    /// absolute or relative to the config folder.
    pub fn options_for(&self, path: Option<&Path>) -> crate::analysis::AnalysisOptions {
        let mut options = self.options.clone();
        if let Some(path) = path {
            options
                .selection
                .ignore
                .extend(self.ignored_for(path).map(str::to_string));
        }
        options
    }
}
