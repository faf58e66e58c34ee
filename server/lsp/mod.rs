//! The language server: a tower-lsp-server `LanguageServer` whose handlers delegate to
//! small modules, one per LSP method.
//!
//! Document changes are applied synchronously inside their handlers, before any
//! `.await`, so they take effect in arrival order even though tower-lsp-server may run
//! handlers concurrently. Analysis and publishing happen in one task
//! ([`publisher`]) fed by an ordered queue.

mod code_action;
pub mod diagnostics;
mod did_change;
mod did_change_configuration;
mod did_change_watched_files;
mod did_close;
mod did_open;
mod did_save;
mod hover;
mod initialize;
pub mod log;
pub mod publisher;
pub mod server;
mod stdio;
pub mod transport;
mod warm_up;
pub mod workspace;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;
use tower_lsp_server::{LspService, Server};

pub use server::Backend;

/// Serves the language server on `input`/`output` until the client sends `exit` or
/// closes the input. Undecodable messages are answered with an error and skipped
/// ([`transport`]).
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite + Unpin,
{
    let (frames, queued) = mpsc::unbounded_channel();
    let direct = transport::DirectOutput::new(&frames);
    let (service, socket) = LspService::new(|client| Backend::with_output(client, direct));
    let (to_server, server_input) = tokio::io::duplex(1 << 16);
    let server_output = transport::FrameQueue::new(frames.clone());
    let server = Server::new(server_input, server_output, socket).serve(service);
    let forward = transport::forward_input(input, to_server, frames);
    let session = async {
        tokio::pin!(server);
        tokio::select! {
            () = &mut server => {}
            // The editor closed its end: the server sees the end of its input and stops.
            () = forward => server.await,
        }
    };
    tokio::join!(session, transport::write_output(queued, output));
}

/// Runs the language server on stdin/stdout until the client sends `exit`.
///
/// One thread runs everything (transport, handlers, the publisher): an edit then goes
/// from the input to its diagnostics without waking another thread, which on a busy
/// machine is most of the latency. stdin is read on that thread too when it is a pipe
/// or a socket (as editors start servers); a file or a terminal is read on tokio's
/// blocking pool. Frames are written to stdout whole, each in one `write(2)`
/// ([`transport::BlockingWriter`]; std's `Stdout` would split every frame after its
/// header's line break and search each body for one).
pub fn serve_stdio() -> std::process::ExitCode {
    log::install_redacting_panic_hook();
    warm_up::spawn();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("flaskguard: cannot start the server runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let input = stdio::input();
        match stdio::output() {
            Some(output) => serve(input, transport::BlockingWriter(output)).await,
            None => serve(input, transport::BlockingWriter(std::io::stdout())).await,
        }
    });
    // The blocking stdin reader may still wait for input nobody will send.
    runtime.shutdown_background();
    std::process::ExitCode::SUCCESS
}
