//! The statement prefilter never hides a finding or a fact: whenever it says a
//! top-level statement cannot matter, the rules report nothing for it and it adds
//! nothing to the file summary that a rule reads; leaving every such statement out of
//! the summary changes no finding of the statements kept.

mod common;

use common::{assert_none, mutate, python_files, stdlib_files};

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use flaskguard::analysis::statement_prefilter::{
    FileHints, Reason, facts_read_by_rules, statement_may_matter, why_statement_matters,
};
use flaskguard::analysis::statements::top_level_statements;
use flaskguard::analysis::{
    AnalysisOptions, FileInfo, FileSummary, RuleContext, StatementFacts, analyze, analyze_source,
};
use flaskguard::config::RuleSettings;
use flaskguard::document::ParsedModule;
use flaskguard::finding::Finding;
use flaskguard::rules;
use proptest::prelude::*;

/// What the contract check saw over some files.
#[derive(Default, Debug)]
struct Tally {
    files: usize,
    file_bytes: usize,
    statements: usize,
    statement_bytes: usize,
    kept: usize,
    kept_bytes: usize,
    with_findings: usize,
    with_facts: usize,
    /// Bytes kept, by the reason they were kept.
    kept_by_reason: BTreeMap<Reason, usize>,
    /// The largest statements kept: bytes, reason, where.
    largest: Vec<(usize, Reason, String)>,
    /// Time spent in `FileHints::of` and `why_statement_matters`.
    predicate_time: Duration,
    /// Of which `FileHints::of`.
    hints_time: Duration,
    violations: Vec<String>,
}

impl Tally {
    fn assert_clean(&self) {
        assert_none("violations", &self.violations);
    }
}

fn findings_of(
    source: &str,
    file: &FileInfo,
    summary: &FileSummary,
    settings: &RuleSettings,
    stmt: tree_sitter::Node<'_>,
) -> Vec<Finding> {
    let cx = RuleContext::new(source, file, summary, settings);
    let mut raw = Vec::new();
    rules::check_statement(stmt, &cx.for_statement(stmt), &mut raw);
    raw
}

/// Checks the contract on every top-level statement of `source`, read as `path`.
fn check_file(path: &Path, source: &str, settings: &RuleSettings, tally: &mut Tally) {
    let parsed = ParsedModule::parse(source);
    let statements = top_level_statements(&parsed);
    let facts: Vec<StatementFacts> = statements
        .iter()
        .map(|stmt| StatementFacts::of(*stmt, source))
        .collect();
    let summary = FileSummary::merge(&facts);
    let file = FileInfo::for_path(Some(path));
    let started = Instant::now();
    let hints = FileHints::of(source, settings);
    tally.predicate_time += started.elapsed();
    tally.hints_time += started.elapsed();
    tally.files += 1;
    tally.file_bytes += source.len();
    let mut kept = Vec::with_capacity(statements.len());
    let mut found = Vec::with_capacity(statements.len());
    for (i, stmt) in statements.iter().enumerate() {
        let text = source.get(stmt.byte_range()).unwrap_or_default();
        // The statement with the comment and blank lines that follow it, as a chunk
        // may hold it.
        let chunk_end = statements[i + 1..]
            .iter()
            .find(|s| s.kind() != "comment")
            .map_or(source.len(), |s| s.start_byte());
        let chunk = source.get(stmt.start_byte()..chunk_end).unwrap_or_default();
        let started = Instant::now();
        let reason = why_statement_matters(text, &hints);
        tally.predicate_time += started.elapsed();
        let keep = reason.is_some();
        assert_eq!(keep, statement_may_matter(text, &hints));
        let raw = findings_of(source, &file, &summary, settings, *stmt);
        let mut needed = Vec::new();
        if !raw.is_empty() {
            tally.with_findings += 1;
            needed.push(format!(
                "findings {:?}",
                raw.iter().map(|f| f.code.to_string()).collect::<Vec<_>>()
            ));
        }
        if facts[i] != StatementFacts::default() {
            tally.with_facts += 1;
            let read = facts_read_by_rules(&facts[i], &hints);
            if read != StatementFacts::default() {
                needed.push(format!("facts {read:?}"));
            }
        }
        if !needed.is_empty() {
            for (what, passes) in [
                ("statement", keep),
                ("chunk", statement_may_matter(chunk, &hints)),
            ] {
                if !passes {
                    tally.violations.push(format!(
                        "{}:{}: {what} rejected but has {}: {:?}",
                        path.display(),
                        stmt.start_position().row + 1,
                        needed.join(", "),
                        text.chars().take(120).collect::<String>()
                    ));
                }
            }
        }
        tally.statements += 1;
        tally.statement_bytes += text.len();
        if keep {
            tally.kept += 1;
            tally.kept_bytes += text.len();
            if let Some(reason) = reason {
                *tally.kept_by_reason.entry(reason).or_default() += text.len();
                let at = format!("{}:{}", path.display(), stmt.start_position().row + 1);
                tally.largest.push((text.len(), reason, at));
            }
        }
        kept.push(keep);
        found.push(raw);
    }
    // The summary of the kept statements alone gives the kept statements the same
    // findings.
    let pruned = FileSummary::merge(
        facts
            .iter()
            .zip(&kept)
            .filter(|(_, keep)| **keep)
            .map(|(f, _)| f),
    );
    if pruned != summary {
        for (i, stmt) in statements.iter().enumerate() {
            if kept[i] && findings_of(source, &file, &pruned, settings, *stmt) != found[i] {
                tally.violations.push(format!(
                    "{}:{}: findings differ with the summary of the kept statements",
                    path.display(),
                    stmt.start_position().row + 1,
                ));
            }
        }
    }
}

