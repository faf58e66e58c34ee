//! What counts as a secret: secret-like names, provider key formats, entropy,
//! placeholder and dummy values, credentials in URLs; and redaction for anything shown
//! to a person.
//!
//! Everything here works on plain strings: the rules in `rules::secrets` find the
//! literals and their names in the tree and ask these modules what they are.

pub mod entropy;
pub mod names;
pub mod providers;
pub mod redact;
pub mod urls;
pub mod values;

pub use redact::redact;
