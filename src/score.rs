//! Scoring: BM25 over posting text, semantic similarity of window vectors, their
//! fusion, filters, and a deterministic ranking.
//!
//! The fused score is `0.75 × semantic + 0.25 × keyword`, both in [0, 1]:
//! - semantic: for each resume window, its best cosine against the posting's
//!   windows; the posting gets the mean of those bests (does the posting fit
//!   the whole resume?) averaged with the single best pair (does some part fit
//!   very well?). Cosines below 0 count as 0.
//! - keyword: BM25 of the resume's words against the posting, divided by the
//!   best BM25 in the corpus for that resume.
//!
//! Embeddings carry most of the weight because they match meaning ("RN" vs
//! "registered nurse", "k8s" vs "Kubernetes"); BM25 keeps exact, rare terms
//! (a licence, a tool name) from being washed out.
//! Without a model the score is the keyword part alone.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::corpus::Posting;
use crate::embed::{dot, index::PostingVectors};

pub const SEMANTIC_WEIGHT: f32 = 0.75;
pub const KEYWORD_WEIGHT: f32 = 0.25;

const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Which postings the user wants to see at all.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub remote_only: bool,
    /// Case-insensitive substring of any location.
    pub location: Option<String>,
    /// Minimum of the range's top, as a yearly figure.
    pub min_salary: Option<f64>,
}

impl Filters {
    pub fn accepts(&self, p: &Posting) -> bool {
        if self.remote_only && !p.remote {
            return false;
        }
        if let Some(loc) = &self.location {
            let needle = loc.to_lowercase();
            if !p.locations.iter().any(|l| l.to_lowercase().contains(&needle)) {
                return false;
            }
        }
        if let Some(min) = self.min_salary {
            if !p
                .salary
                .as_ref()
                .and_then(|s| s.yearly_max())
                .is_some_and(|top| top >= min)
            {
                return false;
            }
        }
        true
    }
}

/// Lower-case word tokens; keeps `c++` and `c#` whole.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '#'))
        .filter(|t| !t.is_empty() && !t.chars().all(|c| c == '+' || c == '#'))
        .map(str::to_lowercase)
        .filter(|t| !STOPWORDS.contains(&t.as_str()))
}

const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or", "our", "the",
    "to", "we", "with", "you", "your", "will", "this", "that", "who", "i", "my", "me",
];

/// A BM25 index over the postings' text (title counted twice: it says most).
pub struct Bm25 {
    vocab: HashMap<String, u32>,
    docs: Vec<Vec<(u32, u32)>>,
    lens: Vec<f32>,
    avg_len: f32,
    idf: Vec<f32>,
}

impl Bm25 {
    pub fn build(postings: &[Posting]) -> Bm25 {
        let per_doc: Vec<HashMap<String, u32>> = postings
            .par_iter()
            .map(|p| {
                let mut tf = HashMap::new();
                let text = [
                    p.title.as_str(),
                    p.title.as_str(),
                    p.company.as_deref().unwrap_or(""),
                    &p.requirements.join(" "),
                    &p.responsibilities.join(" "),
                    &p.description,
                ]
                .join(" ");
                for t in tokens(&text) {
                    *tf.entry(t).or_insert(0) += 1;
                }
                tf
            })
            .collect();
        let mut vocab = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut docs = Vec::with_capacity(per_doc.len());
        let mut lens = Vec::with_capacity(per_doc.len());
        for tf in per_doc {
            let mut doc: Vec<(u32, u32)> = tf
                .into_iter()
                .map(|(term, n)| {
                    let next = vocab.len() as u32;
                    let id = *vocab.entry(term).or_insert(next);
                    if id as usize == df.len() {
                        df.push(0);
                    }
                    df[id as usize] += 1;
                    (id, n)
                })
                .collect();
            doc.sort_unstable();
            lens.push(doc.iter().map(|&(_, n)| n as f32).sum());
            docs.push(doc);
        }
        let n = docs.len().max(1) as f32;
        let avg_len = (lens.iter().sum::<f32>() / n).max(1.0);
        let idf = df
            .iter()
            .map(|&d| ((n - d as f32 + 0.5) / (d as f32 + 0.5) + 1.0).ln())
            .collect();
        Bm25 {
            vocab,
            docs,
            lens,
            avg_len,
            idf,
        }
    }

    /// BM25 of `query` (its distinct words) against every posting.
    pub fn scores(&self, query: &str) -> Vec<f32> {
        let mut q: Vec<u32> = tokens(query).filter_map(|t| self.vocab.get(&t).copied()).collect();
        q.sort_unstable();
        q.dedup();
        self.docs
            .par_iter()
            .zip(&self.lens)
            .map(|(doc, &len)| {
                let norm = K1 * (1.0 - B + B * len / self.avg_len);
                doc.iter()
                    .filter(|(t, _)| q.binary_search(t).is_ok())
                    .map(|&(t, n)| {
                        let n = n as f32;
                        self.idf[t as usize] * n * (K1 + 1.0) / (n + norm)
                    })
                    .sum()
            })
            .collect()
    }
}

