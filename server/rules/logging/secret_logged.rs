#![doc = include_str!("../../../docs/rules/FG402.md")]
//!
//! Implementation: every call to a log sink in the statement — `print`, `logging.<level>`,
//! `<logger>.<level>` where the receiver is a logger (`app.logger`, `current_app.logger`,
//! `logger`, `log`, `self.logger`, `audit_logger`, `logging.getLogger(...)`) — and the
//! values its message arguments carry. A value carries a secret when it is a
//! secret-like variable, attribute or key, or a string built from one (f-string, `+`,
//! `%`, `.format`, `.join`, `str()`), or the whole configuration or environment. Tests
//! of a value (`bool(key)`, `key is None`, `len(key)`), short slices (`key[:4]`,
//! `key[-4:]`) and any other call (`mask(key)`) carry nothing.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use tree_sitter::Node;

use crate::analysis::RuleContext;
use crate::finding::Finding;
use crate::rules::RuleCode;
use crate::rules::environment::unvalidated_secret_env::is_secret_env_name;
use crate::rules::environment::{compact, is_env_getter, is_environ, unwrap_parens, walk};
use crate::rules::secrets::bindings::plain_string;
use crate::secrets::names::{NameKind, classify, segments};
use crate::secrets::redact::redact_code_literals;

/// Logger methods that write a record.
const LOG_METHODS: &[&str] = &[
    "debug",
    "info",
    "warning",
    "warn",
    "error",
    "exception",
    "critical",
    "fatal",
    "log",
];

/// The longest prefix or suffix slice (`key[:4]`, `key[-4:]`) treated as redaction.
const MAX_SHOWN_CHARS: i64 = 8;

/// Substrings a statement must hold (case-insensitively) to log anything secret.
const SECRET_HINTS: &[&str] = &[
    "pass",
    "pwd",
    "secret",
    "token",
    "credential",
    "key",
    "config",
    "environ",
    "getenv",
];

/// How a log call is written in the text: `print(` or `.<level>(`. The checker's
/// prefilters look for the same patterns.
pub(crate) const SINK_PATTERNS: &[&str] = &[
    "print(",
    ".debug(",
    ".info(",
    ".warning(",
    ".warn(",
    ".error(",
    ".exception(",
    ".critical(",
    ".fatal(",
    ".log(",
];

fn hints() -> &'static (AhoCorasick, AhoCorasick) {
    static CELL: OnceLock<(AhoCorasick, AhoCorasick)> = OnceLock::new();
    CELL.get_or_init(|| {
        let build = |words: &[&str], case_insensitive: bool| {
            AhoCorasick::builder()
                .ascii_case_insensitive(case_insensitive)
                .build(words)
                .unwrap_or_else(|err| panic!("invalid built-in hints: {err}"))
        };
        (build(SINK_PATTERNS, false), build(SECRET_HINTS, true))
    })
}

pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let text = cx.text(stmt);
    let (sinks, secrets) = hints();
    // Where log calls may be: the walk below only enters nodes that contain one.
    let base = stmt.start_byte();
    let calls: Vec<usize> = sinks.find_iter(text).map(|m| base + m.start()).collect();
    if calls.is_empty() {
        return;
    }
    let extra = &cx.settings.extra_secret_names;
    let mentions_extra = || {
        let lower = text.to_lowercase();
        extra
            .iter()
            .flat_map(|name| segments(name))
            .any(|segment| lower.contains(&segment))
    };
    if !secrets.is_match(text) && (extra.is_empty() || !mentions_extra()) {
        return;
    }
    walk(stmt, |node| {
        let first = calls.partition_point(|&at| at < node.start_byte());
        if calls.get(first).is_none_or(|&at| at >= node.end_byte()) {
            return false;
        }
        if node.kind() == "call" && is_log_sink(node, cx) {
            check_sink(node, cx, out);
        }
        true
    });
}

/// `print(...)`, `logging.info(...)`, `app.logger.warning(...)`, `logger.error(...)`.
fn is_log_sink(call: Node<'_>, cx: &RuleContext<'_>) -> bool {
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    match function.kind() {
        "identifier" => matches!(cx.text(function), "print" | "pprint"),
        "attribute" => {
            let (Some(object), Some(method)) = (
                function.child_by_field_name("object"),
                function.child_by_field_name("attribute"),
            ) else {
                return false;
            };
            let method = cx.text(method);
            (LOG_METHODS.contains(&method) && is_logger(object, cx))
                || (method == "pprint" && cx.text(object) == "pprint")
        }
        _ => false,
    }
}

