//! `workspace/didChangeWatchedFiles`: a config file changed; re-check open documents.

use tower_lsp_server::ls_types::DidChangeWatchedFilesParams;

use super::server::State;

/// File names that hold flaskguard configuration.
const CONFIG_FILES: [&str; 2] = ["pyproject.toml", "flaskguard.toml"];

pub fn did_change_watched_files(state: &State, params: DidChangeWatchedFilesParams) {
    let config_changed = params.changes.iter().any(|change| {
        let path = change.uri.path().as_str();
        let name = path.rsplit('/').next().unwrap_or(path);
        CONFIG_FILES.contains(&name)
    });
    if config_changed {
        state.workspace.invalidate();
        state.recheck_all();
    }
}
