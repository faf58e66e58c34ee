//! Every occurrence of a few dozen short words in a text, in any ASCII case: the
//! statement prefilter's anchor search, run over every statement the checker sees.
//!
//! A dense Aho-Corasick DFA over byte classes (a letter and its capital share one),
//! with the patterns that end at each state as a bit set, so a step is two table
//! look-ups and no branch unless something matched. A long text is cut into four
//! parts searched in lock step: each step of one search waits for the previous one
//! (the next state depends on the state), so four independent searches keep the core
//! busy where one would leave it waiting. Each part but the first starts
//! `longest pattern - 1` bytes early, so a match ending in it is never cut, and only
//! the matches ending in the part itself are reported.
//!
//! It finds what `aho_corasick`'s overlapping search with ASCII case-insensitive
//! patterns finds (the tests compare them), some times faster.

/// No more patterns than bits in a [`Automaton::search`] answer.
pub(crate) const MAX_PATTERNS: usize = 64;

/// The bit of a [`Automaton::next`] entry set when a pattern ends in its state.
const MATCH: u32 = 1 << 31;

/// Texts shorter than this are searched in one part.
const SPLIT_FROM: usize = 160;

/// A compiled set of patterns.
pub(crate) struct Automaton {
    /// The class of each byte: 0 for bytes in no pattern.
    classes: [u8; 256],
    /// How many classes there are.
    width: usize,
    /// `state * width + class` → the next state times `width` (where its row
    /// starts), with [`MATCH`] set when a pattern ends in it.
    next: Vec<u32>,
    /// The patterns that end when the search enters each state.
    ends: Vec<u64>,
    /// Each pattern's length.
    lens: Vec<usize>,
    /// The longest pattern's length.
    longest: usize,
}

impl Automaton {
    /// The automaton of `patterns` (at most [`MAX_PATTERNS`], none empty), matched in
    /// any ASCII case; a pattern's index is its bit in [`Automaton::search`]'s answer.
    pub(crate) fn new(patterns: &[&str]) -> Automaton {
        assert!(patterns.len() <= MAX_PATTERNS, "too many anchor patterns");
        let lowered: Vec<Vec<u8>> = patterns
            .iter()
            .map(|p| p.as_bytes().to_ascii_lowercase())
            .collect();
        assert!(lowered.iter().all(|p| !p.is_empty()), "an empty pattern");
        let mut classes = [0u8; 256];
        let mut width = 1usize;
        for &b in lowered.iter().flatten() {
            if classes[usize::from(b)] == 0 {
                classes[usize::from(b)] =
                    u8::try_from(width).unwrap_or_else(|_| panic!("too many pattern bytes"));
                width += 1;
            }
        }
        for upper in b'A'..=b'Z' {
            classes[usize::from(upper)] = classes[usize::from(upper.to_ascii_lowercase())];
        }
        // The trie: `NONE` where no pattern goes on.
        const NONE: u16 = u16::MAX;
        let mut next: Vec<u16> = vec![NONE; width];
        let mut ends: Vec<u64> = vec![0];
        for (index, pattern) in lowered.iter().enumerate() {
            let mut state = 0usize;
            for &b in pattern {
                let slot = state * width + usize::from(classes[usize::from(b)]);
                if next[slot] == NONE {
                    let new = ends.len();
                    next[slot] =
                        u16::try_from(new).unwrap_or_else(|_| panic!("too many anchor states"));
                    next.extend(std::iter::repeat_n(NONE, width));
                    ends.push(0);
                }
                state = usize::from(next[slot]);
            }
            ends[state] |= 1 << index;
        }
        // Breadth first: each state's failure state is complete before its children.
        let mut fail = vec![0u16; ends.len()];
        let mut queue = std::collections::VecDeque::new();
        for slot in &mut next[..width] {
            match *slot {
                NONE => *slot = 0,
                child => queue.push_back(child),
            }
        }
        while let Some(state) = queue.pop_front() {
            let state = usize::from(state);
            let failure = usize::from(fail[state]);
            ends[state] |= ends[failure];
            for class in 0..width {
                let slot = state * width + class;
                let through_failure = next[failure * width + class];
                match next[slot] {
                    NONE => next[slot] = through_failure,
                    child => {
                        fail[usize::from(child)] = through_failure;
                        queue.push_back(child);
                    }
                }
            }
        }
        // Rows addressed directly, match states flagged: a step is one look-up.
        let next = next
            .iter()
            .map(|&state| {
                let row = u32::from(state) * width as u32;
                if ends[usize::from(state)] != 0 {
                    row | MATCH
                } else {
                    row
                }
            })
            .collect();
        Automaton {
            classes,
            width,
            next,
            ends,
            lens: lowered.iter().map(Vec::len).collect(),
            longest: lowered.iter().map(Vec::len).max().unwrap_or(1),
        }
    }

