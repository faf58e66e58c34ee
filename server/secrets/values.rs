//! Values that are not secrets (SPEC §2): the empty string, environment-variable
//! names (`"API_KEY"`), template placeholders (`"${API_KEY}"`, `"%(key)s"`,
//! `"{api_key}"`, `"<your-api-key>"`) and configured `allowed-values`.
//!
//! Obvious dummies (`"changeme"`, `"dev"`, `"secret"`) ARE secrets for the rules: a
//! known default in production is the classic Flask session-forgery hole.
//! [`is_obvious_dummy`] only tells the message which case it is.

use std::sync::OnceLock;

use regex::Regex;

use crate::config::RuleSettings;

/// True when a literal bound to a secret-like name is not a secret after all.
pub fn is_not_a_secret(value: &str, settings: &RuleSettings) -> bool {
    let trimmed = value.trim();
    trimmed.is_empty()
        || (is_env_var_name(trimmed) && !is_obvious_dummy(trimmed))
        || is_placeholder(trimmed)
        || matches!(
            trimmed.to_ascii_lowercase().as_str(),
            "none" | "null" | "nil" | "undefined" | "true" | "false"
            // HTTP authentication schemes, compared against headers (`token != "Bearer"`).
            | "bearer" | "basic" | "digest" | "token" | "jwt"
        )
        || matches!(
            trimmed.to_ascii_lowercase().as_str(),
            "yes" | "no" | "on" | "off" | "enabled" | "disabled" | "required" | "optional"
        )
        || !trimmed.chars().any(char::is_alphanumeric)
        || (trimmed.len() <= 2 && trimmed.chars().all(|c| c.is_ascii_digit()))
        || is_prose(trimmed)
        || is_file_path(trimmed)
        || is_public_by_design(trimmed)
        || settings.is_allowed_value(value)
}

/// Text of six or more words (a message, documentation): passphrases are shorter.
pub fn is_prose(value: &str) -> bool {
    value.split_whitespace().nth(5).is_some()
}

/// A file path or file name (`"certs/server.pem"`, `"./secrets.json"`): where a secret
/// lives, not the secret.
pub fn is_file_path(value: &str) -> bool {
    if value.chars().any(char::is_whitespace) {
        return false;
    }
    const EXTENSIONS: &[&str] = &[
        ".pem", ".key", ".crt", ".cer", ".der", ".p12", ".pfx", ".jks", ".json", ".txt", ".env",
        ".cfg", ".ini", ".yaml", ".yml", ".toml", ".conf", ".gpg", ".asc", ".pub",
    ];
    let lower = value.to_ascii_lowercase();
    EXTENSIONS
        .iter()
        .any(|ext| lower.ends_with(ext) && lower.len() > ext.len())
        || value.starts_with("./")
        || value.starts_with("../")
        || value.starts_with("~/")
        || (value.starts_with('/') && value[1..].contains('/'))
}

/// A key that is public by design, such as a Stripe publishable key (`pk_live_...`,
/// `pk_test_...`), meant to ship in browser code.
pub fn is_public_by_design(value: &str) -> bool {
    value.starts_with("pk_live_") || value.starts_with("pk_test_")
}

/// An environment-variable style identifier: upper case, digits and underscores with
/// at least one underscore (`"API_KEY"`, `"DATABASE_URL"`).
pub fn is_env_var_name(value: &str) -> bool {
    let mut chars = value.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && value.contains('_')
        && value
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn placeholder_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    CELL.get_or_init(|| {
        Regex::new(concat!(
            r"\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-[^}]*)?\}", // ${API_KEY}, ${X:-default}
            r"|^\$[A-Za-z_][A-Za-z0-9_]*$",               // $API_KEY
            r"|%\([A-Za-z_][A-Za-z0-9_]*\)[sdr]",         // %(key)s
            r"|^%s$",                                     // %s
            r"|\{\{?\s*[A-Za-z_][A-Za-z0-9_.]*\s*\}\}?",  // {api_key}, {{ secret }}
            r"|\{\d*\}",                                  // {}, {0}
            r"|<[A-Za-z][A-Za-z0-9 _.\-]*>",              // <your-api-key>
        ))
        .unwrap_or_else(|err| panic!("invalid built-in placeholder pattern: {err}"))
    })
}

