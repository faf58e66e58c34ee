//! Known provider token formats (FG102): AWS, GitHub, GitLab, Stripe, OpenAI,
//! Anthropic, Slack, Google, Twilio, SendGrid, Mailgun, npm, PyPI, Hugging Face, PEM
//! private keys and JWTs.
//!
//! Scanning is one [`RegexSet`] pass over the text; only when it matches are the
//! individual patterns run to find where, which keeps the common case (no token) cheap.

use std::ops::Range;
use std::sync::OnceLock;

use regex::{Regex, RegexSet};

/// One provider format.
struct Format {
    provider: &'static str,
    /// What the token is, for messages (`"personal access token"`).
    what: &'static str,
    pattern: &'static str,
    /// A test-mode key (Stripe `sk_test_`): reported as a warning.
    test_mode: bool,
    /// The pattern is loose enough that the match must also mix letters and digits.
    needs_mixed: bool,
}

const FORMATS: &[Format] = &[
    Format {
        provider: "AWS",
        what: "access key id",
        pattern: r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",
        test_mode: false,
        needs_mixed: false,
    },
    Format {
        provider: "GitHub",
        what: "token",
        pattern: r"\bgh[pousr]_[A-Za-z0-9]{36,255}\b",
        test_mode: false,
        needs_mixed: false,
    },
    Format {
        provider: "GitHub",
        what: "fine-grained personal access token",
        pattern: r"\bgithub_pat_[A-Za-z0-9_]{22,255}\b",
        test_mode: false,
        needs_mixed: false,
    },
    Format {
        provider: "GitLab",
        what: "personal access token",
        pattern: r"\bglpat-[A-Za-z0-9_\-]{20,}",
        test_mode: false,
        needs_mixed: false,
    },
    Format {
        provider: "Stripe",
        what: "live secret key",
        pattern: r"\b(?:sk|rk)_live_[A-Za-z0-9]{16,}\b",
        test_mode: false,
        needs_mixed: false,
    },
    Format {
        provider: "Stripe",
        what: "test-mode secret key",
        pattern: r"\b(?:sk|rk)_test_[A-Za-z0-9]{16,}\b",
        test_mode: true,
        needs_mixed: false,
    },
    Format {
        provider: "Anthropic",
        what: "API key",
        pattern: r"\bsk-ant-[A-Za-z0-9_\-]{20,}",
        test_mode: false,
        needs_mixed: false,
    },
    Format {
        provider: "OpenAI",
        what: "API key",
        pattern: r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}",
        test_mode: false,
        needs_mixed: true,
    },
    Format {
        provider: "Slack",
        what: "token",
        pattern: r"\bxox[abposr]-[A-Za-z0-9\-]{10,}",
        test_mode: false,
        needs_mixed: true,
    },
    Format {
        provider: "Slack",
        what: "webhook URL",
        pattern: r"https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+",
        test_mode: false,
        needs_mixed: false,
    },
    Format {
        provider: "Google",
        what: "API key",
        pattern: r"\bAIza[0-9A-Za-z_\-]{35}",
        test_mode: false,
        needs_mixed: false,
    },
    Format {
        provider: "Twilio",
        what: "key",
        pattern: r"\b(?:SK|AC)[0-9a-f]{32}\b",
        test_mode: false,
        needs_mixed: true,
    },
    Format {
        provider: "SendGrid",
        what: "API key",
        pattern: r"\bSG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}",
        test_mode: false,
        needs_mixed: false,
    },
    Format {
        provider: "Mailgun",
        what: "API key",
        pattern: r"\bkey-[0-9A-Za-z]{32}\b",
        test_mode: false,
        needs_mixed: true,
    },
    Format {
        provider: "npm",
        what: "access token",
        pattern: r"\bnpm_[A-Za-z0-9]{36}\b",
        test_mode: false,
        needs_mixed: false,
    },
    Format {
        provider: "PyPI",
        what: "API token",
        pattern: r"\bpypi-[A-Za-z0-9_\-]{50,}",
        test_mode: false,
        needs_mixed: false,
    },
    Format {
        provider: "Hugging Face",
        what: "access token",
        pattern: r"\bhf_[A-Za-z0-9]{30,}\b",
        test_mode: false,
        needs_mixed: true,
    },
    Format {
        provider: "PEM",
        what: "private key",
        // The header alone is a parser constant; a key has a body after it.
        pattern: r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:\\[nr]|[\sA-Za-z0-9+/=:,\-])*?[A-Za-z0-9+/]{16}",
        test_mode: false,
        needs_mixed: false,
    },
    Format {
        provider: "JWT",
        what: "token",
        pattern: r"\beyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}",
        test_mode: false,
        needs_mixed: false,
    },
];

/// A provider token found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderMatch {
    /// The provider, e.g. `"GitHub"`.
    pub provider: &'static str,
    /// What the token is, e.g. `"token"`, `"live secret key"`.
    pub what: &'static str,
    /// A test-mode key (`sk_test_`): FG102 reports it as a warning.
    pub test_mode: bool,
    /// Byte range of the token in the scanned text.
    pub range: Range<usize>,
}

impl ProviderMatch {
    /// `"GitHub token"`, `"Stripe test-mode secret key"`.
    pub fn describe(&self) -> String {
        format!("{} {}", self.provider, self.what)
    }
}

