//! Where a literal stands: bound to a name (and which environment variable the fixes
//! would read it from), a parameter default, a comparison, an environment fallback,
//! or nowhere in particular.

use std::collections::HashMap;
use std::ops::Range;

use tree_sitter::Node;

use crate::analysis::RuleContext;
use crate::secrets::entropy::looks_random;
use crate::secrets::names::{env_var_name, segments};
use crate::secrets::{providers, redact};

/// A name a literal is bound to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The name classified as secret-like or not: `SECRET_KEY`, `secret_key` of
    /// `app.secret_key`, the key of `app.config["SECRET_KEY"]`, `api_key` of `api_key=`.
    pub name: String,
    /// How messages show it: `app.config["SECRET_KEY"]`, `api_key=`, `"password"`.
    pub shown: String,
    /// The environment variable fixes A and B read instead (SPEC fix A), or `None` when
    /// no such fix makes sense (the target is `os.environ[...]` itself).
    pub var: Option<String>,
}

/// An environment (or config) lookup with a literal fallback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvFallback {
    /// The looked-up name: `SECRET_KEY` of `os.environ.get("SECRET_KEY", "dev")`.
    pub name: String,
    /// The range fixes C and B replace: the call, or `os.environ.get("X") or "lit"`.
    pub call: Range<usize>,
    /// A lookup in the process environment (`os.environ`, `os.getenv`), which fixes C
    /// and B rewrite; `False` for `app.config.get(...)`, where replacing the lookup by
    /// an environment read would change where the value comes from.
    pub environ: bool,
    /// Names the lookup's result is bound to (`SECRET_KEY` in
    /// `SECRET_KEY = os.environ.get("FLASK_SESSION", "dev")`): a secret-like one makes
    /// the fallback a secret even when the looked-up name is not.
    pub bound_to: Vec<String>,
}

/// Where a literal stands (SPEC §2: "The fixes offered follow from where the literal
/// stands").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// Assigned to names (chained assignment gives several), passed as a keyword, or a
    /// value in a dict literal.
    Bound(Vec<Target>),
    /// `def connect(password="...")`.
    ParamDefault(Target),
    /// `password == "..."`.
    Comparison(Target),
    /// `os.environ.get("NAME", "...")` and friends.
    EnvFallback(EnvFallback),
    /// A comment.
    Comment,
    /// Anywhere else: a positional argument, a docstring, a list element...
    Free,
}

/// A node and its ancestors, nearest first: `chain[0]` is the node, `chain[1]` its
/// parent, and so on up to the top-level statement. Rules climb this instead of
/// calling `Node::parent`, which walks down from the module root on every call.
pub type Chain<'a, 't> = &'a [Node<'t>];

/// Skips the parentheses around `chain[0]`: the index of the outermost
/// parenthesised expression wrapping it (or 0).
fn skip_parens(chain: Chain<'_, '_>) -> usize {
    let mut i = 0;
    while chain
        .get(i + 1)
        .is_some_and(|p| p.kind() == "parenthesized_expression")
    {
        i += 1;
    }
    i
}

/// What [`position_of_in`] learnt about the nodes of one tree, so the literals of one
/// statement share it: whether each list, tuple or set holds only literals (without
/// it, every element of a long list would look at all the others).
#[derive(Debug, Default)]
pub struct Memo {
    all_literals: HashMap<usize, bool>,
}

/// Finds where the literal expression `chain[0]` stands.
pub fn position_of(chain: Chain<'_, '_>, cx: &RuleContext<'_>) -> Position {
    position_of_in(chain, cx, &mut Memo::default())
}

