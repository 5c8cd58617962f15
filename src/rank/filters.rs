//! Which postings the user wants to see at all, and, when few are left, which
//! filter removed how many.

use crate::postings::Posting;

/// Which postings the user wants to see at all.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub remote_only: bool,
    /// Case-insensitive substring of any location.
    pub location: Option<String>,
    /// Minimum of the range's top, as a yearly figure, in `currency`.
    pub min_salary: Option<f64>,
    /// The currency `min_salary` is in (default USD); when set alone, only
    /// postings paid in it. Amounts are never converted between currencies.
    pub currency: Option<String>,
    /// Earliest posting date, `YYYY-MM-DD`; undated postings are left out.
    pub since: Option<String>,
    /// Postings to leave out by index (older reposts of another posting).
    pub hidden: Vec<bool>,
    /// Companies, title words and words never wanted.
    pub exclude: Exclusions,
    /// Postings to leave out by index because they were shown before (`--new`).
    pub seen: Vec<bool>,
}

/// `--exclude-company`, `--exclude-title`, `--exclude-word`: case-insensitive,
/// whole words (a phrase matches as consecutive words).
#[derive(Debug, Clone, Default)]
pub struct Exclusions {
    pub companies: Vec<String>,
    pub title_words: Vec<String>,
    pub words: Vec<String>,
}

/// A filter of the funnel, in the order they apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Reposts,
    Remote,
    Location,
    Salary,
    Since,
    Excluded,
    Seen,
}

/// How many postings each filter let through, in order: "--remote kept 291,
/// then --min-salary 400k kept 0".
#[derive(Debug, Clone, PartialEq)]
pub struct Funnel {
    pub total: usize,
    /// Each active filter, its label as the user wrote it, and how many postings were left after it.
    pub steps: Vec<(Stage, String, usize)>,
}

impl Funnel {
    pub fn left(&self) -> usize {
        self.steps.last().map_or(self.total, |s| s.2)
    }

    /// How many postings one filter removed.
    pub fn removed_by(&self, stage: Stage) -> usize {
        let mut before = self.total;
        for &(s, _, after) in &self.steps {
            if s == stage {
                return before - after;
            }
            before = after;
        }
        0
    }

    /// "0 of 1,600 left: --remote kept 291, then --min-salary 400k kept 0".
    pub fn describe(&self) -> String {
        let steps: Vec<String> = self
            .steps
            .iter()
            .map(|(_, label, kept)| format!("{label} kept {}", crate::text::thousands(*kept as u64)))
            .collect();
        let mut s = format!(
            "{} of {} left",
            crate::text::thousands(self.left() as u64),
            crate::text::thousands(self.total as u64)
        );
        if !steps.is_empty() {
            s.push_str(": ");
            s.push_str(&steps.join(", then "));
        }
        s
    }
}

impl Exclusions {
    pub fn is_empty(&self) -> bool {
        self.companies.is_empty() && self.title_words.is_empty() && self.words.is_empty()
    }

    /// Whether the posting is excluded, and by what.
    pub fn excludes(&self, p: &Posting) -> bool {
        let company = p.company.as_deref().unwrap_or("");
        if self.companies.iter().any(|c| has_phrase(company, c)) {
            return true;
        }
        if self.title_words.iter().any(|w| has_phrase(&p.title, w)) {
            return true;
        }
        !self.words.is_empty()
            && [p.title.as_str(), company, p.description.as_str()]
                .into_iter()
                .chain(p.items())
                .any(|text| self.words.iter().any(|w| has_phrase(text, w)))
    }
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '+' && c != '#')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// `needle`'s words appear in `text` as consecutive whole words, ignoring case.
pub fn has_phrase(text: &str, needle: &str) -> bool {
    let needle: Vec<String> = words(needle).collect();
    if needle.is_empty() {
        return false;
    }
    let hay: Vec<String> = words(text).collect();
    hay.windows(needle.len()).any(|w| w == needle.as_slice())
}

impl Filters {
    /// The currency of `min_salary` when none is given.
    pub const DEFAULT_CURRENCY: &str = "USD";

    /// Whether posting `i` is shown.
    pub fn accepts(&self, i: usize, p: &Posting) -> bool {
        self.first_rejection(i, p).is_none()
    }

