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
    /// The last findings and the revision they were computed for.
    pub findings: Option<(u64, Vec<Finding>)>,
    /// The revision whose diagnostics were last published (`None`: publish again).
    pub published: Option<u64>,
}

impl OpenDocument {
    /// The findings when they belong to the current text.
    pub fn current_findings(&self) -> Option<&[Finding]> {
        match &self.findings {
            Some((revision, findings)) if *revision == self.revision => Some(findings),
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
                document: Document::new(text, version),
                path,
                analysis: IncrementalAnalysis::new(),
                revision: 0,
                findings: None,
                published: None,
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
