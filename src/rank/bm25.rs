//! BM25 over posting text, and the keyword signal it gives.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::postings::Posting;

/// The BM25 score that maps to a keyword fit of one half.
pub(super) const KEYWORD_HALF: f32 = 40.0;

const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Lower-case word tokens; keeps `c++` and `c#` whole. Borrowed unless a
/// token has capitals: allocating every word was most of the BM25 build.
pub fn tokens(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '#'))
        .filter(|t| !t.is_empty() && !t.chars().all(|c| c == '+' || c == '#'))
        .map(|t| {
            if t.chars().any(char::is_uppercase) {
                Cow::Owned(t.to_lowercase())
            } else {
                Cow::Borrowed(t)
            }
        })
        .filter(|t| !is_stopword(t))
}

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// A `match` compiles to a switch on length and bytes; a list scan compared
/// every token with 30 strings.
fn is_stopword(t: &str) -> bool {
    matches!(
        t,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "by"
            | "for"
            | "from"
            | "in"
            | "is"
            | "it"
            | "of"
            | "on"
            | "or"
            | "our"
            | "the"
            | "to"
            | "we"
            | "with"
            | "you"
            | "your"
            | "will"
            | "this"
            | "that"
            | "who"
            | "i"
            | "my"
            | "me"
    )
}

/// A BM25 index over the postings' text (title counted twice: it says most).
#[derive(Serialize, Deserialize)]
pub struct Bm25 {
    vocab: FastMap<String, u32>,
    docs: Vec<Vec<(u32, u32)>>,
    lens: Vec<f32>,
    avg_len: f32,
    idf: Vec<f32>,
}

impl Bm25 {
    pub fn build(postings: &[Posting]) -> Bm25 {
        // Term maps are made in parallel one chunk of postings at a time: made
        // all at once they were most of the memory of analysing a large corpus
        // (9 GB of 9.9 at 1.3 million postings).
        Bm25::build_in_chunks(postings, 16_384)
    }

    fn build_in_chunks(postings: &[Posting], chunk: usize) -> Bm25 {
        let mut vocab: FastMap<String, u32> = FastMap::default();
        let mut df: Vec<u32> = Vec::new();
        let mut docs = Vec::with_capacity(postings.len());
        let mut lens = Vec::with_capacity(postings.len());
        for chunk in postings.chunks(chunk.max(1)) {
            let per_doc: Vec<FastMap<Cow<str>, u32>> = chunk.par_iter().map(posting_terms).collect();
            for tf in per_doc {
                let mut doc: Vec<(u32, u32)> = tf
                    .into_iter()
                    .map(|(term, n)| {
                        let next = vocab.len() as u32;
                        let id = match vocab.get(term.as_ref()) {
                            Some(&id) => id,
                            None => {
                                vocab.insert(term.into_owned(), next);
                                next
                            }
                        };
                        if id as usize == df.len() {
                            df.push(0);
                        }
                        df[id as usize] += 1;
                        (id, n)
                    })
                    .collect();
                doc.sort_unstable();
                doc.shrink_to_fit();
                lens.push(doc.iter().map(|&(_, n)| n as f32).sum());
                docs.push(doc);
            }
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

    /// Number of postings indexed.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// BM25 of `query` (its distinct words) against every posting.
    pub fn scores(&self, query: &str) -> Vec<f32> {
        let q = self.query_terms(query);
        (0..self.docs.len())
            .into_par_iter()
            .map(|i| self.score(&q, i))
            .collect()
    }

    /// The distinct words of `query` the index knows, as [`Bm25::score`] takes them.
    pub fn query_terms(&self, query: &str) -> Vec<u32> {
        let mut q: Vec<u32> = tokens(query)
            .filter_map(|t| self.vocab.get(t.as_ref()).copied())
            .collect();
        q.sort_unstable();
        q.dedup();
        q
    }

    /// BM25 of query words `q` ([`Bm25::query_terms`]) against posting `i`.
    pub fn score(&self, q: &[u32], i: usize) -> f32 {
        let norm = self.norm(self.lens[i]);
        self.docs[i]
            .iter()
            .filter(|(t, _)| q.binary_search(t).is_ok())
            .map(|&(t, n)| term_score(self.idf[t as usize], n, norm))
            .sum()
    }

    fn norm(&self, len: f32) -> f32 {
        K1 * (1.0 - B + B * len / self.avg_len)
    }

    /// BM25 of `query` against a posting outside the index, with the index's
    /// statistics: its word rarities and average length. A word no indexed
    /// posting has counts as the rarest.
    pub fn score_outside(&self, query: &str, p: &Posting) -> f32 {
        let q: std::collections::HashSet<Cow<str>> = tokens(query).collect();
        let tf = posting_terms(p);
        let norm = self.norm(tf.values().map(|&n| n as f32).sum());
        let n = self.docs.len() as f32;
        let unseen = ((n + 0.5) / 0.5 + 1.0).ln();
        let mut terms: Vec<(&Cow<str>, &u32)> = tf.iter().filter(|(t, _)| q.contains(*t)).collect();
        terms.sort();
        terms
            .into_iter()
            .map(|(t, &n)| {
                let idf = self.vocab.get(t.as_ref()).map_or(unseen, |&id| self.idf[id as usize]);
                term_score(idf, n, norm)
            })
            .sum()
    }
}

fn term_score(idf: f32, n: u32, norm: f32) -> f32 {
    let n = n as f32;
    idf * n * (K1 + 1.0) / (n + norm)
}

/// A posting's words and how often each occurs (the title counted twice: it says most).
fn posting_terms(p: &Posting) -> FastMap<Cow<'_, str>, u32> {
    let mut tf = FastMap::default();
    let fields = [p.title.as_str(), p.title.as_str(), p.company.as_deref().unwrap_or("")]
        .into_iter()
        .chain(p.items())
        .chain([p.description.as_str()]);
    for t in fields.flat_map(tokens) {
        *tf.entry(t).or_insert(0) += 1;
    }
    tf
}

/// BM25 as a fit in [0, 1) that does not depend on the rest of the corpus:
/// `s / (s + KEYWORD_HALF)`, so a posting sharing as much rare vocabulary as
/// a typical good match scores about one half.
pub fn keyword_fit(bm25: f32) -> f32 {
    let s = bm25.max(0.0);
    s / (s + KEYWORD_HALF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn building_in_chunks_gives_the_same_index() {
        let corpus = crate::postings::Corpus::bundled().unwrap();
        let whole = Bm25::build_in_chunks(&corpus.postings, usize::MAX);
        let chunked = Bm25::build_in_chunks(&corpus.postings, 7);
        assert_eq!(whole.len(), corpus.postings.len());
        assert_eq!(whole.vocab, chunked.vocab);
        assert_eq!(whole.docs, chunked.docs);
        for q in [
            "registered nurse telemetry",
            "rust kubernetes",
            "line cook knife skills",
        ] {
            assert_eq!(whole.scores(q), chunked.scores(q), "{q}");
        }
    }
}
