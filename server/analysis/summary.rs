//! Cross-statement facts about one file, kept small so an edit can update them cheaply.
//!
//! Each top-level statement contributes its own [`StatementFacts`]; the file's
//! [`FileSummary`] is their merge. The incremental engine caches the facts per statement
//! and re-merges after an edit, re-running every rule only when the merge changes.

use tree_sitter::Node;

use super::statements::{assignment_chain, holds_statements, text};

use super::flask::FlaskFacts;
use super::statements::top_level_statements;
use super::validation::{ValidatedSettings, ValidationFacts};
use crate::document::ParsedModule;

/// Facts rules need from outside the statement they look at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FileSummary {
    /// The module imports flask (`import flask`, `from flask import ...`).
    pub imports_flask: bool,
    /// Names bound anywhere in the module to `Flask(...)` / `flask.Flask(...)` (also
    /// inside app factories), or to a `create_app()` / `make_app()` factory call.
    /// Sorted, without duplicates.
    pub flask_apps: Vec<String>,
    /// Callee texts that mean werkzeug's `run_simple`, from imports such as
    /// `from werkzeug.serving import run_simple [as name]` (→ `run_simple` / `name`) or
    /// `from werkzeug import serving` (→ `serving.run_simple`). Sorted, no duplicates.
    pub run_simple_names: Vec<String>,
    /// The settings the module validates at startup (see [`super::validation`]).
    pub validated: ValidatedSettings,
    /// Blueprints, registered views and handlers, import aliases (see [`super::flask`]).
    pub flask: FlaskFacts,
}

impl FileSummary {
    pub fn compute(source: &str, parsed: &ParsedModule) -> FileSummary {
        let facts: Vec<StatementFacts> = top_level_statements(parsed)
            .into_iter()
            .map(|stmt| StatementFacts::of(stmt, source))
            .collect();
        FileSummary::merge(facts.iter())
    }

    /// The summary of a file whose statements contribute `facts`.
    pub fn merge<'f>(facts: impl IntoIterator<Item = &'f StatementFacts>) -> FileSummary {
        let facts: Vec<&StatementFacts> = facts.into_iter().collect();
        let mut summary = FileSummary::default();
        let mut flask = Vec::new();
        for part in &facts {
            flask.push(&part.flask);
            summary.imports_flask |= part.imports_flask;
            summary.flask_apps.extend(part.flask_apps.iter().cloned());
            summary
                .run_simple_names
                .extend(part.run_simple_names.iter().cloned());
        }
        summary.flask_apps.sort_unstable();
        summary.flask_apps.dedup();
        summary.run_simple_names.sort_unstable();
        summary.run_simple_names.dedup();
        summary.validated = ValidatedSettings::merge(facts.iter().map(|f| &f.validation));
        summary.flask = FlaskFacts::merge(flask);
        summary
    }

    /// True when `name` is a Flask app object: bound to `Flask(...)`, or named `app` /
    /// `application` in a file importing flask.
    pub fn is_flask_app(&self, name: &str) -> bool {
        self.flask_apps.iter().any(|app| app == name)
            || (self.imports_flask && matches!(name, "app" | "application"))
    }

    /// True when a call to `callee` (its source text) calls werkzeug's `run_simple`.
    pub fn is_run_simple(&self, callee: &str) -> bool {
        matches!(
            callee,
            "werkzeug.run_simple" | "werkzeug.serving.run_simple"
        ) || self.run_simple_names.iter().any(|name| name == callee)
    }
}

/// What one top-level statement contributes to the [`FileSummary`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct StatementFacts {
    pub imports_flask: bool,
    pub flask_apps: Vec<String>,
    pub run_simple_names: Vec<String>,
    pub validation: ValidationFacts,
    pub flask: FlaskFacts,
}

impl StatementFacts {
    /// The facts of one top-level statement. Walks statements only (blocks of functions,
    /// classes, `if`, `try`, `with`, ...), never into expressions.
    pub fn of(stmt: Node<'_>, source: &str) -> StatementFacts {
        let mut facts = StatementFacts::default();
        let mut pending = vec![stmt];
        while let Some(node) = pending.pop() {
            match node.kind() {
                "import_statement" => facts.add_import(node, source),
                "import_from_statement" => facts.add_from_import(node, source),
                "expression_statement" => {
                    let mut cursor = node.walk();
                    for child in node.named_children(&mut cursor) {
                        if child.kind() == "assignment" {
                            facts.add_assignment(child, source);
                        }
                    }
                }
                kind if holds_statements(kind) => {
                    let mut cursor = node.walk();
                    pending.extend(node.named_children(&mut cursor));
                }
                _ => {}
            }
        }
        facts.validation = ValidationFacts::of(stmt, source);
        facts.flask = FlaskFacts::of(stmt, source);
        facts
    }

