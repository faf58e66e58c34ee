//! Data flow inside one function, enough for the patterns views use: which values reach
//! the response, and what they hold.
//!
//! A value reaches the response when it is returned, or passed to `jsonify`,
//! `make_response`, `Response`, `render_template` or `json.dumps` (the *sinks*; also
//! `abort(code, description)` and `flash(message)`, which show their text to the
//! user). A local variable carries what was assigned to it (flow-insensitively, a few
//! levels deep), and `dict(...)`, `.items()`, `.copy()`, `str()`, `{**x}` and comprehensions
//! over a mapping carry the whole mapping. Anything passed through another call is
//! assumed to be transformed and is not followed.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use crate::analysis::RuleContext;
use crate::analysis::flask::{View, ViewKind, is_view_class, view_kind};
use crate::secrets::names::{NameKind, classify};
use crate::secrets::redact;
use crate::secrets::redact::redact_code_literals;

/// What a leaked value holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leak {
    /// The app's whole configuration (FG301).
    Config,
    /// The whole process environment (FG302).
    Environ,
    /// One configured secret, named (FG303).
    Secret(String),
    /// Details of an exception: its text, arguments or traceback (FG401).
    Exception,
}

/// One value reaching the response: what it holds and the node to report.
#[derive(Debug, Clone)]
pub struct Reached<'t> {
    pub leak: Leak,
    pub node: Node<'t>,
    /// The local variable the value went through, if any.
    pub via: Option<String>,
}

/// A local's name, whether its value is turned into text, and the depth it is read at.
type LocalKey<'t> = (&'t str, bool, usize);

/// How deep local variables are followed.
const MAX_DEPTH: usize = 4;

/// Callees whose arguments become the response (by their last dotted segment).
fn is_sink(callee: &str) -> bool {
    let last = callee.rsplit('.').next().unwrap_or(callee);
    matches!(
        last,
        "jsonify"
            | "make_response"
            | "Response"
            | "render_template"
            | "render_template_string"
            | "abort"
            | "flash"
    ) || callee == "json.dumps"
        || callee == "flask.json.dumps"
        || callee == "dumps"
}

/// The function-level facts the flow needs.
pub struct Scope<'t, 'c> {
    pub cx: &'c RuleContext<'t>,
    /// Values assigned to each local name.
    assigned: HashMap<&'t str, Vec<Node<'t>>>,
    /// Every name bound in the function (parameters, targets, loop and `as` names).
    bound: HashSet<&'t str>,
    /// Names holding the exception being handled (`except ... as e`, a handler's
    /// first parameter).
    exceptions: HashSet<&'t str>,
    /// The function's parameters.
    parameters: HashSet<&'t str>,
    /// Values that reach the response: returned values and sink arguments, found in
    /// the same walk as the bindings.
    sent: Vec<Node<'t>>,
    /// What each local's values leak (by name, `text` and depth) and which mapping they
    /// hold (by name and depth), worked out once: a local assigned many times from
    /// other such locals would otherwise be followed once per path to it,
    /// exponentially many with the depth.
    local_leaks: RefCell<HashMap<LocalKey<'t>, Option<Reached<'t>>>>,
    local_mappings: RefCell<HashMap<(&'t str, usize), Option<Leak>>>,
}

impl<'t, 'c> Scope<'t, 'c> {
    /// The scope of `function` (a `function_definition`); `handler` adds its first
    /// parameter as the exception.
    pub fn of(function: Node<'t>, handler: bool, cx: &'c RuleContext<'t>) -> Scope<'t, 'c> {
        let mut scope = Scope {
            cx,
            assigned: HashMap::new(),
            bound: HashSet::new(),
            exceptions: HashSet::new(),
            parameters: HashSet::new(),
            sent: Vec::new(),
            local_leaks: RefCell::default(),
            local_mappings: RefCell::default(),
        };
        if let Some(parameters) = function.child_by_field_name("parameters") {
            let mut first = true;
            for parameter in named(parameters) {
                let name = match parameter.kind() {
                    "identifier" => Some(parameter),
                    _ => parameter
                        .child_by_field_name("name")
                        .or_else(|| parameter.named_child(0))
                        .filter(|n| n.kind() == "identifier"),
                };
                if let Some(name) = name {
                    let name = cx.text(name);
                    scope.bound.insert(name);
                    scope.parameters.insert(name);
                    if handler && first && name != "self" {
                        scope.exceptions.insert(name);
                        first = false;
                    }
                }
            }
        }
        if let Some(body) = function.child_by_field_name("body") {
            scope.collect(body);
        }
        scope
    }

