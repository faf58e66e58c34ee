//! Reads [`Settings`] out of a JSON value (editor settings) or a TOML table converted to
//! one, checking every key and type so a mistake is reported with the key that holds it
//! (`severity.FG201: unknown severity "fatal" (...)`), never with a panic.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::Settings;
use crate::finding::Severity;
use crate::rules::RuleCode;

/// The keys a settings table may hold, in the order the documentation lists them.
pub const KEYS: &[&str] = &[
    "select",
    "ignore",
    "severity",
    "extra-secret-names",
    "allowed-values",
    "exclude",
    "per-file-ignores",
    "max-file-size",
    "docs-url",
    "baseline",
];

/// Keys an editor extension keeps for itself inside its `flaskguard` settings section
/// (VS Code's `flaskguard.path`, `flaskguard.trace.server`, ...). The server ignores them
/// in editor settings; config files may not use them.
pub const CLIENT_KEYS: &[&str] = &["path", "trace", "enable", "args"];

/// The severity names accepted in `severity = { ... }`.
pub const SEVERITY_NAMES: &str = "error, warning, information, hint";

/// Parses editor settings: like [`settings_from_value`], but the editor extension's own
/// keys ([`CLIENT_KEYS`]) are passed over.
pub fn editor_settings_from_value(value: &Value) -> Result<Settings, String> {
    match value {
        Value::Object(table) if CLIENT_KEYS.iter().any(|k| table.contains_key(*k)) => {
            let mut table = table.clone();
            table.retain(|key, _| !CLIENT_KEYS.contains(&key.as_str()));
            settings_from_value(&Value::Object(table))
        }
        // Lua clients (Neovim) cannot tell an empty table from an empty list and send `[]`.
        Value::Array(items) if items.is_empty() => Ok(Settings::default()),
        _ => settings_from_value(value),
    }
}

/// Parses a settings object. Errors read `key.path: problem`. `null` values count as
/// absent (editors send them for unset settings).
pub fn settings_from_value(value: &Value) -> Result<Settings, String> {
    let table = match value {
        Value::Object(table) => table,
        Value::Null => return Ok(Settings::default()),
        other => {
            return Err(format!(
                "expected a table of settings, found {}",
                kind(other)
            ));
        }
    };
    for key in table.keys() {
        if !KEYS.contains(&key.as_str()) {
            return Err(unknown_key(key));
        }
    }
    Ok(Settings {
        select: rule_patterns(table, "select")?,
        ignore: rule_patterns(table, "ignore")?,
        severity: severities(table)?,
        extra_secret_names: strings(table, "extra-secret-names")?,
        allowed_values: strings(table, "allowed-values")?,
        exclude: strings(table, "exclude")?,
        per_file_ignores: per_file_ignores(table)?,
        max_file_size: match present(table, "max-file-size") {
            None => None,
            Some(value) => Some(file_size(value).map_err(|e| format!("max-file-size: {e}"))?),
        },
        docs_url: string(table, "docs-url")?,
        baseline: string(table, "baseline")?,
    })
}

/// Parses a size: a number of bytes, or a string such as `"10 MB"`, `"512KB"`, `"1GB"`
/// (binary units: 1 KB = 1024 bytes).
pub fn parse_file_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let digits_end = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(digits_end);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("invalid size \"{text}\" (expected bytes or e.g. \"10 MB\")"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" | "bytes" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => {
            return Err(format!(
                "invalid size \"{text}\" (expected bytes or e.g. \"10 MB\")"
            ));
        }
    };
    number
        .checked_mul(factor)
        .ok_or_else(|| format!("size \"{text}\" is too large"))
}

/// Shows a size the way a person writes it: `10 MB`, `512 KB`, `1000 bytes`.
pub fn format_file_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")];
    for (factor, unit) in UNITS {
        if bytes >= factor && bytes % factor == 0 {
            return format!("{} {unit}", bytes / factor);
        }
    }
    format!("{bytes} bytes")
}

/// True when `pattern` names at least one rule: a code or a prefix of one (`FG1`), or `ALL`.
pub fn is_rule_pattern(pattern: &str) -> bool {
    let pattern = pattern.trim().to_ascii_uppercase();
    pattern == "ALL"
        || (!pattern.is_empty() && RuleCode::all().any(|code| code.as_str().starts_with(&pattern)))
}

