//! A byte-level look at one top-level statement that decides, without parsing it,
//! that it can produce no finding and add nothing that a rule reads to the file
//! summary, so a chunked parse may leave it unparsed.
//!
//! [`FileHints`] hold what the whole file's bytes say, computed once per file: is
//! flask mentioned, which functions may be registered as views by name, could FG501
//! fire at all, are `os.environ` / `request` imported under another name, may a
//! provider token or a URL with a password occur. [`statement_may_matter`] then asks,
//! for each rule family, whether the statement holds the family's anchor text — what
//! the rule's own statement-level gate and the [file prefilter](super::file_prefilter)
//! need — with the file's hints standing in for what other statements say. Where a
//! rule needs two things in one expression (a name and the literal bound to it, a log
//! call and the secret it is given, `debug=` and `True`), both must stand in one
//! *logical line* of the statement (a line and those joined to it by brackets,
//! strings or backslashes). A secret word counts in a string only where the string
//! can name something (a dict or subscript key, a lookup's first argument, an
//! f-string's replacement field), and in code, for a literal binding, only where a
//! literal can be bound to or compared with the name. A literal counts only where the
//! rules could bind it to a secret-like name: not as a dict value under a plain key,
//! a keyword argument of a plain keyword, an element of a collection nested in
//! another or in a call, or an operand of `%`, `+`, `.`, `in`, ... The words of the
//! flask facts and of the signing calls count only in code (or an f-string): the
//! facts and the rules read module names, callees and methods, never a string.
//!
//! It is a superset test: whenever the rules ([`crate::rules::check_statement`], with
//! the file's real summary) report something for a statement, or the statement
//! contributes a fact that some rule reads in this file ([`facts_read_by_rules`]), the
//! statement is kept, and so is the statement followed by comment and blank lines.
//! `tests/statement_prefilter.rs` checks this over the corpus, the fixtures, the
//! example app, generated modules, the benchmark generator's modules and the Python
//! standard library, and that the summary of the kept statements alone gives them
//! the same findings. Facts no rule reads are left out: validation facts in a file
//! where FG501 cannot fire, `os.environ` / `os.getenv` as their own local names
//! (`import os`), `import hmac`.
//!
//! Cost: one pass of the [anchor search](super::anchor_search) over the statement,
//! which notes where each anchor occurs; the rest only runs on statements whose
//! anchors call for it: the logical lines (found once per statement, and only the
//! lines holding the anchors a check needs are looked at), name scans (from the name
//! words the anchor search found), the provider token set, joining concatenated
//! literals into a reused buffer. The file prefilter and the hints run as one
//! ([`FileHints::if_may_have_findings`]), so what both ask (the provider token set,
//! userinfo, `flask`, the joined literals) is asked once. No allocation grows with the
//! statements looked at (per-thread buffers; a name scan allocates the segments of each
//! name it looks at, a check the list of lines it looks at).

mod literal_positions;

use std::cell::RefCell;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use memchr::memmem::Finder;

use self::literal_positions::{blank, holds_a_possible_secret};
use super::anchor_search::Automaton;
use super::file_prefilter::{
    NAME_HINTS, Names, Region, RegionCursor, Regions, Scan, Seen, has_one, join_literals_into,
    joined_may_show, lowercase_finders, may_have_findings_seen, may_hold_userinfo,
    mentions_extra_names, mentions_flask, scan_name_hits, scan_names,
};
use super::summary::StatementFacts;
use crate::config::RuleSettings;
use crate::rules::logging::secret_logged::SINK_PATTERNS;
use crate::secrets::names::{NameKind, classify};
use crate::secrets::providers;

/// What the whole file's bytes say, computed once per file.
#[derive(Debug, Clone, Default)]
pub struct FileHints {
    /// `flask` (any case), `create_app` or `make_app` occurs: a name may be a Flask
    /// app (`FileSummary::is_flask_app`).
    flask: bool,
    /// `run_simple` occurs: a call may be werkzeug's `run_simple`.
    run_simple: bool,
    /// A provider token may occur, also across concatenated literals (FG102).
    tokens: bool,
    /// A URL with userinfo may occur, also across concatenated literals (FG103).
    userinfo: bool,
    /// One of the user's extra secret names occurs (then every statement may hold one).
    extra: bool,
    /// FG501 may fire: the environment is read and a secret-like name occurs.
    validation: bool,
    /// `os.environ`, `os.getenv`, `request`, `current_app` or a traceback formatter is
    /// imported under another name (`from os import environ as env`): a statement can
    /// read them without their usual text.
    aliases: bool,
    /// `flask`, `Blueprint` or `current_app` occurs: `@x.get(...)`, `@x.post(...)`, ...
    /// may register a view (`flask::view_kind`); otherwise only `@x.route(...)` and
    /// the error handler decorators do.
    http_methods: bool,
    /// `format_tb` occurs: a view may leak a traceback without the words the
    /// responses' gate looks for, and then finds it only because the file imports `os`
    /// (`responses::prefilter::may_leak` lets every view through when the summary
    /// lists a local name for `os.environ`), so `import os` must be kept.
    format_tb: bool,
    /// `add_url_rule` or `register_error_handler` occurs: any function may be a view.
    registered_any: bool,
    /// Names that `X.route(...)(f)`-style registrations may register (the last dotted
    /// segment of what follows each `)(`). Sorted, no duplicates.
    registered_names: Vec<String>,
}

impl FileHints {
    /// The hints of a file whose whole text is `source`.
    pub fn of(source: &str, settings: &RuleSettings) -> FileHints {
        FileHints::with_seen(source, settings, Seen::default())
    }

    /// The hints of a file whose whole text is `source` when the [file
    /// prefilter](super::file_prefilter::may_have_findings) lets it through, `None`
    /// when it does not: both at once, what they both ask asked once.
    pub fn if_may_have_findings(source: &str, settings: &RuleSettings) -> Option<FileHints> {
        let mut seen = Seen::default();
        may_have_findings_seen(source, settings, &mut seen)
            .then(|| FileHints::with_seen(source, settings, seen))
    }

