//! The one place signals become a score: weights, their fusion, the
//! calibration, and a deterministic ranking.

use rayon::prelude::*;
use serde::Serialize;

use super::Filters;
use crate::postings::Posting;

// Chosen by `filtr eval data/real/set` (coordinate ascent on the whole real
// development set; the README gives the cross-validated result). Only the
// ratios matter: the score is a weighted mean.
pub const SEMANTIC_WEIGHT: f32 = 1.0;
pub const KEYWORD_WEIGHT: f32 = 0.5;
pub const SKILLS_WEIGHT: f32 = 0.5;
pub const TITLE_WEIGHT: f32 = 0.2;
pub const ROLE_WEIGHT: f32 = 0.8;
pub const OCCUPATION_WEIGHT: f32 = 1.0;
/// The largest discount a level mismatch applies to the fused score:
/// cross-validation gave it no weight (see the module documentation).
pub const SENIORITY_WEIGHT: f32 = 0.0;
/// Fitted by the same run: the share of postings with a given weighted mean
/// that were relevant.
pub const CALIBRATION: Calibration = Calibration {
    slope: 19.048,
    offset: -7.747,
};
/// Everything known about how one posting fits one resume, each in [0, 1].
/// `None` means "cannot tell", which is different from "does not fit".
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Signals {
    pub semantic: Option<f32>,
    pub keyword: f32,
    pub skills: Option<f32>,
    pub title: f32,
    /// Cosine of the whole resume (its mean window vector) with the posting's title alone.
    pub role: Option<f32>,
    /// Closeness of the resume's and the posting's O*NET occupations ([`crate::rank::occupation`]).
    pub occupation: Option<f32>,
    pub seniority: Option<f32>,
}

/// How much each signal counts. A missing signal's weight is shared out
/// among the others, so a posting is never marked down for what nobody knows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub semantic: f32,
    pub keyword: f32,
    pub skills: f32,
    pub title: f32,
    pub role: f32,
    pub occupation: f32,
    /// The largest discount a level mismatch applies.
    pub seniority: f32,
    /// Maps the weighted mean to the score shown (see [`Calibration`]).
    pub calibration: Calibration,
}

/// `score = 1 / (1 + e^-(slope × fused + offset))`: the share of postings
/// with that fused value that were relevant on the real development set
/// (a logistic fit, `filtr eval` prints it). Monotonic, so it never changes
/// an order; it makes "60" mean "about 60% of such postings were the right
/// kind of job" there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    pub slope: f32,
    pub offset: f32,
}

impl Calibration {
    /// The identity: the weighted mean is the score.
    pub const NONE: Calibration = Calibration {
        slope: 0.0,
        offset: 0.0,
    };

    pub fn apply(&self, fused: f32) -> f32 {
        if *self == Calibration::NONE {
            return fused;
        }
        1.0 / (1.0 + (-(self.slope * fused + self.offset)).exp())
    }
}

impl Weights {
    /// The product's ranking: weights chosen by cross-validated coordinate
    /// ascent on the real development set (`data/real/`, README "Quality").
    pub const FUSED: Weights = Weights {
        semantic: SEMANTIC_WEIGHT,
        keyword: KEYWORD_WEIGHT,
        skills: SKILLS_WEIGHT,
        title: TITLE_WEIGHT,
        role: ROLE_WEIGHT,
        occupation: OCCUPATION_WEIGHT,
        seniority: SENIORITY_WEIGHT,
        calibration: CALIBRATION,
    };
    const ZERO: Weights = Weights {
        semantic: 0.0,
        keyword: 0.0,
        skills: 0.0,
        title: 0.0,
        role: 0.0,
        occupation: 0.0,
        seniority: 0.0,
        calibration: Calibration::NONE,
    };
    /// Baseline: BM25 alone.
    pub const KEYWORD_ONLY: Weights = Weights {
        keyword: 1.0,
        ..Weights::ZERO
    };
    /// Baseline: embeddings alone.
    pub const SEMANTIC_ONLY: Weights = Weights {
        semantic: 1.0,
        ..Weights::ZERO
    };

