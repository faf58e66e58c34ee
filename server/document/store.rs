//! The open documents, each with the analysis state that lets an edit re-analyse only
//! the statements it touched.

use std::path::PathBuf;

use dashmap::DashMap;
use dashmap::mapref::one::RefMut;
use tower_lsp_server::ls_types::Uri;

use super::text_document::Document;
use crate::analysis::IncrementalAnalysis;
use crate::finding::Finding;

/// One open document and what the server keeps beside it.
pub struct OpenDocument {
    pub document: Document,
    /// The file on disk, for configuration and path context (`None` for `untitled:`).
    pub path: Option<PathBuf>,
    /// Per-statement results carried from one version to the next.
    pub analysis: IncrementalAnalysis,
    /// Bumped on every change of the text, whatever the client's version says.
    pub revision: u64,
    /// The last findings and what they were computed from.
    pub findings: Option<(Stamp, Vec<Finding>)>,
    /// What the last published diagnostics were computed from (`None`: publish again).
    pub published: Option<Stamp>,
    /// Why the document is not analysed (excluded, too large), once logged.
    pub skip_logged: Option<String>,
    /// What to tell the user at the top of the document when it is not analysed for a
    /// reason they would not expect (over `max-file-size`, past a parser limit).
    pub skip_notice: Option<String>,
}

/// What a result was computed from: a revision of the text and a generation of the
/// configuration. A result is current only when both match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub revision: u64,
    pub config: u64,
}

impl OpenDocument {
    /// The stamp of the current text under configuration generation `config`.
    pub fn stamp(&self, config: u64) -> Stamp {
        Stamp {
            revision: self.revision,
            config,
        }
    }

    /// The findings when they belong to the current text and configuration `config`.
    pub fn current_findings(&self, config: u64) -> Option<&[Finding]> {
        match &self.findings {
            Some((stamp, findings)) if *stamp == self.stamp(config) => Some(findings),
            _ => None,
        }
    }
}

/// The open documents by URI.
#[derive(Default)]
pub struct DocumentStore {
    documents: DashMap<Uri, OpenDocument>,
}

impl DocumentStore {
    pub fn new() -> DocumentStore {
        DocumentStore::default()
    }

    /// Opens (or reopens, replacing) a document.
    pub fn open(&self, uri: Uri, text: String, version: i32) {
        let path = uri.to_file_path().map(|p| p.into_owned());
        self.documents.insert(
            uri,
            OpenDocument {
                // Parsed when first analysed: never, when it is over `max-file-size`.
                document: Document::deferred(text, version),
                path,
                analysis: IncrementalAnalysis::new(),
                revision: 0,
                findings: None,
                published: None,
                skip_logged: None,
                skip_notice: None,
            },
        );
    }

    /// Forgets a document; true when it was open.
    pub fn close(&self, uri: &Uri) -> bool {
        self.documents.remove(uri).is_some()
    }

    /// Exclusive access to one open document. Do not hold it across an `.await`.
    pub fn get_mut(&self, uri: &Uri) -> Option<RefMut<'_, Uri, OpenDocument>> {
        self.documents.get_mut(uri)
    }

    /// The path of an open document on disk.
    pub fn path(&self, uri: &Uri) -> Option<Option<PathBuf>> {
        self.documents.get(uri).map(|doc| doc.path.clone())
    }

    /// The URIs of every open document.
    pub fn uris(&self) -> Vec<Uri> {
        self.documents.iter().map(|doc| doc.key().clone()).collect()
    }

    pub fn is_open(&self, uri: &Uri) -> bool {
        self.documents.contains_key(uri)
    }
}
