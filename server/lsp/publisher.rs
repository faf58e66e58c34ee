//! The one task that analyses documents and publishes diagnostics.
//!
//! Handlers change documents synchronously and then queue a job here. The task drains
//! the queue, keeps only the last job per document, and analyses the document as it is
//! at that moment: a burst of edits may skip intermediate versions, but whatever is
//! published is correct for the version it names, and the last version is always
//! published after the last edit.

use std::collections::HashSet;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;
use std::task::Poll;

use tokio::sync::{mpsc, oneshot};
use tower_lsp_server::ls_types::{Diagnostic, PublishDiagnosticsParams, Uri};

use super::diagnostics::{PublishFrame, config_diagnostic, failure_diagnostic, skip_diagnostic};
use super::log::{panic_message, take_panic_location, without_source_excerpt};
use super::server::State;
use super::workspace::{ConfigEvent, Resolved};
use crate::analysis::IncrementalAnalysis;
use crate::analysis::limits;
use crate::baseline::{self, masked_statement};
use crate::config::format_file_size;
use crate::document::{NestingWindow, OpenDocument};
use crate::finding::Finding;

/// What the publisher is asked to do.
#[derive(Debug)]
pub enum Job {
    /// Analyse the document as it is now and publish its diagnostics.
    Check(Uri),
    /// The document was closed: publish an empty list.
    Clear(Uri),
    /// Answer once every job queued before this one is done (`shutdown` waits for it).
    Flush(oneshot::Sender<()>),
}

impl Job {
    fn uri(&self) -> Option<&Uri> {
        match self {
            Job::Check(uri) | Job::Clear(uri) => Some(uri),
            Job::Flush(_) => None,
        }
    }
}

/// The sending side of the publisher's queue.
#[derive(Clone)]
pub struct Publisher {
    jobs: mpsc::UnboundedSender<Job>,
}

impl Publisher {
    /// A publisher and the receiving end its task reads.
    pub fn channel() -> (Publisher, mpsc::UnboundedReceiver<Job>) {
        let (jobs, receiver) = mpsc::unbounded_channel();
        (Publisher { jobs }, receiver)
    }

    pub fn check(&self, uri: Uri) {
        // Fails only once the task is gone, when the server is shutting down.
        let _ = self.jobs.send(Job::Check(uri));
    }

    pub fn clear(&self, uri: Uri) {
        let _ = self.jobs.send(Job::Clear(uri));
    }

    /// Waits until every job queued so far is done: after it, the last version of every
    /// document edited before the call has been published.
    pub async fn flush(&self) {
        let (done, finished) = oneshot::channel();
        if self.jobs.send(Job::Flush(done)).is_ok() {
            // An error means the task is gone: nothing is left to wait for.
            let _ = finished.await;
        }
    }
}

/// Runs until every sender is dropped.
pub async fn run(state: Arc<State>, mut jobs: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while let Ok(job) = jobs.try_recv() {
            batch.push(job);
        }
        let (flushes, batch): (Vec<Job>, Vec<Job>) =
            batch.into_iter().partition(|job| job.uri().is_none());
        for job in latest_per_document(batch) {
            // A panic outside the analysis (converting, baselines) loses this one
            // publish, never the task: later edits are still published.
            let outcome = guarded_async(async {
                match job {
                    Job::Check(uri) => check(&state, uri).await,
                    Job::Clear(uri) => publish_unversioned(&state, &uri, &[]).await,
                    Job::Flush(_) => {}
                }
            })
            .await;
            if let Err(panic) = outcome {
                state.log.error(format!(
                    "internal error while publishing diagnostics: {panic}"
                ));
            }
        }
        for flush in flushes {
            if let Job::Flush(done) = flush {
                let _ = done.send(());
            }
        }
    }
}

/// Keeps the last job of each document, in the order of those last jobs.
fn latest_per_document(batch: Vec<Job>) -> Vec<Job> {
    let mut seen = HashSet::new();
    let mut kept: Vec<Job> = batch
        .into_iter()
        .rev()
        .filter(|job| job.uri().is_none_or(|uri| seen.insert(uri.clone())))
        .collect();
    kept.reverse();
    kept
}

