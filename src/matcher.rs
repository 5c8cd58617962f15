//! One corpus, many resumes: every signal of every posting for a resume, the
//! ranking, and the explanation of a match. `filtr match`, `filtr explain`
//! and `filtr eval` all rank through here, so they cannot disagree.

use rayon::prelude::*;

use crate::corpus::Posting;
use crate::embed::{dot, index::PostingVectors};
use crate::experience::Month;
use crate::fit::{self, Explanation, Passage, PostingProfile, ResumeProfile};
use crate::score::{self, Bm25, Filters, Match, Signals, Weights};
use crate::skills::Taxonomy;

pub struct Matcher<'a> {
    pub postings: &'a [Posting],
    vectors: Option<&'a PostingVectors>,
    bm25: Bm25,
    profiles: Vec<PostingProfile>,
    tax: &'static Taxonomy,
}

/// A resume prepared for ranking: its profile and its scores against every posting.
pub struct Query {
    pub text: String,
    pub profile: ResumeProfile,
    /// The resume's windows and their vectors (flat), when a model is used.
    pub windows: Vec<String>,
    pub vectors: Vec<f32>,
    keyword: Vec<f32>,
    semantic: Option<Vec<f32>>,
}

/// What the matcher knows of postings before any resume: their BM25 index and
/// skill profiles.
pub fn analyse(postings: &[Posting]) -> (Bm25, Vec<PostingProfile>) {
    let tax = Taxonomy::bundled();
    // Side by side: the BM25 build ends in a serial merge, which leaves a core free.
    rayon::join(
        || Bm25::build(postings),
        || postings.par_iter().map(|p| PostingProfile::of(p, tax)).collect(),
    )
}

impl<'a> Matcher<'a> {
    pub fn new(postings: &'a [Posting], vectors: Option<&'a PostingVectors>) -> Matcher<'a> {
        let (bm25, profiles) = analyse(postings);
        Matcher::from_parts(postings, vectors, bm25, profiles)
    }

    /// A matcher from an `analyse` of these postings done earlier (a cached one).
    pub fn from_parts(
        postings: &'a [Posting],
        vectors: Option<&'a PostingVectors>,
        bm25: Bm25,
        profiles: Vec<PostingProfile>,
    ) -> Matcher<'a> {
        assert_eq!(profiles.len(), postings.len(), "profiles are for other postings");
        Matcher {
            postings,
            vectors,
            bm25,
            profiles,
            tax: Taxonomy::bundled(),
        }
    }

    pub fn profile(&self, i: usize) -> &PostingProfile {
        &self.profiles[i]
    }

    /// `vectors` are the resume's window vectors (flat); empty without a model.
    pub fn query(&self, text: &str, windows: Vec<String>, vectors: Vec<f32>, today: Month) -> Query {
        let semantic = self
            .vectors
            .filter(|_| !vectors.is_empty())
            .map(|pv| score::semantic_scores(&vectors, pv));
        Query {
            text: text.to_string(),
            profile: ResumeProfile::of(text, self.tax, today),
            windows,
            vectors,
            keyword: self.bm25.scores(text),
            semantic,
        }
    }

    pub fn signals(&self, q: &Query, i: usize) -> Signals {
        let f = fit::fit(&q.profile, &self.profiles[i], &self.postings[i].title);
        Signals {
            semantic: q.semantic.as_ref().map(|s| s[i]),
            keyword: score::keyword_fit(q.keyword[i]),
            skills: f.skills,
            title: f.title,
            seniority: f.seniority,
        }
    }

    pub fn rank(&self, q: &Query, filters: &Filters, weights: &Weights, top: usize) -> Vec<Match> {
        score::rank(self.postings, filters, &|i| self.signals(q, i), weights, top)
    }

    /// Why posting `i` matched. `posting_windows` are its window texts, in the
    /// order of its vectors, to quote the best passage; without them (no
    /// model) the passage is the pair of lines sharing the most skills.
    pub fn explain(&self, q: &Query, i: usize, posting_windows: Option<&[String]>) -> Explanation {
        let passage = match (self.vectors, posting_windows) {
            (Some(pv), Some(texts)) if !q.vectors.is_empty() => best_pair(q, pv, i, texts),
            _ => fit::passage_by_skills(&q.text, &self.postings[i], self.tax),
        };
        fit::explain(&q.profile, &self.profiles[i], self.tax, passage)
    }
}

fn best_pair(q: &Query, pv: &PostingVectors, i: usize, texts: &[String]) -> Option<Passage> {
    let dim = pv.dim;
    let mut best: Option<(f32, usize, usize)> = None;
    for (r, rv) in q.vectors.chunks_exact(dim).enumerate() {
        for (p, v) in pv.windows(i).enumerate() {
            let s = dot(rv, v);
            if best.is_none_or(|(b, _, _)| s > b) {
                best = Some((s, r, p));
            }
        }
    }
    let (s, r, p) = best?;
    Some(Passage {
        resume: q.windows.get(r)?.clone(),
        posting: texts.get(p)?.clone(),
        similarity: s.max(0.0),
    })
}
