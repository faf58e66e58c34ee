//! `textDocument/didClose`: forget the document and clear its diagnostics.

use tower_lsp_server::ls_types::DidCloseTextDocumentParams;

use super::server::State;

pub fn did_close(state: &State, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    state.store.close(&uri);
    state.analysis_failures.remove(&uri);
    state.publisher.clear(uri);
}
