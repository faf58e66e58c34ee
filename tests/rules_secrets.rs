//! FG101–FG104: positive and negative snippets, precedence, contexts and fix plans.
//!
//! Every secret below is made up for these tests (`FAKE`, `EXAMPLE`).

mod common;

use common::{codes, findings_at, seen};
use flaskguard::finding::{Finding, FixPlan, Lowering, Severity};

/// Asserts the `(code, flagged text)` pairs of the secret rules (FG101–FG104) `source`
/// yields as `app.py`.
fn check(source: &str, expect: &[(&str, &str)]) {
    let got: Vec<(String, String)> = codes(source)
        .into_iter()
        .filter(|(code, _)| code.starts_with("FG10"))
        .collect();
    let expect: Vec<(String, String)> = expect
        .iter()
        .map(|(c, t)| (c.to_string(), t.to_string()))
        .collect();
    assert_eq!(got, expect, "\n--- source ---\n{source}");
}

/// Asserts `source` yields no secret finding.
fn check_clean(source: &str) {
    check(source, &[]);
}

/// The one finding of `source` (as `app.py`).
fn only(source: &str) -> Finding {
    let found = findings_at("app.py", source);
    assert_eq!(found.len(), 1, "expected one finding: {found:#?}");
    found.into_iter().next().unwrap()
}

/// The fixes the one finding of `source` offers, as `(letter, variable, rewritten text)`.
fn check_fixes(source: &str, expect: &[(char, &str, &str)]) {
    let finding = only(source);
    let got: Vec<(char, String, String)> = finding
        .fixes
        .iter()
        .map(|fix| {
            let var = match fix {
                FixPlan::EnvironSubscript { var, .. }
                | FixPlan::EnvironGet { var, .. }
                | FixPlan::DropFallback { var, .. } => var.clone(),
                _ => String::new(),
            };
            (fix.letter(), var, source[fix.target()].to_string())
        })
        .collect();
    let expect: Vec<(char, String, String)> = expect
        .iter()
        .map(|(l, v, t)| (*l, v.to_string(), t.to_string()))
        .collect();
    assert_eq!(got, expect, "\n--- source ---\n{source}");
}

// ---------------------------------------------------------------- FG101 positives