/// [`position_of`], remembering in `memo` what it learns about the statement's tree.
/// A `memo` serves the nodes of one tree only, while that tree lives.
pub fn position_of_in(chain: Chain<'_, '_>, cx: &RuleContext<'_>, memo: &mut Memo) -> Position {
    let i = skip_parens(chain);
    let (Some(&child), Some(&parent)) = (chain.get(i), chain.get(i + 1)) else {
        return Position::Free;
    };
    let up = chain.get(i + 1..).unwrap_or_default();
    let is_field = |field: &str| {
        parent
            .child_by_field_name(field)
            .is_some_and(|n| n.id() == child.id())
    };
    match parent.kind() {
        "assignment" if is_field("right") => Position::Bound(assignment_targets(up, cx)),
        "expression_list" => tuple_assignment_target(child, up, cx)
            .map_or(Position::Free, |t| Position::Bound(vec![t])),
        "keyword_argument" if is_field("value") => keyword_position(up, cx),
        "pair" if is_field("value") => parent
            .child_by_field_name("key")
            .and_then(|key| plain_string(key, cx.source))
            .map_or(Position::Free, |key| {
                Position::Bound(vec![Target {
                    shown: shown(&format!("\"{key}\"")),
                    var: Some(env_var_name(&key)).filter(|v| !v.is_empty()),
                    name: key,
                }])
            }),
        "default_parameter" | "typed_default_parameter" if is_field("value") => parent
            .child_by_field_name("name")
            .filter(|n| n.kind() == "identifier")
            .map_or(Position::Free, |name| {
                let name = cx.text(name).to_string();
                Position::ParamDefault(Target {
                    shown: shown(&name),
                    name,
                    var: None,
                })
            }),
        "comparison_operator" => {
            comparison_target(child, parent, cx).map_or(Position::Free, Position::Comparison)
        }
        "argument_list" => match positional_fallback(child, up, cx) {
            Some(fallback) => Position::EnvFallback(fallback),
            None => config_setdefault(child, up, cx)
                .or_else(|| signing_key_argument(child, up, cx))
                .map_or(Position::Free, |t| Position::Bound(vec![t])),
        },
        // `SECRET_KEY_FALLBACKS = ["old-key"]`: an element of a list bound to a
        // secret-like name is a secret too. No fix: the variable would replace one
        // element, not the list.
        // (`CREDENTIALS = ("admin", "...")` pairs a user name with the secret: only a
        // name that holds secrets throughout counts.)
        "list" | "tuple" | "set" => match position_of_container(up, cx, memo) {
            Some(targets) => Position::Bound(
                targets
                    .into_iter()
                    .filter(|t| {
                        !segments(&t.name)
                            .iter()
                            .any(|s| s == "credential" || s == "credentials")
                    })
                    .map(|t| Target { var: None, ..t })
                    .collect(),
            ),
            None => Position::Free,
        },
        "boolean_operator" if is_field("right") => {
            or_fallback(up, cx).map_or(Position::Free, Position::EnvFallback)
        }
        "conditional_expression" => conditional_position(child, up, cx, memo),
        _ => Position::Free,
    }
}

/// A literal that is a branch of `a if cond else b` (`chain[0]` is the conditional):
/// `os.getenv("X") if os.getenv("X") else "lit"` is an environment fallback; otherwise
/// the literal stands where the conditional stands (`SECRET_KEY = "dev" if DEBUG else
/// os.environ["SECRET_KEY"]` binds `"dev"` to `SECRET_KEY`). The condition binds nothing.
fn conditional_position(
    branch: Node<'_>,
    chain: Chain<'_, '_>,
    cx: &RuleContext<'_>,
    memo: &mut Memo,
) -> Position {
    let Some(&conditional) = chain.first() else {
        return Position::Free;
    };
    let mut cursor = conditional.walk();
    let parts: Vec<Node<'_>> = conditional.named_children(&mut cursor).collect();
    let [consequence, condition, alternative] = parts[..] else {
        return Position::Free;
    };
    if branch.id() == condition.id() {
        return Position::Free;
    }
    let other = if branch.id() == consequence.id() {
        alternative
    } else {
        consequence
    };
    let other = unwrap_parens(other);
    if other.kind() == "call"
        && let Some((name, environ)) = env_lookup(other, cx)
    {
        return Position::EnvFallback(EnvFallback {
            name,
            call: conditional.byte_range(),
            environ,
            bound_to: outer_names(chain, cx),
        });
    }
    position_of_in(chain, cx, memo)
}

/// The assignment targets of a list, tuple or set literal (`chain[0]`), if it is the
/// right side of an assignment.
fn position_of_container(
    chain: Chain<'_, '_>,
    cx: &RuleContext<'_>,
    memo: &mut Memo,
) -> Option<Vec<Target>> {
    let container = *chain.first()?;
    let i = skip_parens(chain);
    let (child, parent) = (*chain.get(i)?, *chain.get(i + 1)?);
    if parent.kind() != "assignment" {
        return None;
    }
    let is_right = parent
        .child_by_field_name("right")
        .is_some_and(|r| r.id() == child.id());
    if !is_right {
        return None;
    }
    // Only a collection of literals: `token = (NAME, "Hello")` is a record, not secrets.
    let all_literals = *memo.all_literals.entry(container.id()).or_insert_with(|| {
        let mut cursor = container.walk();
        container
            .named_children(&mut cursor)
            .filter(|n| n.kind() != "comment")
            .all(|n| matches!(n.kind(), "string" | "concatenated_string"))
    });
    if !all_literals {
        return None;
    }
    Some(assignment_targets(
        chain.get(i + 1..).unwrap_or_default(),
        cx,
    ))
}

