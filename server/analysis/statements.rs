//! The top-level statements of a module as a vector, for the engine's index-based passes.

use tree_sitter::Node;

use crate::document::ParsedModule;

/// The module's top-level children in order, as [`ParsedModule::statements`] lists them
/// (comments and `ERROR` nodes included).
pub fn top_level_statements(parsed: &ParsedModule) -> Vec<Node<'_>> {
    parsed.statements().collect()
}