/// `logging`, `logger`, `log`, `LOGGER`, `_log`, `app.logger`, `self.log`,
/// `audit_logger`, `logging.getLogger(__name__)`.
fn is_logger(object: Node<'_>, cx: &RuleContext<'_>) -> bool {
    let last = match object.kind() {
        "identifier" => cx.text(object),
        "attribute" => object
            .child_by_field_name("attribute")
            .map_or("", |a| cx.text(a)),
        "call" => {
            return object
                .child_by_field_name("function")
                .is_some_and(|f| matches!(cx.text(f).rsplit('.').next(), Some("getLogger")));
        }
        _ => return false,
    };
    let name = last.trim_matches('_').to_ascii_lowercase();
    name == "logging"
        || name == "logger"
        || name == "log"
        || name.ends_with("_logger")
        || name.ends_with("_log")
}

fn check_sink(call: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let Some(args) = call.child_by_field_name("arguments") else {
        return;
    };
    let mut found = Vec::new();
    let mut cursor = args.walk();
    for arg in args.named_children(&mut cursor) {
        match arg.kind() {
            "comment" => {}
            "keyword_argument" => {
                if arg
                    .child_by_field_name("name")
                    .is_some_and(|n| cx.text(n) == "msg")
                    && let Some(value) = arg.child_by_field_name("value")
                {
                    carried(value, cx, &mut found);
                }
            }
            _ => carried(arg, cx, &mut found),
        }
    }
    for (node, what) in found {
        out.push(finding(node, what, cx));
    }
}

#[derive(Clone, Copy)]
enum Leak {
    /// A secret-like value.
    Secret,
    /// The whole configuration or environment.
    Whole,
}

/// How deep [`carried`] follows nested expressions (`"a" + "b" + ...` nests once per
/// operand); deeper parts are not looked at, so no input can exhaust the stack.
const MAX_DEPTH: usize = 64;

/// Pushes the nodes in `expr` whose value reaches the log line and is secret.
fn carried<'t>(expr: Node<'t>, cx: &RuleContext<'_>, found: &mut Vec<(Node<'t>, Leak)>) {
    carried_at(expr, cx, found, 0);
}

