//! The security grade: an A–F letter for the checked tree, as runtime API scanners give.
//!
//! The formula (documented in `docs/ci.md`, "Security grade") is deterministic and uses
//! only the findings the run reports and their final severities:
//!
//! - score = 100 − 20 × errors − 5 × warnings − 1 × information (hints count 0),
//!   floored at 0;
//! - letter by score: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, F below.
//!
//! So one hardcoded secret (an error) is a B, two are a D, three an F; a tree with no
//! error stays at A up to two warnings.
//!
//! Findings the baseline accepts and `# noqa` suppressions are not reported, so they do
//! not count; test code reports as information and costs 1 point per finding.

use std::fmt;
use std::str::FromStr;

use crate::finding::Severity;

/// A letter grade; `A` is the best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Letter {
    A,
    B,
    C,
    D,
    F,
}

impl Letter {
    /// True when `self` is worse than `threshold` (`C` is worse than `B`).
    pub fn worse_than(self, threshold: Letter) -> bool {
        self > threshold
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Letter::A => "A",
            Letter::B => "B",
            Letter::C => "C",
            Letter::D => "D",
            Letter::F => "F",
        }
    }
}

impl fmt::Display for Letter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Letter {
    type Err = String;

    fn from_str(s: &str) -> Result<Letter, String> {
        match s.trim().to_ascii_uppercase().as_str() {
            "A" => Ok(Letter::A),
            "B" => Ok(Letter::B),
            "C" => Ok(Letter::C),
            "D" => Ok(Letter::D),
            "F" => Ok(Letter::F),
            _ => Err(format!("unknown grade \"{s}\" (expected A, B, C, D or F)")),
        }
    }
}

/// The grade of one run, with the counts it was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grade {
    pub letter: Letter,
    /// 0–100.
    pub score: u32,
    pub errors: usize,
    pub warnings: usize,
    pub information: usize,
    pub hints: usize,
}

impl Grade {
    /// The grade of a run that reports findings of these severities.
    pub fn of(severities: impl IntoIterator<Item = Severity>) -> Grade {
        let (mut errors, mut warnings, mut information, mut hints) =
            (0usize, 0usize, 0usize, 0usize);
        for severity in severities {
            match severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Information => information += 1,
                Severity::Hint => hints += 1,
            }
        }
        let penalty = errors
            .saturating_mul(20)
            .saturating_add(warnings.saturating_mul(5))
            .saturating_add(information);
        let score = 100usize.saturating_sub(penalty) as u32;
        let letter = match score {
            90.. => Letter::A,
            80..=89 => Letter::B,
            70..=79 => Letter::C,
            60..=69 => Letter::D,
            _ => Letter::F,
        };
        Grade {
            letter,
            score,
            errors,
            warnings,
            information,
            hints,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Severity::*;

    fn letter(severities: &[Severity]) -> Letter {
        Grade::of(severities.iter().copied()).letter
    }

    #[test]
    fn boundaries() {
        assert_eq!(letter(&[]), Letter::A);
        assert_eq!(Grade::of([]).score, 100);
        // Two warnings: 90, still A; three: 85, B.
        assert_eq!(letter(&[Warning, Warning]), Letter::A);
        assert_eq!(letter(&[Warning; 3]), Letter::B);
        // One error is 80: B; anything more drops it.
        assert_eq!(letter(&[Error]), Letter::B);
        assert_eq!(letter(&[Error, Information]), Letter::C);
        assert_eq!(letter(&[Error, Error]), Letter::D);
        assert_eq!(letter(&[Error, Error, Information]), Letter::F);
        assert_eq!(letter(&[Error; 5]), Letter::F);
        // Ten test fixtures (information) cost 10 points: still A.
        assert_eq!(letter(&[Information; 10]), Letter::A);
        assert_eq!(letter(&[Information; 11]), Letter::B);
        assert_eq!(letter(&[Hint; 1000]), Letter::A);
    }

    #[test]
    fn worse_than_orders_letters() {
        assert!(Letter::C.worse_than(Letter::B));
        assert!(!Letter::B.worse_than(Letter::B));
        assert!(!Letter::A.worse_than(Letter::B));
        assert_eq!("b".parse::<Letter>(), Ok(Letter::B));
        assert!("E".parse::<Letter>().is_err());
    }
}