/// The targets of `a = b = "lit"` in source order; `chain[0]` is the innermost
/// assignment.
fn assignment_targets(chain: Chain<'_, '_>, cx: &RuleContext<'_>) -> Vec<Target> {
    let mut targets = Vec::new();
    for (i, current) in chain.iter().enumerate() {
        if let Some(target) = current
            .child_by_field_name("left")
            .and_then(|left| target_of(left, cx))
        {
            targets.push(target);
        }
        let chained = chain.get(i + 1).is_some_and(|up| {
            up.kind() == "assignment"
                && up
                    .child_by_field_name("right")
                    .is_some_and(|r| r.id() == current.id())
        });
        if !chained {
            break;
        }
    }
    targets.reverse();
    targets
}

/// `user, password = "admin", "..."`: the target at the literal's index.
fn tuple_assignment_target(
    child: Node<'_>,
    chain: Chain<'_, '_>,
    cx: &RuleContext<'_>,
) -> Option<Target> {
    let list = *chain.first()?;
    let assignment = *chain.get(1).filter(|a| a.kind() == "assignment")?;
    if assignment.child_by_field_name("right")?.id() != list.id() {
        return None;
    }
    let left = assignment.child_by_field_name("left")?;
    if !matches!(left.kind(), "pattern_list" | "tuple_pattern") {
        return None;
    }
    let mut cursor = list.walk();
    let values: Vec<Node<'_>> = list.named_children(&mut cursor).collect();
    let mut cursor = left.walk();
    let names: Vec<Node<'_>> = left.named_children(&mut cursor).collect();
    if values.len() != names.len() {
        return None;
    }
    let index = values.iter().position(|v| v.id() == child.id())?;
    target_of(*names.get(index)?, cx)
}

/// A name, `obj.attr` or `d["KEY"]` assignment target.
fn target_of(left: Node<'_>, cx: &RuleContext<'_>) -> Option<Target> {
    match left.kind() {
        "identifier" => {
            let name = cx.text(left).to_string();
            Some(Target {
                shown: shown(&name),
                var: Some(env_var_name(&name)).filter(|v| !v.is_empty()),
                name,
            })
        }
        "attribute" => {
            let attr = cx.text(left.child_by_field_name("attribute")?).to_string();
            let object = left.child_by_field_name("object")?;
            let attr_var = env_var_name(&attr);
            let var = match object_prefix(object, cx) {
                Some(prefix) if !attr_var.starts_with(&format!("{prefix}_")) => {
                    format!("{prefix}_{attr_var}")
                }
                _ => attr_var,
            };
            Some(Target {
                shown: shown(cx.text(left)),
                var: Some(var).filter(|v| !v.is_empty()),
                name: attr,
            })
        }
        "subscript" => {
            let key = left
                .child_by_field_name("subscript")
                .and_then(|key| plain_string(key, cx.source))?;
            let container = cx.text(left.child_by_field_name("value")?);
            let var = if container.ends_with("environ") {
                None
            } else {
                Some(env_var_name(&key)).filter(|v| !v.is_empty())
            };
            Some(Target {
                shown: shown(cx.text(left)),
                var,
                name: key,
            })
        }
        _ => None,
    }
}

/// The prefix an attribute target's variable gets from its object: `stripe.api_key`
/// → `STRIPE`; none for the app, `self`, `cls` and config objects
/// (`app.secret_key` → `SECRET_KEY`).
fn object_prefix(object: Node<'_>, cx: &RuleContext<'_>) -> Option<String> {
    let last = match object.kind() {
        "identifier" => cx.text(object),
        "attribute" => cx.text(object.child_by_field_name("attribute")?),
        _ => return None,
    };
    let lower = last.to_ascii_lowercase();
    let configish = matches!(
        lower.as_str(),
        "self" | "cls" | "app" | "application" | "current_app" | "conf" | "cfg" | "g"
    ) || lower.ends_with("config")
        || lower.ends_with("settings")
        || cx.summary.is_flask_app(last);
    if configish {
        None
    } else {
        Some(env_var_name(last)).filter(|p| !p.is_empty())
    }
}

