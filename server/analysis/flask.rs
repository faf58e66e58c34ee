//! Flask awareness shared by the response, error and key rules: which names are apps and
//! blueprints, which functions are registered as views or error handlers outside their
//! own definition, and what the module imports under which local names.
//!
//! Like the rest of the [`super::FileSummary`], it is the merge of per-statement
//! [`FlaskFacts`], so an edit only recomputes the facts of the statements it touched.
//! Whether a function *is* a view is decided from its own definition where possible
//! (decorators, the class it sits in: see [`view_kind`]); the summary only adds what
//! other statements say (`add_url_rule(..., view_func=f)`,
//! `register_error_handler(500, f)`, `bp = Blueprint(...)`, imports).

use tree_sitter::Node;

use super::statements::{assignment_chain, holds_statements, text};

use crate::secrets::names::{NameKind, classify};

/// What one top-level statement says about Flask. Sorted lists, no duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FlaskFacts {
    /// Names bound to `Blueprint(...)` / `flask.Blueprint(...)`.
    pub blueprints: Vec<String>,
    /// Function names registered as views with `add_url_rule(..., view_func=f)` or
    /// `X.route(...)(f)` (the last dotted segment of `f`).
    pub registered_views: Vec<String>,
    /// Function names registered with `register_error_handler(code, f)` or
    /// `X.errorhandler(code)(f)`.
    pub registered_handlers: Vec<String>,
    /// Local names for `os.environ` (`os.environ`, `environ`, `env`, `o.environ`).
    pub environ_names: Vec<String>,
    /// Local names for `os.getenv` (`os.getenv`, `getenv`).
    pub getenv_names: Vec<String>,
    /// Local names for `flask.request`.
    pub request_names: Vec<String>,
    /// Local names for `flask.current_app`.
    pub current_app_names: Vec<String>,
    /// Local names for the `traceback` module or its `format_exc` / `format_exception`.
    pub traceback_names: Vec<String>,
    /// The module does `import hmac`.
    pub imports_hmac: bool,
    /// Secret-like names with lower-case letters bound at module level
    /// (`api_key = os.environ["API_KEY"]`): module constants a view may send.
    /// Upper-case names count as constants without being listed.
    pub module_secrets: Vec<String>,
}

