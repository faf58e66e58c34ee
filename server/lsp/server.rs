//! The server's state and the `LanguageServer` impl, whose methods delegate to one
//! module per handler.

use std::sync::{Arc, OnceLock};

use dashmap::DashMap;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::log::Log;
use super::publisher::{self, Publisher, guarded, guarded_async};
use super::transport::DirectOutput;
use super::workspace::Workspace;
use super::{
    code_action, did_change, did_change_configuration, did_change_watched_files, did_close,
    did_open, did_save, hover, initialize,
};
use crate::document::{DocumentStore, PositionEncoding, Stamp};

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
    /// Where the publisher queues its `publishDiagnostics` frames.
    pub output: DirectOutput,
    /// Documents whose analysis panicked, with the text and configuration it panicked
    /// on and the (redacted) message: their diagnostics say so until they change.
    pub analysis_failures: DashMap<Uri, (Stamp, String)>,
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
        Backend::with_output(client, DirectOutput::default())
    }

    /// A backend that writes its diagnostics straight to `output` (the transport's
    /// queue) instead of through `client`.
    pub fn with_output(client: Client, output: DirectOutput) -> Backend {
        let (publisher, jobs) = Publisher::channel();
        let state = Arc::new(State {
            log: Log::new(client.clone()),
            client,
            store: DocumentStore::new(),
            workspace: Workspace::new(),
            publisher,
            output,
            analysis_failures: DashMap::new(),
            encoding: OnceLock::new(),
            support: OnceLock::new(),
        });
        tokio::spawn(publisher::run(state.clone(), jobs));
        Backend { state }
    }
}

impl Backend {
    /// The answer to a request whose handler panicked: logged (redacted), answered
    /// with an internal error; the server keeps serving.
    fn request_panicked<T>(&self, method: &str, panic: String) -> Result<T> {
        self.state
            .log
            .error(format!("internal error in {method}: {panic}"));
        Err(Error::internal_error())
    }

    /// Logs a notification handler's panic (redacted); the server keeps serving.
    fn notification_panicked(&self, method: &str, outcome: std::result::Result<(), String>) {
        if let Err(panic) = outcome {
            self.state
                .log
                .error(format!("internal error in {method}: {panic}"));
        }
    }
}

// Every handler runs under `catch_unwind` ([`guarded`], [`guarded_async`]): tower-lsp
// would otherwise take the whole server down with a handler that panics. Synchronous
// handlers stay synchronous, so edits are still applied in arrival order.
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        match guarded(|| initialize::initialize(&self.state, params)) {
            Ok(result) => Ok(result),
            Err(panic) => self.request_panicked("initialize", panic),
        }
    }

    async fn initialized(&self, _: InitializedParams) {
        let outcome = guarded_async(initialize::initialized(&self.state)).await;
        self.notification_panicked("initialized", outcome);
    }

    /// Answers once every edit received before it has been analysed and published, so
    /// an editor that shuts the server down right after typing gets the last version.
    async fn shutdown(&self) -> Result<()> {
        // The publisher queues its frames on the transport's output directly, so they
        // go out before this answer, which tower-lsp-server writes after it returns.
        self.state.publisher.flush().await;
        if self.state.output.is_direct() {
            return Ok(());
        }
        // Without a direct output the publishes are queued on tower-lsp's client
        // channel, which its output interleaves with responses: yielding lets the
        // server's output loop (polled with this handler) write what is queued first.
        for _ in 0..4 {
            tokio::task::yield_now().await;
        }
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let outcome = guarded(|| did_open::did_open(&self.state, params));
        self.notification_panicked("textDocument/didOpen", outcome);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let outcome = guarded(|| did_change::did_change(&self.state, params));
        self.notification_panicked("textDocument/didChange", outcome);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let outcome = guarded(|| did_save::did_save(&self.state, params));
        self.notification_panicked("textDocument/didSave", outcome);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let outcome = guarded(|| did_close::did_close(&self.state, params));
        self.notification_panicked("textDocument/didClose", outcome);
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        match guarded_async(code_action::code_action(&self.state, params)).await {
            Ok(actions) => Ok(actions),
            Err(panic) => self.request_panicked("textDocument/codeAction", panic),
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        match guarded_async(hover::hover(&self.state, params)).await {
            Ok(hover) => Ok(hover),
            Err(panic) => self.request_panicked("textDocument/hover", panic),
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let outcome = guarded_async(did_change_configuration::did_change_configuration(
            &self.state,
            params,
        ))
        .await;
        self.notification_panicked("workspace/didChangeConfiguration", outcome);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let outcome =
            guarded(|| did_change_watched_files::did_change_watched_files(&self.state, params));
        self.notification_panicked("workspace/didChangeWatchedFiles", outcome);
    }
}