    /// [`FileHints::of`], with what the file prefilter already learned.
    fn with_seen(source: &str, settings: &RuleSettings, seen: Seen) -> FileHints {
        let tokens = seen
            .tokens
            .unwrap_or_else(|| providers::may_contain_token(source));
        let userinfo = seen.userinfo.unwrap_or_else(|| may_hold_userinfo(source));
        // Literals joined across seams, only when they can still change an answer.
        let joined = match seen.joined {
            _ if tokens && userinfo => (false, false),
            Some(found) => found,
            // Where neither shows unjoined: a seam must show it.
            None if !tokens && !userinfo => joined_may_show(source),
            None => {
                let mut buffer = Vec::new();
                join_literals_into(source, &mut buffer);
                if buffer.len() == source.len() {
                    (false, false)
                } else {
                    let text = String::from_utf8_lossy(&buffer);
                    (
                        !tokens && providers::may_contain_token(&text),
                        !userinfo && may_hold_userinfo(&text),
                    )
                }
            }
        };
        let extra = mentions_extra_names(source, &settings.extra_secret_names);
        let env = source.contains("environ") || source.contains("getenv");
        // FG501 reads a secret-like name (`API_TOKEN`, `MAPS_KEY` with a qualifier) from
        // the environment: the name stands in the same logical line as the read.
        let validation = env
            && (extra
                || lines_holding(source, environment_words()).any(|line| {
                    (line.contains("environ") || line.contains("getenv"))
                        && anchors_in_code(line) & ENVIRONMENT != 0
                        && {
                            let names = scan_names(line, BINDING_LINE);
                            names.secret || names.qualified_key
                        }
                }));
        let flask = seen.flask.unwrap_or_else(|| mentions_flask(source));
        FileHints {
            flask: flask || source.contains("create_app") || source.contains("make_app"),
            run_simple: source.contains("run_simple"),
            tokens: tokens || joined.0,
            userinfo: userinfo || joined.1,
            extra,
            validation,
            aliases: imports_under_alias(source),
            http_methods: flask || source.contains("Blueprint") || source.contains("current_app"),
            format_tb: source.contains("format_tb"),
            registered_any: source.contains("add_url_rule")
                || source.contains("register_error_handler"),
            registered_names: registered_names(source),
        }
    }

    /// Hints that keep every statement: for a file whose text is not known.
    pub fn everything() -> FileHints {
        FileHints {
            flask: true,
            run_simple: true,
            tokens: true,
            userinfo: true,
            extra: true,
            validation: true,
            aliases: true,
            http_methods: true,
            format_tb: true,
            registered_any: true,
            registered_names: Vec::new(),
        }
    }

    /// False when no rule can read the validation facts of any statement of this file
    /// (FG501 cannot fire in it), so statements are not kept for them.
    pub fn validation_matters(&self) -> bool {
        self.validation
    }
}

/// Name scans of one logical line: the first secret-like name answers.
const LINE: Scan = Scan {
    stop_at_secret: true,
    strings_in_name_position: true,
    code_names_in_binding_position: false,
    skip_plain_names: false,
    kinds_only: false,
};

/// Name scans of one logical line for a literal bound to or compared with a name.
const BINDING_LINE: Scan = Scan {
    code_names_in_binding_position: true,
    ..LINE
};

/// Name scans of a whole statement: every kind of name.
const STATEMENT: Scan = Scan {
    stop_at_secret: false,
    strings_in_name_position: true,
    code_names_in_binding_position: false,
    skip_plain_names: false,
    kinds_only: true,
};

/// Name scans of one logical line for a literal FG101 or FG104 may report: only names
/// the rules classify as secret-like or `*key` (their targets are whole names).
const SECRET_BINDING_LINE: Scan = Scan {
    skip_plain_names: true,
    ..BINDING_LINE
};

/// The part of a statement's `facts` that some rule can read in a file with these
/// `hints`: what [`statement_may_matter`] keeps statements for. Left out:
///
/// - the validation facts, when FG501 cannot fire in the file (no rule reads them);
/// - `os.environ` and `os.getenv` as local names (`import os`): the rules recognise
///   them without the summary; the responses' gate also lets every view through when
///   the list is not empty, which only changes a finding for a leak through
///   `format_tb` (every other leak holds a word of the gate), so not in files without
///   `format_tb`;
/// - `import hmac` (no rule reads it).
pub fn facts_read_by_rules(facts: &StatementFacts, hints: &FileHints) -> StatementFacts {
    let mut read = facts.clone();
    if !hints.validation {
        read.validation = Default::default();
    }
    if !hints.format_tb {
        read.flask.environ_names.retain(|n| n != "os.environ");
        read.flask.getenv_names.retain(|n| n != "os.getenv");
    }
    read.flask.imports_hmac = false;
    read
}

/// Anchor words, matched in any case in one pass; [`CASED`] ones are then checked in
/// their exact case. Each pattern's index is its bit in a statement's [`Anchors`].
/// (The most frequent bytes, `=` and `@`, are looked for only when needed.)
const ANCHORS: &[&str] = &[
    // Words the name scan looks at (secret words, `key`, `debug`).
    "pass",
    "pwd",
    "secret",
    "token",
    "credential",
    "key",
    "debug",
    "evalex",
    // Calls whose key parameter is a secret (`bindings::KEY_PARAMS`).
    "jwt",
    "hmac",
    "serializer",
    "signer",
    "fernet",
    // What makes summary facts (imports, apps, blueprints, registrations).
    "flask",
    "create_app",
    "make_app",
    "werkzeug",
    "Blueprint",
    "add_url_rule",
    "register_error_handler",
    "errorhandler",
    "DebuggedApplication",
    "import",
    "route",
    ")(",
    // The environment.
    "environ",
    "getenv",
    // Debug switches.
    "True",
    "run",
    "ENV",
    "development",
    "bool",
    // Log sinks (`logging::secret_logged`).
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
    // Views and what leaks from them (`responses::prefilter`).
    "config",
    "def",
    "View",
    "except",
    "traceback",
    "format_",
    // Request input (`keys`).
    "request",
    "==",
    "!=",
    ".args",
    // Checks of settings (`validation::CHECK_WORDS`).
    "raise",
    "assert",
    "exit",
    "abort",
    "requir",
    "validat",
    "ensure",
    // URLs with userinfo.
    "://",
];

type Anchors = u64;

/// The index of `word` in [`ANCHORS`] (a compile error when it is not there).
const fn index_of(word: &str) -> usize {
    let mut i = 0;
    while i < ANCHORS.len() {
        let (a, b) = (ANCHORS[i].as_bytes(), word.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return i;
            }
        }
        i += 1;
    }
    panic!("not an anchor")
}

/// The bits of `words`.
const fn any(words: &[&str]) -> Anchors {
    let mut all = 0;
    let mut i = 0;
    while i < words.len() {
        all |= 1 << index_of(words[i]);
        i += 1;
    }
    all
}

/// Patterns matched in their exact case (the rules test them case-sensitively).
const CASED: Anchors = any(&["True", "ENV", "View"]);