async fn check(state: &State, uri: Uri) {
    let Some(path) = state.store.path(&uri) else {
        return;
    };
    let resolved = resolve_and_report(state, path.as_deref()).await;
    let encoding = state.encoding();
    let published = {
        let Some(mut entry) = state.store.get_mut(&uri) else {
            return;
        };
        let stamp = entry.stamp(resolved.generation);
        if entry.published == Some(stamp) {
            // Already published for this text and configuration.
            return;
        }
        entry.published = Some(stamp);
        let replaced = refresh(state, &uri, &mut entry, &resolved);
        let findings = entry
            .current_findings(resolved.generation)
            .unwrap_or_default();
        // With a baseline, the findings it accepts are left out, read from the stored
        // findings without copying them.
        let mut baseline = match (&resolved.baseline, entry.path.as_deref()) {
            (Some(baseline), Some(path)) => Some((
                baseline.matcher(),
                baseline::relative_key(baseline.root(), path),
            )),
            _ => None,
        };
        let document = &entry.document;
        let mut frame = PublishFrame::new(&uri, findings.len() + 1);
        if let Some(message) = entry.skip_notice.as_deref() {
            frame.push(&skip_diagnostic(document, message, encoding));
        }
        let (text, index) = (document.text(), document.line_index());
        let docs_url = resolved.docs_url.as_deref();
        for finding in findings {
            if let Some((matcher, path)) = &mut baseline {
                let statement = masked_statement(text, document.parsed(), finding.range.clone());
                let fingerprint = baseline::fingerprint(finding.code, path, &statement);
                if matcher.accept(path, finding.code, &fingerprint) {
                    continue;
                }
            }
            frame.push_finding(finding, text, index, encoding, docs_url);
        }
        if let Some(failure) = state.analysis_failures.get(&uri)
            && failure.0 == stamp
        {
            frame.push(&failure_diagnostic(&failure.1));
        }
        (frame.finish(Some(document.version())), replaced)
    };
    let (frame, replaced) = published;
    publish(state, frame).await;
    if replaced.is_some() {
        // The findings of the previous version are freed once the frame is written:
        // freeing a thousand of them takes longer than writing it.
        tokio::task::yield_now().await;
        drop(replaced);
    }
}

/// Publishes diagnostics for `uri` (no version: a closed document, a config file).
async fn publish_unversioned(state: &State, uri: &Uri, diagnostics: &[Diagnostic]) {
    let mut frame = PublishFrame::new(uri, diagnostics.len());
    for diagnostic in diagnostics {
        frame.push(diagnostic);
    }
    publish(state, frame.finish(None)).await;
}

/// Sends a whole `publishDiagnostics` frame ([`PublishFrame`]) to the editor: straight
/// onto the transport's output queue, in the order of the publisher's jobs and before
/// anything tower-lsp-server writes later (the `shutdown` answer), or through
/// tower-lsp-server's client when the backend has no direct output.
async fn publish(state: &State, frame: Vec<u8>) {
    let Err(frame) = state.output.send(frame) else {
        return;
    };
    #[derive(serde::Deserialize)]
    struct Notification {
        params: PublishDiagnosticsParams,
    }
    let body = frame
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(&frame[..], |end| &frame[end + 4..]);
    if let Ok(Notification { params }) = serde_json::from_slice(body) {
        state
            .client
            .publish_diagnostics(params.uri, params.diagnostics, params.version)
            .await;
    }
}

