//! Fixes F (exception detail → generic message + logged exception) and I
//! (`hmac.compare_digest` with a missing-key guard): before/after, CRLF, imports once,
//! and idempotence.

mod common;

use common::findings_at;
use flaskguard::analysis::AnalysisOptions;
use flaskguard::document::ParsedModule;
use flaskguard::fixes::{apply_edits, edits_for, fix_source, fix_title};

/// Applies the preferred fix of the one `code` finding in `before` and compares with
/// `after`; then checks the finding is gone and the same plan does nothing again.
fn check_fix(code: &str, before: &str, after: &str) {
    let found = findings_at("app.py", before);
    let finding = found
        .iter()
        .find(|f| f.code.to_string() == code)
        .unwrap_or_else(|| panic!("no {code} finding in:\n{before}\n{found:#?}"));
    let plan = finding.fixes.first().expect("a fix");
    assert!(!fix_title(plan).is_empty());
    let parsed = ParsedModule::parse(before);
    let fixed = apply_edits(before, &edits_for(before, &parsed, plan));
    assert_eq!(
        fixed, after,
        "\n--- fixed ---\n{fixed}\n--- expected ---\n{after}"
    );
    let again = findings_at("app.py", &fixed);
    assert!(
        again.iter().all(|f| f.code.to_string() != code),
        "{code} still reported after the fix: {again:#?}"
    );
    let reparsed = ParsedModule::parse(&fixed);
    assert_eq!(reparsed.error_count(), 0, "{fixed}");
    let twice = apply_edits(&fixed, &edits_for(&fixed, &reparsed, plan));
    assert_eq!(twice, fixed, "the plan applied twice changed the text");
}

#[test]
fn fix_f_in_an_app_view_uses_app_logger() {
    check_fix(
        "FG401",
        r#"from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/pay")
def pay():
    try:
        charge()
    except Exception as e:
        return jsonify(error=str(e)), 500
"#,
        r#"from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/pay")
def pay():
    try:
        charge()
    except Exception as e:
        app.logger.exception("Unhandled exception", exc_info=e)
        return jsonify(error="Internal server error"), 500
"#,
    );
}

#[test]
fn fix_f_in_a_blueprint_imports_current_app() {
    check_fix(
        "FG401",
        r#"import traceback

from flask import Blueprint

bp = Blueprint("api", __name__)


@bp.route("/report")
def report():
    try:
        return build()
    except Exception:
        return {"trace": traceback.format_exc()}, 500
"#,
        r#"import traceback

from flask import Blueprint
from flask import current_app

bp = Blueprint("api", __name__)


@bp.route("/report")
def report():
    try:
        return build()
    except Exception:
        current_app.logger.exception("Unhandled exception")
        return {"trace": "Internal server error"}, 500
"#,
    );
}

#[test]
fn fix_f_keeps_crlf_and_an_existing_current_app_import() {
    let before = "from flask import Blueprint, current_app\r\n\r\nbp = Blueprint(\"a\", __name__)\r\n\r\n\r\n@bp.errorhandler(500)\r\ndef on_error(err):\r\n    return f\"failed: {err}\", 500\r\n";
    let after = "from flask import Blueprint, current_app\r\n\r\nbp = Blueprint(\"a\", __name__)\r\n\r\n\r\n@bp.errorhandler(500)\r\ndef on_error(err):\r\n    current_app.logger.exception(\"Unhandled exception\", exc_info=err)\r\n    return \"Internal server error\", 500\r\n";
    check_fix("FG401", before, after);
}

#[test]
fn fix_i_negated_comparison_adds_import_hmac_once() {
    check_fix(
        "FG601",
        r#"import os

from flask import Flask, abort, request

app = Flask(__name__)


@app.before_request
def require_key():
    if request.headers.get("X-API-Key") != app.config["API_KEY"]:
        abort(401)
"#,
        r#"import os

from flask import Flask, abort, request
import hmac

app = Flask(__name__)


@app.before_request
def require_key():
    if not (app.config["API_KEY"] and hmac.compare_digest((request.headers.get("X-API-Key") or "").encode(), app.config["API_KEY"].encode())):
        abort(401)
"#,
    );
}

#[test]
fn fix_i_positive_comparison_with_hmac_already_imported() {
    check_fix(
        "FG601",
        r#"import hmac
from flask import request

def allowed():
    return bool(API_TOKEN) and not request.args and API_TOKEN == request.headers.get("X-Token")
"#,
        r#"import hmac
from flask import request

def allowed():
    return bool(API_TOKEN) and not request.args and API_TOKEN and hmac.compare_digest((request.headers.get("X-Token") or "").encode(), API_TOKEN.encode())
"#,
    );
}

#[test]
fn fix_i_under_not_is_parenthesised() {
    check_fix(
        "FG601",
        r#"import hmac
from flask import request

def denied():
    return not request.headers.get("X-Token") == API_TOKEN
"#,
        r#"import hmac
from flask import request

def denied():
    return not (API_TOKEN and hmac.compare_digest((request.headers.get("X-Token") or "").encode(), API_TOKEN.encode()))
"#,
    );
}

#[test]
fn fix_all_applies_f_and_i_together_and_is_stable() {
    let before = r#"from flask import Flask, request

app = Flask(__name__)


@app.route("/a")
def a():
    if request.headers.get("X-Key") != API_KEY:
        return "no", 401
    try:
        return run()
    except Exception as e:
        return str(e), 500


@app.route("/b")
def b():
    if request.headers.get("X-Key") != API_KEY:
        return "no", 401
    return "ok"
"#;
    let options = AnalysisOptions::default();
    let once = fix_source(before, Some(std::path::Path::new("app.py")), &options);
    assert_eq!(once.text.matches("import hmac").count(), 1, "{}", once.text);
    assert_eq!(once.text.matches("hmac.compare_digest").count(), 2);
    assert!(once.text.contains("app.logger.exception"), "{}", once.text);
    let twice = fix_source(&once.text, Some(std::path::Path::new("app.py")), &options);
    assert_eq!(twice.text, once.text);
    assert!(twice.applied.is_empty());
}