const SECRET_SUBSTRINGS: Anchors = any(&["pass", "pwd", "secret", "token", "credential", "key"]);
/// The words the name scan looks at ([`NAME_HINTS`]): the secret substrings, `debug`, `evalex`.
const NAME_WORDS: Anchors = any(NAME_HINTS);
const KEY_PARAM_CALLS: Anchors = any(&["jwt", "hmac", "serializer", "signer", "fernet"]);
const FACT_WORDS: Anchors = any(&[
    "flask",
    "create_app",
    "make_app",
    "werkzeug",
    "Blueprint",
    "add_url_rule",
    "register_error_handler",
    "errorhandler",
    "DebuggedApplication",
]);
const IMPORT: Anchors = any(&["import"]);
const ROUTE: Anchors = any(&["route"]);
const CALL_CALL: Anchors = any(&[")("]);
const ENVIRONMENT: Anchors = any(&["environ", "getenv"]);
const TRUE: Anchors = any(&["True"]);
const RUN: Anchors = any(&["run"]);
const ENV: Anchors = any(&["ENV"]);
const DEVELOPMENT: Anchors = any(&["development"]);
const BOOL: Anchors = any(&["bool"]);
const SINKS: Anchors = any(SINK_PATTERNS);
const CONFIG: Anchors = any(&["config"]);
const DEF: Anchors = any(&["def"]);
const VIEW: Anchors = any(&["View"]);
/// `responses::prefilter::LEAK_HINTS`, with `format_` for every traceback formatter.
const LEAKS: Anchors = SECRET_SUBSTRINGS
    | ENVIRONMENT
    | CONFIG
    | any(&["except", "traceback", "format_", "errorhandler"]);
const REQUEST: Anchors = any(&["request"]);
const COMPARE: Anchors = any(&["==", "!="]);
const ARGS: Anchors = any(&[".args"]);
const CHECKS: Anchors = ENVIRONMENT
    | CONFIG
    | any(&[
        "raise", "assert", "exit", "abort", "requir", "validat", "ensure",
    ]);
const URL: Anchors = any(&["://"]);

fn anchors() -> &'static Automaton {
    static CELL: OnceLock<Automaton> = OnceLock::new();
    // Every statement goes through this one.
    CELL.get_or_init(|| Automaton::new(ANCHORS))
}

/// Which anchors occur in `text`.
#[cfg(test)]
fn anchors_in(text: &str) -> Anchors {
    Statement::new(text, &mut Scratch::default()).found
}

/// What the predicate reuses while it looks at one statement: where each anchor
/// occurs and the statement's logical lines. Kept per thread so that no allocation
/// grows with the statements looked at.
#[derive(Default)]
struct Scratch {
    /// Every occurrence of an anchor (in its exact case for the [`CASED`] ones), as
    /// its start and its anchor's index, sorted by start.
    hits: Vec<(usize, u8)>,
    /// The logical lines, once [`Statement::lines`] has computed them.
    lines: Vec<Range<usize>>,
}

/// One statement: its text, which anchors occur in it and where, and (computed when
/// first asked for, as far as asked for) its logical lines.
struct Statement<'a> {
    text: &'a str,
    found: Anchors,
    hits: &'a [(usize, u8)],
    /// The logical lines found so far, from the start.
    lines: &'a mut Vec<Range<usize>>,
    /// Where the search for more lines goes on; `None` once all are found.
    more_lines: Option<LogicalLines<'a>>,
}

impl<'a> Statement<'a> {
    fn new(text: &'a str, scratch: &'a mut Scratch) -> Statement<'a> {
        let Scratch { hits, lines } = scratch;
        hits.clear();
        lines.clear();
        let mut found: Anchors = 0;
        anchors().search(text.as_bytes(), |start, index| {
            if CASED & (1 << index) != 0
                && text.as_bytes().get(start..start + ANCHORS[index].len())
                    != Some(ANCHORS[index].as_bytes())
            {
                return;
            }
            found |= 1 << index;
            // At most 64 anchors: the index fits a byte.
            hits.push((start, index as u8));
        });
        // Reported by their end: a longer match may start before a shorter one.
        if !hits.is_sorted_by_key(|&(start, _)| start) {
            hits.sort_unstable();
        }
        Statement {
            text,
            found,
            hits,
            lines,
            more_lines: Some(LogicalLines::new(text)),
        }
    }

    /// The logical lines ([`LogicalLines`]), all of them.
    fn lines(&mut self) -> &[Range<usize>] {
        if let Some(more) = self.more_lines.take() {
            self.lines.extend(more);
        }
        self.lines
    }

    /// The logical line holding the byte at `at`, finding lines only as far as that.
    fn line_at(&mut self, at: usize) -> Option<Range<usize>> {
        while self.lines.last().is_none_or(|last| last.end <= at) {
            match self.more_lines.as_mut().and_then(Iterator::next) {
                Some(line) => self.lines.push(line),
                None => {
                    self.more_lines = None;
                    break;
                }
            }
        }
        let index = self.lines.partition_point(|line| line.end <= at);
        self.lines.get(index).cloned()
    }

    /// The logical lines holding an occurrence of one of `anchors`, in order, each
    /// once. An anchor never holds a line break, so an occurrence lies in one line.
    fn lines_with(&mut self, anchors: Anchors) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        if self.found & anchors == 0 {
            return out;
        }
        let hits = self.hits;
        for &(at, index) in hits {
            if anchors & (1 << index) == 0 {
                continue;
            }
            if out.last().is_some_and(|last| at < last.end) {
                continue;
            }
            let Some(range) = self.line_at(at) else {
                break;
            };
            out.push(range);
        }
        out
    }

    /// [`scan_names`] of `self.text[range]`, from the name words found already.
    fn names(&self, range: &Range<usize>, scan: Scan) -> Names {
        let from = self.hits.partition_point(|&(at, _)| at < range.start);
        let hits = self.hits[from..]
            .iter()
            .take_while(|&&(at, _)| at < range.end)
            .filter_map(|&(at, index)| {
                let end = at + ANCHORS[usize::from(index)].len();
                (NAME_WORDS & (1 << index) != 0 && end <= range.end)
                    .then(|| at - range.start..end - range.start)
            });
        scan_name_hits(&self.text[range.clone()], hits, scan)
    }

    /// [`anchors_in_code`] of `self.text[range]`, from the anchors found already.
    fn anchors_in_code(&self, range: &Range<usize>) -> Anchors {
        let line = &self.text[range.clone()];
        let mut regions = RegionCursor::new(line);
        let from = self.hits.partition_point(|&(at, _)| at < range.start);
        let mut found: Anchors = 0;
        for &(at, index) in self.hits[from..]
            .iter()
            .take_while(|&&(at, _)| at < range.end)
        {
            if at + ANCHORS[usize::from(index)].len() <= range.end
                && found & (1 << index) == 0
                && regions.region_at(at - range.start) == Region::Code
            {
                found |= 1 << index;
            }
        }
        found
    }

    /// True when an occurrence of one of `anchors` stands in code, or in an f-string
    /// (its replacement fields are code): not in a comment or another string literal.
    fn occurs_in_code(&self, anchors: Anchors) -> bool {
        let bytes = self.text.as_bytes();
        let mut regions = RegionCursor::new(self.text);
        self.hits
            .iter()
            .filter(|&&(_, index)| anchors & (1 << index) != 0)
            .any(|&(at, _)| match regions.region_at(at) {
                Region::Code => true,
                Region::Comment => false,
                Region::Str | Region::Doc => regions
                    .current
                    .is_none_or(|(from, _, _)| is_f_string(bytes, from)),
            })
    }

    /// The anchors occurring within `range` (what [`anchors_in`] finds in that text).
    fn anchors_within(&self, range: &Range<usize>) -> Anchors {
        let from = self.hits.partition_point(|&(at, _)| at < range.start);
        self.hits[from..]
            .iter()
            .take_while(|&&(at, _)| at < range.end)
            .filter(|&&(at, index)| at + ANCHORS[usize::from(index)].len() <= range.end)
            .fold(0, |found, &(_, index)| found | 1 << index)
    }
}

