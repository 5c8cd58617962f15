//! The occupation layer: resumes and postings placed in O*NET's taxonomy of
//! 1,016 occupations (O*NET 29.3, USDOL/ETA, CC BY 4.0; `data/onet/`), and
//! their closeness as a signal.
//!
//! A posting is the occupation one of whose O*NET titles (official, reported
//! or alternate, ~40 per occupation) its title contains, the longest such
//! phrase winning ("Senior Mechanical Engineer (Water)" → "mechanical
//! engineer" → Mechanical Engineers); failing that, the occupation whose official title is
//! nearest its own (cosine of title vectors). A resume is a soft mix of occupations, by how near
//! its mean vector is to each title (softmax, temperature [`TEMPERATURE`]).
//! Two occupations are as close as the SOC codes they share: the same code
//! 1, the same broad occupation (15-125x) 0.75, minor group (15-12xx) 0.5,
//! major group (15-) 0.25. The signal is the resume's mix weighted by the
//! closeness of each of its occupations to the posting's.

use rayon::prelude::*;

use crate::embed::dot;

/// Derived from O*NET 29.3: code, title, then alternate titles (unused here).
static OCCUPATIONS_TSV: &str = include_str!("../../data/onet/occupations.tsv");
/// Sharper than 0.05 put too much weight on one occupation when titles are
/// close ("Software Developers" / "Computer Programmers").
pub const TEMPERATURE: f32 = 0.05;

/// One O*NET occupation.
#[derive(Debug, Clone, PartialEq)]
pub struct Occupation {
    pub code: &'static str,
    pub title: &'static str,
    /// Lower-case titles people use for it, most common first.
    pub titles: Vec<&'static str>,
}

/// Every bundled occupation, in file order.
pub fn all() -> Vec<Occupation> {
    OCCUPATIONS_TSV
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some(Occupation {
                code: f.next()?,
                title: f.next()?,
                titles: f
                    .next()
                    .map_or_else(Vec::new, |t| t.split('|').filter(|t| !t.is_empty()).collect()),
            })
        })
        .collect()
}

/// How close two SOC codes (`15-1252.00`) are, from the digits they share.
pub fn closeness(a: &str, b: &str) -> f32 {
    let shared = |n: usize| a.len() >= n && b.len() >= n && a[..n] == b[..n];
    if a == b {
        1.0
    } else if shared(6) {
        0.75
    } else if shared(5) {
        0.5
    } else if shared(2) {
        0.25
    } else {
        0.0
    }
}

/// The occupations with their title vectors from the model in use.
pub struct Taxonomy {
    pub occupations: Vec<Occupation>,
    /// Every title → (its rank in its occupation's list, the occupation); the
    /// occupation that lists a title earliest owns it.
    by_title: std::collections::HashMap<&'static str, (usize, usize)>,
    dim: usize,
    vectors: Vec<f32>,
    /// `closeness` between every pair, row-major.
    close: Vec<f32>,
}

impl Taxonomy {
    /// `vectors` are the occupations' title vectors, in [`all`]'s order.
    pub fn new(occupations: Vec<Occupation>, vectors: Vec<f32>, dim: usize) -> Taxonomy {
        assert_eq!(vectors.len(), occupations.len() * dim, "one vector per occupation");
        let close = occupations
            .iter()
            .flat_map(|a| occupations.iter().map(move |b| closeness(a.code, b.code)))
            .collect();
        let mut by_title = std::collections::HashMap::new();
        for (k, o) in occupations.iter().enumerate() {
            for (rank, t) in o.titles.iter().enumerate() {
                let e = by_title.entry(*t).or_insert((rank, k));
                if (rank, k) < *e {
                    *e = (rank, k);
                }
            }
        }
        Taxonomy {
            occupations,
            by_title,
            dim,
            vectors,
            close,
        }
    }

    fn vector(&self, k: usize) -> &[f32] {
        &self.vectors[k * self.dim..(k + 1) * self.dim]
    }

    /// The occupation nearest a (title) vector.
    pub fn nearest(&self, v: &[f32]) -> usize {
        (0..self.occupations.len())
            .map(|k| (dot(v, self.vector(k)), k))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            .map_or(0, |(_, k)| k)
    }

