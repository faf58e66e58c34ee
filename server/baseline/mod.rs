//! Baselines: a file of accepted findings, so a team can adopt flaskguard on an existing
//! tree and fail CI only on new findings.
//!
//! `flaskguard check --write-baseline FILE` records every current finding as
//! `{path, code, fingerprint}` (see [`fingerprint`]); `--baseline FILE` (and the
//! `baseline` configuration key, in the editor) hides the findings it records. Paths
//! are relative to the baseline file's folder with `/` separators, so the file works
//! from any checkout. A finding recorded twice (two identical statements in one file)
//! is listed twice: each entry accepts one finding. The file holds no message, line
//! or value: nothing in it derives from a secret.

mod fingerprint;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use fingerprint::{fingerprint, masked_statement};

use crate::document::ParsedModule;
use crate::finding::Finding;
use crate::rules::RuleCode;
use crate::secrets::redact::redact_parse_error;

/// The format version written in the file.
const FORMAT: u32 = 1;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub code: String,
    pub fingerprint: String,
}

#[derive(Serialize, Deserialize)]
struct File {
    #[serde(rename = "flaskguard-baseline")]
    format: u32,
    findings: Vec<Entry>,
}

/// A loaded baseline: how many findings each `(path, code, fingerprint)` accepts.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    /// The folder paths are relative to.
    root: PathBuf,
    accepted: HashMap<Entry, usize>,
}

impl Baseline {
    /// Reads a baseline file. Errors name the file.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("{}: cannot read the baseline: {error}", path.display()))?;
        // serde quotes the value it could not use, and a broken baseline may hold anything.
        let file: File = serde_json::from_str(&text).map_err(|error| {
            format!(
                "{}: not a flaskguard baseline: {}",
                path.display(),
                redact_parse_error(&error.to_string())
            )
        })?;
        if file.format != FORMAT {
            return Err(format!(
                "{}: baseline format {} is not supported (expected {FORMAT})",
                path.display(),
                file.format
            ));
        }
        let mut accepted = HashMap::new();
        for entry in file.findings {
            *accepted.entry(entry).or_insert(0) += 1;
        }
        Ok(Baseline {
            root: root_of(path),
            accepted,
        })
    }

    /// The folder fingerprint paths are relative to.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// How many findings the baseline accepts in all.
    pub fn len(&self) -> usize {
        self.accepted.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A matcher that consumes entries as findings use them up.
    pub fn matcher(&self) -> Matcher<'_> {
        Matcher {
            baseline: self,
            used: HashMap::new(),
        }
    }

    /// The findings of one file that the baseline does not accept (for the editor).
    pub fn new_findings(
        &self,
        file: &Path,
        source: &str,
        parsed: &ParsedModule,
        findings: Vec<Finding>,
    ) -> Vec<Finding> {
        let path = relative_key(&self.root, file);
        let mut matcher = self.matcher();
        findings
            .into_iter()
            .filter(|finding| {
                let statement = masked_statement(source, parsed, finding.range.clone());
                let fp = fingerprint(finding.code, &path, &statement);
                !matcher.accept(&path, finding.code, &fp)
            })
            .collect()
    }
}

/// Matches findings against a baseline, each entry accepting one finding.
pub struct Matcher<'a> {
    baseline: &'a Baseline,
    used: HashMap<Entry, usize>,
}

impl Matcher<'_> {
    /// True (and the entry used up) when the baseline accepts this finding.
    pub fn accept(&mut self, path: &str, code: RuleCode, fingerprint: &str) -> bool {
        let entry = Entry {
            path: path.to_string(),
            code: code.as_str().to_string(),
            fingerprint: fingerprint.to_string(),
        };
        let available = self.baseline.accepted.get(&entry).copied().unwrap_or(0);
        let used = self.used.entry(entry).or_insert(0);
        if *used < available {
            *used += 1;
            true
        } else {
            false
        }
    }
}

/// Writes `entries` as a baseline file (sorted, so the file diffs well).
pub fn write(path: &Path, mut entries: Vec<Entry>) -> Result<(), String> {
    entries.sort();
    let file = File {
        format: FORMAT,
        findings: entries,
    };
    let mut text = serde_json::to_string_pretty(&file).map_err(|error| error.to_string())?;
    text.push('\n');
    std::fs::write(path, text)
        .map_err(|error| format!("{}: cannot write the baseline: {error}", path.display()))
}

/// The folder a baseline file's paths are relative to.
pub fn root_of(baseline_file: &Path) -> PathBuf {
    let absolute = std::path::absolute(baseline_file).unwrap_or_else(|_| baseline_file.into());
    let folder = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
    folder.canonicalize().unwrap_or(folder)
}

/// `file` relative to `root` with `/` separators (as recorded in baselines); a file
/// outside `root` keeps its absolute path.
pub fn relative_key(root: &Path, file: &Path) -> String {
    let absolute = std::path::absolute(file).unwrap_or_else(|_| file.into());
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    let relative = absolute.strip_prefix(root).unwrap_or(&absolute);
    let parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            Component::RootDir => Some(String::new()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_entry_accepts_one_finding() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("baseline.json");
        let entry = Entry {
            path: "app.py".into(),
            code: "FG101".into(),
            fingerprint: "ab".into(),
        };
        write(&file, vec![entry.clone(), entry]).expect("written");
        let baseline = Baseline::load(&file).expect("loaded");
        assert_eq!(baseline.len(), 2);
        let mut matcher = baseline.matcher();
        assert!(matcher.accept("app.py", RuleCode::FG101, "ab"));
        assert!(matcher.accept("app.py", RuleCode::FG101, "ab"));
        assert!(!matcher.accept("app.py", RuleCode::FG101, "ab"));
        assert!(!baseline.matcher().accept("app.py", RuleCode::FG102, "ab"));
    }

    #[test]
    fn a_broken_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("baseline.json");
        std::fs::write(&file, "{ nope").expect("write");
        let error = Baseline::load(&file).expect_err("broken");
        assert!(error.contains("baseline.json"), "{error}");
        let missing = Baseline::load(&dir.path().join("missing.json")).expect_err("missing");
        assert!(missing.contains("cannot read"), "{missing}");
    }
}
