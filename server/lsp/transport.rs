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
    let mut length = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line).await {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':')
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
        _: &mut Context<'_>,
        bytes: &[u8],
    ) -> Poll<io::Result<usize>> {
        Poll::Ready(self.get_mut().0.write(bytes))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(self.get_mut().0.flush())
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(self.get_mut().0.flush())
    }
}

/// The error response for a body tower-lsp-server could not decode, or `None` when it
/// can.
pub fn rejection(body: &[u8]) -> Option<Value> {
    // The common case, a well-formed message, in one pass without copies.
    if serde_json::from_slice::<Request>(body).is_ok()
        || serde_json::from_slice::<Response>(body).is_ok()
    {
        return None;
    }
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(_) => return Some(error_response(Value::Null, -32700, "Parse error")),
    };
    let decodes = serde_json::from_value::<Request>(value.clone()).is_ok()
        || serde_json::from_value::<Response>(value.clone()).is_ok();
    if decodes {
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

/// Forwards the editor's frames to the server, answering undecodable ones on `replies`.
/// Ends at the end of the input or when the server stops reading.
pub async fn forward_input<R, W>(input: R, mut server: W, replies: mpsc::UnboundedSender<Vec<u8>>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut input = BufReader::new(input);
    while let Some(next) = read_frame(&mut input).await {
        let body = match next {
            Frame::Body(body) => body,
            Frame::BadHeader => {
                eprintln!("flaskguard: ignoring a message without Content-Length");
                let reply = error_response(Value::Null, -32700, "Parse error");
                let _ = replies.send(frame(reply.to_string().as_bytes()));
                continue;
            }
        };
        if let Some(reply) = rejection(&body) {
            eprintln!("flaskguard: answering an undecodable message with an error");
            let _ = replies.send(frame(reply.to_string().as_bytes()));
            continue;
        }
        if write_all(&mut server, &frame(&body)).await.is_err() {
            return;
        }
    }
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
    }
}