/// The configuration for `path`; reports a config file that broke or recovered.
pub async fn resolve_and_report(state: &State, path: Option<&Path>) -> Arc<Resolved> {
    let (resolved, events) = state.workspace.resolve(path);
    for event in events {
        match event {
            ConfigEvent::Broken { file, message } => {
                let message = without_source_excerpt(&message);
                match file {
                    Some(file) => {
                        state.log.error(format!(
                            "invalid configuration in {}: {message}; keeping the last good configuration",
                            file.display()
                        ));
                        if let Some(uri) = Uri::from_file_path(&file) {
                            publish_unversioned(state, &uri, &[config_diagnostic(&message)]).await;
                        }
                    }
                    None => state
                        .log
                        .error(format!("invalid editor settings: {message}")),
                }
            }
            ConfigEvent::Fixed { file } => {
                state.log.info(format!(
                    "configuration in {} is valid again",
                    file.display()
                ));
                if let Some(uri) = Uri::from_file_path(&file) {
                    publish_unversioned(state, &uri, &[]).await;
                }
            }
        }
    }
    resolved
}

/// The findings for the document's current text: the stored ones when they are
/// current, else a fresh (incremental) analysis, stored for code actions and hover.
/// A panic in the analysis is caught and logged; the document then has no findings
/// (its diagnostics say it could not be checked).
pub fn analyse(
    state: &State,
    uri: &Uri,
    entry: &mut OpenDocument,
    resolved: &Resolved,
) -> Vec<Finding> {
    refresh(state, uri, entry, resolved);
    entry
        .current_findings(resolved.generation)
        .map(<[Finding]>::to_vec)
        .unwrap_or_default()
}

/// Makes the stored findings current for the document's text under `resolved`;
/// returns the findings they replace (for the caller to free when it suits it).
fn refresh(
    state: &State,
    uri: &Uri,
    entry: &mut OpenDocument,
    resolved: &Resolved,
) -> Option<Vec<Finding>> {
    if entry.current_findings(resolved.generation).is_some() {
        return None;
    }
    // Whatever failed before was for another text or configuration.
    state.analysis_failures.remove(uri);
    let log = &state.log;
    if let Some(Skip { reason, notice }) = skip_reason(entry, resolved) {
        if entry.skip_logged.as_ref() != Some(&reason) {
            log.info(reason.clone());
            entry.skip_logged = Some(reason);
        }
        entry.skip_notice = notice;
        let stamp = entry.stamp(resolved.generation);
        return entry
            .findings
            .replace((stamp, Vec::new()))
            .map(|(_, old)| old);
    }
    entry.skip_logged = None;
    entry.skip_notice = None;
    let options = resolved.options_for(entry.path.as_deref());
    let OpenDocument {
        document,
        path,
        analysis,
        ..
    } = &mut *entry;
    let result = guarded(|| {
        analysis.analyze(
            document.text(),
            document.parsed(),
            path.as_deref(),
            &options,
        )
    });
    let findings = match result {
        Ok(findings) => findings,
        Err(panic) => {
            // The cache may hold half-updated state: start the next analysis afresh.
            *analysis = IncrementalAnalysis::new();
            let name = path.as_deref().map_or_else(
                || "an unsaved document".to_string(),
                |p| p.display().to_string(),
            );
            log.error(format!(
                "internal error while analysing {name} (version {}): {panic}; \
                 this file is not checked until it changes, other files are not affected",
                document.version(),
            ));
            let stamp = entry.stamp(resolved.generation);
            state.analysis_failures.insert(uri.clone(), (stamp, panic));
            Vec::new()
        }
    };
    let stamp = entry.stamp(resolved.generation);
    entry
        .findings
        .replace((stamp, findings))
        .map(|(_, old)| old)
}

/// Why a document is not analysed.
struct Skip {
    /// For the log.
    reason: String,
    /// For a diagnostic at the top of the document; `None` when the user asked for it
    /// (excluded by configuration).
    notice: Option<String>,
}

