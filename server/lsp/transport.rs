//! The framing between the editor and tower-lsp-server that keeps the server up when a
//! message cannot be decoded.
//!
//! tower-lsp-server stops reading its input after the first frame whose body is not a
//! JSON-RPC message (its framed reader ends after an error), so one bad message from a
//! client or proxy would end the session. This layer reads the editor's frames itself,
//! answers an undecodable one with a JSON-RPC error (`-32700` parse error, `-32600`
//! invalid request), and forwards the rest unchanged. Output from the server and these
//! errors are written to the editor one whole frame at a time.

use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// One frame read from a stream.
pub enum Frame {
    /// The body of a frame with a `Content-Length` header.
    Body(Vec<u8>),
    /// A header block without a usable `Content-Length`.
    BadHeader,
}

/// Reads the next frame; `None` at the end of the stream.
pub async fn read_frame<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Option<Frame> {
    read_frame_skipping(reader, &mut 0).await
}

/// Reads the next frame, adding to `skipped` the bytes it passed over that were not a
/// header: what is left of a body longer than its `Content-Length`, a body sent without
/// a header. `None` at the end of the stream.
///
/// Header lines are read as bytes (a stray non-UTF-8 byte is skipped, not the end of
/// the session), and a `Content-Length` header preceded by other bytes on its line is
/// found there, so the stream gets back in step after a frame whose length was wrong.
pub async fn read_frame_skipping<R: AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
    skipped: &mut usize,
) -> Option<Frame> {
    let mut length = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        match reader.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
        let raw_len = line.len()
            - line
                .iter()
                .rev()
                .take_while(|b| b"\r\n".contains(b))
                .count();
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        let header = match line.to_ascii_lowercase().find("content-length") {
            Some(at) => {
                *skipped += at;
                line.get(at..).unwrap_or_default()
            }
            None if saw_header || is_header(line) => line,
            None => {
                *skipped += raw_len;
                continue;
            }
        };
        saw_header = true;
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<u64>().ok();
        }
    }
    let Some(length) = length else {
        return Some(Frame::BadHeader);
    };
    // Reserve what the header announces (bounded: it is untrusted) to read in one go.
    let mut body = Vec::with_capacity(length.min(1 << 24) as usize);
    match reader.take(length).read_to_end(&mut body).await {
        Ok(read) if read as u64 == length => Some(Frame::Body(body)),
        _ => None,
    }
}

/// True for a line shaped like a header: `Name: value` with a token for the name.
fn is_header(line: &str) -> bool {
    line.split_once(':').is_some_and(|(name, _)| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// `body` framed with a `Content-Length` header.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// An [`AsyncWrite`] that writes straight to a blocking writer (stdout) on the calling
/// thread. The server writes whole small frames to a pipe the editor reads, so a write
/// practically never blocks, and this saves handing every frame to another thread as
/// `tokio::io::stdout` does.
pub struct BlockingWriter<W>(pub W);

impl<W: Write + Unpin> AsyncWrite for BlockingWriter<W> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bytes: &[u8],
    ) -> Poll<io::Result<usize>> {
        retry_if_would_block(cx, self.get_mut().0.write(bytes))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        retry_if_would_block(cx, self.get_mut().0.flush())
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(self.get_mut().0.flush())
    }
}

/// A writer someone else made non-blocking (the editor, for the pipe's other end
/// sharing its file description) reports a full pipe as `WouldBlock`: tried again
/// after the other tasks have run, instead of ending the output.
fn retry_if_would_block<T>(cx: &mut Context<'_>, result: io::Result<T>) -> Poll<io::Result<T>> {
    match result {
        Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
            cx.waker().wake_by_ref();
            Poll::Pending
        }
        result => Poll::Ready(result),
    }
}

/// The error response for a body tower-lsp-server could not decode (or would take for
/// what it is not), or `None` for a request, a notification or a response.
pub fn rejection(body: &[u8]) -> Option<Value> {
    // The common case, a request or notification, in one pass without copies. (A
    // missing `method` decodes as the empty one: checked below.)
    if serde_json::from_slice::<Request>(body).is_ok_and(|request| !request.method().is_empty()) {
        return None;
    }
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(_) => return Some(error_response(Value::Null, -32700, "Parse error")),
    };
    // tower-lsp-server reads a message with neither `method` nor `result`/`error`
    // (`{"jsonrpc": "2.0", "id": 5}`) as a response, and answers nothing; it is an
    // invalid request.
    let is_response = value.get("method").is_none()
        && (value.get("result").is_some() || value.get("error").is_some())
        && serde_json::from_value::<Response>(value.clone()).is_ok();
    let is_request = value
        .get("method")
        .and_then(Value::as_str)
        .is_some_and(|method| !method.is_empty())
        && serde_json::from_value::<Request>(value.clone()).is_ok();
    if is_response || is_request {
        return None;
    }
    let id = value
        .get("id")
        .filter(|id| id.is_number() || id.is_string())
        .cloned()
        .unwrap_or(Value::Null);
    Some(error_response(id, -32600, "Invalid request"))
}

