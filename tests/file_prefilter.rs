//! The checker's file prefilter never hides a finding: whenever it says a file cannot
//! produce one, the full analysis finds nothing in it.

mod common;

use common::{mutate, python_files};

use std::path::Path;

use flaskguard::analysis::file_prefilter::may_have_findings;
use flaskguard::analysis::{AnalysisOptions, analyze_source};
use flaskguard::config::RuleSettings;
use proptest::prelude::*;

/// Analyses `source` as `path` with `settings`; returns the codes found.
fn found(path: &Path, source: &str, settings: &RuleSettings) -> Vec<String> {
    let options = AnalysisOptions {
        rules: settings.clone(),
        ..AnalysisOptions::default()
    };
    analyze_source(source, Some(path), &options)
        .into_iter()
        .map(|f| f.code.to_string())
        .collect()
}

/// Fails when the prefilter rejects `source` although the analysis finds something.
fn assert_superset(path: &Path, source: &str, settings: &RuleSettings) {
    if !may_have_findings(source, settings) {
        let codes = found(path, source, settings);
        assert!(
            codes.is_empty(),
            "{}: skipped by the prefilter but has findings {codes:?}",
            path.display()
        );
    }
}

#[test]
fn no_file_in_the_corpus_fixtures_or_example_loses_a_finding() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in ["tests/corpus", "tests/fixtures", "docs/example"] {
        python_files(&root.join(folder), &mut files);
    }
    assert!(files.len() > 20, "only {} files found", files.len());
    let extra = RuleSettings {
        extra_secret_names: vec!["signature_value".into()],
        ..RuleSettings::default()
    };
    let (mut with_findings, mut kept) = (0, 0);
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap_or_default();
        assert_superset(file, &source, &RuleSettings::default());
        assert_superset(file, &source, &extra);
        if !found(file, &source, &RuleSettings::default()).is_empty() {
            with_findings += 1;
            kept += usize::from(may_have_findings(&source, &RuleSettings::default()));
        }
    }
    assert!(with_findings > 10);
    assert_eq!(kept, with_findings);
}

#[test]
fn plain_python_is_skipped_and_each_rule_family_is_kept() {
    let plain = RuleSettings::default();
    for source in [
        "def f(d):\n    for key in d.keys():\n        pass\n    return sorted(d, key=len)\n",
        "# the password is elsewhere\nmonkey = 1\n",
        "def g():\n    \"\"\"Pass the token along.\"\"\"\n    return 1\n",
        "@property\ndef name(self):\n    return self._name\n",
        "import logging\nlogging.info('started %s', 12)\n",
    ] {
        assert!(!may_have_findings(source, &plain), "{source}");
    }
    for source in [
        "password = 'hunter2-FAKE'\n",
        "API_KEY = 'FAKEfake0123456789abcdef'\n",
        "t = 'ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234'\n",
        "t = ('ghp_FAKEfakeFAKE' # split\n     'fakeFAKEfakeFAKEfake1234')\n",
        "DB = 'postgres://u:FAKEpw@db/x'\n",
        "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n",
        "class Config:\n    DEBUG = True\n",
        "d = {'db pass': 'x'}\n",
    ] {
        assert!(may_have_findings(source, &plain), "{source}");
    }
    let extra = RuleSettings {
        extra_secret_names: vec!["signature".into()],
        ..RuleSettings::default()
    };
    let source = "SIGNATURE = 'FAKE-value'\n";
    assert!(!may_have_findings(source, &plain));
    assert!(may_have_findings(source, &extra));
    assert_eq!(found(Path::new("app.py"), source, &extra), vec!["FG101"]);
}

/// Lines that carry findings, or almost do.
const LINES: &[&str] = &[
    "password = 'FAKEpass0123'",
    "api_key = \"FAKEkey0123456789abcdefXYZ\"",
    "MAPS_KEY = 'AbCdEf0123456789FAKEkey'",
    "key = 'AbCdEf0123456789FAKEkey'",
    "stripe_key = os.environ['STRIPE_KEY']",
    "SECRET_KEY = os.environ.get('SECRET_KEY', 'FAKE-dev')",
    "t = 'sk_live_' 'FAKE0000example0000'",
    "u = ('redis://:FAKEpw'\n     '@host')",
    "u = 'https://user:FAKE@example.com/x'",
    "app = Flask(__name__)",
    "from flask import Flask, request, jsonify",
    "import os, logging, traceback",
    "app.run(debug=True)",
    "app.run('0.0.0.0', 5000, True)",
    "app.debug = 1",
    "app.config['DEBUG'] = True",
    "app.config['ENV'] = 'development'",
    "DEBUG = bool(os.environ.get('FLASK_DEBUG'))",
    "app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)",
    "logger.info('key %s', stripe_key)",
    "print(app.config)",
    "logging.debug(os.environ)",
    "@app.route('/c')\ndef c():\n    return dict(app.config)",
    "@app.get('/e')\ndef e():\n    return jsonify(dict(os.environ))",
    "@app.errorhandler(500)\ndef h(err):\n    return str(err), 500",
    "@app.route('/k')\ndef k():\n    if request.args['api_key'] == API_KEY:\n        return 'ok'\n    return 'no'",
    "@app.route('/q')\ndef q():\n    key = request.args.get('key')\n    return key",
    "x = request.headers.get('X-Api-Key')",
    "def f():\n    pass",
    "d = {'password': 'FAKE0'}",
    "os.getenv('PASSWORD', 'FAKE')",
    "# password = 'FAKE'",
    "\"\"\"Docstring: pass the token.\"\"\"",
    "s = hmac.new(b'FAKEkey', msg, 'sha256')",
    "jwt.encode(p, 'FAKEsecret')",
    "x = 1",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn generated_modules_never_lose_a_finding(
        picks in proptest::collection::vec((0..LINES.len(), any::<u8>()), 1..8),
    ) {
        let source: String = picks
            .iter()
            .map(|&(i, op)| mutate(LINES[i], op) + "\n")
            .collect();
        for path in ["app.py", "config.py", "tests/test_app.py"] {
            assert_superset(Path::new(path), &source, &RuleSettings::default());
        }
    }
}