fn carried_at<'t>(
    expr: Node<'t>,
    cx: &RuleContext<'_>,
    found: &mut Vec<(Node<'t>, Leak)>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let carried = |e: Node<'t>, cx: &RuleContext<'_>, found: &mut Vec<(Node<'t>, Leak)>| {
        carried_at(e, cx, found, depth + 1)
    };
    let expr = unwrap_parens(expr);
    if let Some(leak) = leak_of(expr, cx) {
        found.push((expr, leak));
        return;
    }
    match expr.kind() {
        "string" => {
            let mut cursor = expr.walk();
            for child in expr.named_children(&mut cursor) {
                if child.kind() == "interpolation"
                    && let Some(inner) = child.named_child(0)
                {
                    carried(inner, cx, found);
                }
            }
        }
        "concatenated_string" | "tuple" | "list" | "set" | "expression_list" => {
            let mut cursor = expr.walk();
            for child in expr.named_children(&mut cursor) {
                carried(child, cx, found);
            }
        }
        "binary_operator" => {
            let op = expr.child_by_field_name("operator").map(|o| o.kind());
            if matches!(op, Some("+" | "%")) {
                for side in ["left", "right"] {
                    if let Some(side) = expr.child_by_field_name(side) {
                        carried(side, cx, found);
                    }
                }
            }
        }
        "boolean_operator" => {
            let is_or = expr
                .child_by_field_name("operator")
                .is_some_and(|o| o.kind() == "or");
            if is_or && let Some(left) = expr.child_by_field_name("left") {
                carried(left, cx, found);
            }
            if let Some(right) = expr.child_by_field_name("right") {
                carried(right, cx, found);
            }
        }
        "conditional_expression" => {
            let mut cursor = expr.walk();
            let parts: Vec<Node<'t>> = expr
                .named_children(&mut cursor)
                .filter(|n| n.kind() != "comment")
                .collect();
            if let [value, _condition, alternative] = parts.as_slice() {
                carried(*value, cx, found);
                carried(*alternative, cx, found);
            }
        }
        "dictionary" => {
            let mut cursor = expr.walk();
            for pair in expr.named_children(&mut cursor) {
                match pair.kind() {
                    "pair" => {
                        let (Some(key), Some(value)) = (
                            pair.child_by_field_name("key"),
                            pair.child_by_field_name("value"),
                        ) else {
                            continue;
                        };
                        let secret_key =
                            plain_string(key, cx.source).is_some_and(|k| is_secret_name(&k, cx));
                        if secret_key && !is_constant(value) {
                            found.push((value, Leak::Secret));
                        } else {
                            carried(value, cx, found);
                        }
                    }
                    "dictionary_splat" => {
                        if let Some(inner) = pair.named_child(0) {
                            carried(inner, cx, found);
                        }
                    }
                    _ => {}
                }
            }
        }
        "call" => {
            let Some(function) = expr.child_by_field_name("function") else {
                return;
            };
            let Some(args) = expr.child_by_field_name("arguments") else {
                return;
            };
            let passes_through = match function.kind() {
                "identifier" => matches!(
                    cx.text(function),
                    "str" | "repr" | "format" | "ascii" | "dict" | "list" | "tuple" | "sorted"
                ),
                "attribute" => {
                    let method = function
                        .child_by_field_name("attribute")
                        .map_or("", |a| cx.text(a));
                    let callee = compact(cx.text(function));
                    if let Some(object) = function.child_by_field_name("object") {
                        if VALUE_METHODS.contains(&method) {
                            carried(object, cx, found);
                        }
                    }
                    matches!(method, "format" | "join" | "format_map")
                        || matches!(callee.as_str(), "json.dumps" | "pprint.pformat" | "pformat")
                }
                _ => false,
            };
            if passes_through {
                let mut cursor = args.walk();
                for arg in args.named_children(&mut cursor) {
                    let value = if arg.kind() == "keyword_argument" {
                        arg.child_by_field_name("value")
                    } else {
                        Some(arg)
                    };
                    if let Some(value) = value {
                        carried(value, cx, found);
                    }
                }
            }
        }
        "subscript" => {
            // `key[:4]` / `key[-4:]` show a short prefix or suffix: redaction. Other
            // slices pass most of the value through.
            if let (Some(value), Some(index)) = (
                expr.child_by_field_name("value"),
                expr.child_by_field_name("subscript"),
            ) && index.kind() == "slice"
                && !is_short_slice(index, cx)
            {
                carried(value, cx, found);
            }
        }
        "list_splat" | "parenthesized_list_splat" => {
            if let Some(inner) = expr.named_child(0) {
                carried(inner, cx, found);
            }
        }
        _ => {}
    }
}

/// Methods whose result is (most of) the value they are called on.
const VALUE_METHODS: &[&str] = &[
    "strip", "lstrip", "rstrip", "lower", "upper", "title", "casefold", "encode", "decode",
    "replace", "hex", "copy", "items", "values", "to_dict",
];

/// What `node` leaks on its own, if anything.
fn leak_of(node: Node<'_>, cx: &RuleContext<'_>) -> Option<Leak> {
    match node.kind() {
        "identifier" => is_secret_name(cx.text(node), cx).then_some(Leak::Secret),
        "attribute" => {
            let text = compact(cx.text(node));
            if is_environ(&text) || is_app_config(&text) {
                return Some(Leak::Whole);
            }
            let attr = node.child_by_field_name("attribute")?;
            if is_secret_name(cx.text(attr), cx) {
                return Some(Leak::Secret);
            }
            // A form field's value: `form.password.data` (WTForms), `field.value`.
            if matches!(cx.text(attr), "data" | "value") {
                let object = node.child_by_field_name("object")?;
                return leak_of(object, cx).filter(|l| matches!(l, Leak::Secret));
            }
            None
        }
        "subscript" => {
            let key = node.child_by_field_name("subscript")?;
            let key = plain_string(key, cx.source)?;
            let value = compact(cx.text(node.child_by_field_name("value")?));
            let secret = if is_environ(&value) {
                is_secret_env_name(&key, &cx.settings.extra_secret_names)
            } else {
                is_secret_name(&key, cx)
            };
            secret.then_some(Leak::Secret)
        }
        "call" => {
            let function = node.child_by_field_name("function")?;
            let callee = compact(cx.text(function));
            let args = node.child_by_field_name("arguments")?;
            let first = args.named_child(0)?;
            if first.kind() == "keyword_argument" {
                return None;
            }
            let getter = is_env_getter(&callee) || callee.ends_with(".get");
            if !getter {
                return None;
            }
            let key = plain_string(first, cx.source)?;
            let secret = if is_env_getter(&callee) {
                is_secret_env_name(&key, &cx.settings.extra_secret_names)
            } else {
                is_secret_name(&key, cx)
            };
            secret.then_some(Leak::Secret)
        }
        _ => None,
    }
}

