//! One corpus, many resumes: every signal of every posting for a resume, the
//! ranking, and the explanation of a match. `filtr match`, `filtr explain`
//! and `filtr eval` all rank through here, so they cannot disagree.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

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
    /// Posting windows cut for explanations, so many resumes against one
    /// posting (`rank`) cut it once.
    windows_memo: Mutex<HashMap<usize, Arc<Vec<String>>>>,
}

/// A resume prepared for ranking: its profile and what scores it against postings.
pub struct Query {
    pub text: String,
    pub profile: ResumeProfile,
    /// The resume's windows and their vectors (flat), when a model is used.
    pub windows: Vec<String>,
    pub vectors: Vec<f32>,
    /// Its words as the corpus's BM25 index knows them.
    terms: Vec<u32>,
    /// Its mean window vector, when a model is used.
    mean: Option<Vec<f32>>,
    reach: Option<Reach>,
    /// Scores against every posting at once ([`Matcher::query`]); without
    /// them each posting is scored when asked ([`Matcher::query_one`]).
    all: Option<AllScores>,
}

struct AllScores {
    keyword: Vec<f32>,
    semantic: Option<Vec<f32>>,
    role: Option<Vec<Option<f32>>>,
}

/// A posting from outside the corpus, prepared to be scored with the
/// corpus's statistics (BM25 word rarity, skill rarity, occupations).
pub struct Probe {
    pub posting: Posting,
    pub profile: PostingProfile,
    /// Its windows' vectors (one posting), when a model is used.
    vectors: Option<PostingVectors>,
    /// Its windows' texts, as the vectors were made.
    windows: Arc<Vec<String>>,
    /// The O*NET occupation it was placed in.
    placed: Option<usize>,
}

