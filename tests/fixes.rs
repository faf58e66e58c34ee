//! Fixes A–D, suppression and fix-all, each checked on a small snippet whose target is
//! marked with `«…»`: `check_fix(plan, before, after)`.

use std::ops::Range;

use flaskguard::document::ParsedModule;
use flaskguard::finding::{Finding, FixPlan, Lowering, TextEdit};
use flaskguard::fixes::{apply_edits, edits_for, fix_all_edits, fix_title, suppress_edit};
use flaskguard::rules::RuleCode;

type MakePlan = Box<dyn Fn(Range<usize>) -> FixPlan>;

fn a(var: &str) -> MakePlan {
    let var = var.to_string();
    Box::new(move |literal| FixPlan::EnvironSubscript {
        literal,
        var: var.clone(),
    })
}

fn b(var: &str) -> MakePlan {
    let var = var.to_string();
    Box::new(move |literal| FixPlan::EnvironGet {
        literal,
        var: var.clone(),
    })
}

fn c(var: &str) -> MakePlan {
    let var = var.to_string();
    Box::new(move |call| FixPlan::DropFallback {
        call,
        var: var.clone(),
    })
}

fn d() -> MakePlan {
    Box::new(|value| FixPlan::DebugFromEnv { value })
}

/// Removes every `«…»` pair and returns the text and the marked byte ranges in order.
fn unmark(marked: &str) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut ranges = Vec::new();
    let mut open = None;
    for ch in marked.chars() {
        match ch {
            '«' => open = Some(text.len()),
            '»' => ranges.push(open.take().expect("« before »")..text.len()),
            _ => text.push(ch),
        }
    }
    (text, ranges)
}

fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

/// Applies `plan` at the marked range of `before` and compares with `after`; then
/// checks the plan, pointed at what it produced, does nothing a second time.
fn check_fix(make: MakePlan, before: &str, after: &str) {
    let (source, ranges) = unmark(before);
    let range = ranges[0].clone();
    let plan = make(range.clone());
    let parsed = ParsedModule::parse(&source);
    let edits = edits_for(&source, &parsed, &plan);
    let fixed = apply_edits(&source, &edits);
    assert_eq!(
        fixed, after,
        "\n--- fixed ---\n{fixed}\n--- expected ---\n{after}"
    );

    let shift: isize = edits
        .iter()
        .filter(|e| e.range.end <= range.start)
        .map(|e| e.new_text.len() as isize - e.range.len() as isize)
        .sum();
    let replacement = edits
        .iter()
        .find(|e| e.range == range)
        .expect("the plan replaces its own range");
    let start = range.start.wrapping_add_signed(shift);
    let again = make(start..start + replacement.new_text.len());
    let reparsed = ParsedModule::parse(&fixed);
    assert_eq!(edits_for(&fixed, &reparsed, &again), Vec::new());
}

/// Like `check_fix`, for plans that must not change anything.
fn check_no_fix(make: MakePlan, before: &str) {
    let (source, ranges) = unmark(before);
    let parsed = ParsedModule::parse(&source);
    assert_eq!(
        edits_for(&source, &parsed, &make(ranges[0].clone())),
        Vec::new()
    );
}

// ---- Fix A -----------------------------------------------------------------

#[test]
fn a_replaces_literal_and_adds_import_at_top() {
    check_fix(
        a("SECRET_KEY"),
        r#"SECRET_KEY = «"FAKE-secret-key-0123456789"»
"#,
        r#"import os

SECRET_KEY = os.environ["SECRET_KEY"]
"#,
    );
}

#[test]
fn a_adds_import_after_existing_import_block() {
    check_fix(
        a("SECRET_KEY"),
        r#"from flask import Flask
import logging

app = Flask(__name__)
app.config["SECRET_KEY"] = «"FAKE-secret-key-0123456789"»
"#,
        r#"from flask import Flask
import logging
import os

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
"#,
    );
}

#[test]
fn a_adds_import_after_docstring_and_future_imports() {
    check_fix(
        a("API_TOKEN"),
        r#""""Settings for the FAKE example app."""
from __future__ import annotations

API_TOKEN = «"FAKE-token-0123456789abcdef"»
"#,
        r#""""Settings for the FAKE example app."""
from __future__ import annotations
import os

API_TOKEN = os.environ["API_TOKEN"]
"#,
    );
}