    fn collect(&mut self, node: Node<'t>) {
        let mut stack = vec![node];
        while let Some(node) = stack.pop() {
            match node.kind() {
                "function_definition" | "class_definition" | "lambda" => continue,
                "return_statement" => {
                    let mut cursor = node.walk();
                    self.sent.extend(node.named_children(&mut cursor));
                }
                "call" => {
                    let callee = node
                        .child_by_field_name("function")
                        .map(|f| self.cx.text(f))
                        .unwrap_or_default();
                    if is_sink(callee)
                        && let Some(arguments) = node.child_by_field_name("arguments")
                    {
                        for argument in named(arguments) {
                            let value = match argument.kind() {
                                "keyword_argument" => argument.child_by_field_name("value"),
                                "list_splat" | "dictionary_splat" => argument.named_child(0),
                                _ => Some(argument),
                            };
                            self.sent.extend(value);
                        }
                    }
                }
                "assignment" | "augmented_assignment" => {
                    if let Some(left) = node.child_by_field_name("left") {
                        self.bind_targets(left);
                        if left.kind() == "identifier"
                            && let Some(right) = node.child_by_field_name("right")
                        {
                            self.assigned
                                .entry(self.cx.text(left))
                                .or_default()
                                .push(right);
                        }
                    }
                }
                "named_expression" => {
                    if let (Some(name), Some(value)) = (
                        node.child_by_field_name("name"),
                        node.child_by_field_name("value"),
                    ) {
                        self.bound.insert(self.cx.text(name));
                        self.assigned
                            .entry(self.cx.text(name))
                            .or_default()
                            .push(value);
                    }
                }
                "for_statement" | "for_in_clause" => {
                    if let Some(left) = node.child_by_field_name("left") {
                        self.bind_targets(left);
                    }
                }
                "as_pattern" => {
                    if let Some(alias) = node.child_by_field_name("alias") {
                        self.bind_targets(alias);
                    }
                }
                "except_clause" => {
                    // `except Exception as e:` (grammar versions differ in the shape).
                    let mut cursor = node.walk();
                    for child in node.named_children(&mut cursor) {
                        if child.kind() == "as_pattern"
                            && let Some(alias) = child.child_by_field_name("alias")
                        {
                            let mut ids = Vec::new();
                            identifiers(alias, &mut ids);
                            for id in ids {
                                self.exceptions.insert(self.cx.text(id));
                            }
                        }
                    }
                    if let Some(alias) = node.child_by_field_name("alias") {
                        self.exceptions.insert(self.cx.text(alias));
                    }
                }
                _ => {}
            }
            let mut cursor = node.walk();
            stack.extend(node.named_children(&mut cursor));
        }
    }

    fn bind_targets(&mut self, target: Node<'t>) {
        let mut ids = Vec::new();
        match target.kind() {
            "attribute" | "subscript" => {}
            _ => identifiers(target, &mut ids),
        }
        for id in ids {
            self.bound.insert(self.cx.text(id));
        }
    }

    /// True when `name` is bound in the function.
    pub fn is_local(&self, name: &str) -> bool {
        self.bound.contains(name)
    }

    /// True when `name` is a parameter of the function.
    pub fn is_parameter(&self, name: &str) -> bool {
        self.parameters.contains(name)
    }

