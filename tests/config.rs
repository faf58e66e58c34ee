//! Config discovery, parsing and compiling, as the checker and the language server use them.

use std::path::{Path, PathBuf};

use flaskguard::config::{self, CompiledConfig, Settings};
use flaskguard::finding::Severity;
use flaskguard::rules::RuleCode;
use serde_json::json;
use tempfile::TempDir;

/// A temporary project: `files` are `(relative path, contents)`.
fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

/// The file of the config discovered from `start` (relative to the project).
fn discovered(dir: &TempDir, start: &str) -> Option<PathBuf> {
    config::discover(&dir.path().join(start))
        .expect("valid config")
        .map(|loaded| {
            loaded
                .file
                .strip_prefix(dir.path())
                .expect("inside the project")
                .to_path_buf()
        })
}

/// The error `discover` reports, with the temp folder removed from the path.
fn discover_error(files: &[(&str, &str)]) -> String {
    let dir = project(files);
    let error = config::discover(&dir.path().join("app.py")).expect_err("invalid config");
    let text = error.to_string();
    text.replace(&format!("{}/", dir.path().display()), "")
}

fn compiled(toml: &str) -> CompiledConfig {
    let dir = project(&[("flaskguard.toml", toml)]);
    let loaded = config::discover(dir.path()).expect("valid").expect("found");
    loaded.settings.compile(dir.path()).expect("compiles")
}

#[test]
fn nearest_config_walking_up_applies() {
    let dir = project(&[
        ("pyproject.toml", "[tool.flaskguard]\nselect = [\"FG1\"]\n"),
        ("pkg/sub/flaskguard.toml", "select = [\"FG2\"]\n"),
        ("pkg/sub/app.py", ""),
        ("pkg/app.py", ""),
    ]);
    assert_eq!(
        discovered(&dir, "pkg/sub/app.py"),
        Some(PathBuf::from("pkg/sub/flaskguard.toml"))
    );
    assert_eq!(
        discovered(&dir, "pkg/app.py"),
        Some(PathBuf::from("pyproject.toml"))
    );
    assert_eq!(
        discovered(&dir, "pkg"),
        Some(PathBuf::from("pyproject.toml"))
    );
}

#[test]
fn flaskguard_toml_wins_over_pyproject_in_the_same_folder() {
    let dir = project(&[
        ("pyproject.toml", "[tool.flaskguard]\nselect = [\"FG1\"]\n"),
        ("flaskguard.toml", "select = [\"FG2\"]\n"),
    ]);
    let loaded = config::discover(&dir.path().join("app.py"))
        .expect("valid")
        .expect("found");
    assert_eq!(loaded.file.file_name().unwrap(), "flaskguard.toml");
    assert_eq!(loaded.settings.select, Some(vec!["FG2".to_string()]));
}

#[test]
fn pyproject_without_the_table_is_passed_over() {
    let dir = project(&[
        ("flaskguard.toml", "ignore = [\"FG201\"]\n"),
        (
            "svc/pyproject.toml",
            "[project]\nname = \"svc\"\n[tool.ruff]\nline-length = 100\n",
        ),
    ]);
    assert_eq!(
        discovered(&dir, "svc/app.py"),
        Some(PathBuf::from("flaskguard.toml"))
    );
}

#[test]
fn no_config_anywhere_is_none() {
    let dir = project(&[("app.py", "")]);
    // The temp folder's ancestors hold no config on a clean machine; skip the check if one does.
    let outside = config::discover(&dir.path().parent().unwrap().join("none.py"));
    if let Ok(None) = outside {
        assert_eq!(discovered(&dir, "app.py"), None);
    }
}

