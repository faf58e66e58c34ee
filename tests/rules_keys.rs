//! FG601 timing-unsafe-key-compare and FG602 key-in-query-string, with look-alikes.

mod common;

use common::{chained_locals, codes, findings_at, within_a_minute};
use flaskguard::finding::FixPlan;

/// Asserts the `(code, flagged text)` pairs of the key rules `source` yields.
fn check(source: &str, expect: &[(&str, &str)]) {
    let got: Vec<(String, String)> = codes(source)
        .into_iter()
        .filter(|(code, _)| matches!(code.as_str(), "FG601" | "FG602"))
        .collect();
    let expect: Vec<(String, String)> = expect
        .iter()
        .map(|(c, t)| (c.to_string(), t.to_string()))
        .collect();
    assert_eq!(got, expect, "\n--- source ---\n{source}");
}

#[test]
fn fg601_header_against_configured_key() {
    check(
        r#"
from flask import Flask, request, abort
app = Flask(__name__)

@app.before_request
def require_key():
    if request.headers.get("X-API-Key") != app.config["API_KEY"]:
        abort(401)
"#,
        &[(
            "FG601",
            r#"request.headers.get("X-API-Key") != app.config["API_KEY"]"#,
        )],
    );
}

#[test]
fn fg601_through_locals_in_a_decorator() {
    check(
        r#"
import os
from functools import wraps
from flask import request, jsonify

API_TOKEN = os.environ.get("API_TOKEN")

def token_required(f):
    @wraps(f)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        supplied = header.removeprefix("Bearer ")
        if API_TOKEN == supplied:
            return f(*args, **kwargs)
        return jsonify(error="unauthorized"), 401
    return wrapper
"#,
        &[("FG601", "API_TOKEN == supplied")],
    );
}

#[test]
fn fg601_compare_digest_and_non_request_comparisons_are_fine() {
    check(
        r#"
import hmac
from flask import request

def check(api_key):
    supplied = request.headers.get("X-API-Key", "")
    if not hmac.compare_digest(supplied.encode(), api_key.encode()):
        return False
    if api_key == "":
        return False
    if request.form["password"] == request.form["confirm_password"]:
        return True
    return len(supplied) == 32
"#,
        &[],
    );
}

#[test]
fn fg601_offers_fix_i_with_operands() {
    let source = r#"
from flask import request
def view():
    if request.args.get("token") == SECRET_TOKEN:
        return "ok"
"#;
    let found = findings_at("app.py", source);
    let fg601 = found
        .iter()
        .find(|f| f.code.to_string() == "FG601")
        .expect("an FG601 finding");
    match &fg601.fixes[..] {
        [
            FixPlan::CompareDigest {
                supplied,
                expected,
                negated,
                ..
            },
        ] => {
            assert_eq!(&source[supplied.clone()], r#"request.args.get("token")"#);
            assert_eq!(&source[expected.clone()], "SECRET_TOKEN");
            assert!(!negated);
        }
        other => panic!("expected fix I, got {other:?}"),
    }
}

#[test]
fn fg602_keys_in_query_string() {
    check(
        r#"
from flask import request

def view():
    key = request.args.get("api_key")
    token = request.args["token"]
    other = request.args.get("key", "")
    return key, token, other
"#,
        &[
            ("FG602", r#"request.args.get("api_key")"#),
            ("FG602", r#"request.args["token"]"#),
            ("FG602", r#"request.args.get("key", "")"#),
        ],
    );
}

#[test]
fn fg602_headers_and_plain_parameters_are_fine() {
    check(
        r#"
from flask import request

def view():
    key = request.headers.get("X-API-Key")
    page = request.args.get("page", 1)
    sort = request.args.get("sort_key")
    form_token = request.form.get("token")
    return key, page, sort, form_token
"#,
        &[],
    );
}

#[test]
fn fg601_stored_password_of_a_user_looked_up_by_request_input() {
    check(
        r#"
from flask import request

def login():
    user = User.query.filter_by(name=request.form["name"]).first()
    if user and user.password == request.form["password"]:
        return "ok"
    password = request.form["password"]
    confirm_password = request.form["confirm_password"]
    if password != confirm_password:
        return "mismatch"
"#,
        &[("FG601", r#"user.password == request.form["password"]"#)],
    );
}

#[test]
fn fg601_message_never_shows_a_secret_literal_whole() {
    let source = r#"
from flask import request
def view():
    if request.headers.get("Authorization") != f"Bearer FAKEtokenABCDEF0123456789{SUFFIX_TOKEN}":
        return "no"
"#;
    let found = findings_at("app.py", source);
    let fg601 = found
        .iter()
        .find(|f| f.code.to_string() == "FG601")
        .expect("an FG601 finding");
    assert!(
        !fg601.message.contains("FAKEtokenABCDEF0123456789"),
        "{}",
        fg601.message
    );
    assert!(fg601.fixes.is_empty(), "no fix for an f-string key");
}

#[test]
fn fg601_flask_httpauth_callbacks_receive_request_credentials() {
    check(
        r#"
from flask_httpauth import HTTPBasicAuth, HTTPTokenAuth
basic = HTTPBasicAuth()
tokens = HTTPTokenAuth()

@basic.verify_password
def verify_password(username, password):
    return username == "admin" and password == ADMIN_PASSWORD

@tokens.verify_token
def verify_token(token):
    return token == API_TOKEN

def not_a_callback(password):
    return password == ADMIN_PASSWORD
"#,
        &[
            ("FG601", "password == ADMIN_PASSWORD"),
            ("FG601", "token == API_TOKEN"),
        ],
    );
}

#[test]
fn fg601_follows_locals_assigned_many_times_once_each() {
    let view = |first: &str, levels: usize| {
        format!(
            "from flask import request\n\n@app.route('/')\ndef view():\n{}",
            chained_locals(
                first,
                levels,
                100,
                &format!("if API_TOKEN == x{levels}:\n        return 'ok'")
            )
        )
    };
    // Nothing reaches the request: every path through the locals is explored, 100^4 of
    // them when each is followed on its own.
    let plain = view("'plain'  # not the request", 4);
    within_a_minute("FG601 on a chain of reassigned locals", move || {
        check(&plain, &[])
    });
    // Request input three locals up the chain is still found through it.
    let input = view("request.args.get('key')", 3);
    within_a_minute("FG601 on a chain of reassigned locals", move || {
        check(
            &input,
            &[
                ("FG602", "request.args.get('key')"),
                ("FG601", "API_TOKEN == x3"),
            ],
        )
    });
}
