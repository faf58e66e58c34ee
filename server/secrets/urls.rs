//! Credentials in URLs (FG103): `scheme://user:password@host`, `redis://:password@host`.
//!
//! A URL without a password (`user@host`, `https://host/`) or with a placeholder
//! password (`${DB_PASSWORD}`, `%(password)s`, `{}`) carries no credentials.

use std::ops::Range;

use super::entropy::looks_random;
use super::providers::may_contain_token;
use super::redact;
use super::values::is_placeholder_password;

/// A URL with a password in its userinfo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlCredentials {
    /// `postgresql`, `mysql+pymysql`, `redis`, ...
    pub scheme: String,
    /// Byte range of the whole URL in the scanned text.
    pub url: Range<usize>,
    /// Byte range of the password in the scanned text.
    pub password: Range<usize>,
}

impl UrlCredentials {
    /// The URL up to its host with the password masked, for messages:
    /// `postgresql://app:****@db.internal:5432`.
    pub fn masked(&self, text: &str) -> String {
        let before = text
            .get(self.url.start..self.password.start)
            .unwrap_or_default();
        let host_end = text
            .get(self.password.end..self.url.end)
            .map(|rest| {
                rest.char_indices()
                    .find(|&(i, c)| i > 0 && matches!(c, '/' | '?' | '#'))
                    .map_or(self.url.end, |(i, _)| self.password.end + i)
            })
            .unwrap_or(self.url.end);
        let after = text.get(self.password.end..host_end).unwrap_or_default();
        // A user name can be a key itself (`https://KEY:x@api.example.com`).
        let scheme_end = before.find("://").map_or(0, |i| i + 3);
        let (scheme, user) = before.split_at(scheme_end);
        let user = user.strip_suffix(':').unwrap_or(user);
        let scheme_name = scheme.strip_suffix("://").unwrap_or(scheme);
        // The scheme is found by scanning back over letters and digits, so a literal
        // glued on before it (`"FAKEpw" "postgresql://..."`) would run into it: only a
        // known scheme is shown.
        let scheme_shown = if is_known_scheme(scheme_name) {
            scheme_name.to_string()
        } else {
            redact(scheme_name)
        };
        format!("{scheme_shown}://{}:****{after}", hide_if_secret(user))
    }
}