/// False only when the top-level statement whose text is `statement` can produce no
/// raw finding and no summary facts that a rule reads in a file with these `hints`.
/// `statement` may carry trailing comment and blank lines.
pub fn statement_may_matter(statement: &str, hints: &FileHints) -> bool {
    why_statement_matters(statement, hints).is_some()
}

/// Why a statement may matter: the first rule family or kind of fact whose anchor
/// text it holds (see [`statement_may_matter`]), for diagnostics and measurements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    /// Flask, werkzeug, blueprint or registration words (summary facts, FG203).
    FlaskFacts,
    /// An import of `os`, `traceback` or `hmac` (summary facts).
    ImportFacts,
    /// A `f(...)(g)` registration (summary facts).
    RegistrationFacts,
    /// A check of settings in a file where FG501 may fire (validation facts).
    ValidationFacts,
    /// A provider token or URL with userinfo (FG102, FG103).
    TokenOrUrl,
    /// A literal and a secret-like name or signing call (FG101, FG104).
    SecretLiteral,
    /// A module-level binding of a secret-like name (summary facts, FG303).
    ModuleSecret,
    /// A debugger switch (FG201-FG203).
    Debug,
    /// An environment read (FG204, FG501).
    Environment,
    /// A log call (FG402).
    Logging,
    /// A possible view (FG301-FG303, FG401).
    View,
    /// Request input (FG601, FG602).
    Request,
}

/// The [`Reason`] `statement` may matter, or `None` when it cannot (see
/// [`statement_may_matter`]).
pub fn why_statement_matters(statement: &str, hints: &FileHints) -> Option<Reason> {
    thread_local! {
        static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
    }
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => why(Statement::new(statement, &mut scratch), hints),
        Err(_) => why(Statement::new(statement, &mut Scratch::default()), hints),
    })
}

/// [`why_statement_matters`] of a statement whose anchors are found.
fn why(mut stmt: Statement<'_>, hints: &FileHints) -> Option<Reason> {
    let statement = stmt.text;
    let found = stmt.found;
    let has = |anchor: Anchors| found & anchor != 0;
    let bytes = statement.as_bytes();
    let quote = bytes.iter().any(|&b| b == b'"' || b == b'\'');

    // Facts: flask imports and apps, werkzeug's `run_simple`, blueprints, views
    // registered by name; `DebuggedApplication` (FG203) whatever its arguments.
    // They are all read from code (module names, callees, methods, not strings):
    // an occurrence in a comment or a plain string literal makes none.
    if has(FACT_WORDS) && stmt.occurs_in_code(FACT_WORDS) {
        return Some(Reason::FlaskFacts);
    }
    // Facts: local names for `os.environ`, `os.getenv` and the traceback formatters
    // (`from os import environ`, `import traceback as tb`); `app.route("/")(index)`
    // registrations.
    if has(IMPORT) && imports_a_known_module(&mut stmt, hints) {
        return Some(Reason::ImportFacts);
    }
    if has(CALL_CALL)
        && (has(IMPORT) || has(ROUTE))
        && stmt.lines_with(CALL_CALL).into_iter().any(|range| {
            // A call of a call in code (a regex's `)(` in a string is none).
            stmt.anchors_in_code(&range) & CALL_CALL != 0
                && calls_a_route_method(&statement[range], true)
        })
    {
        return Some(Reason::RegistrationFacts);
    }
    // Facts: what a statement validates, read by FG501 only.
    // Without a check word, only a collection of strings bound to a name is a fact.
    if hints.validation && (has(CHECKS) || (quote && may_bind_a_string_collection(statement))) {
        return Some(Reason::ValidationFacts);
    }
    // FG102 (also in comments) and FG103, also across concatenated literals.
    if (hints.tokens || hints.userinfo) && (quote || bytes.contains(&b'#')) {
        if hints.tokens && providers::may_contain_token(statement) {
            return Some(Reason::TokenOrUrl);
        }
        if hints.userinfo && has(URL) && may_hold_userinfo(statement) {
            return Some(Reason::TokenOrUrl);
        }
        if joined_may_hold_token(statement, hints) {
            return Some(Reason::TokenOrUrl);
        }
    }
    let names = if has(NAME_WORDS) {
        stmt.names(&(0..statement.len()), STATEMENT)
    } else {
        Names::default()
    };
    let secret = names.secret || hints.extra;
    let env = has(ENVIRONMENT);

    // FG101, FG104: a literal bound to a secret-like name (a `*key` name only with a
    // literal that may look random), or passed to a signing call. Name and literal
    // stand in one expression, so in one logical line.
    if quote
        && ((has(KEY_PARAM_CALLS) && stmt.occurs_in_code(KEY_PARAM_CALLS))
            || hints.extra
            || ((names.secret || names.key) && binds_a_secret_literal(&mut stmt)))
    {
        return Some(Reason::SecretLiteral);
    }
    // Facts: a secret-like name bound at module level (`api_key = os.environ[...]`),
    // which a view may send (FG303).
    if (secret || names.key) && binds_a_module_secret(statement) {
        return Some(Reason::ModuleSecret);
    }
    // FG201-FG203: a debugger switch with `True` or `1`; FG202 `ENV = "development"`.
    if debug_may_matter(&mut stmt, &names, hints) {
        return Some(Reason::Debug);
    }
    // FG204 `bool(os.environ.get(...))`, FG501 an environment read of a secret name
    // or bound to one: one expression, so one logical line.
    if env
        && (hints.extra
            || stmt.lines_with(ENVIRONMENT).iter().any(|range| {
                let line = &statement[range.clone()];
                stmt.anchors_in_code(range) & ENVIRONMENT != 0
                    && ((has(BOOL) && line.contains("bool")) || {
                        let names = stmt.names(range, BINDING_LINE);
                        names.secret || names.key
                    })
            }))
    {
        return Some(Reason::Environment);
    }
    // FG402: a log call given a secret, the configuration or the environment (in its
    // arguments, so in its logical line).
    if has(SINKS)
        && (hints.extra
            || stmt.lines_with(SINKS).iter().any(|range| {
                let found = stmt.anchors_in_code(range);
                found & SINKS != 0 && {
                    found & (CONFIG | ENVIRONMENT) != 0 || {
                        let names = stmt.names(range, LINE);
                        names.secret || names.key
                    }
                }
            }))
    {
        return Some(Reason::Logging);
    }
    // FG301-FG303, FG401: a function that may be a view and something it may leak
    // (`responses::prefilter::may_leak`).
    if has(DEF)
        && (registered_here(statement, hints)
            || (((has(VIEW) && names_a_view_class(statement))
                || (statement.contains('@') && decorates_a_view(&mut stmt, hints)))
                && (has(LEAKS) || hints.extra || hints.aliases)))
    {
        return Some(Reason::View);
    }
    // FG601, FG602: request input compared with a key, or a key read from the query
    // string (`keys::check_statement`).
    // The key side of a comparison is written in it: same logical line.
    // `request.args` is one expression: same logical line.
    (((has(REQUEST) && has_code_word(statement, "request")) || hints.aliases)
        && ((has(ARGS)
            && stmt
                .lines_with(ARGS)
                .into_iter()
                .any(|line| hints.aliases || has_word(&statement[line], "request")))
            || (has(COMPARE)
                && (hints.extra
                    || stmt
                        .lines_with(COMPARE)
                        .iter()
                        .any(|line| stmt.anchors_within(line) & SECRET_SUBSTRINGS != 0)))))
    .then_some(Reason::Request)
}

