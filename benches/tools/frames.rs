//! LSP frame headers, for the benchmark drivers (`lsp_latency`, `phases`).

/// The `Content-Length` of a frame's header block (the bytes before `\r\n\r\n`), or
/// `None` when it has none.
pub fn content_length(header: &[u8]) -> Option<usize> {
    String::from_utf8_lossy(header).lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse::<usize>().ok())
            .flatten()
    })
}