/// `api_key="..."` in a call, or `default="..."` in an environment lookup.
fn keyword_position(chain: Chain<'_, '_>, cx: &RuleContext<'_>) -> Position {
    let Some(name_node) = chain.first().and_then(|k| k.child_by_field_name("name")) else {
        return Position::Free;
    };
    let name = cx.text(name_node).to_string();
    let call = chain.get(2).copied().filter(|c| c.kind() == "call");
    if let Some(call) = call
        && name == "default"
        && let Some((looked_up, environ)) = env_lookup(call, cx)
    {
        return Position::EnvFallback(EnvFallback {
            name: looked_up,
            call: call.byte_range(),
            environ,
            bound_to: outer_names(chain.get(2..).unwrap_or_default(), cx),
        });
    }
    if let Some(call) = call
        && let Some(param) = key_param(call, cx)
        && param.keyword == name
    {
        return Position::Bound(vec![param.target(call, cx)]);
    }
    let var = call
        .and_then(|c| c.child_by_field_name("function"))
        .map_or_else(
            || env_var_name(&name),
            |callee| keyword_var(callee, &name, cx),
        );
    Position::Bound(vec![Target {
        shown: shown(&format!("{name}=")),
        var: Some(var).filter(|v| !v.is_empty()),
        name,
    }])
}

/// The variable for a keyword argument: the keyword itself for config updates and
/// functions (`config.update(MAIL_PASSWORD=...)` → `MAIL_PASSWORD`), prefixed with the
/// class for constructors (`OpenAI(api_key=...)` → `OPENAI_API_KEY`).
fn keyword_var(callee: Node<'_>, keyword: &str, cx: &RuleContext<'_>) -> String {
    let keyword_var = env_var_name(keyword);
    let last = match callee.kind() {
        "identifier" => cx.text(callee),
        "attribute" => callee
            .child_by_field_name("attribute")
            .map_or("", |a| cx.text(a)),
        _ => "",
    };
    let is_class = last.starts_with(|c: char| c.is_ascii_uppercase())
        && last.chars().any(|c| c.is_ascii_lowercase());
    let keyword_is_upper = !keyword.chars().any(|c| c.is_ascii_lowercase());
    if !is_class || keyword_is_upper {
        return keyword_var;
    }
    let mut stem = last;
    for suffix in ["Client", "API", "Api"] {
        stem = stem.strip_suffix(suffix).unwrap_or(stem);
    }
    let prefix: String = stem
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if prefix.is_empty() || keyword_var.starts_with(&format!("{prefix}_")) {
        keyword_var
    } else {
        format!("{prefix}_{keyword_var}")
    }
}

/// `password == "..."` / `"..." != token`: the named operand.
fn comparison_target(
    child: Node<'_>,
    comparison: Node<'_>,
    cx: &RuleContext<'_>,
) -> Option<Target> {
    let mut cursor = comparison.walk();
    let operands: Vec<Node<'_>> = comparison
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect();
    if operands.len() != 2 {
        return None;
    }
    let mut cursor = comparison.walk();
    let equality = comparison
        .children_by_field_name("operators", &mut cursor)
        .all(|op| matches!(op.kind(), "==" | "!="));
    if !equality {
        return None;
    }
    let other = operands.into_iter().find(|n| n.id() != child.id())?;
    let other = unwrap_parens(other);
    let name = match other.kind() {
        "identifier" => cx.text(other).to_string(),
        "attribute" => cx.text(other.child_by_field_name("attribute")?).to_string(),
        "subscript" => plain_string(other.child_by_field_name("subscript")?, cx.source)?,
        // `request.form.get("password") == "..."`
        "call" => {
            let function = other.child_by_field_name("function")?;
            if !cx.text(function).ends_with(".get") {
                return None;
            }
            let first = positional_args(other.child_by_field_name("arguments")?)
                .into_iter()
                .next()?;
            plain_string(first, cx.source)?
        }
        _ => return None,
    };
    Some(Target {
        shown: shown(cx.text(other)),
        name,
        var: None,
    })
}

