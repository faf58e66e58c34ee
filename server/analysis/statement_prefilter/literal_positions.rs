//! Where a string literal stands in a logical line, from the bytes: whether a rule
//! could bind it to a name and report it as a secret (FG101, FG104), or it is a dict
//! key, a plain keyword argument, an element of a nested collection or an operand,
//! which the rules never report. [`holds_a_possible_secret`] is what the statement
//! prefilter asks of a line that names a secret.

use std::ops::Range;

use super::is_name_byte;
use crate::analysis::file_prefilter::{Region, Regions, is_seam, literal_content};
use crate::config::RuleSettings;
use crate::secrets::entropy::looks_random;
use crate::secrets::names::is_secret_binding;
use crate::secrets::values::{is_not_a_secret, is_prose};

/// True unless every string literal of `line` (a logical line) is plainly not a
/// secret FG101 or FG104 could report (`hardcoded_secret`, `env_fallback`: a fully
/// literal site whose joined value `is_not_a_secret`): a part with six words or more
/// (the joined value is prose then), a literal standing alone (no literal joined to it
/// by blanks, `+`, parentheses or comments) whose content is not a secret, or a dict
/// key (`{"pass": ...}`: a key is never a site the rules report). A site's value is
/// the raw text between its parts' quotes (`literal_sites`).
///
/// With `key_like_only` (no name of the line is secret-like by a secret word), a
/// literal standing alone must also look random (`is_secret_binding` of a `*key`
/// name).
pub(super) fn holds_a_possible_secret(line: &str, key_like_only: bool) -> bool {
    let bytes = line.as_bytes();
    let mut literals = Regions::new(line)
        .filter(|&(_, _, kind)| matches!(kind, Region::Str | Region::Doc))
        .map(|(start, end, _)| (start, end))
        .peekable();
    let mut brackets = Brackets::default();
    // One site at a time: its first part, how many parts, whether one is prose.
    while let Some((start, end)) = literals.next() {
        let (mut parts, mut prose, mut last_end) = (1usize, false, end);
        let mut first = Some((start, end));
        loop {
            let (from, to) = match first.take() {
                Some(part) => part,
                None => match literals
                    .next_if(|&(next, _)| last_end <= next && is_seam(&bytes[last_end..next]))
                {
                    Some(part) => {
                        parts += 1;
                        part
                    }
                    None => break,
                },
            };
            last_end = to;
            brackets.advance(bytes, from, to);
            let Some(text) = literal_content(bytes, from, to).and_then(|c| line.get(c)) else {
                return true;
            };
            prose |= is_prose(text);
        }
        if prose {
            continue;
        }
        if parts == 1 {
            let Some(text) = literal_content(bytes, start, end).and_then(|c| line.get(c)) else {
                return true;
            };
            // The byte-level tests first: on a large dict they decide most literals.
            let binds_no_secret =
                |name: &str| !may_name_a_secret(name) || !is_secret_binding(name, text, &[]);
            if is_dict_key(bytes, start, end)
                || stands_where_nothing_binds(bytes, start, end)
                || brackets.holds_an_unbound_element(bytes, start, end)
                || is_an_operand(bytes, start, end)
                || dict_key_of(bytes, start, end)
                    .and_then(|key| line.get(key))
                    .is_some_and(binds_no_secret)
                || brackets
                    .keyword_of(bytes, start, end)
                    .and_then(|name| line.get(name))
                    .is_some_and(|name| name != "default" && binds_no_secret(name))
                || is_not_a_secret(text, &RuleSettings::default())
                || (key_like_only && !looks_random(text))
            {
                continue;
            }
        }
        return true;
    }
    false
}

/// False when `name` holds none of the secret substrings (any case): then
/// [`classify`] finds it plain (every secret word, pair and `key` segment holds one),
/// which this tells without splitting it.
fn may_name_a_secret(name: &str) -> bool {
    const SUBSTRINGS: [&[u8]; 6] = [b"pass", b"pwd", b"secret", b"token", b"credential", b"key"];
    let bytes = name.as_bytes();
    SUBSTRINGS.iter().any(|word| {
        bytes
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    })
}

