//! FG201 debug-run and FG202 debug-config: what is reported, where, and how severely.

mod common;

use common::{Seen, seen, seen_at};
use flaskguard::analysis::analyze_source;
use flaskguard::finding::{FixPlan, Severity};
use std::path::Path;

/// Asserts the `(code, text, severity)` of every finding in `source` analysed as `app.py`.
fn check(source: &str, expected: &[(&str, &str, Severity)]) {
    check_at("app.py", source, expected);
}

fn check_at(path: &str, source: &str, expected: &[(&str, &str, Severity)]) {
    let found: Vec<(String, String, Severity)> = seen_at(path, source)
        .into_iter()
        .map(|s| (s.code, s.text, s.severity))
        .collect();
    let expected: Vec<(String, String, Severity)> = expected
        .iter()
        .map(|(c, t, s)| (c.to_string(), t.to_string(), *s))
        .collect();
    assert_eq!(found, expected, "findings in:\n{source}");
}

fn check_none(source: &str) {
    check(source, &[]);
}

fn only(source: &str) -> Seen {
    let mut all = seen(source);
    assert_eq!(all.len(), 1, "expected one finding, got {all:#?}");
    all.remove(0)
}

use Severity::{Error, Information, Warning};

// ---- FG201 debug-run ----

#[test]
fn run_debug_true_under_main_guard_is_a_warning() {
    check(
        r#"
from flask import Flask
app = Flask(__name__)

if __name__ == "__main__":
    app.run(debug=True)
"#,
        &[("FG201", "True", Warning)],
    );
}

#[test]
fn run_debug_true_outside_main_guard_is_an_error() {
    check(
        r#"
from flask import Flask
app = Flask(__name__)
app.run(host="0.0.0.0", debug=True)
"#,
        &[("FG201", "True", Error)],
    );
}

#[test]
fn main_guard_with_single_quotes_and_reversed_operands() {
    check(
        r#"
import flask
server = flask.Flask(__name__)
if '__main__' == __name__:
    server.run(debug=1)
"#,
        &[("FG201", "1", Warning)],
    );
}

#[test]
fn else_branch_of_main_guard_is_not_guarded() {
    check(
        r#"
from flask import Flask
app = Flask(__name__)
if __name__ == "__main__":
    pass
else:
    app.run(debug=True)
"#,
        &[("FG201", "True", Error)],
    );
}

#[test]
fn debugger_and_evalex_keywords() {
    check(
        r#"
from flask import Flask
app = Flask(__name__)
if __name__ == "__main__":
    app.run(use_debugger=True, use_evalex=True, use_reloader=True)
"#,
        &[("FG201", "True", Warning), ("FG201", "True", Warning)],
    );
}

#[test]
fn positional_debug_argument() {
    check(
        r#"
from flask import Flask
app = Flask(__name__)
app.run("0.0.0.0", 5000, True)
"#,
        &[("FG201", "True", Error)],
    );
}

#[test]
fn app_built_in_a_factory_and_run_on_the_factory_result() {
    check(
        r#"
from flask import Flask

def create_app():
    web = Flask(__name__)
    return web

if __name__ == "__main__":
    create_app().run(debug=True)
"#,
        &[("FG201", "True", Warning)],
    );
}

#[test]
fn app_named_app_in_a_file_importing_flask() {
    check(
        r#"
from flask import current_app
from myproject import app
app.run(debug=True)
"#,
        &[("FG201", "True", Error)],
    );
}

#[test]
fn app_from_factory_call_in_a_run_script_without_flask_import() {
    check(
        r#"
from myproject import create_app
app = create_app()
if __name__ == "__main__":
    app.run(debug=True)
"#,
        &[("FG201", "True", Warning)],
    );
}

#[test]
fn werkzeug_run_simple_with_debugger() {
    check(
        r#"
from werkzeug.serving import run_simple
from myproject import application
run_simple("localhost", 5000, application, use_reloader=True, use_debugger=True)
"#,
        &[("FG201", "True", Error)],
    );
}

