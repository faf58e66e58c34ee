//! Logging to the editor (`window/logMessage`), or to stderr when no client can be
//! reached. Never stdout: that carries the protocol. Callers never pass a secret whole.

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::MessageType;

use crate::secrets::redact;
use crate::secrets::redact::redact_secret_like;

/// Sends log messages to the client without making the caller wait.
#[derive(Clone)]
pub struct Log {
    client: Client,
}

impl Log {
    pub fn new(client: Client) -> Log {
        Log { client }
    }

    pub fn error(&self, message: impl Into<String>) {
        self.send(MessageType::ERROR, message.into());
    }

    pub fn warn(&self, message: impl Into<String>) {
        self.send(MessageType::WARNING, message.into());
    }

    pub fn info(&self, message: impl Into<String>) {
        self.send(MessageType::INFO, message.into());
    }

    fn send(&self, typ: MessageType, message: String) {
        let message = format!("flaskguard: {message}");
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                let client = self.client.clone();
                runtime.spawn(async move { client.log_message(typ, message).await });
            }
            Err(_) => eprintln!("{message}"),
        }
    }
}

/// A config error message without the source excerpt a TOML error quotes and with
/// quoted values redacted (either could hold a value that must not be shown whole).
pub fn without_source_excerpt(message: &str) -> String {
    let message = redact_values(message);
    message
        .lines()
        .filter(|line| {
            let trimmed = line.trim_start();
            let after_number = trimmed.trim_start_matches(|c: char| c.is_ascii_digit());
            !(after_number.trim_start().starts_with('|'))
        })
        .map(str::trim_end)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of a caught panic, shortened, with every quoted part redacted (std's own
/// messages quote the input: `byte index 7 is not a char boundary ... of \`...\``) and
/// every unquoted part that looks like a secret (a message built with `{}`).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    let text = redact_secret_like(&redact_quoted(&text));
    let short: String = text.chars().take(160).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// Replaces the inside of every `` `...` ``, `"..."` and `'...'` with its redaction.
pub fn redact_quoted(text: &str) -> String {
    redact_between(text, &['`', '"', '\''])
}

/// Replaces the inside of every `"..."` with its redaction: serde and TOML errors quote
/// string values that way (and field names with backticks, which stay readable).
pub fn redact_values(text: &str) -> String {
    redact_between(text, &['"'])
}

fn redact_between(text: &str, quotes: &[char]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(quotes) {
        let quote = rest[open..].chars().next().unwrap_or('`');
        let after = &rest[open + 1..];
        let Some(close) = after.find(quote) else {
            break;
        };
        out.push_str(&rest[..=open]);
        let quoted = &after[..close];
        if is_rule_pattern(quoted) {
            // A rule code or prefix (`FG999`, `ALL`) names no secret and tells the user
            // which setting to correct.
            out.push_str(quoted);
        } else {
            out.push_str(&redact(quoted));
        }
        out.push(quote);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `FG`, `FG2`, `FG999`, `ALL`: what `select`, `ignore` and `severity` keys hold.
fn is_rule_pattern(text: &str) -> bool {
    let upper = text.to_ascii_uppercase();
    upper == "ALL"
        || upper
            .strip_prefix("FG")
            .is_some_and(|digits| digits.len() <= 3 && digits.bytes().all(|b| b.is_ascii_digit()))
}

thread_local! {
    /// Where the last panic on this thread happened, for the message of a caught panic.
    static LAST_PANIC_AT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Where the last panic on this thread happened (`server/rules/x.rs:12`), once: set by
/// the hooks below, so `None` when neither is installed.
pub fn take_panic_location() -> Option<String> {
    LAST_PANIC_AT.with(|at| at.borrow_mut().take())
}

fn record_panic_location(info: &std::panic::PanicHookInfo<'_>) -> String {
    let location = info
        .location()
        .map(|l| format!("{}:{}", l.file(), l.line()));
    LAST_PANIC_AT.with(|at| *at.borrow_mut() = location.clone());
    location.map(|l| format!(" at {l}")).unwrap_or_default()
}

/// An outgoing frame with the message of a JSON-RPC error redacted: a request whose
/// parameters do not decode is answered with serde's message, which quotes the value
/// (`invalid type: string "…", expected struct Position`). Other frames are returned as
/// they are.
pub fn redacted_error_frame(frame: Vec<u8>) -> Vec<u8> {
    let Some(header_end) = frame.windows(4).position(|w| w == b"\r\n\r\n") else {
        return frame;
    };
    let body = &frame[header_end + 4..];
    if !body.windows(8).any(|w| w == b"\"error\":") {
        return frame;
    }
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return frame;
    };
    let Some(error) = value.get_mut("error").and_then(|e| e.as_object_mut()) else {
        return frame;
    };
    let mut changed = false;
    for key in ["message", "data"] {
        if let Some(text) = error.get(key).and_then(|m| m.as_str()) {
            let redacted = redact_secret_like(&redact_values(text));
            if redacted != text {
                error.insert(key.to_string(), serde_json::Value::String(redacted));
                changed = true;
            }
        }
    }
    if !changed {
        return frame;
    }
    let body = value.to_string();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

/// Installs a panic hook that reports panics on stderr redacted, for the server process
/// (the default hook prints the message whole).
pub fn install_redacting_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = record_panic_location(info);
        eprintln!(
            "flaskguard: panic{location}: {}",
            panic_message(info.payload())
        );
    }));
}

/// Installs a panic hook that only records where a panic happened, for the checker:
/// it catches panics per file and reports them itself, redacted, with that location.
pub fn install_quiet_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        record_panic_location(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquoted_secrets_in_panics_are_redacted() {
        let payload: Box<dyn std::any::Any + Send> =
            Box::new("rule crashed on ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234 here".to_string());
        assert_eq!(
            panic_message(payload.as_ref()),
            "rule crashed on ghp_…34 here"
        );
    }

    #[test]
    fn error_responses_lose_quoted_values() {
        let body = r#"{"jsonrpc":"2.0","id":3,"error":{"code":-32602,"message":"invalid type: string \"FAKE-secret-value-0123456789\", expected struct Position"}}"#;
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes();
        let out = String::from_utf8(redacted_error_frame(frame)).expect("utf-8");
        let (header, body) = out.split_once("\r\n\r\n").expect("frame");
        assert_eq!(header, format!("Content-Length: {}", body.len()));
        assert!(
            body.contains(r#"string \"FAKE…89\", expected struct Position"#),
            "{body}"
        );
        let ok = b"Content-Length: 2\r\n\r\n{}".to_vec();
        assert_eq!(redacted_error_frame(ok.clone()), ok);
    }

    #[test]
    fn quoted_parts_of_panics_are_redacted() {
        let message = "byte index 7 is not a char boundary; it is inside 'é' of `FAKE-secret-value-0123456789`";
        assert_eq!(
            redact_quoted(message),
            "byte index 7 is not a char boundary; it is inside '…' of `FAKE…89`"
        );
        assert_eq!(
            redact_quoted("no quotes, \"unclosed"),
            "no quotes, \"unclosed"
        );
    }

    #[test]
    fn settings_errors_keep_field_names_and_redact_values() {
        let message = "invalid type: string \"FAKE-secret-value-0123456789\", expected a sequence for key `ignore`";
        assert_eq!(
            without_source_excerpt(message),
            "invalid type: string \"FAKE…89\", expected a sequence for key `ignore`"
        );
    }

    #[test]
    fn rule_codes_stay_readable_in_setting_errors() {
        assert_eq!(
            redact_values("select[0]: unknown rule code or prefix \"FG999\""),
            "select[0]: unknown rule code or prefix \"FG999\""
        );
        assert_eq!(redact_values("value \"changeme\""), "value \"…\"");
    }

    #[test]
    fn config_errors_lose_their_source_excerpt() {
        let message = "TOML parse error at line 1, column 8\n  |\n1 | key = \"FAKE-value\n  |        ^\ninvalid string";
        assert_eq!(
            without_source_excerpt(message),
            "TOML parse error at line 1, column 8 invalid string"
        );
    }
}