fn unknown_key(key: &str) -> String {
    let hint = KEYS
        .iter()
        .find(|known| known.replace('-', "_") == key.replace('-', "_").to_ascii_lowercase())
        .map(|known| format!("; did you mean \"{known}\"?"))
        .unwrap_or_default();
    format!(
        "unknown key \"{key}\"{hint} (expected one of {})",
        KEYS.join(", ")
    )
}

fn present<'a>(table: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    table.get(key).filter(|value| !value.is_null())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a float",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "a table",
    }
}

fn string(table: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match present(table, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!("{key}: expected a string, found {}", kind(other))),
    }
}

fn string_list(value: &Value, path: &str) -> Result<Vec<String>, String> {
    let Value::Array(items) = value else {
        return Err(format!(
            "{path}: expected an array of strings, found {}",
            kind(value)
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::String(s) => Ok(s.clone()),
            other => Err(format!(
                "{path}[{i}]: expected a string, found {}",
                kind(other)
            )),
        })
        .collect()
}

fn strings(table: &Map<String, Value>, key: &str) -> Result<Option<Vec<String>>, String> {
    present(table, key)
        .map(|value| string_list(value, key))
        .transpose()
}

fn check_rule_patterns(patterns: &[String], path: &str) -> Result<(), String> {
    for (i, pattern) in patterns.iter().enumerate() {
        if !is_rule_pattern(pattern) {
            return Err(format!(
                "{path}[{i}]: unknown rule code or prefix \"{pattern}\" (known rules: {})",
                known_rules()
            ));
        }
    }
    Ok(())
}

fn known_rules() -> String {
    RuleCode::all()
        .map(RuleCode::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

fn rule_patterns(table: &Map<String, Value>, key: &str) -> Result<Option<Vec<String>>, String> {
    let Some(patterns) = strings(table, key)? else {
        return Ok(None);
    };
    check_rule_patterns(&patterns, key)?;
    Ok(Some(patterns))
}

fn severities(table: &Map<String, Value>) -> Result<Option<BTreeMap<String, String>>, String> {
    let Some(value) = present(table, "severity") else {
        return Ok(None);
    };
    let Value::Object(entries) = value else {
        return Err(format!(
            "severity: expected a table such as {{ FG201 = \"error\" }}, found {}",
            kind(value)
        ));
    };
    let mut out = BTreeMap::new();
    for (code, value) in entries {
        if !is_rule_pattern(code) {
            return Err(format!(
                "severity.{code}: unknown rule code \"{code}\" (known rules: {})",
                known_rules()
            ));
        }
        let Value::String(name) = value else {
            return Err(format!(
                "severity.{code}: expected a string ({SEVERITY_NAMES}), found {}",
                kind(value)
            ));
        };
        if Severity::parse(name).is_none() {
            return Err(format!(
                "severity.{code}: unknown severity \"{name}\" (expected {SEVERITY_NAMES})"
            ));
        }
        out.insert(code.clone(), name.clone());
    }
    Ok(Some(out))
}

fn per_file_ignores(
    table: &Map<String, Value>,
) -> Result<Option<BTreeMap<String, Vec<String>>>, String> {
    let Some(value) = present(table, "per-file-ignores") else {
        return Ok(None);
    };
    let Value::Object(entries) = value else {
        return Err(format!(
            "per-file-ignores: expected a table such as {{ \"tests/**\" = [\"FG101\"] }}, found {}",
            kind(value)
        ));
    };
    let mut out = BTreeMap::new();
    for (glob, codes) in entries {
        let path = format!("per-file-ignores.\"{glob}\"");
        let codes = string_list(codes, &path)?;
        check_rule_patterns(&codes, &path)?;
        out.insert(glob.clone(), codes);
    }
    Ok(Some(out))
}

fn file_size(value: &Value) -> Result<u64, String> {
    match value {
        Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| format!("expected a positive number of bytes, found {n}")),
        Value::String(s) => parse_file_size(s),
        other => Err(format!(
            "expected a number of bytes or a size such as \"10 MB\", found {}",
            kind(other)
        )),
    }
}