    /// The values assigned to local `name`.
    pub fn values_of(&self, name: &str) -> &[Node<'t>] {
        self.assigned.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// True when `name` holds the exception being handled.
    pub fn is_exception(&self, name: &str) -> bool {
        self.exceptions.contains(name)
    }

    /// Every value in the function's body that reaches the response, with what it
    /// holds.
    pub fn reached(&self) -> Vec<Reached<'t>> {
        let mut out = Vec::new();
        for value in &self.sent {
            if value.kind() != "comment" {
                self.leaks(*value, false, 0, &mut out);
            }
        }
        out.sort_by_key(|r| (r.node.start_byte(), r.node.end_byte()));
        out.dedup_by(|a, b| a.node.id() == b.node.id() && a.leak == b.leak);
        out
    }

    /// What `expr` leaks into a response, pushed to `out`. `text` says the value is
    /// turned into text (in `str()`, an f-string, `%` or `.format`), where the
    /// exception itself leaks its message.
    fn leaks(&self, expr: Node<'t>, text: bool, depth: usize, out: &mut Vec<Reached<'t>>) {
        if depth > MAX_DEPTH {
            return;
        }
        match expr.kind() {
            "parenthesized_expression"
            | "expression_list"
            | "tuple"
            | "list"
            | "set"
            | "concatenated_string"
            | "conditional_expression"
            | "boolean_operator"
            | "await" => {
                for child in named(expr) {
                    // The condition of `a if c else b` is not sent.
                    if expr.kind() == "conditional_expression"
                        && expr.named_child(1).is_some_and(|c| c.id() == child.id())
                    {
                        continue;
                    }
                    self.leaks(child, text, depth, out);
                }
            }
            "dictionary" => {
                for child in named(expr) {
                    match child.kind() {
                        "pair" => {
                            if let Some(value) = child.child_by_field_name("value") {
                                self.leaks(value, false, depth, out);
                            }
                        }
                        "dictionary_splat" => {
                            if let Some(inner) = child.named_child(0) {
                                self.whole(inner, expr, depth, out);
                            }
                        }
                        _ => {}
                    }
                }
            }
            "string" => {
                for child in named(expr) {
                    if child.kind() == "interpolation"
                        && let Some(inner) = child.child_by_field_name("expression")
                    {
                        let before = out.len();
                        self.leaks(inner, true, depth, out);
                        // The whole f-string is what a fix replaces.
                        for reached in &mut out[before..] {
                            if reached.leak == Leak::Exception && reached.via.is_none() {
                                reached.node = expr;
                            }
                        }
                    }
                }
            }
            "binary_operator" => {
                let percent = expr
                    .child_by_field_name("operator")
                    .is_some_and(|op| op.kind() == "%");
                if let Some(left) = expr.child_by_field_name("left") {
                    self.leaks(left, text, depth, out);
                }
                if let Some(right) = expr.child_by_field_name("right") {
                    let before = out.len();
                    self.leaks(right, text || percent, depth, out);
                    if percent {
                        for reached in &mut out[before..] {
                            if reached.leak == Leak::Exception && reached.via.is_none() {
                                reached.node = expr;
                            }
                        }
                    }
                }
            }
            "identifier" => self.identifier(expr, text, depth, out),
            "attribute" => self.attribute(expr, text, out),
            "subscript" => self.subscript(expr, out),
            "call" => self.call(expr, text, depth, out),
            "list_comprehension"
            | "dictionary_comprehension"
            | "set_comprehension"
            | "generator_expression" => {
                if let Some(leak) = self.comprehension_source(expr, depth) {
                    out.push(Reached {
                        leak,
                        node: expr,
                        via: None,
                    });
                }
            }
            _ => {}
        }
    }

