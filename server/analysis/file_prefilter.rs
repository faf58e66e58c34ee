//! A byte-level look at a whole file that decides, without parsing it, that no rule
//! can report anything in it, so `flaskguard check` skips the parse.
//!
//! It is a superset test: every finding the rules can report needs some text in the
//! file (a secret-like name, a provider token prefix, `://` and `@`, `debug`, a Flask
//! view decorator, an environment read, ...), and a file is let through when any rule
//! family's text is there. Names are tested as the rules see them: split into
//! segments ([`crate::secrets::names::segments`]) and matched whole, outside comments,
//! and never the `pass` keyword, so `pass`, `keys()` or `monkey` do not let a file
//! through. A token split across concatenated literals is looked for only around the
//! seams joining them ([`joined_may_show`]).

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use memchr::memmem::Finder;

use crate::config::RuleSettings;
use crate::rules::logging::secret_logged::SINK_PATTERNS;
use crate::secrets::entropy::looks_random;
use crate::secrets::names::{NameKind, SECRET_WORDS, classify, segments};
use crate::secrets::providers;
use std::ops::Range;

/// Substrings (any case) every secret word and the segment `key` contain.
/// Also the names that switch the debugger on (FG201-FG203).
pub(crate) const NAME_HINTS: &[&str] = &[
    "pass",
    "pwd",
    "secret",
    "token",
    "credential",
    "key",
    "debug",
    "evalex",
];

/// Names (whole runs of name characters, exact case) that switch the debugger on
/// whatever the app: the `DEBUG` setting (FG202), `DebuggedApplication(...,
/// evalex=True)` and werkzeug's `use_debugger`/`use_evalex` (FG201, FG203).
pub(crate) const DEBUG_NAMES: &[&str] = &[
    "DEBUG",
    "use_debugger",
    "use_evalex",
    "evalex",
    "DebuggedApplication",
];

/// Segments that make a secret pair with a following `key` (`names::SECRET_PAIRS`;
/// `client secret` holds a secret word already).
const PAIR_FIRSTS: &[&str] = &["api", "secret", "private", "auth", "signing"];

/// Calls whose key parameter is a secret whatever it is named (`bindings::KEY_PARAMS`),
/// and what registers a view (FG3xx, FG401): any case.
pub(crate) const ALWAYS_HINTS: &[&str] = &[
    "jwt",
    "hmac",
    "serializer",
    "signer",
    "fernet",
    "errorhandler",
    "add_url_rule",
    "register_error_handler",
];

/// An automaton over lower-cased `patterns` for lower-cased text ([`lowered`]): the
/// same matches as [`automaton`] on the original text, found many times faster
/// (case-insensitive patterns defeat the SIMD prefilter).
pub(crate) fn lowercase_automaton(
    cell: &'static OnceLock<AhoCorasick>,
    patterns: &[&str],
) -> &'static AhoCorasick {
    cell.get_or_init(|| {
        AhoCorasick::new(patterns.iter().map(|p| p.to_ascii_lowercase()))
            .unwrap_or_else(|err| panic!("invalid built-in file hints: {err}"))
    })
}

/// `text` with ASCII letters lower-cased: byte for byte the same positions.
pub(crate) fn lowered(text: &str) -> Vec<u8> {
    text.as_bytes().to_ascii_lowercase()
}

fn name_hint_finders() -> &'static [Finder<'static>] {
    static CELL: OnceLock<Vec<Finder<'static>>> = OnceLock::new();
    lowercase_finders(&CELL, NAME_HINTS)
}

/// The [`NAME_HINTS`] in lower-cased text, as `start..end`: the matches of a
/// standard (not overlapping, earliest end first) Aho-Corasick search, found with
/// one SIMD substring search per hint. No hint holds another, so at most one match
/// ends at any position and the earliest end decides.
pub(crate) struct NameHints<'t> {
    text: &'t [u8],
    finders: &'static [Finder<'static>],
    /// Each hint's next occurrence at or after `pos` (`usize::MAX`: none).
    next: [usize; NAME_HINTS.len()],
    /// Where the search goes on: the end of the last match.
    pos: usize,
}

impl<'t> NameHints<'t> {
    pub(crate) fn new(text: &'t [u8]) -> NameHints<'t> {
        let finders = name_hint_finders();
        let mut next = [usize::MAX; NAME_HINTS.len()];
        for (slot, finder) in next.iter_mut().zip(finders) {
            *slot = finder.find(text).unwrap_or(usize::MAX);
        }
        NameHints {
            text,
            finders,
            next,
            pos: 0,
        }
    }
}

impl Iterator for NameHints<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let mut best: Option<Range<usize>> = None;
        for (k, slot) in self.next.iter_mut().enumerate() {
            if *slot < self.pos {
                // Overlapped by the last match: the next occurrence after it.
                *slot = self
                    .text
                    .get(self.pos..)
                    .and_then(|rest| self.finders[k].find(rest))
                    .map_or(usize::MAX, |at| self.pos + at);
            }
            if *slot == usize::MAX {
                continue;
            }
            let end = *slot + NAME_HINTS[k].len();
            if best.as_ref().is_none_or(|b| end < b.end) {
                best = Some(*slot..end);
            }
        }
        let hit = best?;
        self.pos = hit.end;
        Some(hit)
    }
}

