//! `initialize` and `initialized`: negotiate the position encoding, read the workspace
//! root and the editor's settings, announce capabilities, and watch config files.

use std::path::PathBuf;

use tower_lsp_server::ls_types::*;

use super::log::without_source_excerpt;
use super::server::{ClientSupport, State};
use crate::document::PositionEncoding;

/// The code action kind of "fix everything flaskguard can fix safely".
pub const FIX_ALL_KIND: &str = "source.fixAll.flaskguard";

pub fn initialize(state: &State, params: InitializeParams) -> InitializeResult {
    let encoding = negotiate_encoding(&params.capabilities);
    state.set_encoding(encoding);
    let workspace = params.capabilities.workspace.as_ref();
    state.set_support(ClientSupport {
        document_changes: workspace
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes)
            .unwrap_or(false),
        configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
        watch_files: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false),
    });
    state.workspace.set_root(workspace_root(&params));
    if let Some(options) = &params.initialization_options
        && let Err(error) = state.workspace.set_editor_settings(options)
    {
        state.log.error(format!(
            "ignoring invalid initializationOptions: {}",
            without_source_excerpt(&error)
        ));
    }
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(PositionEncodingKind::from(encoding.as_str())),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::new(FIX_ALL_KIND),
                ]),
                ..CodeActionOptions::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "flaskguard".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
        offset_encoding: None,
    }
}

/// Registers a watcher for config files when the client allows dynamic registration.
pub async fn initialized(state: &State) {
    if !state.support().watch_files {
        return;
    }
    let watchers = ["**/pyproject.toml", "**/flaskguard.toml"]
        .into_iter()
        .map(|glob| FileSystemWatcher {
            glob_pattern: GlobPattern::String(glob.to_string()),
            kind: None,
        })
        .collect();
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    let registration = Registration {
        id: "flaskguard-config-files".to_string(),
        method: "workspace/didChangeWatchedFiles".to_string(),
        register_options: serde_json::to_value(options).ok(),
    };
    if let Err(error) = state.client.register_capability(vec![registration]).await {
        state
            .log
            .warn(format!("could not watch config files: {error}"));
    }
}

/// utf-8 when the client offers it, else the LSP default utf-16.
fn negotiate_encoding(capabilities: &ClientCapabilities) -> PositionEncoding {
    let offered = capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_ref());
    if offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8)) {
        PositionEncoding::Utf8
    } else {
        PositionEncoding::Utf16
    }
}

/// The first workspace folder, else the deprecated `rootUri`.
fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    let folder = params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .map(|folder| &folder.uri);
    #[allow(deprecated)]
    let uri = folder.or(params.root_uri.as_ref())?;
    uri.to_file_path().map(|path| path.into_owned())
}