fn extra() -> RuleSettings {
    RuleSettings {
        extra_secret_names: vec!["signature_value".into()],
        ..RuleSettings::default()
    }
}

#[test]
fn no_statement_of_the_corpus_fixtures_or_example_loses_a_finding_or_fact() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in ["tests/corpus", "tests/fixtures", "docs/example"] {
        python_files(&root.join(folder), &mut files);
    }
    assert!(files.len() > 20, "only {} files found", files.len());
    let mut tally = Tally::default();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap_or_default();
        check_file(file, &source, &RuleSettings::default(), &mut tally);
        check_file(file, &source, &extra(), &mut tally);
    }
    eprintln!("corpus: {tally:?}");
    tally.assert_clean();
    assert!(tally.with_findings > 50, "{tally:?}");
}

/// What `flaskguard check` does end to end: parsing only the statements the predicate
/// keeps (`ParsedModule::parse_sparse`) and analysing that gives exactly the findings
/// of a whole parse, on every file of the corpus, the fixtures and the example.
#[test]
fn a_sparse_parse_gives_the_findings_of_a_whole_parse() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in ["tests/corpus", "tests/fixtures", "docs/example"] {
        python_files(&root.join(folder), &mut files);
    }
    let mut with_findings = 0;
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap_or_default();
        for settings in [RuleSettings::default(), extra()] {
            let options = AnalysisOptions {
                rules: settings,
                ..AnalysisOptions::default()
            };
            let hints = FileHints::of(&source, &options.rules);
            let sparse =
                ParsedModule::parse_sparse(&source, |chunk| statement_may_matter(chunk, &hints));
            let whole = analyze_source(&source, Some(file), &options);
            assert_eq!(
                analyze(&source, &sparse, Some(file), &options),
                whole,
                "{}",
                file.display()
            );
            with_findings += usize::from(!whole.is_empty());
        }
    }
    assert!(
        with_findings > 50,
        "only {with_findings} files with findings"
    );
}

