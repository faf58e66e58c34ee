//! Finds every string literal site in a statement: plain and bytes literals,
//! implicit (`"a" "b"`) and `+` concatenations of literals (joined into one value),
//! f-strings (interpolations stand as `{}`), and comments.
//!
//! The walk uses an explicit stack, so deeply nested input cannot overflow the
//! call stack, and visits each node once.

use std::collections::HashMap;
use std::ops::Range;

use tree_sitter::Node;

/// One literal as the rules see it.
#[derive(Debug, Clone)]
pub struct LiteralSite<'t> {
    /// The whole expression: a `string`, a `concatenated_string`, a `+` of literals,
    /// or a `comment`.
    pub node: Node<'t>,
    /// [`Self::node`] then its ancestors, nearest first, up to the top-level statement.
    pub chain: Vec<Node<'t>>,
    /// The joined value; an f-string interpolation stands as `{}`. For a comment,
    /// the text after `#`.
    pub value: String,
    /// Each literal part: its node and the byte range of its value in [`Self::value`].
    pub parts: Vec<(Node<'t>, Range<usize>)>,
    /// No interpolation anywhere: the value is known in full.
    pub fully_literal: bool,
    /// A comment (only FG102 looks at comments).
    pub is_comment: bool,
}

impl<'t> LiteralSite<'t> {
    /// The smallest node containing `range` of the value: the one part holding all of
    /// it, else the whole site.
    pub fn smallest_node_for(&self, range: &Range<usize>) -> Node<'t> {
        self.parts
            .iter()
            .find(|(_, span)| span.start <= range.start && range.end <= span.end)
            .map_or(self.node, |(node, _)| *node)
    }
}

/// No parent: the statement itself.
const NO_PARENT: usize = usize::MAX;

/// The nodes visited so far, each with the index of its parent, so a site's
/// ancestors come from here rather than `Node::parent` (which walks down from the
/// root of the whole module every time).
struct Arena<'t> {
    nodes: Vec<(Node<'t>, usize)>,
}

impl<'t> Arena<'t> {
    fn add(&mut self, node: Node<'t>, parent: usize) -> usize {
        self.nodes.push((node, parent));
        self.nodes.len() - 1
    }

    /// The node at `index` then its ancestors, nearest first, up to the statement.
    fn chain(&self, index: usize) -> Vec<Node<'t>> {
        let mut out = Vec::new();
        let mut current = index;
        while let Some(&(node, parent)) = self.nodes.get(current) {
            out.push(node);
            current = parent;
        }
        out
    }
}

/// Collects the literal sites under `stmt` (the statement itself included).
pub fn collect<'t>(stmt: Node<'t>, source: &str) -> Vec<LiteralSite<'t>> {
    let mut sites = Vec::new();
    let mut concat_memo: HashMap<usize, bool> = HashMap::new();
    let mut arena = Arena { nodes: Vec::new() };
    let mut stack = vec![arena.add(stmt, NO_PARENT)];
    let mut cursor = stmt.walk();
    // Where quotes and `#` are: a subtree without one holds no literal and no comment,
    // so the walk skips it (most of a function body is code, not strings).
    let stmt_start = stmt.start_byte();
    let marks: Vec<usize> = source
        .get(stmt.byte_range())
        .unwrap_or_default()
        .bytes()
        .enumerate()
        .filter(|&(_, b)| matches!(b, b'"' | b'\'' | b'#'))
        .map(|(i, _)| stmt_start + i)
        .collect();
    let has_mark = |node: Node<'_>| {
        let first = marks.partition_point(|&m| m < node.start_byte());
        marks.get(first).is_some_and(|&m| m < node.end_byte())
    };
    while let Some(index) = stack.pop() {
        let Some(&(node, _)) = arena.nodes.get(index) else {
            continue;
        };
        match node.kind() {
            "comment" => {
                let text = source.get(node.byte_range()).unwrap_or_default();
                let value = text.strip_prefix('#').unwrap_or(text).to_string();
                let len = value.len();
                sites.push(LiteralSite {
                    node,
                    chain: arena.chain(index),
                    value,
                    parts: vec![(node, 0..len)],
                    fully_literal: true,
                    is_comment: true,
                });
                continue;
            }
            "string" | "concatenated_string" => {
                sites.push(site_for(index, node, source, &mut arena, &mut stack));
                continue;
            }
            "binary_operator" if is_literal_concat(node, &mut concat_memo) => {
                sites.push(site_for(index, node, source, &mut arena, &mut stack));
                continue;
            }
            _ => {}
        }
        cursor.reset(node);
        let first = stack.len();
        for child in node.children(&mut cursor) {
            if has_mark(child) {
                stack.push(arena.add(child, index));
            }
        }
        stack[first..].reverse();
    }
    sites
}