    /// One signal alone, by name (`semantic`, `keyword`, `skills`, `title`,
    /// `role`, `occupation`, `seniority`), for judging each on its own.
    pub fn only(name: &str) -> Option<Weights> {
        let mut w = Weights::ZERO;
        *w.weight_mut(name)? = 1.0;
        Some(w)
    }

    /// The weight of a signal, by the name [`Weights::only`] takes.
    pub fn weight_mut(&mut self, name: &str) -> Option<&mut f32> {
        Some(match name {
            "semantic" => &mut self.semantic,
            "keyword" => &mut self.keyword,
            "skills" => &mut self.skills,
            "title" => &mut self.title,
            "role" => &mut self.role,
            "occupation" => &mut self.occupation,
            "seniority" => &mut self.seniority,
            _ => return None,
        })
    }

    /// Each signal's value and weight, and what it measures: the terms
    /// [`Weights::fuse`] adds up (seniority is its discount), listed in the
    /// order `filtr explain` shows them. One list, so no signal can be fused
    /// without being explained.
    pub fn contributions(&self, s: &Signals) -> [Contribution; 7] {
        let c = |signal, weight, value, meaning| Contribution {
            signal,
            weight,
            value,
            meaning,
        };
        [
            c(
                "semantic",
                self.semantic,
                s.semantic,
                "meaning of resume and posting passages",
            ),
            c("keywords", self.keyword, Some(s.keyword), "BM25 over shared words"),
            c(
                "skills",
                self.skills,
                s.skills,
                "its skills you have, rare ones counting more",
            ),
            c(
                "title",
                self.title,
                Some(s.title),
                "posting title words in the resume's titles",
            ),
            c(
                "role",
                self.role,
                s.role,
                "the whole resume against the posting's title",
            ),
            c(
                "occupation",
                self.occupation,
                s.occupation,
                "closeness of the two O*NET occupations",
            ),
            c(SENIORITY, self.seniority, s.seniority, "level and years of experience"),
        ]
    }

    /// The weighted mean of the known signals, discounted for a level
    /// mismatch, through the calibration.
    ///
    /// Seniority is not one more term of the mean but a discount on it: a
    /// level mismatch makes a good posting less good, while a level match
    /// says nothing about whether the job is the right one. `seniority` is
    /// the largest discount (for a complete mismatch).
    pub fn fuse(&self, s: &Signals) -> f32 {
        let (sum, weight) = self
            .contributions(s)
            .iter()
            .filter(|c| c.signal != SENIORITY)
            .filter_map(|c| c.value.map(|v| (c.weight * v, c.weight)))
            .fold((0.0, 0.0), |(s, t), (x, w)| (s + x, t + w));
        let base = if weight > 0.0 {
            sum / weight
        } else if self.seniority > 0.0 {
            // Seniority alone: rank by agreement itself.
            return s.seniority.unwrap_or(0.0);
        } else {
            0.0
        };
        let discount = s.seniority.map_or(0.0, |f| self.seniority * (1.0 - f.clamp(0.0, 1.0)));
        // `+ 0.0` turns an empty sum's -0.0 into 0.0, which is what a reader expects.
        self.calibration
            .apply((base * (1.0 - discount)).clamp(0.0, 1.0))
            .clamp(0.0, 1.0)
            + 0.0
    }
}

const SENIORITY: &str = "seniority";

/// One signal's part in a fused score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Contribution {
    /// The signal's name as `filtr explain` shows it.
    pub signal: &'static str,
    pub weight: f32,
    /// `None`: unknown, left out of the mean.
    pub value: Option<f32>,
    /// What it measures, in a few words.
    pub meaning: &'static str,
}

/// One ranked posting.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// Index into the corpus.
    pub posting: usize,
    /// Fused score in [0, 1].
    pub score: f32,
    pub signals: Signals,
}

