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
    /// Where the text may have become too deeply nested since the last check.
    pub nesting: NestingWindow,
}

/// What changed since the document was last found within the nesting limit
/// ([`crate::analysis::limits::nesting`]), so the check walks only the statements there
/// instead of the whole tree on every edit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NestingWindow {
    /// Never checked, or past the limit at the last check: check everything.
    #[default]
    Everything,
    /// Within the limit at the last check, and nothing changed since.
    Unchanged,
    /// Within the limit at the last check; only bytes `start..end` of the current text
    /// changed since (an empty range is a deletion there).
    Changed { start: usize, end: usize },
}

impl NestingWindow {
    /// Nothing changed since a check that found the document within the limit.
    pub fn checked() -> NestingWindow {
        NestingWindow::Unchanged
    }

    /// Records that bytes `start..old_end` of the text were replaced by `new_len` bytes.
    pub fn note_edit(&mut self, start: usize, old_end: usize, new_len: usize) {
        let old_end = old_end.max(start);
        let new_end = start + new_len;
        // Where an offset of the text before the edit is after it.
        let map = |p: usize| {
            if p <= start {
                p
            } else if p >= old_end {
                p - old_end + new_end
            } else {
                new_end
            }
        };
        *self = match *self {
            NestingWindow::Everything => NestingWindow::Everything,
            NestingWindow::Unchanged => NestingWindow::Changed {
                start,
                end: new_end,
            },
            NestingWindow::Changed { start: lo, end: hi } => NestingWindow::Changed {
                start: map(lo).min(start),
                end: map(hi).max(new_end),
            },
        };
    }
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
                nesting: NestingWindow::Everything,
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

#[cfg(test)]
mod tests {
    use super::NestingWindow;

    #[test]
    fn the_nesting_window_covers_every_edit_since_the_check() {
        let mut window = NestingWindow::Everything;
        window.note_edit(5, 6, 10);
        assert_eq!(window, NestingWindow::Everything);
        let mut window = NestingWindow::checked();
        assert_eq!(window, NestingWindow::Unchanged);
        window.note_edit(100, 110, 0);
        assert_eq!(
            window,
            NestingWindow::Changed {
                start: 100,
                end: 100
            }
        );
        // Before the window: the window moves and grows to the new text.
        window.note_edit(10, 10, 5);
        assert_eq!(
            window,
            NestingWindow::Changed {
                start: 10,
                end: 105
            }
        );
        // Deleting across its end.
        window.note_edit(50, 200, 1);
        assert_eq!(window, NestingWindow::Changed { start: 10, end: 51 });
    }
}
