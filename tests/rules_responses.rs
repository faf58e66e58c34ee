//! FG301–FG303 and FG401: views that send configuration, the environment, secrets or
//! exception details to the client, and their look-alikes that must stay quiet.

mod common;

use common::{chained_locals, codes, within_a_minute};

/// Asserts the `(code, flagged text)` pairs `source` yields as `app.py`.
fn check(source: &str, expect: &[(&str, &str)]) {
    let got: Vec<(String, String)> = codes(source)
        .into_iter()
        .filter(|(code, _)| matches!(code.as_str(), "FG301" | "FG302" | "FG303" | "FG401"))
        .collect();
    let expect: Vec<(String, String)> = expect
        .iter()
        .map(|(c, t)| (c.to_string(), t.to_string()))
        .collect();
    assert_eq!(got, expect, "\n--- source ---\n{source}");
}

#[test]
fn fg301_config_returned_from_route() {
    check(
        r#"
from flask import Flask, jsonify
app = Flask(__name__)

@app.route("/debug/config")
def show_config():
    return jsonify(dict(app.config))
"#,
        &[("FG301", "dict(app.config)")],
    );
}

#[test]
fn fg301_config_through_a_local_in_a_blueprint() {
    check(
        r#"
from flask import Blueprint, current_app, jsonify
bp = Blueprint("admin", __name__)

@bp.get("/settings")
def settings():
    cfg = {k: v for k, v in current_app.config.items()}
    return jsonify(cfg)
"#,
        &[("FG301", "{k: v for k, v in current_app.config.items()}")],
    );
}

#[test]
fn fg301_str_and_render_template() {
    check(
        r#"
from flask import Flask, render_template
app = Flask(__name__)

@app.route("/a")
def a():
    return str(app.config)

@app.route("/b")
def b():
    return render_template("b.html", settings=app.config)
"#,
        &[("FG301", "str(app.config)"), ("FG301", "app.config")],
    );
}

#[test]
fn fg301_single_harmless_setting_is_fine() {
    check(
        r#"
from flask import Flask, jsonify
app = Flask(__name__)

@app.route("/version")
def version():
    return jsonify(name=app.config["APP_NAME"], version=app.config.get("VERSION"))
"#,
        &[],
    );
}

#[test]
fn fg301_not_outside_views() {
    check(
        r#"
from flask import Flask
app = Flask(__name__)

def snapshot():
    return dict(app.config)
"#,
        &[],
    );
}

#[test]
fn fg302_environ_in_all_its_forms() {
    check(
        r#"
import os
from os import environ as env
from flask import Flask, jsonify, make_response
app = Flask(__name__)

@app.route("/env")
def show_env():
    return jsonify(dict(os.environ))

@app.route("/env2")
def env2():
    data = os.environ.copy()
    return make_response(data)

@app.route("/env3")
def env3():
    return {**env}
"#,
        &[
            ("FG302", "dict(os.environ)"),
            ("FG302", "os.environ.copy()"),
            ("FG302", "{**env}"),
        ],
    );
}

#[test]
fn fg303_configured_secrets() {
    check(
        r#"
import os
from flask import Flask, jsonify, current_app
app = Flask(__name__)
STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]

@app.route("/a")
def a():
    return jsonify(key=app.config["API_KEY"])

@app.route("/b")
def b():
    secret = current_app.config.get("SECRET_KEY")
    return {"secret": secret}

@app.route("/c")
def c():
    return os.getenv("GITHUB_TOKEN")

@app.route("/d")
def d():
    return jsonify(stripe=STRIPE_SECRET_KEY)
"#,
        &[
            ("FG303", "app.config[\"API_KEY\"]"),
            ("FG303", "current_app.config.get(\"SECRET_KEY\")"),
            ("FG303", "os.getenv(\"GITHUB_TOKEN\")"),
            ("FG303", "STRIPE_SECRET_KEY"),
        ],
    );
}

#[test]
fn fg303_token_issued_by_the_view_is_fine() {
    check(
        r#"
from flask import Flask, jsonify, request
from flask_jwt_extended import create_access_token
app = Flask(__name__)

@app.post("/login")
def login():
    access_token = create_access_token(identity=request.json["user"])
    return jsonify(access_token=access_token)
"#,
        &[],
    );
}

