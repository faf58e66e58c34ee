//! Redaction: messages, logs and diffs show at most the first 4 and last 2 characters
//! of a secret, and nothing of one under 12 characters.

/// `"sk-1…ef"` for long values; `"…"` for values under 12 characters.
pub fn redact(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() < 12 {
        return "…".to_string();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn long_values_keep_four_and_two() {
        assert_eq!(redact("sk-1234567890abcdef"), "sk-1…ef");
    }

    #[test]
    fn short_values_show_nothing() {
        assert_eq!(redact("changeme"), "…");
        assert_eq!(redact("12345678901"), "…");
    }

    #[test]
    fn multibyte_values_are_cut_on_characters() {
        assert_eq!(redact("ключключключключ"), "ключ…юч");
    }
}