#[test]
fn every_key_is_read_from_pyproject() {
    let dir = project(&[(
        "pyproject.toml",
        r#"
[tool.flaskguard]
select = ["FG1", "FG201"]
ignore = ["FG104"]
severity = { FG201 = "error", FG101 = "hint" }
extra-secret-names = ["Pin_Code"]
allowed-values = ["dev-.*"]
exclude = ["migrations", "build/*.py"]
per-file-ignores = { "tests/**" = ["FG101"] }
max-file-size = "2 MB"
docs-url = "https://example.invalid/rules/"
baseline = "flaskguard-baseline.json"
"#,
    )]);
    let loaded = config::discover(dir.path()).expect("valid").expect("found");
    let compiled = loaded.settings.compile(dir.path()).expect("compiles");
    let options = compiled.options_for(None);
    assert_eq!(
        options.selection.select,
        Some(vec!["FG1".to_string(), "FG201".to_string()])
    );
    assert_eq!(options.selection.ignore, vec!["FG104".to_string()]);
    assert_eq!(
        options.selection.severity.get(&RuleCode::FG201),
        Some(&Severity::Error)
    );
    assert_eq!(
        options.selection.severity.get(&RuleCode::FG101),
        Some(&Severity::Hint)
    );
    assert_eq!(
        options.rules.extra_secret_names,
        vec!["pin_code".to_string()]
    );
    assert!(options.rules.is_allowed_value("dev-only"));
    assert!(!options.rules.is_allowed_value("prod-dev-only"));
    assert_eq!(compiled.max_file_size(), 2 * 1024 * 1024);
    assert_eq!(compiled.docs_url(), Some("https://example.invalid/rules"));
    assert_eq!(
        compiled.rule_url(RuleCode::FG101).as_deref(),
        Some("https://example.invalid/rules/FG101")
    );
    assert_eq!(
        compiled.baseline(),
        Some(dir.path().join("flaskguard-baseline.json").as_path())
    );
}

#[test]
fn defaults_select_everything_with_a_ten_megabyte_limit() {
    let compiled = Settings::default().compile(Path::new("/project")).unwrap();
    let options = compiled.options_for(Some(Path::new("/project/app.py")));
    assert!(RuleCode::all().all(|code| options.selection.is_enabled(code)));
    assert_eq!(compiled.max_file_size(), 10 * 1024 * 1024);
    assert_eq!(compiled.docs_url(), None);
}

#[test]
fn per_file_ignores_apply_relative_to_the_config_folder() {
    let compiled = compiled(
        r#"
[per-file-ignores]
"tests/**" = ["FG101"]
"__init__.py" = ["FG2"]
"#,
    );
    let base = compiled.base().to_path_buf();
    let ignored = |path: &str| {
        compiled
            .options_for(Some(&base.join(path)))
            .selection
            .ignore
    };
    assert_eq!(ignored("tests/unit/test_app.py"), vec!["FG101".to_string()]);
    assert_eq!(ignored("pkg/__init__.py"), vec!["FG2".to_string()]);
    assert_eq!(ignored("app.py"), Vec::<String>::new());
    assert_eq!(ignored("src/tests_helpers.py"), Vec::<String>::new());
    let options = compiled.options_for(Some(&base.join("tests/test_app.py")));
    assert!(!options.selection.is_enabled(RuleCode::FG101));
    assert!(options.selection.is_enabled(RuleCode::FG102));
}