impl FlaskFacts {
    /// The facts of one top-level statement: walks statements (not expressions), and
    /// the calls of expression statements.
    pub fn of(stmt: Node<'_>, source: &str) -> FlaskFacts {
        let mut facts = FlaskFacts::default();
        let text = source.get(stmt.byte_range()).unwrap_or_default();
        if stmt.kind() == "expression_statement" {
            facts.add_module_names(stmt, source);
        }
        if !may_contribute(text) {
            facts.normalise();
            return facts;
        }
        let mut pending = vec![stmt];
        while let Some(node) = pending.pop() {
            match node.kind() {
                "import_statement" => facts.add_import(node, source),
                "import_from_statement" => facts.add_from_import(node, source),
                "expression_statement" => {
                    let mut cursor = node.walk();
                    for child in node.named_children(&mut cursor) {
                        match child.kind() {
                            "assignment" => facts.add_assignment(child, source),
                            "call" => facts.add_registration(child, source),
                            _ => {}
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
        facts.normalise();
        facts
    }

    pub fn is_empty(&self) -> bool {
        *self == FlaskFacts::default()
    }

    /// Adds `other`'s facts, keeping the lists sorted without duplicates (see
    /// [`super::StatementFacts::absorb`]).
    pub fn absorb(&mut self, other: FlaskFacts) {
        let FlaskFacts {
            blueprints,
            registered_views,
            registered_handlers,
            environ_names,
            getenv_names,
            request_names,
            current_app_names,
            traceback_names,
            imports_hmac,
            module_secrets,
        } = other;
        self.blueprints.extend(blueprints);
        self.registered_views.extend(registered_views);
        self.registered_handlers.extend(registered_handlers);
        self.environ_names.extend(environ_names);
        self.getenv_names.extend(getenv_names);
        self.request_names.extend(request_names);
        self.current_app_names.extend(current_app_names);
        self.traceback_names.extend(traceback_names);
        self.imports_hmac |= imports_hmac;
        self.module_secrets.extend(module_secrets);
        self.normalise();
    }

    /// The merge of every statement's facts.
    pub fn merge<'f>(parts: impl IntoIterator<Item = &'f FlaskFacts>) -> FlaskFacts {
        let mut all = FlaskFacts::default();
        for part in parts {
            all.blueprints.extend(part.blueprints.iter().cloned());
            all.registered_views
                .extend(part.registered_views.iter().cloned());
            all.registered_handlers
                .extend(part.registered_handlers.iter().cloned());
            all.environ_names.extend(part.environ_names.iter().cloned());
            all.getenv_names.extend(part.getenv_names.iter().cloned());
            all.request_names.extend(part.request_names.iter().cloned());
            all.current_app_names
                .extend(part.current_app_names.iter().cloned());
            all.traceback_names
                .extend(part.traceback_names.iter().cloned());
            all.imports_hmac |= part.imports_hmac;
            all.module_secrets
                .extend(part.module_secrets.iter().cloned());
        }
        all.normalise();
        all
    }

    fn normalise(&mut self) {
        for list in [
            &mut self.blueprints,
            &mut self.registered_views,
            &mut self.registered_handlers,
            &mut self.environ_names,
            &mut self.getenv_names,
            &mut self.request_names,
            &mut self.current_app_names,
            &mut self.traceback_names,
            &mut self.module_secrets,
        ] {
            list.sort_unstable();
            list.dedup();
            list.shrink_to_fit();
        }
    }

    /// True when `text` (an expression's source) is `os.environ` under any local name.
    pub fn is_environ(&self, text: &str) -> bool {
        text == "os.environ" || self.environ_names.iter().any(|n| n == text)
    }

    /// True when `text` (a callee) is `os.getenv` under any local name.
    pub fn is_getenv(&self, text: &str) -> bool {
        text == "os.getenv" || self.getenv_names.iter().any(|n| n == text)
    }

    /// True when `text` is flask's `request`.
    pub fn is_request(&self, text: &str) -> bool {
        matches!(text, "request" | "flask.request") || self.request_names.iter().any(|n| n == text)
    }

    /// True when `text` is flask's `current_app`.
    pub fn is_current_app(&self, text: &str) -> bool {
        matches!(text, "current_app" | "flask.current_app")
            || self.current_app_names.iter().any(|n| n == text)
    }

    /// True when the module binds `current_app` itself (`from flask import current_app`).
    pub fn imports_current_app(&self) -> bool {
        self.current_app_names.iter().any(|n| n == "current_app")
    }

    /// True when `callee` formats the exception being handled:
    /// `traceback.format_exc()`, `traceback.format_exception(...)`, `format_exc()`, ...
    pub fn is_traceback_format(&self, callee: &str) -> bool {
        let (object, function) = match callee.rsplit_once('.') {
            Some((object, function)) => (Some(object), function),
            None => (None, callee),
        };
        let formats = matches!(
            function,
            "format_exc" | "format_exception" | "format_tb" | "format_exception_only"
        );
        match object {
            Some(object) => {
                formats
                    && (object == "traceback" || self.traceback_names.iter().any(|n| n == object))
            }
            None => self.traceback_names.iter().any(|n| n == callee),
        }
    }

    /// True when `name` is bound at module level to what may be a secret (see
    /// [`FlaskFacts::module_secrets`]).
    pub fn is_module_secret(&self, name: &str) -> bool {
        self.module_secrets.iter().any(|n| n == name)
    }

    /// Records lower-case secret-like names a module-level assignment binds.
    fn add_module_names(&mut self, stmt: Node<'_>, source: &str) {
        let mut cursor = stmt.walk();
        for child in stmt.named_children(&mut cursor) {
            let mut current = Some(child);
            while let Some(assignment) = current.filter(|n| n.kind() == "assignment") {
                if let Some(left) = assignment.child_by_field_name("left")
                    && left.kind() == "identifier"
                {
                    let name = text(left, source);
                    if name.chars().any(|c| c.is_lowercase())
                        && classify(name, &[]) != NameKind::Plain
                    {
                        self.module_secrets.push(name.to_string());
                    }
                }
                current = assignment.child_by_field_name("right");
            }
        }
    }

    /// True when `name` is a blueprint.
    pub fn is_blueprint(&self, name: &str) -> bool {
        self.blueprints.iter().any(|b| b == name)
    }

    fn add_import(&mut self, node: Node<'_>, source: &str) {
        let mut cursor = node.walk();
        for name in node.children_by_field_name("name", &mut cursor) {
            let (module, alias) = match name.kind() {
                "aliased_import" => (
                    name.child_by_field_name("name").map(|n| text(n, source)),
                    name.child_by_field_name("alias").map(|n| text(n, source)),
                ),
                _ => (Some(text(name, source)), None),
            };
            let Some(module) = module else { continue };
            let local = alias.unwrap_or(module);
            match module {
                "os" => {
                    self.environ_names.push(format!("{local}.environ"));
                    self.getenv_names.push(format!("{local}.getenv"));
                }
                "traceback" => self.traceback_names.push(local.to_string()),
                "hmac" if alias.is_none() => self.imports_hmac = true,
                "flask" => {
                    self.request_names.push(format!("{local}.request"));
                    self.current_app_names.push(format!("{local}.current_app"));
                }
                _ => {}
            }
        }
    }

    fn add_from_import(&mut self, node: Node<'_>, source: &str) {
        let Some(module) = node.child_by_field_name("module_name") else {
            return;
        };
        let module = text(module, source);
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
            let local = local.unwrap_or(imported).to_string();
            match (module, imported) {
                ("os", "environ") => self.environ_names.push(local),
                ("os", "getenv") => self.getenv_names.push(local),
                ("flask", "request") => self.request_names.push(local),
                ("flask", "current_app") => self.current_app_names.push(local),
                ("traceback", "format_exc" | "format_exception" | "format_tb") => {
                    self.traceback_names.push(local)
                }
                _ => {}
            }
        }
    }

    /// `bp = Blueprint("api", __name__)`, `api: Blueprint = flask.Blueprint(...)`.
    fn add_assignment(&mut self, node: Node<'_>, source: &str) {
        let Some((targets, value)) = assignment_chain(node) else {
            return;
        };
        let is_blueprint = value.kind() == "call"
            && value
                .child_by_field_name("function")
                .is_some_and(|f| last_segment(text(f, source)) == "Blueprint");
        if is_blueprint {
            self.blueprints
                .extend(targets.iter().map(|t| text(*t, source).to_string()));
        }
    }

    /// `app.add_url_rule("/", view_func=index)`, `bp.add_url_rule("/", "i", index)`,
    /// `app.register_error_handler(500, on_error)`, `app.route("/")(index)`.
    fn add_registration(&mut self, call: Node<'_>, source: &str) {
        let Some(function) = call.child_by_field_name("function") else {
            return;
        };
        let args = call
            .child_by_field_name("arguments")
            .map(|a| named_children(a))
            .unwrap_or_default();
        if function.kind() == "call" {
            // `app.route("/")(index)`, `app.errorhandler(500)(on_error)`
            let method = function
                .child_by_field_name("function")
                .map(|f| last_segment(text(f, source)))
                .unwrap_or_default();
            if let Some(first) = args.first() {
                if is_route_method(method) {
                    self.push_function(*first, source, true);
                } else if is_handler_method(method) {
                    self.push_function(*first, source, false);
                }
            }
            return;
        }
        let method = last_segment(text(function, source));
        match method {
            "add_url_rule" => {
                let keyword = args
                    .iter()
                    .find_map(|a| keyword_value(*a, "view_func", source));
                let positional: Vec<Node<'_>> = args
                    .iter()
                    .copied()
                    .filter(|a| !matches!(a.kind(), "keyword_argument" | "comment"))
                    .collect();
                if let Some(view) = keyword.or_else(|| positional.get(2).copied()) {
                    self.push_function(view, source, true);
                }
            }
            "register_error_handler" => {
                let keyword = args.iter().find_map(|a| keyword_value(*a, "f", source));
                let positional: Vec<Node<'_>> = args
                    .iter()
                    .copied()
                    .filter(|a| !matches!(a.kind(), "keyword_argument" | "comment"))
                    .collect();
                if let Some(handler) = keyword.or_else(|| positional.get(1).copied()) {
                    self.push_function(handler, source, false);
                }
            }
            _ => {}
        }
    }

    fn push_function(&mut self, node: Node<'_>, source: &str, view: bool) {
        if !matches!(node.kind(), "identifier" | "attribute") {
            return;
        }
        let name = last_segment(text(node, source)).to_string();
        if view {
            self.registered_views.push(name);
        } else {
            self.registered_handlers.push(name);
        }
    }
}

/// How a function serves requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    /// A route handler: `@app.route`, `@bp.get`, a `MethodView` method, `add_url_rule`.
    View,
    /// An error handler: `@app.errorhandler`, `@bp.app_errorhandler`,
    /// `register_error_handler`. Its first parameter is the exception.
    ErrorHandler,
}

/// Where a view is registered, which decides how a fix reaches the app's logger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View<'t> {
    pub function: Node<'t>,
    pub kind: ViewKind,
    /// The receiver of the registering decorator when it is a module-level Flask app
    /// (`app` in `@app.route`): the fix may use `app.logger`. `None` for blueprints,
    /// class-based views and registrations elsewhere (`current_app.logger`).
    pub app: Option<String>,
}

/// Methods of an app or blueprint that register a route.
fn is_route_method(name: &str) -> bool {
    matches!(name, "route" | "get" | "post" | "put" | "patch" | "delete")
}

/// Decorator methods that register an error handler.
fn is_handler_method(name: &str) -> bool {
    matches!(name, "errorhandler" | "app_errorhandler")
}

/// What `function` (a `function_definition`) is to Flask. `decorators` are the
/// decorator nodes around it; `view_class` says it is a method of a `MethodView` /
/// `View` subclass; `nested` that it is defined inside another function (an app
/// factory), where `app.logger` is not the module's app.
pub fn view_kind<'t>(
    function: Node<'t>,
    decorators: &[Node<'t>],
    view_class: bool,
    nested: bool,
    source: &str,
    summary: &super::FileSummary,
) -> Option<View<'t>> {
    let name = function
        .child_by_field_name("name")
        .map(|n| text(n, source))
        .unwrap_or_default();
    for decorator in decorators {
        let Some(call) = decorator_call(*decorator) else {
            continue;
        };
        let Some(callee) = call.child_by_field_name("function") else {
            continue;
        };
        if callee.kind() != "attribute" {
            continue;
        }
        let (Some(object), Some(method)) = (
            callee.child_by_field_name("object"),
            callee.child_by_field_name("attribute"),
        ) else {
            continue;
        };
        let receiver = text(object, source);
        let method = text(method, source);
        let known = summary.is_flask_app(receiver)
            || summary.flask.is_blueprint(receiver)
            || summary.flask.is_current_app(receiver);
        let kind =
            if method == "route" || (is_route_method(method) && (known || summary.imports_flask)) {
                ViewKind::View
            } else if is_handler_method(method) {
                ViewKind::ErrorHandler
            } else {
                continue;
            };
        let app = (!nested
            && summary.flask_apps.iter().any(|a| a == receiver)
            && !summary.flask.is_blueprint(receiver))
        .then(|| receiver.to_string())
        .or_else(|| {
            (!nested
                && summary.imports_flask
                && receiver == "app"
                && !summary.flask.is_blueprint(receiver))
            .then(|| receiver.to_string())
        });
        return Some(View {
            function,
            kind,
            app,
        });
    }
    if view_class && is_view_method(name) {
        return Some(View {
            function,
            kind: ViewKind::View,
            app: None,
        });
    }
    if summary.flask.registered_handlers.iter().any(|h| h == name) {
        return Some(View {
            function,
            kind: ViewKind::ErrorHandler,
            app: None,
        });
    }
    if summary.flask.registered_views.iter().any(|v| v == name) {
        return Some(View {
            function,
            kind: ViewKind::View,
            app: None,
        });
    }
    None
}