/// Single-pattern searchers over lower-cased `patterns`, for lower-cased text: a few
/// SIMD substring searches beat one Aho-Corasick pass many times over when the
/// patterns are rare (most files hold none of them).
pub(crate) fn lowercase_finders(
    cell: &'static OnceLock<Vec<Finder<'static>>>,
    patterns: &[&str],
) -> &'static [Finder<'static>] {
    cell.get_or_init(|| {
        patterns
            .iter()
            .map(|p| Finder::new(p.to_ascii_lowercase().as_bytes()).into_owned())
            .collect()
    })
}

/// True when lower-cased `text` holds one of `finders`' patterns.
fn holds_any(text: &[u8], finders: &[Finder<'static>]) -> bool {
    finders.iter().any(|finder| finder.find(text).is_some())
}

/// [`ALWAYS_HINTS`] in lower-cased text.
fn lowered_always_hints(lower: &[u8]) -> bool {
    static CELL: OnceLock<Vec<Finder<'static>>> = OnceLock::new();
    holds_any(lower, lowercase_finders(&CELL, ALWAYS_HINTS))
}

/// False when no rule can report anything in `source`, whatever the file's path and
/// selection; true when the file must be parsed and analysed.
pub fn may_have_findings(source: &str, settings: &RuleSettings) -> bool {
    may_have_findings_seen(source, settings, &mut Seen::default())
}

/// What [`may_have_findings`] learned about a file on its way, which the statement
/// prefilter's file hints ask again: `None` where it did not look.
#[derive(Debug, Default)]
pub(crate) struct Seen {
    /// [`providers::may_contain_token`] of the file.
    pub(crate) tokens: Option<bool>,
    /// [`may_hold_userinfo`] of the file.
    pub(crate) userinfo: Option<bool>,
    /// [`mentions_flask`] of the file.
    pub(crate) flask: Option<bool>,
    /// The same two questions of the file with its concatenated literals joined
    /// ([`joined_may_show`]): both false when joining changes nothing.
    pub(crate) joined: Option<(bool, bool)>,
}

/// [`may_have_findings`], noting in `seen` what it learned.
pub(crate) fn may_have_findings_seen(
    source: &str,
    settings: &RuleSettings,
    seen: &mut Seen,
) -> bool {
    // FG102 (comments included) and FG103.
    let tokens = providers::may_contain_token(source);
    seen.tokens = Some(tokens);
    if tokens {
        return true;
    }
    let userinfo = may_hold_userinfo(source);
    seen.userinfo = Some(userinfo);
    if userinfo {
        return true;
    }
    let lower = lowered(source);
    if lowered_always_hints(&lower) || mentions_extra_names(source, &settings.extra_secret_names) {
        return true;
    }
    let names = scan_lowered_names(source, &lower, Scan::FILE);
    if names.secret {
        return true;
    }
    // FG201-FG203 switch the debugger on with `True` or `1`; FG202 also with
    // `ENV = "development"`.
    let on = source.contains("True") || has_one(source);
    let mentions = lowered_flask(&lower);
    seen.flask = Some(mentions);
    let flask = mentions || source.contains("create_app") || source.contains("make_app");
    if (on && (names.debug || (flask && names.app_debug)))
        || (on && (flask || source.contains("run_simple")) && source.contains("run"))
        || (source.contains("ENV") && source.contains("development"))
    {
        return true;
    }
    let env = source.contains("environ") || source.contains("getenv");
    let view = has_view_marker(source);
    let config = lowered_config(&lower);
    let sink = lowered_sinks(&lower);
    // FG3xx and FG401 need a view; FG204 `bool()` of the environment; FG302, FG402
    // and FG501 the environment or the configuration with a sink or a `*_key` name;
    // FG601 and FG602 `request` and a key; FG101 and FG104 a `*key` name bound to a
    // literal that looks random.
    if view
        || (env && (names.qualified_key || sink || source.contains("bool")))
        || (config && sink)
        || (names.key && source.contains("request"))
        || (names.qualified_key && sink)
        || (names.key && names.key_literal)
    {
        return true;
    }
    // A token split across concatenated literals only shows once joined.
    let found = joined_may_show(source);
    seen.joined = Some(found);
    found.0 || found.1
}

/// A `://` followed by an `@` on the same line (FG103: a URL with userinfo).
pub(crate) fn may_hold_userinfo(text: &str) -> bool {
    static FINDER: OnceLock<Finder<'static>> = OnceLock::new();
    let bytes = text.as_bytes();
    let finder = FINDER.get_or_init(|| Finder::new("://"));
    finder
        .find_iter(bytes)
        .any(|at| memchr::memchr2(b'\n', b'@', &bytes[at..]).is_some_and(|p| bytes[at + p] == b'@'))
}

/// The integer literal `1` standing alone (`debug=1`).
pub(crate) fn has_one(source: &str) -> bool {
    let bytes = source.as_bytes();
    let part_of_number = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'.';
    memchr::memchr_iter(b'1', bytes).any(|i| {
        (i == 0 || !part_of_number(bytes[i - 1]))
            && bytes.get(i + 1).is_none_or(|&n| !part_of_number(n))
    })
}

/// True when lower-cased `lower` holds a log call (`logging::secret_logged`'s sink
/// patterns).
fn lowered_sinks(lower: &[u8]) -> bool {
    static CELL: OnceLock<Vec<Finder<'static>>> = OnceLock::new();
    holds_any(lower, lowercase_finders(&CELL, SINK_PATTERNS))
}

/// A name ending in `config` (`app.config`, `CONFIG`), not `configure` or
/// `configparser`, in lower-cased text.
fn lowered_config(lower: &[u8]) -> bool {
    static CELL: OnceLock<AhoCorasick> = OnceLock::new();
    lowercase_automaton(&CELL, &["config"])
        .find_iter(lower)
        .any(|hit| {
            lower
                .get(hit.end())
                .is_none_or(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
        })
}

/// `flask` in any case (`FileSummary::is_flask_app` needs `import flask` or `Flask(`).
pub(crate) fn mentions_flask(source: &str) -> bool {
    // Lower-cased first: one SIMD substring search beats looking at every `f`.
    lowered_flask(&lowered(source))
}

/// [`mentions_flask`] of lower-cased text.
fn lowered_flask(lower: &[u8]) -> bool {
    static CELL: OnceLock<AhoCorasick> = OnceLock::new();
    lowercase_automaton(&CELL, &["flask"]).is_match(lower)
}

/// A decorator calling a route or error handler method (`@app.route`, `@bp.get`), or
/// a class-based view (`MethodView`, `View`).
pub(crate) fn has_view_marker(source: &str) -> bool {
    if source.contains("View") {
        return true;
    }
    // A line whose first non-blank character is `@` (`str::lines`, `trim_start`).
    source.match_indices('@').any(|(at, _)| {
        let line_start = source[..at].rfind('\n').map_or(0, |p| p + 1);
        if !source[line_start..at].trim_start().is_empty() {
            return false;
        }
        let line = &source[at..source[at..].find('\n').map_or(source.len(), |p| at + p)];
        [".route", ".get", ".post", ".put", ".patch", ".delete"]
            .iter()
            .any(|m| line.contains(m))
    })
}

/// The user's extra secret names: each, without separators, anywhere in the file's
/// letters and digits (lower-cased), which any name matching it contains.
pub(crate) fn mentions_extra_names(source: &str, extra: &[String]) -> bool {
    if extra.is_empty() {
        return false;
    }
    let letters: String = source
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    extra.iter().any(|name| {
        let wanted = segments(name).concat();
        wanted.is_empty() || letters.contains(&wanted)
    })
}

#[derive(Default)]
pub(crate) struct Names {
    /// A segment that is a secret word.
    pub(crate) secret: bool,
    /// A name whose last segment is `key` (secret-like when its value looks random).
    pub(crate) key: bool,
    /// Such a name with a segment before `key` (`MAPS_KEY`, `stripe.key`).
    pub(crate) qualified_key: bool,
    /// A string literal long enough to look random.
    pub(crate) key_literal: bool,
    /// A name that switches the debugger on.
    pub(crate) debug: bool,
    /// `debug`, which switches it on for a Flask app.
    pub(crate) app_debug: bool,
}

/// Where the scanner is: code, a comment, or a string literal.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Region {
    Code,
    Comment,
    Str,
    /// A docstring: a triple-quoted literal alone after a `:` or at the start of the
    /// file. Its words are never a name and its value is never bound to one.
    Doc,
}

/// The regions of `source`, in order, as byte ranges: comments and string literals
/// (the quotes included); everything between them is code. Found lazily, one region
/// at a time, without allocating.
pub(crate) struct Regions<'s> {
    bytes: &'s [u8],
    i: usize,
    /// The last byte of code before `i`, blanks and comments left out.
    last_code: Option<u8>,
}

