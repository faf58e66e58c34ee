//! Fingerprints that survive line moves and unrelated edits, and never derive from a
//! secret.
//!
//! A fingerprint hashes three things: the rule code, the file's path relative to the
//! baseline's folder, and the *normalised statement* the finding sits in. The statement
//! is the innermost statement around the finding (for a compound statement such as
//! `def f(password="..."):` only its header, up to the body), with every string,
//! number and comment replaced by a placeholder, all whitespace and line continuations
//! removed, and trailing commas before a closing bracket dropped. So moving
//! code, re-indenting it, or editing other statements keeps the fingerprint, and a
//! dictionary of weak secrets (`"changeme"`) cannot recover anything from it: the
//! value never enters the hash.

use std::ops::Range;

use sha2::{Digest, Sha256};
use tree_sitter::Node;

use crate::document::ParsedModule;
use crate::rules::RuleCode;

/// Bumped when the normalisation changes, so old baselines do not silently match.
const VERSION: &str = "flaskguard-fingerprint-v1";

/// The fingerprint of a finding: 32 hex digits.
pub fn fingerprint(code: RuleCode, path: &str, statement: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [VERSION, code.as_str(), path, statement] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize()[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The statement around `range`, literals and comments masked, whitespace removed.
pub fn masked_statement(source: &str, parsed: &ParsedModule, range: Range<usize>) -> String {
    let start = range.start.min(source.len());
    let end = range.end.clamp(start, source.len());
    let Some(node) = parsed.descendant_for_byte_range(start, end) else {
        return String::new();
    };
    let statement = enclosing_statement(node);
    let span = statement.start_byte()..header_end(statement).max(statement.start_byte());
    let mut masked = String::new();
    let mut at = span.start;
    mask_into(statement, source, &span, &mut at, &mut masked);
    if let Some(rest) = source.get(at..span.end) {
        masked.push_str(rest);
    }
    let compact: Vec<char> = masked
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\\')
        .collect();
    // A trailing comma before a closing bracket is formatting too (black adds it when
    // it splits a call over lines).
    compact
        .iter()
        .enumerate()
        .filter(|&(i, c)| !(*c == ',' && matches!(compact.get(i + 1), Some(')' | ']' | '}'))))
        .map(|(_, c)| *c)
        .collect()
}

/// The innermost node whose parent is the module or a block: a statement (or a comment
/// standing on its own).
fn enclosing_statement(mut node: Node<'_>) -> Node<'_> {
    while let Some(parent) = node.parent() {
        if matches!(parent.kind(), "module" | "block") {
            return node;
        }
        node = parent;
    }
    node
}

/// Where the part of a statement that identifies it ends: before the body of a
/// compound statement, at the end of a simple one.
fn header_end(node: Node<'_>) -> usize {
    if node.kind() == "decorated_definition"
        && let Some(definition) = node.child_by_field_name("definition")
    {
        return header_end(definition);
    }
    let mut cursor = node.walk();
    let body = node
        .children(&mut cursor)
        .find(|child| child.kind() == "block");
    body.map_or(node.end_byte(), |block| block.start_byte())
}

/// Appends the text of `node` within `span` from `*at` on, with literals masked.
fn mask_into(node: Node<'_>, source: &str, span: &Range<usize>, at: &mut usize, out: &mut String) {
    if node.end_byte() <= span.start || node.start_byte() >= span.end {
        return;
    }
    let placeholder = match node.kind() {
        "string" | "concatenated_string" => Some("\"_\""),
        "integer" | "float" => Some("0"),
        "comment" => Some("#"),
        _ => None,
    };
    if let Some(placeholder) = placeholder {
        let start = node.start_byte().max(*at);
        if let Some(before) = source.get(*at..start) {
            out.push_str(before);
        }
        out.push_str(placeholder);
        *at = node.end_byte().min(span.end).max(*at);
        return;
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        mask_into(child, source, span, at, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(source: &str, needle: &str) -> String {
        let parsed = ParsedModule::parse(source);
        let start = source.find(needle).expect("needle");
        masked_statement(source, &parsed, start..start + needle.len())
    }

    #[test]
    fn literals_comments_and_whitespace_are_masked() {
        assert_eq!(
            masked("SECRET_KEY = \"FAKE-changeme\"  # old\n", "\"FAKE"),
            "SECRET_KEY=\"_\""
        );
        assert_eq!(
            masked(
                "app.config.update(\n    PASSWORD='FAKE', PORT=5432,\n)\n",
                "'FAKE'"
            ),
            "app.config.update(PASSWORD=\"_\",PORT=0)"
        );
    }

    #[test]
    fn only_the_header_of_a_compound_statement_counts() {
        let source = "class Config:\n    def connect(self, password=\"FAKE-pw\"):\n        return password\n";
        assert_eq!(
            masked(source, "\"FAKE-pw\""),
            "defconnect(self,password=\"_\"):"
        );
    }

    #[test]
    fn the_value_never_changes_the_fingerprint() {
        let a = masked("TOKEN = \"FAKE-one\"\n", "\"FAKE-one\"");
        let b = masked("TOKEN = 'FAKE-two-longer'\n", "'FAKE-two-longer'");
        assert_eq!(a, b);
        assert_eq!(
            fingerprint(RuleCode::FG101, "app.py", &a),
            fingerprint(RuleCode::FG101, "app.py", &b)
        );
        assert_ne!(
            fingerprint(RuleCode::FG101, "app.py", &a),
            fingerprint(RuleCode::FG101, "other.py", &a)
        );
    }

    #[test]
    fn out_of_range_input_does_not_panic() {
        let parsed = ParsedModule::parse("x = 1\n");
        // A reversed range past the end falls back to the whole (masked) module.
        let reversed = std::ops::Range { start: 50, end: 10 };
        assert_eq!(masked_statement("x = 1\n", &parsed, reversed), "x=0");
    }
}
