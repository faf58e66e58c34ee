//! FG402 secret-logged: which log calls leak a secret, and which only mention one.

mod common;

use common::seen_at;
use flaskguard::finding::Severity;

use Severity::{Information, Warning};

/// Asserts the text of every FG402 finding in `source` (as `app.py`), all warnings.
fn check(source: &str, expected: &[&str]) {
    let found: Vec<(String, Severity)> = seen_at("app.py", source)
        .into_iter()
        .filter(|s| s.code == "FG402")
        .map(|s| (s.text, s.severity))
        .collect();
    let expected: Vec<(String, Severity)> =
        expected.iter().map(|t| (t.to_string(), Warning)).collect();
    assert_eq!(found, expected, "FG402 findings in:\n{source}");
}

#[test]
fn secret_variables_passed_to_loggers() {
    check(
        r#"
import logging
logger = logging.getLogger(__name__)

def connect(api_key, password):
    logger.info("connecting with key %s", api_key)
    logging.debug(password)
    app.logger.warning("token: %s", auth_token)
    current_app.logger.error("secret=%s", client_secret)
"#,
        &["api_key", "password", "auth_token", "client_secret"],
    );
}

#[test]
fn strings_built_from_a_secret() {
    check(
        r#"
def show(api_key, db_password, token):
    print(f"Using API key {api_key}")
    log.info("password: " + db_password)
    logger.info("token %s" % token)
    logger.info("token {}".format(token))
    logger.debug(f"{api_key=}")
"#,
        &["api_key", "db_password", "token", "token", "api_key"],
    );
}

#[test]
fn configured_secrets_and_environment_values() {
    check(
        r#"
import os

print(app.config["SECRET_KEY"])
logger.info("key: %s", os.environ["API_KEY"])
logger.info("key: %s", os.getenv("STRIPE_SECRET_KEY"))
logger.info("key: %s", current_app.config.get("JWT_SECRET"))
logger.info(f"secret {settings.SECRET_KEY}")
"#,
        &[
            r#"app.config["SECRET_KEY"]"#,
            r#"os.environ["API_KEY"]"#,
            r#"os.getenv("STRIPE_SECRET_KEY")"#,
            r#"current_app.config.get("JWT_SECRET")"#,
            "settings.SECRET_KEY",
        ],
    );
}

#[test]
fn whole_configuration_and_environment() {
    check(
        r#"
import os

print(os.environ)
app.logger.debug("config: %s", app.config)
logger.info(dict(os.environ))
logger.info(f"settings: {current_app.config}")
logger.debug(str(app.config.items()))
"#,
        &[
            "os.environ",
            "app.config",
            "os.environ",
            "current_app.config",
            "app.config",
        ],
    );
}

#[test]
fn tests_of_a_secret_are_fine() {
    check(
        r#"
logger.info("API key set: %s", bool(api_key))
logger.info("API key missing: %s", api_key is None)
logger.info("key length %d", len(api_key))
logger.info("key %s...", api_key[:4])
logger.info("key ...%s", api_key[-4:])
logger.info("key %s...", api_key[:8])
logger.info("key %s", mask(api_key))
print("token configured" if token else "token missing")
logger.info("Invalid password for user %s", username)
logger.warning("token expired")
logger.info("config key %s", app.config["DEBUG"])
logger.info("cache key %s", cache_key)
logger.info("%s", os.environ.get("HOME"))
logger.info("tokens left %d", tokens)
"#,
        &[],
    );
}

#[test]
fn provider_keys_are_secret_but_storage_keys_are_not() {
    check(
        r#"
logger.info("stripe key %s", stripe_key)
logger.info("maps key %s", settings.MAPS_KEY)
logger.info("uploaded %s", s3_key)
logger.info("stored under %s", object_key)
logger.info("cache miss for %s", cache_key)
logger.info("key %s", key)
"#,
        &["stripe_key", "settings.MAPS_KEY"],
    );
}

#[test]
fn form_field_values_and_pprint() {
    check(
        r#"
from pprint import pprint

def login(form):
    current_app.logger.debug("login %s / %s", form.username.data, form.password.data)
    pprint(dict(os.environ))
    pprint.pprint(app.config)
"#,
        &["form.password.data", "os.environ", "app.config"],
    );
}

#[test]
fn long_slices_still_leak() {
    check(
        r#"
logger.info("key %s", api_key[4:])
logger.info("key %s", api_key[:12])
"#,
        &["api_key", "api_key"],
    );
}

#[test]
fn non_logging_calls_are_fine() {
    check(
        r#"
stripe.api_key = api_key
requests.post(url, headers={"Authorization": token})
result.info(password)
math.log(secret_number)
catalog.error(password)
"#,
        &[],
    );
}

#[test]
fn dict_with_secret_key_is_logged() {
    check(
        r#"
logger.info("login %s", {"user": username, "password": pw})
"#,
        &["pw"],
    );
}

#[test]
fn logged_secret_in_test_file_is_information() {
    let found: Vec<(String, Severity)> = seen_at("tests/test_auth.py", "print(password)\n")
        .into_iter()
        .filter(|s| s.code == "FG402")
        .map(|s| (s.text, s.severity))
        .collect();
    assert_eq!(found, vec![("password".to_string(), Information)]);
}
