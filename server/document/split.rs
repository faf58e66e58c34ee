//! Where the top-level statements of a Python module start, found from the bytes alone
//! (no parse), so the module can be parsed as independent chunks (SPEC §6).
//!
//! A line starts a statement when it begins in column 0 with something other than a
//! comment, outside any string, bracket or backslash continuation, and is not the
//! `else`/`elif`/`except`/`finally` of the compound statement before it nor the
//! definition under a decorator. Inside an unclosed bracket a line beginning in
//! column 0 with `def`, `class`, `async`, `import`, `from` or a decorator starts a
//! statement too (no valid Python puts them there; a half-typed call then does not
//! swallow the rest of the file).
//!
//! The scan only looks forward: whether a line starts a statement depends on the text
//! from the previous statement start to the end of that line. So after an edit the
//! split can be redone locally, from the statement before the edit up to the first
//! old statement start after it ([`Splitter`] from any statement start).

/// The statement starts after `from` (itself a statement start, or 0), in order, each
/// with the number of lines between `from` and it.
pub struct Splitter<'t> {
    text: &'t [u8],
    pos: usize,
    rows: usize,
    depth: usize,
    /// The statement seen last was a decorator: the next statement line belongs to it.
    decorated: bool,
}

impl<'t> Splitter<'t> {
    /// Scans `text` from `from`, which must be 0 or a position the splitter returned.
    pub fn new(text: &'t str, from: usize) -> Splitter<'t> {
        let bytes = text.as_bytes();
        let from = from.min(bytes.len());
        let line = &bytes[from..];
        let mut splitter = Splitter {
            text: bytes,
            pos: from,
            rows: 0,
            depth: 0,
            decorated: false,
        };
        if begins_statement(line) {
            splitter.decorated = line.first() == Some(&b'@');
        }
        splitter
    }

    /// Skips to the end of the current line, following strings, brackets, comments and
    /// backslash continuations: returns the position after the line's `\n` (or the end
    /// of the text), with the scan still inside a string or continuation if it is.
    fn scan_line(&mut self, mut quote: Quote) -> (usize, Quote, bool) {
        let text = self.text;
        let mut i = self.pos;
        while i < text.len() {
            match quote {
                Quote::None => {
                    // Jump over the bytes that change nothing (most of a line).
                    while i < text.len() && !CODE_SPECIAL[usize::from(text[i])] {
                        i += 1;
                    }
                    let Some(&c) = text.get(i) else {
                        break;
                    };
                    match c {
                        b'\n' => return (i + 1, quote, false),
                        b'#' => {
                            let end = memchr_newline(text, i);
                            return (end.map_or(text.len(), |e| e + 1), quote, false);
                        }
                        b'\\' => {
                            // A backslash before the line break continues the line.
                            let next = text.get(i + 1).copied();
                            let after = text.get(i + 2).copied();
                            if next == Some(b'\n') {
                                return (i + 2, quote, true);
                            }
                            if next == Some(b'\r') && after == Some(b'\n') {
                                return (i + 3, quote, true);
                            }
                            i += 1;
                        }
                        b'(' | b'[' | b'{' => {
                            self.depth += 1;
                            i += 1;
                        }
                        b')' | b']' | b'}' => {
                            self.depth = self.depth.saturating_sub(1);
                            i += 1;
                        }
                        _ => {
                            // A quote.
                            let triple = text.get(i + 1) == Some(&c) && text.get(i + 2) == Some(&c);
                            if triple {
                                quote = Quote::Triple(c);
                                i += 3;
                            } else {
                                quote = Quote::Single(c);
                                i += 1;
                            }
                        }
                    }
                }
                Quote::Single(q) => {
                    // Only a backslash, a line break or the quote matter in a string.
                    let Some(at) = memchr::memchr3(b'\\', b'\n', q, &text[i..]) else {
                        break;
                    };
                    i += at;
                    match text[i] {
                        b'\\' => {
                            // An escaped line break continues the string on the next line.
                            if text.get(i + 1) == Some(&b'\r') && text.get(i + 2) == Some(&b'\n') {
                                return (i + 3, quote, false);
                            }
                            if text.get(i + 1) == Some(&b'\n') {
                                return (i + 2, quote, false);
                            }
                            i += 2;
                        }
                        // An unterminated string ends with its line.
                        b'\n' => return (i + 1, Quote::None, false),
                        _ => {
                            quote = Quote::None;
                            i += 1;
                        }
                    }
                }
                Quote::Triple(q) => {
                    let Some(at) = memchr::memchr3(b'\\', b'\n', q, &text[i..]) else {
                        break;
                    };
                    i += at;
                    match text[i] {
                        b'\\' if text.get(i + 1) == Some(&b'\n') => return (i + 2, quote, false),
                        b'\\' => i += 2,
                        b'\n' => return (i + 1, quote, false),
                        _ if text.get(i + 1) == Some(&q) && text.get(i + 2) == Some(&q) => {
                            quote = Quote::None;
                            i += 3;
                        }
                        _ => i += 1,
                    }
                }
            }
        }
        (text.len(), quote, false)
    }
}

impl Splitter<'_> {
    /// Moves past the logical line starting at `pos`: to the next line start outside
    /// strings, brackets and continuations. `None` when the text ends inside one.
    fn skip_logical_line(&mut self) -> Option<()> {
        let mut quote = Quote::None;
        loop {
            let (end, after, continued) = self.scan_line(quote);
            quote = after;
            self.pos = end;
            self.rows += 1;
            if quote == Quote::None && !continued && self.depth == 0 {
                return Some(());
            }
            if end >= self.text.len() {
                return None;
            }
        }
    }
}

