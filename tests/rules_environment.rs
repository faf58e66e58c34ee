//! FG203 werkzeug-debugger, FG204 truthy-env-flag and FG501 unvalidated-secret-env:
//! what is reported, where, how severely, and with which fixes.

mod common;

use common::seen_at;
use flaskguard::analysis::analyze_source;
use flaskguard::finding::{FixPlan, Severity};
use std::path::Path;

use Severity::{Error, Hint, Information, Warning};

/// Asserts the `(code, text, severity)` of every finding of `codes` in `source`
/// analysed as `app.py`.
fn check(source: &str, codes: &[&str], expected: &[(&str, &str, Severity)]) {
    check_at("app.py", source, codes, expected);
}

fn check_at(path: &str, source: &str, codes: &[&str], expected: &[(&str, &str, Severity)]) {
    let found: Vec<(String, String, Severity)> = seen_at(path, source)
        .into_iter()
        .filter(|s| codes.contains(&s.code.as_str()))
        .map(|s| (s.code, s.text, s.severity))
        .collect();
    let expected: Vec<(String, String, Severity)> = expected
        .iter()
        .map(|(c, t, s)| (c.to_string(), t.to_string(), *s))
        .collect();
    assert_eq!(found, expected, "findings in:\n{source}");
}

fn fg203(source: &str, expected: &[(&str, Severity)]) {
    let expected: Vec<(&str, &str, Severity)> =
        expected.iter().map(|(t, s)| ("FG203", *t, *s)).collect();
    check(source, &["FG203"], &expected);
}

fn fg204(source: &str, expected: &[&str]) {
    let expected: Vec<(&str, &str, Severity)> =
        expected.iter().map(|t| ("FG204", *t, Warning)).collect();
    check(source, &["FG204"], &expected);
}

fn fg501(source: &str, expected: &[&str]) {
    let expected: Vec<(&str, &str, Severity)> = expected
        .iter()
        .map(|t| ("FG501", *t, Information))
        .collect();
    check(source, &["FG501"], &expected);
}

/// The fixes of the only finding of `code` in `source`.
fn fixes_of(source: &str, code: &str) -> Vec<FixPlan> {
    let findings: Vec<_> = analyze_source(source, Some(Path::new("app.py")), &Default::default())
        .into_iter()
        .filter(|f| f.code.as_str() == code)
        .collect();
    assert_eq!(
        findings.len(),
        1,
        "expected one {code} finding: {findings:#?}"
    );
    findings[0].fixes.clone()
}

// ---- FG203 werkzeug-debugger ----

#[test]
fn debugged_application_with_evalex_is_an_error() {
    fg203(
        r#"
from flask import Flask
from werkzeug.debug import DebuggedApplication

app = Flask(__name__)
app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)
"#,
        &[("True", Error)],
    );
}

#[test]
fn qualified_and_positional_evalex() {
    fg203(
        r#"
import werkzeug.debug
from werkzeug import debug

wrapped = werkzeug.debug.DebuggedApplication(app, True)
other = debug.DebuggedApplication(app, evalex=1)
"#,
        &[("True", Error), ("1", Error)],
    );
}

#[test]
fn debugger_without_console_is_fine() {
    fg203(
        r#"
from werkzeug.debug import DebuggedApplication

a = DebuggedApplication(app)
b = DebuggedApplication(app, evalex=False)
c = DebuggedApplication(app, False)
d = DebuggedApplication(app, evalex=0)
e = DebuggedApplication(app, evalex=app.debug)
"#,
        &[],
    );
}

#[test]
fn debugger_wrapped_around_the_wsgi_app_is_reported_without_evalex() {
    fg203(
        r#"
from werkzeug.debug import DebuggedApplication

if environ.get("CONSOLE") == "1":
    server.wsgi_app = DebuggedApplication(server.wsgi_app)
"#,
        &[("DebuggedApplication(server.wsgi_app)", Error)],
    );
}