/// `os.environ.get("NAME", "lit")`: the literal as the second positional argument.
fn positional_fallback(
    child: Node<'_>,
    chain: Chain<'_, '_>,
    cx: &RuleContext<'_>,
) -> Option<EnvFallback> {
    let args = *chain.first()?;
    let call = *chain.get(1).filter(|c| c.kind() == "call")?;
    let positional = positional_args(args);
    if positional.get(1).map(|n| n.id()) != Some(child.id()) {
        return None;
    }
    let (name, environ) = env_lookup(call, cx)?;
    Some(EnvFallback {
        name,
        call: call.byte_range(),
        environ,
        bound_to: outer_names(chain.get(1..).unwrap_or_default(), cx),
    })
}

/// A call parameter that is a signing or encryption key whatever it is called
/// (`jwt.encode(payload, "secret")`): a literal there is a hardcoded secret.
struct KeyParam {
    /// The callee, matched as the whole callee text or its dotted tail.
    callee: &'static str,
    /// Its position among the positional arguments.
    index: usize,
    /// Its keyword.
    keyword: &'static str,
    /// The variable fixes A and B read instead.
    var: &'static str,
}

const KEY_PARAMS: &[KeyParam] = &[
    KeyParam {
        callee: "jwt.encode",
        index: 1,
        keyword: "key",
        var: "JWT_SECRET_KEY",
    },
    KeyParam {
        callee: "jwt.decode",
        index: 1,
        keyword: "key",
        var: "JWT_SECRET_KEY",
    },
    KeyParam {
        callee: "hmac.new",
        index: 0,
        keyword: "key",
        var: "HMAC_KEY",
    },
    KeyParam {
        callee: "URLSafeTimedSerializer",
        index: 0,
        keyword: "secret_key",
        var: "SECRET_KEY",
    },
    KeyParam {
        callee: "URLSafeSerializer",
        index: 0,
        keyword: "secret_key",
        var: "SECRET_KEY",
    },
    KeyParam {
        callee: "TimedSerializer",
        index: 0,
        keyword: "secret_key",
        var: "SECRET_KEY",
    },
    KeyParam {
        callee: "TimestampSigner",
        index: 0,
        keyword: "secret_key",
        var: "SECRET_KEY",
    },
    KeyParam {
        callee: "Fernet",
        index: 0,
        keyword: "key",
        var: "FERNET_KEY",
    },
];

impl KeyParam {
    fn target(&self, call: Node<'_>, cx: &RuleContext<'_>) -> Target {
        let callee = call
            .child_by_field_name("function")
            .map_or(self.callee, |f| cx.text(f));
        Target {
            // Classified as a secret name whatever the parameter is called.
            name: "secret_key".to_string(),
            shown: shown(&format!("{callee}()")),
            var: Some(self.var.to_string()),
        }
    }
}

/// The key parameter of a known signing or encryption call.
fn key_param(call: Node<'_>, cx: &RuleContext<'_>) -> Option<&'static KeyParam> {
    let callee = cx.text(call.child_by_field_name("function")?);
    KEY_PARAMS.iter().find(|p| {
        callee == p.callee
            || callee
                .strip_suffix(p.callee)
                .is_some_and(|head| head.ends_with('.'))
    })
}

/// `jwt.encode(payload, "secret")`: the literal in a known key position.
fn signing_key_argument(
    child: Node<'_>,
    chain: Chain<'_, '_>,
    cx: &RuleContext<'_>,
) -> Option<Target> {
    let args = *chain.first()?;
    let call = *chain.get(1).filter(|c| c.kind() == "call")?;
    let param = key_param(call, cx)?;
    let positional = positional_args(args);
    if positional.get(param.index).map(|n| n.id()) != Some(child.id()) {
        return None;
    }
    Some(param.target(call, cx))
}

/// `app.config.setdefault("SECRET_KEY", "lit")`: a config binding of `SECRET_KEY`.
fn config_setdefault(
    child: Node<'_>,
    chain: Chain<'_, '_>,
    cx: &RuleContext<'_>,
) -> Option<Target> {
    let args = *chain.first()?;
    let call = *chain.get(1).filter(|c| c.kind() == "call")?;
    let function = cx.text(call.child_by_field_name("function")?);
    if !(function.ends_with(".config.setdefault") || function == "config.setdefault") {
        return None;
    }
    let positional = positional_args(args);
    if positional.get(1).map(|n| n.id()) != Some(child.id()) {
        return None;
    }
    let name = plain_string(*positional.first()?, cx.source)?;
    Some(Target {
        shown: shown(&name),
        var: Some(env_var_name(&name)).filter(|v| !v.is_empty()),
        name,
    })
}

