//! A byte-level look at a statement's text that decides which secret rules can fire
//! at all, so most statements cost one or two linear scans and no tree walk.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::analysis::file_prefilter::join_literals_into;
use crate::secrets::names::segments;
use crate::secrets::providers;

/// Which rules a statement may trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefilter {
    /// A provider token may be present (FG102).
    pub tokens: bool,
    /// A URL with userinfo may be present (FG103).
    pub urls: bool,
    /// A secret-like name may be present (FG101, FG104).
    pub names: bool,
}

/// Substrings every built-in secret-like name, and every known signing call, contains
/// (case-insensitively).
const NAME_HINTS: &[&str] = &[
    "pass",
    "pwd",
    "secret",
    "token",
    "credential",
    "key",
    // Calls whose key parameter is a secret whatever it is named (`bindings::KEY_PARAMS`).
    "jwt",
    "hmac",
    "serializer",
    "signer",
    "fernet",
];

fn name_hints() -> &'static AhoCorasick {
    static CELL: OnceLock<AhoCorasick> = OnceLock::new();
    CELL.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(NAME_HINTS)
            .unwrap_or_else(|err| panic!("invalid built-in name hints: {err}"))
    })
}

impl Prefilter {
    /// Looks at `text` (a statement); `extra` are the user's extra secret names.
    pub fn for_text(text: &str, extra: &[String]) -> Prefilter {
        if !text.bytes().any(|b| matches!(b, b'"' | b'\'' | b'#')) {
            return Prefilter {
                tokens: false,
                urls: false,
                names: false,
            };
        }
        let names = name_hints().is_match(text) || mentions_extra_name(text, extra);
        Prefilter {
            // A token split across concatenated literals only shows once joined.
            tokens: providers::may_contain_token(text)
                || (may_concatenate_strings(text) && joined_may_contain_token(text)),
            urls: text.contains("://") && text.contains('@'),
            names,
        }
    }

    /// True when any secret rule may fire.
    pub fn any(&self) -> bool {
        self.tokens || self.urls || self.names
    }
}

/// True when a string literal may be followed by another one, joined implicitly
/// (`"a" "b"`) or with `+` (possibly across lines and parentheses).
fn may_concatenate_strings(text: &str) -> bool {
    let bytes = text.as_bytes();
    let is_quote = |b: u8| b == b'"' || b == b'\'';
    let mut i = 0;
    while i < bytes.len() {
        if is_quote(bytes[i]) {
            let mut j = i + 1;
            while j < bytes.len()
                && matches!(
                    bytes[j],
                    b' ' | b'\t' | b'\r' | b'\n' | b'+' | b'(' | b')' | b'\\'
                )
            {
                j += 1;
            }
            let skipped = j > i + 1;
            let mut k = j;
            while k < bytes.len()
                && k < j + 2
                && matches!(
                    bytes[k],
                    b'r' | b'R' | b'b' | b'B' | b'u' | b'U' | b'f' | b'F'
                )
            {
                k += 1;
            }
            if skipped && k < bytes.len() && is_quote(bytes[k]) {
                return true;
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    false
}

/// True when `text` with the seams between its concatenated literals removed
/// (`"gh" "p_..."`, `"gh" +\n f"p_..."`) may contain a provider token.
fn joined_may_contain_token(text: &str) -> bool {
    let mut joined = Vec::with_capacity(text.len());
    join_literals_into(text, &mut joined);
    joined.len() != text.len()
        && match std::str::from_utf8(&joined) {
            Ok(joined) => providers::may_contain_token(joined),
            Err(_) => true,
        }
}

fn mentions_extra_name(text: &str, extra: &[String]) -> bool {
    if extra.is_empty() {
        return false;
    }
    let lower = text.to_lowercase();
    extra
        .iter()
        .flat_map(|name| segments(name))
        .any(|segment| lower.contains(&segment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_without_hints_are_skipped() {
        assert!(!Prefilter::for_text("x = 1", &[]).any());
        assert!(!Prefilter::for_text("print(\"hello\")", &[]).any());
        let hit = Prefilter::for_text("apiKey = \"x\"", &[]);
        assert!(hit.names && !hit.tokens && !hit.urls);
        assert!(Prefilter::for_text("u = \"redis://:pw@h\"", &[]).urls);
        assert!(Prefilter::for_text("# AKIAFAKEEXAMPLE12345", &[]).tokens);
        assert!(
            Prefilter::for_text("t = \"gh\" \"p_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234\"", &[])
                .tokens
        );
        assert!(
            Prefilter::for_text(
                "t = (\"gh\" +\n  f\"p_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234\")",
                &[]
            )
            .tokens
        );
        // Joined literals that make no token leave the token rule out.
        assert!(!Prefilter::for_text("t = (\"a b\" \"c\")", &[]).tokens);
        assert!(!Prefilter::for_text("f(\"a\", \"b\")", &[]).tokens);
        assert!(Prefilter::for_text("SIGNATURE = \"x\"", &["signature".into()]).names);
    }
}
