//! Documents: text, line index and position encodings, the incremental parse, and the
//! store of open documents.

pub mod line_index;
pub mod parse;
pub mod split;
pub mod store;
pub mod text_document;

pub use line_index::{LineIndex, PositionEncoding};
pub use parse::{ParsedModule, Selection};
pub use store::{DocumentStore, NestingWindow, OpenDocument, Stamp};
pub use text_document::{ChangeOutcome, Document};
