//! `textDocument/didOpen`: store the document and queue its analysis.

use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

use super::server::State;

pub fn did_open(state: &State, params: DidOpenTextDocumentParams) {
    let document = params.text_document;
    state
        .store
        .open(document.uri.clone(), document.text, document.version);
    state.publisher.check(document.uri);
}
