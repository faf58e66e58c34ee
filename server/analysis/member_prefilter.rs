//! The statement prefilter one level down, for `flaskguard check`: which statements of
//! a kept class body need a parse. A test class of two thousand lines is kept for one
//! `password = "..."` line; parsing its header and that one method instead of all of it
//! gives the same findings for a fraction of the parse and the analysis.
//!
//! A class body's statements ([`class_members`]) go through the same predicate as
//! top-level statements ([`statement_may_matter`]): every rule that reports inside a
//! class body reads the statement it reports in and the definitions around it (the
//! class's name and bases, the enclosing functions), never a sibling, so a body
//! statement the predicate rejects adds nothing to the findings. Two kinds of class
//! are parsed whole because their bases or decorators make every method matter: a
//! possible class-based view (`View`, `MethodView`, `Resource` in the header) and a
//! class under a `route` decorator (a Flask-RESTX resource). `tests/member_prefilter.rs`
//! checks that the findings equal those of a whole parse over the corpus, the
//! fixtures, the example and the standard library.

use std::ops::Range;

use super::statement_prefilter::{FileHints, statement_may_matter};
use crate::document::Selection;
use crate::document::split::class_members;

/// Classes smaller than this are parsed whole: splitting them saves less than it costs.
const MIN_SPLIT_BYTES: usize = 2048;

/// What `flaskguard check` parses of the top-level statement `statement` (a chunk: the
/// statement with the comment and blank lines after it) in a file with these `hints`.
pub fn selection(statement: &str, hints: &FileHints) -> Selection {
    selection_splitting_from(statement, hints, MIN_SPLIT_BYTES)
}

/// [`selection`], splitting classes of `min_bytes` or more (tests split every class).
pub fn selection_splitting_from(statement: &str, hints: &FileHints, min_bytes: usize) -> Selection {
    if !statement_may_matter(statement, hints) {
        return Selection::Skip;
    }
    if statement.len() < min_bytes {
        return Selection::Whole;
    }
    let Some(starts) = class_members(statement) else {
        return Selection::Whole;
    };
    // `@x.route(...)` on a class makes its methods views (Flask-RESTX resources).
    let head = &statement[..starts[0].0];
    if head.contains("route") || head.contains("View") || head.contains("Resource") {
        return Selection::Whole;
    }
    let end_of = |i: usize| starts.get(i + 1).map_or(statement.len(), |&(next, _)| next);
    let mut parts: Vec<Range<usize>> = Vec::new();
    for (i, &(start, _)) in starts.iter().enumerate() {
        let end = end_of(i);
        let member = statement[start..end].trim_start_matches([' ', '\t']);
        if !statement_may_matter(member, hints) {
            continue;
        }
        match parts.last_mut() {
            Some(last) if last.end == start => last.end = end,
            _ => parts.push(start..end),
        }
    }
    if parts.is_empty() {
        // No body statement matters alone: the class was kept for words spread over
        // several. Its header and first statement make a class with nothing to find.
        parts.push(starts[0].0..end_of(0));
    }
    // The header goes first, joined to a body statement right under it.
    match parts.first_mut() {
        Some(first) if first.start == starts[0].0 => first.start = 0,
        _ => parts.insert(0, 0..starts[0].0),
    }
    if parts[0].end == statement.len() {
        return Selection::Whole;
    }
    Selection::Parts(parts)
}
