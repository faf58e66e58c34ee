//! `textDocument/codeAction`: one quick-fix per fix plan of each finding in the range
//! (the first preferred), "Suppress FGxxx on this line", and `source.fixAll.flaskguard`.

use std::collections::HashMap;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit,
    TextEdit as LspTextEdit, Uri, WorkspaceEdit,
};

use super::diagnostics::to_diagnostic;
use super::initialize::FIX_ALL_KIND;
use super::publisher::{analyse, resolve_and_report};
use super::server::State;
use crate::document::{Document, PositionEncoding};
use crate::finding::TextEdit;
use crate::fixes;

pub async fn code_action(state: &State, params: CodeActionParams) -> Option<CodeActionResponse> {
    let uri = params.text_document.uri;
    let path = state.store.path(&uri)?;
    let resolved = resolve_and_report(state, path.as_deref()).await;
    let encoding = state.encoding();
    let document_changes = state.support().document_changes;
    let only = params.context.only;
    let wants = |kind: &str| {
        only.as_ref().is_none_or(|only| {
            only.iter().any(|k| {
                let k = k.as_str();
                kind == k
                    || kind
                        .strip_prefix(k)
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        })
    };

    let mut entry = state.store.get_mut(&uri)?;
    let findings = analyse(state, &uri, &mut entry, &resolved);
    let document = &entry.document;
    let text = document.text();
    let index = document.line_index();
    #[cfg(feature = "fault-injection")]
    if text.contains(crate::rules::fault::ACTION_MARKER) {
        panic!("fault-injection code action crashed on purpose on `{text}`");
    }
    let requested_start = index.offset(text, params.range.start, encoding).offset;
    let requested_end = index.offset(text, params.range.end, encoding).offset;
    let (requested_start, requested_end) = (
        requested_start.min(requested_end),
        requested_start.max(requested_end),
    );
    let edit =
        |edits: Vec<TextEdit>| workspace_edit(&uri, document, &edits, encoding, document_changes);

    let mut actions = Vec::new();
    if wants(CodeActionKind::QUICKFIX.as_str()) {
        for finding in findings
            .iter()
            .filter(|f| f.range.start <= requested_end && requested_start <= f.range.end)
        {
            let diagnostic =
                to_diagnostic(finding, text, index, encoding, resolved.docs_url.as_deref());
            let mut preferred = true;
            for plan in &finding.fixes {
                let edits = fixes::edits_for(text, document.parsed(), plan);
                if edits.is_empty() {
                    continue;
                }
                actions.push(CodeAction {
                    title: fixes::fix_title(plan),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(edit(edits)),
                    is_preferred: Some(preferred),
                    ..CodeAction::default()
                });
                preferred = false;
            }
            if let Some(suppress) = fixes::suppress_edit(text, finding) {
                actions.push(CodeAction {
                    title: format!("Suppress {} on this line", finding.code),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic]),
                    edit: Some(edit(vec![suppress])),
                    ..CodeAction::default()
                });
            }
        }
    }
    if wants(FIX_ALL_KIND) {
        let edits = fixes::fix_all_edits(text, document.parsed(), &findings);
        if !edits.is_empty() {
            actions.push(CodeAction {
                title: "Fix all auto-fixable flaskguard problems".to_string(),
                kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
                edit: Some(edit(edits)),
                ..CodeAction::default()
            });
        }
    }
    Some(
        actions
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect(),
    )
}

/// A `WorkspaceEdit` of byte-range `edits` against the document's current version:
/// versioned `documentChanges` when the client supports them, else `changes`.
fn workspace_edit(
    uri: &Uri,
    document: &Document,
    edits: &[TextEdit],
    encoding: PositionEncoding,
    document_changes: bool,
) -> WorkspaceEdit {
    let text = document.text();
    let index = document.line_index();
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let lsp_edits: Vec<LspTextEdit> = sorted
        .into_iter()
        .map(|edit| LspTextEdit {
            range: index.range(text, edit.range.clone(), encoding),
            new_text: edit.new_text.clone(),
        })
        .collect();
    if document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(document.version()),
                },
                edits: lsp_edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), lsp_edits)])),
            ..WorkspaceEdit::default()
        }
    }
}