    /// `{**x}`: the whole of `x` when it is a mapping.
    fn whole(&self, inner: Node<'t>, report: Node<'t>, depth: usize, out: &mut Vec<Reached<'t>>) {
        if let Some(leak) = self.mapping(inner, depth) {
            out.push(Reached {
                leak,
                node: report,
                via: None,
            });
        }
    }

    fn identifier(&self, expr: Node<'t>, text: bool, depth: usize, out: &mut Vec<Reached<'t>>) {
        let cx = self.cx;
        let name = cx.text(expr);
        if self.is_exception(name) {
            if text {
                out.push(Reached {
                    leak: Leak::Exception,
                    node: expr,
                    via: None,
                });
            }
            return;
        }
        if self.is_local(name) {
            let key = (name, text, depth);
            let known = self.local_leaks.borrow().get(&key).cloned();
            let first = known.unwrap_or_else(|| {
                let mut inner = Vec::new();
                for value in self.values_of(name) {
                    self.leaks(*value, text, depth + 1, &mut inner);
                    if let Some(leak) = self.mapping(*value, depth + 1) {
                        inner.push(Reached {
                            leak,
                            node: *value,
                            via: None,
                        });
                    }
                }
                let first = inner.into_iter().next();
                self.local_leaks.borrow_mut().insert(key, first.clone());
                first
            });
            // Reported where the value comes from: that is the line to change.
            if let Some(first) = first {
                out.push(Reached {
                    leak: first.leak,
                    node: first.node,
                    via: first.via.or_else(|| Some(name.to_string())),
                });
            }
            return;
        }
        if cx.summary.flask.is_environ(name) {
            out.push(Reached {
                leak: Leak::Environ,
                node: expr,
                via: None,
            });
            return;
        }
        // A module- or class-level constant: upper case, or a module-level binding.
        let constant =
            !name.chars().any(|c| c.is_lowercase()) || cx.summary.flask.is_module_secret(name);
        if constant && self.is_secret_name(name) {
            out.push(Reached {
                leak: Leak::Secret(name.to_string()),
                node: expr,
                via: None,
            });
        }
    }

    fn attribute(&self, expr: Node<'t>, text: bool, out: &mut Vec<Reached<'t>>) {
        let cx = self.cx;
        let (Some(object), Some(attribute)) = (
            expr.child_by_field_name("object"),
            expr.child_by_field_name("attribute"),
        ) else {
            return;
        };
        let attr = cx.text(attribute);
        if object.kind() == "identifier" && self.is_exception(cx.text(object)) {
            let harmless = matches!(attr, "description" | "code" | "name" | "status_code");
            if attr == "args" || (text && !harmless) {
                out.push(Reached {
                    leak: Leak::Exception,
                    node: expr,
                    via: None,
                });
            }
            return;
        }
        if let Some(leak) = self.mapping(expr, 0) {
            out.push(Reached {
                leak,
                node: expr,
                via: None,
            });
            return;
        }
        if attr == "secret_key" && self.is_app(object) {
            out.push(Reached {
                leak: Leak::Secret("SECRET_KEY".to_string()),
                node: expr,
                via: None,
            });
            return;
        }
        // `Config.SECRET_KEY`, `settings.API_TOKEN`, `settings.stripe_secret_key`: a
        // module- or class-level constant, or a settings object's field.
        let owner = cx.text(object);
        let constant = !attr.chars().any(|c| c.is_lowercase())
            || owner.starts_with(|c: char| c.is_uppercase())
            || matches!(
                owner,
                "settings" | "config" | "conf" | "cfg" | "app_settings"
            );
        if object.kind() == "identifier"
            && !self.is_local(cx.text(object))
            && !cx.summary.flask.is_request(cx.text(object))
            && constant
            && self.is_secret_name(attr)
        {
            out.push(Reached {
                leak: Leak::Secret(attr.to_string()),
                node: expr,
                via: None,
            });
        }
    }

