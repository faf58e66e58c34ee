//! Secret-like names (SPEC §2, "Secret-like names").
//!
//! A name is an identifier, attribute, keyword, parameter or string key. It is split
//! into lower-cased segments on `_`, `-`, `.`, spaces and camelCase boundaries, and is
//! secret-like when a segment is a secret word (`password`, `token`, ...) or two
//! adjacent segments form a secret pair (`api key`, `private key`, ...). Whole segments
//! only: `passwords`, `tokens`, `passed_msg` and `compassion` are not secret-like.

use super::entropy::looks_random;

/// How a name relates to secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// Not secret-like (`username`, `PASSWORD_FIELD`, `STRIPE_PUBLISHABLE_KEY`).
    Plain,
    /// Secret-like whatever its value (`SECRET_KEY`, `password`, `api_key`).
    Secret,
    /// Ends in `key` without a secret word (`MAPS_KEY`): secret-like only when its
    /// value looks random (see [`looks_random`]).
    KeyLike,
}

/// Segments that are secrets on their own (the file prefilter looks for the same words).
pub(crate) const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "pass",
    "passphrase",
    "secret",
    "secrete",
    "token",
    "credential",
    "credentials",
    "apikey",
    // The SPEC's pairs written as one word (`PRIVATEKEY`, `authKey` splits anyway).
    "secretkey",
    "privatekey",
    "authkey",
    "signingkey",
    "clientsecret",
];

/// Adjacent segments that together name a secret.
const SECRET_PAIRS: &[(&str, &str)] = &[
    ("api", "key"),
    ("secret", "key"),
    ("private", "key"),
    ("auth", "key"),
    ("signing", "key"),
    ("client", "secret"),
];

/// Last segments that describe a secret without being one (`PASSWORD_FIELD`,
/// `API_KEY_HEADER`, `token_type`, `TOKEN_URL`). The first group is the SPEC's list;
/// the second adds words for messages, labels and formats that peers are known to
/// flag (`PASSWORD_HELP_TEXT`, `TOKEN_PATTERN`).
const DESCRIPTIVE_LAST_SEGMENTS: &[&str] = &[
    "header",
    "name",
    "field",
    "param",
    "env",
    "var",
    "path",
    "file",
    "url",
    "uri",
    "length",
    "len",
    "prefix",
    "type",
    "expires",
    "expiry",
    "ttl",
    "location",
    "algorithm",
    "id",
    "count",
    "min",
    "max", //
    "headers",
    "names",
    "fields",
    "params",
    "vars",
    "paths",
    "files",
    "urls",
    "uris",
    "msg",
    "message",
    "label",
    "text",
    "help",
    "hint",
    "placeholder",
    "prompt",
    "title",
    "description",
    "pattern",
    "regex",
    "template",
    "format",
    "column",
    "attr",
    "attribute",
    "endpoint",
    "route",
    "method",
    "policy",
    "mode",
    "version",
    "kind",
    "style",
    "widget",
    "selector",
    "timeout",
    "lifetime",
    "age",
    "size",
    "dir",
    "folder",
    "suffix",
    "separator",
    "scope",
    "scopes",
    "schema",
    "validator",
    "class",
    "hash",
    "hasher",
    "expiration",
    "seconds",
    "secs",
    "minutes",
    "mins",
    "hours",
    "days",
    "duration",
    "interval",
    "retries",
    "attempts",
    "limit",
    "arg",
    "args",
    "kwarg",
    "kwargs",
    "arn",
    "ref",
    "region",
    "bucket",
    "source",
    "use",
    "usage",
    "used",
    "changed",
    "updated",
    "created",
    "date",
    "time",
    "timestamp",
    "at",
    "required",
    "enabled",
    "strength",
];

/// Words before a final `token` that make it a pagination or parsing token, not a
/// credential (`next_token`, `NextToken`, `page_token`, `continuation_token`).
const NON_SECRET_TOKEN_QUALIFIERS: &[&str] = &[
    "next",
    "page",
    "paging",
    "pagination",
    "continuation",
    "input",
    "output",
    "sync",
    "resume",
    "start",
    "end",
    "last",
    "first",
    "prev",
    "previous",
    "marker",
    "cancel",
    "cancellation",
];

/// Words before a final `key` that make it a non-secret key (`*_PUBLIC_KEY`,
/// `*_PUBLISHABLE_KEY`, `PRIMARY_KEY`, `*_CACHE_KEY`, `SORT_KEY`, and a few database
/// and cache keys of the same kind).
const NON_SECRET_KEY_QUALIFIERS: &[&str] = &[
    "public",
    "publishable",
    "primary",
    "cache",
    "sort",
    "foreign",
    "partition",
    "idempotency",
    "lookup",
    "hash",
    "range",
    "row",
    "redis",
    "dict",
];

