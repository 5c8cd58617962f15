//! Ranking quality on a labelled set: precision@10 and nDCG@10 of the fused
//! score against its two baselines (BM25 alone, embeddings alone), computed by
//! the same ranking code. A posting is relevant to a resume when their
//! occupations are the same.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

pub const K: usize = 10;

#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub file: PathBuf,
    pub occupation: String,
    #[serde(default)]
    pub seniority: Option<String>,
}

#[derive(Deserialize)]
struct Labels {
    resumes: Vec<Case>,
}

/// The cases of `dir/labels.json`, with their paths resolved against `dir`.
pub fn load_set(dir: &Path) -> Result<Vec<Case>> {
    let path = dir.join("labels.json");
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let labels: Labels =
        serde_json::from_str(&text).with_context(|| format!("{}: not a labels file", path.display()))?;
    if labels.resumes.is_empty() {
        bail!("{}: no resumes", path.display());
    }
    Ok(labels
        .resumes
        .into_iter()
        .map(|c| Case {
            file: dir.join(&c.file),
            ..c
        })
        .collect())
}

/// What a posting is, for judging relevance.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub occupation: String,
    pub level: Option<u8>,
}

/// Levels on one scale: intern 0, junior 1, mid 2, senior 3, staff/manager 4, principal/director 5.
pub fn level(name: &str) -> Option<u8> {
    Some(match name {
        "intern" => 0,
        "junior" | "entry" => 1,
        "mid" => 2,
        "senior" => 3,
        "staff" | "manager" | "lead" => 4,
        "principal" | "director" => 5,
        _ => return None,
    })
}

impl Case {
    /// Same occupation.
    pub fn relevant(&self, l: Option<&Label>) -> bool {
        l.is_some_and(|l| l.occupation == self.occupation)
    }

    /// Same occupation, and a level at most one step from the resume's.
    pub fn relevant_at_level(&self, l: Option<&Label>) -> bool {
        let mine = self.seniority.as_deref().and_then(level);
        self.relevant(l) && matches!((mine, l.and_then(|l| l.level)), (Some(a), Some(b)) if a.abs_diff(b) <= 1)
    }
}

/// Posting id → label, from the `occupation` and `seniority` fields of a JSON array corpus.
pub fn occupations(corpus_json: &str) -> Result<HashMap<String, Label>> {
    let values: Vec<serde_json::Value> = serde_json::from_str(corpus_json).context("the corpus is not a JSON array")?;
    let map: HashMap<String, Label> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let id = v
                .get("id")
                .and_then(|s| s.as_str())
                .map_or(i.to_string(), str::to_string);
            let occupation = v.get("occupation")?.as_str()?.to_string();
            let level = v.get("seniority").and_then(|s| s.as_str()).and_then(level);
            Some((id, Label { occupation, level }))
        })
        .collect();
    if map.is_empty() {
        bail!("no posting carries an `occupation` field to judge relevance by");
    }
    Ok(map)
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Metrics {
    pub precision: f64,
    pub ndcg: f64,
}

/// Precision@K and nDCG@K (binary relevance) of one ranking.
/// `relevant_total` is how many relevant postings exist, for the ideal DCG.
pub fn metrics(relevance: &[bool], relevant_total: usize) -> Metrics {
    let top = &relevance[..relevance.len().min(K)];
    let hits = top.iter().filter(|r| **r).count();
    let gain = |i: usize| 1.0 / ((i + 2) as f64).log2();
    let dcg: f64 = top.iter().enumerate().filter(|(_, r)| **r).map(|(i, _)| gain(i)).sum();
    let ideal: f64 = (0..relevant_total.min(K)).map(gain).sum();
    Metrics {
        precision: hits as f64 / K as f64,
        ndcg: if ideal > 0.0 { dcg / ideal } else { 0.0 },
    }
}

/// The mean of several rankings' metrics.
pub fn mean(all: &[Metrics]) -> Metrics {
    let n = all.len().max(1) as f64;
    Metrics {
        precision: all.iter().map(|m| m.precision).sum::<f64>() / n,
        ndcg: all.iter().map(|m| m.ndcg).sum::<f64>() / n,
    }
}

/// The value below which `q` (0..=1) of the sorted values fall.
pub fn percentile(sorted: &[f32], q: f64) -> f32 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_and_ndcg() {
        let perfect = metrics(&[true; 10], 30);
        assert_eq!(
            perfect,
            Metrics {
                precision: 1.0,
                ndcg: 1.0
            }
        );
        let none = metrics(&[false; 10], 30);
        assert_eq!(none, Metrics::default());
        let mut first_only = [false; 10];
        first_only[0] = true;
        let m = metrics(&first_only, 30);
        assert_eq!(m.precision, 0.1);
        // One hit at rank 1 out of an ideal of ten hits.
        let ideal: f64 = (0..10).map(|i| 1.0 / ((i + 2) as f64).log2()).sum();
        assert!((m.ndcg - 1.0 / ideal).abs() < 1e-12);
        let mut last_only = [false; 10];
        last_only[9] = true;
        assert!(metrics(&last_only, 30).ndcg < m.ndcg);
        // Only two relevant postings exist: finding both first is perfect.
        assert_eq!(metrics(&[true, true, false, false], 2).ndcg, 1.0);
    }

    #[test]
    fn the_bundled_corpus_has_occupations_and_the_set_loads() {
        let occ = occupations(crate::corpus::BUNDLED_JSON).unwrap();
        assert_eq!(occ["pinterest-ml-ts"].occupation, "machine_learning");
        assert_eq!(occ["pinterest-ml-ts"].level, Some(5));
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/eval");
        let set = load_set(&dir).unwrap();
        assert!(set.len() >= 60);
        let kinds: std::collections::HashSet<&str> = set.iter().map(|c| c.occupation.as_str()).collect();
        assert!(kinds.len() >= 15);
        assert!(set
            .iter()
            .all(|c| c.file.exists() && occ.values().any(|o| o.occupation == c.occupation)));
    }
}