impl<'s> Regions<'s> {
    pub(crate) fn new(source: &'s str) -> Regions<'s> {
        Regions {
            bytes: source.as_bytes(),
            i: 0,
            last_code: None,
        }
    }
}

impl Iterator for Regions<'_> {
    type Item = (usize, usize, Region);

    fn next(&mut self) -> Option<(usize, usize, Region)> {
        let bytes = self.bytes;
        let from = self.i;
        let at = from + find_region_start(&bytes[from.min(bytes.len())..])?;
        if let Some(&b) = bytes[from..at]
            .iter()
            .rev()
            .find(|b| !b.is_ascii_whitespace())
        {
            self.last_code = Some(b);
        }
        let i = at;
        match bytes[i] {
            b'#' => {
                let end = memchr_newline(bytes, i);
                self.i = end;
                Some((i, end, Region::Comment))
            }
            quote => {
                let triple = bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote);
                let mut j = if triple { i + 3 } else { i + 1 };
                let end = loop {
                    // Straight to the next byte that can end the literal or escape one.
                    let rest = bytes.get(j..).unwrap_or_default();
                    let skip = if triple {
                        memchr::memchr2(quote, b'\\', rest)
                    } else {
                        memchr::memchr3(quote, b'\\', b'\n', rest)
                    };
                    j += skip.unwrap_or(rest.len());
                    match bytes.get(j) {
                        None => break bytes.len(),
                        Some(b'\\') => j += 2,
                        Some(b'\n') if !triple => break j,
                        Some(&b) if b == quote => {
                            if !triple {
                                break j + 1;
                            }
                            if bytes.get(j + 1) == Some(&quote) && bytes.get(j + 2) == Some(&quote)
                            {
                                break j + 3;
                            }
                            j += 1;
                        }
                        Some(_) => j += 1,
                    }
                };
                let end = end.min(bytes.len());
                // Only the rest of this line up to its first non-blank byte is read, and
                // only for a triple-quoted literal: scanning to the line's end after every
                // literal was quadratic on a long line of literals.
                let alone = || {
                    bytes[end..]
                        .iter()
                        .take_while(|&&b| b != b'\n')
                        .all(u8::is_ascii_whitespace)
                };
                let doc = triple && matches!(self.last_code, None | Some(b':')) && alone();
                self.last_code = Some(quote);
                self.i = end;
                Some((i, end, if doc { Region::Doc } else { Region::Str }))
            }
        }
    }
}