#[test]
fn werkzeug_run_simple_qualified_and_aliased() {
    check(
        r#"
import werkzeug
from werkzeug.serving import run_simple as serve
from werkzeug import serving
werkzeug.serving.run_simple("localhost", 5000, wsgi, use_debugger=True)
serve("localhost", 5000, wsgi, use_debugger=True)
serving.run_simple("localhost", 5000, wsgi, use_debugger=True)
"#,
        &[
            ("FG201", "True", Error),
            ("FG201", "True", Error),
            ("FG201", "True", Error),
        ],
    );
}

#[test]
fn run_simple_not_from_werkzeug_is_ignored() {
    check_none(
        r#"
from mytools import run_simple
run_simple("localhost", 5000, wsgi, use_debugger=True)
"#,
    );
}

#[test]
fn debug_off_or_from_environment_is_fine() {
    check_none(
        r#"
import os
from flask import Flask
app = Flask(__name__)
app.run(debug=False)
app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
app.run(debug=0)
app.run(use_reloader=True)
"#,
    );
}

#[test]
fn run_on_a_non_app_object_in_a_file_without_flask() {
    check_none(
        r#"
import threading
worker = threading.Thread(target=print)
worker.run(debug=True)
something_else.run(debug=True)
app.run(debug=True)
"#,
    );
}

#[test]
fn debug_run_message_and_fix() {
    let source = r#"
from flask import Flask
app = Flask(__name__)
app.run(debug=True)
"#;
    let found = analyze_source(source, Some(Path::new("app.py")), &Default::default());
    assert_eq!(found.len(), 1);
    let finding = &found[0];
    assert!(
        finding.message.contains("`app.run(debug=True)`")
            && finding.message.contains("debugger")
            && finding.message.contains("imported"),
        "{}",
        finding.message
    );
    assert_eq!(
        finding.fixes,
        vec![FixPlan::DebugFromEnv {
            value: finding.range.clone()
        }]
    );
    assert!(finding.auto_fixable());
}

#[test]
fn debug_run_in_a_test_file_is_information_with_reason() {
    let found = seen_at(
        "tests/test_app.py",
        r#"
from flask import Flask
app = Flask(__name__)
app.run(debug=True)
"#,
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Information);
    assert!(
        found[0].message.ends_with("(lowered: test code)"),
        "{}",
        found[0].message
    );
}

#[test]
fn debug_run_inside_if_app_debug_is_lowered_one_level() {
    let finding = only(
        r#"
from flask import Flask
app = Flask(__name__)
if app.debug:
    app.run(debug=True)
"#,
    );
    assert_eq!(finding.severity, Warning);
    assert!(
        finding
            .message
            .ends_with("(lowered: inside `if app.debug:`)"),
        "{}",
        finding.message
    );
}

#[test]
fn noqa_suppresses_debug_run() {
    check_none(
        r#"
from flask import Flask
app = Flask(__name__)
app.run(debug=True)  # noqa: FG201
"#,
    );
}

// ---- FG202 debug-config ----

#[test]
fn app_debug_attribute() {
    check(
        r#"
from flask import Flask
app = Flask(__name__)
app.debug = True
"#,
        &[("FG202", "True", Warning)],
    );
}

#[test]
fn config_subscript_and_update() {
    check(
        r#"
from flask import Flask
app = Flask(__name__)
app.config["DEBUG"] = True
app.config.update(DEBUG=True, TESTING=False)
app.config.from_mapping({"DEBUG": True})
"#,
        &[
            ("FG202", "True", Warning),
            ("FG202", "True", Warning),
            ("FG202", "True", Warning),
        ],
    );
}

#[test]
fn bare_config_update() {
    check(
        r#"
config.update(DEBUG=1)
"#,
        &[("FG202", "1", Warning)],
    );
}

