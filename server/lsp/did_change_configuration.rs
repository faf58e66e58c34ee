//! `workspace/didChangeConfiguration`: take `settings.flaskguard`, or ask for section
//! `flaskguard` with `workspace/configuration` when the notification carries none,
//! then re-check open documents.

use serde_json::Value;
use tower_lsp_server::ls_types::{ConfigurationItem, DidChangeConfigurationParams};

use super::log::without_source_excerpt;
use super::server::State;

pub async fn did_change_configuration(state: &State, params: DidChangeConfigurationParams) {
    let settings = match params.settings.get("flaskguard") {
        Some(value) if !value.is_null() => Some(value.clone()),
        _ => None,
    };
    let settings = match settings {
        Some(settings) => settings,
        None => match pull_settings(state).await {
            Some(settings) => settings,
            None => return,
        },
    };
    match state.workspace.set_editor_settings(&settings) {
        Ok(()) => state.recheck_all(),
        Err(error) => state.log.error(format!(
            "ignoring invalid settings.flaskguard, the previous settings stay in force: {}",
            without_source_excerpt(&error)
        )),
    }
}

/// Asks the client for section `flaskguard`, when it supports `workspace/configuration`.
async fn pull_settings(state: &State) -> Option<Value> {
    if !state.support().configuration {
        return None;
    }
    let item = ConfigurationItem {
        scope_uri: None,
        section: Some("flaskguard".to_string()),
    };
    match state.client.configuration(vec![item]).await {
        // A client without flaskguard settings answers null: keep the current ones
        // (they may come from initializationOptions).
        Ok(mut values) if !values.is_empty() && !values[0].is_null() => Some(values.swap_remove(0)),
        Ok(_) => None,
        Err(error) => {
            state
                .log
                .warn(format!("workspace/configuration failed: {error}"));
            None
        }
    }
}
