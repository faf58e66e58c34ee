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
pub struct RuleContext<'a> {
    pub source: &'a str,
    pub file: &'a FileInfo,
    pub summary: &'a FileSummary,
    pub settings: &'a crate::config::RuleSettings,
}

impl<'a> RuleContext<'a> {
    /// A context over `source` with default path facts, summary and settings (for tests).
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
        }
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
        let mut child = node;
        let mut current = node.parent();
        while let Some(parent) = current {
            match parent.kind() {
                "class_definition" => {
                    if let Some(name) = parent.child_by_field_name("name") {
                        let name = self.text(name);
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
                        && is_debug_condition(self.text(condition))
                    {
                        return Some(Lowering::DebugBlock(self.text(condition).to_string()));
                    }
                }
                _ => {}
            }
            child = parent;
            current = parent.parent();
        }
        None
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