#[test]
fn env_development_points_at_the_string() {
    let source = r#"
from flask import Flask
app = Flask(__name__)
app.config["ENV"] = "development"
"#;
    check(source, &[("FG202", "\"development\"", Warning)]);
    let found = analyze_source(source, Some(Path::new("app.py")), &Default::default());
    assert!(found[0].fixes.is_empty(), "no fix D for ENV");
    assert!(
        found[0].message.starts_with(
            "`app.config[\"ENV\"] = \"development\"` puts the app in development mode"
        ),
        "{}",
        found[0].message
    );
}

#[test]
fn debug_in_config_class() {
    check(
        r#"
class ProductionConfig(BaseConfig):
    DEBUG = True
    TESTING = False

class AppSettings:
    DEBUG = TESTING = True
"#,
        &[("FG202", "True", Warning), ("FG202", "True", Warning)],
    );
}

#[test]
fn chained_assignment_reports_the_debug_target() {
    let found = seen(
        r#"
class AppSettings:
    DEBUG = TESTING = True
"#,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("config class `AppSettings`"));
}

#[test]
fn debug_in_config_module() {
    check_at(
        "myproject/settings.py",
        r#"
DEBUG = True
SECRET_NAME = "x"
"#,
        &[("FG202", "True", Warning)],
    );
    check_at(
        "config/production.py",
        r#"
DEBUG: bool = True
"#,
        &[("FG202", "True", Warning)],
    );
}

#[test]
fn debug_constant_outside_config_is_not_configuration() {
    check_none(
        r#"
DEBUG = True

class Worker:
    DEBUG = True

def configure():
    DEBUG = True
    return DEBUG
"#,
    );
}

#[test]
fn debug_local_in_a_config_module_function_is_not_configuration() {
    check_at(
        "config.py",
        r#"
def build():
    DEBUG = True
    return DEBUG
"#,
        &[],
    );
}

#[test]
fn development_context_is_not_reported() {
    check_none(
        r#"
from flask import Flask
app = Flask(__name__)

class DevelopmentConfig(Config):
    DEBUG = True

class TestingConfig(Config):
    DEBUG = True

class LocalSettings:
    DEBUG = True

if app.testing:
    app.config["DEBUG"] = True
"#,
    );
}

#[test]
fn debug_false_and_environment_values_are_fine() {
    check_none(
        r#"
import os
from flask import Flask
app = Flask(__name__)
app.debug = False
app.config["DEBUG"] = False
app.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"
app.config["ENV"] = "production"
app.config.update(DEBUG=False)
class ProductionConfig:
    DEBUG = False
"#,
    );
}

#[test]
fn debug_attribute_on_other_objects_is_ignored() {
    check_none(
        r#"
from flask import Flask
app = Flask(__name__)
logger.debug = True
settings["DEBUG"] = True
cache.update(DEBUG=True)
"#,
    );
}

#[test]
fn debug_config_in_test_file_is_information() {
    let found = seen_at(
        "tests/conftest.py",
        r#"
from flask import Flask
app = Flask(__name__)
app.config["DEBUG"] = True
"#,
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Information);
    assert!(found[0].message.ends_with("(lowered: test code)"));
}

#[test]
fn debug_config_message_and_fix() {
    let source = r#"
from flask import Flask
app = Flask(__name__)
app.debug = True
"#;
    let found = analyze_source(source, Some(Path::new("app.py")), &Default::default());
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .message
            .starts_with("`app.debug = True` turns debug mode on"),
        "{}",
        found[0].message
    );
    assert_eq!(
        found[0].fixes,
        vec![FixPlan::DebugFromEnv {
            value: found[0].range.clone()
        }]
    );
}

#[test]
fn debug_config_inside_app_factory() {
    check(
        r#"
from flask import Flask

def create_app():
    app = Flask(__name__)
    app.config["DEBUG"] = True
    app.debug = True
    return app
"#,
        &[("FG202", "True", Warning), ("FG202", "True", Warning)],
    );
}

#[test]
fn noqa_suppresses_debug_config() {
    check_none(
        r#"
from flask import Flask
app = Flask(__name__)
app.debug = True  # NOQA
app.config["DEBUG"] = True  # noqa:FG202
"#,
    );
}
