//! `textDocument/didSave`: re-check the document.

use tower_lsp_server::ls_types::DidSaveTextDocumentParams;

use super::server::State;

pub fn did_save(state: &State, params: DidSaveTextDocumentParams) {
    let uri = params.text_document.uri;
    if let Some(mut entry) = state.store.get_mut(&uri) {
        // Publish again even when nothing changed: clients expect diagnostics after a save.
        entry.published = None;
    }
    state.publisher.check(uri);
}