/// Applies filters, fuses the signals and returns the best `top`, best first;
/// equal scores are ordered by posting id so the order never depends on threads.
pub fn rank(
    postings: &[Posting],
    filters: &Filters,
    signals: &(dyn Fn(usize) -> Signals + Sync),
    weights: &Weights,
    top: usize,
) -> Vec<Match> {
    let mut matches: Vec<Match> = (0..postings.len())
        .into_par_iter()
        .filter(|&i| filters.accepts(i, &postings[i]))
        .map(|i| {
            let signals = signals(i);
            Match {
                posting: i,
                score: weights.fuse(&signals),
                signals,
            }
        })
        .collect();
    let order = |a: &Match, b: &Match| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| postings[a.posting].id.cmp(&postings[b.posting].id))
    };
    if matches.len() > top {
        matches.select_nth_unstable_by(top, order);
        matches.truncate(top);
    }
    matches.sort_by(order);
    matches
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::PostingVectors;
    use crate::postings::Corpus;
    use crate::rank::bm25::KEYWORD_HALF;
    use crate::rank::*;

    fn corpus() -> Vec<Posting> {
        Corpus::parse(
            "t",
            r#"[
            {"id":"b","title":"Registered Nurse","requirements":["RN license","BLS"],"locations":["Austin, TX, US"]},
            {"id":"a","title":"Backend Engineer","requirements":["Go","PostgreSQL","Kubernetes"],"remote":true,
             "salary":{"min":150000,"max":190000}},
            {"id":"c","title":"Line Cook","description":"ServSafe certified cook","salary":{"min":18,"max":22,"period":"hour"},
             "locations":["Denver, CO, US","Remote, US"]}
        ]"#,
            false,
        )
        .unwrap()
        .postings
    }

    #[test]
    fn bm25_prefers_the_posting_sharing_rare_terms() {
        let p = corpus();
        let s = Bm25::build(&p).scores("Go and Kubernetes engineer with PostgreSQL");
        assert!(s[1] > s[0] && s[1] > s[2], "{s:?}");
        assert_eq!(s[0], 0.0);
    }

    #[test]
    fn ties_are_broken_by_id_and_filters_apply() {
        let p = corpus();
        let zero = |_| Signals::default();
        let w = &Weights::FUSED;
        let ids = |m: Vec<Match>| m.iter().map(|m| p[m.posting].id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(rank(&p, &Filters::default(), &zero, w, 10)), ["a", "b", "c"]);
        assert_eq!(ids(rank(&p, &Filters::default(), &zero, w, 2)), ["a", "b"]);
        let remote = Filters {
            remote_only: true,
            ..Default::default()
        };
        assert_eq!(ids(rank(&p, &remote, &zero, w, 10)), ["a"]);
        let denver = Filters {
            location: Some("denver".into()),
            ..Default::default()
        };
        assert_eq!(ids(rank(&p, &denver, &zero, w, 10)), ["c"]);
        // $22/hr is 45,760 a year.
        let pay = Filters {
            min_salary: Some(45_000.0),
            ..Default::default()
        };
        assert_eq!(ids(rank(&p, &pay, &zero, w, 10)), ["a", "c"]);
        let pay = Filters {
            min_salary: Some(46_000.0),
            ..Default::default()
        };
        assert_eq!(ids(rank(&p, &pay, &zero, w, 10)), ["a"]);
    }

    #[test]
    fn fusion_is_a_weighted_mean_of_known_signals() {
        let w = Weights {
            semantic: 0.4,
            keyword: 0.1,
            skills: 0.2,
            title: 0.1,
            role: 0.15,
            occupation: 0.05,
            seniority: 0.2,
            calibration: Calibration::NONE,
        };
        let all = Signals {
            semantic: Some(0.8),
            keyword: 0.5,
            skills: Some(0.6),
            title: 1.0,
            role: Some(0.4),
            occupation: Some(0.25),
            seniority: Some(0.2),
        };
        let base =
            (w.semantic * 0.8 + w.keyword * 0.5 + w.skills * 0.6 + w.title * 1.0 + w.role * 0.4 + w.occupation * 0.25)
                / (w.semantic + w.keyword + w.skills + w.title + w.role + w.occupation);
        // A level fit of 0.2 discounts the mean by 80% of the largest discount.
        let expected = base * (1.0 - w.seniority * 0.8);
        assert!((w.fuse(&all) - expected).abs() < 1e-6);
        // Unknown skills, role, occupation and seniority are left out, not counted as zero.
        let partial = Signals {
            skills: None,
            role: None,
            occupation: None,
            seniority: None,
            ..all
        };
        let expected = (w.semantic * 0.8 + w.keyword * 0.5 + w.title * 1.0) / (w.semantic + w.keyword + w.title);
        assert!((w.fuse(&partial) - expected).abs() < 1e-6);
        // Calibration maps the mean through a logistic curve: order kept, 0.5 at -offset/slope.
        let c = Weights {
            calibration: Calibration {
                slope: 10.0,
                offset: -5.0,
            },
            ..w
        };
        assert!(
            (c.fuse(&Signals {
                keyword: 0.5,
                ..Default::default()
            }) - c.calibration.apply(w.fuse(&Signals {
                keyword: 0.5,
                ..Default::default()
            })))
            .abs()
                < 1e-6
        );
        assert!(
            (Calibration {
                slope: 10.0,
                offset: -5.0
            }
            .apply(0.5)
                - 0.5)
                .abs()
                < 1e-6
        );
        let perfect_level = Signals {
            seniority: Some(1.0),
            ..partial
        };
        assert_eq!(w.fuse(&perfect_level), w.fuse(&partial));
        assert_eq!(Weights::only("role").unwrap().fuse(&all), 0.4);
        assert!(Weights::only("nonsense").is_none());
        assert_eq!(Weights::KEYWORD_ONLY.fuse(&all), 0.5);
        assert_eq!(Weights::SEMANTIC_ONLY.fuse(&all), 0.8);
        assert_eq!(Weights::SEMANTIC_ONLY.fuse(&Signals::default()), 0.0);
        assert!(keyword_fit(0.0) == 0.0 && keyword_fit(KEYWORD_HALF) == 0.5 && keyword_fit(1e9) < 1.0);
    }

    #[test]
    fn semantic_scores_combine_mean_and_best_window() {
        // Each posting's first vector is its title's, which semantic scores leave out.
        let postings =
            PostingVectors::contiguous(2, vec![0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, -1.0, 0.0], &[0, 3, 5]);
        let resume = [1.0, 0.0, 0.6, 0.8];
        let s = semantic_scores(&resume, &postings);
        // posting 0: bests 1.0 and 0.8 → 0.5 × 0.9 + 0.5 × 1.0
        assert!((s[0] - 0.95).abs() < 1e-6, "{s:?}");
        assert_eq!(s[1], 0.0);
        // A resume window pointing away from every posting window counts as 0, not -1.
        let opposed = [1.0, 0.0, -1.0, 0.0];
        let s = semantic_scores(&opposed, &postings);
        // posting 1 ([-1, 0]): bests max(-1, 0) = 0 and 1 → 0.5 × 0.5 + 0.5 × 1.0
        assert!((s[1] - 0.75).abs() < 1e-6, "{s:?}");
        // The role signal compares the resume's mean with the title vector alone.
        let mean = mean_vector(&resume, 2);
        let roles = role_scores(&mean, &postings);
        assert!(
            (roles[0].unwrap() - mean[1]).abs() < 1e-6 && (roles[1].unwrap() - mean[0]).abs() < 1e-6,
            "{roles:?}"
        );
    }

    #[test]
    fn no_negative_zero_scores() {
        let p = corpus();
        let signals = |i: usize| Signals {
            keyword: keyword_fit([-0.0, 2.0, -0.0][i]),
            semantic: Some(-0.0),
            ..Default::default()
        };
        let m = rank(&p, &Filters::default(), &signals, &Weights::FUSED, 10);
        assert!(m.iter().all(|m| m.score.is_sign_positive()), "{m:?}");
    }
}
