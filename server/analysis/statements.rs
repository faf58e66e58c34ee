//! The top-level statements of a module, listed in one pass.

use tree_sitter::Node;

use crate::document::ParsedModule;

/// The module's top-level children in order, as [`ParsedModule::statements`] lists them
/// (comments and `ERROR` nodes included), but walked with one cursor: `Node::child(i)`
/// scans the children before `i`, which makes indexing every statement quadratic.
pub fn top_level_statements(parsed: &ParsedModule) -> Vec<Node<'_>> {
    let root = parsed.root();
    let mut cursor = root.walk();
    root.children(&mut cursor).collect()
}