#[test]
fn a_adds_import_after_docstring_alone() {
    check_fix(
        a("API_TOKEN"),
        r#""""Settings.

Multi-line docstring.
"""
API_TOKEN = «"FAKE-token-0123456789abcdef"»
"#,
        r#""""Settings.

Multi-line docstring.
"""

import os

API_TOKEN = os.environ["API_TOKEN"]
"#,
    );
}

#[test]
fn a_keeps_an_existing_import_os() {
    check_fix(
        a("SECRET_KEY"),
        r#"import os, sys

SECRET_KEY = «"FAKE-secret-key-0123456789"»
"#,
        r#"import os, sys

SECRET_KEY = os.environ["SECRET_KEY"]
"#,
    );
    check_fix(
        a("SECRET_KEY"),
        r#"import os.path

SECRET_KEY = «"FAKE-secret-key-0123456789"»
"#,
        r#"import os.path

SECRET_KEY = os.environ["SECRET_KEY"]
"#,
    );
}

#[test]
fn a_adds_import_when_os_is_only_imported_in_a_function() {
    check_fix(
        a("SECRET_KEY"),
        r#"import sys


def load():
    import os
    return os.getcwd()


SECRET_KEY = «"FAKE-secret-key-0123456789"»
"#,
        r#"import sys
import os


def load():
    import os
    return os.getcwd()


SECRET_KEY = os.environ["SECRET_KEY"]
"#,
    );
}

#[test]
fn a_adds_import_when_os_is_aliased_or_only_environ_is_imported() {
    check_fix(
        a("SECRET_KEY"),
        r#"from os import environ
import os as operating_system

SECRET_KEY = «"FAKE-secret-key-0123456789"»
"#,
        r#"from os import environ
import os as operating_system
import os

SECRET_KEY = os.environ["SECRET_KEY"]
"#,
    );
}

#[test]
fn a_adds_import_when_the_only_import_os_comes_after_the_use() {
    check_fix(
        a("SECRET_KEY"),
        r#"import sys

SECRET_KEY = «"FAKE-secret-key-0123456789"»

import os
"#,
        r#"import sys
import os

SECRET_KEY = os.environ["SECRET_KEY"]

import os
"#,
    );
}

#[test]
fn a_keeps_crlf_line_endings() {
    check_fix(
        a("SECRET_KEY"),
        &crlf(
            r#"from flask import Flask

app = Flask(__name__)
app.secret_key = «"FAKE-secret-key-0123456789"»
"#,
        ),
        &crlf(
            r#"from flask import Flask
import os

app = Flask(__name__)
app.secret_key = os.environ["SECRET_KEY"]
"#,
        ),
    );
}

#[test]
fn a_inserts_import_below_shebang_and_coding_lines() {
    check_fix(
        a("SECRET_KEY"),
        r#"#!/usr/bin/env python
# -*- coding: utf-8 -*-
SECRET_KEY = «"FAKE-secret-key-0123456789"»
"#,
        r#"#!/usr/bin/env python
# -*- coding: utf-8 -*-
import os

SECRET_KEY = os.environ["SECRET_KEY"]
"#,
    );
}

#[test]
fn a_inserts_import_below_a_licence_header_but_above_a_statement_comment() {
    check_fix(
        a("SECRET_KEY"),
        r#"# Copyright FAKE Example Ltd.

# the session key
SECRET_KEY = «"FAKE-secret-key-0123456789"»
"#,
        r#"# Copyright FAKE Example Ltd.
import os

# the session key
SECRET_KEY = os.environ["SECRET_KEY"]
"#,
    );
}

#[test]
fn a_handles_a_file_without_final_newline() {
    check_fix(
        a("SECRET_KEY"),
        r#"import sys
SECRET_KEY = «"FAKE-secret-key-0123456789"»"#,
        r#"import sys
import os
SECRET_KEY = os.environ["SECRET_KEY"]"#,
    );
    check_fix(
        a("SECRET_KEY"),
        r#"SECRET_KEY = «"FAKE-secret-key-0123456789"»"#,
        r#"import os

SECRET_KEY = os.environ["SECRET_KEY"]"#,
    );
}

#[test]
fn a_replaces_split_literals_in_keywords_and_dicts() {
    check_fix(
        a("OPENAI_API_KEY"),
        r#"import os

client = OpenAI(api_key=«("sk-FAKE"
         "EXAMPLE0123456789")»)
"#,
        r#"import os

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
"#,
    );
    check_fix(
        a("PASSWORD"),
        r#"import os

settings = {"PASSWORD": «"FAKE-" + "passw0rd-EXAMPLE"», "DEBUG": False}
"#,
        r#"import os

settings = {"PASSWORD": os.environ["PASSWORD"], "DEBUG": False}
"#,
    );
}

#[test]
fn a_and_b_keep_bytes_values_bytes() {
    check_fix(
        a("SECRET_KEY"),
        r#"import os

app.secret_key = «b"FAKE-_5#y2L-EXAMPLE"»
"#,
        r#"import os

app.secret_key = os.environ["SECRET_KEY"].encode()
"#,
    );
    check_fix(
        b("WEBHOOK_SECRET"),
        r#"import os

WEBHOOK_SECRET = «rb"FAKE-EXAMPLE-" b"hook"»
"#,
        r#"import os

WEBHOOK_SECRET = os.environ.get("WEBHOOK_SECRET", "").encode()

# flaskguard: required settings
_REQUIRED_SETTINGS = ("WEBHOOK_SECRET",)
_missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
if _missing:
    raise RuntimeError("Missing required configuration: " + ", ".join(_missing))
"#,
    );
}

#[test]
fn a_does_nothing_when_the_range_is_no_longer_a_literal() {
    check_no_fix(
        a("SECRET_KEY"),
        r#"SECRET_KEY = «os.environ["SECRET_KEY"]»
"#,
    );
    check_no_fix(
        a("SECRET_KEY"),
        r#"SECRET_KEY = "FAKE-sec«ret-key-0123»456789"
"#,
    );
    check_no_fix(
        a("SECRET_KEY"),
        r#"SECRET_KEY = f«"FAKE-{suffix}"»
"#,
    );
    let source = "KEY = \"FAKÉ-secret\"\n";
    let parsed = ParsedModule::parse(source);
    for literal in [7..9, 6..200, Range { start: 9, end: 7 }] {
        let plan = FixPlan::EnvironSubscript {
            literal,
            var: "KEY".into(),
        };
        assert_eq!(edits_for(source, &parsed, &plan), Vec::new());
    }
}

#[test]
fn a_refuses_an_environment_name_it_cannot_quote() {
    check_no_fix(
        a("BAD\"NAME"),
        r#"SECRET_KEY = «"FAKE-secret-key-0123456789"»
"#,
    );
}

// ---- Fix B -----------------------------------------------------------------

#[test]
fn b_reads_with_get_and_adds_validation_after_the_statement() {
    check_fix(
        b("SECRET_KEY"),
        r#"from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = «"FAKE-secret-key-0123456789"»

@app.route("/")
def index():
    return "hi"
"#,
        r#"from flask import Flask
import os

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY")

# flaskguard: required settings
_REQUIRED_SETTINGS = ("SECRET_KEY",)
_missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
if _missing:
    raise RuntimeError("Missing required configuration: " + ", ".join(_missing))

@app.route("/")
def index():
    return "hi"
"#,
    );
}

#[test]
fn b_places_validation_after_later_config_statements() {
    check_fix(
        b("SECRET_KEY"),
        r#"import os
from flask import Flask

app = Flask(__name__)
app.secret_key = «"FAKE-secret-key-0123456789"»
app.config["DEBUG"] = False
app.config.update(TESTING=False)
db = connect()

if __name__ == "__main__":
    app.config["SERVER_NAME"] = "localhost"
    app.run()
"#,
        r#"import os
from flask import Flask

app = Flask(__name__)
app.secret_key = os.environ.get("SECRET_KEY")
app.config["DEBUG"] = False
app.config.update(TESTING=False)

# flaskguard: required settings
_REQUIRED_SETTINGS = ("SECRET_KEY",)
_missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
if _missing:
    raise RuntimeError("Missing required configuration: " + ", ".join(_missing))

db = connect()

if __name__ == "__main__":
    app.config["SERVER_NAME"] = "localhost"
    app.run()
"#,
    );
}

#[test]
fn b_inside_the_main_guard_validates_before_it() {
    check_fix(
        b("SECRET_KEY"),
        r#"import os

app = Flask(__name__)

if __name__ == "__main__":
    app.secret_key = «"FAKE-secret-key-0123456789"»
    app.run()
"#,
        r#"import os

app = Flask(__name__)

# flaskguard: required settings
_REQUIRED_SETTINGS = ("SECRET_KEY",)
_missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
if _missing:
    raise RuntimeError("Missing required configuration: " + ", ".join(_missing))

if __name__ == "__main__":
    app.secret_key = os.environ.get("SECRET_KEY")
    app.run()
"#,
    );
}

#[test]
fn b_places_validation_after_a_config_class_at_end_of_file() {
    check_fix(
        b("DATABASE_URL"),
        r#"class ProductionConfig:
    SQLALCHEMY_DATABASE_URI = «"postgresql://app:FAKE-pw@db/app"»"#,
        r#"import os

class ProductionConfig:
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")

# flaskguard: required settings
_REQUIRED_SETTINGS = ("DATABASE_URL",)
_missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
if _missing:
    raise RuntimeError("Missing required configuration: " + ", ".join(_missing))
"#,
    );
}

#[test]
fn b_in_an_app_factory_validates_just_before_return() {
    check_fix(
        b("SECRET_KEY"),
        r#"import os

from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY=«"FAKE-secret-key-0123456789"»,
    )
    return app
"#,
        r#"import os

from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SECRET_KEY"),
    )
    # flaskguard: required settings
    _REQUIRED_SETTINGS = ("SECRET_KEY",)
    _missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
    if _missing:
        raise RuntimeError("Missing required configuration: " + ", ".join(_missing))
    return app
"#,
    );
}

#[test]
fn b_in_a_tab_indented_decorated_factory_keeps_tabs() {
    check_fix(
        b("API_TOKEN"),
        "import os\n\n@register\ndef make_app(cfg=None):\n\tapp = Flask(__name__)\n\tif cfg:\n\t\treturn None\n\tapp.config[\"API_TOKEN\"] = «\"FAKE-token-0123456789\"»\n\treturn app\n",
        "import os\n\n@register\ndef make_app(cfg=None):\n\tapp = Flask(__name__)\n\tif cfg:\n\t\treturn None\n\tapp.config[\"API_TOKEN\"] = os.environ.get(\"API_TOKEN\")\n\t# flaskguard: required settings\n\t_REQUIRED_SETTINGS = (\"API_TOKEN\",)\n\t_missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]\n\tif _missing:\n\t\traise RuntimeError(\"Missing required configuration: \" + \", \".join(_missing))\n\treturn app\n",
    );
}

#[test]
fn b_extends_an_existing_block_instead_of_adding_another() {
    check_fix(
        b("MAIL_PASSWORD"),
        r#"import os

SECRET_KEY = os.environ.get("SECRET_KEY")

# flaskguard: required settings
_REQUIRED_SETTINGS = ("SECRET_KEY",)
_missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
if _missing:
    raise RuntimeError("Missing required configuration: " + ", ".join(_missing))

MAIL_PASSWORD = «"FAKE-mail-pw-0123"»
"#,
        r#"import os

SECRET_KEY = os.environ.get("SECRET_KEY")

# flaskguard: required settings
_REQUIRED_SETTINGS = ("SECRET_KEY", "MAIL_PASSWORD")
_missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
if _missing:
    raise RuntimeError("Missing required configuration: " + ", ".join(_missing))

MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
"#,
    );
}

#[test]
fn b_extends_a_multiline_tuple_in_its_own_style() {
    check_fix(
        b("MAIL_PASSWORD"),
        r#"import os

MAIL_PASSWORD = «"FAKE-mail-pw-0123"»

# flaskguard: required settings
_REQUIRED_SETTINGS = (
    "SECRET_KEY",
    "API_TOKEN",
)
"#,
        r#"import os

MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")

# flaskguard: required settings
_REQUIRED_SETTINGS = (
    "SECRET_KEY",
    "API_TOKEN",
    "MAIL_PASSWORD",
)
"#,
    );
}

#[test]
fn b_does_not_list_a_name_twice() {
    check_fix(
        b("SECRET_KEY"),
        r#"import os

# flaskguard: required settings
_REQUIRED_SETTINGS = ["SECRET_KEY"]

SECRET_KEY = «"FAKE-secret-key-0123456789"»
"#,
        r#"import os

# flaskguard: required settings
_REQUIRED_SETTINGS = ["SECRET_KEY"]

SECRET_KEY = os.environ.get("SECRET_KEY")
"#,
    );
}

#[test]
fn b_extends_the_factory_block_not_a_module_block() {
    check_fix(
        b("API_TOKEN"),
        r#"import os

# flaskguard: required settings
_REQUIRED_SETTINGS = ("SECRET_KEY",)


def create_app():
    app = Flask(__name__)
    app.config["API_TOKEN"] = «"FAKE-token-0123456789"»
    # flaskguard: required settings
    _REQUIRED_SETTINGS = ("MAIL_PASSWORD",)
    return app
"#,
        r#"import os

# flaskguard: required settings
_REQUIRED_SETTINGS = ("SECRET_KEY",)


def create_app():
    app = Flask(__name__)
    app.config["API_TOKEN"] = os.environ.get("API_TOKEN")
    # flaskguard: required settings
    _REQUIRED_SETTINGS = ("MAIL_PASSWORD", "API_TOKEN")
    return app
"#,
    );
}

#[test]
fn b_on_an_env_fallback_drops_the_default_and_validates() {
    check_fix(
        b("SECRET_KEY"),
        &crlf(
            r#"import os

SECRET_KEY = «os.environ.get("SECRET_KEY", "FAKE-dev-fallback-key")»
"#,
        ),
        &crlf(
            r#"import os

SECRET_KEY = os.environ.get("SECRET_KEY")

# flaskguard: required settings
_REQUIRED_SETTINGS = ("SECRET_KEY",)
_missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
if _missing:
    raise RuntimeError("Missing required configuration: " + ", ".join(_missing))
"#,
        ),
    );
}

#[test]
fn b_does_nothing_on_a_lookup_without_fallback() {
    check_no_fix(
        b("SECRET_KEY"),
        r#"import os

SECRET_KEY = «os.environ.get("SECRET_KEY")»
"#,
    );
}

// ---- Fix C -----------------------------------------------------------------

#[test]
fn c_drops_the_fallback() {
    check_fix(
        c("SECRET_KEY"),
        r#"import os

SECRET_KEY = «os.environ.get("SECRET_KEY", "FAKE-dev-fallback-key")»
"#,
        r#"import os

SECRET_KEY = os.environ["SECRET_KEY"]
"#,
    );
}

#[test]
fn c_rewrites_getenv_and_environ_get_and_adds_import() {
    check_fix(
        c("API_TOKEN"),
        r#"from os import environ, getenv

API_TOKEN = «getenv("API_TOKEN", default="FAKE-token-0123456789")»
"#,
        r#"from os import environ, getenv
import os

API_TOKEN = os.environ["API_TOKEN"]
"#,
    );
    check_fix(
        c("API_TOKEN"),
        r#"from os import environ

API_TOKEN = «environ.get(
    "API_TOKEN",
    "FAKE-token-0123456789",
)»
"#,
        r#"from os import environ
import os

API_TOKEN = os.environ["API_TOKEN"]
"#,
    );
}

#[test]
fn c_and_b_drop_an_or_fallback() {
    check_fix(
        c("FLASK_SECRET"),
        r#"import os

app.secret_key = «os.environ.get("FLASK_SECRET") or "FAKE-or-fallback"»
"#,
        r#"import os

app.secret_key = os.environ["FLASK_SECRET"]
"#,
    );
    check_fix(
        b("FLASK_SECRET"),
        r#"import os

app.secret_key = «os.getenv("FLASK_SECRET") or "FAKE-or-fallback"»
"#,
        r#"import os

app.secret_key = os.environ.get("FLASK_SECRET")

# flaskguard: required settings
_REQUIRED_SETTINGS = ("FLASK_SECRET",)
_missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
if _missing:
    raise RuntimeError("Missing required configuration: " + ", ".join(_missing))
"#,
    );
}

#[test]
fn c_does_nothing_when_the_fallback_is_gone() {
    check_no_fix(
        c("SECRET_KEY"),
        r#"import os

SECRET_KEY = «os.environ.get("SECRET_KEY")»
"#,
    );
    check_no_fix(
        c("SECRET_KEY"),
        r#"import os

SECRET_KEY = «load("SECRET_KEY", "FAKE-x")»
"#,
    );
}

// ---- Fix D -----------------------------------------------------------------

#[test]
fn d_makes_debug_opt_in_for_run() {
    check_fix(
        d(),
        r#"from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=«True»)
"#,
        r#"from flask import Flask
import os

app = Flask(__name__)

if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=os.environ.get("FLASK_DEBUG") == "1")
"#,
    );
}

#[test]
fn d_rewrites_assignments_and_keyword_one() {
    check_fix(
        d(),
        r#"import os

app.debug = «True»
"#,
        r#"import os

app.debug = os.environ.get("FLASK_DEBUG") == "1"
"#,
    );
    check_fix(
        d(),
        r#"import os

class ProductionConfig:
    DEBUG = «True»
"#,
        r#"import os

class ProductionConfig:
    DEBUG = os.environ.get("FLASK_DEBUG") == "1"
"#,
    );
    check_fix(
        d(),
        r#"import os

app.config.update(DEBUG=«1»)
"#,
        r#"import os

app.config.update(DEBUG=os.environ.get("FLASK_DEBUG") == "1")
"#,
    );
}

#[test]
fn d_parenthesises_inside_a_larger_expression() {
    check_fix(
        d(),
        r#"import os

app.debug = «True» and verbose
"#,
        r#"import os

app.debug = (os.environ.get("FLASK_DEBUG") == "1") and verbose
"#,
    );
}

#[test]
fn d_does_nothing_on_false_or_other_values() {
    check_no_fix(d(), "app.run(debug=«False»)\n");
    check_no_fix(d(), "app.run(debug=«2»)\n");
}

// ---- Titles ----------------------------------------------------------------

#[test]
fn titles_say_what_the_fix_does() {
    assert_eq!(
        fix_title(&a("SECRET_KEY")(0..1)),
        r#"Replace with os.environ["SECRET_KEY"]"#
    );
    assert_eq!(
        fix_title(&b("SECRET_KEY")(0..1)),
        "Read SECRET_KEY with os.environ.get and validate it at startup"
    );
    assert_eq!(
        fix_title(&c("SECRET_KEY")(0..1)),
        "Drop the hardcoded fallback for SECRET_KEY"
    );
    assert_eq!(
        fix_title(&d()(0..1)),
        "Enable debug only when FLASK_DEBUG=1"
    );
}

// ---- Suppression -----------------------------------------------------------

/// Suppresses a finding of `code` at the marked range and compares with `after`
/// (`None`: no edit is offered).
fn check_noqa(code: RuleCode, before: &str, after: Option<&str>) {
    let (source, ranges) = unmark(before);
    let finding = Finding::new(code, ranges[0].clone(), "test finding");
    let edit = suppress_edit(&source, &finding);
    let fixed = edit.map(|e| apply_edits(&source, &[e]));
    assert_eq!(fixed.as_deref(), after);
}

#[test]
fn noqa_is_appended_to_the_finding_line() {
    check_noqa(
        RuleCode::FG101,
        "SECRET_KEY = «\"FAKE-secret-key-0123456789\"»   \nx = 1\n",
        Some("SECRET_KEY = \"FAKE-secret-key-0123456789\"  # noqa: FG101\nx = 1\n"),
    );
    check_noqa(
        RuleCode::FG201,
        &crlf("app.run(debug=«True»)\nx = 1\n"),
        Some(&crlf("app.run(debug=True)  # noqa: FG201\nx = 1\n")),
    );
    check_noqa(
        RuleCode::FG201,
        "app.run(debug=«True»)",
        Some("app.run(debug=True)  # noqa: FG201"),
    );
}

#[test]
fn noqa_extends_an_existing_code_list() {
    check_noqa(
        RuleCode::FG101,
        "app.run(debug=True, secret=«\"FAKE-secret-0123456789\"»)  # noqa: FG201\n",
        Some("app.run(debug=True, secret=\"FAKE-secret-0123456789\")  # noqa: FG201, FG101\n"),
    );
    check_noqa(
        RuleCode::FG101,
        &crlf("KEY = «\"FAKE-secret-0123456789\"»  # noqa:E501,FG201\n"),
        Some(&crlf(
            "KEY = \"FAKE-secret-0123456789\"  # noqa:E501,FG201, FG101\n",
        )),
    );
}

#[test]
fn noqa_after_an_unrelated_comment() {
    check_noqa(
        RuleCode::FG101,
        "KEY = «\"FAKE-secret-0123456789\"»  # rotated weekly\n",
        Some("KEY = \"FAKE-secret-0123456789\"  # rotated weekly  # noqa: FG101\n"),
    );
}

#[test]
fn noqa_already_there_offers_no_edit() {
    check_noqa(
        RuleCode::FG101,
        "KEY = «\"FAKE-secret-0123456789\"»  # noqa\n",
        None,
    );
    check_noqa(
        RuleCode::FG101,
        "KEY = «\"FAKE-secret-0123456789\"»  # NOQA: fg101\n",
        None,
    );
}

#[test]
fn noqa_goes_after_a_multiline_string_and_continuations() {
    check_noqa(
        RuleCode::FG102,
        "KEY = «\"\"\"-----BEGIN FAKE PRIVATE KEY-----\nEXAMPLE\n-----END FAKE PRIVATE KEY-----\"\"\"»\nx = 1\n",
        Some(
            "KEY = \"\"\"-----BEGIN FAKE PRIVATE KEY-----\nEXAMPLE\n-----END FAKE PRIVATE KEY-----\"\"\"  # noqa: FG102\nx = 1\n",
        ),
    );
    check_noqa(
        RuleCode::FG101,
        "KEY = «\"FAKE-\" \\\n    \"secret-0123456789\"»\n",
        Some("KEY = \"FAKE-\" \\\n    \"secret-0123456789\"  # noqa: FG101\n"),
    );
}

// ---- Fix all ---------------------------------------------------------------

fn finding(code: RuleCode, plan: FixPlan) -> Finding {
    Finding::new(code, plan.target(), "test finding").with_fix(plan)
}

/// Applies `fix_all_edits` to the findings `make` builds from the marked ranges.
fn check_fix_all(before: &str, make: impl Fn(&[Range<usize>]) -> Vec<Finding>, after: &str) {
    let (source, ranges) = unmark(before);
    let findings = make(&ranges);
    let parsed = ParsedModule::parse(&source);
    let edits = fix_all_edits(&source, &parsed, &findings);
    assert_no_overlap(&edits);
    let fixed = apply_edits(&source, &edits);
    assert_eq!(
        fixed, after,
        "\n--- fixed ---\n{fixed}\n--- expected ---\n{after}"
    );
}

fn assert_no_overlap(edits: &[TextEdit]) {
    for pair in edits.windows(2) {
        assert!(pair[0].range.end <= pair[1].range.start, "{edits:?}");
    }
}

#[test]
fn fix_all_applies_every_preferred_fix_with_one_import() {
    check_fix_all(
        r#"from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = «"FAKE-secret-key-0123456789"»
app.config["MAIL_PASSWORD"] = «os.environ.get("MAIL_PASSWORD", "FAKE-mail-pw")»
stripe.api_key = «"sk_live_FAKEEXAMPLE0123456789"»

if __name__ == "__main__":
    app.run(debug=«True»)
"#,
        |r| {
            vec![
                finding(RuleCode::FG101, a("SECRET_KEY")(r[0].clone()))
                    .with_fix(b("SECRET_KEY")(r[0].clone())),
                finding(RuleCode::FG104, c("MAIL_PASSWORD")(r[1].clone())),
                finding(RuleCode::FG102, a("STRIPE_API_KEY")(r[2].clone())),
                finding(RuleCode::FG201, d()(r[3].clone())),
            ]
        },
        r#"from flask import Flask
import os

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
app.config["MAIL_PASSWORD"] = os.environ["MAIL_PASSWORD"]
stripe.api_key = os.environ["STRIPE_API_KEY"]

if __name__ == "__main__":
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
"#,
    );
}

#[test]
fn fix_all_writes_one_validation_block_for_all_b_names() {
    check_fix_all(
        r#"class Config:
    SECRET_KEY = «"FAKE-secret-key-0123456789"»
    API_TOKEN = «"FAKE-token-0123456789"»


def create_app():
    app = Flask(__name__)
    app.config["MAIL_PASSWORD"] = «"FAKE-mail-pw-0123"»
    app.config["SMTP_PASSWORD"] = «"FAKE-smtp-pw-0123"»
    return app
"#,
        |r| {
            let names = ["SECRET_KEY", "API_TOKEN", "MAIL_PASSWORD", "SMTP_PASSWORD"];
            r.iter()
                .zip(names)
                .map(|(range, name)| finding(RuleCode::FG101, b(name)(range.clone())))
                .collect()
        },
        r#"import os

class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    API_TOKEN = os.environ.get("API_TOKEN")

# flaskguard: required settings
_REQUIRED_SETTINGS = ("SECRET_KEY", "API_TOKEN")
_missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
if _missing:
    raise RuntimeError("Missing required configuration: " + ", ".join(_missing))


def create_app():
    app = Flask(__name__)
    app.config["MAIL_PASSWORD"] = os.environ.get("MAIL_PASSWORD")
    app.config["SMTP_PASSWORD"] = os.environ.get("SMTP_PASSWORD")
    # flaskguard: required settings
    _REQUIRED_SETTINGS = ("MAIL_PASSWORD", "SMTP_PASSWORD")
    _missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
    if _missing:
        raise RuntimeError("Missing required configuration: " + ", ".join(_missing))
    return app
"#,
    );
}

#[test]
fn fix_all_leaves_test_and_development_findings_alone() {
    check_fix_all(
        r#"class DevelopmentConfig:
    SECRET_KEY = «"dev"»

class ProductionConfig:
    SECRET_KEY = «"FAKE-secret-key-0123456789"»
"#,
        |r| {
            vec![
                finding(RuleCode::FG101, a("SECRET_KEY")(r[0].clone()))
                    .with_lowering(Some(Lowering::DevClass("DevelopmentConfig".into()))),
                finding(RuleCode::FG101, a("SECRET_KEY")(r[1].clone())),
            ]
        },
        r#"import os

class DevelopmentConfig:
    SECRET_KEY = "dev"

class ProductionConfig:
    SECRET_KEY = os.environ["SECRET_KEY"]
"#,
    );
}

#[test]
fn fix_all_skips_stale_and_duplicate_plans() {
    check_fix_all(
        r#"import os

SECRET_KEY = «"FAKE-secret-key-0123456789"»
API_TOKEN = «os.environ["API_TOKEN"]»
"#,
        |r| {
            vec![
                finding(RuleCode::FG101, a("SECRET_KEY")(r[0].clone())),
                finding(RuleCode::FG102, a("SECRET_KEY")(r[0].clone())),
                finding(RuleCode::FG101, a("API_TOKEN")(r[1].clone())),
            ]
        },
        r#"import os

SECRET_KEY = os.environ["SECRET_KEY"]
API_TOKEN = os.environ["API_TOKEN"]
"#,
    );
}

#[test]
fn fix_all_with_nothing_fixable_is_empty() {
    let source = "x = 1\n";
    let parsed = ParsedModule::parse(source);
    assert_eq!(fix_all_edits(source, &parsed, &[]), Vec::new());
}

// ---- End to end: real findings, `--fix` -------------------------------------

mod end_to_end {
    use std::path::Path;
    use std::process::Command;

    use flaskguard::analysis::{AnalysisOptions, analyze_source};
    use flaskguard::document::ParsedModule;
    use flaskguard::finding::{Finding, FixPlan};
    use flaskguard::fixes::{apply_edits, edits_for, fix_source, suppress_edit};
    use flaskguard::rules::RuleCode;

    fn findings(path: &str, source: &str) -> Vec<Finding> {
        analyze_source(source, Some(Path::new(path)), &AnalysisOptions::default())
    }

    /// Runs `--fix` on `before` as the file at `path`, compares with `after`, and checks
    /// a re-check finds nothing auto-fixable and a second `--fix` changes nothing.
    fn check_fix_source(path: &str, before: &str, after: &str, applied: &[RuleCode]) {
        let options = AnalysisOptions::default();
        let outcome = fix_source(before, Some(Path::new(path)), &options);
        assert_eq!(
            outcome.text, after,
            "\n--- fixed ---\n{}\n--- expected ---\n{after}",
            outcome.text
        );
        let codes: Vec<RuleCode> = outcome.applied.iter().map(|f| f.code).collect();
        assert_eq!(codes, applied);
        let left: Vec<Finding> = findings(path, &outcome.text)
            .into_iter()
            .filter(Finding::auto_fixable)
            .collect();
        assert_eq!(left, Vec::new());
        let again = fix_source(&outcome.text, Some(Path::new(path)), &options);
        assert_eq!(again.text, outcome.text);
    }

    const SHOP: &str = r#""""A FAKE shop."""
from __future__ import annotations

import stripe
from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "FAKE-session-key-EXAMPLE-123"
app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://shop:FAKEpassw0rd@db/shop"
app.config["MAIL_PASSWORD"] = os.environ.get("MAIL_PASSWORD", "FAKE-mail-pw-EXAMPLE")
stripe.api_key = "sk_live_FAKEEXAMPLE0123456789abcdef"


class DevelopmentConfig:
    SECRET_KEY = "dev"
    DEBUG = True


def connect(password="FAKE-default-pw"):
    pass


if __name__ == "__main__":
    app.run(debug=True)
"#;

    #[test]
    fn fix_source_fixes_every_production_finding_once() {
        check_fix_source(
            "app.py",
            SHOP,
            r#""""A FAKE shop."""
from __future__ import annotations

import stripe
from flask import Flask
import os

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
app.config["MAIL_PASSWORD"] = os.environ["MAIL_PASSWORD"]
stripe.api_key = os.environ["STRIPE_API_KEY"]


class DevelopmentConfig:
    SECRET_KEY = "dev"
    DEBUG = True


def connect(password="FAKE-default-pw"):
    pass


if __name__ == "__main__":
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
"#,
            &[
                RuleCode::FG101,
                RuleCode::FG103,
                RuleCode::FG104,
                RuleCode::FG102,
                RuleCode::FG201,
            ],
        );
    }

    #[test]
    fn fix_source_drops_a_fallback_spelled_as_a_conditional() {
        check_fix_source(
            "app.py",
            r#"import os

PUSHER_SECRET = os.getenv("PUSHER_SECRET") if os.getenv("PUSHER_SECRET") else "FAKE-pusher-secret-0000"
"#,
            r#"import os

PUSHER_SECRET = os.environ["PUSHER_SECRET"]
"#,
            &[RuleCode::FG104],
        );
    }

    #[test]
    fn fix_source_keeps_crlf_and_leaves_test_files_alone() {
        let crlf = SHOP.replace('\n', "\r\n");
        let outcome = fix_source(
            &crlf,
            Some(Path::new("app.py")),
            &AnalysisOptions::default(),
        );
        assert_eq!(outcome.applied.len(), 5);
        assert_eq!(
            outcome.text.matches('\n').count(),
            outcome.text.matches("\r\n").count()
        );
        assert_eq!(outcome.text.matches("import os\r\n").count(), 1);

        let in_tests = fix_source(
            SHOP,
            Some(Path::new("tests/test_shop.py")),
            &AnalysisOptions::default(),
        );
        assert_eq!(in_tests.text, SHOP);
        assert_eq!(in_tests.applied, Vec::new());
    }

    #[test]
    fn fix_source_on_a_broken_file_adds_no_syntax_error() {
        let source = r#"from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "FAKE-session-key-EXAMPLE-123"

def broken(:
    return

app.run(debug=True)
"#;
        let before = ParsedModule::parse(source).error_count();
        let outcome = fix_source(
            source,
            Some(Path::new("app.py")),
            &AnalysisOptions::default(),
        );
        assert!(ParsedModule::parse(&outcome.text).error_count() <= before);
        assert!(
            outcome
                .text
                .contains(r#"app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]"#)
        );
    }

    #[test]
    fn fix_source_keeps_a_bytes_hmac_key_bytes() {
        check_fix_source(
            "app.py",
            r#"import hmac

signature = hmac.new(b"FAKE-hmac-key-EXAMPLE-0001", b"payload", "sha256")
"#,
            r#"import hmac
import os

signature = hmac.new(os.environ["HMAC_KEY"].encode(), b"payload", "sha256")
"#,
            &[RuleCode::FG101],
        );
    }

    /// Applies the fix with letter `letter` of the finding of `code`, as a quick-fix.
    fn quick_fix(source: &str, code: RuleCode, letter: char) -> String {
        let parsed = ParsedModule::parse(source);
        let finding = findings("app.py", source)
            .into_iter()
            .find(|f| f.code == code)
            .expect("the rule reports the snippet");
        let plan: &FixPlan = finding
            .fixes
            .iter()
            .find(|p| p.letter() == letter)
            .expect("the finding offers the fix");
        apply_edits(source, &edits_for(source, &parsed, plan))
    }

    #[test]
    fn quick_fix_b_on_a_real_fallback_finding() {
        let fixed = quick_fix(
            r#"import os

from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "FAKE-dev-key-EXAMPLE-42")
    return app
"#,
            RuleCode::FG104,
            'B',
        );
        assert_eq!(
            fixed,
            r#"import os

from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY")
    # flaskguard: required settings
    _REQUIRED_SETTINGS = ("SECRET_KEY",)
    _missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
    if _missing:
        raise RuntimeError("Missing required configuration: " + ", ".join(_missing))
    return app
"#
        );
        assert_eq!(
            findings("app.py", &fixed)
                .iter()
                .filter(|f| f.code == RuleCode::FG104)
                .count(),
            0
        );
    }

    #[test]
    fn suppressing_each_finding_silences_only_it() {
        let all = findings("app.py", SHOP);
        assert!(all.len() >= 5, "{all:?}");
        for finding in &all {
            let edit = suppress_edit(SHOP, finding).expect("an unsuppressed finding");
            let suppressed = apply_edits(SHOP, &[edit]);
            let left = findings("app.py", &suppressed);
            assert_eq!(left.len(), all.len() - 1, "{}", suppressed);
            assert!(!left.iter().any(|f| f.code == finding.code
                && suppressed[f.range.clone()] == SHOP[finding.range.clone()]));
        }
    }

    /// Runs `code` with python3 (with `SECRET_KEY` set or not) and returns whether it
    /// exited successfully and its stderr.
    fn run_python(code: &str, secret: Option<&str>) -> (bool, String) {
        let mut command = Command::new("python3");
        command.arg("-c").arg(code).env_remove("SECRET_KEY");
        if let Some(value) = secret {
            command.env("SECRET_KEY", value);
        }
        let output = command.output().expect("python3 runs");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    #[test]
    fn the_validation_block_fails_at_import_only_when_the_setting_is_missing() {
        let fixed = quick_fix(
            r#"class Settings:
    SECRET_KEY = "FAKE-session-key-EXAMPLE-123"
"#,
            RuleCode::FG101,
            'B',
        );
        let (ok, stderr) = run_python(&fixed, None);
        assert!(!ok);
        assert!(
            stderr.contains("RuntimeError: Missing required configuration: SECRET_KEY"),
            "{stderr}"
        );
        let (ok, stderr) = run_python(&fixed, Some("FAKE-from-the-environment"));
        assert!(ok, "{stderr}");
    }
}
