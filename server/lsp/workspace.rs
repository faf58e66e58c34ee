//! Which configuration applies to each file: the nearest config file (`config::discover`)
//! merged with the editor's settings, compiled, cached per folder, with the last good
//! config kept in force while a config file is broken.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::analysis::AnalysisOptions;
use crate::baseline::Baseline;
use crate::config::{self, CompiledConfig, Settings};

/// The configuration in force for the files of one folder.
#[derive(Debug, Default)]
pub struct Resolved {
    pub compiled: CompiledConfig,
    /// `docs-url`, for `codeDescription.href`.
    pub docs_url: Option<String>,
    /// Bumped whenever the configuration may have changed: results computed under an
    /// older generation are stale.
    pub generation: u64,
    /// The `baseline` file's accepted findings, hidden from diagnostics.
    pub baseline: Option<Arc<Baseline>>,
}

impl Resolved {
    /// The analysis options for one file.
    pub fn options_for(&self, path: Option<&Path>) -> AnalysisOptions {
        self.compiled.options_for(path)
    }
}

/// A change in the health of a config source, for the caller to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigEvent {
    /// The config file (or, for `None`, the editor settings) is broken.
    Broken {
        file: Option<PathBuf>,
        message: String,
    },
    /// A config file that was broken is good again.
    Fixed { file: PathBuf },
}

/// The workspace's configuration state.
#[derive(Default)]
pub struct Workspace {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    root: Option<PathBuf>,
    editor: Settings,
    generation: u64,
    by_folder: HashMap<PathBuf, Arc<Resolved>>,
    /// The last settings read successfully from each config file.
    last_good_file: HashMap<PathBuf, Settings>,
    /// The last configuration that compiled, per source (`None`: no config file).
    last_good: HashMap<Option<PathBuf>, Arc<Resolved>>,
    /// Sources currently broken, with the message already reported.
    broken: HashMap<Option<PathBuf>, String>,
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace::default()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Sets the workspace root (from `workspaceFolders` or `rootUri`).
    pub fn set_root(&self, root: Option<PathBuf>) {
        let mut inner = self.lock();
        inner.root = root;
        inner.forget_resolutions();
    }

    /// Replaces the editor settings (`initializationOptions`, `settings.flaskguard`).
    /// On error the previous settings stay in force.
    pub fn set_editor_settings(&self, value: &serde_json::Value) -> Result<(), String> {
        let value = match value.get("flaskguard") {
            Some(inner) if inner.is_object() => inner,
            _ => value,
        };
        let settings = if value.is_null() {
            Settings::default()
        } else {
            Settings::from_json(value)?
        };
        let mut inner = self.lock();
        inner.editor = settings;
        inner.forget_resolutions();
        inner.last_good.clear();
        Ok(())
    }

    /// Forgets cached resolutions (a config file changed); the last good configs stay.
    pub fn invalidate(&self) {
        self.lock().forget_resolutions();
    }

    /// The configuration for the file at `path` (`None` for an unsaved buffer), and any
    /// change in the health of the config it comes from.
    pub fn resolve(&self, path: Option<&Path>) -> (Arc<Resolved>, Vec<ConfigEvent>) {
        let mut inner = self.lock();
        let folder = path
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| inner.root.clone());
        let key = folder.clone().unwrap_or_default();
        if let Some(resolved) = inner.by_folder.get(&key) {
            return (resolved.clone(), Vec::new());
        }
        let mut events = Vec::new();
        let (source, file_settings) = match folder.as_deref().map(config::discover) {
            None | Some(Ok(None)) => (None, Settings::default()),
            Some(Ok(Some(loaded))) => {
                inner
                    .last_good_file
                    .insert(loaded.file.clone(), loaded.settings.clone());
                (Some(loaded.file), loaded.settings)
            }
            Some(Err(error)) => {
                let settings = inner
                    .last_good_file
                    .get(&error.path)
                    .cloned()
                    .unwrap_or_default();
                inner.report_broken(Some(error.path.clone()), error.message, &mut events);
                (Some(error.path), settings)
            }
        };
        let merged = file_settings.merged_with(&inner.editor);
        let base = source
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| folder.clone())
            .unwrap_or_default();
        let mut baseline_events = Vec::new();
        let resolved = match merged.compile(&base) {
            Ok(compiled) => {
                let baseline = compiled
                    .baseline()
                    .and_then(|file| match Baseline::load(file) {
                        Ok(baseline) => Some(Arc::new(baseline)),
                        Err(message) => {
                            baseline_events.push((file.to_path_buf(), message));
                            None
                        }
                    });
                let resolved = Arc::new(Resolved {
                    compiled,
                    docs_url: merged.docs_url.clone(),
                    generation: inner.generation,
                    baseline,
                });
                let file_is_broken = events
                    .iter()
                    .any(|e| matches!(e, ConfigEvent::Broken { .. }));
                if !file_is_broken {
                    inner.last_good.insert(source.clone(), resolved.clone());
                    if inner.broken.remove(&source).is_some()
                        && let Some(file) = source.clone()
                    {
                        events.push(ConfigEvent::Fixed { file });
                    }
                }
                resolved
            }
            Err(message) => {
                inner.report_broken(source.clone(), message, &mut events);
                let last_good = inner.last_good.get(&source);
                Arc::new(Resolved {
                    compiled: last_good.map(|r| r.compiled.clone()).unwrap_or_default(),
                    docs_url: last_good.and_then(|r| r.docs_url.clone()),
                    generation: inner.generation,
                    baseline: last_good.and_then(|r| r.baseline.clone()),
                })
            }
        };
        // An unreadable baseline is reported on its file; the findings then show whole.
        for (file, message) in baseline_events {
            inner.report_broken(Some(file), message, &mut events);
        }
        inner.by_folder.insert(key, resolved.clone());
        (resolved, events)
    }
}

impl Inner {
    /// Drops cached resolutions and starts a new configuration generation.
    fn forget_resolutions(&mut self) {
        self.by_folder.clear();
        self.generation += 1;
    }

    fn report_broken(
        &mut self,
        file: Option<PathBuf>,
        message: String,
        events: &mut Vec<ConfigEvent>,
    ) {
        if self.broken.get(&file) == Some(&message) {
            return;
        }
        self.broken.insert(file.clone(), message.clone());
        events.push(ConfigEvent::Broken { file, message });
    }
}