    /// Calls `found(start, pattern)` for every occurrence of every pattern in
    /// `text`, in no particular order.
    pub(crate) fn search(&self, text: &[u8], mut found: impl FnMut(usize, usize)) {
        let part = text.len().div_ceil(4);
        let warm = self.longest - 1;
        if text.len() < SPLIT_FROM || 2 * warm >= part {
            self.search_part(text, 0, 0, text.len(), &mut found);
            return;
        }
        // Part `j` reports the matches ending in `bounds[j]..bounds[j + 1]` and
        // starts its search `warm` bytes before.
        let bounds = [0, part, 2 * part, 3 * part, text.len()];
        let from = [0, part - warm, 2 * part - warm, 3 * part - warm];
        // In lock step while every part has bytes left.
        let steps = part.min(text.len() - from[3]);
        let lane = |j: usize| &text[from[j]..from[j] + steps];
        let lanes = lane(0).iter().zip(lane(1)).zip(lane(2)).zip(lane(3));
        let (mut s0, mut s1, mut s2, mut s3) = (0u32, 0u32, 0u32, 0u32);
        for (step, (((&b0, &b1), &b2), &b3)) in lanes.enumerate() {
            s0 = self.step(s0, b0);
            s1 = self.step(s1, b1);
            s2 = self.step(s2, b2);
            s3 = self.step(s3, b3);
            if (s0 | s1 | s2 | s3) & MATCH != 0 {
                for (lane, state) in [s0, s1, s2, s3].into_iter().enumerate() {
                    let at = from[lane] + step;
                    if state & MATCH != 0 && at >= bounds[lane] {
                        self.report(state, at, &mut found);
                    }
                }
            }
        }
        // The rest of each part, one at a time.
        for (lane, state) in [s0, s1, s2, s3].into_iter().enumerate() {
            let mut state = state;
            let rest = from[lane] + steps..bounds[lane + 1];
            for (at, &b) in text[rest.clone()].iter().enumerate() {
                state = self.step(state, b);
                if state & MATCH != 0 {
                    self.report(state, rest.start + at, &mut found);
                }
            }
        }
    }

    /// The entry after `state` reads `byte`.
    #[inline(always)]
    fn step(&self, state: u32, byte: u8) -> u32 {
        let row = (state & !MATCH) as usize;
        self.next
            .get(row + usize::from(self.classes[usize::from(byte)]))
            .copied()
            .unwrap_or(0)
    }

    /// The search of `text[from..to]` from the start state, reporting the matches
    /// ending at or after `report_from`.
    fn search_part(
        &self,
        text: &[u8],
        from: usize,
        report_from: usize,
        to: usize,
        found: &mut impl FnMut(usize, usize),
    ) {
        let mut state = 0u32;
        for (at, &b) in text.iter().enumerate().take(to).skip(from) {
            state = self.step(state, b);
            if state & MATCH != 0 && at >= report_from {
                self.report(state, at, found);
            }
        }
    }

    /// Reports the patterns that end in `state` (an entry of [`Automaton::next`]),
    /// with the byte at `last`.
    fn report(&self, state: u32, last: usize, found: &mut impl FnMut(usize, usize)) {
        let index = (state & !MATCH) as usize / self.width;
        let mut ends = self.ends.get(index).copied().unwrap_or(0);
        while ends != 0 {
            let pattern = ends.trailing_zeros() as usize;
            ends &= ends - 1;
            found(last + 1 - self.lens[pattern], pattern);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    const PATTERNS: &[&str] = &[
        "pass",
        "key",
        "==",
        "def",
        ")(",
        "ENV",
        "environ",
        "format_",
        ".debug(",
        "debug",
        "register_error_handler",
        "a",
        "://",
    ];

    fn reference(text: &[u8]) -> Vec<(usize, usize)> {
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(PATTERNS)
            .unwrap_or_else(|err| panic!("{err}"));
        let mut hits: Vec<(usize, usize)> = automaton
            .find_overlapping_iter(text)
            .map(|hit| (hit.start(), hit.pattern().as_usize()))
            .collect();
        hits.sort_unstable();
        hits
    }

    fn ours(text: &[u8]) -> Vec<(usize, usize)> {
        let mut hits = Vec::new();
        Automaton::new(PATTERNS).search(text, |start, pattern| hits.push((start, pattern)));
        hits.sort_unstable();
        hits
    }

    #[test]
    fn finds_every_occurrence_in_any_case_like_aho_corasick() {
        // A made-up text of pattern pieces, in mixed case, long enough to be split.
        let pieces = [
            "pass",
            "PaSs",
            "word",
            "key",
            "Keys",
            " == ",
            "!=",
            "def ",
            "debug",
            ".DEBUG(",
            "Environ",
            "ENV",
            "env",
            "format_",
            "register_error_handler",
            "register_",
            ")(",
            "://",
            "x",
            "\n",
            "é",
            "a",
            "__",
        ];
        let mut seed = 12345u64;
        for len in [0, 1, 7, 100, 159, 160, 161, 170, 600, 1000, 4099] {
            let mut text = String::new();
            while text.len() < len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(ours(text.as_bytes()), reference(text.as_bytes()), "{len}");
        }
    }

    #[test]
    fn a_match_across_a_part_boundary_is_found_once() {
        for at in 500..530 {
            let mut text = "x".repeat(2100);
            text.replace_range(at..at + 22, "register_error_handler");
            text.replace_range(1040..1047, ".debug(");
            assert_eq!(ours(text.as_bytes()), reference(text.as_bytes()), "{at}");
        }
    }
}
