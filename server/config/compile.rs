//! Turns [`Settings`] into a [`CompiledConfig`]: regexes and globs built once, rule
//! patterns and severities resolved to [`RuleCode`]s.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::Regex;

use super::parse::parse_file_size;
use super::{CompiledConfig, RuleSelection, RuleSettings, Settings};
use crate::analysis::AnalysisOptions;
use crate::finding::Severity;
use crate::rules::RuleCode;

/// Files larger than this are skipped unless `max-file-size` says otherwise (10 MB).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 << 20;

/// Folders never worth checking, skipped in addition to `exclude` (hidden folders such
/// as `.venv` and `.git` are skipped by the walker itself).
pub const DEFAULT_EXCLUDE: &[&str] = &[
    "__pycache__",
    "__pypackages__",
    "node_modules",
    "site-packages",
    "venv",
];

/// Globs matched against paths relative to a config file's folder. A pattern without
/// `/` matches any single path component (`migrations`, `*_pb2.py`), as in ruff; a
/// pattern with `/` matches the relative path (`tests/**`, `app/generated/*.py`).
/// A path matches when it or one of its folders does.
#[derive(Debug, Clone, Default)]
pub struct PathGlobs {
    names: GlobSet,
    paths: GlobSet,
}

impl PathGlobs {
    /// Builds the matcher; `key` names the setting in error messages.
    pub fn new(patterns: &[String], key: &str) -> Result<PathGlobs, String> {
        let mut names = GlobSetBuilder::new();
        let mut paths = GlobSetBuilder::new();
        for (i, pattern) in patterns.iter().enumerate() {
            let cleaned = pattern
                .trim()
                .trim_start_matches("./")
                .trim_end_matches('/');
            let glob = GlobBuilder::new(cleaned)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("{key}[{i}]: invalid glob \"{pattern}\": {}", e.kind()))?;
            if cleaned.contains('/') {
                paths.add(glob);
            } else {
                names.add(glob);
            }
        }
        let build = |builder: GlobSetBuilder| {
            builder
                .build()
                .map_err(|e| format!("{key}: invalid glob: {}", e.kind()))
        };
        Ok(PathGlobs {
            names: build(names)?,
            paths: build(paths)?,
        })
    }

    fn is_empty(&self) -> bool {
        self.names.is_empty() && self.paths.is_empty()
    }

    /// True when `relative` (a path relative to the config folder) or one of its
    /// folders matches.
    pub fn matches(&self, relative: &Path) -> bool {
        !self.is_empty()
            && relative
                .ancestors()
                .any(|prefix| self.matches_entry(prefix))
    }

    /// True when `path` itself matches, by its name or its whole path (its folders are
    /// not looked at: a walk has already checked them).
    pub fn matches_entry(&self, path: &Path) -> bool {
        if path.as_os_str().is_empty() {
            return false;
        }
        let name_matches = path
            .file_name()
            .is_some_and(|name| self.names.is_match(name));
        name_matches || self.paths.is_match(path)
    }
}

