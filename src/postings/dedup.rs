//! Reposts: the same job posted again, or on several boards.
//!
//! Two postings are the same job when company and title match (ignoring case
//! and punctuation) and their text is near-identical: at least 90% of their
//! word pairs (bigrams) are shared. Word pairs rather than words, because
//! postings for the same role at one employer share most of their vocabulary
//! while differing in what they ask for. The newest of a group is kept.

use std::collections::HashMap;

use rayon::prelude::*;

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

/// The posting's distinct word bigrams as sorted 64-bit hashes: no strings
/// kept, and set operations are merges of sorted lists (a collision would need
/// two bigrams of one company+title group to share a 64-bit hash).
fn bigrams(p: &Posting) -> Vec<u64> {
    let words = std::iter::once(p.description.as_str())
        .chain(p.items())
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            for c in w.chars().flat_map(char::to_lowercase) {
                h.update(&(c as u32).to_le_bytes());
            }
            h.digest()
        });
    let mut prev = None;
    let mut grams: Vec<u64> = words
        .filter_map(|w| {
            let pair = prev.map(|p: u64| p.rotate_left(17) ^ w.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            prev = Some(w);
            pair
        })
        .collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

fn similar(a: &[u64], b: &[u64]) -> bool {
    if a.is_empty() && b.is_empty() {
        return true;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = (a.len() + b.len() - shared) as f64;
    shared as f64 / union >= SAME_TEXT
}

/// For each posting, whether it is an older repost of another posting
/// (newest first by `posted`, then by id, so the choice is deterministic).
pub fn reposts(postings: &[Posting]) -> Vec<bool> {
    let keys: Vec<(String, String)> = postings.par_iter().map(key).collect();
    let mut groups: HashMap<&(String, String), Vec<usize>> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        groups.entry(k).or_default().push(i);
    }
    let groups: Vec<Vec<usize>> = groups.into_values().filter(|m| m.len() > 1).collect();
    let hidden_lists: Vec<Vec<usize>> = groups
        .into_par_iter()
        .map(|mut order| {
            order.sort_by(|&a, &b| {
                let (pa, pb) = (&postings[a], &postings[b]);
                pb.posted.cmp(&pa.posted).then_with(|| pa.id.cmp(&pb.id))
            });
            let mut kept: Vec<Vec<u64>> = Vec::new();
            let mut hidden = Vec::new();
            for i in order {
                let grams = bigrams(&postings[i]);
                if kept.iter().any(|k| similar(k, &grams)) {
                    hidden.push(i);
                } else {
                    kept.push(grams);
                }
            }
            hidden
        })
        .collect();
    let mut hidden = vec![false; postings.len()];
    hidden_lists.into_iter().flatten().for_each(|i| hidden[i] = true);
    hidden
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::postings::Corpus;

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
