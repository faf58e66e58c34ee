#![doc = include_str!("../../../docs/rules/FG601.md")]
//!
//! Implementation: a two-operand `==` / `!=` where one side comes from the request
//! (`request.headers.get(...)`, `request.args[...]`, or a local assigned from one, a
//! few levels deep) and the other is a secret-like value that does not: a secret-like
//! variable or attribute, `app.config["API_KEY"]`, `os.environ.get("API_TOKEN")`, or
//! an f-string built from one (`f"Bearer {API_TOKEN}"`). Fix I rewrites the
//! comparison to `hmac.compare_digest` (not offered for f-strings, whose text is never
//! empty, so the missing-key guard would not hold).

use std::cell::RefCell;
use std::collections::HashMap;

use tree_sitter::Node;

use super::{descendants, occurrences, path_to};
use crate::analysis::RuleContext;
use crate::finding::{Finding, FixPlan};
use crate::rules::RuleCode;
use crate::rules::responses::flow::{Scope, code_snippet, named};
use crate::secrets::names::{NameKind, classify};
use crate::secrets::redact::redact_code_literals;

const MAX_DEPTH: usize = 4;

/// The answers already given in one scope, by question, node and depth: a local
/// assigned many times from other such locals would otherwise be followed once per
/// path to it, exponentially many with the depth.
#[derive(Default)]
struct Memo(RefCell<HashMap<(Question, usize, usize), bool>>);

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Question {
    FromRequest,
    RequestChain,
    SecretValue,
}

impl Memo {
    /// `answer()` for `question` about `node` at `depth`, computed once.
    fn get(
        &self,
        question: Question,
        node: Node<'_>,
        depth: usize,
        answer: impl FnOnce() -> bool,
    ) -> bool {
        let key = (question, node.id(), depth);
        if let Some(&known) = self.0.borrow().get(&key) {
            return known;
        }
        let value = answer();
        self.0.borrow_mut().insert(key, value);
        value
    }
}

pub fn check_statement(stmt: Node<'_>, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    check(stmt, cx, out);
}

fn check<'t>(stmt: Node<'t>, cx: &RuleContext<'t>, out: &mut Vec<Finding>) {
    let mut scopes: Vec<(usize, Scope<'t, '_>, Memo)> = Vec::new();
    // Each `==` / `!=` of the statement, found by its bytes; the path down to it gives
    // the comparison and its enclosing function without walking the whole statement.
    let text = cx.text(stmt);
    let mut offsets = occurrences(stmt, text, "==");
    offsets.extend(occurrences(stmt, text, "!="));
    offsets.sort_unstable();
    let mut seen = Vec::new();
    for at in offsets {
        let path = path_to(stmt, at);
        let Some(position) = path.iter().rposition(|n| n.kind() == "comparison_operator") else {
            continue;
        };
        let comparison = path[position];
        if seen.contains(&comparison.id()) {
            continue;
        }
        seen.push(comparison.id());
        let operands = named(comparison);
        if operands.len() != 2 {
            continue;
        }
        let operators: Vec<&str> = {
            let mut cursor = comparison.walk();
            comparison
                .children_by_field_name("operators", &mut cursor)
                .map(|op| op.kind())
                .collect()
        };
        let negated = match operators.as_slice() {
            ["=="] => false,
            ["!="] => true,
            _ => continue,
        };
        let enclosing = path[..position]
            .iter()
            .rposition(|a| a.kind() == "function_definition");
        let function = enclosing.map(|i| path[i]);
        // Flask-HTTPAuth passes the request's credentials to `@auth.verify_password`
        // and `@auth.verify_token` callbacks as their parameters.
        let credentials_callback = enclosing
            .and_then(|i| i.checked_sub(1))
            .map(|i| path[i])
            .filter(|parent| parent.kind() == "decorated_definition")
            .is_some_and(|parent| {
                named(parent).into_iter().any(|d| {
                    d.kind() == "decorator"
                        && ["verify_password", "verify_token"]
                            .iter()
                            .any(|hook| cx.text(d).contains(hook))
                })
            });
        let key = function.map_or(usize::MAX, |f| f.id());
        let index = match scopes.iter().position(|(id, _, _)| *id == key) {
            Some(index) => index,
            None => {
                let scope = match function {
                    Some(f) => Scope::of(f, false, cx),
                    None => Scope::of(stmt, false, cx),
                };
                scopes.push((key, scope, Memo::default()));
                scopes.len() - 1
            }
        };
        let (_, scope, memo) = &scopes[index];
        let (left, right) = (operands[0], operands[1]);
        let from_request = |n: Node<'t>| {
            from_request(n, scope, memo, 0)
                || (credentials_callback
                    && n.kind() == "identifier"
                    && scope.is_parameter(cx.text(n)))
        };
        let (supplied, expected) = if from_request(left) && !from_request(right) {
            (left, right)
        } else if from_request(right) && !from_request(left) {
            (right, left)
        } else {
            continue;
        };
        if !is_secret_value(expected, scope, memo, 0) {
            continue;
        }
        let mut finding = Finding::new(
            RuleCode::FG601,
            comparison.byte_range(),
            format!(
                "`{}` compares a key with request input using `{}`: the time it takes \
                 reveals how much of the key matched; use `hmac.compare_digest`",
                code_snippet(expected, cx),
                if negated { "!=" } else { "==" },
            ),
        )
        .with_lowering(cx.lowering_at(comparison));
        // The fix repeats the key's expression in its edit: not when that holds a value
        // literal (`os.environ.get("API_KEY", "…")`), which the edit would then carry and
        // keep; the fallback's own fix (FG104) comes first.
        let expected_text = cx.text(expected);
        let holds_value = redact_code_literals(expected_text) != expected_text;
        if expected.kind() != "string" && !holds_value {
            finding = finding.with_fix(FixPlan::CompareDigest {
                comparison: comparison.byte_range(),
                supplied: supplied.byte_range(),
                expected: expected.byte_range(),
                negated,
            });
        }
        out.push(finding);
    }
}