    fn subscript(&self, expr: Node<'t>, out: &mut Vec<Reached<'t>>) {
        let cx = self.cx;
        let Some(value) = expr.child_by_field_name("value") else {
            return;
        };
        // `e.args[0]`
        if value.kind() == "attribute"
            && value
                .child_by_field_name("object")
                .is_some_and(|o| self.is_exception(cx.text(o)))
            && value
                .child_by_field_name("attribute")
                .is_some_and(|a| cx.text(a) == "args")
        {
            out.push(Reached {
                leak: Leak::Exception,
                node: expr,
                via: None,
            });
            return;
        }
        if self.mapping(value, 0).is_some()
            && let Some(key) = expr.child_by_field_name("subscript")
            && let Some(key) = string_value(key, cx)
            && self.is_secret_name(&key)
        {
            out.push(Reached {
                leak: Leak::Secret(key),
                node: expr,
                via: None,
            });
        }
    }

    fn call(&self, expr: Node<'t>, text: bool, depth: usize, out: &mut Vec<Reached<'t>>) {
        let cx = self.cx;
        let Some(function) = expr.child_by_field_name("function") else {
            return;
        };
        let callee = cx.text(function);
        if is_sink(callee) {
            return; // reported where the sink itself is found
        }
        let arguments: Vec<Node<'t>> = expr
            .child_by_field_name("arguments")
            .map(named)
            .unwrap_or_default();
        if cx.summary.flask.is_traceback_format(callee) {
            out.push(Reached {
                leak: Leak::Exception,
                node: expr,
                via: None,
            });
            return;
        }
        if let Some(leak) = self.mapping(expr, depth) {
            out.push(Reached {
                leak,
                node: expr,
                via: None,
            });
            return;
        }
        if let Some(name) = self.secret_lookup(expr) {
            out.push(Reached {
                leak: Leak::Secret(name),
                node: expr,
                via: None,
            });
            return;
        }
        // `str(x)`, `repr(x)`, `pprint.pformat(x)`, `yaml.safe_dump(x)`, `toml.dumps(x)`:
        // the text of `x`.
        let last = callee.rsplit('.').next().unwrap_or(callee);
        let stringifies = matches!(callee, "str" | "repr" | "format")
            || matches!(last, "pformat" | "dumps" | "dump" | "safe_dump");
        let method = match function.kind() {
            "attribute" => function
                .child_by_field_name("attribute")
                .map(|a| cx.text(a))
                .unwrap_or_default(),
            _ => "",
        };
        if stringifies || method == "format" || method == "join" {
            for argument in &arguments {
                let value = match argument.kind() {
                    "keyword_argument" => argument.child_by_field_name("value"),
                    _ => Some(*argument),
                };
                let Some(value) = value else { continue };
                let before = out.len();
                self.leaks(value, true, depth, out);
                if stringifies || method == "format" {
                    for reached in &mut out[before..] {
                        if reached.leak == Leak::Exception && reached.via.is_none() {
                            reached.node = expr;
                        }
                    }
                }
            }
            if method == "format"
                && let Some(object) = function.child_by_field_name("object")
            {
                self.leaks(object, text, depth, out);
            }
            return;
        }
        // String methods keep what they are called on.
        if matches!(
            method,
            "encode" | "decode" | "strip" | "lower" | "upper" | "replace" | "splitlines"
        ) && let Some(object) = function.child_by_field_name("object")
        {
            self.leaks(object, text, depth, out);
        }
    }

