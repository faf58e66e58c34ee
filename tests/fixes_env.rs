//! Fixes E (truthy flag), G (require the variable) and H (validate it at startup), each
//! on a small snippet whose target is marked with `«…»`: `check_fix(plan, before,
//! after)`; then how they combine in `--fix`, and that the finding is gone afterwards.

use std::ops::Range;
use std::path::Path;

use flaskguard::analysis::{AnalysisOptions, analyze_source};
use flaskguard::document::ParsedModule;
use flaskguard::finding::FixPlan;
use flaskguard::fixes::{apply_edits, edits_for, fix_source, fix_title};
use flaskguard::rules::RuleCode;

type MakePlan = Box<dyn Fn(Range<usize>) -> FixPlan>;

fn e(var: &str, default_true: bool) -> MakePlan {
    let var = var.to_string();
    Box::new(move |call| FixPlan::EnvFlag {
        call,
        var: var.clone(),
        default_true,
    })
}

fn g(var: &str) -> MakePlan {
    let var = var.to_string();
    Box::new(move |call| FixPlan::RequireEnv {
        call,
        var: var.clone(),
    })
}

fn h(var: &str) -> MakePlan {
    let var = var.to_string();
    Box::new(move |call| FixPlan::ValidateAtStartup {
        call,
        var: var.clone(),
    })
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

/// Applies the plan at the marked range of `before`, compares with `after`, then checks
/// that the plan pointed at what the fix left there does nothing a second time.
fn check_fix(make: MakePlan, before: &str, after: &str) {
    let (source, ranges) = unmark(before);
    let range = ranges[0].clone();
    let parsed = ParsedModule::parse(&source);
    let edits = edits_for(&source, &parsed, &make(range.clone()));
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
    let replaced_len = edits
        .iter()
        .find(|e| e.range == range)
        .map_or(range.len(), |e| e.new_text.len());
    let start = range.start.wrapping_add_signed(shift);
    let reparsed = ParsedModule::parse(&fixed);
    assert_eq!(
        edits_for(&fixed, &reparsed, &make(start..start + replaced_len)),
        Vec::new(),
        "the fix applied twice changes the file again"
    );
}

fn check_no_fix(make: MakePlan, before: &str) {
    let (source, ranges) = unmark(before);
    let parsed = ParsedModule::parse(&source);
    assert_eq!(
        edits_for(&source, &parsed, &make(ranges[0].clone())),
        Vec::new()
    );
}

fn codes_in(source: &str) -> Vec<RuleCode> {
    analyze_source(
        source,
        Some(Path::new("app.py")),
        &AnalysisOptions::default(),
    )
    .into_iter()
    .map(|f| f.code)
    .collect()
}

// ---- Fix E -----------------------------------------------------------------

#[test]
fn e_parses_the_flag_with_a_false_default() {
    check_fix(
        e("FLASK_DEBUG", false),
        r#"import os

DEBUG = «bool(os.environ.get("FLASK_DEBUG", "False"))»
"#,
        r#"import os

DEBUG = os.environ.get("FLASK_DEBUG", "false").lower() in ("1", "true", "yes")
"#,
    );
}

#[test]
fn e_keeps_a_true_default() {
    check_fix(
        e("CACHE_ENABLED", true),
        r#"import os

CACHE = «bool(os.getenv("CACHE_ENABLED", "yes"))»
"#,
        r#"import os

CACHE = os.environ.get("CACHE_ENABLED", "true").lower() in ("1", "true", "yes")
"#,
    );
}

#[test]
fn e_adds_import_os_for_imported_getenv() {
    check_fix(
        e("TESTING", false),
        r#"from os import getenv

TESTING = «bool(getenv("TESTING"))»
"#,
        r#"from os import getenv
import os

TESTING = os.environ.get("TESTING", "false").lower() in ("1", "true", "yes")
"#,
    );
}

#[test]
fn e_parenthesises_inside_a_comparison() {
    check_fix(
        e("X", false),
        r#"import os

same = «bool(os.getenv("X"))» == other
"#,
        r#"import os

same = (os.environ.get("X", "false").lower() in ("1", "true", "yes")) == other
"#,
    );
}

#[test]
fn e_keeps_crlf() {
    check_fix(
        e("X", false),
        "import sys\r\n\r\nX = «bool(os.getenv(\"X\"))»\r\n",
        "import sys\r\nimport os\r\n\r\nX = os.environ.get(\"X\", \"false\").lower() in (\"1\", \"true\", \"yes\")\r\n",
    );
}

#[test]
fn e_does_nothing_when_the_text_changed() {
    check_no_fix(
        e("X", false),
        r#"import os
X = «bool(os.getenv("Y"))»
"#,
    );
    check_no_fix(
        e("X", false),
        r#"import os
X = «int(os.getenv("X"))»
"#,
    );
}

// ---- Fix G -----------------------------------------------------------------

#[test]
fn g_requires_the_variable() {
    check_fix(
        g("SECRET_KEY"),
        r#"import os

SECRET_KEY = «os.environ.get("SECRET_KEY")»
"#,
        r#"import os

SECRET_KEY = os.environ["SECRET_KEY"]
"#,
    );
}

#[test]
fn g_rewrites_getenv_and_adds_import() {
    check_fix(
        g("API_TOKEN"),
        r#"from os import getenv
from flask import Flask

app = Flask(__name__)
app.config["API_TOKEN"] = «getenv('API_TOKEN')»
"#,
        r#"from os import getenv
from flask import Flask
import os

app = Flask(__name__)
app.config["API_TOKEN"] = os.environ["API_TOKEN"]
"#,
    );
}

#[test]
fn g_drops_an_explicit_none_default() {
    check_fix(
        g("SECRET_KEY"),
        r#"import os

SECRET_KEY = «os.environ.get("SECRET_KEY", None)»
"#,
        r#"import os

SECRET_KEY = os.environ["SECRET_KEY"]
"#,
    );
}

#[test]
fn g_leaves_lookups_with_defaults_alone() {
    check_no_fix(
        g("SECRET_KEY"),
        r#"import os
SECRET_KEY = «os.environ.get("SECRET_KEY", "x")»
"#,
    );
}

// ---- Fix H -----------------------------------------------------------------

#[test]
fn h_adds_the_validation_block_after_the_configuration() {
    check_fix(
        h("SECRET_KEY"),
        r#"import os

from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = «os.environ.get("SECRET_KEY")»
app.config["DEBUG"] = False

@app.route("/")
def index():
    return "ok"
"#,
        r#"import os

from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY")
app.config["DEBUG"] = False

# flaskguard: required settings
_REQUIRED_SETTINGS = ("SECRET_KEY",)
_missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
if _missing:
    raise RuntimeError("Missing required configuration: " + ", ".join(_missing))

@app.route("/")
def index():
    return "ok"
"#,
    );
}

#[test]
fn h_extends_an_existing_block() {
    check_fix(
        h("API_TOKEN"),
        r#"import os

SECRET_KEY = os.environ.get("SECRET_KEY")
API_TOKEN = «os.getenv("API_TOKEN")»

# flaskguard: required settings
_REQUIRED_SETTINGS = ("SECRET_KEY",)
_missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
if _missing:
    raise RuntimeError("Missing required configuration: " + ", ".join(_missing))
"#,
        r#"import os

SECRET_KEY = os.environ.get("SECRET_KEY")
API_TOKEN = os.getenv("API_TOKEN")

# flaskguard: required settings
_REQUIRED_SETTINGS = ("SECRET_KEY", "API_TOKEN")
_missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
if _missing:
    raise RuntimeError("Missing required configuration: " + ", ".join(_missing))
"#,
    );
}

#[test]
fn h_in_an_app_factory_goes_before_the_return() {
    check_fix(
        h("MAIL_PASSWORD"),
        r#"from os import environ

def create_app():
    app = Flask(__name__)
    app.config["MAIL_PASSWORD"] = «environ.get("MAIL_PASSWORD")»
    return app
"#,
        r#"from os import environ
import os

def create_app():
    app = Flask(__name__)
    app.config["MAIL_PASSWORD"] = environ.get("MAIL_PASSWORD")
    # flaskguard: required settings
    _REQUIRED_SETTINGS = ("MAIL_PASSWORD",)
    _missing = [name for name in _REQUIRED_SETTINGS if not os.environ.get(name)]
    if _missing:
        raise RuntimeError("Missing required configuration: " + ", ".join(_missing))
    return app
"#,
    );
}

// ---- The finding goes away; fixes combine ----------------------------------

#[test]
fn g_and_h_each_clear_the_finding() {
    let source = "import os\n\nSECRET_KEY = os.environ.get(\"SECRET_KEY\")\n";
    assert_eq!(codes_in(source), vec![RuleCode::FG501]);
    let start = source.find("os.environ.get").unwrap();
    let call = start..source.len() - 1;
    let parsed = ParsedModule::parse(source);
    for plan in [g("SECRET_KEY")(call.clone()), h("SECRET_KEY")(call.clone())] {
        let fixed = apply_edits(source, &edits_for(source, &parsed, &plan));
        assert_ne!(fixed, source, "{} changed nothing", fix_title(&plan));
        assert_eq!(
            codes_in(&fixed),
            Vec::new(),
            "after {}:\n{fixed}",
            fix_title(&plan)
        );
    }
}

#[test]
fn fix_source_combines_flags_and_requirements_with_one_import() {
    let before = r#"from os import environ, getenv

DEBUG = bool(getenv("DEBUG"))
TESTING = bool(environ.get("TESTING", "0"))
SECRET_KEY = environ.get("SECRET_KEY")
API_TOKEN = getenv("API_TOKEN")
"#;
    let outcome = fix_source(
        before,
        Some(Path::new("app.py")),
        &AnalysisOptions::default(),
    );
    assert_eq!(
        outcome.text,
        r#"from os import environ, getenv
import os

DEBUG = os.environ.get("DEBUG", "false").lower() in ("1", "true", "yes")
TESTING = os.environ.get("TESTING", "false").lower() in ("1", "true", "yes")
SECRET_KEY = os.environ["SECRET_KEY"]
API_TOKEN = os.environ["API_TOKEN"]
"#
    );
    let mut applied: Vec<RuleCode> = outcome.applied.iter().map(|f| f.code).collect();
    applied.sort();
    assert_eq!(
        applied,
        [
            RuleCode::FG204,
            RuleCode::FG204,
            RuleCode::FG501,
            RuleCode::FG501
        ]
    );
    let again = fix_source(
        &outcome.text,
        Some(Path::new("app.py")),
        &AnalysisOptions::default(),
    );
    assert_eq!(again.text, outcome.text);
    assert!(again.applied.is_empty());
}

#[test]
fn h_plans_for_several_names_share_one_block() {
    let (source, ranges) = unmark(
        r#"import os

SECRET_KEY = «os.environ.get("SECRET_KEY")»
API_TOKEN = «os.getenv("API_TOKEN")»
"#,
    );
    let parsed = ParsedModule::parse(&source);
    let plans = [
        h("SECRET_KEY")(ranges[0].clone()),
        h("API_TOKEN")(ranges[1].clone()),
    ];
    let findings: Vec<flaskguard::finding::Finding> = plans
        .iter()
        .zip(&ranges)
        .map(|(plan, range)| {
            flaskguard::finding::Finding::new(RuleCode::FG501, range.clone(), "m")
                .with_fix(plan.clone())
        })
        .collect();
    let edits = flaskguard::fixes::fix_all_edits(&source, &parsed, &findings);
    let fixed = apply_edits(&source, &edits);
    assert_eq!(fixed.matches("# flaskguard: required settings").count(), 1);
    assert!(
        fixed.contains(r#"_REQUIRED_SETTINGS = ("SECRET_KEY", "API_TOKEN")"#),
        "{fixed}"
    );
    assert_eq!(fixed.matches("import os").count(), 1);
    assert_eq!(codes_in(&fixed), Vec::new(), "{fixed}");
}
