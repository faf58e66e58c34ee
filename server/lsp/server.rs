//! The server's state and the `LanguageServer` impl, whose methods delegate to one
//! module per handler.

use std::sync::{Arc, OnceLock};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::log::Log;
use super::publisher::{self, Publisher};
use super::workspace::Workspace;
use super::{
    code_action, did_change, did_change_configuration, did_change_watched_files, did_close,
    did_open, did_save, hover, initialize,
};
use crate::document::{DocumentStore, PositionEncoding};

/// What the client said it supports, as far as the server cares.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientSupport {
    /// `workspace.workspaceEdit.documentChanges`: versioned edits.
    pub document_changes: bool,
    /// `workspace.configuration`: the server may ask for settings.
    pub configuration: bool,
    /// `workspace.didChangeWatchedFiles.dynamicRegistration`.
    pub watch_files: bool,
}

/// Everything the handlers share.
pub struct State {
    pub client: Client,
    pub log: Log,
    pub store: DocumentStore,
    pub workspace: Workspace,
    pub publisher: Publisher,
    encoding: OnceLock<PositionEncoding>,
    support: OnceLock<ClientSupport>,
}

impl State {
    /// The negotiated position encoding (UTF-16 until `initialize` has run).
    pub fn encoding(&self) -> PositionEncoding {
        self.encoding.get().copied().unwrap_or_default()
    }

    pub fn set_encoding(&self, encoding: PositionEncoding) {
        let _ = self.encoding.set(encoding);
    }

    pub fn support(&self) -> ClientSupport {
        self.support.get().copied().unwrap_or_default()
    }

    pub fn set_support(&self, support: ClientSupport) {
        let _ = self.support.set(support);
    }

    /// Re-checks every open document (the configuration changed; results computed
    /// under the previous configuration generation are stale).
    pub fn recheck_all(&self) {
        for uri in self.store.uris() {
            self.publisher.check(uri);
        }
    }
}

/// The tower-lsp-server backend.
pub struct Backend {
    state: Arc<State>,
}

impl Backend {
    /// A backend talking to `client`; starts the publisher task on the current runtime.
    pub fn new(client: Client) -> Backend {
        let (publisher, jobs) = Publisher::channel();
        let state = Arc::new(State {
            log: Log::new(client.clone()),
            client,
            store: DocumentStore::new(),
            workspace: Workspace::new(),
            publisher,
            encoding: OnceLock::new(),
            support: OnceLock::new(),
        });
        tokio::spawn(publisher::run(state.clone(), jobs));
        Backend { state }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        Ok(initialize::initialize(&self.state, params))
    }

    async fn initialized(&self, _: InitializedParams) {
        initialize::initialized(&self.state).await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        did_open::did_open(&self.state, params);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        did_change::did_change(&self.state, params);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        did_save::did_save(&self.state, params);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        did_close::did_close(&self.state, params);
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        Ok(code_action::code_action(&self.state, params).await)
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        Ok(hover::hover(&self.state, params).await)
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        did_change_configuration::did_change_configuration(&self.state, params).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        did_change_watched_files::did_change_watched_files(&self.state, params);
    }
}
