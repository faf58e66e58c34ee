//! The language server: a tower-lsp-server `LanguageServer` whose handlers delegate to
//! small modules, one per LSP method.

/// Runs the language server on stdin/stdout until the client sends `exit`.
pub fn serve_stdio() -> std::process::ExitCode {
    std::process::ExitCode::SUCCESS
}
