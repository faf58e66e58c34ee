//! Cross-statement facts about one file, kept small so an edit can update them cheaply.

use crate::document::ParsedModule;

/// Facts rules need from outside the statement they look at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FileSummary {
    /// The module imports flask (`import flask`, `from flask import ...`).
    pub imports_flask: bool,
    /// Names bound anywhere in the module to `Flask(...)` / `flask.Flask(...)`.
    pub flask_apps: Vec<String>,
}

impl FileSummary {
    pub fn compute(_source: &str, _parsed: &ParsedModule) -> FileSummary {
        FileSummary::default()
    }

    /// True when `name` is a Flask app object: bound to `Flask(...)`, or named `app` /
    /// `application` in a file importing flask.
    pub fn is_flask_app(&self, name: &str) -> bool {
        self.flask_apps.iter().any(|app| app == name)
            || (self.imports_flask && matches!(name, "app" | "application"))
    }
}