/// `app.config`, `current_app.config`, `self.app.config`, `flask_app.config`.
fn is_app_config(text: &str) -> bool {
    text.strip_suffix(".config").is_some_and(|object| {
        let last = object.rsplit('.').next().unwrap_or(object);
        last.to_ascii_lowercase().contains("app") || matches!(last, "server" | "flask")
    })
}

/// Words before a final `key` that name a storage or data key, not a credential
/// (`s3_key`, `object_key`, `file_key`); the public and cache keys are already ruled
/// out by [`classify`].
const DATA_KEY_QUALIFIERS: &[&str] = &[
    "s3",
    "object",
    "file",
    "bucket",
    "storage",
    "upload",
    "blob",
    "media",
    "image",
    "asset",
    "item",
    "record",
    "group",
    "message",
    "queue",
    "job",
    "task",
    "field",
    "column",
    "table",
    "json",
    "dict",
    "map",
    "index",
    "entry",
    "row",
    "node",
    "state",
    "dedup",
    "unique",
    "composite",
    "natural",
    "sort",
    "lock",
    "rate",
    "limit",
];

/// A secret-like name: a secret word or pair, a configured extra name, or a qualified
/// `*_key` that does not name a storage or data key (`stripe_key`, `MAPS_KEY`).
fn is_secret_name(name: &str, cx: &RuleContext<'_>) -> bool {
    match classify(name, &cx.settings.extra_secret_names) {
        NameKind::Secret => true,
        NameKind::Plain => false,
        NameKind::KeyLike => {
            let segs = segments(name);
            segs.len() >= 2
                && !DATA_KEY_QUALIFIERS.contains(&segs[segs.len() - 2].as_str())
                && !segs[segs.len() - 2].chars().all(|c| c.is_ascii_digit())
        }
    }
}

/// Literals and `None`: constants that carry nothing from elsewhere.
fn is_constant(node: Node<'_>) -> bool {
    matches!(
        node.kind(),
        "string" | "integer" | "float" | "true" | "false" | "none" | "concatenated_string"
    ) && !(node.kind() == "string" && has_interpolation(node))
}

fn has_interpolation(node: Node<'_>) -> bool {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .any(|c| c.kind() == "interpolation")
}

/// `[:N]`, `[-N:]`, `[0:N]` with N at most [`MAX_SHOWN_CHARS`].
fn is_short_slice(slice: Node<'_>, cx: &RuleContext<'_>) -> bool {
    let text = compact(cx.text(slice));
    let parts: Vec<&str> = text.split(':').collect();
    let small = |s: &str| s.parse::<i64>().is_ok_and(|n| n.abs() <= MAX_SHOWN_CHARS);
    match parts.as_slice() {
        [start, end] => {
            (start.is_empty() || *start == "0") && small(end) && !end.starts_with('-')
                || (end.is_empty() && start.starts_with('-') && small(start))
        }
        _ => false,
    }
}

fn finding(node: Node<'_>, leak: Leak, cx: &RuleContext<'_>) -> Finding {
    let shown = shown(cx.text(node));
    let message = match leak {
        Leak::Secret => format!(
            "`{shown}` is a secret written to the log: log lines end up in files, log \
             aggregators and error trackers that many more people can read; log whether it \
             is set, or a redacted form"
        ),
        Leak::Whole => format!(
            "`{shown}` written to the log holds every setting, secrets included (SECRET_KEY, \
             database passwords, API keys)"
        ),
    };
    Finding::new(RuleCode::FG402, node.byte_range(), message).with_lowering(cx.lowering_at(node))
}

/// Code as a message shows it: one line, at most 60 characters.
fn shown(text: &str) -> String {
    let flat = redact_code_literals(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    let mut chars = flat.chars();
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}
