//! A byte-level look at a whole file that decides, without parsing it, that no rule
//! can report anything in it, so `flaskguard check` skips the parse.
//!
//! It is a superset test: every finding the rules can report needs some text in the
//! file (a secret-like name, a provider token prefix, `://` and `@`, `debug`, a Flask
//! view decorator, an environment read, ...), and a file is let through when any rule
//! family's text is there. Names are tested as the rules see them: split into
//! segments ([`crate::secrets::names::segments`]) and matched whole, outside comments,
//! and never the `pass` keyword, so `pass`, `keys()` or `monkey` do not let a file
//! through.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::config::RuleSettings;
use crate::secrets::entropy::looks_random;
use crate::secrets::names::{SECRET_WORDS, segments};
use crate::secrets::providers;

/// Substrings (any case) every secret word and the segment `key` contain.
/// Also the names that switch the debugger on (FG201-FG203).
const NAME_HINTS: &[&str] = &[
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
const DEBUG_NAMES: &[&str] = &[
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
const ALWAYS_HINTS: &[&str] = &[
    "jwt",
    "hmac",
    "serializer",
    "signer",
    "fernet",
    "errorhandler",
    "add_url_rule",
    "register_error_handler",
];

fn automaton(cell: &'static OnceLock<AhoCorasick>, patterns: &[&str]) -> &'static AhoCorasick {
    cell.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(patterns)
            .unwrap_or_else(|err| panic!("invalid built-in file hints: {err}"))
    })
}

fn name_hints() -> &'static AhoCorasick {
    static CELL: OnceLock<AhoCorasick> = OnceLock::new();
    automaton(&CELL, NAME_HINTS)
}

fn always_hints() -> &'static AhoCorasick {
    static CELL: OnceLock<AhoCorasick> = OnceLock::new();
    automaton(&CELL, ALWAYS_HINTS)
}

/// False when no rule can report anything in `source`, whatever the file's path and
/// selection; true when the file must be parsed and analysed.
pub fn may_have_findings(source: &str, settings: &RuleSettings) -> bool {
    // FG102 (comments included) and FG103.
    if providers::may_contain_token(source)
        || may_hold_userinfo(source)
        || always_hints().is_match(source)
        || mentions_extra_names(source, &settings.extra_secret_names)
    {
        return true;
    }
    let names = scan_names(source);
    if names.secret {
        return true;
    }
    // FG201-FG203 switch the debugger on with `True` or `1`; FG202 also with
    // `ENV = "development"`.
    let on = source.contains("True") || has_one(source);
    let flask = contains_ci(source, "flask")
        || source.contains("create_app")
        || source.contains("make_app");
    if (on && (names.debug || (flask && names.app_debug)))
        || (on && (flask || source.contains("run_simple")) && source.contains("run"))
        || (source.contains("ENV") && source.contains("development"))
    {
        return true;
    }
    let env = source.contains("environ") || source.contains("getenv");
    let view = has_view_marker(source);
    let config = names_config(source);
    let sink = sinks().is_match(source);
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
    let joined = join_literals(source);
    joined.len() != source.len()
        && (providers::may_contain_token(&joined) || may_hold_userinfo(&joined))
}

/// A `://` followed by an `@` on the same line (FG103: a URL with userinfo).
fn may_hold_userinfo(text: &str) -> bool {
    text.match_indices("://").any(|(at, _)| {
        text[at..]
            .bytes()
            .take_while(|&b| b != b'\n')
            .any(|b| b == b'@')
    })
}

/// The integer literal `1` standing alone (`debug=1`).
fn has_one(source: &str) -> bool {
    let bytes = source.as_bytes();
    let part_of_number = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'.';
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'1'
            && (i == 0 || !part_of_number(bytes[i - 1]))
            && bytes.get(i + 1).is_none_or(|&n| !part_of_number(n))
    })
}

/// How a log call is written (`logging::secret_logged`'s sink patterns).
fn sinks() -> &'static AhoCorasick {
    static CELL: OnceLock<AhoCorasick> = OnceLock::new();
    automaton(
        &CELL,
        &[
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
        ],
    )
}