#[test]
fn debugger_wrapped_with_evalex_off_is_fine() {
    fg203(
        r#"
from werkzeug.debug import DebuggedApplication

app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=False)
app.wsgi_app = DebuggedApplication(app.wsgi_app, False)
app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=app.debug)
"#,
        &[],
    );
}

#[test]
fn debugger_console_inside_debug_block_is_lowered() {
    fg203(
        r#"
from werkzeug.debug import DebuggedApplication

if app.debug:
    app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)
"#,
        &[("True", Warning)],
    );
}

#[test]
fn debugger_console_in_app_factory() {
    fg203(
        r#"
from werkzeug.debug import DebuggedApplication

def create_app():
    app = Flask(__name__)
    app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True, pin_security=False)
    return app
"#,
        &[("True", Error)],
    );
}

#[test]
fn debugger_has_no_fix() {
    assert_eq!(
        fixes_of(
            "from werkzeug.debug import DebuggedApplication\nx = DebuggedApplication(app, evalex=True)\n",
            "FG203"
        ),
        Vec::new()
    );
}

// ---- FG204 truthy-env-flag ----

#[test]
fn bool_of_environment_lookup() {
    fg204(
        r#"
import os

DEBUG = bool(os.environ.get("FLASK_DEBUG", "False"))
TESTING = bool(os.getenv("TESTING"))
"#,
        &[
            r#"bool(os.environ.get("FLASK_DEBUG", "False"))"#,
            r#"bool(os.getenv("TESTING"))"#,
        ],
    );
}

#[test]
fn bool_of_imported_environ_and_getenv() {
    fg204(
        r#"
from os import environ, getenv
import os as _os

A = bool(environ.get("A"))
B = bool(getenv("B", "0"))
C = bool(_os.environ.get("C", False))
"#,
        &[
            r#"bool(environ.get("A"))"#,
            r#"bool(getenv("B", "0"))"#,
            r#"bool(_os.environ.get("C", False))"#,
        ],
    );
}

#[test]
fn bool_flag_inside_functions_and_expressions() {
    fg204(
        r#"
import os

def create_app():
    app = Flask(__name__)
    app.config["TESTING"] = bool(os.environ.get("TESTING"))
    if bool(os.getenv("VERBOSE")) and not app.testing:
        pass
    return app
"#,
        &[
            r#"bool(os.environ.get("TESTING"))"#,
            r#"bool(os.getenv("VERBOSE"))"#,
        ],
    );
}

#[test]
fn bool_of_a_stripped_or_lowered_lookup_is_still_truthy() {
    fg204(
        r#"
import os

A = bool(os.environ.get("A", "").strip())
B = bool(os.getenv("B", "false").lower())
"#,
        &[
            r#"bool(os.environ.get("A", "").strip())"#,
            r#"bool(os.getenv("B", "false").lower())"#,
        ],
    );
}

#[test]
fn parsed_flags_are_fine() {
    fg204(
        r#"
import os

A = os.environ.get("A", "").lower() == "true"
B = os.environ.get("B", "false").lower() in ("1", "true", "yes")
C = bool(int(os.environ.get("C", "0")))
D = bool(os.environ.get("D", "").strip() == "1")
E = bool(config.get("E"))
F = bool(request.args.get("verbose"))
G = os.getenv("G") == "1"
SENTRY = bool(os.getenv("SENTRY_DSN"))
STRIPE = bool(os.environ.get("STRIPE_API_KEY"))
MAIL = bool(os.environ.get("MAIL_SERVER"))
"#,
        &[],
    );
}