/// A template placeholder, or a template built around one (`"Bearer {token}"`).
pub fn is_placeholder(value: &str) -> bool {
    placeholder_pattern().is_match(value.trim())
}

/// A URL password that stands for a real one elsewhere: a placeholder, or a mask
/// such as `****`.
pub fn is_placeholder_password(password: &str) -> bool {
    is_placeholder(password) || password.chars().all(|c| c == '*')
}

/// A well-known default (`"changeme"`, `"your-api-key-here"`, `"xxx"`, `"dev"`,
/// `"secret"`). Still reported; the message says it is a known default.
pub fn is_obvious_dummy(value: &str) -> bool {
    let normal: String = value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if normal.len() >= 3 && normal.chars().all(|c| c == 'x') {
        return true;
    }
    const DUMMIES: &[&str] = &[
        "changeme",
        "changethis",
        "changeit",
        "replaceme",
        "secret",
        "secretkey",
        "password",
        "passwd",
        "dev",
        "devkey",
        "development",
        "test",
        "testing",
        "default",
        "example",
        "dummy",
        "fake",
        "admin",
        "root",
        "todo",
        "fixme",
        "notsecret",
        "insecure",
        "mysecret",
        "mysecretkey",
        "mypassword",
        "supersecret",
        "topsecret",
        "123456",
        "12345678",
        "qwerty",
    ];
    DUMMIES.contains(&normal.as_str())
        || (normal.starts_with("your")
            || normal.starts_with("changeme")
            || normal.starts_with("replace"))
        || normal.starts_with("dev") && normal.contains("secret")
        || normal.contains("changeme")
        || normal.contains("insecure")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn not_secret(value: &str) -> bool {
        is_not_a_secret(value, &RuleSettings::default())
    }

    #[test]
    fn empty_env_names_and_placeholders_are_not_secrets() {
        for value in [
            "",
            "  ",
            "API_KEY",
            "DATABASE_URL",
            "${API_KEY}",
            "$API_KEY",
            "%(key)s",
            "%s",
            "{api_key}",
            "{{ secret_key }}",
            "{}",
            "<your-api-key>",
            "Bearer {token}",
            "None",
            "Bearer",
            "...",
            "60",
            "yes",
            "certs/server.pem",
            "/etc/app/secret.txt",
            "The \"pass\" statement is a null operation; nothing happens when it runs.",
            "pk_live_FAKE0000example0000",
        ] {
            assert!(not_secret(value), "{value:?}");
        }
    }

    #[test]
    fn real_looking_values_and_dummies_are_secrets() {
        for value in [
            "FAKE-s3cr3t-for-tests",
            "changeme",
            "CHANGE_ME",
            "dev",
            "secret",
            "xxx",
            "hunter2",
            "correct horse battery staple FAKE",
            "/FAKEslash",
        ] {
            assert!(!not_secret(value), "{value:?}");
        }
    }

    #[test]
    fn dummies_are_recognised() {
        for value in [
            "changeme",
            "CHANGE_ME",
            "your-api-key-here",
            "xxxx",
            "dev",
            "secret",
            "dev-secret-key",
        ] {
            assert!(is_obvious_dummy(value), "{value:?}");
        }
        assert!(!is_obvious_dummy("FAKE-s3cr3t-for-tests"));
    }

    #[test]
    fn allowed_values_are_not_secrets() {
        let settings = RuleSettings {
            extra_secret_names: Vec::new(),
            allowed_values: vec![Regex::new("sandbox-.*").unwrap()],
        };
        assert!(is_not_a_secret("sandbox-FAKE1234", &settings));
        assert!(!is_not_a_secret("prod-sandbox-FAKE1234", &settings));
    }

    #[test]
    fn masked_and_placeholder_passwords() {
        assert!(is_placeholder_password("****"));
        assert!(is_placeholder_password("${DB_PASSWORD}"));
        assert!(!is_placeholder_password("FAKEpw"));
    }
}
