//! `textDocument/didChange`: apply incremental edits in arrival order, synchronously
//! (no `.await` before the document is updated), then queue the analysis.

use tower_lsp_server::ls_types::DidChangeTextDocumentParams;

use super::server::State;
use crate::document::NestingWindow;

/// More changes than this in one notification are applied to the text alone, and the
/// result parsed once.
const MANY_CHANGES: usize = 16;

pub fn did_change(state: &State, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let version = params.text_document.version;
    let encoding = state.encoding();
    {
        let Some(mut entry) = state.store.get_mut(&uri) else {
            state.log.warn(format!(
                "ignoring a change to {} which is not open",
                uri.as_str()
            ));
            return;
        };
        let previous = entry.document.version();
        if version <= previous {
            state.log.warn(format!(
                "{}: version {version} does not increase on {previous}; applying the change in arrival order",
                uri.as_str()
            ));
        }
        // Many changes at once (a replace-all): reparsing after each would cost more
        // than one parse of the result, which the publisher does before analysing.
        if params.content_changes.len() > MANY_CHANGES {
            entry.document.defer_parsing();
        }
        for change in params.content_changes {
            let outcome = entry
                .document
                .apply_change(change.range, &change.text, encoding);
            let (start, old_end, new_len) = entry.document.last_edit();
            match change.range {
                Some(_) => entry.nesting.note_edit(start, old_end, new_len),
                None => entry.nesting = NestingWindow::Everything,
            }
            if outcome.clamped {
                state.log.warn(format!(
                    "{} v{version}: a change range was outside the document and was clamped",
                    uri.as_str()
                ));
            }
            if outcome.reversed {
                state.log.warn(format!(
                    "{} v{version}: a change range ended before its start and was reordered",
                    uri.as_str()
                ));
            }
        }
        entry.document.set_version(version);
        entry.revision += 1;
    }
    state.publisher.check(uri);
}
