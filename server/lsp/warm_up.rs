//! Work the first analysis would otherwise do on the editor's clock: compiling the
//! rules' tree-sitter queries, the provider-token regexes and the prefilters' automata
//! (about 10 ms, most of a first `publishDiagnostics` for a 1,000-line file). The
//! server starts it on a thread of its own as soon as it runs, so it overlaps with the
//! editor's `initialize` round trip; an analysis that needs a part still being built
//! waits for that part, never builds it twice.

use std::path::Path;

use crate::analysis::{AnalysisOptions, analyze_source};

/// A module that reaches every rule family past its byte prefilter. The values are
/// made up.
const MODULE: &str = r#"import logging
import os

from flask import Flask, jsonify, request

app = Flask(__name__)
app.config["DEBUG"] = True
app.config["SECRET_KEY"] = "FAKE-warm-up-secret-0123456789"
GITHUB_TOKEN = "ghp_FAKEwarmupFAKEwarmupFAKEwarmup0123"
DATABASE_URL = "postgres://admin:FAKE-password-0123@db.example.test/app"
API_KEY = os.environ.get("API_KEY", "FAKE-default-key-0123456789")
SENTRY_DSN = os.getenv("SENTRY_DSN")


@app.route("/token")
def token():
    logging.info("key %s", API_KEY)
    print(app.config["SECRET_KEY"])
    if request.args.get("api_key") == API_KEY:
        return jsonify(token=GITHUB_TOKEN, env=dict(os.environ))
    try:
        return jsonify(ok=True)
    except Exception as error:  # noqa: FG999
        return str(error), 500


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True, use_debugger=True)
"#;

/// Starts the warm-up on its own thread. A panic there is caught and forgotten: the
/// real analysis reports its own.
pub fn spawn() {
    let _ = std::thread::Builder::new()
        .name("flaskguard-warm-up".to_string())
        .spawn(|| {
            let _ = std::panic::catch_unwind(|| {
                analyze_source(
                    MODULE,
                    Some(Path::new("app.py")),
                    &AnalysisOptions::default(),
                )
            });
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleCode;

    /// The module keeps reaching the rules whose start-up cost it exists to pay.
    #[test]
    fn the_warm_up_module_reaches_every_rule_family() {
        let findings = analyze_source(
            MODULE,
            Some(Path::new("app.py")),
            &AnalysisOptions::default(),
        );
        let mut codes: Vec<RuleCode> = findings.iter().map(|f| f.code).collect();
        codes.dedup();
        for family in ["FG1", "FG2", "FG3", "FG4", "FG6"] {
            assert!(
                codes.iter().any(|code| code.as_str().starts_with(family)),
                "no {family} finding in {codes:?}"
            );
        }
        for code in [RuleCode::FG201, RuleCode::FG202] {
            assert!(
                codes.contains(&code),
                "{code} (a tree-sitter query) in {codes:?}"
            );
        }
    }
}
