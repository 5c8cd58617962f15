//! Ranking quality on a labelled set: precision@10 and nDCG@10 of the fused
//! score against its two baselines (BM25 alone, embeddings alone), computed by
//! the same ranking code. A posting is relevant to a resume when their
//! occupations are the same, or, when the set has a `relevant` map (resume
//! occupation → posting categories), when the posting's category is listed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::rank::Weights;

pub const K: usize = 10;

#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub file: PathBuf,
    pub occupation: String,
    #[serde(default)]
    pub seniority: Option<String>,
    /// Posting labels that count as relevant: the set's `relevant` entry for
    /// this occupation, else the occupation itself.
    #[serde(skip)]
    pub relevant_labels: Vec<String>,
}

/// Why a labelled set or its corpus cannot be evaluated.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {0}")]
    Io(PathBuf, #[source] std::io::Error),
    #[error("{0}: not a labels file")]
    NotLabels(PathBuf, #[source] serde_json::Error),
    #[error("{0}: no resumes")]
    NoResumes(PathBuf),
    #[error("{0}: `relevant` has no entry for {1:?}")]
    NoRelevantEntry(PathBuf, String),
    #[error("the corpus is not a JSON array")]
    NotArray(#[source] serde_json::Error),
    #[error("no posting carries an `occupation` or `category` field to judge relevance by")]
    NoLabels,
}

#[derive(Deserialize)]
struct Labels {
    resumes: Vec<Case>,
    #[serde(default)]
    relevant: Option<HashMap<String, Vec<String>>>,
}

/// The cases of `dir/labels.json`, with their paths resolved against `dir`.
pub fn load_set(dir: &Path) -> Result<Vec<Case>, EvalError> {
    let path = dir.join("labels.json");
    let text = std::fs::read_to_string(&path).map_err(|e| EvalError::Io(path.clone(), e))?;
    let labels: Labels = serde_json::from_str(&text).map_err(|e| EvalError::NotLabels(path.clone(), e))?;
    if labels.resumes.is_empty() {
        return Err(EvalError::NoResumes(path));
    }
    labels
        .resumes
        .into_iter()
        .map(|c| {
            let relevant_labels = match &labels.relevant {
                None => vec![c.occupation.clone()],
                Some(map) => map
                    .get(&c.occupation)
                    .ok_or_else(|| EvalError::NoRelevantEntry(path.clone(), c.occupation.clone()))?
                    .clone(),
            };
            Ok(Case {
                file: dir.join(&c.file),
                relevant_labels,
                ..c
            })
        })
        .collect()
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
    /// Same occupation, or a category the set maps this occupation to.
    pub fn relevant(&self, l: Option<&Label>) -> bool {
        l.is_some_and(|l| self.relevant_labels.contains(&l.occupation))
    }
}

/// Posting id → label, from the `occupation` (or `category`) and `seniority`
/// fields of a JSON array corpus.
pub fn occupations(corpus_json: &str) -> Result<HashMap<String, Label>, EvalError> {
    let values: Vec<serde_json::Value> = serde_json::from_str(corpus_json).map_err(EvalError::NotArray)?;
    let map: HashMap<String, Label> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let id = v
                .get("id")
                .and_then(|s| s.as_str())
                .map_or(i.to_string(), str::to_string);
            let occupation = v.get("occupation").or_else(|| v.get("category"))?.as_str()?.to_string();
            let level = v.get("seniority").and_then(|s| s.as_str()).and_then(level);
            Some((id, Label { occupation, level }))
        })
        .collect();
    if map.is_empty() {
        return Err(EvalError::NoLabels);
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
    // A fold, not `sum`: the sum of no floats is -0.0, which prints as "-0.00".
    let dcg = top
        .iter()
        .enumerate()
        .filter(|(_, r)| **r)
        .fold(0.0, |dcg, (i, _)| dcg + gain(i));
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
        let none = metrics(&[false; 10], 3);
        assert!(none.ndcg == 0.0 && none.ndcg.is_sign_positive(), "{:?}", none.ndcg);
    }

    #[test]
    fn the_bundled_corpus_has_occupations_and_the_set_loads() {
        let occ = occupations(crate::postings::BUNDLED_JSON).unwrap();
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

/// Every resume's signals against every posting, with relevance: what the
/// eval tables, the cross-validation and the calibration are computed from.
pub struct Judged {
    /// Per resume: its occupation, then per posting its signals and relevance.
    pub resumes: Vec<(String, Vec<crate::rank::Signals>, Vec<bool>)>,
    /// Posting ids, for ties.
    pub ids: Vec<String>,
}

impl Judged {
    /// The top `K` postings of resume `r` under `w`, best first, ties by posting id.
    pub fn top(&self, r: usize, w: &crate::rank::Weights) -> Vec<usize> {
        let signals = &self.resumes[r].1;
        let mut scored: Vec<(f32, usize)> = signals.iter().map(|s| w.fuse(s)).zip(0..).collect();
        let order =
            |a: &(f32, usize), b: &(f32, usize)| b.0.total_cmp(&a.0).then_with(|| self.ids[a.1].cmp(&self.ids[b.1]));
        if scored.len() > K {
            scored.select_nth_unstable_by(K, order);
            scored.truncate(K);
        }
        scored.sort_by(order);
        scored.into_iter().map(|(_, i)| i).collect()
    }

    /// Metrics of each of `resumes` under `w`.
    pub fn metrics(&self, resumes: &[usize], w: &crate::rank::Weights) -> Vec<Metrics> {
        use rayon::prelude::*;
        resumes
            .par_iter()
            .map(|&r| {
                let rel = &self.resumes[r].2;
                let hits: Vec<bool> = self.top(r, w).into_iter().map(|i| rel[i]).collect();
                metrics(&hits, rel.iter().filter(|x| **x).count())
            })
            .collect()
    }

    /// The mean over occupations of the mean over their resumes: every
    /// occupation counts the same, however many resumes it has.
    pub fn macro_mean(&self, resumes: &[usize], m: &[Metrics]) -> Metrics {
        let mut by: std::collections::BTreeMap<&str, Vec<Metrics>> = Default::default();
        for (&r, m) in resumes.iter().zip(m) {
            by.entry(self.resumes[r].0.as_str()).or_default().push(*m);
        }
        let per: Vec<Metrics> = by.values().map(|v| mean(v)).collect();
        mean(&per)
    }

    pub fn score(&self, resumes: &[usize], w: &crate::rank::Weights) -> Metrics {
        self.macro_mean(resumes, &self.metrics(resumes, w))
    }
}

/// Cross-validated fusion: for each fold, weights tuned on the others and
/// measured on it. Returns the per-fold (weights, train, test) and the
/// held-out metrics of every resume, in resume order.
pub fn cross_validate(
    judged: &Judged,
    folds: &[Vec<usize>],
    without: &[&str],
) -> (Vec<(crate::rank::Weights, Metrics, Metrics)>, Vec<Metrics>) {
    let n = judged.resumes.len();
    let mut held_out = vec![Metrics::default(); n];
    let mut per_fold = Vec::with_capacity(folds.len());
    for test in folds {
        let train: Vec<usize> = (0..n).filter(|r| !test.contains(r)).collect();
        let (w, tr) = tune(judged, &train, without);
        let te = judged.metrics(test, &w);
        for (&r, m) in test.iter().zip(&te) {
            held_out[r] = *m;
        }
        per_fold.push((w, tr, judged.macro_mean(test, &te)));
    }
    (per_fold, held_out)
}

/// `k` folds of resumes, stratified by occupation: each occupation's resumes
/// (in file order) dealt round-robin from a per-occupation starting fold.
pub fn folds(cases: &[Case], k: usize) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); k.max(2)];
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut order: Vec<usize> = (0..cases.len()).collect();
    order.sort_by(|&a, &b| cases[a].file.cmp(&cases[b].file));
    for i in order {
        let n = seen.entry(cases[i].occupation.as_str()).or_insert(0);
        let start = xxhash_rust::xxh3::xxh3_64(cases[i].occupation.as_bytes()) as usize;
        let fold = (start + *n) % out.len();
        out[fold].push(i);
        *n += 1;
    }
    out
}