/// Builds the site rooted at the arena node `root`; interpolations go on `stack` so
/// the literals inside them are found too.
fn site_for<'t>(
    root: usize,
    root_node: Node<'t>,
    source: &str,
    arena: &mut Arena<'t>,
    stack: &mut Vec<usize>,
) -> LiteralSite<'t> {
    let mut value = String::new();
    let mut parts = Vec::new();
    let mut fully_literal = true;
    let mut pending = vec![root];
    while let Some(index) = pending.pop() {
        let Some(&(node, _)) = arena.nodes.get(index) else {
            continue;
        };
        match node.kind() {
            "string" => {
                let start = value.len();
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    match child.kind() {
                        "string_content" => {
                            value.push_str(source.get(child.byte_range()).unwrap_or_default())
                        }
                        "interpolation" => {
                            value.push_str("{}");
                            fully_literal = false;
                            stack.push(arena.add(child, index));
                        }
                        _ => {}
                    }
                }
                parts.push((node, start..value.len()));
            }
            "comment" => stack.push(index),
            _ => {
                // concatenated_string, `+` or parentheses: parts left to right.
                let mut cursor = node.walk();
                let first = pending.len();
                for child in node.named_children(&mut cursor) {
                    pending.push(arena.add(child, index));
                }
                pending[first..].reverse();
            }
        }
    }
    LiteralSite {
        node: root_node,
        chain: arena.chain(root),
        value,
        parts,
        fully_literal,
        is_comment: false,
    }
}

/// True when `node` is a `+` whose operands are all literals (possibly parenthesised
/// or themselves `+` of literals). Results for every `+` below are memoised, so a
/// long chain is examined once.
fn is_literal_concat(node: Node<'_>, memo: &mut HashMap<usize, bool>) -> bool {
    if let Some(&known) = memo.get(&node.id()) {
        return known;
    }
    // Post-order over the `+` / parentheses below `node`.
    let mut stack = vec![(node, false)];
    while let Some((current, expanded)) = stack.pop() {
        if memo.contains_key(&current.id()) {
            continue;
        }
        let operands = operands(current);
        if !expanded {
            stack.push((current, true));
            for operand in &operands {
                if is_composite(*operand) {
                    stack.push((*operand, false));
                }
            }
            continue;
        }
        let literal = is_composite(current)
            && !operands.is_empty()
            && operands.iter().all(|operand| match operand.kind() {
                "string" | "concatenated_string" => true,
                _ if is_composite(*operand) => memo.get(&operand.id()).copied().unwrap_or(false),
                _ => false,
            });
        memo.insert(current.id(), literal);
    }
    memo.get(&node.id()).copied().unwrap_or(false)
}

/// A `+` binary operator or a parenthesised expression (the shapes a literal
/// concatenation is built from).
fn is_composite(node: Node<'_>) -> bool {
    match node.kind() {
        "parenthesized_expression" => true,
        "binary_operator" => node
            .child_by_field_name("operator")
            .is_some_and(|op| op.kind() == "+"),
        _ => false,
    }
}

fn operands(node: Node<'_>) -> Vec<Node<'_>> {
    if !is_composite(node) {
        return Vec::new();
    }
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|child| child.kind() != "comment")
        .collect()
}