/// The first `#`, `"` or `'` in `bytes`.
fn find_region_start(bytes: &[u8]) -> Option<usize> {
    memchr::memchr3(b'#', b'"', b'\'', bytes)
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &bytes[from..]).map_or(bytes.len(), |p| from + p)
}

/// The region at positions asked for in increasing order.
pub(crate) struct RegionCursor<'s> {
    regions: Regions<'s>,
    pub(crate) current: Option<(usize, usize, Region)>,
    done: bool,
}

impl<'s> RegionCursor<'s> {
    pub(crate) fn new(source: &'s str) -> RegionCursor<'s> {
        RegionCursor {
            regions: Regions::new(source),
            current: None,
            done: false,
        }
    }

    /// The region holding `pos`; `pos` never smaller than in the previous call.
    pub(crate) fn region_at(&mut self, pos: usize) -> Region {
        loop {
            if let Some((start, end, kind)) = self.current
                && pos < end
            {
                return if start <= pos { kind } else { Region::Code };
            }
            if self.done {
                return Region::Code;
            }
            match self.regions.next() {
                Some(region) => self.current = Some(region),
                None => {
                    self.done = true;
                    self.current = None;
                }
            }
        }
    }
}

/// See [`Scan::strings_in_name_position`]; the literal is `bytes[from..to]` and the
/// word is at `at`.
fn string_in_name_position(bytes: &[u8], from: usize, to: usize, at: usize) -> bool {
    let prefix = &bytes[from.saturating_sub(2)..from];
    if prefix.iter().any(|&b| b == b'f' || b == b'F') {
        // In an f-string only the replacement fields are code (`{{` is a brace).
        let mut depth = 0usize;
        let mut i = from;
        while i < at {
            match bytes[i] {
                b'{' if depth == 0 && bytes.get(i + 1) == Some(&b'{') => i += 1,
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            i += 1;
        }
        return depth > 0;
    }
    let mut i = to;
    loop {
        match bytes.get(i) {
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'\\') => i += 1,
            Some(b'#') => i = memchr_newline(bytes, i),
            Some(b']' | b')' | b',') => break,
            Some(&b) => {
                return matches!(b, b':' | b'=' | b'!' | b'<' | b'>' | b'"' | b'\'')
                    || b.is_ascii_alphabetic();
            }
            None => return false,
        }
    }
    // Before a closing bracket or a comma, only a first argument or a subscript key
    // (`get("PASSWORD")`, `environ["TOKEN"]`, `setdefault("SECRET_KEY", ...)`), a
    // keyword's value or a concatenated literal is a name; a list element is not.
    let mut i = from;
    while i > 0 && i + 2 > from && bytes[i - 1].is_ascii_alphabetic() {
        i -= 1;
    }
    while i > 0 && matches!(bytes[i - 1], b' ' | b'\t' | b'\r' | b'\n' | b'\\') {
        i -= 1;
    }
    if i == 0 {
        return false;
    }
    let before = |mut at: usize| {
        while at > 0 && matches!(bytes[at - 1], b' ' | b'\t' | b'\r' | b'\n' | b'\\') {
            at -= 1;
        }
        at
    };
    match bytes[i - 1] {
        // A first argument names something only for a lookup: `get`, `getenv`,
        // `setdefault`, `pop`.
        b'(' => {
            let end = before(i - 1);
            let mut start = end;
            while start > 0
                && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_')
            {
                start -= 1;
            }
            matches!(
                &bytes[start..end],
                b"get" | b"getenv" | b"setdefault" | b"pop"
            )
        }
        // A subscript, not a list: something indexable stands before the `[`.
        b'[' => {
            let at = before(i - 1);
            at > 0
                && (bytes[at - 1].is_ascii_alphanumeric()
                    || matches!(bytes[at - 1], b'_' | b')' | b']' | b'"' | b'\'')
                    || bytes[at - 1] >= 0x80)
        }
        b => matches!(b, b'=' | b'"' | b'\'') || b.is_ascii_alphabetic(),
    }
}

/// See [`Scan::code_names_in_binding_position`]; the name is `bytes[start..end]`.
fn code_name_may_bind(bytes: &[u8], start: usize, end: usize) -> bool {
    let mut i = end;
    loop {
        match bytes.get(i) {
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'\\' | b')' | b']') => i += 1,
            Some(b'#') => i = memchr_newline(bytes, i),
            Some(b'=') if bytes.get(i + 1) != Some(&b'=') => {
                return !binds_a_constant(bytes, i + 1);
            }
            // A tuple target (`pwd, user = "a", "b"`), not an argument (`f(pwd, "x")`).
            Some(b',') => return has_top_level_assignment(bytes),
            Some(b'=' | b'!' | b':') => return true,
            _ => break,
        }
    }
    let mut i = start;
    while i > 0
        && (bytes[i - 1].is_ascii_alphanumeric()
            || matches!(
                bytes[i - 1],
                b'_' | b'.' | b' ' | b'\t' | b'\r' | b'\n' | b'\\' | b'('
            )
            || bytes[i - 1] >= 0x80)
    {
        i -= 1;
    }
    i > 0 && matches!(bytes[i - 1], b'=' | b'!')
}

