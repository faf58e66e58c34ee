//! What a rule knows besides the statement: the file's kind, its summary, the settings,
//! and the test/development context of any node (SPEC §2, "Context").

use std::path::Path;

use tree_sitter::Node;

use super::FileSummary;
use crate::config::RuleSettings;
use crate::finding::Lowering;

/// Facts derived from the file's path alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileInfo {
    /// Under a `tests/` or `test/` folder, or named `test_*.py`, `*_test.py`, `conftest.py`.
    pub is_test: bool,
    /// Named `config.py`, `settings.py`, `*_config.py`, `*_settings.py`, or inside a
    /// `config/` or `settings/` package.
    pub is_config_module: bool,
}

impl FileInfo {
    pub fn for_path(path: Option<&Path>) -> FileInfo {
        let Some(path) = path else {
            return FileInfo::default();
        };
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let stem = file_name.strip_suffix(".py").unwrap_or(file_name);
        let folders: Vec<&str> = path
            .parent()
            .into_iter()
            .flat_map(|p| p.components())
            .filter_map(|c| c.as_os_str().to_str())
            .collect();
        let is_test = folders.iter().any(|f| *f == "tests" || *f == "test")
            || stem.starts_with("test_")
            || stem.ends_with("_test")
            || stem == "conftest";
        let is_config_module = matches!(stem, "config" | "settings")
            || stem.ends_with("_config")
            || stem.ends_with("_settings")
            || folders
                .last()
                .is_some_and(|f| *f == "config" || *f == "settings");
        FileInfo {
            is_test,
            is_config_module,
        }
    }
}

/// Everything a rule may consult while checking one statement.
///
/// Rules must derive their findings from the statement they are given, this context
/// and nothing else (no sibling statements): the engine caches findings per statement
/// text and reuses them after edits elsewhere in the file.
#[derive(Clone, Copy)]
pub struct RuleContext<'a> {
    pub source: &'a str,
    pub file: &'a FileInfo,
    pub summary: &'a FileSummary,
    pub settings: &'a crate::config::RuleSettings,
    /// The top-level statement being checked, when known: ancestor look-ups then walk
    /// down from it instead of up from the node (tree-sitter's `parent` restarts at the
    /// root and scans every top-level statement before the node).
    statement: Option<Node<'a>>,
}

impl<'a> RuleContext<'a> {
    /// A context over `source` with these path facts, summary and settings; the engine
    /// then names the statement being checked with [`RuleContext::for_statement`].
    pub fn new(
        source: &'a str,
        file: &'a FileInfo,
        summary: &'a FileSummary,
        settings: &'a RuleSettings,
    ) -> RuleContext<'a> {
        RuleContext {
            source,
            file,
            summary,
            settings,
            statement: None,
        }
    }

    /// The same context, checking the top-level statement `stmt`.
    pub fn for_statement(self, stmt: Node<'a>) -> RuleContext<'a> {
        RuleContext {
            statement: Some(stmt),
            ..self
        }
    }

    /// The ancestors of `node`, innermost first. Walks down from the statement being
    /// checked when it contains `node` (the list then ends with that statement);
    /// otherwise walks up to the module.
    pub fn ancestors(&self, node: Node<'a>) -> Vec<Node<'a>> {
        if let Some(stmt) = self.statement
            && let Some(chain) = descend_to(stmt, node)
        {
            return chain;
        }
        let mut chain = Vec::new();
        let mut current = node.parent();
        while let Some(parent) = current {
            chain.push(parent);
            current = parent.parent();
        }
        chain
    }

    /// The source text of a node.
    pub fn text(&self, node: Node<'_>) -> &'a str {
        self.source.get(node.byte_range()).unwrap_or_default()
    }

    /// Why a finding at `node` is lowered, if it is: test code first, then the innermost
    /// development class or `if app.debug:` / `if app.testing:` block around it.
    pub fn lowering_at(&self, node: Node<'_>) -> Option<Lowering> {
        if self.file.is_test {
            return Some(Lowering::TestFile);
        }
        self.development_context(node)
    }

    /// The development context around `node` (ignores the file being test code).
    pub fn development_context(&self, node: Node<'_>) -> Option<Lowering> {
        development_context(*self, node)
    }
}

/// See [`RuleContext::development_context`]; one lifetime for the context and the node.
fn development_context<'c>(cx: RuleContext<'c>, node: Node<'c>) -> Option<Lowering> {
    let mut child = node;
    for parent in cx.ancestors(node) {
        match parent.kind() {
            "class_definition" => {
                if let Some(name) = parent.child_by_field_name("name") {
                    let name = cx.text(name);
                    if ["Dev", "Test", "Local", "Debug"]
                        .iter()
                        .any(|word| name.contains(word))
                    {
                        return Some(Lowering::DevClass(name.to_string()));
                    }
                }
            }
            "if_statement" => {
                let in_body = parent
                    .child_by_field_name("consequence")
                    .is_some_and(|body| body.id() == child.id());
                if in_body
                    && let Some(condition) = parent.child_by_field_name("condition")
                    && is_debug_condition(cx.text(condition))
                {
                    return Some(Lowering::DebugBlock(cx.text(condition).to_string()));
                }
            }
            _ => {}
        }
        child = parent;
    }
    None
}

/// The ancestors of `node` inside `top`, innermost first and ending with `top`, found by
/// descending through the children whose byte range contains `node`. `None` when `node`
/// is not a proper descendant of `top`.
fn descend_to<'t>(top: Node<'t>, node: Node<'t>) -> Option<Vec<Node<'t>>> {
    let (start, end) = (node.start_byte(), node.end_byte());
    if top.id() == node.id() || start < top.start_byte() || end > top.end_byte() {
        return None;
    }
    let mut cursor = top.walk();
    if !cursor.goto_first_child() {
        return None;
    }
    loop {
        let child = cursor.node();
        if child.id() == node.id() {
            let mut chain = Vec::new();
            while cursor.goto_parent() {
                chain.push(cursor.node());
            }
            return Some(chain);
        }
        let contains = child.start_byte() <= start && end <= child.end_byte();
        if contains && cursor.goto_first_child() {
            continue;
        }
        // Next sibling, backing out of exhausted levels (zero-width or equal-range
        // siblings can make a first guess wrong).
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return None;
            }
        }
    }
}

/// `app.debug`, `app.testing`, `current_app.debug`, `self.app.testing`, `app.config["DEBUG"]`, ...
fn is_debug_condition(condition: &str) -> bool {
    let condition = condition.trim();
    condition.ends_with(".debug")
        || condition.ends_with(".testing")
        || condition.ends_with(".config[\"DEBUG\"]")
        || condition.ends_with(".config[\"TESTING\"]")
        || condition.ends_with(".config['DEBUG']")
        || condition.ends_with(".config['TESTING']")
}