/// `os.environ.get("NAME") or "lit"`: the same fallback spelled with `or`.
fn or_fallback(chain: Chain<'_, '_>, cx: &RuleContext<'_>) -> Option<EnvFallback> {
    let boolean = *chain.first()?;
    let operator = boolean.child_by_field_name("operator")?;
    if operator.kind() != "or" {
        return None;
    }
    let left = unwrap_parens(boolean.child_by_field_name("left")?);
    if left.kind() != "call" {
        return None;
    }
    let (name, environ) = env_lookup(left, cx)?;
    Some(EnvFallback {
        name,
        call: boolean.byte_range(),
        environ,
        bound_to: outer_names(chain, cx),
    })
}

/// The names an expression's value is bound to: assignment targets, the keyword it is
/// passed as, or its dict key. (No recursion: a lookup nested in another lookup has
/// no names of its own.)
fn outer_names(chain: Chain<'_, '_>, cx: &RuleContext<'_>) -> Vec<String> {
    let i = skip_parens(chain);
    let (Some(&child), Some(&parent)) = (chain.get(i), chain.get(i + 1)) else {
        return Vec::new();
    };
    let is_field = |field: &str| {
        parent
            .child_by_field_name(field)
            .is_some_and(|n| n.id() == child.id())
    };
    match parent.kind() {
        "assignment" if is_field("right") => {
            assignment_targets(chain.get(i + 1..).unwrap_or_default(), cx)
                .into_iter()
                .map(|t| t.name)
                .collect()
        }
        "keyword_argument" if is_field("value") => parent
            .child_by_field_name("name")
            .map(|n| vec![cx.text(n).to_string()])
            .unwrap_or_default(),
        "pair" if is_field("value") => parent
            .child_by_field_name("key")
            .and_then(|key| plain_string(key, cx.source))
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// When `call` looks a name up in the environment (`os.environ.get`, `environ.get`,
/// `os.getenv`, `getenv`, `os.environ.setdefault`) or the app config
/// (`app.config.get`), the looked-up name and whether it is the environment.
pub fn env_lookup(call: Node<'_>, cx: &RuleContext<'_>) -> Option<(String, bool)> {
    let function: String = cx
        .text(call.child_by_field_name("function")?)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let environ = match function.as_str() {
        "os.environ.get"
        | "environ.get"
        | "os.getenv"
        | "getenv"
        | "os.environ.setdefault"
        | "environ.setdefault" => true,
        f if f.ends_with(".config.get") || f == "config.get" => false,
        _ => return None,
    };
    let first = positional_args(call.child_by_field_name("arguments")?)
        .into_iter()
        .next()?;
    let name = plain_string(first, cx.source)?;
    Some((name, environ))
}

/// The positional arguments of an argument list.
fn positional_args(args: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = args.walk();
    args.named_children(&mut cursor)
        .filter(|n| {
            !matches!(
                n.kind(),
                "keyword_argument" | "comment" | "dictionary_splat" | "list_splat"
            )
        })
        .collect()
}

fn unwrap_parens(mut node: Node<'_>) -> Node<'_> {
    while node.kind() == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// The value of a plain string literal (no interpolation), such as a dict key or the
/// name in `os.environ.get("NAME")`.
pub fn plain_string(node: Node<'_>, source: &str) -> Option<String> {
    let node = unwrap_parens(node);
    if node.kind() != "string" {
        return None;
    }
    let mut value = String::new();
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        match child.kind() {
            "string_content" => value.push_str(source.get(child.byte_range())?),
            "interpolation" => return None,
            _ => {}
        }
    }
    Some(value)
}

/// A target as messages show it: at most 60 characters, and redacted should it hold
/// a provider token or a long random-looking run (a name is never worth leaking a
/// key for).
fn shown(text: &str) -> String {
    let random_run = text
        .split(|c: char| !c.is_alphanumeric())
        .any(|run| run.len() >= 20 && looks_random(run));
    if random_run || providers::may_contain_token(text) {
        return redact(text);
    }
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}
