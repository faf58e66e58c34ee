//! Config files on disk: reading `flaskguard.toml` and `[tool.flaskguard]` of
//! `pyproject.toml`, and finding the nearest one above a file.

use std::path::{Path, PathBuf};

use super::parse::settings_from_value;
use super::{ConfigError, LoadedConfig, Settings};

/// The dedicated config file; it wins over `pyproject.toml` in the same folder.
pub const FLASKGUARD_TOML: &str = "flaskguard.toml";
/// The Python project file; only its `[tool.flaskguard]` table is read.
pub const PYPROJECT_TOML: &str = "pyproject.toml";

/// Reads the settings of one config file. A `pyproject.toml` without
/// `[tool.flaskguard]` gives `Ok(None)`; any other file is read whole.
pub fn read_config_file(path: &Path) -> Result<Option<Settings>, ConfigError> {
    let error = |message: String| ConfigError {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| error(format!("cannot read: {e}")))?;
    let table: toml::Table = toml::from_str(&text)
        .map_err(|e| error(format!("invalid TOML: {}", one_line(&e.to_string()))))?;
    let is_pyproject = path.file_name().is_some_and(|name| name == PYPROJECT_TOML);
    let (section, prefix) = if is_pyproject {
        let section = table
            .get("tool")
            .and_then(|tool| tool.as_table())
            .and_then(|tool| tool.get("flaskguard"));
        match section {
            None => return Ok(None),
            Some(section) => (toml::Value::clone(section), "[tool.flaskguard] "),
        }
    } else {
        (toml::Value::Table(table), "")
    };
    let value = serde_json::to_value(&section)
        .map_err(|e| error(format!("{prefix}cannot read settings: {e}")))?;
    settings_from_value(&value)
        .map(Some)
        .map_err(|message| error(format!("{prefix}{message}")))
}

/// The config that lives in `dir` itself, if any: `flaskguard.toml`, else a
/// `pyproject.toml` with `[tool.flaskguard]`. Regexes and globs are checked too, so a
/// config that loads also compiles.
pub fn load_dir(dir: &Path) -> Result<Option<LoadedConfig>, ConfigError> {
    for name in [FLASKGUARD_TOML, PYPROJECT_TOML] {
        let file = dir.join(name);
        if !file.is_file() {
            continue;
        }
        if let Some(settings) = read_config_file(&file)? {
            return validated(settings, file).map(Some);
        }
    }
    Ok(None)
}

/// Reads one named config file (`--config FILE`): a `pyproject.toml` must hold
/// `[tool.flaskguard]`, any other name is read as a `flaskguard.toml`.
pub fn load_file(file: &Path) -> Result<LoadedConfig, ConfigError> {
    match read_config_file(file)? {
        Some(settings) => validated(settings, file.to_path_buf()),
        None => Err(ConfigError {
            path: file.to_path_buf(),
            message: "no [tool.flaskguard] table".to_string(),
        }),
    }
}

fn validated(settings: Settings, file: PathBuf) -> Result<LoadedConfig, ConfigError> {
    let base = file.parent().unwrap_or(Path::new("."));
    if let Err(message) = settings.compile(base) {
        let prefix = if file.file_name().is_some_and(|n| n == PYPROJECT_TOML) {
            "[tool.flaskguard] "
        } else {
            ""
        };
        return Err(ConfigError {
            path: file,
            message: format!("{prefix}{message}"),
        });
    }
    Ok(LoadedConfig { settings, file })
}

/// Walks up from `start` (a file or a folder) to the nearest folder holding a config.
pub fn discover(start: &Path) -> Result<Option<LoadedConfig>, ConfigError> {
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    let first = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    for dir in first.into_iter().flat_map(Path::ancestors) {
        if let Some(loaded) = load_dir(dir)? {
            return Ok(Some(loaded));
        }
    }
    Ok(None)
}

/// TOML errors span several lines (a source excerpt with a caret); keep the position
/// and the explanation on one line.
fn one_line(message: &str) -> String {
    let mut lines = message.lines().map(str::trim).filter(|l| !l.is_empty());
    let position = lines
        .next()
        .map(|l| l.trim_start_matches("TOML parse error at ").to_string())
        .unwrap_or_default();
    let detail: Vec<&str> = lines
        .filter(|l| {
            !l.starts_with('|')
                && !l
                    .split_once(" |")
                    .is_some_and(|(n, _)| n.trim().chars().all(|c| c.is_ascii_digit()))
        })
        .collect();
    if detail.is_empty() {
        position
    } else {
        format!("{} ({position})", detail.join("; "))
    }
}
