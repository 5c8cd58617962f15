//! Reposts: the same job posted again, or on several boards.
//!
//! Two postings are the same job when company and title match (ignoring case
//! and punctuation) and their text is near-identical: at least 90% of their
//! word pairs (bigrams) are shared. Word pairs rather than words, because
//! postings for the same role at one employer share most of their vocabulary
//! while differing in what they ask for. The newest of a group is kept.

use std::collections::{HashMap, HashSet};

use super::Posting;

/// Share of shared word bigrams (Jaccard) above which two texts are one job.
const SAME_TEXT: f64 = 0.9;

fn key(p: &Posting) -> (String, String) {
    let norm = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    (norm(p.company.as_deref().unwrap_or_default()), norm(&p.title))
}

fn bigrams(p: &Posting) -> HashSet<(String, String)> {
    let text = [p.description.as_str()]
        .into_iter()
        .chain(p.requirements.iter().map(String::as_str))
        .chain(p.responsibilities.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(2).map(|w| (w[0].clone(), w[1].clone())).collect()
}

fn similar(a: &HashSet<(String, String)>, b: &HashSet<(String, String)>) -> bool {
    if a.is_empty() && b.is_empty() {
        return true;
    }
    let shared = a.intersection(b).count() as f64;
    let union = (a.len() + b.len()) as f64 - shared;
    shared / union >= SAME_TEXT
}

/// For each posting, whether it is an older repost of another posting
/// (newest first by `posted`, then by id, so the choice is deterministic).
pub fn reposts(postings: &[Posting]) -> Vec<bool> {
    let mut groups: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (i, p) in postings.iter().enumerate() {
        groups.entry(key(p)).or_default().push(i);
    }
    let mut hidden = vec![false; postings.len()];
    for members in groups.values().filter(|m| m.len() > 1) {
        let mut order = members.clone();
        order.sort_by(|&a, &b| {
            let (pa, pb) = (&postings[a], &postings[b]);
            pb.posted.cmp(&pa.posted).then_with(|| pa.id.cmp(&pb.id))
        });
        let mut kept: Vec<HashSet<(String, String)>> = Vec::new();
        for i in order {
            let grams = bigrams(&postings[i]);
            if kept.iter().any(|k| similar(k, &grams)) {
                hidden[i] = true;
            } else {
                kept.push(grams);
            }
        }
    }
    hidden
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;

    #[test]
    fn newest_repost_is_kept_and_different_jobs_are_not_merged() {
        let text = "Care for patients on a busy medical surgical unit, administer medications, document in Epic";
        let c = Corpus::parse(
            "t",
            &format!(
                r#"[
                {{"id":"old","title":"Registered Nurse","company":"Mercy","description":"{text}","posted":"2025-01-01"}},
                {{"id":"new","title":"Registered  nurse","company":"MERCY","description":"{text}.","posted":"2025-02-01"}},
                {{"id":"other","title":"Registered Nurse","company":"Mercy","description":"Night shift in the ICU caring for ventilated patients with titrated drips"}},
                {{"id":"elsewhere","title":"Registered Nurse","company":"Hope","description":"{text}"}}
            ]"#
            ),
            false,
        )
        .unwrap();
        assert_eq!(reposts(&c.postings), [true, false, false, false]);
    }

    #[test]
    fn bundled_corpus_has_no_reposts() {
        let c = Corpus::bundled().unwrap();
        assert_eq!(reposts(&c.postings).iter().filter(|h| **h).count(), 0);
    }
}