/// A traceback imported by its function name is found without any other hint in the
/// view (it used to be found only in files that also imported `os`).
#[test]
fn fg401_format_tb_imported_by_name() {
    check(
        r#"
import sys
from traceback import format_tb
from flask import Flask
app = Flask(__name__)

@app.route("/stack")
def stack():
    return "".join(format_tb(sys.exc_info()[2]))
"#,
        &[("FG401", "format_tb(sys.exc_info()[2])")],
    );
}

#[test]
fn fg401_exception_details_in_views_and_handlers() {
    check(
        r#"
import traceback
from flask import Flask, jsonify
app = Flask(__name__)

@app.route("/pay")
def pay():
    try:
        charge()
    except Exception as e:
        return jsonify(error=str(e)), 500

@app.route("/report")
def report():
    try:
        build()
    except ValueError as err:
        return f"failed: {err}", 400
    except Exception:
        tb = traceback.format_exc()
        return tb, 500

@app.errorhandler(Exception)
def on_error(error):
    return {"error": repr(error), "args": error.args}, 500
"#,
        &[
            ("FG401", "str(e)"),
            ("FG401", "f\"failed: {err}\""),
            ("FG401", "traceback.format_exc()"),
            ("FG401", "repr(error)"),
            ("FG401", "error.args"),
        ],
    );
}

#[test]
fn fg401_description_is_fine() {
    check(
        r#"
from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException
app = Flask(__name__)

@app.errorhandler(HTTPException)
def on_http_error(e):
    return jsonify(error=e.description, code=e.code), e.code
"#,
        &[],
    );
}

#[test]
fn fg401_registered_handler_and_method_view() {
    check(
        r#"
from flask import Flask
from flask.views import MethodView

def on_error(exc):
    return "error: %s" % exc, 500

class ItemAPI(MethodView):
    def get(self, item_id):
        try:
            return load(item_id)
        except KeyError as e:
            return {"error": e.args[0]}, 404

app = Flask(__name__)
app.register_error_handler(500, on_error)
"#,
        &[("FG401", "\"error: %s\" % exc"), ("FG401", "e.args[0]")],
    );
}

#[test]
fn views_inside_an_app_factory() {
    check(
        r#"
import os
from flask import Flask, jsonify

def create_app():
    app = Flask(__name__)

    @app.route("/env")
    def env():
        return jsonify(os.environ.copy())

    return app
"#,
        &[("FG302", "os.environ.copy()")],
    );
}

#[test]
fn comprehensions_that_select_are_allowlists_those_that_exclude_are_not() {
    check(
        r#"
import os
from flask import Flask, jsonify, current_app
app = Flask(__name__)

@app.route("/flags")
def flags():
    return jsonify({k: v for k, v in current_app.config.items() if k.startswith("FEATURE_")})

@app.route("/env")
def env():
    return jsonify({k: v for k, v in os.environ.items() if not k.startswith("_")})
"#,
        &[(
            "FG302",
            r#"{k: v for k, v in os.environ.items() if not k.startswith("_")}"#,
        )],
    );
}

#[test]
fn fg401_abort_and_flash_show_their_text_to_the_user() {
    check(
        r#"
from flask import Flask, abort, flash, redirect
app = Flask(__name__)

@app.post("/upload")
def upload():
    try:
        save()
    except ValueError as e:
        abort(400, description=str(e))
    except OSError as e:
        flash(f"Upload failed: {e}", "danger")
        return redirect("/")
"#,
        &[("FG401", "str(e)"), ("FG401", "f\"Upload failed: {e}\"")],
    );
}

#[test]
fn fg303_settings_object_fields() {
    check(
        r#"
from flask import Flask, jsonify
from .settings import settings
app = Flask(__name__)

@app.get("/keys")
def keys():
    return jsonify(stripe=settings.stripe_secret_key, user=current_user.api_token)
"#,
        &[("FG303", "settings.stripe_secret_key")],
    );
}

