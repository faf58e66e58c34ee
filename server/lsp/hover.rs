//! `textDocument/hover`: over a finding, its rule's documentation page.

use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::publisher::{analyse, resolve_and_report};
use super::server::State;

pub async fn hover(state: &State, params: HoverParams) -> Option<Hover> {
    let position = params.text_document_position_params;
    let uri = position.text_document.uri;
    let path = state.store.path(&uri)?;
    let resolved = resolve_and_report(state, path.as_deref()).await;
    let encoding = state.encoding();
    let mut entry = state.store.get_mut(&uri)?;
    let findings = analyse(state, &uri, &mut entry, &resolved);
    let document = &entry.document;
    let offset = document
        .line_index()
        .offset(document.text(), position.position, encoding)
        .offset;
    let under: Vec<_> = findings
        .iter()
        .filter(|f| f.range.start <= offset && offset <= f.range.end)
        .collect();
    let first = under.first()?;
    let mut codes = Vec::new();
    for finding in &under {
        if !codes.contains(&finding.code) {
            codes.push(finding.code);
        }
    }
    let pages: Vec<String> = codes
        .iter()
        .map(|code| {
            let info = code.info();
            format!("**{} {}**\n\n{}", info.code, info.name, info.doc.trim())
        })
        .collect();
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: pages.join("\n\n---\n\n"),
        }),
        range: Some(
            document
                .line_index()
                .range(document.text(), first.range.clone(), encoding),
        ),
    })
}
