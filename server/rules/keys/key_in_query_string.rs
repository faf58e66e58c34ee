#![doc = include_str!("../../../docs/rules/FG602.md")]
//!
//! Implementation: `request.args.get("NAME", ...)`, `request.args["NAME"]` and
//! `request.args.get(key="NAME")` where NAME is secret-like (including a bare `key`
//! or any `*_key`). `request.headers`, `request.form` and `request.json` are fine.

use tree_sitter::Node;

use super::{occurrences, path_to};
use crate::analysis::RuleContext;
use crate::finding::Finding;
use crate::rules::RuleCode;
use crate::rules::responses::flow::{named, string_value};
use crate::secrets::names::{NameKind, classify};

pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    // Each `.args` of the statement, found by its bytes, then looked at from the path
    // down to it: `request.args` inside `request.args[...]` or `request.args.get(...)`.
    for at in occurrences(stmt, cx.text(stmt), ".args") {
        let path = path_to(stmt, at + 1);
        let Some(k) = path.iter().rposition(|n| {
            n.kind() == "attribute"
                && n.child_by_field_name("attribute")
                    .is_some_and(|a| a.start_byte() == at + 1 && cx.text(a) == "args")
        }) else {
            continue;
        };
        let attribute = path[k];
        let parent = k.checked_sub(1).map(|i| path[i]);
        let grandparent = k.checked_sub(2).map(|i| path[i]);
        let (node, args, key) = match parent {
            Some(p)
                if p.kind() == "subscript"
                    && p.child_by_field_name("value")
                        .is_some_and(|v| v.id() == attribute.id()) =>
            {
                (p, attribute, p.child_by_field_name("subscript"))
            }
            Some(p)
                if p.kind() == "attribute"
                    && p.child_by_field_name("attribute")
                        .is_some_and(|a| cx.text(a) == "get") =>
            {
                let Some(call) = grandparent.filter(|g| {
                    g.kind() == "call"
                        && g.child_by_field_name("function")
                            .is_some_and(|f| f.id() == p.id())
                }) else {
                    continue;
                };
                let arguments = call
                    .child_by_field_name("arguments")
                    .map(named)
                    .unwrap_or_default();
                let key = arguments.iter().find_map(|a| match a.kind() {
                    "keyword_argument" => a
                        .child_by_field_name("name")
                        .filter(|n| cx.text(*n) == "key")
                        .and_then(|_| a.child_by_field_name("value")),
                    _ => None,
                });
                let first = arguments
                    .iter()
                    .copied()
                    .find(|a| a.kind() != "keyword_argument");
                (call, attribute, key.or(first))
            }
            _ => continue,
        };
        if !is_request_args(args, cx) {
            continue;
        }
        let Some(name) = key.and_then(|k| string_value(k, cx)) else {
            continue;
        };
        if classify(&name, &cx.settings.extra_secret_names) == NameKind::Plain {
            continue;
        }
        out.push(
            Finding::new(
                RuleCode::FG602,
                node.byte_range(),
                format!(
                    "`{name}` is read from the query string: URLs end up in access logs, proxy \
                     logs, browser history and `Referer` headers; send the key in a header \
                     (`request.headers.get(\"X-API-Key\")`) instead"
                ),
            )
            .with_lowering(cx.lowering_at(node)),
        );
    }
}

/// `request.args` (under the name flask's `request` was imported as).
fn is_request_args(node: Node<'_>, cx: &RuleContext<'_>) -> bool {
    node.kind() == "attribute"
        && node
            .child_by_field_name("attribute")
            .is_some_and(|a| cx.text(a) == "args")
        && node
            .child_by_field_name("object")
            .is_some_and(|o| cx.summary.flask.is_request(cx.text(o)))
}
