#![doc = include_str!("../../../docs/rules/FG602.md")]
//!
//! Implementation: `request.args.get("NAME", ...)`, `request.args["NAME"]` and
//! `request.args.get(key="NAME")` where NAME is secret-like (including a bare `key`
//! or any `*_key`). `request.headers`, `request.form` and `request.json` are fine.

use tree_sitter::Node;

use super::descendants;
use crate::analysis::RuleContext;
use crate::finding::Finding;
use crate::rules::RuleCode;
use crate::rules::responses::flow::{named, string_value};
use crate::secrets::names::{NameKind, classify};

pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    for node in descendants(stmt, &["call", "subscript"]) {
        let (args, key) = match node.kind() {
            "call" => {
                let Some(function) = node.child_by_field_name("function") else {
                    continue;
                };
                let is_get = function.kind() == "attribute"
                    && function
                        .child_by_field_name("attribute")
                        .is_some_and(|a| cx.text(a) == "get");
                let Some(object) = function.child_by_field_name("object").filter(|_| is_get) else {
                    continue;
                };
                let arguments = node
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
                (object, key.or_else(|| arguments.first().copied()))
            }
            _ => {
                let Some(value) = node.child_by_field_name("value") else {
                    continue;
                };
                (value, node.child_by_field_name("subscript"))
            }
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