fn error_response(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// Forwards the editor's frames to the server, answering undecodable ones on `replies`
/// with an error response and a `window/logMessage` saying what was wrong. Ends at the
/// end of the input or when the server stops reading.
pub async fn forward_input<R, W>(input: R, mut server: W, replies: mpsc::UnboundedSender<Vec<u8>>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut input = BufReader::new(input);
    let mut skipped = 0;
    let report = |message: &str| {
        eprintln!("flaskguard: {message}");
        let _ = replies.send(frame(log_message(message).to_string().as_bytes()));
    };
    while let Some(next) = read_frame_skipping(&mut input, &mut skipped).await {
        if skipped > 0 {
            report(&format!(
                "skipped {skipped} bytes of input that were not a message header \
                 (left over from a message longer than its Content-Length, or a message sent without one)"
            ));
            skipped = 0;
        }
        let body = match next {
            Frame::Body(body) => body,
            Frame::BadHeader => {
                report(
                    "answering a message without a valid Content-Length header with a parse error",
                );
                let reply = error_response(Value::Null, -32700, "Parse error");
                let _ = replies.send(frame(reply.to_string().as_bytes()));
                continue;
            }
        };
        if let Some(reply) = rejection(&body) {
            report(&format!(
                "answering an undecodable message of {} bytes with error {}: {}",
                body.len(),
                reply["error"]["code"],
                reply["error"]["message"].as_str().unwrap_or_default()
            ));
            let _ = replies.send(frame(reply.to_string().as_bytes()));
            continue;
        }
        if write_all(&mut server, &frame(&body)).await.is_err() {
            return;
        }
    }
}

/// A `window/logMessage` warning from the transport itself.
fn log_message(message: &str) -> Value {
    json!({
        "jsonrpc": "2.0",
        "method": "window/logMessage",
        "params": {"type": 2, "message": message}
    })
}

/// Reads the server's frames and queues them for the editor, whole.
pub async fn collect_output<R: AsyncRead + Unpin>(
    output: R,
    frames: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut output = BufReader::new(output);
    while let Some(next) = read_frame(&mut output).await {
        if let Frame::Body(body) = next
            && frames.send(frame(&body)).is_err()
        {
            return;
        }
    }
}

/// The server's output: queues each frame for the editor, whole, as soon as its last
/// byte is written (no second read through a pipe). Bytes that are not a frame with a
/// `Content-Length` are dropped.
pub struct FrameQueue {
    pending: Vec<u8>,
    frames: mpsc::UnboundedSender<Vec<u8>>,
}

impl FrameQueue {
    pub fn new(frames: mpsc::UnboundedSender<Vec<u8>>) -> FrameQueue {
        FrameQueue {
            pending: Vec::new(),
            frames,
        }
    }

    /// Sends every complete frame at the start of `pending`.
    fn send_complete(&mut self) -> io::Result<()> {
        while let Some(end) = complete_frame(&self.pending) {
            let rest = self.pending.split_off(end.total);
            let frame = std::mem::replace(&mut self.pending, rest);
            let frame = super::log::redacted_error_frame(frame);
            if end.framed && self.frames.send(frame).is_err() {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
        }
        Ok(())
    }
}

struct FrameEnd {
    /// Bytes from the start of the buffer to the end of the frame.
    total: usize,
    /// False for a header block without a usable `Content-Length` (dropped).
    framed: bool,
}

/// Where the first frame in `bytes` ends, once it is all there.
fn complete_frame(bytes: &[u8]) -> Option<FrameEnd> {
    let header_end = bytes.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let header = std::str::from_utf8(&bytes[..header_end]).unwrap_or_default();
    let length = header.split("\r\n").find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse::<usize>().ok())?
    });
    match length {
        None => Some(FrameEnd {
            total: header_end,
            framed: false,
        }),
        Some(length) => {
            let total = header_end.checked_add(length)?;
            (bytes.len() >= total).then_some(FrameEnd {
                total,
                framed: true,
            })
        }
    }
}

