//! Fix I: `supplied != expected` →
//! `not (expected and hmac.compare_digest((supplied or "").encode(), expected.encode()))`
//! (the positive form for `==`), adding `import hmac` once. A missing or empty
//! configured key makes the check fail, never pass.

use std::ops::Range;

use tree_sitter::Node;

use super::ensure_import::{ensure_import, imports_module};
use super::nodes::{inside_interpolation, named_children, node_exactly_at};
use crate::document::ParsedModule;
use crate::finding::TextEdit;

/// The rewritten comparison, and the `import hmac` when needed.
pub fn compare_digest_edits(
    source: &str,
    parsed: &ParsedModule,
    comparison: &Range<usize>,
    supplied: &Range<usize>,
    expected: &Range<usize>,
    negated: bool,
) -> Option<(TextEdit, Vec<TextEdit>)> {
    let node = node_exactly_at(source, parsed, comparison)?;
    if node.kind() != "comparison_operator" || inside_interpolation(node) {
        return None;
    }
    let operands = named_children(node);
    let operator: Vec<&str> = {
        let mut cursor = node.walk();
        node.children_by_field_name("operators", &mut cursor)
            .map(|op| op.kind())
            .collect()
    };
    let wanted = if negated { "!=" } else { "==" };
    if operands.len() != 2 || operator != [wanted] {
        return None;
    }
    let operand_at =
        |range: &Range<usize>| operands.iter().copied().find(|o| o.byte_range() == *range);
    let (supplied, expected) = (operand_at(supplied)?, operand_at(expected)?);
    if supplied.id() == expected.id() {
        return None;
    }
    let supplied_text = primary(source, supplied);
    let expected_text = primary(source, expected);
    let check = format!(
        "hmac.compare_digest(({supplied_text} or \"\").encode(), {expected_text}.encode())"
    );
    let text = if negated {
        format!("not ({expected_text} and {check})")
    } else if stands_alone(node) {
        format!("{expected_text} and {check}")
    } else {
        format!("({expected_text} and {check})")
    };
    let present = imports_module(source, parsed, "hmac");
    let import = ensure_import(source, parsed, present, "import hmac")?;
    Some((
        TextEdit::replace(comparison.clone(), text),
        import.into_iter().collect(),
    ))
}

/// The operand's text, parenthesised unless it is a primary expression.
fn primary(source: &str, node: Node<'_>) -> String {
    let text = source.get(node.byte_range()).unwrap_or_default();
    match node.kind() {
        "identifier"
        | "attribute"
        | "subscript"
        | "call"
        | "parenthesized_expression"
        | "string" => text.to_string(),
        _ => format!("({text})"),
    }
}

/// True when the comparison is a whole condition, value or operand of `and`/`or`,
/// where `a and b` needs no parentheses.
fn stands_alone(node: Node<'_>) -> bool {
    node.parent().is_some_and(|parent| {
        matches!(
            parent.kind(),
            "if_statement"
                | "elif_clause"
                | "while_statement"
                | "return_statement"
                | "assignment"
                | "parenthesized_expression"
                | "boolean_operator"
                | "expression_statement"
        )
    })
}
