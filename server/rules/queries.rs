//! Tree-sitter queries, kept in `.scm` files beside the rules and compiled once.

use std::sync::OnceLock;

use tree_sitter::{Query, QueryCursor};

/// Compiles a query for the Python grammar once per process.
/// The `.scm` sources are part of the binary, so a failure is a bug caught by tests.
pub fn compile(cell: &'static OnceLock<Query>, source: &str) -> &'static Query {
    cell.get_or_init(|| {
        Query::new(&tree_sitter_python::LANGUAGE.into(), source)
            .unwrap_or_else(|err| panic!("invalid built-in query: {err}"))
    })
}

/// The most matches a query may have in progress at once. Each nested call or
/// assignment keeps one open until its end, so this bounds the memory and time of a
/// query on a deeply nested statement; documents past
/// [`crate::analysis::limits::MAX_NESTING`] are not analysed at all, so analysed code
/// stays far below it.
pub const MATCH_LIMIT: u32 = 4096;

/// A query cursor with [`MATCH_LIMIT`].
pub fn cursor() -> QueryCursor {
    let mut cursor = QueryCursor::new();
    cursor.set_match_limit(MATCH_LIMIT);
    cursor
}