fn debug_may_matter(stmt: &mut Statement<'_>, names: &Names, hints: &FileHints) -> bool {
    let switches = |text: &str, names: &Names, found: Anchors| {
        let has = |anchor: Anchors| found & anchor != 0;
        // The value last: looking for a `1` reads every byte.
        ((names.debug
            || (names.app_debug && hints.flask)
            || (has(RUN) && (hints.flask || hints.run_simple)))
            && (has(TRUE) || has_one(text)))
            || (has(ENV) && has(DEVELOPMENT))
    };
    // The switch and its value stand in one call or assignment: one logical line,
    // which holds a name the scan looks at (every debug name holds `debug` or
    // `evalex`), `run` or `ENV`.
    let statement = stmt.text;
    switches(statement, names, stmt.found)
        && stmt.lines_with(NAME_WORDS | RUN | ENV).iter().any(|range| {
            let line = &statement[range.clone()];
            let found = stmt.anchors_within(range);
            let names = if found & NAME_WORDS != 0 {
                stmt.names(range, STATEMENT)
            } else {
                Names::default()
            };
            switches(line, &names, found)
        })
}

/// The anchors of `text` that stand in code, not in a string or comment.
fn anchors_in_code(text: &str) -> Anchors {
    let mut scratch = Scratch::default();
    let statement = Statement::new(text, &mut scratch);
    let mut found: Anchors = 0;
    let mut regions = RegionCursor::new(text);
    // In order of their start, as the cursor wants.
    for &(at, index) in statement.hits {
        if found & (1 << index) == 0 && regions.region_at(at) == Region::Code {
            found |= 1 << index;
        }
    }
    found
}

/// True when `statement` may assign a tuple, list or set of strings
/// (`validation::ValidationFacts::add_assignment`): an `=` (not `==`, `<=`, ...) then,
/// across blanks, comments and line continuations, an opening bracket or more, then
/// a string literal (its prefix letters first).
fn may_bind_a_string_collection(statement: &str) -> bool {
    let bytes = statement.as_bytes();
    memchr::memchr_iter(b'=', bytes).any(|at| {
        if bytes.get(at + 1) == Some(&b'=')
            || at.checked_sub(1).is_some_and(|before| {
                matches!(
                    bytes[before],
                    b'=' | b'!'
                        | b'<'
                        | b'>'
                        | b':'
                        | b'+'
                        | b'-'
                        | b'*'
                        | b'/'
                        | b'%'
                        | b'&'
                        | b'|'
                        | b'^'
                        | b'@'
                )
            })
        {
            return false;
        }
        let mut i = at + 1;
        let mut brackets = 0;
        loop {
            match bytes.get(i) {
                Some(&b) if blank(b) => i += 1,
                Some(b'(' | b'[' | b'{') => {
                    brackets += 1;
                    i += 1;
                }
                Some(b'#') => i = memchr_newline_from(bytes, i),
                _ => break,
            }
        }
        let mut letters = 0;
        while letters < 2 && bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            letters += 1;
            i += 1;
        }
        brackets > 0 && matches!(bytes.get(i), Some(b'"' | b'\''))
    })
}

/// Where the line holding `bytes[from]` ends (its newline, or the end).
fn memchr_newline_from(bytes: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &bytes[from..]).map_or(bytes.len(), |p| from + p)
}

/// True when `statement` starts with a compound statement's keyword or a decorator:
/// it cannot be the module-level assignment that binds a module secret.
fn starts_compound(statement: &str) -> bool {
    let first = statement
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or_default();
    statement.starts_with('@')
        || matches!(
            first,
            "def" | "class" | "async" | "if" | "for" | "while" | "try" | "with" | "import" | "from"
        )
}