    /// The first filter, in funnel order, that leaves posting `i` out.
    pub fn first_rejection(&self, i: usize, p: &Posting) -> Option<Stage> {
        if self.hidden.get(i).copied().unwrap_or(false) {
            return Some(Stage::Reposts);
        }
        if self.remote_only && !p.remote {
            return Some(Stage::Remote);
        }
        if let Some(loc) = &self.location {
            let needle = loc.to_lowercase();
            if !p.locations.iter().any(|l| l.to_lowercase().contains(&needle)) {
                return Some(Stage::Location);
            }
        }
        if self.min_salary.is_some() || self.currency.is_some() {
            let currency = self.currency.as_deref().unwrap_or(Filters::DEFAULT_CURRENCY);
            let Some(s) = p.salary.as_ref().filter(|s| s.currency.as_deref() == Some(currency)) else {
                return Some(Stage::Salary);
            };
            if let Some(min) = self.min_salary {
                if !s.yearly_max().is_some_and(|top| top >= min) {
                    return Some(Stage::Salary);
                }
            }
        }
        if let Some(since) = &self.since {
            if p.posted.as_ref().is_none_or(|d| d < since) {
                return Some(Stage::Since);
            }
        }
        if !self.exclude.is_empty() && self.exclude.excludes(p) {
            return Some(Stage::Excluded);
        }
        if self.seen.get(i).copied().unwrap_or(false) {
            return Some(Stage::Seen);
        }
        None
    }

    /// The label of each active filter, as the user wrote it.
    fn label(&self, stage: Stage) -> Option<String> {
        let amount = |v: f64| {
            if v >= 1000.0 && (v / 1000.0).fract() == 0.0 {
                format!("{}k", v / 1000.0)
            } else {
                format!("{v}")
            }
        };
        match stage {
            Stage::Reposts => self.hidden.iter().any(|h| *h).then(|| "hiding reposts".into()),
            Stage::Remote => self.remote_only.then(|| "--remote".into()),
            Stage::Location => self.location.as_ref().map(|l| format!("--location {l:?}")),
            Stage::Salary => match (self.min_salary, &self.currency) {
                (Some(m), Some(c)) => Some(format!("--min-salary {} {c}", amount(m))),
                (Some(m), None) => Some(format!("--min-salary {}", amount(m))),
                (None, Some(c)) => Some(format!("--currency {c}")),
                (None, None) => None,
            },
            Stage::Since => self.since.as_ref().map(|s| format!("--since {s}")),
            Stage::Excluded => (!self.exclude.is_empty()).then(|| "exclusions".into()),
            Stage::Seen => self.seen.iter().any(|s| *s).then(|| "--new".into()),
        }
    }

    /// How many postings each active filter let through, in the order they apply.
    pub fn funnel(&self, postings: &[Posting]) -> Funnel {
        use rayon::prelude::*;
        const STAGES: [Stage; 7] = [
            Stage::Reposts,
            Stage::Remote,
            Stage::Location,
            Stage::Salary,
            Stage::Since,
            Stage::Excluded,
            Stage::Seen,
        ];
        let mut rejected = [0usize; STAGES.len()];
        let counts = postings
            .par_iter()
            .enumerate()
            .fold(
                || [0usize; STAGES.len()],
                |mut acc, (i, p)| {
                    if let Some(s) = self.first_rejection(i, p) {
                        acc[STAGES.iter().position(|x| *x == s).expect("a stage")] += 1;
                    }
                    acc
                },
            )
            .collect::<Vec<_>>();
        for c in counts {
            rejected.iter_mut().zip(c).for_each(|(a, b)| *a += b);
        }
        let mut left = postings.len();
        let mut steps = Vec::new();
        for (k, stage) in STAGES.into_iter().enumerate() {
            if let Some(label) = self.label(stage) {
                left -= rejected[k];
                steps.push((stage, label, left));
            }
        }
        Funnel {
            total: postings.len(),
            steps,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_whole_words_ignoring_case() {
        assert!(has_phrase("Senior Staffing Partner", "staffing"));
        assert!(has_phrase("Robert Half International", "robert half"));
        assert!(!has_phrase("Halfmoon Bay", "half"));
        assert!(!has_phrase("Robert Smith Half", "robert half"));
        assert!(has_phrase("C++ developer", "c++"));
        assert!(!has_phrase("anything", "  "));
    }
}