/// Semantic similarity of a resume (its window vectors, flat) to every posting.
pub fn semantic_scores(resume: &[f32], postings: &PostingVectors) -> Vec<f32> {
    let dim = postings.dim;
    let n = postings.offsets.len() - 1;
    (0..n)
        .into_par_iter()
        .map(|i| {
            let mut best_pair = f32::NEG_INFINITY;
            let mut sum_best = 0.0;
            let mut windows = 0;
            for r in resume.chunks_exact(dim) {
                let best = postings.windows(i).map(|p| dot(r, p)).fold(0.0, f32::max);
                best_pair = best_pair.max(best);
                sum_best += best;
                windows += 1;
            }
            if windows == 0 || !best_pair.is_finite() {
                return 0.0;
            }
            (0.5 * (sum_best / windows as f32) + 0.5 * best_pair).clamp(0.0, 1.0)
        })
        .collect()
}

/// One ranked posting.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// Index into the corpus.
    pub posting: usize,
    /// Fused score in [0, 1].
    pub score: f32,
    pub semantic: Option<f32>,
    pub keyword: f32,
}

/// Fuses the signals, applies filters and returns the best `top`, best first;
/// equal scores are ordered by posting id so the order never depends on threads.
pub fn rank(
    postings: &[Posting],
    filters: &Filters,
    keyword: &[f32],
    semantic: Option<&[f32]>,
    top: usize,
) -> Vec<Match> {
    let max_kw = keyword.iter().copied().fold(0.0f32, f32::max);
    let mut matches: Vec<Match> = (0..postings.len())
        .into_par_iter()
        .filter(|&i| filters.accepts(&postings[i]))
        .map(|i| {
            // `+ 0.0` turns an empty sum's -0.0 into 0.0, which is what a reader expects.
            let kw = if max_kw > 0.0 { keyword[i] / max_kw + 0.0 } else { 0.0 };
            let sem = semantic.map(|s| s[i]);
            let score = match sem {
                Some(s) => SEMANTIC_WEIGHT * s + KEYWORD_WEIGHT * kw,
                None => kw,
            };
            Match {
                posting: i,
                score: score.clamp(0.0, 1.0),
                semantic: sem,
                keyword: kw,
            }
        })
        .collect();
    matches.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| postings[a.posting].id.cmp(&postings[b.posting].id))
    });
    matches.truncate(top);
    matches
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;

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
        let zero = [0.0; 3];
        let ids = |m: Vec<Match>| m.iter().map(|m| p[m.posting].id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(rank(&p, &Filters::default(), &zero, None, 10)), ["a", "b", "c"]);
        let remote = Filters {
            remote_only: true,
            ..Default::default()
        };
        assert_eq!(ids(rank(&p, &remote, &zero, None, 10)), ["a"]);
        let denver = Filters {
            location: Some("denver".into()),
            ..Default::default()
        };
        assert_eq!(ids(rank(&p, &denver, &zero, None, 10)), ["c"]);
        // $22/hr is 45,760 a year.
        let pay = Filters {
            min_salary: Some(45_000.0),
            ..Default::default()
        };
        assert_eq!(ids(rank(&p, &pay, &zero, None, 10)), ["a", "c"]);
        let pay = Filters {
            min_salary: Some(46_000.0),
            ..Default::default()
        };
        assert_eq!(ids(rank(&p, &pay, &zero, None, 10)), ["a"]);
    }

    #[test]
    fn fusion_weights_semantic_and_keyword() {
        let p = corpus();
        let m = rank(&p, &Filters::default(), &[2.0, 4.0, 0.0], Some(&[0.8, 0.2, 0.5]), 10);
        assert_eq!(m[0].posting, 0);
        assert!((m[0].score - (0.75 * 0.8 + 0.25 * 0.5)).abs() < 1e-6);
        assert!((m[1].score - (0.75 * 0.2 + 0.25 * 1.0)).abs() < 1e-6);
    }

    #[test]
    fn semantic_scores_combine_mean_and_best_window() {
        let postings = PostingVectors {
            dim: 2,
            data: vec![1.0, 0.0, 0.0, 1.0, -1.0, 0.0],
            offsets: vec![0, 2, 3],
        };
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
    }

    #[test]
    fn no_negative_zero_scores() {
        let p = corpus();
        let m = rank(&p, &Filters::default(), &[-0.0, 2.0, -0.0], None, 10);
        assert!(
            m.iter()
                .all(|m| m.score.is_sign_positive() && m.keyword.is_sign_positive()),
            "{m:?}"
        );
    }
}