/// Why the document is not analysed under `resolved`: excluded, over `max-file-size`,
/// or past a limit of the parser or the walkers ([`limits`]).
///
/// The document is parsed here once it is known to be small enough, and its tree dropped
/// when it is not: a document that is not analysed is not parsed on each edit either.
fn skip_reason(entry: &mut OpenDocument, resolved: &Resolved) -> Option<Skip> {
    let name = || {
        entry
            .path
            .as_deref()
            .map_or_else(|| "the document".to_string(), |p| p.display().to_string())
    };
    if let Some(path) = entry.path.as_deref()
        && resolved.compiled.is_excluded(path)
    {
        return Some(Skip {
            reason: format!("not checking {}: excluded by configuration", name()),
            notice: None,
        });
    }
    let size = entry.document.text().len() as u64;
    let limit = resolved.compiled.max_file_size();
    if size > limit {
        entry.document.defer_parsing();
        return Some(Skip {
            reason: format!(
                "not checking {}: {size} bytes is over max-file-size ({limit} bytes)",
                name()
            ),
            notice: Some(format!(
                "flaskguard did not check this file: it is {size} bytes, over the \
                 `max-file-size` setting ({}). Raise `max-file-size` to check it.",
                format_file_size(limit)
            )),
        });
    }
    let document = &mut entry.document;
    document.ensure_parsed();
    let past = match (document.unparsed(), entry.nesting) {
        (Some(limit), _) => Some(limit.clone()),
        // Walking the whole tree on every edit would cost more than the analysis.
        (None, NestingWindow::Changed { start, end }) => {
            limits::nesting_in(document.parsed(), start..end)
        }
        (None, NestingWindow::Unchanged) => limits::nesting_in(document.parsed(), 0..0),
        (None, NestingWindow::Everything) => limits::nesting(document.parsed()),
    };
    entry.nesting = match past {
        Some(_) => NestingWindow::Everything,
        None => NestingWindow::checked(),
    };
    let past = past?;
    Some(Skip {
        reason: format!("not checking {}: {past}", name()),
        notice: Some(format!("flaskguard did not check this file: {past}.")),
    })
}

/// Runs `f`, turning a panic into its (shortened, redacted) message, followed by where
/// it happened when the panic hook recorded it.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| caught(payload.as_ref()))
}

/// Runs `future`, turning a panic in any of its polls into its message, like [`guarded`].
/// After a panic the future is not polled again.
pub async fn guarded_async<T>(future: impl Future<Output = T>) -> Result<T, String> {
    let mut future = std::pin::pin!(future);
    std::future::poll_fn(move |cx| {
        match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
            Ok(Poll::Ready(value)) => Poll::Ready(Ok(value)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => Poll::Ready(Err(caught(payload.as_ref()))),
        }
    })
    .await
}

fn caught(payload: &(dyn std::any::Any + Send)) -> String {
    let message = panic_message(payload);
    match take_panic_location() {
        Some(location) => format!("{message} (at {location})"),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_message() {
        assert_eq!(guarded(|| 3), Ok(3));
        let error = guarded(|| -> u8 { panic!("rule crashed on {}", "input") });
        assert_eq!(error, Err("rule crashed on input".to_string()));
    }

    #[tokio::test]
    async fn a_panic_in_a_future_becomes_a_message() {
        assert_eq!(guarded_async(async { 3 }).await, Ok(3));
        let error = guarded_async(async {
            tokio::task::yield_now().await;
            if 1 + 1 == 2 {
                panic!("handler crashed after {}", "a yield");
            }
            4
        })
        .await;
        assert_eq!(error, Err("handler crashed after a yield".to_string()));
    }

    #[test]
    fn later_jobs_of_a_document_replace_earlier_ones() {
        let a: Uri = "file:///a.py".parse().expect("uri");
        let b: Uri = "file:///b.py".parse().expect("uri");
        let kept = latest_per_document(vec![
            Job::Check(a.clone()),
            Job::Check(b.clone()),
            Job::Clear(a.clone()),
            Job::Check(b.clone()),
        ]);
        let kept: Vec<String> = kept.iter().map(|job| format!("{job:?}")).collect();
        assert_eq!(
            kept,
            [
                format!("{:?}", Job::Clear(a)),
                format!("{:?}", Job::Check(b))
            ]
        );
    }
}