    /// When `expr` is a whole mapping: `app.config`, `current_app.config`,
    /// `os.environ`, `dict(x)`, `x.copy()`, `x.items()`, `str(x)`, `{**x}`, a
    /// comprehension over one, or a local holding one.
    pub fn mapping(&self, expr: Node<'t>, depth: usize) -> Option<Leak> {
        if depth > MAX_DEPTH {
            return None;
        }
        let cx = self.cx;
        match expr.kind() {
            "attribute" => {
                let text = cx.text(expr);
                if cx.summary.flask.is_environ(text) {
                    return Some(Leak::Environ);
                }
                let object = expr.child_by_field_name("object")?;
                let attribute = expr.child_by_field_name("attribute")?;
                (cx.text(attribute) == "config" && self.is_app(object)).then_some(Leak::Config)
            }
            "identifier" => {
                let name = cx.text(expr);
                if self.is_local(name) {
                    let key = (name, depth);
                    if let Some(known) = self.local_mappings.borrow().get(&key) {
                        return known.clone();
                    }
                    let found = self
                        .values_of(name)
                        .iter()
                        .find_map(|v| self.mapping(*v, depth + 1));
                    self.local_mappings.borrow_mut().insert(key, found.clone());
                    return found;
                }
                cx.summary.flask.is_environ(name).then_some(Leak::Environ)
            }
            "parenthesized_expression" => self.mapping(expr.named_child(0)?, depth),
            "call" => {
                let function = expr.child_by_field_name("function")?;
                let arguments: Vec<Node<'t>> = expr
                    .child_by_field_name("arguments")
                    .map(named)
                    .unwrap_or_default();
                match function.kind() {
                    "identifier" => {
                        let callee = cx.text(function);
                        if !matches!(
                            callee,
                            "dict" | "str" | "repr" | "list" | "tuple" | "sorted" | "OrderedDict"
                        ) {
                            return None;
                        }
                        arguments.iter().find_map(|a| {
                            let inner = match a.kind() {
                                "dictionary_splat" | "list_splat" => a.named_child(0)?,
                                "keyword_argument" => return None,
                                _ => *a,
                            };
                            self.mapping(inner, depth)
                        })
                    }
                    "attribute" => {
                        let method = cx.text(function.child_by_field_name("attribute")?);
                        if !arguments.is_empty()
                            || !matches!(method, "copy" | "items" | "values" | "to_dict")
                        {
                            return None;
                        }
                        self.mapping(function.child_by_field_name("object")?, depth)
                    }
                    _ => None,
                }
            }
            "dictionary" => named(expr).into_iter().find_map(|child| {
                (child.kind() == "dictionary_splat")
                    .then(|| child.named_child(0))
                    .flatten()
                    .and_then(|inner| self.mapping(inner, depth))
            }),
            "list_comprehension"
            | "dictionary_comprehension"
            | "set_comprehension"
            | "generator_expression" => self.comprehension_source(expr, depth),
            _ => None,
        }
    }

    /// The mapping a comprehension iterates over (`{k: v for k, v in app.config.items()}`).
    fn comprehension_source(&self, expr: Node<'t>, depth: usize) -> Option<Leak> {
        // A comprehension that selects settings (`if k.startswith("FEATURE_")`,
        // `if k in PUBLIC`) is an allowlist; one without a filter, or that only leaves
        // some out (`if not k.startswith("_")`, `if k not in HIDDEN`), copies the rest
        // of the mapping, secrets included.
        if named(expr)
            .iter()
            .any(|c| c.kind() == "if_clause" && self.selects(*c))
        {
            return None;
        }
        named(expr)
            .into_iter()
            .filter(|c| c.kind() == "for_in_clause")
            .find_map(|clause| {
                let right = clause.child_by_field_name("right")?;
                self.mapping(right, depth).or_else(|| {
                    // `for k in app.config` / `for k in app.config.keys()` with `x[k]`.
                    let source = match right.kind() {
                        "call" => right
                            .child_by_field_name("function")
                            .filter(|f| f.kind() == "attribute")
                            .and_then(|f| f.child_by_field_name("object"))?,
                        _ => right,
                    };
                    self.mapping(source, depth)
                })
            })
    }

