//! What counts as a secret: secret-like names, provider key formats, entropy,
//! placeholder and dummy values; and redaction for anything shown to a person.

pub mod redact;

pub use redact::redact;
