//! Logging to the editor (`window/logMessage`), or to stderr when no client can be
//! reached. Never stdout: that carries the protocol. Callers never pass a secret whole.

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::MessageType;

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

/// A config file error message without the source excerpt a TOML error quotes (the
/// quoted line could hold a value that must not be shown whole).
pub fn without_source_excerpt(message: &str) -> String {
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

/// The text of a caught panic, shortened (it could quote input).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    let short: String = text.chars().take(120).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}