/// The signals fusion weighs, in [`tune`]'s order.
pub const SIGNALS: [&str; 7] = [
    "semantic",
    "keyword",
    "skills",
    "title",
    "role",
    "occupation",
    "seniority",
];

/// Fusion weights that maximise macro precision@10 on `train`: coordinate
/// ascent from "embeddings alone" over a grid of 0, 0.1, …, 1 per weight (the
/// seniority discount 0 to 0.5), rounds until nothing improves (at most 4).
/// Signals named in `without` keep weight 0 (for ablations).
pub fn tune(judged: &Judged, train: &[usize], without: &[&str]) -> (crate::rank::Weights, Metrics) {
    use crate::rank::Weights;
    let mut w = if without.contains(&"semantic") {
        Weights::KEYWORD_ONLY
    } else {
        Weights::SEMANTIC_ONLY
    };
    let mut best = judged.score(train, &w);
    let better = |a: Metrics, b: Metrics| {
        a.precision > b.precision + 1e-9 || (a.precision >= b.precision - 1e-9 && a.ndcg > b.ndcg + 1e-9)
    };
    for _ in 0..4 {
        let mut improved = false;
        for name in SIGNALS {
            if without.contains(&name) {
                continue;
            }
            for step in 0..=10 {
                let v = step as f32 / 10.0;
                let mut c = w;
                *c.weight_mut(name).expect("a signal") = if name == "seniority" { v / 2.0 } else { v };
                if c.semantic + c.keyword + c.skills + c.title + c.role + c.occupation == 0.0 {
                    continue;
                }
                let m = judged.score(train, &c);
                if better(m, best) {
                    (w, best, improved) = (c, m, true);
                }
            }
        }
        if !improved {
            break;
        }
    }
    (w, best)
}