/// Methods of a class-based view that answer requests.
fn is_view_method(name: &str) -> bool {
    matches!(
        name,
        "get" | "post" | "put" | "patch" | "delete" | "head" | "options" | "dispatch_request"
    )
}

/// True when a class with these superclasses (the `argument_list` text) is a Flask
/// class-based view: `MethodView`, `View`, `flask.views.MethodView`, or a
/// Flask-RESTful / Flask-RESTX `Resource`.
pub fn is_view_class(superclasses: &str) -> bool {
    superclasses
        .split([',', '(', ')', ' ', '\n', '\t', '\r'])
        .map(last_segment)
        .any(|base| matches!(base, "MethodView" | "View" | "Resource"))
}

/// The call of a decorator (`@app.route("/")` → the call), if it is one.
fn decorator_call(decorator: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = decorator.walk();
    let expression = decorator
        .named_children(&mut cursor)
        .find(|c| c.kind() != "comment")?;
    (expression.kind() == "call").then_some(expression)
}

/// Cheap byte test: can this statement contribute any fact?
fn may_contribute(text: &str) -> bool {
    [
        "import",
        "Blueprint",
        "add_url_rule",
        "register_error_handler",
        "route",
        "errorhandler",
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

fn keyword_value<'t>(argument: Node<'t>, name: &str, source: &str) -> Option<Node<'t>> {
    if argument.kind() != "keyword_argument" {
        return None;
    }
    let key = argument.child_by_field_name("name")?;
    (text(key, source) == name)
        .then(|| argument.child_by_field_name("value"))
        .flatten()
}