/// Splits a name into lower-cased segments on `_`, `-`, `.`, spaces and camelCase
/// (`apiKey` → `api`, `key`; `HTTPAuthToken` → `http`, `auth`, `token`).
pub fn segments(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_uppercase() && !current.is_empty() {
            let prev = chars[i - 1];
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_uppercase() && next_is_lower)
            {
                out.push(std::mem::take(&mut current));
            }
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Classifies `name`; `extra` holds the user's `extra-secret-names` (lower-cased),
/// which count like secret words (a multi-word extra name must appear as adjacent
/// segments, or be the whole name).
pub fn classify(name: &str, extra: &[String]) -> NameKind {
    let segs = segments(name);
    let Some(last) = segs.last() else {
        return NameKind::Plain;
    };
    let whole: String = segs.concat();
    if extra.iter().any(|e| segments(e).concat() == whole) {
        return NameKind::Secret;
    }
    if segs.len() >= 2 && last == "id" && segs[segs.len() - 2] == "key" {
        // `AWS_ACCESS_KEY_ID` and friends: identifiers (FG102 still catches the value).
        return NameKind::Plain;
    }
    let singular = last.strip_suffix('s').unwrap_or(last);
    if DESCRIPTIVE_LAST_SEGMENTS.contains(&last.as_str())
        || DESCRIPTIVE_LAST_SEGMENTS.contains(&singular)
    {
        return NameKind::Plain;
    }
    if segs.len() >= 2 {
        let qualifier = segs[segs.len() - 2].as_str();
        if (last == "key" && NON_SECRET_KEY_QUALIFIERS.contains(&qualifier))
            || (last == "token" && NON_SECRET_TOKEN_QUALIFIERS.contains(&qualifier))
        {
            return NameKind::Plain;
        }
    }
    if matches!(
        last.as_str(),
        "publickey" | "publishablekey" | "primarykey" | "cachekey" | "sortkey"
    ) {
        return NameKind::Plain;
    }
    let has_word = segs.iter().any(|s| SECRET_WORDS.contains(&s.as_str()));
    let has_pair = segs
        .windows(2)
        .any(|w| SECRET_PAIRS.contains(&(w[0].as_str(), w[1].as_str())));
    let has_extra = extra.iter().any(|e| {
        let wanted = segments(e);
        !wanted.is_empty() && segs.windows(wanted.len()).any(|w| w == wanted.as_slice())
    });
    if has_word || has_pair || has_extra {
        NameKind::Secret
    } else if last == "key" {
        NameKind::KeyLike
    } else {
        NameKind::Plain
    }
}

/// True when `name` is secret-like only through the word `token` (`token`,
/// `token_use`, `auth_token`): in a comparison such a name is as often a parser or
/// protocol token (`token == "def"`) as a credential, so its value must look random.
pub fn is_token_only(name: &str, extra: &[String]) -> bool {
    let segs = segments(name);
    let other_word = segs
        .iter()
        .any(|s| s != "token" && SECRET_WORDS.contains(&s.as_str()));
    let pair = segs
        .windows(2)
        .any(|w| SECRET_PAIRS.contains(&(w[0].as_str(), w[1].as_str())));
    let whole: String = segs.concat();
    let extra_hit = extra.iter().any(|e| {
        let wanted = segments(e);
        !wanted.is_empty()
            && (wanted.concat() == whole
                || segs.windows(wanted.len()).any(|w| w == wanted.as_slice()))
    });
    segs.iter().any(|s| s == "token") && !other_word && !pair && !extra_hit
}

/// True when a value bound to `name` should be treated as a secret by name: the name
/// is secret-like, or ends in `key` and `value` looks random.
pub fn is_secret_binding(name: &str, value: &str, extra: &[String]) -> bool {
    match classify(name, extra) {
        NameKind::Plain => false,
        NameKind::Secret => true,
        NameKind::KeyLike => looks_random(value),
    }
}

/// The environment variable name for a Python name: upper snake case
/// (`apiKey` → `API_KEY`, `mail-password` → `MAIL_PASSWORD`, `SECRET_KEY` unchanged).
pub fn env_var_name(name: &str) -> String {
    segments(name)
        .iter()
        .map(|s| s.to_uppercase())
        .collect::<Vec<_>>()
        .join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(name: &str) -> NameKind {
        classify(name, &[])
    }

    #[test]
    fn splits_on_separators_and_camel_case() {
        assert_eq!(
            segments("aws_secret-access.key"),
            ["aws", "secret", "access", "key"]
        );
        assert_eq!(segments("apiKey"), ["api", "key"]);
        assert_eq!(segments("HTTPAuthToken"), ["http", "auth", "token"]);
        assert_eq!(segments("oauth2Token"), ["oauth2", "token"]);
        assert_eq!(segments("__"), Vec::<String>::new());
    }

    #[test]
    fn secret_words_and_pairs_are_secret() {
        for name in [
            "password",
            "DB_PASSWD",
            "pwd",
            "MAIL_PASS",
            "passphrase",
            "SECRET_KEY",
            "secrete",
            "GITHUB_TOKEN",
            "credentials",
            "APIKEY",
            "apiKey",
            "api_key",
            "PRIVATE_KEY",
            "authKey",
            "JWT_SIGNING_KEY",
            "aws_secret_access_key",
            "client_secret",
            "secretKey",
        ] {
            assert_eq!(kind(name), NameKind::Secret, "{name}");
        }
    }

    #[test]
    fn plural_and_partial_words_are_not_secret() {
        for name in [
            "passwords",
            "tokens",
            "passed_msg",
            "compassion",
            "bypass_cache",
            "secrets_manager_region",
        ] {
            assert_ne!(kind(name), NameKind::Secret, "{name}");
        }
    }

    #[test]
    fn descriptive_last_segments_are_not_secret() {
        for name in [
            "PASSWORD_FIELD",
            "API_KEY_HEADER",
            "token_type",
            "TOKEN_URL",
            "SECRET_KEY_NAME",
            "password_min_length",
            "TOKEN_EXPIRES",
            "jwt_algorithm",
            "AWS_ACCESS_KEY_ID",
            "API_KEY_ENV_VAR",
            "PASSWORD_RESET_PATH",
        ] {
            assert_eq!(kind(name), NameKind::Plain, "{name}");
        }
    }

    #[test]
    fn pagination_tokens_and_time_limits_are_not_secret() {
        for name in [
            "next_token",
            "NextToken",
            "page_token",
            "continuation_token",
            "input_token",
            "token_ttl_seconds",
            "pass_arg",
            "secret_arn",
            "API_KEY_SOURCES",
            "PASSWORD_TYPES",
        ] {
            assert_eq!(kind(name), NameKind::Plain, "{name}");
        }
        assert_eq!(kind("access_token"), NameKind::Secret);
        assert!(is_token_only("token_use", &[]));
        assert!(is_token_only("auth_token", &[]));
        assert!(!is_token_only("password_token", &[]));
        assert!(!is_token_only("api_key", &[]));
    }

    #[test]
    fn other_key_names_need_a_random_value() {
        assert_eq!(kind("MAPS_KEY"), NameKind::KeyLike);
        assert_eq!(kind("stripeKey"), NameKind::KeyLike);
        assert!(is_secret_binding("MAPS_KEY", "Zq8FAKEx3Lm9Tp2Wv7Rk", &[]));
        assert!(!is_secret_binding("MAPS_KEY", "dev", &[]));
        assert!(!is_secret_binding("MONKEY", "Zq8FAKEx3Lm9Tp2Wv7Rk", &[]));
    }

    #[test]
    fn public_and_database_keys_never_count() {
        for name in [
            "STRIPE_PUBLIC_KEY",
            "STRIPE_PUBLISHABLE_KEY",
            "PRIMARY_KEY",
            "USER_CACHE_KEY",
            "SORT_KEY",
            "TOKEN_CACHE_KEY",
            "publicKey",
        ] {
            assert_eq!(kind(name), NameKind::Plain, "{name}");
        }
    }

    #[test]
    fn extra_names_count_like_secret_words() {
        let extra = vec!["signature".to_string(), "hmac_salt".to_string()];
        assert_eq!(classify("WEBHOOK_SIGNATURE", &extra), NameKind::Secret);
        assert_eq!(classify("APP_HMAC_SALT", &extra), NameKind::Secret);
        assert_eq!(classify("hmacSalt", &extra), NameKind::Secret);
        assert_eq!(classify("SALT", &extra), NameKind::Plain);
        assert_eq!(classify("SIGNATURE_HEADER", &extra), NameKind::Plain);
    }

    #[test]
    fn env_var_names_are_upper_snake() {
        assert_eq!(env_var_name("apiKey"), "API_KEY");
        assert_eq!(env_var_name("SECRET_KEY"), "SECRET_KEY");
        assert_eq!(env_var_name("mail-password"), "MAIL_PASSWORD");
    }
}