/// True when `expr` reads the request, directly or through locals.
fn from_request<'t>(expr: Node<'t>, scope: &Scope<'t, '_>, memo: &Memo, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    memo.get(Question::FromRequest, expr, depth, || {
        reads_request(expr, scope, memo, depth)
    })
}

fn reads_request<'t>(expr: Node<'t>, scope: &Scope<'t, '_>, memo: &Memo, depth: usize) -> bool {
    let cx = scope.cx;
    // A stored secret of an object looked up with request input (`user.password` of
    // `User.query.filter_by(name=request.form["name"])`) is not request input itself;
    // `request.authorization.password` and `auth.password` of `auth = request.authorization` are.
    if expr.kind() == "attribute"
        && let (Some(object), Some(attribute)) = (
            expr.child_by_field_name("object"),
            expr.child_by_field_name("attribute"),
        )
        && classify(cx.text(attribute), &cx.settings.extra_secret_names) != NameKind::Plain
    {
        return is_request_chain(object, scope, memo, depth);
    }
    let mut identifiers = descendants(expr, &["identifier"]);
    if expr.kind() == "identifier" {
        identifiers.push(expr);
    }
    identifiers.into_iter().any(|id| {
        let name = cx.text(id);
        if cx.summary.flask.is_request(name) && !scope.is_local(name) {
            return true;
        }
        scope.is_local(name)
            && scope
                .values_of(name)
                .iter()
                .any(|value| from_request(*value, scope, memo, depth + 1))
    }) || cx.text(expr).starts_with("flask.request")
}

/// True when `expr` is the request or an attribute, item or method result of it, or a
/// local holding one.
fn is_request_chain<'t>(expr: Node<'t>, scope: &Scope<'t, '_>, memo: &Memo, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    memo.get(Question::RequestChain, expr, depth, || {
        request_chain(expr, scope, memo, depth)
    })
}

fn request_chain<'t>(expr: Node<'t>, scope: &Scope<'t, '_>, memo: &Memo, depth: usize) -> bool {
    let cx = scope.cx;
    match expr.kind() {
        "identifier" => {
            let name = cx.text(expr);
            if scope.is_local(name) {
                scope
                    .values_of(name)
                    .iter()
                    .any(|v| is_request_chain(*v, scope, memo, depth + 1))
            } else {
                cx.summary.flask.is_request(name)
            }
        }
        "attribute" => expr
            .child_by_field_name("object")
            .is_some_and(|o| is_request_chain(o, scope, memo, depth)),
        "subscript" => expr
            .child_by_field_name("value")
            .is_some_and(|v| is_request_chain(v, scope, memo, depth)),
        "call" => expr
            .child_by_field_name("function")
            .is_some_and(|f| is_request_chain(f, scope, memo, depth)),
        _ => false,
    }
}

/// True when `expr` is a secret: a secret-like name, a configured secret, or an
/// f-string built from one.
fn is_secret_value<'t>(expr: Node<'t>, scope: &Scope<'t, '_>, memo: &Memo, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    memo.get(Question::SecretValue, expr, depth, || {
        secret_value(expr, scope, memo, depth)
    })
}

fn secret_value<'t>(expr: Node<'t>, scope: &Scope<'t, '_>, memo: &Memo, depth: usize) -> bool {
    let cx = scope.cx;
    let secret_name =
        |name: &str| classify(name, &cx.settings.extra_secret_names) != NameKind::Plain;
    match expr.kind() {
        "identifier" => {
            let name = cx.text(expr);
            secret_name(name)
                || scope
                    .values_of(name)
                    .iter()
                    .any(|v| is_secret_value(*v, scope, memo, depth + 1))
        }
        "attribute" => expr
            .child_by_field_name("attribute")
            .is_some_and(|a| secret_name(cx.text(a))),
        "subscript" | "call" => scope.lookup(expr).is_some_and(|key| secret_name(&key)),
        "parenthesized_expression" => expr
            .named_child(0)
            .is_some_and(|inner| is_secret_value(inner, scope, memo, depth)),
        "string" => named(expr).into_iter().any(|part| {
            part.kind() == "interpolation"
                && part
                    .child_by_field_name("expression")
                    .is_some_and(|inner| is_secret_value(inner, scope, memo, depth))
        }),
        _ => false,
    }
}