    /// The occupation owning the longest O*NET title inside `title` (whole words).
    pub fn by_words(&self, title: &str) -> Option<usize> {
        let words: Vec<String> = title
            .split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '#'))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        const LONGEST: usize = 6;
        // One word alone says too little in a longer title ("SAP FICO
        // Architect" is not an architect of buildings): the vector decides then.
        let shortest = if words.len() > 2 { 2 } else { 1 };
        for len in (shortest..=LONGEST.min(words.len())).rev() {
            let found = words
                .windows(len)
                .filter_map(|w| self.by_title.get(w.join(" ").as_str()))
                .min();
            if let Some(&(_, k)) = found {
                return Some(k);
            }
        }
        None
    }

    /// Each posting's occupation, from its title's words or else its title
    /// vector (postings with neither get `None`).
    pub fn place(&self, titles: &[&str], vectors: &[Option<&[f32]>]) -> Vec<Option<usize>> {
        titles
            .par_iter()
            .zip(vectors)
            .map(|(t, v)| self.by_words(t).or_else(|| v.map(|v| self.nearest(v))))
            .collect()
    }

    /// A resume's mix of occupations, as how close it is to each occupation
    /// a posting can be: `reach[k]` is the signal for a posting placed at `k`.
    pub fn reach(&self, resume_mean: &[f32]) -> Reach {
        let mut r = self.mix(resume_mean);
        r.reach = (0..self.occupations.len()).map(|k| self.reach_at(&r, k)).collect();
        r
    }

    /// [`Taxonomy::reach`] without the closeness to every occupation, for
    /// scoring a few postings: [`Taxonomy::reach_at`] gives each when asked.
    pub fn mix(&self, resume_mean: &[f32]) -> Reach {
        let n = self.occupations.len();
        let sims: Vec<f32> = (0..n).map(|k| dot(resume_mean, self.vector(k))).collect();
        let top = sims.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut mix: Vec<f32> = sims.iter().map(|s| ((s - top) / TEMPERATURE).exp()).collect();
        let total: f32 = mix.iter().sum();
        mix.iter_mut().for_each(|m| *m /= total);
        let best = sims
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
            .map_or(0, |(k, _)| k);
        Reach {
            reach: Vec::new(),
            mix,
            best,
        }
    }

    /// The resume's closeness to occupation `k`: `r.reach[k]`, computed now
    /// when `r` came from [`Taxonomy::mix`].
    pub fn reach_at(&self, r: &Reach, k: usize) -> f32 {
        if let Some(v) = r.reach.get(k) {
            return *v;
        }
        let n = self.occupations.len();
        (0..n)
            .map(|o| r.mix[o] * self.close[o * n + k])
            .sum::<f32>()
            .clamp(0.0, 1.0)
    }
}

/// The key of an occupation title in an index file.
pub fn title_hash(title: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(title.as_bytes())
}

/// A resume's closeness to each occupation, and the one it is nearest.
#[derive(Debug, Clone)]
pub struct Reach {
    /// Closeness to each occupation; empty when made by [`Taxonomy::mix`].
    pub reach: Vec<f32>,
    /// The resume's mix of occupations.
    pub mix: Vec<f32>,
    pub best: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_taxonomy_loads_and_codes_are_unique() {
        let all = all();
        assert!(all.len() > 1000, "{}", all.len());
        let codes: std::collections::HashSet<_> = all.iter().map(|o| o.code).collect();
        assert_eq!(codes.len(), all.len());
        assert!(all
            .iter()
            .any(|o| o.code == "29-1141.00" && o.title == "Registered Nurses"));
    }

    #[test]
    fn closeness_follows_the_soc_hierarchy() {
        assert_eq!(closeness("15-1252.00", "15-1252.00"), 1.0);
        assert_eq!(closeness("15-1252.00", "15-1253.00"), 0.75);
        assert_eq!(closeness("15-1252.00", "15-1211.00"), 0.5);
        assert_eq!(closeness("15-1252.00", "15-2051.00"), 0.25);
        assert_eq!(closeness("15-1252.00", "29-1141.00"), 0.0);
    }

    #[test]
    fn a_resume_reaches_its_own_occupation_most() {
        let o = |code, title, titles: &[&'static str]| Occupation {
            code,
            title,
            titles: titles.to_vec(),
        };
        let occupations = vec![
            o("29-1141.00", "Registered Nurses", &["registered nurses", "nurse", "rn"]),
            o(
                "29-1171.00",
                "Nurse Practitioners",
                &["nurse practitioners", "nurse practitioner", "nurse"],
            ),
            o(
                "15-1252.00",
                "Software Developers",
                &["software developers", "developer"],
            ),
        ];
        // Unit vectors along three axes.
        let vectors = vec![1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0];
        let t = Taxonomy::new(occupations, vectors, 3);
        let r = t.reach(&[0.9, 0.3, 0.0]);
        assert_eq!(r.best, 0);
        assert!(r.reach[0] > r.reach[1] && r.reach[1] > r.reach[2], "{:?}", r.reach);
        assert_eq!(t.nearest(&[0.0, 0.1, 0.9]), 2);
        // The longest title wins; a shared one goes to the occupation listing it first.
        assert_eq!(t.by_words("Family Nurse Practitioner - Remote"), Some(1));
        assert_eq!(t.by_words("Night nurse"), Some(0));
        assert_eq!(t.by_words("Night shift nurse"), None, "one word of three is not enough");
        assert_eq!(t.by_words("Line cook"), None);
        let placed = t.place(&["Senior Developer", "Line cook"], &[None, Some(&[0.1, 0.9, 0.0])]);
        assert_eq!(placed, [Some(2), Some(1)]);
    }

    #[test]
    fn bundled_titles_place_real_postings() {
        let n = all().len();
        let t = Taxonomy::new(all(), vec![0.0; n], 1);
        let title = |s: &str| t.by_words(s).map(|k| t.occupations[k].code);
        assert_eq!(title("Registered Nurse - ICU Nights"), Some("29-1141.00"));
        assert_eq!(title("Senior Mechanical Engineer (Water)"), Some("17-2141.00"));
        assert!(title("Warehouse Worker - 2nd shift").is_some_and(|c| c.starts_with("53-706")));
    }
}