/// Which posting a score is for: one of the corpus, or a probe.
#[derive(Clone, Copy)]
enum Target<'t> {
    Corpus(usize),
    Probe(&'t Probe),
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
            windows_memo: Mutex::default(),
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

    /// A matcher that scores probes by meaning without the corpus's own
    /// vectors (which a corpus never indexed would have to embed whole):
    /// `model` embeds each probe and `occupations` places it.
    pub fn with_probe_model(mut self, model: &'a Embedder, occupations: &'a occupation::Taxonomy) -> Matcher<'a> {
        self.model = Some(model);
        self.occupations = Some((occupations, vec![None; self.postings.len()]));
        self
    }

    pub fn profile(&self, i: usize) -> &PostingProfile {
        &self.profiles[i]
    }

    /// `vectors` are the resume's window vectors (flat); empty without a
    /// model. Scores every posting at once, for a ranking of the corpus.
    pub fn query(&self, text: &str, windows: Vec<String>, vectors: Vec<f32>, today: Month) -> Query {
        let mut q = self.query_one(text, windows, vectors, today);
        if let (Some((t, _)), Some(r)) = (&self.occupations, q.reach.as_mut()) {
            let all = (0..t.occupations.len()).map(|k| t.reach_at(r, k)).collect();
            r.reach = all;
        }
        let pv = self.vectors.filter(|_| !q.vectors.is_empty());
        q.all = Some(AllScores {
            keyword: self.bm25.scores(text),
            semantic: pv.map(|pv| rank::semantic_scores(&q.vectors, pv)),
            role: pv.zip(q.mean.as_ref()).map(|(pv, m)| rank::role_scores(m, pv)),
        });
        q
    }

    /// [`Matcher::query`] for scoring a few postings: each is scored when
    /// asked, by the same functions, so its signals are the same.
    pub fn query_one(&self, text: &str, windows: Vec<String>, vectors: Vec<f32>, today: Month) -> Query {
        let mean = self
            .model
            .filter(|_| !vectors.is_empty())
            .map(|e| rank::mean_vector(&vectors, e.dim()));
        let reach = self.occupations.as_ref().zip(mean.as_ref()).map(|((t, _), m)| t.mix(m));
        Query {
            text: text.to_string(),
            profile: ResumeProfile::of(text, self.tax, today),
            terms: self.bm25.query_terms(text),
            windows,
            vectors,
            mean,
            reach,
            all: None,
        }
    }

    /// The O*NET occupation the resume is nearest, if the layer is on.
    pub fn resume_occupation(&self, q: &Query) -> Option<&occupation::Occupation> {
        let (t, _) = self.occupations.as_ref()?;
        q.reach.as_ref().map(|r| &t.occupations[r.best])
    }

    pub fn signals(&self, q: &Query, i: usize) -> Signals {
        self.signals_as(q, &q.profile, Target::Corpus(i))
    }

    /// The signals posting `i` would give if the resume had `profile` (the
    /// same text, other skills: what learning a skill would change).
    pub fn signals_with(&self, q: &Query, profile: &ResumeProfile, i: usize) -> Signals {
        self.signals_as(q, profile, Target::Corpus(i))
    }

    fn signals_as(&self, q: &Query, profile: &ResumeProfile, t: Target) -> Signals {
        let with_vectors = self.target_vectors(t).filter(|_| !q.vectors.is_empty());
        let (keyword, semantic, role) = match (t, &q.all) {
            (Target::Corpus(i), Some(all)) => (
                all.keyword[i],
                all.semantic.as_ref().map(|s| s[i]),
                all.role.as_ref().and_then(|r| r[i]),
            ),
            (Target::Corpus(i), None) => (
                self.bm25.score(&q.terms, i),
                with_vectors.map(|(pv, i)| rank::semantic_score(&q.vectors, pv, i)),
                with_vectors
                    .zip(q.mean.as_ref())
                    .and_then(|((pv, i), m)| rank::role_score(m, pv, i)),
            ),
            (Target::Probe(p), _) => (
                self.bm25.score_outside(&q.text, &p.posting),
                with_vectors.map(|(pv, i)| rank::semantic_score(&q.vectors, pv, i)),
                with_vectors
                    .zip(q.mean.as_ref())
                    .and_then(|((pv, i), m)| rank::role_score(m, pv, i)),
            ),
        };
        let (posting, posting_profile, placed) = self.target(t);
        let f = fit::fit(profile, posting_profile, &posting.title, &self.skill_weights);
        let occupation = match (placed, &q.reach, &self.occupations) {
            (Some(k), Some(r), Some((t, _))) => Some(t.reach_at(r, k)),
            _ => None,
        };
        Signals {
            semantic,
            keyword: rank::keyword_fit(keyword),
            skills: f.skills,
            title: f.title,
            role,
            occupation,
            seniority: f.seniority,
        }
    }

    /// The target's window vectors and its index among them.
    fn target_vectors<'t>(&'t self, t: Target<'t>) -> Option<(&'t PostingVectors, usize)> {
        match t {
            Target::Corpus(i) => self.vectors.map(|pv| (pv, i)),
            Target::Probe(p) => p.vectors.as_ref().map(|pv| (pv, 0)),
        }
    }

    /// The posting, its profile and its occupation.
    fn target<'t>(&'t self, t: Target<'t>) -> (&'t Posting, &'t PostingProfile, Option<usize>) {
        match t {
            Target::Corpus(i) => (
                &self.postings[i],
                &self.profiles[i],
                self.occupations.as_ref().and_then(|(_, placed)| placed[i]),
            ),
            Target::Probe(p) => (&p.posting, &p.profile, p.placed),
        }
    }

    pub fn rank(&self, q: &Query, filters: &Filters, weights: &Weights, top: usize) -> Vec<Match> {
        rank::rank(self.postings, filters, &|i| self.signals(q, i), weights, top)
    }

    /// Prepares a posting from outside the corpus (a file, a job description)
    /// to be scored against resumes with this corpus's statistics: its skill
    /// profile, its windows embedded with the matcher's model, its occupation.
    pub fn probe(&self, posting: Posting) -> Result<Probe, crate::embed::EmbedError> {
        let profile = PostingProfile::of(&posting, self.tax);
        let (vectors, windows) = match self.model {
            Some(e) => {
                let texts = windows::posting_windows(&posting, &|t: &str| e.count_tokens(t));
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                let flat = e.embed(&refs, |_| {})?;
                (
                    Some(PostingVectors::contiguous(e.dim(), flat, &[0, texts.len()])),
                    Arc::new(texts),
                )
            }
            None => (None, Arc::default()),
        };
        let placed = match (&self.occupations, &vectors) {
            (Some((t, _)), Some(pv)) => t.place(&[posting.title.as_str()], &[pv.title(0)])[0],
            _ => None,
        };
        Ok(Probe {
            posting,
            profile,
            vectors,
            windows,
            placed,
        })
    }

    pub fn probe_signals(&self, q: &Query, p: &Probe) -> Signals {
        self.signals_as(q, &q.profile, Target::Probe(p))
    }

    /// Why posting `i` matched: the best pair of resume and posting windows
    /// (the posting re-windowed here, as its vectors were made), or without
    /// a model the pair of lines sharing the most skills.
    pub fn explain(&self, q: &Query, i: usize) -> Explanation {
        self.explain_target(q, Target::Corpus(i))
    }

    pub fn probe_explain(&self, q: &Query, p: &Probe) -> Explanation {
        self.explain_target(q, Target::Probe(p))
    }

    fn explain_target(&self, q: &Query, t: Target) -> Explanation {
        let (posting, profile, placed) = self.target(t);
        let passage = match (self.model, self.target_vectors(t)) {
            (Some(e), Some((pv, i))) if !q.vectors.is_empty() => {
                let texts = match t {
                    Target::Probe(p) => Arc::clone(&p.windows),
                    Target::Corpus(i) => {
                        let cached = self.windows_memo.lock().expect("not poisoned").get(&i).cloned();
                        cached.unwrap_or_else(|| {
                            let w = Arc::new(windows::posting_windows(posting, &|t: &str| e.count_tokens(t)));
                            self.windows_memo
                                .lock()
                                .expect("not poisoned")
                                .insert(i, Arc::clone(&w));
                            w
                        })
                    }
                };
                best_pair(q, pv, i, &texts)
            }
            _ => explain::passage_by_skills(&q.text, posting, self.tax),
        };
        let mut e = explain::explain(&q.profile, profile, self.tax, passage);
        let posting_occupation = self
            .occupations
            .as_ref()
            .zip(placed)
            .map(|((t, _), k)| &t.occupations[k]);
        if let (Some(p), Some(r)) = (posting_occupation, self.resume_occupation(q)) {
            e.occupation = Some(explain::OccupationNote {
                posting: format!("{} ({})", p.title, p.code),
                resume: format!("{} ({})", r.title, r.code),
                closeness: occupation::closeness(p.code, r.code),
            });
        }
        e
    }

    /// The skill taxonomy profiles are read with.
    pub fn taxonomy(&self) -> &'static Taxonomy {
        self.tax
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