/// The bytes that end a line, start a comment, string or continuation, or open or
/// close a bracket, outside strings.
const CODE_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b"\n#\\()[]{}'\"";
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    None,
    Single(u8),
    Triple(u8),
}

impl Iterator for Splitter<'_> {
    /// (byte offset, lines since `from`)
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let mut quote = Quote::None;
        loop {
            if self.pos >= self.text.len() {
                return None;
            }
            let (end, after, continued) = self.scan_line(quote);
            quote = after;
            self.pos = end;
            self.rows += 1;
            if end >= self.text.len() {
                return None;
            }
            if quote != Quote::None || continued {
                continue;
            }
            let line = &self.text[self.pos..];
            if self.depth > 0 {
                if !resets_brackets(line) {
                    continue;
                }
                self.depth = 0;
            }
            if !begins_statement(line) {
                continue;
            }
            let decorator = line.first() == Some(&b'@');
            if self.decorated {
                // The definition under a decorator, or one more decorator.
                self.decorated = decorator;
                continue;
            }
            self.decorated = decorator;
            return Some((self.pos, self.rows));
        }
    }
}

/// Where the statements of a class body start, when `chunk` (a top-level statement
/// with the comment and blank lines after it) is a class definition whose body is an
/// indented block: each start's byte in `chunk` and the number of lines before it. The
/// first is the first statement of the body, so `..starts[0]` is the header (the
/// decorators and the `class` line). A decorator stays with the definition under it and
/// an `else`/`elif`/`except`/`finally` with its compound statement, as at top level.
///
/// `None` unless every line outside strings and brackets that is not blank or a comment
/// is indented by the body's indentation (or more), and every string and bracket is
/// closed by the end: a body whose lines do not all agree is left whole.
pub fn class_members(chunk: &str) -> Option<Vec<(usize, usize)>> {
    let mut scan = Splitter {
        text: chunk.as_bytes(),
        pos: 0,
        rows: 0,
        depth: 0,
        decorated: false,
    };
    let bytes = scan.text;
    // The header: decorators, then `class ...:` ending its logical line.
    loop {
        let line = &bytes[scan.pos..];
        if line.first() == Some(&b'@') {
            scan.skip_logical_line()?;
        } else if keyword_at(line, "class") {
            scan.skip_logical_line()?;
            break;
        } else {
            return None;
        }
    }
    let mut indent: &[u8] = &[];
    let mut starts = Vec::new();
    while scan.pos < bytes.len() {
        let line = &bytes[scan.pos..];
        let width = line
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let rest = &line[width..];
        let blank = matches!(rest.first(), None | Some(b'\n' | b'\r' | b'#' | b'\x0c'));
        if !blank {
            if indent.is_empty() {
                // The body's first statement sets the indentation (a one-line body,
                // `class C: pass`, leaves nothing indented to split).
                if width == 0 {
                    return None;
                }
                indent = &line[..width];
            }
            if !line.starts_with(indent) {
                return None;
            }
            if width == indent.len() && begins_statement(rest) {
                let decorator = rest.first() == Some(&b'@');
                if scan.decorated {
                    scan.decorated = decorator;
                } else {
                    scan.decorated = decorator;
                    starts.push((scan.pos, scan.rows));
                }
            }
        }
        scan.skip_logical_line()?;
    }
    (!starts.is_empty() && scan.depth == 0).then_some(starts)
}

fn memchr_newline(text: &[u8], from: usize) -> Option<usize> {
    memchr::memchr(b'\n', &text[from..]).map(|i| from + i)
}

/// True when `line` (the text from a line start) begins a statement when the scan is
/// at top level: column 0, not blank, not a comment, not a continuing clause.
fn begins_statement(line: &[u8]) -> bool {
    match line.first() {
        None | Some(b' ' | b'\t' | b'\x0c' | b'\r' | b'\n' | b'#') => false,
        Some(_) => !["else", "elif", "except", "finally"]
            .iter()
            .any(|word| keyword_at(line, word)),
    }
}

/// True when `line` begins with what cannot continue a bracket in valid Python.
fn resets_brackets(line: &[u8]) -> bool {
    line.first() == Some(&b'@') && line.get(1).is_some_and(|c| is_name_byte(*c))
        || ["def", "class", "async", "import", "from"]
            .iter()
            .any(|word| keyword_at(line, word))
}

fn keyword_at(line: &[u8], word: &str) -> bool {
    line.starts_with(word.as_bytes()) && !line.get(word.len()).is_some_and(|c| is_name_byte(*c))
}

fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// Every statement start of `text` after 0, with its row.
pub fn statement_starts(text: &str) -> Vec<(usize, usize)> {
    Splitter::new(text, 0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(text: &str) -> Vec<usize> {
        statement_starts(text).into_iter().map(|(b, _)| b).collect()
    }

    fn lines_starting(text: &str) -> Vec<&str> {
        starts(text)
            .into_iter()
            .map(|b| text[b..].lines().next().unwrap_or(""))
            .collect()
    }

    #[test]
    fn splits_simple_statements_and_keeps_blocks_whole() {
        let text = "import os\n\ndef f():\n    x = 1\n\n    return x\nY = 2\n";
        assert_eq!(lines_starting(text), ["def f():", "Y = 2"]);
        let rows: Vec<usize> = statement_starts(text).into_iter().map(|(_, r)| r).collect();
        assert_eq!(rows, [2, 6]);
    }

    #[test]
    fn comments_and_clauses_stay_with_the_statement_before() {
        let text = "if a:\n    pass\n# note\nelif b:\n    pass\nelse:\n    pass\ntry:\n    x\nexcept E:\n    y\nfinally:\n    z\nZ = 1\n";
        assert_eq!(lines_starting(text), ["try:", "Z = 1"]);
    }

    #[test]
    fn decorators_stay_with_their_definition() {
        let text = "x = 1\n@app.route('/')\n@login\ndef view():\n    pass\n@dataclass\nclass C:\n    pass\n";
        assert_eq!(lines_starting(text), ["@app.route('/')", "@dataclass"]);
    }

    #[test]
    fn strings_brackets_and_continuations_hide_line_starts() {
        let text = "A = \"\"\"\nnot = a statement\n\"\"\"\nB = (\n1,\n)\nC = 1 + \\\n2\nD = 'it''s' # (\nE = r'\\''\nF = 1\n";
        assert_eq!(
            lines_starting(text),
            [
                "B = (",
                "C = 1 + \\",
                "D = 'it''s' # (",
                "E = r'\\''",
                "F = 1"
            ]
        );
    }

    #[test]
    fn a_definition_ends_an_unclosed_bracket() {
        let text = "x = foo(\n\ndef f():\n    pass\nclass C:\n    y = [\nimport os\n";
        assert_eq!(lines_starting(text), ["def f():", "class C:", "import os"]);
    }

    #[test]
    fn crlf_and_no_final_newline() {
        let text = "a = 1\r\nb = (\r\n2)\r\nc = 3";
        assert_eq!(lines_starting(text), ["b = (", "c = 3"]);
    }

    #[test]
    fn restarting_from_a_start_gives_the_same_starts() {
        let text =
            "import os\n@d\ndef f():\n    '''doc\nx = 1\n'''\nclass C: pass\nz = [\n1]\nw = 2\n";
        let all = statement_starts(text);
        for (i, &(from, row)) in all.iter().enumerate() {
            let rest: Vec<(usize, usize)> = Splitter::new(text, from)
                .map(|(b, r)| (b, r + row))
                .collect();
            assert_eq!(rest, all[i + 1..]);
        }
    }

    fn members(chunk: &str) -> Option<Vec<&str>> {
        class_members(chunk).map(|starts| {
            starts
                .into_iter()
                .map(|(b, _)| chunk[b..].lines().next().unwrap_or(""))
                .collect()
        })
    }

    #[test]
    fn a_class_body_splits_into_its_statements() {
        let chunk = "@dataclass\nclass C(Base,\n        Mixin):\n    '''Doc.\nnot = a member\n'''\n\n    x = [\n1]\n    # note\n    @property\n    def f(self):\n        if x:\n            pass\n\n    if y:\n        z = 1\n    else:\n        z = 2\n    def g(self): pass\n# trailing\n";
        assert_eq!(
            members(chunk),
            Some(vec![
                "    '''Doc.",
                "    x = [",
                "    @property",
                "    if y:",
                "    def g(self): pass"
            ])
        );
        // Rows of the starts, counted from the chunk's first line.
        let rows: Vec<usize> = class_members(chunk)
            .unwrap_or_default()
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        assert_eq!(rows, [3, 7, 10, 15, 19]);
    }

    #[test]
    fn bodies_that_do_not_split_cleanly_are_left_whole() {
        // Not a class, a one-line body, a dedent inside the body, tabs against
        // spaces, an unclosed bracket or string, a comment under a decorator.
        for chunk in [
            "def f():\n    x = 1\n",
            "class C: pass\n",
            "class C:\n    x = 1\n  y = 2\n",
            "class C:\n    x = 1\n\ty = 2\n",
            "class C:\n    x = (\n",
            "class C:\n    x = '''\n",
            "@decorator\n# note\nclass C:\n    x = 1\n",
        ] {
            assert_eq!(members(chunk), None, "{chunk:?}");
        }
    }

    #[test]
    fn unterminated_strings_end_with_their_line() {
        let text = "a = 'oops\nb = 2\n";
        assert_eq!(lines_starting(text), ["b = 2"]);
    }
}
