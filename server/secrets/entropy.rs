//! Shannon entropy, the measure of how random a value looks.

/// Shannon entropy of `value` in bits per character (0.0 for the empty string).
pub fn shannon_entropy(value: &str) -> f64 {
    let mut counts: Vec<(char, usize)> = Vec::new();
    let mut total = 0usize;
    for c in value.chars() {
        total += 1;
        match counts.iter_mut().find(|(seen, _)| *seen == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    if total == 0 {
        return 0.0;
    }
    let total = total as f64;
    counts
        .iter()
        .map(|&(_, n)| {
            let p = n as f64 / total;
            -p * p.log2()
        })
        .sum()
}

/// Minimum length of a random-looking value.
pub const RANDOM_MIN_CHARS: usize = 16;
/// Minimum entropy, in bits per character, of a random-looking value.
pub const RANDOM_MIN_ENTROPY: f64 = 3.0;

/// True when `value` looks like a generated key: at least 16 characters and at least
/// 3.0 bits of entropy per character (SPEC §2, names ending in `key`).
///
/// Beyond the SPEC, the value must also mix character classes (a digit, or upper and
/// lower case letters): plain words such as `"user_profile_cache"` reach 3.0 bits too,
/// while generated keys (hex, base64, base62) practically always mix classes.
pub fn looks_random(value: &str) -> bool {
    let has_digit = value.chars().any(|c| c.is_ascii_digit());
    let has_upper = value.chars().any(|c| c.is_uppercase());
    let has_lower = value.chars().any(|c| c.is_lowercase());
    value.chars().count() >= RANDOM_MIN_CHARS
        && shannon_entropy(value) >= RANDOM_MIN_ENTROPY
        && (has_digit || (has_upper && has_lower))
        && !is_made_of_words(value)
        && !is_dotted_path(value)
}

/// Words joined by camelCase or separators, without digits (`AvailabilityZone`,
/// `resourceQuery.type`): identifiers and config keys, not generated keys, which
/// break into one-letter pieces somewhere.
fn is_made_of_words(value: &str) -> bool {
    if value.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let words = crate::secrets::names::segments(value);
    !words.is_empty()
        && words
            .iter()
            .all(|w| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic))
}

/// A dotted settings path (`fs.s3.consistent`, `spring.datasource.url`).
fn is_dotted_path(value: &str) -> bool {
    value.contains('.')
        && value.split('.').all(|part| {
            part.starts_with(|c: char| c.is_ascii_lowercase())
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_of_uniform_and_repeated_values() {
        assert_eq!(shannon_entropy(""), 0.0);
        assert_eq!(shannon_entropy("aaaa"), 0.0);
        assert!((shannon_entropy("abab") - 1.0).abs() < 1e-9);
        assert!((shannon_entropy("abcdefgh") - 3.0).abs() < 1e-9);
    }

    #[test]
    fn random_needs_length_and_entropy() {
        assert!(looks_random("Zq8FAKEx3Lm9Tp2Wv7Rk"));
        assert!(!looks_random("Zq8FAKEx3Lm9"), "too short");
        assert!(!looks_random("aaaaaaaaaaaaaaaaaaaaaaaa"), "too uniform");
        assert!(!looks_random("user_profile_cache"), "words repeat letters");
        assert!(
            !looks_random("MaximumBatchingWindowInSeconds"),
            "camelCase words"
        );
        assert!(!looks_random("fs.s3.consistent.retryCount"), "dotted path");
        assert!(
            looks_random("wJalrXUtnFEMIKMDENGbPxRfiCYzFAKEKEY"),
            "base64-like"
        );
    }
}