#[test]
fn truthy_flag_offers_fix_e_with_the_authors_default() {
    let fix = |source: &str| fixes_of(source, "FG204");
    for (default, on) in [
        ("", false),
        (r#", "False""#, false),
        (r#", "false""#, false),
        (r#", "0""#, false),
        (r#", """#, false),
        (r#", None"#, false),
        (r#", "True""#, true),
        (r#", "1""#, true),
        (r#", "yes""#, true),
    ] {
        let source = format!("import os\nX = bool(os.environ.get(\"X\"{default}))\n");
        let start = source.find("bool").unwrap();
        let end = source.rfind(')').unwrap() + 1;
        assert_eq!(
            fix(&source),
            vec![FixPlan::EnvFlag {
                call: start..end,
                var: "X".to_string(),
                default_true: on
            }],
            "default {default:?}"
        );
    }
}

#[test]
fn truthy_flag_without_a_clear_default_or_name_has_no_fix() {
    assert_eq!(
        fixes_of(
            "import os\nX = bool(os.environ.get(\"X\", FALLBACK))\n",
            "FG204"
        ),
        Vec::new()
    );
    assert_eq!(
        fixes_of("import os\nX = bool(os.environ.get(name))\n", "FG204"),
        Vec::new()
    );
}

#[test]
fn truthy_flag_in_test_file_is_information() {
    check_at(
        "tests/test_config.py",
        "import os\nDEBUG = bool(os.getenv(\"DEBUG\"))\n",
        &["FG204"],
        &[("FG204", r#"bool(os.getenv("DEBUG"))"#, Information)],
    );
}

// ---- FG501 unvalidated-secret-env ----

#[test]
fn secret_read_without_default_at_module_level() {
    fg501(
        r#"
import os

SECRET_KEY = os.environ.get("SECRET_KEY")
STRIPE_API_KEY = os.getenv("STRIPE_API_KEY")
ADMIN_PASSWORD_HASH = os.getenv("ADMIN_PASSWORD_HASH")
MAPS_KEY = os.getenv("MAPS_KEY")
SESSION_SIGNER = os.getenv("FLASK_SESSION_SECRET")
"#,
        &[
            r#"os.environ.get("SECRET_KEY")"#,
            r#"os.getenv("STRIPE_API_KEY")"#,
            r#"os.getenv("ADMIN_PASSWORD_HASH")"#,
            r#"os.getenv("MAPS_KEY")"#,
            r#"os.getenv("FLASK_SESSION_SECRET")"#,
        ],
    );
}

#[test]
fn secret_read_into_class_and_app_config() {
    fg501(
        r#"
import os
from os import environ

class Config:
    SECRET_KEY = environ.get("SECRET_KEY")
    DEBUG = False

def create_app():
    app = Flask(__name__)
    app.config["MAIL_PASSWORD"] = os.environ.get("MAIL_PASSWORD")
    app.config.update(GITHUB_TOKEN=os.getenv("GITHUB_TOKEN"))
    return app
"#,
        &[
            r#"environ.get("SECRET_KEY")"#,
            r#"os.environ.get("MAIL_PASSWORD")"#,
            r#"os.getenv("GITHUB_TOKEN")"#,
        ],
    );
}

#[test]
fn explicit_none_default_and_dict_bindings() {
    fg501(
        r#"
import os

SECRET_KEY = os.environ.get("SECRET_KEY", None)
SETTINGS = dict(API_TOKEN=os.getenv("API_TOKEN"), DEBUG=False)
CONFIG = {"DB_PASSWORD": os.getenv("DB_PASSWORD"), "PORT": os.getenv("PORT")}
"#,
        &[
            r#"os.environ.get("SECRET_KEY", None)"#,
            r#"os.getenv("API_TOKEN")"#,
            r#"os.getenv("DB_PASSWORD")"#,
        ],
    );
}

#[test]
fn a_check_of_the_app_config_in_a_factory_counts() {
    fg501(
        r#"
import os

NEEDED = ("SECRET_KEY", "API_TOKEN")

def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY")
    app.config["API_TOKEN"] = os.environ.get("API_TOKEN")
    missing = [k for k in NEEDED if not app.config.get(k)]
    if missing:
        raise RuntimeError(missing)
    return app
"#,
        &[],
    );
}

#[test]
fn lookups_that_are_not_reported() {
    fg501(
        r#"
import os

HOME = os.environ.get("HOME")
LOG_LEVEL = os.getenv("LOG_LEVEL")
CACHE_KEY = os.getenv("CACHE_KEY")
STRIPE_PUBLISHABLE_KEY = os.getenv("STRIPE_PUBLISHABLE_KEY")
TOKEN_URL = os.getenv("TOKEN_URL")
SECRET_KEY = os.environ["SECRET_KEY"]
API_KEY = os.environ.get("API_KEY", "")
PASSWORD_FIELD = os.environ.get("PASSWORD_FIELD")

def connect():
    password = os.environ.get("DB_PASSWORD")
    return db.connect(password=password)
"#,
        &[],
    );
}

#[test]
fn validation_later_in_the_module_counts() {
    fg501(
        r#"
import os

SECRET_KEY = os.environ.get("SECRET_KEY")
API_TOKEN = os.getenv("API_TOKEN")
DB_PASSWORD = os.getenv("DB_PASSWORD")

if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set")
assert API_TOKEN, "API_TOKEN must be set"
"#,
        &[r#"os.getenv("DB_PASSWORD")"#],
    );
}

#[test]
fn validation_of_config_keys_and_is_none() {
    fg501(
        r#"
import os, sys

app.config["SECRET_KEY"] = os.environ.get("FLASK_SECRET_KEY")
app.config["API_KEY"] = os.environ.get("API_KEY")

if app.config["SECRET_KEY"] is None:
    sys.exit("FLASK_SECRET_KEY is not set")
if app.config.get("API_KEY") is None:
    raise SystemExit(1)
"#,
        &[],
    );
}

#[test]
fn required_settings_block_and_loops_count() {
    fg501(
        r#"
import os

SECRET_KEY = os.environ.get("SECRET_KEY")
API_TOKEN = os.getenv("API_TOKEN")
MAIL_PASSWORD = os.getenv("MAIL_PASSWORD")

# flaskguard: required settings
_REQUIRED_SETTINGS = ("SECRET_KEY",)
_missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
if _missing:
    raise RuntimeError("Missing required configuration: " + ", ".join(_missing))

NEEDED = ["API_TOKEN"]
for name in NEEDED:
    if name not in os.environ:
        raise RuntimeError(name)

def check():
    for var in ("MAIL_PASSWORD",):
        if not os.getenv(var):
            raise RuntimeError(var)
"#,
        &[],
    );
}

#[test]
fn a_helper_named_for_checking_counts() {
    fg501(
        r#"
import os

SECRET_KEY = os.environ.get("SECRET_KEY")
API_TOKEN = os.getenv("API_TOKEN")
DB_PASSWORD = os.getenv("DB_PASSWORD")
SETTINGS = ("DB_PASSWORD",)

require_env("SECRET_KEY")
config_checks.validate_settings(["API_TOKEN"])
ensure_present(SETTINGS)
"#,
        &[],
    );
}

#[test]
fn checks_deep_inside_expressions_count() {
    fg501(
        r#"
import os

SECRET_KEY = os.environ.get("SECRET_KEY")
API_TOKEN = os.getenv("API_TOKEN")
DB_PASSWORD = os.getenv("DB_PASSWORD")
MAIL_PASSWORD = os.getenv("MAIL_PASSWORD")

def startup(app):
    app.before_request(lambda: Checks.Require_Env("SECRET_KEY"))
    log(str([n for n in ("API_TOKEN",) if not os.environ.get(n)]))
    return wrap(wrap(tools.VALIDATE_ALL(("DB_PASSWORD",))))
"#,
        &[r#"os.getenv("MAIL_PASSWORD")"#],
    );
}

#[test]
fn checks_in_methods_among_assertions_count() {
    fg501(
        r#"
import os

SECRET_KEY = os.environ.get("SECRET_KEY")
API_TOKEN = os.getenv("API_TOKEN")
MAIL_PASSWORD = os.getenv("MAIL_PASSWORD")

class Startup:
    def test_ready(self):
        self.assertEqual(1, 1)
        while Settings_Validator("SECRET_KEY"):
            pass

    def test_later(self):
        self.assertTrue(True)
        if not API_TOKEN:
            quit()
"#,
        &[r#"os.getenv("MAIL_PASSWORD")"#],
    );
}

#[test]
fn a_warning_is_not_validation() {
    fg501(
        r#"
import os

SECRET_KEY = os.environ.get("SECRET_KEY")
if not SECRET_KEY:
    print("warning: SECRET_KEY is not set")
"#,
        &[r#"os.environ.get("SECRET_KEY")"#],
    );
}

#[test]
fn unvalidated_secret_offers_fixes_g_then_h() {
    let source = "import os\nSECRET_KEY = os.environ.get(\"SECRET_KEY\")\n";
    let start = source.find("os.environ.get").unwrap();
    let call = start..source.rfind(')').unwrap() + 1;
    assert_eq!(
        fixes_of(source, "FG501"),
        vec![
            FixPlan::RequireEnv {
                call: call.clone(),
                var: "SECRET_KEY".to_string()
            },
            FixPlan::ValidateAtStartup {
                call,
                var: "SECRET_KEY".to_string()
            },
        ]
    );
}

#[test]
fn unvalidated_secret_in_development_class_is_lowered() {
    check(
        r#"
import os

class DevelopmentConfig:
    SECRET_KEY = os.environ.get("SECRET_KEY")
"#,
        &["FG501"],
        &[("FG501", r#"os.environ.get("SECRET_KEY")"#, Hint)],
    );
}

// ---- Robustness ----

#[test]
fn deeply_nested_input_is_analysed_without_crashing() {
    let concatenation = format!("print(api_key{})\n", " + api_key".repeat(20_000));
    let dicts = format!(
        "import os\nCONFIG = {}os.getenv(\"SECRET_KEY\"){}\n",
        "{\"a\": ".repeat(2_000),
        "}".repeat(2_000)
    );
    let mut blocks = String::from("import os\n");
    for level in 0..300 {
        blocks.push_str(&" ".repeat(level));
        blocks.push_str("if x:\n");
    }
    blocks.push_str(&" ".repeat(300));
    blocks.push_str("SECRET_KEY = os.environ.get(\"SECRET_KEY\")\n");
    for source in [concatenation, dicts, blocks] {
        // Reaching the end is the assertion: a stack overflow would abort the test binary.
        let _ = seen_at("app.py", &source);
    }
    // The first operands are still looked at.
    let shallow = seen_at("app.py", "print(api_key + \"!\")\n");
    assert_eq!(shallow.len(), 1);
}

#[test]
fn editor_sees_a_later_validation_come_and_go() {
    use flaskguard::analysis::{AnalysisOptions, IncrementalAnalysis};
    use flaskguard::document::ParsedModule;

    let lookup = "import os\n\nSECRET_KEY = os.environ.get(\"SECRET_KEY\")\n";
    let validated =
        format!("{lookup}\nif not SECRET_KEY:\n    raise RuntimeError(\"SECRET_KEY\")\n");
    let options = AnalysisOptions::default();
    let mut engine = IncrementalAnalysis::new();
    let mut fg501 = |source: &str| {
        let parsed = ParsedModule::parse(source);
        engine
            .analyze(source, &parsed, Some(Path::new("app.py")), &options)
            .iter()
            .filter(|f| f.code.as_str() == "FG501")
            .count()
    };
    assert_eq!(fg501(lookup), 1);
    assert_eq!(fg501(&validated), 0);
    assert_eq!(fg501(lookup), 1);
}