/// The checker asks the file prefilter and the file hints in one go
/// (`FileHints::if_may_have_findings`): it lets through exactly the files the file
/// prefilter lets through, with the hints `FileHints::of` gives, on the corpus, the
/// fixtures, the example and made-up files whose tokens and URLs only show joined.
#[test]
fn the_checkers_file_hints_are_the_file_prefilters_answer_and_the_hints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in ["tests/corpus", "tests/fixtures", "docs/example"] {
        python_files(&root.join(folder), &mut files);
    }
    let mut sources: Vec<String> = files
        .iter()
        .map(|file| std::fs::read_to_string(file).unwrap_or_default())
        .collect();
    sources.extend(
        [
            "x = 1\n",
            "t = ('gh' 'p_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234')\n",
            "u = ('https://me:FAKE'\n     '@host')\n",
            "u = ('https://host/' 'path') + '@x'\n",
            "def f():\n    pass\n",
        ]
        .map(String::from),
    );
    let mut passed = 0;
    for source in &sources {
        for settings in [RuleSettings::default(), extra()] {
            let together = FileHints::if_may_have_findings(source, &settings);
            assert_eq!(
                together.is_some(),
                flaskguard::analysis::file_prefilter::may_have_findings(source, &settings),
                "{source}"
            );
            if let Some(hints) = together {
                passed += 1;
                assert_eq!(
                    format!("{hints:?}"),
                    format!("{:?}", FileHints::of(source, &settings)),
                    "{source}"
                );
            }
        }
    }
    assert!(passed > 40, "only {passed} files let through");
}

