//! flaskguard: finds and fixes API-key and secret exposure in Flask applications.
//!
//! The layers, from the edge inwards (see `docs/architecture.md`):
//! - [`cli`] and [`lsp`]: the two front ends (command-line checker, language server).
//! - [`document`]: text, line index, position encodings and the incremental parse.
//! - [`analysis`]: the engine that runs rules statement by statement and caches findings.
//! - [`rules`]: one module per rule, producing [`finding::Finding`]s with byte ranges.
//! - [`secrets`]: what a secret-like name and a secret-like value are; redaction.
//! - [`fixes`]: turns a finding's [`finding::FixPlan`] into text edits.
//! - [`config`]: `pyproject.toml` / `flaskguard.toml` and editor overrides.

pub mod analysis;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod document;
pub mod finding;
pub mod fixes;
pub mod lsp;
pub mod rules;
pub mod secrets;