#[test]
fn fg303_module_constants_but_not_imported_helpers() {
    check(
        r#"
import os
from flask import Flask, jsonify, render_template
from flask_wtf.csrf import csrf_token
app = Flask(__name__)
openai_api_key = os.environ["OPENAI_API_KEY"]

@app.get("/a")
def a():
    return jsonify(key=openai_api_key)

@app.get("/form")
def form():
    return render_template("form.html", csrf_token=csrf_token)
"#,
        &[("FG303", "openai_api_key")],
    );
}

#[test]
fn fg303_public_client_keys_are_fine() {
    check(
        r#"
from flask import Blueprint, jsonify
from . import PUSHER_APP_ID, PUSHER_KEY, PUSHER_SECRET
bp = Blueprint("rt", __name__)

@bp.get("/pusher/config")
def pusher_config():
    return jsonify(app_id=PUSHER_APP_ID, key=PUSHER_KEY, secret=PUSHER_SECRET)
"#,
        &[("FG303", "PUSHER_SECRET")],
    );
}

#[test]
fn fg401_one_line_handler_is_reported_without_a_fix() {
    let source = r#"
from flask import Flask
app = Flask(__name__)

@app.route("/x")
def x():
    try:
        run()
    except Exception as e: return str(e), 500
"#;
    let found = common::findings_at("app.py", source);
    let fg401: Vec<_> = found
        .iter()
        .filter(|f| f.code.to_string() == "FG401")
        .collect();
    assert_eq!(fg401.len(), 1, "{found:#?}");
    assert!(fg401[0].fixes.is_empty());
}

#[test]
fn pages_of_the_view_and_key_rules_follow_the_rule_page_structure() {
    use flaskguard::rules::RuleCode;
    let sections = [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## Fix safety",
        "## Options",
        "## Suppression",
    ];
    for code in ["FG301", "FG302", "FG303", "FG401", "FG601", "FG602"] {
        let info = code.parse::<RuleCode>().expect("a known code").info();
        let doc = info.doc;
        assert!(
            doc.starts_with(&format!("# {code} {}\n\nDefault severity: **", info.name)),
            "{code}: title and metadata line"
        );
        let mut at = 0;
        for section in sections {
            let found = doc[at..]
                .find(section)
                .unwrap_or_else(|| panic!("{code}: missing or misplaced `{section}`"));
            at += found + section.len();
        }
        assert!(doc.contains("```python\n"), "{code}: python examples");
        assert!(
            doc.contains(&format!("# noqa: {code}")),
            "{code}: suppression"
        );
    }
}

#[test]
fn handlers_and_views_registered_by_calling_the_decorator() {
    check(
        r#"
from flask import Flask

def on_error(err):
    return {"error": str(err)}, 500

def dump():
    return dict(app.config)

app = Flask(__name__)
app.errorhandler(500)(on_error)
app.route("/dump")(dump)
"#,
        &[("FG401", "str(err)"), ("FG301", "dict(app.config)")],
    );
}

#[test]
fn fg301_pretty_printed_or_dumped_config() {
    check(
        r#"
import pprint
import yaml
from flask import Flask
app = Flask(__name__)

@app.route("/a")
def a():
    return pprint.pformat(dict(app.config))

@app.route("/b")
def b():
    return yaml.safe_dump(dict(app.config)), 200, {"Content-Type": "text/yaml"}
"#,
        &[("FG301", "dict(app.config)"), ("FG301", "dict(app.config)")],
    );
}

#[test]
fn fg301_follows_locals_assigned_many_times_once_each() {
    let view = |first: &str, levels: usize| {
        format!(
            "from flask import Flask, jsonify\napp = Flask(__name__)\n\n@app.route('/')\ndef view():\n{}",
            chained_locals(first, levels, 100, &format!("return jsonify(x{levels})"))
        )
    };
    // Nothing leaks: every path through the locals is explored, 100^4 of them when each
    // is followed on its own.
    let plain = view("'plain'  # not the config", 4);
    within_a_minute("FG301 on a chain of reassigned locals", move || {
        check(&plain, &[])
    });
    // The configuration three locals up the chain is still found, where it is read.
    let config = view("dict(app.config)", 3);
    within_a_minute("FG301 on a chain of reassigned locals", move || {
        check(&config, &[("FG301", "dict(app.config)")])
    });
}