    /// Adds `other`'s contribution to this one: the summary of a file is the same whether
    /// two statements contribute separately or as one ([`FileSummary::merge`] takes the
    /// union of every list, whatever the order). The incremental engine keeps one
    /// contribution per chunk this way.
    pub fn absorb(&mut self, other: StatementFacts) {
        self.imports_flask |= other.imports_flask;
        self.flask_apps.extend(other.flask_apps);
        self.run_simple_names.extend(other.run_simple_names);
        self.validation.absorb(other.validation);
        self.flask.absorb(other.flask);
    }

    /// True when the statement contributes nothing (most statements).
    pub fn is_empty(&self) -> bool {
        !self.imports_flask
            && self.flask_apps.is_empty()
            && self.run_simple_names.is_empty()
            && self.validation.is_empty()
            && self.flask.is_empty()
    }

    fn add_import(&mut self, node: Node<'_>, source: &str) {
        let mut cursor = node.walk();
        for name in node.children_by_field_name("name", &mut cursor) {
            let (module, alias) = match name.kind() {
                "aliased_import" => (
                    name.child_by_field_name("name"),
                    name.child_by_field_name("alias"),
                ),
                _ => (Some(name), None),
            };
            let Some(module) = module.map(|m| text(m, source)) else {
                continue;
            };
            if is_flask_module(module) {
                self.imports_flask = true;
            }
            if let Some(alias) = alias
                && matches!(module, "werkzeug" | "werkzeug.serving")
            {
                let alias = text(alias, source);
                let qualified = if module == "werkzeug" {
                    format!("{alias}.serving.run_simple")
                } else {
                    format!("{alias}.run_simple")
                };
                self.run_simple_names.push(qualified);
                if module == "werkzeug" {
                    self.run_simple_names.push(format!("{alias}.run_simple"));
                }
            }
        }
    }

    fn add_from_import(&mut self, node: Node<'_>, source: &str) {
        let Some(module) = node.child_by_field_name("module_name") else {
            return;
        };
        let module = text(module, source);
        if is_flask_module(module) {
            self.imports_flask = true;
        }
        if !matches!(module, "werkzeug" | "werkzeug.serving") {
            return;
        }
        let mut cursor = node.walk();
        for name in node.children_by_field_name("name", &mut cursor) {
            let (imported, local) = match name.kind() {
                "aliased_import" => (
                    name.child_by_field_name("name").map(|n| text(n, source)),
                    name.child_by_field_name("alias").map(|n| text(n, source)),
                ),
                _ => (Some(text(name, source)), None),
            };
            let Some(imported) = imported else { continue };
            let local = local.unwrap_or(imported);
            match imported {
                "run_simple" => self.run_simple_names.push(local.to_string()),
                "serving" if module == "werkzeug" => {
                    self.run_simple_names.push(format!("{local}.run_simple"))
                }
                _ => {}
            }
        }
    }

    /// `app = Flask(__name__)`, `app: Flask = flask.Flask(...)`, `a = b = Flask(...)`,
    /// `self.app = create_app()`.
    fn add_assignment(&mut self, node: Node<'_>, source: &str) {
        let Some((targets, value)) = assignment_chain(node) else {
            return;
        };
        if is_app_constructor(value, source) {
            self.flask_apps
                .extend(targets.iter().map(|t| text(*t, source).to_string()));
        }
    }
}

/// True for a call that makes a Flask app: `Flask(...)`, `flask.Flask(...)`,
/// `create_app(...)`, `make_app(...)` (also qualified, `myapp.create_app()`).
pub fn is_app_constructor(node: Node<'_>, source: &str) -> bool {
    if node.kind() != "call" {
        return false;
    }
    let Some(function) = node.child_by_field_name("function") else {
        return false;
    };
    if !matches!(function.kind(), "identifier" | "attribute") {
        return false;
    }
    let callee = text(function, source);
    let last = callee.rsplit('.').next().unwrap_or(callee);
    matches!(last, "Flask" | "create_app" | "make_app")
}

fn is_flask_module(module: &str) -> bool {
    module == "flask" || module.starts_with("flask.")
}