    /// True when a comprehension's `if` clause keeps only chosen entries: any condition
    /// but a negation (`not ...`, `not in`, `!=`).
    fn selects(&self, clause: Node<'t>) -> bool {
        let Some(condition) = named(clause).into_iter().next() else {
            return false;
        };
        match condition.kind() {
            "not_operator" => false,
            "comparison_operator" => {
                let mut cursor = condition.walk();
                let negative = condition
                    .children_by_field_name("operators", &mut cursor)
                    .any(|op| matches!(op.kind(), "not in" | "!=" | "is not"));
                !negative
            }
            _ => true,
        }
    }

    /// `app.config["API_KEY"]`, `app.config.get("API_KEY")`, `os.environ["X"]`,
    /// `os.getenv("X")` of a secret-like name: the name.
    pub fn secret_lookup(&self, expr: Node<'t>) -> Option<String> {
        self.lookup(expr).filter(|key| self.is_secret_name(key))
    }

    /// The name a configuration or environment lookup reads (`app.config["X"]`,
    /// `app.config.get("X")`, `os.environ["X"]`, `os.getenv("X")`), whatever it is.
    pub fn lookup(&self, expr: Node<'t>) -> Option<String> {
        let cx = self.cx;
        match expr.kind() {
            "subscript" => {
                let value = expr.child_by_field_name("value")?;
                self.mapping(value, 0)?;
                string_value(expr.child_by_field_name("subscript")?, cx)
            }
            "call" => {
                let function = expr.child_by_field_name("function")?;
                let first = expr
                    .child_by_field_name("arguments")
                    .and_then(|a| named(a).into_iter().next())?;
                let key = string_value(first, cx)?;
                let lookup = if cx.summary.flask.is_getenv(cx.text(function)) {
                    true
                } else if function.kind() == "attribute" {
                    let method = cx.text(function.child_by_field_name("attribute")?);
                    method == "get"
                        && self
                            .mapping(function.child_by_field_name("object")?, 0)
                            .is_some()
                } else {
                    false
                };
                lookup.then_some(key)
            }
            _ => None,
        }
    }

    /// `app`, `current_app`, `self.app`, a Flask app of the file.
    fn is_app(&self, object: Node<'_>) -> bool {
        let text = self.cx.text(object);
        self.cx.summary.is_flask_app(text)
            || self.cx.summary.flask.is_current_app(text)
            || matches!(text, "app" | "application" | "self.app" | "flask_app")
    }

