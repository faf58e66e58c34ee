//! Environment rules: FG204 truthy-env-flag, FG501 unvalidated-secret-env.
//!
//! Both look at reads of the process environment: `os.environ.get(...)`,
//! `os.getenv(...)`, and the same through `from os import environ, getenv` or an alias
//! of `os` (`_os.environ.get`). A byte-level prefilter skips statements that mention
//! neither `environ` nor `getenv`.

pub mod truthy_env_flag;
pub mod unvalidated_secret_env;

use tree_sitter::Node;

use crate::analysis::RuleContext;
use crate::finding::Finding;
use crate::rules::secrets::bindings::plain_string;

pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let text = cx.text(stmt);
    if !(text.contains("environ") || text.contains("getenv")) {
        return;
    }
    truthy_env_flag::check_statement(stmt, cx, out);
    unvalidated_secret_env::check_statement(stmt, cx, out);
}

/// A read of one environment variable.
#[derive(Debug, Clone)]
pub struct EnvLookup<'t> {
    /// The looked-up name when it is a plain string literal.
    pub name: Option<String>,
    /// The default value (second positional argument or `default=`), if any.
    pub default: Option<Node<'t>>,
    /// `os.environ["X"]` rather than a `.get` / `getenv` call.
    pub subscript: bool,
}

/// The callee texts that read the environment with a default: `os.environ.get`,
/// `environ.get`, `os.getenv`, `getenv`, and the same under an alias of `os`
/// (`_os.environ.get`, `_os.getenv`).
pub fn is_env_getter(callee: &str) -> bool {
    let callee = callee.trim();
    if callee == "getenv" || callee == "environ.get" {
        return true;
    }
    let Some((object, last)) = callee.rsplit_once('.') else {
        return false;
    };
    match last {
        "getenv" => is_simple_name(object),
        "get" => object.strip_suffix(".environ").is_some_and(is_simple_name),
        _ => false,
    }
}

/// `os`, or an alias spelled like it (`_os`, `os_`): not `request.environ`, not
/// `self.os`.
fn is_simple_name(text: &str) -> bool {
    text.trim_matches('_') == "os"
}

/// `os.environ`, `environ` or an alias's `_os.environ`.
pub fn is_environ(text: &str) -> bool {
    text == "environ" || text.strip_suffix(".environ").is_some_and(is_simple_name)
}

/// When `node` (parentheses unwrapped) reads one environment variable: `os.environ.get(X[, d])`,
/// `os.getenv(X[, d])`, `environ.get(...)`, `getenv(...)`, `os.environ[X]`.
pub fn env_lookup<'t>(node: Node<'t>, cx: &RuleContext<'_>) -> Option<EnvLookup<'t>> {
    let node = unwrap_parens(node);
    match node.kind() {
        "call" => {
            let function = node.child_by_field_name("function")?;
            if !matches!(function.kind(), "attribute" | "identifier") {
                return None;
            }
            if !is_env_getter(&compact(cx.text(function))) {
                return None;
            }
            let args = node.child_by_field_name("arguments")?;
            if args.kind() != "argument_list" {
                return None;
            }
            let mut positional = Vec::new();
            let mut default = None;
            let mut cursor = args.walk();
            for arg in args.named_children(&mut cursor) {
                match arg.kind() {
                    "comment" => {}
                    "keyword_argument" => {
                        let name = arg.child_by_field_name("name").map(|n| cx.text(n));
                        if name == Some("default") {
                            default = arg.child_by_field_name("value");
                        } else if name != Some("key") {
                            return None;
                        } else {
                            positional.insert(0, arg.child_by_field_name("value")?);
                        }
                    }
                    "list_splat" | "dictionary_splat" => return None,
                    _ => positional.push(arg),
                }
            }
            if positional.is_empty() || positional.len() > 2 {
                return None;
            }
            if positional.len() == 2 {
                default = Some(positional[1]);
            }
            Some(EnvLookup {
                name: plain_string(positional[0], cx.source),
                default,
                subscript: false,
            })
        }
        "subscript" => {
            let value = node.child_by_field_name("value")?;
            if !is_environ(&compact(cx.text(value))) {
                return None;
            }
            let key = node.child_by_field_name("subscript")?;
            Some(EnvLookup {
                name: plain_string(key, cx.source),
                default: None,
                subscript: true,
            })
        }
        _ => None,
    }
}

/// The text without whitespace (`os . environ . get` → `os.environ.get`).
pub fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

pub fn unwrap_parens(mut node: Node<'_>) -> Node<'_> {
    while node.kind() == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) if inner.kind() != "comment" => node = inner,
            _ => break,
        }
    }
    node
}

/// Visits every node of `stmt` (depth first, in source order), skipping the subtrees
/// `skip` rejects.
pub fn walk<'t>(stmt: Node<'t>, mut visit: impl FnMut(Node<'t>) -> bool) {
    let mut cursor = stmt.walk();
    loop {
        let descend = visit(cursor.node());
        if descend && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() || cursor.node().id() == stmt.id() {
                return;
            }
        }
    }
}