fn last_segment(dotted: &str) -> &str {
    dotted.rsplit('.').next().unwrap_or(dotted).trim()
}

fn named_children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::FileSummary;
    use crate::document::ParsedModule;

    fn facts(source: &str) -> FlaskFacts {
        FileSummary::compute(source, &ParsedModule::parse(source)).flask
    }

    #[test]
    fn imports_blueprints_registrations_and_module_secrets() {
        let f = facts(
            r#"
import os as o
import hmac
from os import environ as env, getenv
from flask import Blueprint, request as req, current_app
from traceback import format_exc
api = Blueprint("api", __name__)
stripe_secret = o.environ["STRIPE_SECRET"]
app.add_url_rule("/", view_func=views.index)
app.register_error_handler(500, on_error)
def create_app():
    admin = Blueprint("admin", __name__)
    return admin
"#,
        );
        assert_eq!(f.blueprints, ["admin", "api"]);
        assert_eq!(f.registered_views, ["index"]);
        assert_eq!(f.registered_handlers, ["on_error"]);
        assert!(f.is_environ("env") && f.is_environ("o.environ") && f.is_environ("os.environ"));
        assert!(f.is_getenv("getenv") && f.is_getenv("o.getenv"));
        assert!(f.is_request("req") && f.is_current_app("current_app"));
        assert!(f.imports_current_app() && f.imports_hmac);
        assert!(
            f.is_traceback_format("format_exc") && f.is_traceback_format("traceback.format_exc")
        );
        assert!(!f.is_traceback_format("traceback.print_exc"));
        assert_eq!(f.module_secrets, ["stripe_secret"]);
    }

    #[test]
    fn view_classes() {
        assert!(is_view_class("(MethodView)"));
        assert!(is_view_class("(flask.views.View, Mixin)"));
        assert!(is_view_class("(Resource)"));
        assert!(!is_view_class("(Model)"));
    }
}
