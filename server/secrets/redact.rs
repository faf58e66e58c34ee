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

/// `text` with every part that looks like a secret redacted: provider tokens, and runs
/// of token characters (letters, digits, `_-+/=.~`) of 12 or more that mix letters and
/// digits or look random. For text that may quote input but is not code: panic
/// messages and protocol error messages. Words, field names and small numbers stay.
pub fn redact_secret_like(text: &str) -> String {
    let mut hidden: Vec<std::ops::Range<usize>> = crate::secrets::providers::find_all(text)
        .into_iter()
        .map(|m| m.range)
        .collect();
    let is_token_char = |c: char| c.is_alphanumeric() || "_-+/=.~".contains(c);
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, is_token_char(c) && i < text.len()) {
            (None, true) => start = Some(i),
            (Some(from), false) => {
                start = None;
                let run = text[from..i].trim_end_matches(['.', '-', '=']);
                let has_digit = run.chars().any(|c| c.is_ascii_digit());
                let has_letter = run.chars().any(char::is_alphabetic);
                if run.chars().count() >= 12
                    && ((has_digit && has_letter) || crate::secrets::entropy::looks_random(run))
                {
                    hidden.push(from..from + run.len());
                }
            }
            _ => {}
        }
    }
    hidden.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for range in hidden {
        if range.start < at {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&redact(&text[range.clone()]));
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// `text` with the inside of every `"..."` redacted, and any other part that looks like
/// a secret ([`redact_secret_like`]): for parser errors (serde, TOML) about a file that
/// may hold one, which quote the value they could not use.
pub fn redact_parse_error(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('"') else {
            break;
        };
        out.push_str(&rest[..=open]);
        out.push_str(&redact(&after[..close]));
        out.push('"');
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    redact_secret_like(&out)
}

/// Python code as a message shows it, with the contents of its string literals
/// redacted, except names that hold no secret: environment-variable style names
/// (`"SECRET_KEY"`) and names of several parts (`"X-Api-Key"`, `"api_key"`). A literal
/// left open (code cut short) is redacted to the end. Contents already redacted (with a
/// `…`) are kept.
pub fn redact_code_literals(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(open) = rest.find(['"', '\'']) {
        let quote = if rest[open..].starts_with('"') {
            '"'
        } else {
            '\''
        };
        let delimiter: &str = if rest[open..].starts_with(&quote.to_string().repeat(3)) {
            if quote == '"' { "\"\"\"" } else { "\'\'\'" }
        } else if quote == '"' {
            "\""
        } else {
            "'"
        };
        out.push_str(&rest[..open + delimiter.len()]);
        let body = &rest[open + delimiter.len()..];
        let close = closing(body, delimiter);
        let content = &body[..close.unwrap_or(body.len())];
        if content.contains('…') || is_name_literal(content) {
            out.push_str(content);
        } else {
            out.push_str(&redact(content));
        }
        match close {
            Some(close) => {
                out.push_str(delimiter);
                rest = &body[close + delimiter.len()..];
            }
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Where `delimiter` closes a literal body, skipping backslash escapes.
fn closing(body: &str, delimiter: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if body[i..].starts_with(delimiter) {
            return Some(i);
        }
    }
    None
}

/// `SECRET_KEY`, `API_KEY_2`, `X-Api-Key`, `api_key`: a name, not a value.
fn is_name_literal(content: &str) -> bool {
    let env_style = !content.is_empty()
        && content.starts_with(|c: char| c.is_ascii_uppercase())
        && content
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    let parts: Vec<&str> = content.split(['-', '_']).collect();
    let several_parts = content.len() <= 40
        && parts.len() >= 2
        && parts
            .iter()
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphabetic()));
    env_style || several_parts
}

#[cfg(test)]
mod tests {
    use super::{redact, redact_code_literals, redact_parse_error, redact_secret_like};

    #[test]
    fn code_in_messages_keeps_names_and_hides_values() {
        assert_eq!(
            redact_code_literals(r#"os.environ.get("API_KEY", "Xy7FAKEfallback42Qz")"#),
            r#"os.environ.get("API_KEY", "Xy7F…Qz")"#
        );
        assert_eq!(
            redact_code_literals(r#"request.headers.get('X-Api-Key') or "hunter2""#),
            r#"request.headers.get('X-Api-Key') or "…""#
        );
        assert_eq!(
            redact_code_literals(r#"f"{API_KEY}:Xy7FAKE\"fallback45Qz" + """a"b""""#),
            r#"f"{API…Qz" + """…""""#
        );
        assert_eq!(
            redact_code_literals(r#"app.config.get("SECRET_KEY", "Xy7FAKEfallb"#),
            r#"app.config.get("SECRET_KEY", "Xy7F…lb"#
        );
        assert_eq!(redact_code_literals(r#"x("FAKE…89")"#), r#"x("FAKE…89")"#);
    }

    #[test]
    fn parse_errors_lose_quoted_values() {
        assert_eq!(
            redact_parse_error(
                "invalid type: string \"FAKE-baseline-value-0123\", expected u32 at line 1 column 52"
            ),
            "invalid type: string \"FAKE…23\", expected u32 at line 1 column 52"
        );
    }

    #[test]
    fn secret_like_runs_are_redacted_and_words_stay() {
        assert_eq!(
            redact_secret_like("rule crashed on FAKEx7Qp9Lm2Zt4Wq at line 3"),
            "rule crashed on FAKE…Wq at line 3"
        );
        assert_eq!(
            redact_secret_like("token sk_live_FAKE0000example0000, then"),
            "token sk_l…00, then"
        );
        let plain = "missing field `textDocument` at line 1 column 42";
        assert_eq!(redact_secret_like(plain), plain);
    }

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
