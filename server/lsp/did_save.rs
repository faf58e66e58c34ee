//! `textDocument/didSave`: re-check the document.

use tower_lsp_server::ls_types::DidSaveTextDocumentParams;

use super::server::State;

pub fn did_save(state: &State, params: DidSaveTextDocumentParams) {
    let uri = params.text_document.uri;
    if let Some(mut entry) = state.store.get_mut(&uri) {
        // The path context or a config file beside it may have changed with the save.
        entry.findings = None;
        entry.published = None;
    }
    state.publisher.check(uri);
}
