//! stdin and stdout for [`super::serve_stdio`], read and written on the server's one
//! thread.

use std::fs::{File, Metadata};
use std::os::fd::AsFd;
use std::os::unix::fs::{FileTypeExt, MetadataExt};

use tokio::io::AsyncRead;

/// stdin, read through the runtime's event loop when it is a pipe or a socket: no
/// reader thread to wake for every message. A regular file or a terminal (which the
/// event loop cannot wait on, or whose non-blocking mode would leak to the shell) is
/// read with `tokio::io::stdin` instead.
pub fn input() -> Box<dyn AsyncRead + Unpin> {
    event_driven_stdin().unwrap_or_else(|| Box::new(tokio::io::stdin()))
}

fn event_driven_stdin() -> Option<Box<dyn AsyncRead + Unpin>> {
    let file = File::from(std::io::stdin().as_fd().try_clone_to_owned().ok()?);
    let metadata = file.metadata().ok()?;
    let kind = metadata.file_type();
    if kind.is_fifo() {
        let pipe = tokio::net::unix::pipe::Receiver::from_file(file).ok()?;
        return Some(Box::new(pipe));
    }
    // A socket shared with stdout (one socket for both directions) must stay blocking
    // for the writes.
    if kind.is_socket() && !shared_with_stdout(&metadata) {
        let socket = std::os::unix::net::UnixStream::from(std::os::fd::OwnedFd::from(file));
        socket.set_nonblocking(true).ok()?;
        let socket = tokio::net::UnixStream::from_std(socket).ok()?;
        return Some(Box::new(socket));
    }
    None
}

/// True when stdout is the same file (inode) as stdin.
fn shared_with_stdout(stdin: &Metadata) -> bool {
    output()
        .and_then(|stdout| stdout.metadata().ok())
        .is_none_or(|stdout| stdout.dev() == stdin.dev() && stdout.ino() == stdin.ino())
}

/// stdout without std's line buffering: each frame is written with one `write(2)`.
pub fn output() -> Option<File> {
    Some(File::from(
        std::io::stdout().as_fd().try_clone_to_owned().ok()?,
    ))
}