    /// A secret-like name by its words (`API_KEY`, `STRIPE_SECRET_KEY`, `GITHUB_TOKEN`).
    /// A name that only ends in `key` (`PUSHER_KEY`, `MAPS_KEY`) is secret-like only
    /// when its value looks random (SPEC §2), which a response cannot show: such keys
    /// are as often public client keys, so they are not reported.
    pub fn is_secret_name(&self, name: &str) -> bool {
        classify(name, &self.cx.settings.extra_secret_names) == NameKind::Secret
    }
}

/// Every view and error handler in the top-level statement `stmt`: decorated
/// functions (also inside app factories), methods of class-based views, and functions
/// registered elsewhere in the file.
pub fn views_in<'t>(stmt: Node<'t>, cx: &RuleContext<'t>) -> Vec<View<'t>> {
    let mut views = Vec::new();
    // (node, inside a view class, inside a function)
    let mut stack = vec![(stmt, false, false)];
    while let Some((node, view_class, nested)) = stack.pop() {
        match node.kind() {
            "decorated_definition" => {
                let decorators: Vec<Node<'t>> = named(node)
                    .into_iter()
                    .filter(|c| c.kind() == "decorator")
                    .collect();
                if let Some(definition) = node.child_by_field_name("definition") {
                    if definition.kind() == "function_definition" {
                        if let Some(view) = view_kind(
                            definition,
                            &decorators,
                            view_class,
                            nested,
                            cx.source,
                            cx.summary,
                        ) {
                            views.push(view);
                        }
                        if let Some(body) = definition.child_by_field_name("body") {
                            stack.push((body, false, true));
                        }
                    } else {
                        // `@ns.route("/")` on a class: a Flask-RESTX / RESTful resource.
                        let routed = decorators.iter().any(|d| cx.text(*d).contains(".route("));
                        stack.push((definition, view_class || routed, nested));
                    }
                }
            }
            "function_definition" => {
                if let Some(view) = view_kind(node, &[], view_class, nested, cx.source, cx.summary)
                {
                    views.push(view);
                }
                if let Some(body) = node.child_by_field_name("body") {
                    stack.push((body, false, true));
                }
            }
            "class_definition" => {
                let is_view = view_class
                    || node
                        .child_by_field_name("superclasses")
                        .is_some_and(|s| is_view_class(cx.text(s)));
                if let Some(body) = node.child_by_field_name("body") {
                    stack.push((body, is_view, nested));
                }
            }
            "block" | "if_statement" | "elif_clause" | "else_clause" | "try_statement"
            | "except_clause" | "finally_clause" | "with_statement" | "for_statement"
            | "while_statement" => {
                for child in named(node) {
                    stack.push((child, view_class, nested));
                }
            }
            _ => {}
        }
    }
    views.sort_by_key(|v| v.function.start_byte());
    views
}

/// True when `view` is an error handler.
pub fn is_handler(view: &View<'_>) -> bool {
    view.kind == ViewKind::ErrorHandler
}

/// The value of a plain string literal (no interpolation).
pub fn string_value(node: Node<'_>, cx: &RuleContext<'_>) -> Option<String> {
    if node.kind() != "string" {
        return None;
    }
    if named(node).iter().any(|c| c.kind() == "interpolation") {
        return None;
    }
    let text = cx.text(node);
    let body = text.trim_start_matches(['u', 'U', 'r', 'R']);
    ["\"\"\"", "'''", "\"", "'"].iter().find_map(|quote| {
        body.strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
            .map(str::to_string)
    })
}

/// A short, single-line rendering of `node`'s code for a message. Words inside string
/// literals that could be a secret (12 characters or more and not a plain name such as
/// `STRIPE_SECRET_KEY`, or 20 or more) are redacted.
pub fn code_snippet(node: Node<'_>, cx: &RuleContext<'_>) -> String {
    let mut text = String::new();
    let mut at = node.start_byte();
    let mut cursor = node.walk();
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        if current.kind() == "string_content" {
            let content = cx.text(current);
            let risky = |word: &str| {
                word.chars().count() >= 12 && !word.chars().all(|c| c.is_alphanumeric() || c == '_')
                    || word.chars().count() >= 20
            };
            if content.split_whitespace().any(risky) && current.start_byte() >= at {
                text.push_str(cx.source.get(at..current.start_byte()).unwrap_or_default());
                let words: Vec<String> = content
                    .split(' ')
                    .map(|word| {
                        if risky(word) {
                            redact(word)
                        } else {
                            word.to_string()
                        }
                    })
                    .collect();
                text.push_str(&words.join(" "));
                at = current.end_byte();
            }
            continue;
        }
        let children: Vec<Node<'_>> = current.children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    text.push_str(cx.source.get(at..node.end_byte()).unwrap_or_default());
    snippet(&text)
}

/// A short, single-line rendering of code for a message.
pub fn snippet(text: &str) -> String {
    const MAX_CHARS: usize = 48;
    // Literals redacted before the cut, so no cut can leave part of one whole.
    let flat = redact_code_literals(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    if flat.chars().count() <= MAX_CHARS {
        flat
    } else {
        let cut: String = flat.chars().take(MAX_CHARS - 1).collect();
        format!("{cut}…")
    }
}

/// The named children of `node`, comments excluded.
pub fn named(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect()
}

fn identifiers<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
    if node.kind() == "identifier" {
        out.push(node);
        return;
    }
    if matches!(node.kind(), "attribute" | "subscript") {
        return;
    }
    for child in named(node) {
        identifiers(child, out);
    }
}
