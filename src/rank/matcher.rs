//! One corpus, many resumes: every signal of every posting for a resume, the
//! ranking, and the explanation of a match. `filtr match`, `filtr explain`
//! and `filtr eval` all rank through here, so they cannot disagree.

use rayon::prelude::*;

use super::explain::{self, Explanation, Passage};
use super::fit::{self, SkillWeights};
use crate::embed::{dot, windows, Embedder, PostingVectors};
use crate::postings::Posting;
use crate::profile::experience::Month;
use crate::profile::skills::Taxonomy;
use crate::profile::{PostingProfile, ResumeProfile};
use crate::rank::occupation::{self, Reach};
use crate::rank::{self, Bm25, Filters, Match, Signals, Weights};

pub struct Matcher<'a> {
    pub postings: &'a [Posting],
    /// The model and the postings' window vectors, when ranking by meaning.
    model: Option<&'a Embedder>,
    vectors: Option<&'a PostingVectors>,
    bm25: Bm25,
    profiles: Vec<PostingProfile>,
    skill_weights: SkillWeights,
    tax: &'static Taxonomy,
    /// O*NET occupations and where each posting sits among them (by its title vector).
    occupations: Option<(&'a occupation::Taxonomy, Vec<Option<usize>>)>,
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
    role: Option<Vec<Option<f32>>>,
    reach: Option<Reach>,
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
    /// `semantic`: the model and the postings' window vectors it made, or
    /// `None` to rank without embeddings.
    pub fn new(postings: &'a [Posting], semantic: Option<(&'a Embedder, &'a PostingVectors)>) -> Matcher<'a> {
        let (bm25, profiles) = analyse(postings);
        Matcher::from_parts(postings, semantic, bm25, profiles)
    }

    /// A matcher from an `analyse` of these postings done earlier (a cached one).
    pub fn from_parts(
        postings: &'a [Posting],
        semantic: Option<(&'a Embedder, &'a PostingVectors)>,
        bm25: Bm25,
        profiles: Vec<PostingProfile>,
    ) -> Matcher<'a> {
        assert_eq!(profiles.len(), postings.len(), "profiles are for other postings");
        Matcher {
            postings,
            model: semantic.map(|s| s.0),
            vectors: semantic.map(|s| s.1),
            bm25,
            skill_weights: SkillWeights::of(&profiles),
            profiles,
            tax: Taxonomy::bundled(),
            occupations: None,
        }
    }

    /// Adds the occupation layer: every posting placed by its title vector.
    pub fn with_occupations(mut self, taxonomy: &'a occupation::Taxonomy) -> Matcher<'a> {
        if let Some(pv) = self.vectors {
            let vectors: Vec<Option<&[f32]>> = (0..pv.len()).map(|i| pv.title(i)).collect();
            let titles: Vec<&str> = self.postings.iter().map(|p| p.title.as_str()).collect();
            let placed = taxonomy.place(&titles, &vectors);
            self.occupations = Some((taxonomy, placed));
        }
        self
    }

    /// The O*NET occupation posting `i` was placed in, if any.
    pub fn posting_occupation(&self, i: usize) -> Option<&occupation::Occupation> {
        let (t, placed) = self.occupations.as_ref()?;
        placed[i].map(|k| &t.occupations[k])
    }

    pub fn profile(&self, i: usize) -> &PostingProfile {
        &self.profiles[i]
    }

    /// `vectors` are the resume's window vectors (flat); empty without a model.
    pub fn query(&self, text: &str, windows: Vec<String>, vectors: Vec<f32>, today: Month) -> Query {
        let pv = self.vectors.filter(|_| !vectors.is_empty());
        let semantic = pv.map(|pv| rank::semantic_scores(&vectors, pv));
        let mean = pv.map(|pv| rank::mean_vector(&vectors, pv.dim));
        let role = pv.zip(mean.as_ref()).map(|(pv, m)| rank::role_scores(m, pv));
        let reach = self
            .occupations
            .as_ref()
            .zip(mean.as_ref())
            .map(|((t, _), m)| t.reach(m));
        Query {
            text: text.to_string(),
            profile: ResumeProfile::of(text, self.tax, today),
            windows,
            vectors,
            keyword: self.bm25.scores(text),
            semantic,
            role,
            reach,
        }
    }

    /// The O*NET occupation the resume is nearest, if the layer is on.
    pub fn resume_occupation(&self, q: &Query) -> Option<&occupation::Occupation> {
        let (t, _) = self.occupations.as_ref()?;
        q.reach.as_ref().map(|r| &t.occupations[r.best])
    }

    pub fn signals(&self, q: &Query, i: usize) -> Signals {
        let f = fit::fit(
            &q.profile,
            &self.profiles[i],
            &self.postings[i].title,
            &self.skill_weights,
        );
        let occupation = match (&self.occupations, &q.reach) {
            (Some((_, placed)), Some(r)) => placed[i].map(|k| r.reach[k]),
            _ => None,
        };
        Signals {
            semantic: q.semantic.as_ref().map(|s| s[i]),
            keyword: rank::keyword_fit(q.keyword[i]),
            skills: f.skills,
            title: f.title,
            role: q.role.as_ref().and_then(|r| r[i]),
            occupation,
            seniority: f.seniority,
        }
    }

    pub fn rank(&self, q: &Query, filters: &Filters, weights: &Weights, top: usize) -> Vec<Match> {
        rank::rank(self.postings, filters, &|i| self.signals(q, i), weights, top)
    }

    /// Why posting `i` matched: the best pair of resume and posting windows
    /// (the posting re-windowed here, as its vectors were made), or without
    /// a model the pair of lines sharing the most skills.
    pub fn explain(&self, q: &Query, i: usize) -> Explanation {
        let passage = match (self.model, self.vectors) {
            (Some(e), Some(pv)) if !q.vectors.is_empty() => {
                let texts = windows::posting_windows(&self.postings[i], &|t: &str| e.count_tokens(t));
                best_pair(q, pv, i, &texts)
            }
            _ => explain::passage_by_skills(&q.text, &self.postings[i], self.tax),
        };
        let mut e = explain::explain(&q.profile, &self.profiles[i], self.tax, passage);
        if let (Some(p), Some(r)) = (self.posting_occupation(i), self.resume_occupation(q)) {
            e.occupation = Some(explain::OccupationNote {
                posting: format!("{} ({})", p.title, p.code),
                resume: format!("{} ({})", r.title, r.code),
                closeness: occupation::closeness(p.code, r.code),
            });
        }
        e
    }
}

fn best_pair(q: &Query, pv: &PostingVectors, i: usize, texts: &[String]) -> Option<Passage> {
    let dim = pv.dim;
    // `windows` leaves out the title window, which a passage never quotes.
    let skip = windows::TITLE_WINDOWS.min(texts.len().saturating_sub(1));
    let mut best: Option<(f32, usize, usize)> = None;
    for (r, rv) in q.vectors.chunks_exact(dim).enumerate() {
        for (p, v) in pv.windows(i).enumerate() {
            let p = p + skip;
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