/// True when a logical line of `statement` with the keyword `import` (in code, not in
/// a string) may give `os.environ`, `os.getenv` or the traceback formatters a local
/// name: it holds the word `traceback`, or `os` with `as`, `environ` or `getenv`.
/// (`import os` alone adds `os.environ` and `os.getenv`, which the rules know anyway
/// except in files with `format_tb`: see [`facts_read_by_rules`].)
fn imports_a_known_module(stmt: &mut Statement<'_>, hints: &FileHints) -> bool {
    let statement = stmt.text;
    // What some line must hold, asked of the whole statement first.
    let traceback = has_word(statement, "traceback");
    if !traceback
        && !(has_word(statement, "os")
            && (hints.format_tb
                || has_word(statement, "as")
                || statement.contains("environ")
                || statement.contains("getenv")))
    {
        return false;
    }
    stmt.lines_with(IMPORT).into_iter().any(|range| {
        let line = &statement[range];
        let mut regions = RegionCursor::new(line);
        let imports =
            word_positions(line, "import").any(|at| regions.region_at(at) == Region::Code);
        imports
            && (has_word(line, "traceback")
                || (has_word(line, "os")
                    && (hints.format_tb
                        || has_word(line, "as")
                        || line.contains("environ")
                        || line.contains("getenv"))))
    })
}

/// True when `statement` names `View`, `MethodView` (`flask.views`) as a whole word:
/// a class-based view (`flask::is_view_class`).
fn names_a_view_class(statement: &str) -> bool {
    has_word(statement, "View") || has_word(statement, "MethodView")
}

/// True when a logical line of `statement` is a decorator calling a route or error
/// handler method (`@app.route("/")`, `@bp.get(...)`, `@app.errorhandler(404)`).
fn decorates_a_view(stmt: &mut Statement<'_>, hints: &FileHints) -> bool {
    let statement = stmt.text;
    // A logical line starts a physical one: without an `@` first on a physical line
    // (after blanks) no logical line is a decorator.
    let bytes = statement.as_bytes();
    let first_on_its_line = |at: usize| {
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |p| p + 1);
        statement[line_start..at].trim_start().is_empty()
    };
    if !memchr::memchr_iter(b'@', bytes).any(first_on_its_line) {
        return false;
    }
    // A line's route method call is one of the statement's (the method name ends
    // before the line's break).
    if !calls_a_route_method(statement, hints.http_methods) {
        return false;
    }
    stmt.lines().iter().any(|range| {
        let line = &statement[range.clone()];
        line.trim_start().starts_with('@') && calls_a_route_method(line, hints.http_methods)
    })
}

/// True when a logical line of `statement` holds a string literal and a secret-like
/// name, or a `*key` name with a literal that may look random, or a `*key` name and an
/// environment read (`os.environ.get("MAPS_KEY", "...")`).
fn binds_a_secret_literal(stmt: &mut Statement<'_>) -> bool {
    let statement = stmt.text;
    // A name the scan finds holds one of its words.
    stmt.lines_with(NAME_WORDS).iter().any(|range| {
        let line = &statement[range.clone()];
        if !line.contains(['"', '\'']) {
            return false;
        }
        let names = stmt.names(range, SECRET_BINDING_LINE);
        (names.secret
            || (names.key
                && (names.key_literal || line.contains("environ") || line.contains("getenv"))))
            && holds_a_possible_secret(line, !names.secret)
    })
}

/// True when `statement` may bind a name that [`crate::analysis::flask`] records as a
/// module secret: an assignment (chain) at its start whose target is an identifier
/// with a lower-case letter that is not a plain name (`api_key = ...`,
/// `x = token = ...`). A statement with an annotation, a `;` or anything unusual
/// before the first `=` counts too.
fn binds_a_module_secret(statement: &str) -> bool {
    if starts_compound(statement) {
        return false;
    }
    let bytes = statement.as_bytes();
    // `x = 1; api_key = "..."`: more than one statement.
    if bytes.contains(&b';') && {
        let mut at = 0;
        Regions::new(statement)
            .map(|(start, end, _)| (start, end))
            .chain(std::iter::once((bytes.len(), bytes.len())))
            .any(|(start, end)| {
                let code = bytes.get(at..start).unwrap_or_default();
                at = end;
                code.contains(&b';')
            })
    } {
        return true;
    }
    // Leading blank and comment lines (the first chunk of a module).
    let mut i = 0;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) == Some(&b'#') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        break;
    }
    loop {
        let start = i;
        while i < bytes.len() && is_name_byte(bytes[i]) {
            i += 1;
        }
        if i == start {
            // Not an identifier (a literal, a tuple target, ...): no name recorded.
            return false;
        }
        let name = &statement[start..i];
        while matches!(bytes.get(i), Some(b' ' | b'\t' | b'\\')) {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'=') if bytes.get(i + 1) != Some(&b'=') => {
                if name.chars().any(char::is_lowercase) && classify(name, &[]) != NameKind::Plain {
                    return true;
                }
                i += 1;
                while matches!(bytes.get(i), Some(b' ' | b'\t' | b'\\' | b'\r' | b'\n')) {
                    i += 1;
                }
            }
            // An annotated assignment, or something unusual: as before.
            Some(b':') => return true,
            _ => return false,
        }
    }
}

/// True when `text` holds `.route`, `.errorhandler`, `.app_errorhandler` or, with
/// `http_methods`, `.get`, `.post`, `.put`, `.patch`, `.delete` (blanks and line
/// continuations allowed after the dot): how a decorator or a call registers a view
/// (`flask::view_kind`, `FlaskFacts`).
fn calls_a_route_method(text: &str, http_methods: bool) -> bool {
    const METHODS: &[&str] = &[
        "route",
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "errorhandler",
        "app_errorhandler",
    ];
    text.match_indices('.').any(|(at, _)| {
        let rest = text[at + 1..].trim_start_matches([' ', '\t', '\\', '\r', '\n']);
        let end = rest
            .bytes()
            .position(|b| !is_name_byte(b))
            .unwrap_or(rest.len());
        let method = &rest[..end];
        METHODS.contains(&method)
            && (http_methods || matches!(method, "route" | "errorhandler" | "app_errorhandler"))
    })
}

/// True when `word` occurs in `text` as a whole name.
fn has_word(text: &str, word: &str) -> bool {
    word_positions(text, word).next().is_some()
}

/// True when `word` occurs in `text` as a whole name in code: not in a comment or a
/// string literal, except in an f-string (its replacement fields are code).
fn has_code_word(text: &str, word: &str) -> bool {
    let bytes = text.as_bytes();
    let mut regions = RegionCursor::new(text);
    word_positions(text, word).any(|at| match regions.region_at(at) {
        Region::Code => true,
        Region::Comment => false,
        Region::Str | Region::Doc => regions
            .current
            .is_none_or(|(from, _, _)| is_f_string(bytes, from)),
    })
}

/// True when the string literal whose quote is at `bytes[from]` may be an f-string:
/// an `f` or `F` among its prefix letters (or the bytes before it).
fn is_f_string(bytes: &[u8], from: usize) -> bool {
    bytes[from.saturating_sub(2)..from]
        .iter()
        .any(|&b| b == b'f' || b == b'F')
}