/// `postgresql`, `mysql+pymysql`, `mongodb+srv`, `postgresql+asyncpg`: a scheme from
/// the list, with driver parts of lower-case letters, digits and `_`.
fn is_known_scheme(scheme: &str) -> bool {
    const SCHEMES: &[&str] = &[
        "postgresql",
        "postgres",
        "pgsql",
        "mysql",
        "mariadb",
        "mssql",
        "oracle",
        "sqlite",
        "cockroachdb",
        "mongodb",
        "redis",
        "rediss",
        "valkey",
        "memcached",
        "amqp",
        "amqps",
        "kafka",
        "nats",
        "http",
        "https",
        "ws",
        "wss",
        "ftp",
        "ftps",
        "sftp",
        "ssh",
        "git",
        "smtp",
        "smtps",
        "imap",
        "imaps",
        "pop3",
        "ldap",
        "ldaps",
        "snowflake",
        "clickhouse",
        "elasticsearch",
        "couchdb",
        "neo4j",
        "bolt",
        "influxdb",
        "sentry",
        "jdbc",
        "s3",
    ];
    let mut parts = scheme.split('+');
    let base = parts.next().unwrap_or_default().to_ascii_lowercase();
    SCHEMES.contains(&base.as_str())
        && parts.all(|driver| {
            !driver.is_empty()
                && driver.len() <= 12
                && driver
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

/// `part` redacted when it could be a key: long, random-looking or in a provider format.
fn hide_if_secret(part: &str) -> String {
    if part.len() > 24 || looks_random(part) || may_contain_token(part) {
        redact(part)
    } else {
        part.to_string()
    }
}

/// The first URL in `text` with a real (non-placeholder) password in its userinfo.
pub fn find_credentials(text: &str) -> Option<UrlCredentials> {
    let mut search_from = 0;
    while let Some(found) = text.get(search_from..).and_then(|rest| rest.find("://")) {
        let sep = search_from + found;
        search_from = sep + 3;
        if let Some(creds) = credentials_at(text, sep) {
            return Some(creds);
        }
    }
    None
}

/// Parses the URL whose `://` starts at byte `sep`.
fn credentials_at(text: &str, sep: usize) -> Option<UrlCredentials> {
    let before = text.get(..sep)?;
    // The scheme: letters, digits, `+` and `.` (`mysql+pymysql`, `mongodb+srv`),
    // starting with a letter; anything glued on before it is not part of the URL.
    let run_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_ascii_alphanumeric() || matches!(c, '+' | '.'))
        .last()
        .map(|(i, _)| i)?;
    let scheme_start = run_start
        + before
            .get(run_start..)?
            .find(|c: char| c.is_ascii_alphabetic())?;
    let scheme = before.get(scheme_start..)?;
    let authority_start = sep + 3;
    let rest = text.get(authority_start..)?;
    let authority_len = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '/' | '?' | '#' | '"' | '\''))
        .unwrap_or(rest.len());
    let authority = rest.get(..authority_len)?;
    let at = authority.rfind('@')?;
    let userinfo = authority.get(..at)?;
    let host = authority.get(at + 1..)?;
    let colon = userinfo.find(':')?;
    let password = userinfo.get(colon + 1..)?;
    if password.is_empty() || host.is_empty() || is_placeholder_password(password) {
        return None;
    }
    let password_start = authority_start + colon + 1;
    let url_end = authority_start
        + rest
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\''))
            .unwrap_or(rest.len());
    Some(UrlCredentials {
        scheme: scheme.to_string(),
        url: scheme_start..url_end,
        password: password_start..password_start + password.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password_of(text: &str) -> Option<&str> {
        find_credentials(text).map(|c| &text[c.password])
    }

    #[test]
    fn only_known_schemes_are_shown() {
        let text = "FAKEpwpostgresql://app:FAKEpw@db/app";
        let creds = find_credentials(text).expect("credentials");
        assert_eq!(creds.masked(text), "FAKE…ql://app:****@db");
        let text = "postgresql+asyncpg://app:FAKEpw@db/app";
        let creds = find_credentials(text).expect("credentials");
        assert_eq!(creds.masked(text), "postgresql+asyncpg://app:****@db");
    }

    #[test]
    fn finds_passwords_in_userinfo() {
        assert_eq!(
            password_of("postgresql://app:FAKEpw@db/app"),
            Some("FAKEpw")
        );
        assert_eq!(password_of("redis://:FAKEpw@cache:6379/0"), Some("FAKEpw"));
        assert_eq!(
            password_of("mongodb+srv://u:FAKEpw@cluster0.example.net"),
            Some("FAKEpw")
        );
        assert_eq!(password_of("amqp://guest:guest@localhost//"), Some("guest"));
        assert_eq!(password_of("mysql+pymysql://u:p@ss@h/db"), Some("p@ss"));
    }

    #[test]
    fn urls_without_a_real_password_are_fine() {
        for text in [
            "postgresql://app@db/app",
            "https://example.com/login",
            "postgresql://u:${DB_PASSWORD}@db/app",
            "postgresql://u:%(password)s@db/app",
            "postgresql://{}:{}@{}/{}",
            "postgresql://u:<password>@db/app",
            "postgresql://u:@db/app",
            "mailto:someone@example.com",
            "sqlite:///app.db",
        ] {
            assert_eq!(password_of(text), None, "{text}");
        }
    }

    #[test]
    fn scheme_starts_at_a_letter_and_random_user_names_are_redacted() {
        let text = "FAKE-value-0000+postgresql://app:FAKEpw@db/app";
        let creds = find_credentials(text).unwrap();
        assert_eq!(creds.scheme, "postgresql");
        assert_eq!(creds.masked(text), "postgresql://app:****@db");
        let text = "https://Zq8FAKEx3Lm9Tp2Wv7Rk:x@api.example.com";
        let creds = find_credentials(text).unwrap();
        assert_eq!(creds.masked(text), "https://Zq8F…Rk:****@api.example.com");
    }

    #[test]
    fn masks_the_password_and_drops_the_path() {
        let text = "postgresql://app:FAKEpw@db.internal:5432/app?sslmode=require";
        let creds = find_credentials(text).unwrap();
        assert_eq!(creds.masked(text), "postgresql://app:****@db.internal:5432");
        assert_eq!(creds.scheme, "postgresql");
    }
}