impl Settings {
    /// Compiles the settings; `base` is the folder `exclude` and `per-file-ignores`
    /// globs are relative to (the config file's folder).
    pub(super) fn compile_in(&self, base: &Path) -> Result<CompiledConfig, String> {
        let allowed_values = self
            .allowed_values
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, pattern)| {
                Regex::new(pattern).map_err(|e| {
                    // An allowed value may be a (test) key: shown like a secret.
                    format!(
                        "allowed-values[{i}]: invalid regex \"{}\": {}",
                        crate::secrets::redact::redact_secret_like(pattern),
                        regex_problem(&e)
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let rules = RuleSettings {
            extra_secret_names: self
                .extra_secret_names
                .iter()
                .flatten()
                .map(|name| name.trim().to_lowercase())
                .filter(|name| !name.is_empty())
                .collect(),
            allowed_values,
        };
        let selection = RuleSelection {
            select: self
                .select
                .as_ref()
                .map(|select| normalize_patterns(select)),
            ignore: self
                .ignore
                .as_ref()
                .map(|ignore| normalize_patterns(ignore))
                .unwrap_or_default(),
            severity: severity_overrides(self.severity.as_ref())?,
        };
        // User patterns first, so error messages index into the user's list.
        let mut exclude: Vec<String> = self.exclude.iter().flatten().cloned().collect();
        exclude.extend(DEFAULT_EXCLUDE.iter().map(|s| s.to_string()));
        let exclude = PathGlobs::new(&exclude, "exclude")?;
        let per_file_ignores = self
            .per_file_ignores
            .iter()
            .flatten()
            .map(|(glob, codes)| {
                let key = format!("per-file-ignores.\"{glob}\"");
                let globs = PathGlobs::new(std::slice::from_ref(glob), &key)
                    .map_err(|e| e.replacen("[0]", "", 1))?;
                Ok((globs, normalize_patterns(codes)))
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(CompiledConfig {
            options: AnalysisOptions { rules, selection },
            base: std::path::absolute(base).unwrap_or_else(|_| base.to_path_buf()),
            exclude,
            per_file_ignores,
            max_file_size: self.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
            docs_url: self
                .docs_url
                .as_ref()
                .map(|url| url.trim().trim_end_matches('/').to_string())
                .filter(|url| !url.is_empty()),
            baseline: self.baseline.as_ref().map(|file| base.join(file)),
        })
    }
}

impl Default for CompiledConfig {
    fn default() -> CompiledConfig {
        CompiledConfig {
            options: AnalysisOptions::default(),
            base: PathBuf::new(),
            exclude: PathGlobs::new(
                &DEFAULT_EXCLUDE
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>(),
                "exclude",
            )
            .unwrap_or_default(),
            per_file_ignores: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            docs_url: None,
            baseline: None,
        }
    }
}

impl CompiledConfig {
    /// The folder relative paths and globs start from (the config file's folder).
    pub fn base(&self) -> &Path {
        &self.base
    }

    /// `path` relative to the config folder when it lies inside it, else `path` as is.
    pub fn relative<'p>(&self, path: &'p Path) -> &'p Path {
        if self.base.as_os_str().is_empty() {
            return path;
        }
        path.strip_prefix(&self.base).unwrap_or(path)
    }

    /// True when `exclude` (or a built-in exclusion) matches the path or one of its
    /// folders below the config folder. For a path outside the config folder only its
    /// own name counts, so a project that lives under a folder named like an exclusion
    /// (`~/venv/shop`) is not excluded whole.
    pub fn is_excluded(&self, path: &Path) -> bool {
        match self.inside(path) {
            Some(relative) => self.exclude.matches(&normalized(relative)),
            None => self.exclude.matches_entry(path),
        }
    }

    /// True when `exclude` matches this entry itself (not its folders): what a walk
    /// asks of each entry, having pruned excluded folders already.
    pub fn is_entry_excluded(&self, path: &Path) -> bool {
        match self.inside(path) {
            Some(relative) => self.exclude.matches_entry(&normalized(relative)),
            None => self.exclude.matches_entry(path),
        }
    }

    /// `path` relative to the config folder, when it lies inside it.
    fn inside<'p>(&self, path: &'p Path) -> Option<&'p Path> {
        if path.is_relative() {
            return Some(path);
        }
        path.strip_prefix(&self.base).ok()
    }

    /// The rule codes `per-file-ignores` turns off for `path`.
    pub fn ignored_for(&self, path: &Path) -> impl Iterator<Item = &str> {
        let inside = self.inside(path).map(normalized);
        self.per_file_ignores
            .iter()
            .filter(move |(globs, _)| match &inside {
                Some(relative) => globs.matches(relative),
                None => globs.matches_entry(path),
            })
            .flat_map(|(_, codes)| codes.iter().map(String::as_str))
    }

    /// Files larger than this many bytes are skipped.
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size
    }

    /// Sets the size limit (`--max-file-size` on the command line).
    pub fn set_max_file_size(&mut self, bytes: u64) {
        self.max_file_size = bytes;
    }

    /// The base URL of the rule pages (`{docs-url}/FG101`), without a trailing `/`.
    pub fn docs_url(&self) -> Option<&str> {
        self.docs_url.as_deref()
    }

    /// The link to one rule's page when `docs-url` is set.
    pub fn rule_url(&self, code: RuleCode) -> Option<String> {
        self.docs_url().map(|base| format!("{base}/{code}"))
    }

    /// The baseline file, absolute (the server hides the findings it records).
    pub fn baseline(&self) -> Option<&Path> {
        self.baseline.as_deref()
    }
}

/// Drops `.` components so `./app.py` and `app.py` match the same globs.
fn normalized(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// Upper-cases codes and turns `ALL` into the prefix every code shares.
fn normalize_patterns(patterns: &[String]) -> Vec<String> {
    patterns.iter().map(|p| normalize_pattern(p)).collect()
}

fn normalize_pattern(pattern: &str) -> String {
    let pattern = pattern.trim().to_ascii_uppercase();
    if pattern == "ALL" {
        "FG".to_string()
    } else {
        pattern
    }
}

/// Resolves `severity` keys (codes or prefixes) to codes; a longer key wins over a
/// shorter one (`FG2 = "hint"` then `FG201 = "error"`).
fn severity_overrides(
    severity: Option<&BTreeMap<String, String>>,
) -> Result<BTreeMap<RuleCode, Severity>, String> {
    let mut entries: Vec<(String, &String)> = severity
        .into_iter()
        .flatten()
        .map(|(key, value)| (normalize_pattern(key), value))
        .collect();
    entries.sort_by_key(|(key, _)| key.len());
    let mut out = BTreeMap::new();
    for (key, value) in entries {
        let severity = Severity::parse(value).ok_or_else(|| {
            format!(
                "severity.{key}: unknown severity \"{value}\" (expected {})",
                super::parse::SEVERITY_NAMES
            )
        })?;
        for code in RuleCode::all().filter(|code| code.as_str().starts_with(&key)) {
            out.insert(code, severity);
        }
    }
    Ok(out)
}

/// The one-line reason of a regex error (its display spans several lines).
fn regex_problem(error: &regex::Error) -> String {
    let text = error.to_string();
    text.lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| l.trim_start_matches("error: ").to_string())
        .unwrap_or(text)
}

/// Parses `--max-file-size` values the same way as the `max-file-size` key.
pub fn file_size_arg(text: &str) -> Result<u64, String> {
    parse_file_size(text)
}