/// One ranking's quality: per resume, and the mean over occupations.
pub struct Method {
    pub name: String,
    pub per_resume: Vec<Metrics>,
    pub overall: Metrics,
}

/// Everything `filtr eval` reports, computed from the judged signals.
pub struct Evaluation {
    pub resumes: usize,
    pub postings: usize,
    /// Each occupation (sorted) and its resumes.
    pub occupations: Vec<(String, Vec<usize>)>,
    /// The shipped fusion, each signal alone, then the user's `--weights`.
    pub methods: Vec<Method>,
    pub cross_validation: Option<CrossValidation>,
    /// Shipped score in bands of 20 (0–20 … 80–100): postings, relevant ones.
    pub bands: [(usize, usize); 5],
}

pub struct CrossValidation {
    /// Per fold: weights tuned on the other folds, train and test metrics.
    pub folds: Vec<(Weights, Metrics, Metrics)>,
    /// Every resume measured by the weights of the folds it was held out of.
    pub held_out: Method,
    /// The user's `--weights` on the same folds: mean train and test P@10.
    pub given: Option<(f64, f64)>,
    /// Held-out metrics with one signal left out (with `ablate`).
    pub ablation: Vec<(&'static str, Metrics)>,
    /// Weights tuned on the whole set, and their score on it.
    pub whole_set: (Weights, Metrics),
    /// The logistic calibration of those weights: (slope, offset).
    pub calibration: (f32, f32),
}

/// The whole evaluation of `judged` (resumes in `cases` order): every
/// method, and with `folds > 1` the cross-validation.
pub fn evaluate(judged: &Judged, cases: &[Case], folds: usize, given: Option<Weights>, ablate: bool) -> Evaluation {
    let all: Vec<usize> = (0..cases.len()).collect();
    let mut occupations: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (r, c) in cases.iter().enumerate() {
        occupations.entry(c.occupation.as_str()).or_default().push(r);
    }
    let method = |name: String, per_resume: Vec<Metrics>| Method {
        overall: judged.macro_mean(&all, &per_resume),
        name,
        per_resume,
    };
    let mut weights: Vec<(String, Weights)> = vec![("fused (filtr)".into(), Weights::FUSED)];
    weights.extend(
        SIGNALS
            .iter()
            .map(|n| (format!("{n} alone"), Weights::only(n).expect("a signal"))),
    );
    weights.extend(given.map(|w| ("--weights".to_string(), w)));
    let methods = weights
        .into_iter()
        .map(|(name, w)| method(name, judged.metrics(&all, &w)))
        .collect();
    let cross_validation = (folds > 1).then(|| {
        let folds = self::folds(cases, folds);
        let (per_fold, held_out) = cross_validate(judged, &folds, &[]);
        let given = given.map(|g| {
            let scores: Vec<(Metrics, Metrics)> = folds
                .iter()
                .map(|test| {
                    let train: Vec<usize> = all.iter().copied().filter(|r| !test.contains(r)).collect();
                    (judged.score(&train, &g), judged.score(test, &g))
                })
                .collect();
            let n = scores.len() as f64;
            (
                scores.iter().map(|g| g.0.precision).sum::<f64>() / n,
                scores.iter().map(|g| g.1.precision).sum::<f64>() / n,
            )
        });
        let ablation = if ablate {
            SIGNALS
                .iter()
                .map(|name| {
                    let (_, m) = cross_validate(judged, &folds, &[name]);
                    (*name, judged.macro_mean(&all, &m))
                })
                .collect()
        } else {
            Vec::new()
        };
        let (w, m) = tune(judged, &all, &[]);
        let raw = Weights {
            calibration: crate::rank::Calibration::NONE,
            ..w
        };
        let points: Vec<(f32, bool)> = judged
            .resumes
            .iter()
            .flat_map(|(_, s, rel)| s.iter().zip(rel).map(|(s, r)| (raw.fuse(s), *r)))
            .collect();
        CrossValidation {
            folds: per_fold,
            held_out: method("fused, held-out".into(), held_out),
            given,
            ablation,
            whole_set: (w, m),
            calibration: calibrate(&points),
        }
    });
    let mut bands = [(0usize, 0usize); 5];
    for (_, s, rel) in &judged.resumes {
        for (s, r) in s.iter().zip(rel) {
            let b = ((Weights::FUSED.fuse(s) * 5.0) as usize).min(4);
            bands[b].0 += 1;
            bands[b].1 += *r as usize;
        }
    }
    Evaluation {
        resumes: cases.len(),
        postings: judged.ids.len(),
        occupations: occupations.into_iter().map(|(o, r)| (o.to_string(), r)).collect(),
        methods,
        cross_validation,
        bands,
    }
}

/// A logistic fit of relevance on the (uncalibrated) fused value, by Newton's
/// method: `(slope, offset)` so that `1/(1+e^-(slope·x+offset))` is the share
/// of postings with fused value `x` that were relevant.
pub fn calibrate(points: &[(f32, bool)]) -> (f32, f32) {
    let (mut a, mut b) = (0.0f64, 0.0f64);
    for _ in 0..50 {
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for &(x, y) in points {
            let x = x as f64;
            let p = 1.0 / (1.0 + (-(a * x + b)).exp());
            let e = p - if y { 1.0 } else { 0.0 };
            let w = (p * (1.0 - p)).max(1e-12);
            ga += e * x;
            gb += e;
            haa += w * x * x;
            hab += w * x;
            hbb += w;
        }
        let det = haa * hbb - hab * hab;
        if det.abs() < 1e-12 {
            break;
        }
        let (da, db) = ((hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det);
        a -= da;
        b -= db;
        if da.abs() + db.abs() < 1e-9 {
            break;
        }
    }
    (a as f32, b as f32)
}

#[cfg(test)]
mod judged_tests {
    use super::*;
    use crate::rank::{Signals, Weights};

    #[test]
    fn calibration_recovers_a_known_curve() {
        // Relevance drawn at exactly the logistic rate 1/(1+e^-(8x-4)) on a grid.
        let mut pts = Vec::new();
        for i in 0..=100 {
            let x = i as f32 / 100.0;
            let p = 1.0 / (1.0 + (-(8.0 * x - 4.0)).exp());
            let n = 200;
            let pos = (p * n as f32).round() as usize;
            pts.extend((0..n).map(|j| (x, j < pos)));
        }
        let (a, b) = calibrate(&pts);
        assert!((a - 8.0).abs() < 0.2 && (b + 4.0).abs() < 0.1, "{a} {b}");
    }

    #[test]
    fn tuning_finds_the_signal_that_knows() {
        // Keyword marks the relevant postings, semantic is noise: tuning must weigh keyword.
        let mut resumes = Vec::new();
        for r in 0..6 {
            let rel: Vec<bool> = (0..40).map(|i| (i + r) % 4 == 0).collect();
            let sig = (0..40)
                .map(|i| Signals {
                    semantic: Some(((i * 7 + r * 3) % 11) as f32 / 11.0),
                    keyword: if rel[i] { 0.9 } else { 0.1 },
                    ..Default::default()
                })
                .collect();
            resumes.push((format!("occ{}", r % 2), sig, rel));
        }
        let judged = Judged {
            resumes,
            ids: (0..40).map(|i| format!("{i:03}")).collect(),
        };
        let all: Vec<usize> = (0..6).collect();
        let before = judged.score(&all, &Weights::SEMANTIC_ONLY);
        let (w, m) = tune(&judged, &all, &[]);
        assert!(m.precision == 1.0 && before.precision < 1.0, "{before:?} {m:?}");
        assert!(w.keyword > 0.0, "{w:?}");
    }

    #[test]
    fn folds_are_stratified_and_cover_every_case() {
        let cases: Vec<Case> = (0..30)
            .map(|i| Case {
                file: PathBuf::from(format!("r{i:02}.txt")),
                occupation: format!("o{}", i % 3),
                seniority: None,
                relevant_labels: vec![],
            })
            .collect();
        let f = folds(&cases, 5);
        assert_eq!(f.iter().map(Vec::len).sum::<usize>(), 30);
        for fold in &f {
            let occs: std::collections::HashSet<_> = fold.iter().map(|&i| &cases[i].occupation).collect();
            assert_eq!(occs.len(), 3, "every fold holds every occupation");
        }
    }
}