#[test]
fn exclude_matches_names_anywhere_and_paths_from_the_config_folder() {
    let compiled = compiled(r#"exclude = ["migrations", "*_pb2.py", "app/generated/*.py"]"#);
    let base = compiled.base().to_path_buf();
    let excluded = |path: &str| compiled.is_excluded(&base.join(path));
    assert!(excluded("migrations"));
    assert!(excluded("pkg/migrations/0001_initial.py"));
    assert!(excluded("pkg/user_pb2.py"));
    assert!(excluded("app/generated/models.py"));
    assert!(!excluded("app/generated/deep/models.py"));
    assert!(!excluded("app/views.py"));
    // Built-in exclusions.
    assert!(excluded("venv/lib/site.py"));
    assert!(excluded("pkg/__pycache__/x.py"));
}

#[test]
fn only_folders_below_the_config_folder_can_exclude_a_file() {
    let compiled = compiled(r#"exclude = ["legacy"]"#);
    let base = compiled.base().to_path_buf();
    // The project itself may live under a folder named like an exclusion.
    let outside = Path::new("/srv/venv/legacy-free/app.py");
    assert!(!compiled.is_excluded(outside));
    assert!(compiled.is_excluded(&base.join("legacy/app.py")));
    assert!(compiled.is_excluded(Path::new("legacy/app.py")));
    // A walk asks about each entry alone, having pruned the folders above it.
    assert!(!compiled.is_entry_excluded(&base.join("legacy/app.py")));
    assert!(compiled.is_entry_excluded(&base.join("legacy")));
}

#[test]
fn severity_and_selection_accept_prefixes_and_all() {
    let compiled = compiled(
        r#"
select = ["all"]
severity = { FG2 = "hint", FG201 = "error" }
"#,
    );
    let options = compiled.options_for(None);
    assert!(options.selection.is_enabled(RuleCode::FG202));
    assert_eq!(
        options.selection.severity.get(&RuleCode::FG201),
        Some(&Severity::Error)
    );
    assert_eq!(
        options.selection.severity.get(&RuleCode::FG202),
        Some(&Severity::Hint)
    );
    assert_eq!(options.selection.severity.get(&RuleCode::FG101), None);
}

#[test]
fn bad_severity_names_the_file_the_key_and_the_choices() {
    assert_eq!(
        discover_error(&[(
            "pyproject.toml",
            "[tool.flaskguard]\nseverity = { FG201 = \"fatal\" }\n"
        )]),
        "pyproject.toml: [tool.flaskguard] severity.FG201: unknown severity \"fatal\" \
         (expected error, warning, information, hint)"
    );
}

#[test]
fn unknown_keys_are_errors_with_a_suggestion() {
    let error = discover_error(&[("flaskguard.toml", "max_file_size = 10\n")]);
    assert!(
        error.starts_with(
            "flaskguard.toml: unknown key \"max_file_size\"; did you mean \"max-file-size\"?"
        ),
        "{error}"
    );
}

#[test]
fn wrong_types_name_the_key_and_what_was_found() {
    assert_eq!(
        discover_error(&[("flaskguard.toml", "select = \"FG101\"\n")]),
        "flaskguard.toml: select: expected an array of strings, found a string"
    );
    assert_eq!(
        discover_error(&[("flaskguard.toml", "ignore = [\"FG101\", 7]\n")]),
        "flaskguard.toml: ignore[1]: expected a string, found an integer"
    );
    assert_eq!(
        discover_error(&[("flaskguard.toml", "max-file-size = -1\n")]),
        "flaskguard.toml: max-file-size: expected a positive number of bytes, found -1"
    );
    assert_eq!(
        discover_error(&[("flaskguard.toml", "docs-url = true\n")]),
        "flaskguard.toml: docs-url: expected a string, found a boolean"
    );
}

#[test]
fn unknown_rule_codes_are_errors() {
    let error = discover_error(&[("flaskguard.toml", "select = [\"FG101\", \"FG999\"]\n")]);
    assert!(
        error.starts_with("flaskguard.toml: select[1]: unknown rule code or prefix \"FG999\""),
        "{error}"
    );
    let error = discover_error(&[(
        "flaskguard.toml",
        "[per-file-ignores]\n\"tests/**\" = [\"E501\"]\n",
    )]);
    assert!(
        error.starts_with(
            "flaskguard.toml: per-file-ignores.\"tests/**\"[0]: unknown rule code or prefix \"E501\""
        ),
        "{error}"
    );
}

#[test]
fn invalid_regexes_and_globs_are_errors() {
    let error = discover_error(&[(
        "flaskguard.toml",
        "allowed-values = [\"ok\", \"(unclosed\"]\n",
    )]);
    assert!(
        error.starts_with("flaskguard.toml: allowed-values[1]: invalid regex \"(unclosed\": "),
        "{error}"
    );
    let error = discover_error(&[("flaskguard.toml", "exclude = [\"build/[a\"]\n")]);
    assert!(
        error.starts_with("flaskguard.toml: exclude[0]: invalid glob \"build/[a\": "),
        "{error}"
    );
    assert!(!error.contains('\n'), "{error}");
}

#[test]
fn invalid_toml_is_one_line_with_the_position() {
    let error = discover_error(&[("pyproject.toml", "[tool.flaskguard\nselect = []\n")]);
    assert!(
        error.starts_with("pyproject.toml: invalid TOML: "),
        "{error}"
    );
    assert!(error.contains("line 1"), "{error}");
    assert!(!error.contains('\n'), "{error}");
}

#[test]
fn editor_settings_use_the_same_keys_and_treat_null_as_unset() {
    let settings = Settings::from_json(&json!({
        "select": ["FG1"],
        "severity": { "FG101": "warning" },
        "max-file-size": 1024,
        "docs-url": null,
    }))
    .expect("valid");
    assert_eq!(settings.select, Some(vec!["FG1".to_string()]));
    assert_eq!(settings.max_file_size, Some(1024));
    assert_eq!(settings.docs_url, None);
    assert_eq!(Settings::from_json(&json!(null)), Ok(Settings::default()));
    assert_eq!(
        Settings::from_json(&json!({ "severity": { "FG101": "fatal" } })),
        Err("severity.FG101: unknown severity \"fatal\" (expected error, warning, information, hint)".to_string())
    );
    assert!(Settings::from_json(&json!(["FG101"])).is_err());
}

#[test]
fn editor_settings_pass_over_the_extensions_own_keys() {
    let settings = Settings::from_json(&json!({
        "path": "/opt/flaskguard/bin/flaskguard",
        "trace": { "server": "verbose" },
        "ignore": ["FG202"],
    }))
    .expect("valid");
    assert_eq!(settings.ignore, Some(vec!["FG202".to_string()]));
    let typo = Settings::from_json(&json!({ "ignroe": ["FG202"] })).unwrap_err();
    assert!(typo.starts_with("unknown key \"ignroe\""), "{typo}");
    // Config files do not get that leniency.
    let error = discover_error(&[("flaskguard.toml", "path = \"x\"\n")]);
    assert!(
        error.starts_with("flaskguard.toml: unknown key \"path\""),
        "{error}"
    );
}

#[test]
fn editor_settings_override_file_settings_key_by_key() {
    let file = Settings {
        select: Some(vec!["FG1".to_string()]),
        ignore: Some(vec!["FG104".to_string()]),
        docs_url: Some("https://file.invalid".to_string()),
        ..Settings::default()
    };
    let editor =
        Settings::from_json(&json!({ "select": ["FG2"], "docs-url": "https://editor.invalid" }))
            .unwrap();
    let merged = file.merged_with(&editor);
    assert_eq!(merged.select, Some(vec!["FG2".to_string()]));
    assert_eq!(merged.ignore, Some(vec!["FG104".to_string()]));
    assert_eq!(merged.docs_url.as_deref(), Some("https://editor.invalid"));
    assert_eq!(file.merged_with(&Settings::default()), file);
}

#[test]
fn from_toml_file_reads_either_kind_of_file() {
    let dir = project(&[
        ("pyproject.toml", "[tool.flaskguard]\nignore = [\"FG2\"]\n"),
        ("other/pyproject.toml", "[project]\nname = \"x\"\n"),
        ("custom.toml", "select = [\"FG101\"]\n"),
    ]);
    let pyproject = Settings::from_toml_file(&dir.path().join("pyproject.toml")).unwrap();
    assert_eq!(pyproject.ignore, Some(vec!["FG2".to_string()]));
    let plain = Settings::from_toml_file(&dir.path().join("other/pyproject.toml")).unwrap();
    assert_eq!(plain, Settings::default());
    let custom = Settings::from_toml_file(&dir.path().join("custom.toml")).unwrap();
    assert_eq!(custom.select, Some(vec!["FG101".to_string()]));
    let missing = Settings::from_toml_file(&dir.path().join("missing.toml")).unwrap_err();
    assert!(missing.message.starts_with("cannot read"), "{missing}");
}

#[test]
fn sizes_read_and_print_like_people_write_them() {
    assert_eq!(config::parse_file_size("10 MB"), Ok(10 << 20));
    assert_eq!(config::parse_file_size("512kb"), Ok(512 << 10));
    assert_eq!(config::parse_file_size("1000"), Ok(1000));
    assert!(config::parse_file_size("ten").is_err());
    assert!(config::parse_file_size("99999999999999 GB").is_err());
    assert_eq!(config::format_file_size(10 << 20), "10 MB");
    assert_eq!(config::format_file_size(1000), "1000 bytes");
}

#[test]
fn an_empty_list_from_a_lua_client_counts_as_no_editor_settings() {
    let settings = Settings::from_json(&serde_json::json!([])).expect("[] is accepted");
    assert_eq!(settings, Settings::default());
    let err = Settings::from_json(&serde_json::json!(["FG101"])).unwrap_err();
    assert!(err.contains("expected a table of settings"), "{err}");
}