impl AsyncWrite for FrameQueue {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        bytes: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.pending.extend_from_slice(bytes);
        Poll::Ready(this.send_complete().map(|()| bytes.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// A way for the server's own code to queue whole frames for the editor on the same
/// queue as tower-lsp-server's output ([`FrameQueue`]), skipping its client channel and
/// its `serde_json::Value` encoding. A frame queued here goes out before anything
/// tower-lsp-server writes afterwards (a response to a request that waited for it).
///
/// It does not keep the queue open: the output ends when the server and the input
/// forwarder are gone, even while the publisher task (which holds this) lives on.
#[derive(Clone, Default)]
pub struct DirectOutput(Option<mpsc::WeakUnboundedSender<Vec<u8>>>);

impl DirectOutput {
    pub fn new(frames: &mpsc::UnboundedSender<Vec<u8>>) -> DirectOutput {
        DirectOutput(Some(frames.downgrade()))
    }

    /// True when frames go to the transport's queue (not back to the caller).
    pub fn is_direct(&self) -> bool {
        self.0.is_some()
    }

    /// Queues `frame`; gives it back when there is no direct output to queue it on.
    /// A frame for an editor that is gone is dropped.
    pub fn send(&self, frame: Vec<u8>) -> Result<(), Vec<u8>> {
        let Some(frames) = &self.0 else {
            return Err(frame);
        };
        if let Some(frames) = frames.upgrade() {
            let _ = frames.send(frame);
        }
        Ok(())
    }
}

/// Writes queued frames to the editor until every sender is gone.
pub async fn write_output<W: AsyncWrite + Unpin>(
    mut frames: mpsc::UnboundedReceiver<Vec<u8>>,
    mut out: W,
) {
    while let Some(frame) = frames.recv().await {
        if write_all(&mut out, &frame).await.is_err() {
            return;
        }
    }
}

async fn write_all<W: AsyncWrite + Unpin>(writer: &mut W, bytes: &[u8]) -> io::Result<()> {
    writer.write_all(bytes).await?;
    writer.flush().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn server_output_is_queued_one_whole_frame_at_a_time() {
        let (frames, mut queued) = mpsc::unbounded_channel();
        let mut queue = FrameQueue::new(frames);
        let first = frame(br#"{"jsonrpc":"2.0","method":"a"}"#);
        let second = frame(br#"{"jsonrpc":"2.0","method":"b"}"#);
        let mut both = first.clone();
        both.extend_from_slice(&second);
        let (head, tail) = both.split_at(first.len() + 5);
        queue.write_all(&head[..3]).await.expect("write");
        assert!(queued.try_recv().is_err(), "a partial header is held back");
        queue.write_all(&head[3..]).await.expect("write");
        assert_eq!(queued.try_recv().ok(), Some(first));
        assert!(queued.try_recv().is_err(), "a partial frame is held back");
        queue.write_all(tail).await.expect("write");
        assert_eq!(queued.try_recv().ok(), Some(second));
    }

    #[test]
    fn undecodable_bodies_get_the_matching_error() {
        assert_eq!(
            rejection(b"{not json").map(|r| r["error"]["code"].clone()),
            Some(json!(-32700))
        );
        let not_a_message = rejection(br#"{"id": 7, "params": {}}"#).expect("rejected");
        assert_eq!(not_a_message["error"]["code"], -32600);
        assert_eq!(not_a_message["id"], 7);
        assert_eq!(
            rejection(br#"[1, 2]"#).map(|r| r["id"].clone()),
            Some(Value::Null)
        );
        assert!(rejection(br#"{"jsonrpc": "2.0", "id": 1, "method": "shutdown"}"#).is_none());
        assert!(
            rejection(br#"{"jsonrpc": "2.0", "method": "initialized", "params": {}}"#).is_none()
        );
        assert!(rejection(br#"{"jsonrpc": "2.0", "id": 1, "result": null}"#).is_none());
        let no_method = rejection(br#"{"jsonrpc": "2.0", "id": 5, "params": {}}"#);
        assert_eq!(
            no_method.map(|r| (r["id"].clone(), r["error"]["code"].clone())),
            Some((json!(5), json!(-32600)))
        );
    }

    async fn frames(input: &[u8]) -> (Vec<String>, usize) {
        let mut reader = BufReader::new(input);
        let mut skipped = 0;
        let mut out = Vec::new();
        while let Some(frame) = read_frame_skipping(&mut reader, &mut skipped).await {
            out.push(match frame {
                Frame::Body(body) => String::from_utf8_lossy(&body).into_owned(),
                Frame::BadHeader => "<bad header>".to_string(),
            });
        }
        (out, skipped)
    }

    #[tokio::test]
    async fn the_reader_gets_back_in_step_after_a_bad_frame() {
        // A body longer than its Content-Length: the rest runs into the next header.
        let (read, skipped) =
            frames(b"Content-Length: 3\r\n\r\n{\"a\": 1}Content-Length: 2\r\n\r\n{}").await;
        assert_eq!(read, ["{\"a", "{}"]);
        assert_eq!(skipped, 5);
        // A body without a header on its own line, then a stray non-UTF-8 line.
        let (read, skipped) =
            frames(b"{\"jsonrpc\": \"2.0\"}\r\n\xff\xfe\r\nContent-Length: 2\r\n\r\n[]").await;
        assert_eq!(read, ["[]"]);
        assert_eq!(skipped, 18 + 2);
        // A header block without Content-Length.
        let (read, _) = frames(b"Content-Type: x\r\n\r\nContent-Length: 2\r\n\r\n{}").await;
        assert_eq!(read, ["<bad header>", "{}"]);
    }
}