/// The brackets open at a point of a logical line, found by a scan of its code (string
/// literals and comments skipped), for [`holds_a_possible_secret`].
#[derive(Default)]
struct Brackets {
    /// Each open bracket: its byte, and whether it opens a call or a subscript (a name,
    /// `)`, `]` or a literal before it).
    open: Vec<(u8, bool)>,
    /// How many of them cannot be parentheses around an expression: `[`, `{`, or `(`
    /// opening a call.
    not_parens: usize,
    /// Where the scan goes on.
    at: usize,
}

impl Brackets {
    /// Scans the code from where the scan stands to `to`, then skips the literal
    /// `to..past` (its prefix letters are code and bracket nothing).
    fn advance(&mut self, bytes: &[u8], to: usize, past: usize) {
        let mut i = self.at;
        while i < to {
            match bytes[i] {
                b'#' => {
                    i = memchr::memchr(b'\n', &bytes[i..to]).map_or(to, |p| i + p);
                    continue;
                }
                open @ (b'(' | b'[' | b'{') => {
                    let applied = follows_an_operand(bytes, i);
                    if open != b'(' || applied {
                        self.not_parens += 1;
                    }
                    self.open.push((open, applied));
                }
                b')' | b']' | b'}' => {
                    if let Some((open, applied)) = self.open.pop()
                        && (open != b'(' || applied)
                    {
                        self.not_parens -= 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.at = self.at.max(past);
    }

    /// The keyword of the keyword argument or parameter default that the string literal
    /// `bytes[start..end]` (its prefix letters before `start`, the scan up to it done)
    /// is the whole value of: `f(x, name="...")`, `def f(name="...")`. The literal is
    /// bound to that keyword alone (or, for `default=`, may be an environment
    /// fallback; for a signing call's key, the call's words keep the statement).
    fn keyword_of(&self, bytes: &[u8], start: usize, end: usize) -> Option<Range<usize>> {
        if self.open.last() != Some(&(b'(', true)) {
            return None;
        }
        let mut j = end;
        while j < bytes.len() && blank(bytes[j]) {
            j += 1;
        }
        if !matches!(bytes.get(j), Some(b',' | b')')) {
            return None;
        }
        let mut k = before_literal(bytes, start).checked_sub(1)?;
        // `name=`, not `==`, `!=`, `<=`, `>=` or `:=`.
        if bytes[k] != b'=' {
            return None;
        }
        while k > 0 && blank(bytes[k - 1]) {
            k -= 1;
        }
        let name_end = k;
        while k > 0 && is_name_byte(bytes[k - 1]) {
            k -= 1;
        }
        if k == name_end || bytes[k].is_ascii_digit() {
            return None;
        }
        let name_start = k;
        while k > 0 && blank(bytes[k - 1]) {
            k -= 1;
        }
        (k > 0 && matches!(bytes[k - 1], b'(' | b',')).then_some(name_start..name_end)
    }

    /// True when the string literal `bytes[start..end]` (its prefix letters before
    /// `start`, the scan up to it done) is an element of a tuple, list or set that
    /// stands inside a list, dict, set, subscript or call: `bindings::position_of`
    /// binds such an element to no name (only a collection that is an assignment's
    /// value, parentheses aside, binds its elements), so FG101 and FG104 report
    /// nothing for it.
    fn holds_an_unbound_element(&self, bytes: &[u8], start: usize, end: usize) -> bool {
        let Some(&(open, applied)) = self.open.last() else {
            return false;
        };
        // The containing collection: not a call's arguments or a subscript. Nested past
        // what CPython accepts (200 brackets), the statement stays: the checker then
        // says it skips the file for its depth (`limits::nesting`), as it did.
        if applied || self.open.len() > 200 {
            return false;
        }
        let inside = self.not_parens - usize::from(open != b'(');
        if inside == 0 {
            return false;
        }
        let i = before_literal(bytes, start);
        let Some(before) = i.checked_sub(1).map(|at| bytes[at]) else {
            return false;
        };
        let mut j = end;
        while j < bytes.len() && blank(bytes[j]) {
            j += 1;
        }
        let close = match open {
            b'(' => b')',
            b'[' => b']',
            _ => b'}',
        };
        let after = bytes.get(j).copied();
        // An element: between the collection's bracket or commas. `("x")` alone is
        // parentheses, not a tuple.
        (before == open || before == b',')
            && (after == Some(b',') || after == Some(close))
            && !(open == b'(' && before == b'(' && after == Some(b')'))
    }
}

/// True when the string literal `bytes[start..end]` (its prefix letters before
/// `start`) is an operand of an operator that binds it to no name
/// (`bindings::position_of`): `"%s" % x`, `"," .join(...)`, `"x"[0]`, `x + "y"`,
/// `"a" in x`, `x is not "b"`, `-> "Node"`, the left side of `and` and `or`. (`==`,
/// `!=`, `if`, `else`, `for` and the right side of `and` and `or` can bind it.)
fn is_an_operand(bytes: &[u8], start: usize, end: usize) -> bool {
    let mut j = end;
    while j < bytes.len() && blank(bytes[j]) {
        j += 1;
    }
    let after = &bytes[j..];
    let word_after = |word: &[u8]| {
        after.starts_with(word) && after.get(word.len()).is_none_or(|&b| !is_name_byte(b))
    };
    if matches!(
        after.first(),
        Some(b'%' | b'.' | b'[' | b'+' | b'*' | b'/' | b'-' | b'<' | b'>' | b'&' | b'|' | b'^')
    ) && after.get(1) != Some(&b'=')
    {
        return true;
    }
    // (Not `for`: a dict comprehension's value is bound to its key.)
    if [&b"in"[..], b"is", b"not", b"and", b"or"]
        .iter()
        .any(|word| word_after(word))
    {
        return true;
    }
    let i = before_literal(bytes, start);
    let before = &bytes[..i];
    let word_before = |word: &[u8]| {
        before.ends_with(word)
            && (before.len() == word.len() || !is_name_byte(before[before.len() - word.len() - 1]))
    };
    matches!(
        before.last(),
        Some(b'%' | b'+' | b'*' | b'/' | b'-' | b'<' | b'>' | b'&' | b'|' | b'^' | b'~')
    ) || [&b"in"[..], b"is", b"not"]
        .iter()
        .any(|word| word_before(word))
}

/// True when what stands before the bracket at `at` (blanks between) makes it a call
/// or subscript: a name that is not a keyword, `)`, `]`, or a string literal's quote.
fn follows_an_operand(bytes: &[u8], at: usize) -> bool {
    operand_ends_before(bytes, at, b")]\"'")
}

/// True when what stands before `at`, blanks between, ends an operand: a name that is
/// neither a keyword nor a number, or one of the bytes `closers`.
fn operand_ends_before(bytes: &[u8], at: usize, closers: &[u8]) -> bool {
    let mut k = at;
    while k > 0 && blank(bytes[k - 1]) {
        k -= 1;
    }
    let word_end = k;
    while k > 0 && is_name_byte(bytes[k - 1]) {
        k -= 1;
    }
    let word = &bytes[k..word_end];
    if word.is_empty() {
        word_end > 0 && closers.contains(&bytes[word_end - 1])
    } else {
        !word[0].is_ascii_digit() && !is_keyword(word)
    }
}

/// A blank between tokens: white space or a line continuation.
pub(super) fn blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\\')
}

/// Where the code before the string literal starting at `start` ends: before its
/// prefix letters (`rb`, `f`) and the blanks and line continuations in front of them.
fn before_literal(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while i > 0 && start - i < 2 && bytes[i - 1].is_ascii_alphabetic() {
        i -= 1;
    }
    while i > 0 && blank(bytes[i - 1]) {
        i -= 1;
    }
    i
}

/// True when the string literal `bytes[start..end]` (its prefix letters before
/// `start`) stands alone where `bindings::position_of` binds it to no name: a whole
/// subscript (`d["password"]`) or the first argument of a call (`getpass("Password:
/// ")`, `re.compile("...")`; the calls whose first argument is a key, `hmac.new` and
/// friends, keep their statement through their own anchor words).
fn stands_where_nothing_binds(bytes: &[u8], start: usize, end: usize) -> bool {
    let i = before_literal(bytes, start);
    let Some(open) = i.checked_sub(1).map(|at| bytes[at]) else {
        return false;
    };
    let mut j = end;
    while j < bytes.len() && blank(bytes[j]) {
        j += 1;
    }
    let close = bytes.get(j).copied();
    // What stands before the bracket: a name (not a keyword), or a closing bracket.
    let callee = operand_ends_before(bytes, i - 1, b")]");
    match open {
        b'[' => callee && close == Some(b']'),
        b'(' => callee && matches!(close, Some(b',' | b')')),
        _ => false,
    }
}

/// A Python keyword that can stand before `(` or `[` without calling or indexing.
fn is_keyword(word: &[u8]) -> bool {
    matches!(
        word,
        b"and"
            | b"or"
            | b"not"
            | b"in"
            | b"is"
            | b"if"
            | b"elif"
            | b"else"
            | b"return"
            | b"yield"
            | b"await"
            | b"lambda"
            | b"assert"
            | b"del"
            | b"for"
            | b"while"
            | b"with"
            | b"from"
            | b"import"
            | b"as"
            | b"raise"
            | b"except"
            | b"case"
            | b"match"
            | b"print"
            | b"exec"
            | b"global"
            | b"nonlocal"
            | b"pass"
            | b"None"
            | b"True"
            | b"False"
            | b"async"
            | b"def"
            | b"class"
            | b"type"
    )
}

/// True when the string literal `bytes[start..end]` (its prefix letters before
/// `start`) is a dict key: after `{` or `,` and before a `:` (blanks between).
fn is_dict_key(bytes: &[u8], start: usize, end: usize) -> bool {
    let i = before_literal(bytes, start);
    if i == 0 || !matches!(bytes[i - 1], b'{' | b',') {
        return false;
    }
    let mut j = end;
    while j < bytes.len() && blank(bytes[j]) {
        j += 1;
    }
    bytes.get(j) == Some(&b':') && bytes.get(j + 1) != Some(&b'=')
}

/// The content of the dict key the string literal `bytes[start..end]` (its prefix
/// letters before `start`) is the whole value of (`{"k": "v", ...}`, blanks between),
/// when that key is a plain string literal whose content is its value (no escapes or
/// replacement fields): the literal is bound to that key alone
/// (`bindings::position_of`), not to the name the dict is bound to.
fn dict_key_of(bytes: &[u8], start: usize, end: usize) -> Option<Range<usize>> {
    let mut j = end;
    while j < bytes.len() && blank(bytes[j]) {
        j += 1;
    }
    if !matches!(bytes.get(j), Some(b',' | b'}')) {
        return None;
    }
    let colon = before_literal(bytes, start).checked_sub(1)?;
    if bytes[colon] != b':' {
        return None;
    }
    let mut key_end = colon;
    while key_end > 0 && blank(bytes[key_end - 1]) {
        key_end -= 1;
    }
    let quote = *bytes.get(key_end.checked_sub(1)?)?;
    if !matches!(quote, b'"' | b'\'') {
        return None;
    }
    // The key's opening quote: the same quote before it, with nothing that would
    // escape, close or interpolate in between (a plain one-line literal).
    let content_end = key_end - 1;
    let open = memchr::memrchr(quote, &bytes[..content_end])?;
    let content = open + 1..content_end;
    if bytes[content.clone()]
        .iter()
        .any(|&b| matches!(b, b'\\' | b'{' | b'}' | b'\n' | b'"' | b'\''))
    {
        return None;
    }
    let i = before_literal(bytes, open);
    (i > 0 && matches!(bytes[i - 1], b'{' | b',')).then_some(content)
}