struct Compiled {
    set: RegexSet,
    each: Vec<Regex>,
}

fn compiled() -> &'static Compiled {
    static CELL: OnceLock<Compiled> = OnceLock::new();
    CELL.get_or_init(|| Compiled {
        set: RegexSet::new(FORMATS.iter().map(|f| f.pattern))
            .unwrap_or_else(|err| panic!("invalid built-in provider pattern: {err}")),
        each: FORMATS
            .iter()
            .map(|f| {
                Regex::new(f.pattern)
                    .unwrap_or_else(|err| panic!("invalid built-in provider pattern: {err}"))
            })
            .collect(),
    })
}

fn mixes_letters_and_digits(token: &str) -> bool {
    token.chars().any(|c| c.is_ascii_digit()) && token.chars().any(|c| c.is_ascii_alphabetic())
}

/// Every provider token in `text`, in order of position; overlapping matches keep the
/// first format listed (Anthropic before OpenAI).
pub fn find_all(text: &str) -> Vec<ProviderMatch> {
    let compiled = compiled();
    let hits = compiled.set.matches(text);
    if !hits.matched_any() {
        return Vec::new();
    }
    let mut found: Vec<ProviderMatch> = Vec::new();
    for index in hits.iter() {
        let (Some(format), Some(re)) = (FORMATS.get(index), compiled.each.get(index)) else {
            continue;
        };
        for m in re.find_iter(text) {
            if format.needs_mixed && !mixes_letters_and_digits(m.as_str()) {
                continue;
            }
            if found
                .iter()
                .any(|f| f.range.start < m.end() && m.start() < f.range.end)
            {
                continue;
            }
            found.push(ProviderMatch {
                provider: format.provider,
                what: format.what,
                test_mode: format.test_mode,
                range: m.range(),
            });
        }
    }
    found.sort_by_key(|f| f.range.start);
    found
}

/// True when `text` may contain a provider token (one cheap pass, no positions).
pub fn may_contain_token(text: &str) -> bool {
    compiled().set.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made-up tokens in each format: obviously fake, never real keys.
    const FAKE: &[(&str, &str)] = &[
        ("AWS", "AKIAFAKEEXAMPLE12345"),
        ("GitHub", "ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234"),
        ("GitHub", "github_pat_FAKE0example0token0only0for0tests"),
        ("GitLab", "glpat-FAKEexample1234567890"),
        ("Stripe", "sk_live_FAKE0000example0000"),
        ("Anthropic", "sk-ant-api03-FAKEexample0000000000"),
        ("OpenAI", "sk-proj-FAKEexample0000000000000"),
        ("OpenAI", "sk-FAKEexample000000000000000000000000000000000"),
        ("Slack", "xoxb-000000000-FAKEexample"),
        (
            "Slack",
            "https://hooks.slack.com/services/T0FAKE000/B0FAKE000/FAKEexample00",
        ),
        ("Google", "AIzaFAKEexample000000000000000000000000"),
        ("Twilio", "SK0123456789abcdef0123456789abcdef"),
        ("SendGrid", "SG.FAKEexample0000000.FAKEexample000000000000"),
        ("Mailgun", "key-0fake0example0fake0example0fake0"),
        ("npm", "npm_FAKEexample0000000000000000000000000"),
        (
            "PyPI",
            "pypi-FAKEexample0000000000000000000000000000000000000000",
        ),
        ("Hugging Face", "hf_FAKEexample0000000000000000000000"),
        ("PEM", "-----BEGIN RSA PRIVATE KEY-----\\nMIIEFAKEexample0"),
        (
            "PEM",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaFAKEexa",
        ),
        (
            "JWT",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJGQUtFIn0.FAKEsignature000",
        ),
    ];

    #[test]
    fn every_format_is_recognised() {
        for (provider, token) in FAKE {
            let found = find_all(&format!("value = '{token}'"));
            assert_eq!(found.len(), 1, "{token}: {found:?}");
            assert_eq!(found[0].provider, *provider, "{token}");
            assert_eq!(found[0].range.len(), token.len(), "{token}");
        }
    }

    #[test]
    fn stripe_test_keys_are_test_mode_and_publishable_keys_are_not_tokens() {
        let found = find_all("sk_test_FAKE0000example0000");
        assert_eq!(found.len(), 1);
        assert!(found[0].test_mode);
        assert!(find_all("pk_live_FAKE0000example0000").is_empty());
        assert!(!find_all("sk_live_FAKE0000example0000")[0].test_mode);
    }

    #[test]
    fn look_alikes_are_not_tokens() {
        for text in [
            "ghp_short",
            "AKIA1234",
            "sk-learn-is-a-python-library-name",
            "key-value-store-configuration-string",
            "-----BEGIN PUBLIC KEY-----\nMIIBFAKEexampleFAKEexample",
            "-----BEGIN OPENSSH PRIVATE KEY-----",
            "the mask is skeleton-key-ghp_",
            "hf_transfer_enabled_for_downloads",
        ] {
            assert!(find_all(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn finds_several_tokens_in_order() {
        let text = "# AKIAFAKEEXAMPLE12345 and ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234";
        let found = find_all(text);
        assert_eq!(
            found.iter().map(|f| f.provider).collect::<Vec<_>>(),
            ["AWS", "GitHub"]
        );
        assert!(may_contain_token(text));
        assert!(!may_contain_token("nothing here"));
    }
}