/// A name ending in `config` (`app.config`, `CONFIG`), not `configure` or `configparser`.
fn names_config(source: &str) -> bool {
    let bytes = source.as_bytes();
    bytes.windows(6).enumerate().any(|(i, w)| {
        w.eq_ignore_ascii_case(b"config")
            && bytes
                .get(i + 6)
                .is_none_or(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
    })
}

fn contains_ci(text: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    text.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// A decorator calling a route or error handler method (`@app.route`, `@bp.get`), or
/// a class-based view (`MethodView`, `View`).
fn has_view_marker(source: &str) -> bool {
    if source.contains("View") {
        return true;
    }
    source.lines().any(|line| {
        let line = line.trim_start();
        line.starts_with('@')
            && [".route", ".get", ".post", ".put", ".patch", ".delete"]
                .iter()
                .any(|m| line.contains(m))
    })
}

/// The user's extra secret names: each, without separators, anywhere in the file's
/// letters and digits (lower-cased), which any name matching it contains.
fn mentions_extra_names(source: &str, extra: &[String]) -> bool {
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
struct Names {
    /// A segment that is a secret word.
    secret: bool,
    /// A name whose last segment is `key` (secret-like when its value looks random).
    key: bool,
    /// Such a name with a segment before `key` (`MAPS_KEY`, `stripe.key`).
    qualified_key: bool,
    /// A string literal long enough to look random.
    key_literal: bool,
    /// A name that switches the debugger on.
    debug: bool,
    /// `debug`, which switches it on for a Flask app.
    app_debug: bool,
}

/// Where the scanner is: code, a comment, or a string literal.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Region {
    Code,
    Comment,
    Str,
    /// A docstring: a triple-quoted literal alone after a `:` or at the start of the
    /// file. Its words are never a name and its value is never bound to one.
    Doc,
}

/// The regions of `source`, as sorted byte ranges: comments and string literals (the
/// quotes included); everything between them is code.
fn regions(source: &str) -> Vec<(usize, usize, Region)> {
    let bytes = source.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // The last byte of code before `i`, blanks and comments left out.
    let mut last_code: Option<u8> = None;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                let end = memchr_newline(bytes, i);
                out.push((i, end, Region::Comment));
                i = end;
            }
            quote @ (b'"' | b'\'') => {
                let triple = bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote);
                let mut j = if triple { i + 3 } else { i + 1 };
                let end = loop {
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
                // Only the rest of this line up to its first non-blank byte is read:
                // scanning to the line's end after every literal was quadratic on a long
                // line of literals.
                let alone = || {
                    bytes[end..]
                        .iter()
                        .take_while(|&&b| b != b'\n')
                        .all(u8::is_ascii_whitespace)
                };
                let doc = triple && matches!(last_code, None | Some(b':')) && alone();
                out.push((i, end, if doc { Region::Doc } else { Region::Str }));
                last_code = Some(quote);
                i = end;
            }
            b => {
                if !b.is_ascii_whitespace() {
                    last_code = Some(b);
                }
                i += 1
            }
        }
    }
    out
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

fn region_at(regions: &[(usize, usize, Region)], pos: usize) -> Region {
    let index = regions.partition_point(|r| r.0 <= pos);
    match index.checked_sub(1).map(|i| regions[i]) {
        Some((start, end, kind)) if start <= pos && pos < end => kind,
        _ => Region::Code,
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Looks for secret-like name segments outside comments.
fn scan_names(source: &str) -> Names {
    let mut names = Names::default();
    let mut map: Option<Vec<(usize, usize, Region)>> = None;
    let mut resume = 0;
    for hit in name_hints().find_iter(source) {
        if hit.start() < resume {
            continue;
        }
        let map = map.get_or_insert_with(|| regions(source));
        let region = region_at(map, hit.start());
        // The run of name characters around the hint.
        let start = source[..hit.start()]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_name_char(c))
            .last()
            .map_or(hit.start(), |(i, _)| i);
        let end = source[hit.start()..]
            .char_indices()
            .find(|&(_, c)| !is_name_char(c))
            .map_or(source.len(), |(i, _)| hit.start() + i);
        resume = end;
        if matches!(region, Region::Comment | Region::Doc) {
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
        let segs = segments(run);
        if segs.iter().any(|s| SECRET_WORDS.contains(&s.as_str())) {
            names.secret = true;
            return names;
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
                    return names;
                }
                names.qualified_key = true;
            }
        }
    }
    if names.key {
        let map = map.get_or_insert_with(|| regions(source));
        names.key_literal = may_hold_random_literal(source, map);
    }
    names
}

/// True when a string literal may look random ([`looks_random`]): one that does, one
/// with escapes or replacement fields (its value is not its text), or one joined with
/// the literal before it.
fn may_hold_random_literal(source: &str, map: &[(usize, usize, Region)]) -> bool {
    let bytes = source.as_bytes();
    let mut previous_end: Option<usize> = None;
    for &(start, end, kind) in map {
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
fn is_seam(gap: &[u8]) -> bool {
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

/// `source` with the seams between concatenated string literals removed (`"gh" "p_x"`,
/// `"gh" +\n  f"p_x"`, comments between lines), so a token split across them shows.
fn join_literals(source: &str) -> String {
    let bytes = source.as_bytes();
    let is_quote = |b: u8| b == b'"' || b == b'\'';
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if !is_quote(bytes[i]) {
            out.push(bytes[i]);
            i += 1;
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
            i = m;
        } else {
            out.extend_from_slice(&bytes[i..j]);
            i = j;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn may(source: &str) -> bool {
        may_have_findings(source, &RuleSettings::default())
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