/// Where `word` occurs in `text` as a whole name.
fn word_positions<'t>(text: &'t str, word: &'t str) -> impl Iterator<Item = usize> + 't {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, word.as_bytes()).filter(move |&at| {
        (at == 0 || !is_name_byte(bytes[at - 1]))
            && bytes.get(at + word.len()).is_none_or(|&b| !is_name_byte(b))
    })
}

/// True when a function defined in `statement` may be registered as a view or error
/// handler by another statement.
fn registered_here(statement: &str, hints: &FileHints) -> bool {
    if hints.registered_any {
        return true;
    }
    if hints.registered_names.is_empty() {
        return false;
    }
    let bytes = statement.as_bytes();
    statement.match_indices("def").any(|(at, _)| {
        if at > 0 && is_name_byte(bytes[at - 1]) {
            return false;
        }
        let rest = &statement[at + 3..];
        let name = rest.trim_start_matches([' ', '\t', '\\', '\r', '\n']);
        if name.len() == rest.len() {
            return false;
        }
        let end = name
            .bytes()
            .position(|b| !is_name_byte(b))
            .unwrap_or(name.len());
        hints
            .registered_names
            .binary_search_by(|n| n.as_str().cmp(&name[..end]))
            .is_ok()
    })
}

pub(super) fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The last dotted segment of the name after each `)(` (`app.route("/")(views.index)`
/// → `index`), skipping blanks, comments and line continuations, where the call
/// before the `)(` may be a route or error handler method (`FlaskFacts`
/// registrations).
fn registered_names(source: &str) -> Vec<String> {
    let bytes = source.as_bytes();
    let mut names: Vec<String> = Vec::new();
    static CELL: OnceLock<AhoCorasick> = OnceLock::new();
    let calls = CELL.get_or_init(|| {
        AhoCorasick::new([")("]).unwrap_or_else(|err| panic!("invalid built-in pattern: {err}"))
    });
    for at in calls.find_iter(source).map(|hit| hit.start()) {
        if !calls_a_route_method_before(bytes, at) {
            continue;
        }
        let mut i = at + 2;
        loop {
            match bytes.get(i) {
                Some(b' ' | b'\t' | b'\r' | b'\n' | b'\\') => i += 1,
                Some(b'#') => {
                    i = bytes[i..]
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(bytes.len(), |p| i + p)
                }
                _ => break,
            }
        }
        let end = bytes[i..]
            .iter()
            .position(|&b| !(is_name_byte(b) || matches!(b, b'.' | b' ' | b'\t')))
            .map_or(bytes.len(), |p| i + p);
        let dotted = source.get(i..end).unwrap_or_default();
        if let Some(last) = dotted.rsplit('.').next().map(str::trim)
            && !last.is_empty()
        {
            names.push(last.to_string());
        }
    }
    names.sort_unstable();
    names.dedup();
    names
}

/// True unless the call whose `)` is at `close` is plainly not `x.route(...)`,
/// `x.get(...)`, ... or `x.errorhandler(...)`: walks back to its `(` and reads the
/// method name before it. Gives up (true) on quotes, comments or long calls.
fn calls_a_route_method_before(bytes: &[u8], close: usize) -> bool {
    const LIMIT: usize = 4096;
    let mut depth = 0usize;
    let mut i = close + 1;
    while i > 0 {
        i -= 1;
        if close - i > LIMIT {
            return true;
        }
        match bytes[i] {
            b'"' | b'\'' | b'#' => return true,
            b')' | b']' | b'}' => depth += 1,
            b'(' | b'[' | b'{' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
    }
    if depth != 0 || bytes.get(i) != Some(&b'(') {
        return true;
    }
    let mut end = i;
    while end > 0 && blank(bytes[end - 1]) {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && is_name_byte(bytes[start - 1]) {
        start -= 1;
    }
    let mut dot = start;
    while dot > 0 && blank(bytes[dot - 1]) {
        dot -= 1;
    }
    dot > 0
        && bytes[dot - 1] == b'.'
        && matches!(
            &bytes[start..end],
            b"route"
                | b"get"
                | b"post"
                | b"put"
                | b"patch"
                | b"delete"
                | b"errorhandler"
                | b"app_errorhandler"
        )
}

/// True when the file imports one of the names the rules recognise under another
/// name: `from os import environ as env`, `from flask import request as req`, ...
/// (the word before an `as`, across blanks, parentheses and line breaks).
fn imports_under_alias(source: &str) -> bool {
    // (`import os as o`, `import flask as f`, `import traceback as tb` keep the
    // anchor text: `o.environ`, `f.request`, `tb.format_exc`.)
    const ALIASED: &[&str] = &[
        "environ",
        "getenv",
        "request",
        "current_app",
        "format_exc",
        "format_exception",
        "format_tb",
    ];
    static CELL: OnceLock<AhoCorasick> = OnceLock::new();
    let words = CELL.get_or_init(|| {
        AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(ALIASED)
            .unwrap_or_else(|err| panic!("invalid built-in aliases: {err}"))
    });
    let bytes = source.as_bytes();
    // Each known name standing whole, then blanks, parentheses or line breaks, then
    // the word `as`.
    words.find_iter(source).any(|hit| {
        let (start, end) = (hit.start(), hit.end());
        if start > 0 && is_name_byte(bytes[start - 1]) {
            return false;
        }
        let mut at = end;
        while matches!(
            bytes.get(at),
            Some(b' ' | b'\t' | b'\\' | b'\r' | b'\n' | b'(')
        ) {
            at += 1;
        }
        at > end
            && bytes.get(at..at + 2) == Some(b"as")
            && bytes.get(at + 2).is_none_or(|&b| !is_name_byte(b))
    })
}

/// The logical lines of a text, as byte ranges: a physical line and the lines joined
/// to it by open brackets, multi-line strings or backslashes. Brackets in strings and
/// comments do not count; unbalanced brackets make the rest of the text one line.
pub(crate) struct LogicalLines<'s> {
    bytes: &'s [u8],
    regions: Regions<'s>,
    next_region: Option<(usize, usize)>,
    pos: usize,
}

impl<'s> LogicalLines<'s> {
    pub(crate) fn new(text: &'s str) -> LogicalLines<'s> {
        let mut regions = Regions::new(text);
        let next_region = regions.next().map(|(start, end, _)| (start, end));
        LogicalLines {
            bytes: text.as_bytes(),
            regions,
            next_region,
            pos: 0,
        }
    }
}

/// Bytes that end or join logical lines: brackets, backslashes, newlines.
const STRUCTURE: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    let bytes = b"()[]{}\\\n";
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

impl Iterator for LogicalLines<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bytes = self.bytes;
        let start = self.pos;
        if start >= bytes.len() {
            return None;
        }
        let mut depth = 0usize;
        let mut i = start;
        while i < bytes.len() {
            if let Some((region_start, region_end)) = self.next_region
                && i >= region_start
            {
                i = i.max(region_end);
                self.next_region = self.regions.next().map(|(s, e, _)| (s, e));
                continue;
            }
            // Skip to the next bracket, backslash or newline before the next region.
            let limit = self.next_region.map_or(bytes.len(), |(region_start, _)| {
                region_start.min(bytes.len())
            });
            while i < limit && !STRUCTURE[usize::from(bytes[i])] {
                i += 1;
            }
            if i >= limit {
                continue;
            }
            match bytes[i] {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                b'\\' => {
                    // A line continuation (or a stray backslash): the next byte is
                    // part of this line.
                    i += 1;
                    if bytes.get(i) == Some(&b'\r') {
                        i += 1;
                    }
                }
                b'\n' if depth == 0 => {
                    self.pos = i + 1;
                    return Some(start..i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        self.pos = bytes.len();
        Some(start..bytes.len())
    }
}

/// The logical lines of `text` that hold a match of `needles` (in order, each once),
/// in any case: `needles` search lower-cased text ([`lowercase_finders`]). A match
/// never spans a line break, so a line holds a match exactly when one of the
/// occurrences starts in it, whichever of overlapping ones a search reports.
fn lines_holding<'t>(
    text: &'t str,
    needles: &'static [Finder<'static>],
) -> impl Iterator<Item = &'t str> + 't {
    let lower = text.as_bytes().to_ascii_lowercase();
    let mut starts: Vec<usize> = Vec::new();
    for needle in needles {
        starts.extend(needle.find_iter(&lower));
    }
    starts.sort_unstable();
    let mut hits = starts.into_iter().peekable();
    let mut lines = LogicalLines::new(text);
    std::iter::from_fn(move || {
        loop {
            let next_hit = *hits.peek()?;
            let range = lines.next()?;
            if next_hit >= range.end {
                continue;
            }
            while hits.next_if(|&at| at < range.end).is_some() {}
            return Some(&text[range]);
        }
    })
}

fn environment_words() -> &'static [Finder<'static>] {
    static CELL: OnceLock<Vec<Finder<'static>>> = OnceLock::new();
    lowercase_finders(&CELL, &["environ", "getenv"])
}

/// True when a provider token or URL with userinfo shows once the statement's
/// concatenated literals are joined (`"gh" "p_..."`).
fn joined_may_hold_token(statement: &str, hints: &FileHints) -> bool {
    thread_local! {
        static JOINED: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    JOINED.with(|buffer| {
        let Ok(mut joined) = buffer.try_borrow_mut() else {
            return true;
        };
        join_literals_into(statement, &mut joined);
        if joined.len() == statement.len() {
            return false;
        }
        let text = String::from_utf8_lossy(&joined);
        (hints.tokens && providers::may_contain_token(&text))
            || (hints.userinfo && may_hold_userinfo(&text))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_anchor_has_its_bit() {
        assert!(ANCHORS.len() <= 64);
        assert_eq!(ANCHORS[index_of("True")], "True");
        assert_eq!(SECRET_SUBSTRINGS.count_ones(), 6);
        assert_eq!(NAME_WORDS, SECRET_SUBSTRINGS | any(&["debug", "evalex"]));
        assert_eq!(SINKS.count_ones(), 10);
        assert_eq!(
            anchors_in("if x == True: raise"),
            COMPARE & any(&["=="]) | TRUE | any(&["raise"])
        );
        assert_eq!(
            anchors_in("true ENVIRONMENT view"),
            ENVIRONMENT & any(&["environ"]) | ENV
        );
    }

    #[test]
    fn anchors_are_found_where_a_case_insensitive_aho_corasick_finds_them() {
        let reference = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(ANCHORS)
            .unwrap_or_else(|err| panic!("{err}"));
        // Texts holding every anchor in many cases and places, short and long.
        let source = include_str!("statement_prefilter.rs");
        for text in [
            source,
            &source[..700],
            &source[1000..1300],
            "if x == True: raise",
            "TRUE true True ENV env View view",
        ] {
            let mut expected: Vec<(usize, u8)> = reference
                .find_overlapping_iter(text)
                .filter(|hit| {
                    let index = hit.pattern().as_usize();
                    CASED & (1 << index) == 0 || &text[hit.range()] == ANCHORS[index]
                })
                .map(|hit| (hit.start(), hit.pattern().as_usize() as u8))
                .collect();
            expected.sort_unstable();
            let mut scratch = Scratch::default();
            let statement = Statement::new(text, &mut scratch);
            assert_eq!(statement.hits, expected.as_slice());
        }
    }

    fn decorates(statement: &str, hints: &FileHints) -> bool {
        decorates_a_view(
            &mut Statement::new(statement, &mut Scratch::default()),
            hints,
        )
    }

    #[test]
    fn decorators_and_lines_are_found_as_before_the_fast_paths() {
        let hints = FileHints::everything();
        assert!(decorates("@app.route('/')\ndef f():\n    pass\n", &hints));
        assert!(decorates("  @bp.\\\n  get('/')\ndef f(): pass\n", &hints));
        assert!(!decorates(
            "@property\ndef f(self):\n    return d.get(1)\n",
            &FileHints::default()
        ));
        assert!(!decorates("x = '@app.route'\n", &hints));
        let lines: Vec<&str> = lines_holding(
            "a = 1\nb = OS.ENVIRON[\n  'k']\nc = getenv('x') == 2\n",
            environment_words(),
        )
        .collect();
        assert_eq!(
            lines,
            ["b = OS.ENVIRON[\n  'k']\n", "c = getenv('x') == 2\n"]
        );
    }

    #[test]
    fn registered_names_and_aliases_come_from_the_bytes() {
        assert_eq!(
            registered_names("app.route('/')(views.index)\nbp.errorhandler(404)( # c\n  gone)\n"),
            vec!["gone".to_string(), "index".to_string()]
        );
        assert!(imports_under_alias(
            "from os import (\n    environ as env)\n"
        ));
        assert!(imports_under_alias("from flask import request as req\n"));
        assert!(!imports_under_alias("with open(p) as f:\n    pass\n"));
        assert!(imports_under_alias(
            "from traceback import format_exception as fe\n"
        ));
        assert!(!imports_under_alias("x = environs as_ y\n"));
    }
}
