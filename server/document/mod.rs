//! Documents: text, line index and position encodings, the incremental parse, and the
//! store of open documents.

pub mod parse;

pub use parse::ParsedModule;