/// True when `bytes` (a logical line) holds an `=` outside brackets and strings that
/// is not part of `==`, `!=`, `<=`, `>=` or `:=`.
fn has_top_level_assignment(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let mut regions = Regions::new(&text);
    let mut next = regions.next();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        if let Some((start, end, _)) = next
            && i >= start
        {
            i = i.max(end);
            next = regions.next();
            continue;
        }
        match bytes[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'=' if depth == 0 => {
                let previous = i.checked_sub(1).map(|p| bytes[p]);
                let part_of_operator = matches!(previous, Some(b'=' | b'!' | b'<' | b'>' | b':'))
                    || bytes.get(i + 1) == Some(&b'=');
                if !part_of_operator {
                    return true;
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// True when the value after an `=` at `bytes[from..]` is `None`, `True`, `False` or
/// a number standing alone (`pwd=None,`): no literal is bound there.
fn binds_a_constant(bytes: &[u8], from: usize) -> bool {
    let mut i = from;
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    let start = i;
    while bytes
        .get(i)
        .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
    {
        i += 1;
    }
    let token = &bytes[start..i];
    let constant = matches!(token, b"None" | b"True" | b"False")
        || token.first().is_some_and(u8::is_ascii_digit);
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    constant
        && matches!(
            bytes.get(i),
            None | Some(b',' | b')' | b'\r' | b'\n' | b';' | b'#')
        )
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// How [`scan_names`] looks.
#[derive(Clone, Copy)]
pub(crate) struct Scan {
    /// Return as soon as a secret-like name is found (the other fields are then
    /// incomplete).
    pub(crate) stop_at_secret: bool,
    /// Count words in a string literal only where the literal may be a name: an
    /// f-string (its replacement fields are code), or a literal followed by `:`, `]`,
    /// `,`, `)`, a comparison, another literal or a word (a dict or subscript key, an
    /// environment variable's name), not one followed by `%`, `.`, `+` or the end of
    /// its line (a message).
    pub(crate) strings_in_name_position: bool,
    /// Count a name in code only where a literal may be bound to it or compared with
    /// it: followed by `=`, `!=`, `:` or `,` (through closing brackets), or preceded
    /// by `==` / `!=` (through its object and opening brackets).
    pub(crate) code_names_in_binding_position: bool,
    /// Leave out a name the rules classify as plain ([`classify`]: `token_type`,
    /// `secret_key_id`): a name in code, or a string literal that is the name whole
    /// (`"token_type"`), since a rule's target is then exactly that name. A word in a
    /// longer string (`"x-token-type"`) still counts.
    pub(crate) skip_plain_names: bool,
    /// Only which kinds of name occur ([`Names::secret`], [`Names::key`],
    /// [`Names::debug`], [`Names::app_debug`]): stop once all are seen, and leave
    /// [`Names::key_literal`] false.
    pub(crate) kinds_only: bool,
}

impl Scan {
    /// What the file prefilter asks.
    pub(crate) const FILE: Scan = Scan {
        stop_at_secret: true,
        strings_in_name_position: false,
        code_names_in_binding_position: false,
        skip_plain_names: false,
        kinds_only: false,
    };
}

/// Looks for secret-like name segments outside comments and docstrings.
pub(crate) fn scan_names(source: &str, scan: Scan) -> Names {
    scan_lowered_names(source, &lowered(source), scan)
}

/// [`scan_names`] with `lower`, the [`lowered`] source, already at hand.
fn scan_lowered_names(source: &str, lower: &[u8], scan: Scan) -> Names {
    scan_name_hits(source, NameHints::new(lower), scan)
}

/// [`scan_names`] given where in `source` the [`NAME_HINTS`] occur (any case), in
/// order of their start: every occurrence, or one at least in each run of name
/// characters holding some (a hint is letters only, so overlapping occurrences lie in
/// one run, and a run lies in one region).
pub(crate) fn scan_name_hits(
    source: &str,
    hits: impl IntoIterator<Item = Range<usize>>,
    scan: Scan,
) -> Names {
    let stop_at_secret = scan.stop_at_secret;
    let mut names = Names::default();
    let mut map: Option<RegionCursor<'_>> = None;
    let mut resume = 0;
    for hit in hits {
        if hit.start < resume {
            continue;
        }
        if scan.kinds_only && names.secret && names.key && names.debug && names.app_debug {
            break;
        }
        let cursor = map.get_or_insert_with(|| RegionCursor::new(source));
        let region = cursor.region_at(hit.start);
        // The run of name characters around the hint.
        let start = source[..hit.start]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_name_char(c))
            .last()
            .map_or(hit.start, |(i, _)| i);
        let end = source[hit.start..]
            .char_indices()
            .find(|&(_, c)| !is_name_char(c))
            .map_or(source.len(), |(i, _)| hit.start + i);
        resume = end;
        if matches!(region, Region::Comment | Region::Doc) {
            continue;
        }
        if region == Region::Str
            && scan.strings_in_name_position
            && let Some((from, to, _)) = cursor.current
            && !string_in_name_position(source.as_bytes(), from, to, hit.start)
        {
            continue;
        }
        let run = &source[start..end];
        if DEBUG_NAMES.contains(&run) {
            names.debug = true;
            continue;
        }
        if run == "debug" {
            // `app.run(debug=True)`, `app.debug = True`: on a Flask app only.
            names.app_debug = true;
            continue;
        }
        if region == Region::Code && run == "pass" {
            // The keyword: never a name.
            continue;
        }
        if region == Region::Code
            && scan.code_names_in_binding_position
            && !code_name_may_bind(source.as_bytes(), start, end)
        {
            continue;
        }
        if scan.skip_plain_names
            && is_whole_name(source.as_bytes(), region, cursor.current, start, end)
            && classify(run, &[]) == NameKind::Plain
        {
            continue;
        }
        let segs = segments(run);
        if segs.iter().any(|s| SECRET_WORDS.contains(&s.as_str())) {
            names.secret = true;
            if stop_at_secret {
                return names;
            }
            continue;
        }
        if segs.last().is_some_and(|s| s == "key") {
            names.key = true;
            // The segment before `key`, in this run or across one separator.
            let before = if segs.len() >= 2 {
                Some(segs[segs.len() - 2].clone())
            } else {
                let head = &source[..start];
                let mut chars = head.chars().rev();
                match chars.next() {
                    Some('.' | '-' | ' ') => {
                        let rest = &head[..head.len() - 1];
                        let from = rest
                            .char_indices()
                            .rev()
                            .take_while(|&(_, c)| c.is_alphanumeric())
                            .last()
                            .map_or(rest.len(), |(i, _)| i);
                        segments(&rest[from..]).pop()
                    }
                    _ => None,
                }
            };
            if let Some(before) = before {
                if PAIR_FIRSTS.contains(&before.as_str()) {
                    names.secret = true;
                    if stop_at_secret {
                        return names;
                    }
                }
                names.qualified_key = true;
            }
        }
    }
    if names.key && !scan.kinds_only {
        names.key_literal = may_hold_random_literal(source);
    }
    names
}

/// True when the run of name characters `start..end` is a whole name as the rules
/// read it: in code, or the whole content of the string literal `current` holding it.
fn is_whole_name(
    bytes: &[u8],
    region: Region,
    current: Option<(usize, usize, Region)>,
    start: usize,
    end: usize,
) -> bool {
    match (region, current) {
        (Region::Code, _) => true,
        (Region::Str, Some((from, to, _))) => {
            literal_content(bytes, from, to).is_some_and(|content| content == (start..end))
        }
        _ => false,
    }
}

/// The content of the string literal `bytes[from..to]` (quotes included, prefix
/// letters before `from`) between its quotes; `None` when it is not terminated.
pub(crate) fn literal_content(bytes: &[u8], from: usize, to: usize) -> Option<Range<usize>> {
    let quote = *bytes.get(from)?;
    // Triple-quoted exactly when the scanner ([`Regions`]) took it so.
    let triple = bytes.get(from + 1) == Some(&quote) && bytes.get(from + 2) == Some(&quote);
    let width = if triple { 3 } else { 1 };
    if to < from + 2 * width || to > bytes.len() {
        return None;
    }
    let closed = bytes[to - width..to].iter().all(|&b| b == quote);
    // An escaped closing quote (`"a\"` unterminated) is not a close.
    let escaped = bytes[from + width..to - width].last() == Some(&b'\\');
    (closed && !escaped).then_some(from + width..to - width)
}

/// True when a string literal may look random ([`looks_random`]): one that does, one
/// with escapes or replacement fields (its value is not its text), or one joined with
/// the literal before it.
fn may_hold_random_literal(source: &str) -> bool {
    let bytes = source.as_bytes();
    let mut previous_end: Option<usize> = None;
    for (start, end, kind) in Regions::new(source) {
        if kind != Region::Str {
            // A comment between two literals still joins them.
            continue;
        }
        if let Some(previous) = previous_end
            && is_seam(&bytes[previous..start])
        {
            return true;
        }
        previous_end = Some(end);
        let text = &source[start..end];
        let content = text
            .trim_start_matches(['"', '\''])
            .trim_end_matches(['"', '\'']);
        if content.contains(['\\', '{']) || looks_random(content) {
            return true;
        }
    }
    false
}

/// True when `gap`, the text between two string literals, joins them: blanks, `+`,
/// parentheses, line continuations and comments, then up to two prefix letters.
pub(crate) fn is_seam(gap: &[u8]) -> bool {
    let mut i = 0;
    while i < gap.len() {
        match gap[i] {
            b' ' | b'\t' | b'\r' | b'\n' | b'+' | b'(' | b')' | b'\\' => i += 1,
            b'#' => i = memchr_newline(gap, i),
            _ => break,
        }
    }
    let prefix = gap.len() - i;
    prefix <= 2 && gap[i..].iter().all(u8::is_ascii_alphabetic)
}

/// Whether joining the concatenated literals of `source` ([`join_literals_into`]) may show
/// a provider token, and a URL with userinfo: [`providers::may_contain_token`] and
/// [`may_hold_userinfo`] of the joined text, asked only where a seam was left out,
/// for a file in which neither shows unjoined.
///
/// A match the joined text has and the file has not takes in a seam, or ends or
/// starts at one (a `\b` sees the byte across it). No token holds a quote, so a token
/// lies in the run between two quotes around a seam; a URL with userinfo (`://` and
/// then `@` before any line break) lies in the line around a seam. Only those runs
/// and lines are searched, apart (a quote, a line break between them).
pub(crate) fn joined_may_show(source: &str) -> (bool, bool) {
    let mut out = Vec::with_capacity(source.len());
    let mut seams = Vec::new();
    join_literals_at_seams(source, &mut out, &mut seams);
    if seams.is_empty() {
        return (false, false);
    }
    let (mut runs, mut lines) = (Vec::new(), Vec::new());
    let (mut last_run, mut last_line) = (None, None);
    for &q in &seams {
        let run_start = memchr::memrchr2(b'"', b'\'', &out[..q]).map_or(0, |p| p + 1);
        if last_run != Some(run_start) {
            last_run = Some(run_start);
            let end = memchr::memchr2(b'"', b'\'', &out[q..]).map_or(out.len(), |p| q + p);
            runs.extend_from_slice(&out[run_start..end]);
            runs.push(b'"');
        }
        let line_start = memchr::memrchr(b'\n', &out[..q]).map_or(0, |p| p + 1);
        if last_line != Some(line_start) {
            last_line = Some(line_start);
            let end = memchr::memchr(b'\n', &out[q..]).map_or(out.len(), |p| q + p);
            lines.extend_from_slice(&out[line_start..end]);
            lines.push(b'\n');
        }
    }
    (
        providers::may_contain_token(&String::from_utf8_lossy(&runs)),
        may_hold_userinfo(&String::from_utf8_lossy(&lines)),
    )
}

/// `source` with the seams between concatenated string literals removed (`"gh" "p_x"`,
/// `"gh" +\n  f"p_x"`, comments between lines), so a token split across them shows,
/// into `out` (cleared first), so a caller can reuse one buffer.
/// Only ASCII bytes and whole comments are left out, so `out` stays UTF-8.
pub(crate) fn join_literals_into(source: &str, out: &mut Vec<u8>) {
    join_literals_at_seams(source, out, &mut Vec::new());
}

/// [`join_literals_into`], noting in `seams` (cleared first) where in `out` a seam was
/// left out: a seam at `q` stood between `out[q - 1]` and `out[q]`.
fn join_literals_at_seams(source: &str, out: &mut Vec<u8>, seams: &mut Vec<usize>) {
    out.clear();
    seams.clear();
    let bytes = source.as_bytes();
    let is_quote = |b: u8| b == b'"' || b == b'\'';
    let mut i = 0;
    while i < bytes.len() {
        if !is_quote(bytes[i]) {
            let run = memchr::memchr2(b'"', b'\'', &bytes[i..]).unwrap_or(bytes.len() - i);
            out.extend_from_slice(&bytes[i..i + run]);
            i += run;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && is_quote(bytes[j]) {
            j += 1;
        }
        let mut k = j;
        loop {
            match bytes.get(k) {
                Some(b' ' | b'\t' | b'\r' | b'\n' | b'+' | b'(' | b')' | b'\\') => k += 1,
                Some(b'#') => k = memchr_newline(bytes, k),
                _ => break,
            }
        }
        let mut m = k;
        // Prefix letters only after a separator: right after a quote they are text.
        while k > j && m < bytes.len() && m < k + 2 && bytes[m].is_ascii_alphabetic() {
            m += 1;
        }
        if k > j && m < bytes.len() && is_quote(bytes[m]) {
            while m < bytes.len() && is_quote(bytes[m]) {
                m += 1;
            }
            seams.push(out.len());
            i = m;
        } else {
            out.extend_from_slice(&bytes[i..j]);
            i = j;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn may(source: &str) -> bool {
        may_have_findings(source, &RuleSettings::default())
    }

    #[test]
    fn name_hints_are_the_matches_of_a_standard_automaton() {
        let automaton = AhoCorasick::new(NAME_HINTS).unwrap_or_else(|err| panic!("{err}"));
        for text in [
            "",
            "passecret",
            "password = token_key; pwdebugevalex credentialkey",
            "tokenkeykeypassspasss",
            "xsecretokenx debugdebug evalexkey",
            "pas pw secre toke ke debu evale",
        ] {
            let expected: Vec<Range<usize>> = automaton
                .find_iter(text)
                .map(|hit| hit.start()..hit.end())
                .collect();
            let found: Vec<Range<usize>> = NameHints::new(text.as_bytes()).collect();
            assert_eq!(found, expected, "{text}");
        }
    }

    #[test]
    fn a_joined_token_or_url_shows_where_the_whole_joined_text_shows_it() {
        let whole = |source: &str| {
            let mut out = Vec::new();
            join_literals_into(source, &mut out);
            let text = String::from_utf8_lossy(&out).into_owned();
            (
                providers::may_contain_token(&text),
                may_hold_userinfo(&text),
            )
        };
        for source in [
            "t = ('gh' 'p_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234')\n",
            "t = 'ghp_FAKEfakeFAKEfake' \\\n    'FAKEfakeFAKEfake1234'\n",
            "t = ('ghp_FAKEfakeFAKEfakeFAKEfake' # split\n 'FAKEfake1234')\n",
            "u = ('https://me:pw'\n     '@host')\n",
            "u = ('https://host/' 'path') + '@x'\n",
            "x = 'a' 'b'\ny = 'ghp_' + t\n",
            "s = 'sk-ant-' 'FAKEexample0000000000' 'x' 'y'\n",
            "plain = 'no' 'token' 'here'\n",
        ] {
            assert_eq!(joined_may_show(source), whole(source), "{source}");
        }
        assert_eq!(joined_may_show("x = 1\n"), (false, false));
    }

    #[test]
    fn userinfo_and_flask_are_found_in_any_case() {
        assert!(may_hold_userinfo("u = 'https://me:pw@host'\n"));
        assert!(!may_hold_userinfo("u = 'https://host'\n@app.route('/')\n"));
        assert!(mentions_flask("from FlAsK import x"));
        assert!(!mentions_flask("flas k"));
    }

    #[test]
    fn pass_keys_and_monkey_do_not_let_a_file_through() {
        assert!(!may("def f():\n    pass\n\nx = d.keys()\nmonkey = 1\n"));
        assert!(!may("# password = 'x'\nx = 1\n"));
        assert!(may("password = 'x'\n"));
        assert!(may("d = {'pass': 'x'}\n"));
        assert!(may("t = ('gh' 'p_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234')\n"));
    }
}
