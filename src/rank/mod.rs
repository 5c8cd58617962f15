//! Ranking: every signal (BM25 in `bm25`, the embeddings in `semantic`,
//! skills, titles and levels in `fit`, O*NET in `occupation`), their one
//! fusion (`fusion`, [`Weights::fuse`]), filters, the explanation of a match
//! built beside its scores (`explain`), the `matcher` that runs them all for
//! a resume, and the metrics `filtr eval` reports (`eval`).
//!
//! Signals, each in [0, 1]:
//! - semantic: for each resume window, its best cosine against the posting's
//!   section windows; the posting gets the mean of those bests (does the
//!   posting fit the whole resume?) averaged with the single best pair (does
//!   some part fit very well?). Cosines below 0 count as 0.
//! - role: the whole resume (its mean window vector) against the posting's
//!   title alone: does this person do this job?
//! - keyword: BM25 of the resume's words against the posting, as
//!   `bm25 / (bm25 + 40)`: absolute, so a score does not depend on what else
//!   is in the corpus.
//! - skills: the posting's skills the resume has, weighted by rarity, over
//!   all of them plus a prior ([`fit`]).
//! - title: share of the posting title's words in one of the resume's titles.
//! - occupation: closeness in O*NET ([`occupation`]).
//! - seniority: agreement of levels and of years asked and shown.
//!
//! The score is the weighted mean of the known signals (one nobody can
//! compute is left out, not counted as 0), times an optional level discount,
//! through a logistic calibration. The weights are those cross-validated
//! coordinate ascent chose on real resumes and postings (`data/real/`,
//! README "Quality"): semantic, occupation and role carry most; keywords,
//! skills and title each add a little that the embeddings miss (rare exact
//! terms, what the posting asks for, the job's own name); the seniority
//! discount got no weight there. Seniority stays a discount, never a term: a
//! matching level says nothing about whether the job is the right one.

pub mod bm25;
pub mod eval;
pub mod explain;
pub mod filters;
pub mod fit;
pub mod fusion;
pub mod gaps;
pub mod matcher;
pub mod occupation;
pub mod semantic;

pub use bm25::{keyword_fit, tokens, Bm25};
pub use explain::Explanation;
pub use filters::{Exclusions, Filters, Funnel, Stage};
pub use fusion::{rank, Calibration, Contribution, Match, Signals, Weights};
pub use matcher::Matcher;
pub use semantic::{mean_vector, role_score, role_scores, semantic_score, semantic_scores};