#[test]
fn no_statement_of_the_benchmark_modules_loses_a_finding_or_fact() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join(format!("fg-stmt-prefilter-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("scratch folder");
    let mut tally = Tally::default();
    for (lines, findings, seed) in [(1000, 20, 1), (2000, 200, 2), (3000, 5, 3)] {
        let file = out.join(format!("m{lines}_{findings}.py"));
        let status = Command::new("python3")
            .arg(root.join("benches/gen_module.py"))
            .args([lines.to_string(), findings.to_string()])
            .arg(&file)
            .args(["--seed", &seed.to_string()])
            .status()
            .expect("python3 runs");
        assert!(status.success(), "gen_module.py failed");
        let source = std::fs::read_to_string(&file).expect("generated module");
        check_file(
            Path::new("app.py"),
            &source,
            &RuleSettings::default(),
            &mut tally,
        );
        check_file(
            Path::new("config.py"),
            &source,
            &RuleSettings::default(),
            &mut tally,
        );
    }
    let _ = std::fs::remove_dir_all(&out);
    eprintln!("benchmark modules: {tally:?}");
    tally.assert_clean();
    assert!(tally.with_findings >= 225, "{tally:?}");
}

/// Every `.py` file of this machine's standard library (without `site-packages`), or
/// every Nth with `FLASKGUARD_STDLIB_EVERY=N` (default 8 in debug builds, 1 in release).
#[test]
fn no_statement_of_the_standard_library_loses_a_finding_or_fact() {
    let (every, files) = stdlib_files();
    let mut tally = Tally::default();
    for file in files.iter().step_by(every) {
        let Ok(source) = std::fs::read_to_string(file) else {
            continue;
        };
        check_file(file, &source, &RuleSettings::default(), &mut tally);
    }
    eprintln!(
        "stdlib (every {every} of {} files): {} files, {} bytes, {} statements ({} bytes), \
         kept {} statements ({} bytes, {:.1} % of the files' bytes); {} with findings, {} with facts",
        files.len(),
        tally.files,
        tally.file_bytes,
        tally.statements,
        tally.statement_bytes,
        tally.kept,
        tally.kept_bytes,
        100.0 * tally.kept_bytes as f64 / tally.file_bytes.max(1) as f64,
        tally.with_findings,
        tally.with_facts,
    );
    eprintln!(
        "file hints and statement predicate: {:.0} ms (of which hints {:.0} ms; {:.0} MB/s, {} build)",
        tally.predicate_time.as_secs_f64() * 1000.0,
        tally.hints_time.as_secs_f64() * 1000.0,
        tally.file_bytes as f64 / 1e6 / tally.predicate_time.as_secs_f64().max(1e-9),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
    );
    eprintln!("kept bytes by reason: {:?}", tally.kept_by_reason);
    tally.largest.sort_unstable_by(|a, b| b.cmp(a));
    for (bytes, reason, at) in tally.largest.iter().take(12) {
        eprintln!("  kept {bytes} bytes ({reason:?}): {at}");
    }
    tally.assert_clean();
    // Ordinary non-Flask code is mostly left unparsed.
    assert!(
        tally.kept_bytes * 100 < tally.file_bytes * 15,
        "{} of {} bytes kept",
        tally.kept_bytes,
        tally.file_bytes
    );
}

/// Whether each top-level statement of `source` may matter, after checking the
/// contract on it (read as `app.py`).
fn kept(source: &str) -> Vec<bool> {
    let settings = RuleSettings::default();
    let mut tally = Tally::default();
    check_file(Path::new("app.py"), source, &settings, &mut tally);
    tally.assert_clean();
    let parsed = ParsedModule::parse(source);
    let hints = FileHints::of(source, &settings);
    top_level_statements(&parsed)
        .into_iter()
        .map(|stmt| statement_may_matter(&source[stmt.byte_range()], &hints))
        .collect()
}

#[test]
fn a_secret_word_in_a_message_or_comment_does_not_keep_a_statement() {
    assert_eq!(
        kept(
            r#"def check(user):
    if not user.ok:
        raise ValueError("the password is wrong")
    print("Pass the token along")  # password
    return sorted(user.keys(), key=len)

for key in d.keys():
    pass
"#
        ),
        [false, false]
    );
    assert_eq!(kept("d = {\"password\": \"FAKEpass0123\"}\n"), [true]);
    assert_eq!(kept("conn = connect(password=\"FAKEpass0123\")\n"), [true]);
    assert_eq!(kept("if pwd == \"FAKEpass0123\":\n    ok()\n"), [true]);
}

#[test]
fn a_secret_name_bound_only_to_plain_values_does_not_keep_a_statement() {
    // Empty strings, prompts, prose, dict keys and descriptive names (`token_type`)
    // are never reported: a whole class around them stays unparsed.
    assert_eq!(
        kept(
            r#"class Client:
    token_type = 'bearer-ish'
    def login(self):
        self.password = ''
        raise ValueError("the password given for this account is wrong")

topics = {'pass': 'The "pass" statement\n'
                  'It is a null operation and nothing happens when it runs.\n',
          'assert': 'The assert statement checks a condition and raises on failure.'}
"#
        ),
        [false, false]
    );
    // A literal that may be a secret still keeps it, alone or joined.
    assert_eq!(kept("class C:\n    password = 'FAKEpass0123'\n"), [true]);
    assert_eq!(kept("d = {'pass': 'FAKE' 'pass0123'}\n"), [true]);
    assert_eq!(kept("d = {'token': 'FAKE' + 'pass0123'}\n"), [true]);
    assert_eq!(
        kept("if token_kind == 'FAKEpass0123':\n    ok()\n"),
        [false]
    );
    assert_eq!(kept("if api_token == 'FAKEpass0123':\n    ok()\n"), [true]);
    // A subscript or a call's first argument binds no literal to a name.
    assert_eq!(
        kept(
            "class C:\n    def f(self):\n        self.password = config['password-FAKE1']\n        password = getpass('Password for FAKE1: ')\n"
        ),
        [false]
    );
    assert_eq!(kept("password = x or ('FAKEpass0123')\n"), [true]);
    assert_eq!(kept("password = f(x) if y else ('FAKEpass0123')\n"), [true]);
    assert_eq!(kept("password = d.get('k', 'FAKEpass0123')\n"), [true]);
}

#[test]
fn flask_and_signing_words_in_strings_or_comments_do_not_keep_a_statement() {
    // The facts and FG203 read module names, callees and methods: code.
    assert_eq!(
        kept(
            r#"TYPES = {"AWS::Flask::App": "werkzeug-Blueprint", "errorhandler": "x"}
NAMES = ["hmac", "jwt.encode", "Fernet", 'DebuggedApplication']  # from flask import Flask
"#
        ),
        [false, false, false]
    );
    assert_eq!(
        kept("app = flask.Flask('FAKE')\nfrom werkzeug import serving as s\n"),
        [true, true]
    );
    assert_eq!(
        kept("sig = hmac.new(b'FAKE0123456789ab', msg, 'sha256')\n"),
        [true]
    );
}

#[test]
fn a_literal_bound_to_a_plain_name_next_to_a_secret_name_does_not_keep_a_statement() {
    // A dict value is bound to its key, a keyword argument to its keyword; an element
    // of a collection inside another, or an operand of `%`, `+`, `in`, ..., to nothing.
    assert_eq!(
        kept(
            r#"LABELS = {"pass": "", "title": "FAKEpass0123"}
conn = connect(password=getpass(), mode="FAKEpass0123")
LEXERS = {"password": ("FAKEpass0123", "FAKEpass4567")}
def f(token):
    header = "FAKEpass0123 %s" % token
    if "FAKEpass0123" in token:
        return "FAKEpass0123".join(token)
"#
        ),
        [false, false, false, false]
    );
    // Their look-alikes that bind the literal to the secret name are still kept.
    assert_eq!(
        kept(
            r#"LABELS = {"title": "", "pass": "FAKEpass0123"}
conn = connect(mode=getpass(), password="FAKEpass0123")
PASSWORDS = ("FAKEpass0123", "FAKEpass4567")
def f(token="FAKEpass0123"):
    if token == "FAKEpass0123":
        return 1
TYPES = {"AWS::Fake::Key": "FAKE9d3b1a8095f4"}
SECRET_KEY = os.environ.get("FLASK_SESSION", default="FAKEpass0123")
LOGINS = {"password": "FAKEpass0123" for _ in range(2)}
"#
        ),
        [true, true, true, true, true, true, true]
    );
}

#[test]
fn a_module_secret_is_kept_only_where_a_name_is_bound() {
    // `api_key` bound at module level is a fact a view may read; a dict with a
    // `pass` key or a call mentioning a token binds no such name.
    assert_eq!(
        kept("api_key = load()\nsettings = {'pass': 1}\nuse(token)\nx = y = token = None\n"),
        [true, false, false, true]
    );
    // A chunk may hold several statements.
    let chunk = "x = 1; api_key = load()\n";
    assert!(statement_may_matter(
        chunk,
        &FileHints::of(chunk, &RuleSettings::default())
    ));
    assert_eq!(
        kept("note = 'a; b'\nsettings = {'pass': load()}\n"),
        [false, false]
    );
}

#[test]
fn request_in_a_string_does_not_keep_a_comparison() {
    let source = r#"from flask import request

HELP = {'key': 'the request body', 'ok': a == b}
if request.headers.get("X-Api-Key") == API_KEY:
    deny()
"#;
    assert_eq!(kept(source), [true, false, true]);
}

#[test]
fn debug_and_true_in_different_statements_keep_neither() {
    let source = r#"from flask import Flask
app = Flask(__name__)
ON = True
app.run(debug=ON)
app.run(debug=True)
"#;
    assert_eq!(kept(source), [true, true, false, false, true]);
    // Without flask in the file `debug=True` is some other API's switch.
    assert_eq!(kept("server.run(debug=True)\n"), [false]);
    assert_eq!(kept("class Config:\n    DEBUG = True\n"), [true]);
}

#[test]
fn an_import_alias_keeps_its_statement_and_the_statements_using_it() {
    let source = r#"from flask import Flask, request as req
from os import environ as env
app = Flask(__name__)

def page_from_query():
    return req.args.get("page")

@app.route("/env")
def show():
    return dict(env)
"#;
    assert_eq!(kept(source), [true, true, true, true, true]);
    // Without the aliases, neither function can leak or read request input.
    let plain = "import os\n\ndef page_from_query(q):\n    return q.args.get(\"page\")\n\n\
                 def show(e):\n    return dict(e)\n";
    assert_eq!(kept(plain), [false, false, false]);
}

#[test]
fn a_call_of_a_call_in_a_string_is_no_registration() {
    // `)(` in a regex is not `app.route("/")(view)`.
    assert_eq!(
        kept(
            r#"from pygments.lexer import RegexLexer
class MatlabLexer(RegexLexer):
    tokens = {'root': [(r'(\s*)(\.route)', bygroups(Text, Name))]}
app.route("/")(index)
"#
        ),
        [false, false, true]
    );
}

#[test]
fn views_are_kept_by_their_decorator_or_their_registration() {
    let source = r#"from flask import Flask
app = Flask(__name__)

@app.route("/c")
def config_dump():
    return dict(app.config)

class Thing:
    @property
    def config(self):
        return self._config
"#;
    assert_eq!(kept(source), [true, true, true, false]);
    // `add_url_rule` may register any function.
    let source = "from flask import Flask\napp = Flask(__name__)\n\n\
                  def index():\n    return str(app.config)\n\n\
                  app.add_url_rule(\"/\", view_func=index)\n";
    assert_eq!(kept(source), [true, true, true, true]);
    // Registered by calling the decorator: only the function it names.
    let source = "from flask import Flask\napp = Flask(__name__)\n\n\
                  def index():\n    return str(app.config)\n\n\
                  def other():\n    return str(app.config)\n\n\
                  app.route(\"/\")(index)\n";
    assert_eq!(kept(source), [true, true, true, false, true]);
}

#[test]
fn import_os_is_kept_where_it_lets_a_traceback_leak_be_found() {
    // The responses' gate lets every view through once `os` is imported; a leak
    // through `format_tb` holds none of its words, so it is found only then.
    let source = r#"import os
import sys
from flask import Flask
from traceback import format_tb
app = Flask(__name__)

@app.route("/t")
def t():
    return str(format_tb(sys.exc_info()[2]))
"#;
    assert_eq!(kept(source), [true, false, true, true, true, true]);
    assert_eq!(
        kept("import os\nfrom flask import Flask\napp = Flask(__name__)\n"),
        [false, true, true]
    );
}

#[test]
fn validation_loops_are_kept_only_where_fg501_can_fire() {
    let check = r#"for name in ("API_TOKEN",):
    if not os.environ.get(name):
        raise RuntimeError(name)
"#;
    let reads = format!("import os\nAPI_TOKEN = os.environ.get(\"API_TOKEN\")\n{check}");
    assert_eq!(kept(&reads), [false, true, true]);
    let no_reads = format!("import os\nHOME = os.environ.get(\"HOME\")\n{check}");
    assert_eq!(kept(&no_reads), [false, false, false]);
}

#[test]
fn only_string_collections_are_kept_for_validation_without_a_check_word() {
    // Where FG501 can fire, a statement without a check word adds a validation fact
    // only by binding a tuple, list or set of strings (a list a later loop may check).
    let source = r#"import os
API_TOKEN = os.environ.get("API_TOKEN")
LABEL = "name=" + "value"
PAIRS = dict(a="x", b=[1, "y"])
REQUIRED = [  # checked at startup
    "API_TOKEN",
]
NAMES = (("STRIPE_KEY"), "API_TOKEN")
"#;
    assert_eq!(kept(source), [false, true, false, false, true, true]);
}

#[test]
fn a_chunk_with_trailing_comments_is_kept_like_its_statement() {
    let statements = [
        "password = \"FAKEpass0123\"",
        "t = 'ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234'",
        "u = 'postgres://u:FAKEpw@db/x'",
        "# AKIAFAKEEXAMPLE12345",
    ];
    let hints = FileHints::of(&statements.join("\n"), &RuleSettings::default());
    for statement in statements {
        assert!(statement_may_matter(statement, &hints), "{statement}");
        let chunk = format!("{statement}\n# a comment (pass)\n\n# another\n");
        assert!(statement_may_matter(&chunk, &hints), "{chunk}");
    }
    assert!(!statement_may_matter("x = 1\n# the password\n", &hints));
}

#[test]
fn extra_secret_names_keep_the_statements_naming_them() {
    let source = "SIGNATURE_VALUE = 'FAKE-value'\nx = 1\n";
    let hints = FileHints::of(source, &extra());
    assert!(statement_may_matter(
        "SIGNATURE_VALUE = 'FAKE-value'\n",
        &hints
    ));
    let hints = FileHints::of(source, &RuleSettings::default());
    assert!(!statement_may_matter(
        "SIGNATURE_VALUE = 'FAKE-value'\n",
        &hints
    ));
    let mut tally = Tally::default();
    check_file(Path::new("app.py"), source, &extra(), &mut tally);
    tally.assert_clean();
    assert_eq!(tally.with_findings, 1);
}

/// Lines that carry findings or facts, or almost do.
const LINES: &[&str] = &[
    "password = 'FAKEpass0123'",
    "api_key = \"FAKEkey0123456789abcdefXYZ\"",
    "MAPS_KEY = 'AbCdEf0123456789FAKEkey'",
    "stripe_key = os.environ['STRIPE_KEY']",
    "SECRET_KEY = os.environ.get('SECRET_KEY', 'FAKE-dev')",
    "API_TOKEN = os.getenv('API_TOKEN')",
    "t = 'sk_live_' 'FAKE0000example0000'",
    "u = ('redis://:FAKEpw'\n     '@host')",
    "app = Flask(__name__)",
    "bp = Blueprint('api', __name__)",
    "from flask import Flask, request, jsonify",
    "from flask import request as rq, current_app as ca",
    "from os import environ as env, getenv as ge",
    "from traceback import format_exc",
    "import os, logging, traceback",
    "from werkzeug.serving import run_simple as rs",
    "rs('0.0.0.0', 5000, app, use_debugger=True)",
    "app.run(debug=True)",
    "app.debug = 1",
    "app.config['DEBUG'] = True",
    "app.config['ENV'] = 'development'",
    "DEBUG = bool(os.environ.get('FLASK_DEBUG'))",
    "app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)",
    "logger.info('key %s', stripe_key)",
    "print(app.config)",
    "@app.route('/c')\ndef c():\n    return dict(app.config)",
    "@bp.get('/e')\ndef e():\n    return jsonify(dict(env))",
    "@app.errorhandler(500)\ndef h(err):\n    return str(err), 500",
    "def handler(err):\n    return format_exc(), 500",
    "app.register_error_handler(404, handler)",
    "app.route('/x')(x_view)",
    "def x_view():\n    return ca.config['SECRET_KEY']",
    "@app.route('/k')\ndef k():\n    if rq.args['api_key'] == API_KEY:\n        return 'ok'\n    return 'no'",
    "@app.route('/q')\ndef q():\n    key = request.args.get('key')\n    return key",
    "if not API_TOKEN:\n    raise RuntimeError('API_TOKEN')",
    "REQUIRED = ('STRIPE_KEY', 'API_TOKEN')",
    "missing = [n for n in REQUIRED if not os.environ.get(n)]",
    "from traceback import format_tb",
    "@app.route('/t')\ndef t():\n    return str(format_tb(None))",
    "def f():\n    pass",
    "# password = 'FAKE'",
    "s = hmac.new(b'FAKEkey', msg, 'sha256')",
    "d = {'title': 'FAKEpass0123', 'pass': 'ok'}",
    "c = connect(mode='FAKEpass0123', password=pw)",
    "T = {'password': ('FAKEpass0123', 'x')}",
    "token = 'FAKE%s0123' % x",
    "NAMES = ['flask', 'jwt.encode', 'DebuggedApplication']",
    "x = 1",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn generated_modules_never_lose_a_finding_or_fact(
        picks in proptest::collection::vec((0..LINES.len(), any::<u8>()), 1..10),
    ) {
        let source: String = picks
            .iter()
            .map(|&(i, op)| mutate(LINES[i], op) + "\n")
            .collect();
        let mut tally = Tally::default();
        for path in ["app.py", "config.py", "tests/test_app.py"] {
            check_file(Path::new(path), &source, &RuleSettings::default(), &mut tally);
        }
        check_file(Path::new("app.py"), &source, &extra(), &mut tally);
        prop_assert!(tally.violations.is_empty(), "{source}\n{:?}", tally.violations);
    }
}
