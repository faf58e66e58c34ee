//! The parse of one Python module, behind this module's own interface so the
//! representation (one tree now) can change without touching rules or fixes.

use std::cell::RefCell;

use tree_sitter::{InputEdit, Node, Parser, Tree};

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(new_parser());
}

fn new_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .expect("the bundled Python grammar matches the tree-sitter ABI");
    parser
}

/// A parsed Python module.
#[derive(Clone)]
pub struct ParsedModule {
    tree: Tree,
}

impl ParsedModule {
    /// Parses `text` from scratch.
    pub fn parse(text: &str) -> ParsedModule {
        ParsedModule {
            tree: parse_with(text, None),
        }
    }

    /// Records an edit already applied to the text (`Tree::edit`), then reparses
    /// `new_text` reusing the old tree.
    pub fn edit(&mut self, edit: &InputEdit, new_text: &str) {
        self.tree.edit(edit);
        self.tree = parse_with(new_text, Some(&self.tree));
    }

    /// The `module` node.
    pub fn root(&self) -> Node<'_> {
        self.tree.root_node()
    }

    /// The top-level statements, in order (comments at top level included: FG102 scans them).
    /// Walked with one cursor: `Node::child(i)` scans the children before `i`, which would
    /// make listing every statement quadratic.
    pub fn statements(&self) -> impl Iterator<Item = Node<'_>> {
        let root = self.tree.root_node();
        let mut cursor = root.walk();
        let statements: Vec<Node<'_>> = root.children(&mut cursor).collect();
        statements.into_iter()
    }

    /// True when the parse contains syntax errors or missing nodes.
    pub fn has_errors(&self) -> bool {
        self.tree.root_node().has_error()
    }

    /// Counts ERROR and MISSING nodes (fix invariants compare this before and after).
    pub fn error_count(&self) -> usize {
        let mut count = 0;
        let mut cursor = self.tree.walk();
        let mut descend = true;
        loop {
            let node = cursor.node();
            if descend {
                if node.is_error() || node.is_missing() {
                    count += 1;
                }
                if node.has_error() && cursor.goto_first_child() {
                    continue;
                }
            }
            if cursor.goto_next_sibling() {
                descend = true;
                continue;
            }
            if !cursor.goto_parent() {
                break;
            }
            descend = false;
        }
        count
    }
}

fn parse_with(text: &str, old: Option<&Tree>) -> Tree {
    PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        // Without a timeout or cancellation flag, parse only returns None when no
        // language is set, which `new_parser` rules out.
        parser
            .parse(text, old)
            .expect("parsing with a language set always yields a tree")
    })
}