#[test]
fn fg101_module_assignment() {
    check(
        r#"SECRET_KEY = "FAKE-flask-session-key-0000""#,
        &[("FG101", r#""FAKE-flask-session-key-0000""#)],
    );
}

#[test]
fn fg101_class_annotated_and_chained_assignment() {
    check(
        r#"
class Config:
    SECRET_KEY: str = "FAKE-session-key-for-tests"
    MAIL_PASSWORD = BACKUP_PASSWORD = "FAKEmailpw1"
"#,
        &[
            ("FG101", r#""FAKE-session-key-for-tests""#),
            ("FG101", r#""FAKEmailpw1""#),
        ],
    );
}

#[test]
fn fg101_chained_assignment_finds_the_secret_target() {
    let finding = only(r#"default = admin_password = "FAKEadminpw""#);
    assert_eq!(finding.code.as_str(), "FG101");
    assert!(
        finding.message.contains("`admin_password`"),
        "{}",
        finding.message
    );
}

#[test]
fn fg101_attributes_and_subscripts() {
    check(
        r#"
app.secret_key = "FAKE-app-secret-0000"
stripe.api_key = "FAKEstripekey"
app.config["SECRET_KEY"] = "FAKE-config-secret"
settings["db_password"] = "FAKEdbpw"
"#,
        &[
            ("FG101", r#""FAKE-app-secret-0000""#),
            ("FG101", r#""FAKEstripekey""#),
            ("FG101", r#""FAKE-config-secret""#),
            ("FG101", r#""FAKEdbpw""#),
        ],
    );
}

#[test]
fn fg101_keyword_arguments_in_any_call() {
    check(
        r#"
app.config.update(MAIL_PASSWORD="FAKEmailpw")
app.config.from_mapping(SECRET_KEY="FAKEsessionkey")
creds = dict(api_token="FAKEtoken")
client = OpenAI(api_key="FAKE-openai-example")
"#,
        &[
            ("FG101", r#""FAKEmailpw""#),
            ("FG101", r#""FAKEsessionkey""#),
            ("FG101", r#""FAKEtoken""#),
            ("FG101", r#""FAKE-openai-example""#),
        ],
    );
}

#[test]
fn fg101_config_setdefault() {
    check_fixes(
        r#"app.config.setdefault("SECRET_KEY", "FAKEsecret")"#,
        &[
            ('A', "SECRET_KEY", r#""FAKEsecret""#),
            ('B', "SECRET_KEY", r#""FAKEsecret""#),
        ],
    );
}

#[test]
fn fg101_lists_bound_to_a_secret_name() {
    let source = r#"SECRET_KEY_FALLBACKS = ["FAKE-old-session-key", "FAKE-older-key"]"#;
    check(
        source,
        &[
            ("FG101", r#""FAKE-old-session-key""#),
            ("FG101", r#""FAKE-older-key""#),
        ],
    );
    for finding in findings_at("app.py", source) {
        assert!(
            finding.fixes.is_empty(),
            "one element is not the whole setting"
        );
    }
    check_clean(r#"passwords = ["FAKEone", "FAKEtwo"]"#);
    check_clean(r#"CREDENTIALS = ("admin", "FAKEpw")"#);
    check_clean(r#"token = (NAME, "Hello")"#);
    check_clean(r#"API_KEY_SOURCES = ["AUTHORIZER", "HEADER"]"#);
}

#[test]
fn fg101_each_list_of_a_statement_is_judged_on_its_own_elements() {
    let source = r#"
def settings():
    SECRET_KEY_FALLBACKS = ["FAKE-old-session-key", "FAKE-older-key"]
    PASSWORDS = [NAME, "FAKE-next-to-a-name"]
    SECRET_TOKENS = ("FAKE-token-one", ("FAKE-inner-token", OTHER))
"#;
    check(
        source,
        &[
            ("FG101", r#""FAKE-old-session-key""#),
            ("FG101", r#""FAKE-older-key""#),
        ],
    );
}

#[test]
fn fg101_signing_keys_passed_to_known_calls() {
    check(
        r#"
token = jwt.encode(payload, "FAKEjwtsecret", algorithm="HS256")
claims = jwt.decode(token, key="FAKEjwtsecret", algorithms=["HS256"])
digest = hmac.new(b"FAKEhmackey", body, "sha256")
serializer = URLSafeTimedSerializer("FAKEsigning")
other = jwt.encode(payload, KEY, algorithm="HS256")
"#,
        &[
            ("FG101", r#""FAKEjwtsecret""#),
            ("FG101", r#""FAKEjwtsecret""#),
            ("FG101", r#"b"FAKEhmackey""#),
            ("FG101", r#""FAKEsigning""#),
        ],
    );
    check_fixes(
        r#"token = jwt.encode(payload, "FAKEjwtsecret")"#,
        &[
            ('A', "JWT_SECRET_KEY", r#""FAKEjwtsecret""#),
            ('B', "JWT_SECRET_KEY", r#""FAKEjwtsecret""#),
        ],
    );
    let finding = only(r#"s = itsdangerous.URLSafeTimedSerializer("FAKEsigning")"#);
    assert!(
        finding
            .message
            .contains("`itsdangerous.URLSafeTimedSerializer()`"),
        "{}",
        finding.message
    );
}

#[test]
fn fg101_dict_literal_keys() {
    check(
        r#"DB = {"user": "app", "password": "FAKEdbpw", "host": "localhost"}"#,
        &[("FG101", r#""FAKEdbpw""#)],
    );
}

#[test]
fn fg101_parameter_defaults_and_comparisons_without_fixes() {
    let source = r#"
def connect(host, password="FAKEdbpw"):
    pass

def login(password):
    if password == "FAKEadminpw":
        return True
"#;
    check(
        source,
        &[("FG101", r#""FAKEdbpw""#), ("FG101", r#""FAKEadminpw""#)],
    );
    for finding in findings_at("app.py", source) {
        assert!(finding.fixes.is_empty(), "{finding:?}");
    }
}

#[test]
fn fg101_comparison_with_a_form_field() {
    check(
        r#"
@app.post("/login")
def login():
    if request.form["password"] == "FAKEadminpw":
        return "ok"
"#,
        &[("FG101", r#""FAKEadminpw""#)],
    );
}

#[test]
fn fg101_nested_in_functions_and_if_blocks() {
    check(
        r#"
def create_app():
    app = Flask(__name__)
    if os.environ.get("STAGE") == "prod":
        app.config["SECRET_KEY"] = "FAKE-nested-secret"
    return app
"#,
        &[("FG101", r#""FAKE-nested-secret""#)],
    );
}

#[test]
fn fg101_obvious_dummies_are_reported() {
    for dummy in ["changeme", "dev", "secret", "xxx", "your-api-key-here"] {
        let source = format!(r#"SECRET_KEY = "{dummy}""#);
        let finding = only(&source);
        assert_eq!(finding.code.as_str(), "FG101", "{dummy}");
        assert!(
            finding.message.contains("well-known default"),
            "{}",
            finding.message
        );
    }
}

#[test]
fn fg101_concatenations_f_strings_and_bytes() {
    check(
        r#"
SECRET_KEY = "FAKE-part-one" "-part-two"
API_TOKEN = "FAKE" + "-token-" + "0000"
PASSWORD = f"FAKEliteralonly"
SIGNING_KEY = b"FAKE-bytes-signing-key"
"#,
        &[
            ("FG101", r#""FAKE-part-one" "-part-two""#),
            ("FG101", r#""FAKE" + "-token-" + "0000""#),
            ("FG101", r#"f"FAKEliteralonly""#),
            ("FG101", r#"b"FAKE-bytes-signing-key""#),
        ],
    );
}

#[test]
fn fg101_key_names_need_a_random_value() {
    check(
        r#"
MAPS_KEY = "Zq8FAKEx3Lm9Tp2Wv7Rk"
STRIPE_KEY = "short"
CACHE_PREFIX_KEY = "users"
"#,
        &[("FG101", r#""Zq8FAKEx3Lm9Tp2Wv7Rk""#)],
    );
}

#[test]
fn fg101_tuple_assignment_pairs_names_with_values() {
    check(
        r#"user, password = "admin", "FAKEadminpw""#,
        &[("FG101", r#""FAKEadminpw""#)],
    );
}

// ---------------------------------------------------------------- FG101 negatives

#[test]
fn fg101_password_form_fields_are_not_secrets() {
    check_clean(
        r#"
PASSWORD_FIELD = "password"
password = request.form["password"]
password = request.form.get("password", "")
field = PasswordField("Password", validators=[DataRequired()])
"#,
    );
}

#[test]
fn fg101_header_and_env_var_names_are_not_secrets() {
    check_clean(
        r#"
API_KEY_HEADER = "X-Api-Key"
KEY_NAME = "API_KEY"
api_key = os.environ["API_KEY"]
SECRET_KEY = os.environ.get("SECRET_KEY")
TOKEN_ENV_VAR = "GITHUB_TOKEN"
AWS_ACCESS_KEY_ID = "FAKEEXAMPLEKEYID"
"#,
    );
}

#[test]
fn fg101_placeholders_and_empty_values_are_not_secrets() {
    check_clean(
        r#"
SECRET_KEY = ""
API_KEY = "${API_KEY}"
PASSWORD = "%(password)s"
TOKEN = "{api_token}"
CLIENT_SECRET = "<your-client-secret>"
AUTH_HEADER_VALUE = f"Bearer {token}"
SECRET_KEY = None
"#,
    );
}

#[test]
fn fg101_descriptive_names_plurals_and_partial_words() {
    check_clean(
        r#"
token_type = "bearer"
TOKEN_URL = "https://example.com/oauth/token"
JWT_ALGORITHM = "HS256"
passwords = ["FAKEone", "FAKEtwo"]
tokens = {"a": "FAKEa"}
passed_msg = "FAKEmessage"
compassion = "FAKEkindness"
STRIPE_PUBLISHABLE_KEY = "pk_live_FAKE0000example0000"
STRIPE_PUBLIC_KEY = "pk_live_FAKE0000example0000"
PRIMARY_KEY = "Zq8FAKEx3Lm9Tp2Wv7Rk"
USER_CACHE_KEY = "Zq8FAKEx3Lm9Tp2Wv7Rk"
SORT_KEY = "Zq8FAKEx3Lm9Tp2Wv7Rk"
"#,
    );
}

#[test]
fn fg101_tokenizer_comparisons_and_non_credential_values() {
    check_clean(
        r#"
if token == "." or token == "...":
    pass
elif token == "async":
    pass
TOPICS = {"pass": "The pass statement is a null operation; nothing happens when it runs."}
ssl_key = "certs/FAKE-server.pem"
MODULE_PWD_STATE = "yes"
"#,
    );
}

#[test]
fn fg101_peer_false_positives_from_real_code() {
    check_clean(
        r#"
PAGINATION = {"input_token": "next_token", "limit_key": "max_results"}
next_token = "0"
class AuthType(Enum):
    PASSWORD = "password"
    PassStateEntered = "PassStateEntered"
for key in config:
    if key == "MaximumBatchingWindowInSeconds":
        pass
if token_use == "access":
    pass
if pass_arg == "environment":
    pass
EMRFS_CONSISTENT_KEY = "fs.s3.consistent"
new_key = "ApplicationCodeConfigurationDescription"
client = Client(secret_arn="mock_secret_arn")
HEADERS = {"X-aws-ec2-metadata-token-ttl-seconds": "60"}
"#,
    );
}

#[test]
fn fg101_real_secret_comparisons_are_still_reported() {
    check(
        r#"
if password == "admin":
    pass
if token == "Zq8FAKEx3Lm9Tp2Wv7Rk":
    pass
"#,
        &[
            ("FG101", r#""admin""#),
            ("FG101", r#""Zq8FAKEx3Lm9Tp2Wv7Rk""#),
        ],
    );
}

#[test]
fn fg102_pem_keys_need_a_body() {
    check(
        r#"
PRIVATE_KEY = """-----BEGIN RSA PRIVATE KEY-----
MIIEFAKEexampleFAKEexampleFAKEexample
-----END RSA PRIVATE KEY-----"""
_PEM_START = b"-----BEGIN OPENSSH PRIVATE KEY-----"
"#,
        &[(
            "FG102",
            "\"\"\"-----BEGIN RSA PRIVATE KEY-----\nMIIEFAKEexampleFAKEexampleFAKEexample\n-----END RSA PRIVATE KEY-----\"\"\"",
        )],
    );
}

#[test]
fn fg103_urls_in_docstrings_are_documentation() {
    check_clean(
        r#"
def connect(url):
    """Connect, e.g. to ``postgresql://user:password@host/db``."""
"#,
    );
}

#[test]
fn fg101_literals_not_bound_to_a_secret_name() {
    check_clean(
        r#"
"""Docstring mentioning the password and the secret key."""
username = "admin"
print("password")
flash("Invalid password")
GREETING = f"hello {password}"
"#,
    );
}

#[test]
fn fg101_user_configured_names_and_allowed_values() {
    use flaskguard::analysis::{AnalysisOptions, analyze_source};
    use flaskguard::config::RuleSettings;
    let options = AnalysisOptions {
        rules: RuleSettings {
            extra_secret_names: vec!["signature".to_string()],
            allowed_values: vec![regex::Regex::new("sandbox-.*").unwrap()],
        },
        ..AnalysisOptions::default()
    };
    let source = "WEBHOOK_SIGNATURE = \"FAKEsignature\"\nAPI_KEY = \"sandbox-FAKE\"\n";
    let found = analyze_source(source, None, &options);
    let flagged: Vec<&str> = found.iter().map(|f| &source[f.range.clone()]).collect();
    assert_eq!(flagged, [r#""FAKEsignature""#]);
}

// ---------------------------------------------------------------- FG102

#[test]
fn fg102_provider_tokens_anywhere() {
    check(
        r#"
client = Github("ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234")
# old key: AKIAFAKEEXAMPLE12345
ENDPOINT = "https://hooks.slack.com/services/T0FAKE000/B0FAKE000/FAKEexample00"
"#,
        &[
            ("FG102", r#""ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234""#),
            ("FG102", "# old key: AKIAFAKEEXAMPLE12345"),
            (
                "FG102",
                r#""https://hooks.slack.com/services/T0FAKE000/B0FAKE000/FAKEexample00""#,
            ),
        ],
    );
}

#[test]
fn fg102_bound_to_a_secret_name_is_fg102_only() {
    let finding = only(r#"API_TOKEN = "ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234""#);
    assert_eq!(finding.code.as_str(), "FG102");
    assert_eq!(finding.severity, Severity::Error);
    assert!(finding.message.contains("GitHub"), "{}", finding.message);
}

#[test]
fn fg102_split_tokens_are_joined() {
    check(
        r#"TOKEN = "ghp_" "FAKEfakeFAKEfakeFAKEfakeFAKEfake1234""#,
        &[("FG102", r#""ghp_" "FAKEfakeFAKEfakeFAKEfakeFAKEfake1234""#)],
    );
    check(
        r#"key = "sk_live_" + "FAKE0000example0000""#,
        &[("FG102", r#""sk_live_" + "FAKE0000example0000""#)],
    );
}

#[test]
fn fg102_points_at_the_part_holding_the_token() {
    check(
        r#"HEADERS = "Authorization: " "Bearer ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234""#,
        &[(
            "FG102",
            r#""Bearer ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234""#,
        )],
    );
}

#[test]
fn fg102_f_string_parts() {
    check(
        r#"url = f"https://api.example.com/{path}?key=AIzaFAKEexample000000000000000000000000""#,
        &[(
            "FG102",
            r#"f"https://api.example.com/{path}?key=AIzaFAKEexample000000000000000000000000""#,
        )],
    );
}

#[test]
fn fg102_stripe_test_keys_are_warnings() {
    let finding = only(r#"stripe.api_key = "sk_test_FAKE0000example0000""#);
    assert_eq!(finding.code.as_str(), "FG102");
    assert_eq!(finding.severity, Severity::Warning);
}

#[test]
fn fg102_publishable_keys_are_not_reported() {
    check_clean(r#"STRIPE_PUBLISHABLE_KEY = "pk_live_FAKE0000example0000""#);
    check_clean(r#"js_key = "pk_live_FAKE0000example0000""#);
}

#[test]
fn fg102_messages_never_show_the_token_whole() {
    let token = "ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234";
    for finding in seen(&format!("API_TOKEN = \"{token}\"\n# {token}\n")) {
        assert!(!finding.message.contains(token), "{}", finding.message);
        assert!(finding.message.contains("ghp_…34"), "{}", finding.message);
    }
}

#[test]
fn fg102_fixes_only_when_bound_to_a_name() {
    check_fixes(
        r#"API_TOKEN = "ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234""#,
        &[
            (
                'A',
                "API_TOKEN",
                r#""ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234""#,
            ),
            (
                'B',
                "API_TOKEN",
                r#""ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234""#,
            ),
        ],
    );
    check_fixes(r#"Github("ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234")"#, &[]);
    check_fixes("# ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234", &[]);
}

// ---------------------------------------------------------------- FG103

#[test]
fn fg103_urls_with_passwords() {
    check(
        r#"
SQLALCHEMY_DATABASE_URI = "postgresql://app:FAKEdbpw@db.internal:5432/app"
CELERY_BROKER_URL = "amqp://guest:FAKEpw@rabbit//"
CACHE_REDIS_URL = "redis://:FAKEredispw@cache:6379/0"
MONGO_URI = "mongodb+srv://app:FAKEpw@cluster0.example.net/app"
engine = create_engine("mysql+pymysql://app:FAKEpw@db/app")
"#,
        &[
            (
                "FG103",
                r#""postgresql://app:FAKEdbpw@db.internal:5432/app""#,
            ),
            ("FG103", r#""amqp://guest:FAKEpw@rabbit//""#),
            ("FG103", r#""redis://:FAKEredispw@cache:6379/0""#),
            (
                "FG103",
                r#""mongodb+srv://app:FAKEpw@cluster0.example.net/app""#,
            ),
            ("FG103", r#""mysql+pymysql://app:FAKEpw@db/app""#),
        ],
    );
}

#[test]
fn fg103_is_the_only_finding_for_a_database_uri() {
    let finding = only(r#"SQLALCHEMY_DATABASE_URI = "postgresql://app:FAKEdbpw@db/app""#);
    assert_eq!(finding.code.as_str(), "FG103");
    assert!(!finding.message.contains("FAKEdbpw"), "{}", finding.message);
    assert!(
        finding.message.contains("postgresql://app:****@db"),
        "{}",
        finding.message
    );
}

#[test]
fn fg103_urls_without_passwords_are_fine() {
    check_clean(
        r#"
SQLALCHEMY_DATABASE_URI = "postgresql://app@db/app"
DATABASE_URL = "sqlite:///app.db"
REDIS_URL = "redis://localhost:6379/0"
TEMPLATE_URL = "postgresql://app:${DB_PASSWORD}@db/app"
LEGACY_URL = "postgresql://app:%(password)s@db/app"
url = f"postgresql://{user}:{password}@{host}/app"
"#,
    );
}

#[test]
fn fg103_fix_reads_database_url() {
    check_fixes(
        r#"app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://app:FAKEdbpw@db/app""#,
        &[
            ('A', "DATABASE_URL", r#""postgresql://app:FAKEdbpw@db/app""#),
            ('B', "DATABASE_URL", r#""postgresql://app:FAKEdbpw@db/app""#),
        ],
    );
    check_fixes(
        r#"CELERY_BROKER_URL = "amqp://guest:FAKEpw@rabbit//""#,
        &[
            (
                'A',
                "CELERY_BROKER_URL",
                r#""amqp://guest:FAKEpw@rabbit//""#,
            ),
            (
                'B',
                "CELERY_BROKER_URL",
                r#""amqp://guest:FAKEpw@rabbit//""#,
            ),
        ],
    );
}

#[test]
fn fg103_unbound_urls_get_no_fix() {
    check_fixes(
        r#"engine = create_engine("mysql+pymysql://app:FAKEpw@db/app")"#,
        &[],
    );
}

#[test]
fn fg103_hardcoded_password_in_an_f_string_url() {
    let finding = only(r#"url = f"postgresql://app:FAKEdbpw@{host}/app""#);
    assert_eq!(finding.code.as_str(), "FG103");
    assert!(
        finding.fixes.is_empty(),
        "an f-string keeps its interpolations"
    );
}

// ---------------------------------------------------------------- FG104

#[test]
fn fg104_environment_fallbacks() {
    check(
        r#"
SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
API_KEY = os.getenv("API_KEY", "FAKE-fallback-key")
TOKEN = environ.get("TOKEN", default="FAKEtoken")
PASSWORD = getenv("DB_PASSWORD", "FAKEdbpw")
app.secret_key = os.environ.get("FLASK_SECRET") or "FAKE-or-fallback"
key = app.config.get("SECRET_KEY", "FAKE-config-fallback")
"#,
        &[
            ("FG104", r#""dev""#),
            ("FG104", r#""FAKE-fallback-key""#),
            ("FG104", r#""FAKEtoken""#),
            ("FG104", r#""FAKEdbpw""#),
            ("FG104", r#""FAKE-or-fallback""#),
            ("FG104", r#""FAKE-config-fallback""#),
        ],
    );
}

#[test]
fn fg104_fallback_bound_to_a_secret_name() {
    check(
        r#"
SECRET_KEY = os.environ.get("FLASK_SESSION", "FAKE-session-fallback")
app.config.update(API_TOKEN=os.getenv("UPSTREAM", "FAKEupstream"))
PORT = os.environ.get("PORT", "5000")
"#,
        &[
            ("FG104", r#""FAKE-session-fallback""#),
            ("FG104", r#""FAKEupstream""#),
        ],
    );
}

#[test]
fn fg104_is_the_only_finding_for_a_fallback() {
    let finding = only(r#"SECRET_KEY = os.environ.get("SECRET_KEY", "dev")"#);
    assert_eq!(finding.code.as_str(), "FG104");
}

#[test]
fn fg104_non_secret_names_and_empty_fallbacks_are_fine() {
    check_clean(
        r#"
PORT = os.environ.get("PORT", "5000")
LOG_LEVEL = os.getenv("LOG_LEVEL", "INFO")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
API_KEY = os.environ.get("API_KEY")
TOKEN = os.environ.get("TOKEN", None)
"#,
    );
}

#[test]
fn fg104_fixes_drop_the_fallback_then_validate() {
    let call = r#"os.environ.get("SECRET_KEY", "dev")"#;
    check_fixes(
        &format!("SECRET_KEY = {call}"),
        &[('C', "SECRET_KEY", call), ('B', "SECRET_KEY", call)],
    );
    let either = r#"os.environ.get("FLASK_SECRET") or "FAKE-or-fallback""#;
    check_fixes(
        &format!("app.secret_key = {either}"),
        &[('C', "FLASK_SECRET", either), ('B', "FLASK_SECRET", either)],
    );
}

#[test]
fn fg104_config_lookups_get_no_environment_fix() {
    check_fixes(
        r#"key = app.config.get("SECRET_KEY", "FAKE-config-fallback")"#,
        &[],
    );
}

#[test]
fn fg102_and_fg103_win_over_fg104() {
    check(
        r#"
KEY = os.environ.get("STRIPE_SECRET_KEY", "sk_live_FAKE0000example0000")
URL = os.environ.get("DATABASE_URL", "postgresql://app:FAKEdbpw@db/app")
"#,
        &[
            ("FG102", r#""sk_live_FAKE0000example0000""#),
            ("FG103", r#""postgresql://app:FAKEdbpw@db/app""#),
        ],
    );
}

// ---------------------------------------------------------------- fixes for FG101

#[test]
fn fg101_fix_variables_follow_the_target() {
    let cases = [
        (r#"app.config["SECRET_KEY"] = "FAKEsecret""#, "SECRET_KEY"),
        (r#"SECRET_KEY = "FAKEsecret""#, "SECRET_KEY"),
        (r#"stripe.api_key = "FAKEsecret""#, "STRIPE_API_KEY"),
        (r#"app.secret_key = "FAKEsecret""#, "SECRET_KEY"),
        (r#"client = OpenAI(api_key="FAKEsecret")"#, "OPENAI_API_KEY"),
        (
            r#"config.update(MAIL_PASSWORD="FAKEsecret")"#,
            "MAIL_PASSWORD",
        ),
        (r#"DB = {"password": "FAKEsecret"}"#, "PASSWORD"),
        (r#"apiKey = "FAKEsecret""#, "API_KEY"),
    ];
    for (source, var) in cases {
        check_fixes(
            source,
            &[('A', var, r#""FAKEsecret""#), ('B', var, r#""FAKEsecret""#)],
        );
    }
}

#[test]
fn fg101_assigning_os_environ_gets_no_fix() {
    check_fixes(r#"os.environ["API_KEY"] = "FAKEsecret""#, &[]);
}

// ---------------------------------------------------------------- context

#[test]
fn test_files_are_lowered() {
    for path in [
        "tests/test_app.py",
        "test_views.py",
        "conftest.py",
        "app_test.py",
    ] {
        let found = findings_at(path, r#"SECRET_KEY = "FAKEsecret""#);
        assert_eq!(found.len(), 1, "{path}");
        assert_eq!(found[0].lowering, Some(Lowering::TestFile), "{path}");
        assert!(!found[0].auto_fixable(), "{path}");
    }
}

#[test]
fn development_classes_and_debug_blocks_are_lowered() {
    let source = r#"
class DevelopmentConfig(Config):
    SECRET_KEY = "dev"

class ProductionConfig(Config):
    SECRET_KEY = "FAKE-prod-secret"

if app.debug:
    app.config["API_KEY"] = "FAKEdebugkey"
"#;
    let found = findings_at("config.py", source);
    let lowerings: Vec<(&str, Option<Lowering>)> = found
        .iter()
        .map(|f| (&source[f.range.clone()], f.lowering.clone()))
        .collect();
    assert_eq!(
        lowerings,
        [
            (
                r#""dev""#,
                Some(Lowering::DevClass("DevelopmentConfig".to_string()))
            ),
            (r#""FAKE-prod-secret""#, None),
            (
                r#""FAKEdebugkey""#,
                Some(Lowering::DebugBlock("app.debug".to_string()))
            ),
        ]
    );
}

// ---------------------------------------------------------------- robustness

#[test]
fn one_literal_never_yields_two_findings() {
    let source = r#"
API_TOKEN = "ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234"
SQLALCHEMY_DATABASE_URI = "postgresql://app:FAKEdbpw@db/app"
SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
PASSWORD = "FAKEpw"
"#;
    let found = findings_at("app.py", source);
    let mut ranges: Vec<_> = found.iter().map(|f| f.range.clone()).collect();
    ranges.dedup();
    assert_eq!(ranges.len(), found.len());
    assert_eq!(
        found.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(),
        ["FG102", "FG103", "FG104", "FG101"]
    );
}

#[test]
fn broken_and_odd_input_does_not_panic() {
    let long_chain = format!("TOKEN = {}\n", vec!["\"ab\""; 2000].join(" + "));
    let deep = format!("PASSWORD = {}\"x\"{}\n", "(".repeat(500), ")".repeat(500));
    for source in [
        "SECRET_KEY = \"unterminated",
        "password = = \"FAKEpw\"",
        "def f(password=\"FAKEpw\"",
        "SECRET_KEY = \"ключ-FAKE-секрет-🔑\"",
        "x = f\"{\"",
        "# ghp_",
        long_chain.as_str(),
        deep.as_str(),
        "",
    ] {
        let _ = seen(source);
    }
    check(
        "SECRET_KEY = \"ключ-FAKE-секрет-🔑\"",
        &[("FG101", "\"ключ-FAKE-секрет-🔑\"")],
    );
}

// ---------------------------------------------------------------- end to end

/// Applies every safe preferred fix to `before` (as `app.py`) and compares.
fn check_fixed(before: &str, after: &str) {
    use flaskguard::analysis::AnalysisOptions;
    use flaskguard::fixes::fix_source;
    let outcome = fix_source(
        before,
        Some(std::path::Path::new("app.py")),
        &AnalysisOptions::default(),
    );
    assert_eq!(outcome.text, after, "\n--- before ---\n{before}");
}

#[test]
fn test_files_report_information() {
    let found = seen_at_path("tests/test_login.py", r#"PASSWORD = "FAKEtestpw""#);
    assert_eq!(found, [("FG101".to_string(), Severity::Information)]);
}

#[test]
fn development_context_lowers_one_level_and_says_why() {
    let source = r#"
class DevelopmentConfig:
    SECRET_KEY = "dev"
"#;
    let found = seen(source);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(
        found[0].message.contains("DevelopmentConfig"),
        "{}",
        found[0].message
    );
    let test_key = seen(r#"stripe.api_key = "sk_test_FAKE0000example0000""#);
    assert_eq!(test_key[0].severity, Severity::Warning);
}

#[test]
fn fixing_moves_secrets_to_the_environment() {
    check_fixed(
        r#"from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "FAKE-flask-session-key-0000"
"#,
        r#"from flask import Flask
import os

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
"#,
    );
}

#[test]
fn fixing_drops_fallbacks() {
    check_fixed(
        r#"import os

SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
"#,
        r#"import os

SECRET_KEY = os.environ["SECRET_KEY"]
"#,
    );
}

#[test]
fn fixing_leaves_defaults_comparisons_and_dev_classes_alone() {
    let source = r#"def connect(password="FAKEdbpw"):
    return password == "FAKEadminpw"


class DevConfig:
    SECRET_KEY = "dev"
"#;
    check_fixed(source, source);
}

fn seen_at_path(path: &str, source: &str) -> Vec<(String, Severity)> {
    common::seen_at(path, source)
        .into_iter()
        .map(|s| (s.code, s.severity))
        .collect()
}

// ---------------------------------------------------------------- fixtures

/// Every `tests/fixtures/FG10x/*.py` file reports exactly the lines marked
/// `# expect: FG10x`, with that code, and nothing else.
#[test]
fn fixtures_match_their_expect_markers() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut checked = 0;
    for code in ["FG101", "FG102", "FG103", "FG104"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(code))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "py"))
            .collect();
        paths.sort();
        for path in paths {
            let source = std::fs::read_to_string(&path).unwrap();
            let expected: Vec<(usize, String)> = source
                .lines()
                .enumerate()
                .filter_map(|(i, line)| {
                    let marker = line.split("# expect: ").nth(1)?;
                    Some((i + 1, marker.trim().to_string()))
                })
                .collect();
            let name = path.file_name().unwrap().to_str().unwrap();
            let got: Vec<(usize, String)> = findings_at(name, &source)
                .iter()
                .filter(|f| f.code.as_str().starts_with("FG10"))
                .map(|f| {
                    let line = source[..f.range.start].matches('\n').count() + 1;
                    (line, f.code.to_string())
                })
                .collect();
            assert_eq!(got, expected, "{}", path.display());
            checked += 1;
        }
    }
    assert_eq!(checked, 8, "a positive and a negative fixture per rule");
}

// ---------------------------------------------------------------- properties

mod properties {
    use super::findings_at;
    use proptest::prelude::*;

    /// Pieces of Python (and of broken Python) that exercise the secret rules.
    const PIECES: &[&str] = &[
        "SECRET_KEY",
        "password",
        "app.config[\"API_KEY\"]",
        "stripe.api_key",
        " = ",
        "\"",
        "'",
        "f\"",
        "b'",
        "\"\"\"",
        "{",
        "}",
        "(",
        ")",
        ", ",
        "+",
        " ",
        "\n",
        "\r\n",
        "    ",
        "# ",
        "==",
        ":",
        "\\",
        "def f(token=",
        "class DevConfig:",
        "if app.debug:",
        "os.environ.get(\"SECRET_KEY\", ",
        "os.getenv(",
        "OpenAI(api_key=",
        "{\"password\": ",
        "ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234",
        "postgresql://app:FAKEpw@db/app",
        "FAKE-long-secret-value-0000",
        "ghp_",
        "FAKEfakeFAKEfakeFAKEfakeFAKEfake1234",
        "ключ",
        "🔑",
        "\t",
        "or",
        "${X}",
    ];

    /// Whole lines that do produce findings, to mix with the noise.
    const LINES: &[&str] = &[
        "SECRET_KEY = \"FAKE-long-secret-value-0000\"\n",
        "TOKEN = \"ghp_\" \"FAKEfakeFAKEfakeFAKEfakeFAKEfake1234\"\n",
        "DB = \"postgresql://app:FAKEpw@db/app\"\n",
        "KEY = os.environ.get(\"SECRET_KEY\", \"FAKE-long-secret-value-0000\")\n",
        "# ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234\n",
        "def f(password=\"FAKE-long-secret-value-0000\"):\n    return password == \"FAKEpw\"\n",
    ];

    /// Secrets the pieces contain: no message may show one whole.
    const SECRETS: &[&str] = &[
        "FAKEfakeFAKEfakeFAKEfakeFAKEfake1234",
        "FAKEpw",
        "FAKE-long-secret-value-0000",
    ];

    fn noise() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..30)
            .prop_map(|pieces| pieces.concat())
    }

    fn source() -> impl Strategy<Value = String> {
        prop_oneof![
            noise(),
            (noise(), proptest::sample::select(LINES), noise())
                .prop_map(|(before, line, after)| format!("{before}{line}{after}")),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Any input: no panic, ranges on character boundaries inside the text, one
        /// finding per literal, and no message showing a secret whole.
        #[test]
        fn findings_are_well_formed(source in source()) {
            let found = findings_at("app.py", &source);
            let mut ranges = Vec::new();
            for finding in &found {
                let range = finding.range.clone();
                prop_assert!(range.start <= range.end && range.end <= source.len());
                prop_assert!(source.is_char_boundary(range.start) && source.is_char_boundary(range.end));
                for secret in SECRETS {
                    prop_assert!(!finding.message.contains(secret), "{}", finding.message);
                }
                if finding.code.as_str().starts_with("FG10") {
                    prop_assert!(!ranges.contains(&range), "two findings for one literal: {found:?}");
                    ranges.push(range);
                }
            }
        }
    }
}

#[test]
fn a_literal_branch_of_a_conditional_is_bound_to_the_target() {
    check(
        r#"
import os
app.config["SECRET_KEY"] = "dev" if app.config["DEBUG"] else os.environ["SECRET_KEY"]
"#,
        &[("FG101", "\"dev\"")],
    );
    check_clean(
        r#"
MODE = "debug" if DEBUG else "production"
TOKEN_TYPE = "bearer" if jwt else "basic"
"#,
    );
}

#[test]
fn a_conditional_around_an_environment_lookup_is_a_fallback() {
    check(
        r#"
import os
PUSHER_SECRET = os.getenv("PUSHER_SECRET") if os.getenv("PUSHER_SECRET") else "FAKE-pusher-secret-0000"
"#,
        &[("FG104", "\"FAKE-pusher-secret-0000\"")],
    );
}
