//! Which files `flaskguard check` looks at, and the config that applies to each.
//!
//! Folders are walked with the `ignore` crate: `.gitignore` and `.ignore` files are
//! respected even outside a git repository (as ruff does), hidden entries are skipped,
//! and `exclude` prunes whole folders. Files named on the command line are checked even
//! when excluded, unless `--force-exclude` is given (ruff's behaviour).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::WalkBuilder;

use crate::config::{CompiledConfig, ConfigError, Settings, load_dir, load_file};

/// The compiled config of a project, shared by every file it governs.
pub type SharedConfig = Result<Arc<CompiledConfig>, ConfigError>;

/// Finds and compiles the config for each folder once. Command-line options are merged
/// over whatever the files say.
pub struct ConfigCache {
    overrides: Settings,
    explicit: Option<SharedConfig>,
    fallback: SharedConfig,
    by_dir: Mutex<HashMap<PathBuf, SharedConfig>>,
}

impl ConfigCache {
    /// `explicit` is `--config FILE`; `overrides` the command-line options.
    pub fn new(explicit: Option<&Path>, overrides: Settings) -> ConfigCache {
        let cwd = std::env::current_dir().unwrap_or_default();
        let fallback = compile(&Settings::default(), &overrides, &cwd, None);
        let explicit = explicit.map(|file| {
            let file = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
            load_file(&file).and_then(|loaded| {
                let base = loaded.file.parent().unwrap_or(Path::new("."));
                compile(&loaded.settings, &overrides, base, Some(&loaded.file))
            })
        });
        ConfigCache {
            overrides,
            explicit,
            fallback,
            by_dir: Mutex::new(HashMap::new()),
        }
    }

    /// The explicit config's error, if `--config FILE` could not be used.
    pub fn explicit_error(&self) -> Option<&ConfigError> {
        self.explicit.as_ref().and_then(|c| c.as_ref().err())
    }

    /// The config for files in `dir` (an absolute folder).
    pub fn for_dir(&self, dir: &Path) -> SharedConfig {
        if let Some(explicit) = &self.explicit {
            return explicit.clone();
        }
        if let Some(found) = self.lock().get(dir) {
            return found.clone();
        }
        let found = match load_dir(dir) {
            Ok(Some(loaded)) => compile(&loaded.settings, &self.overrides, dir, Some(&loaded.file)),
            Ok(None) => match dir.parent() {
                Some(parent) => self.for_dir(parent),
                None => self.fallback.clone(),
            },
            Err(error) => Err(error),
        };
        self.lock().insert(dir.to_path_buf(), found.clone());
        found
    }

    /// The config for one file (an absolute path).
    pub fn for_file(&self, file: &Path) -> SharedConfig {
        match file.parent() {
            Some(dir) => self.for_dir(dir),
            None => self.fallback.clone(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, SharedConfig>> {
        self.by_dir
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn compile(
    settings: &Settings,
    overrides: &Settings,
    base: &Path,
    file: Option<&Path>,
) -> SharedConfig {
    settings
        .merged_with(overrides)
        .compile(base)
        .map(Arc::new)
        .map_err(|message| ConfigError {
            path: file.map(Path::to_path_buf).unwrap_or_default(),
            message,
        })
}

/// Something the walk could not read or understand.
pub enum WalkProblem {
    /// An unreadable folder: the check is incomplete (exit status 2).
    Error(String),
    /// A malformed ignore file: reported, the check goes on.
    Warning(String),
}

/// One file to check.
pub struct Job {
    /// The path as shown to the user: the command-line path joined with the walked part.
    pub display: PathBuf,
    /// The absolute path, for config lookups.
    pub absolute: PathBuf,
    pub config: SharedConfig,
}

/// The files under `roots`, with their configs; walk errors are returned beside them.
pub fn collect(
    roots: &[PathBuf],
    cache: &Arc<ConfigCache>,
    force_exclude: bool,
) -> (Vec<Job>, Vec<WalkProblem>) {
    let mut jobs = Vec::new();
    let mut errors = Vec::new();
    for root in roots {
        if root.is_dir() {
            walk_dir(root, cache, &mut jobs, &mut errors);
        } else {
            let absolute = std::path::absolute(root).unwrap_or_else(|_| root.clone());
            let config = cache.for_file(&absolute);
            let excluded = matches!(&config, Ok(c) if c.is_excluded(&absolute));
            if !(force_exclude && excluded) {
                jobs.push(Job {
                    display: root.clone(),
                    absolute,
                    config,
                });
            }
        }
    }
    // A file reached twice (`check . app.py`) is checked and reported once.
    let mut seen = std::collections::HashSet::new();
    jobs.retain(|job| seen.insert(job.absolute.clone()));
    (jobs, errors)
}

fn walk_dir(
    root: &Path,
    cache: &Arc<ConfigCache>,
    jobs: &mut Vec<Job>,
    errors: &mut Vec<WalkProblem>,
) {
    let filter_cache = Arc::clone(cache);
    let walker = WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .ignore(true)
        .parents(true)
        .filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            let Ok(absolute) = std::path::absolute(entry.path()) else {
                return true;
            };
            match filter_cache.for_file(&absolute) {
                Ok(config) => !config.is_entry_excluded(&absolute),
                Err(_) => true,
            }
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            // An unreadable folder is an error; a bad pattern in a `.gitignore` is not
            // the user's command going wrong, so it is only a warning.
            Err(error) if error.io_error().is_some() => {
                errors.push(WalkProblem::Error(error.to_string()));
                continue;
            }
            Err(error) => {
                errors.push(WalkProblem::Warning(error.to_string()));
                continue;
            }
        };
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        let is_python = entry.path().extension().is_some_and(|ext| ext == "py");
        if !(is_file && is_python) {
            continue;
        }
        let path = entry.into_path();
        let absolute = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
        let display = if root == Path::new(".") {
            path.strip_prefix(".")
                .map(Path::to_path_buf)
                .unwrap_or(path)
        } else {
            path
        };
        jobs.push(Job {
            config: cache.for_file(&absolute),
            display,
            absolute,
        });
    }
}
