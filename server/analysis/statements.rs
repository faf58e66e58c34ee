//! The top-level statements of a module as a vector, for the engine's index-based passes.

use tree_sitter::Node;

use crate::document::ParsedModule;

/// The module's top-level children in order, as [`ParsedModule::statements`] lists them
/// (comments and `ERROR` nodes included).
pub fn top_level_statements(parsed: &ParsedModule) -> Vec<Node<'_>> {
    parsed.statements().collect()
}

/// Node kinds whose named children include statements.
pub(crate) fn holds_statements(kind: &str) -> bool {
    matches!(
        kind,
        "module"
            | "block"
            | "ERROR"
            | "decorated_definition"
            | "function_definition"
            | "class_definition"
            | "if_statement"
            | "elif_clause"
            | "else_clause"
            | "for_statement"
            | "while_statement"
            | "try_statement"
            | "except_clause"
            | "except_group_clause"
            | "finally_clause"
            | "with_statement"
            | "match_statement"
            | "case_clause"
    )
}

/// The source text of `node` (empty when its range is not on character boundaries).
pub(crate) fn text<'s>(node: Node<'_>, source: &'s str) -> &'s str {
    source.get(node.byte_range()).unwrap_or_default()
}

/// The targets of a (possibly chained) assignment and the value they all receive:
/// `a = b = Flask(...)` gives `[a, b]` and `Flask(...)`. Only names and attributes
/// count as targets (`x[0] = ...` and tuple targets are left out); `None` when the
/// assignment has no value (`x: int`).
pub(crate) fn assignment_chain<'t>(node: Node<'t>) -> Option<(Vec<Node<'t>>, Node<'t>)> {
    let mut targets = Vec::new();
    let mut current = node;
    loop {
        if let Some(left) = current.child_by_field_name("left")
            && matches!(left.kind(), "identifier" | "attribute")
        {
            targets.push(left);
        }
        let right = current.child_by_field_name("right")?;
        if right.kind() != "assignment" {
            return Some((targets, right));
        }
        current = right;
    }
}
