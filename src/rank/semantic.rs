//! The embedding signals: a resume's windows against a posting's sections
//! (semantic), and the whole resume against the posting's title (role).

use rayon::prelude::*;

use crate::embed::{dot, PostingVectors};

/// Semantic similarity of a resume (its window vectors, flat) to every posting.
pub fn semantic_scores(resume: &[f32], postings: &PostingVectors) -> Vec<f32> {
    (0..postings.len())
        .into_par_iter()
        .map(|i| semantic_score(resume, postings, i))
        .collect()
}

/// Semantic similarity of a resume (its window vectors, flat) to posting `i`.
pub fn semantic_score(resume: &[f32], postings: &PostingVectors, i: usize) -> f32 {
    let mut best_pair = f32::NEG_INFINITY;
    let mut sum_best = 0.0;
    let mut windows = 0;
    for r in resume.chunks_exact(postings.dim) {
        let best = postings.windows(i).map(|p| dot(r, p)).fold(0.0, f32::max);
        best_pair = best_pair.max(best);
        sum_best += best;
        windows += 1;
    }
    if windows == 0 || !best_pair.is_finite() {
        return 0.0;
    }
    (0.5 * (sum_best / windows as f32) + 0.5 * best_pair).clamp(0.0, 1.0)
}

/// Cosine of the resume's mean window vector with each posting's title
/// vector, below 0 counted as 0; `None` for a posting without a title window.
pub fn role_scores(resume_mean: &[f32], postings: &PostingVectors) -> Vec<Option<f32>> {
    (0..postings.len())
        .into_par_iter()
        .map(|i| role_score(resume_mean, postings, i))
        .collect()
}

/// [`role_scores`] of posting `i` alone.
pub fn role_score(resume_mean: &[f32], postings: &PostingVectors, i: usize) -> Option<f32> {
    postings.title(i).map(|t| dot(resume_mean, t).clamp(0.0, 1.0))
}

/// The normalised mean of a resume's window vectors (flat, `dim` each).
pub fn mean_vector(vectors: &[f32], dim: usize) -> Vec<f32> {
    let mut m = vec![0f32; dim];
    for w in vectors.chunks_exact(dim) {
        m.iter_mut().zip(w).for_each(|(a, b)| *a += b);
    }
    let norm = dot(&m, &m).sqrt();
    if norm > 0.0 {
        m.iter_mut().for_each(|x| *x /= norm);
    }
    m
}
