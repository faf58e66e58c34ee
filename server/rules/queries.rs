//! Tree-sitter queries, kept in `.scm` files beside the rules and compiled once.

use std::sync::OnceLock;

use tree_sitter::Query;

/// Compiles a query for the Python grammar once per process.
/// The `.scm` sources are part of the binary, so a failure is a bug caught by tests.
pub fn compile(cell: &'static OnceLock<Query>, source: &str) -> &'static Query {
    cell.get_or_init(|| {
        Query::new(&tree_sitter_python::LANGUAGE.into(), source)
            .unwrap_or_else(|err| panic!("invalid built-in query: {err}"))
    })
}
