//! Adding an import other than `import os` (`import hmac`, `from flask import
//! current_app`) at the place `import os` would go, once.

use super::imports::import_os_edit;
use super::nodes::named_children;
use crate::document::ParsedModule;
use crate::finding::TextEdit;

/// The edit inserting the import statement `line` where `import os` would go (after
/// the docstring, `from __future__` imports and the import block); `None` when no place
/// is safe.
pub fn import_line_edit(source: &str, parsed: &ParsedModule, line: &str) -> Option<TextEdit> {
    let mut edit = import_os_edit(source, parsed)?;
    edit.new_text = edit.new_text.replacen("import os", line, 1);
    Some(edit)
}

/// True when a top-level `import <module>` (unaliased) binds `module`.
pub fn imports_module(source: &str, parsed: &ParsedModule, module: &str) -> bool {
    parsed.statements().any(|stmt| {
        stmt.kind() == "import_statement"
            && named_children(stmt)
                .into_iter()
                .any(|name| name.kind() == "dotted_name" && text(source, name) == module)
    })
}

/// True when a top-level `from <module> import <name>` (unaliased) binds `name`.
pub fn imports_from(source: &str, parsed: &ParsedModule, module: &str, name: &str) -> bool {
    parsed.statements().any(|stmt| {
        stmt.kind() == "import_from_statement"
            && stmt
                .child_by_field_name("module_name")
                .is_some_and(|m| text(source, m) == module)
            && {
                let mut cursor = stmt.walk();
                stmt.children_by_field_name("name", &mut cursor)
                    .any(|n| n.kind() == "dotted_name" && text(source, n) == name)
            }
    })
}

/// The edit adding `line` unless `present`; `Some(None)` when nothing is needed,
/// `None` when the import is needed but cannot be placed.
pub fn ensure_import(
    source: &str,
    parsed: &ParsedModule,
    present: bool,
    line: &str,
) -> Option<Option<TextEdit>> {
    if present {
        return Some(None);
    }
    import_line_edit(source, parsed, line).map(Some)
}

fn text<'s>(source: &'s str, node: tree_sitter::Node<'_>) -> &'s str {
    source.get(node.byte_range()).unwrap_or_default()
}
