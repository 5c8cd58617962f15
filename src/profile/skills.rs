//! Skills: the taxonomy in `data/skills/`, and finding skills in text.
//!
//! One Aho-Corasick automaton holds every name and alias (ASCII
//! case-insensitive, leftmost-longest, so "Microsoft Excel" beats "Excel").
//! A hit counts only on word boundaries. Names that are also ordinary words
//! or single letters ("Go", "R", "Excel", "Chef") are *ambiguous*: they count
//! only written with their exact case and next to another skill of the same
//! category in the same sentence ("Python, Go and Rust", not "Go to market").

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

/// The taxonomy files, compiled in so matching needs no data directory.
const FILES: &[(&str, &str)] = &[
    ("software.json", include_str!("../../data/skills/software.json")),
    ("data.json", include_str!("../../data/skills/data.json")),
    ("healthcare.json", include_str!("../../data/skills/healthcare.json")),
    ("business.json", include_str!("../../data/skills/business.json")),
    ("legal.json", include_str!("../../data/skills/legal.json")),
    ("trades.json", include_str!("../../data/skills/trades.json")),
    ("engineering.json", include_str!("../../data/skills/engineering.json")),
    ("creative.json", include_str!("../../data/skills/creative.json")),
    (
        "education_culinary.json",
        include_str!("../../data/skills/education_culinary.json"),
    ),
    ("general.json", include_str!("../../data/skills/general.json")),
];

/// A hash of the taxonomy files: cached skill profiles made with other files are stale.
pub fn fingerprint() -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for (name, text) in FILES {
        h.update(name.as_bytes());
        h.update(text.as_bytes());
    }
    h.digest()
}

/// An index into the taxonomy.
pub type SkillId = u32;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    strong_aliases: Vec<String>,
    category: String,
    #[serde(default)]
    ambiguous: bool,
}

#[derive(Debug, Clone)]
pub struct Skill {
    pub name: String,
    pub category: String,
}

#[derive(Debug)]
struct Pattern {
    skill: SkillId,
    /// Counts only with exact case and a same-category neighbour.
    weak: bool,
    text: String,
}

pub struct Taxonomy {
    skills: Vec<Skill>,
    patterns: Vec<Pattern>,
    automaton: AhoCorasick,
}

/// A skill found in a text, with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkillHit {
    pub skill: SkillId,
    pub start: usize,
    pub end: usize,
}

impl Taxonomy {
    /// The bundled taxonomy, built once per process.
    pub fn bundled() -> &'static Taxonomy {
        static T: OnceLock<Taxonomy> = OnceLock::new();
        T.get_or_init(|| Taxonomy::parse(FILES).unwrap_or_else(|e| panic!("bundled skills taxonomy: {e}")))
    }

    pub fn parse(files: &[(&str, &str)]) -> Result<Taxonomy, String> {
        let mut skills = Vec::new();
        let mut patterns = Vec::new();
        // Lowercased pattern → (owning skill, index of its pattern).
        let mut seen: BTreeMap<String, (String, usize)> = BTreeMap::new();
        for (file, text) in files {
            let entries: Vec<Entry> = serde_json::from_str(text).map_err(|e| format!("{file}: {e}"))?;
            for e in entries {
                let id = skills.len() as SkillId;
                let mut add = |text: &str, weak: bool| -> Result<(), String> {
                    let text = text.trim();
                    if text.is_empty() {
                        return Ok(());
                    }
                    let key = text.to_lowercase();
                    match seen.get(&key) {
                        Some((owner, _)) if *owner != e.name => {
                            return Err(format!("{file}: {text:?} of {:?} is already {owner:?}", e.name))
                        }
                        // Listed twice by one skill: a strong listing wins.
                        Some((_, i)) => {
                            let p: &mut Pattern = &mut patterns[*i];
                            p.weak &= weak;
                            return Ok(());
                        }
                        None => {}
                    }
                    seen.insert(key, (e.name.clone(), patterns.len()));
                    patterns.push(Pattern {
                        skill: id,
                        weak,
                        text: text.to_string(),
                    });
                    Ok(())
                };
                add(&e.name, e.ambiguous)?;
                for a in &e.aliases {
                    add(a, e.ambiguous)?;
                }
                for a in &e.strong_aliases {
                    add(a, false)?;
                }
                skills.push(Skill {
                    name: e.name,
                    category: e.category,
                });
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns.iter().map(|p| p.text.as_str()))
            .map_err(|e| e.to_string())?;
        Ok(Taxonomy {
            skills,
            patterns,
            automaton,
        })
    }

    pub fn len(&self) -> usize {
        self.skills.len()
    }

    pub fn is_empty(&self) -> bool {
        self.skills.is_empty()
    }

    pub fn skill(&self, id: SkillId) -> &Skill {
        &self.skills[id as usize]
    }

    pub fn name(&self, id: SkillId) -> &str {
        &self.skills[id as usize].name
    }

    /// Every skill mention in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<SkillHit> {
        let bytes = text.as_bytes();
        let word = |i: usize| {
            text[i..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        };
        let word_before = |i: usize| {
            text[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        };
        let mut strong = Vec::new();
        let mut weak = Vec::new();
        for m in self.automaton.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            let pattern = &self.patterns[m.pattern().as_usize()];
            // A pattern like "C++" or ".NET" carries its own boundary on that side.
            let starts_word = pattern.text.chars().next().is_some_and(char::is_alphanumeric);
            let ends_word = pattern.text.chars().next_back().is_some_and(char::is_alphanumeric);
            if (starts_word && word_before(start)) || (ends_word && end < bytes.len() && word(end)) {
                continue;
            }
            let hit = SkillHit {
                skill: pattern.skill,
                start,
                end,
            };
            if pattern.weak {
                if text[start..end] == pattern.text {
                    weak.push(hit);
                }
            } else {
                strong.push(hit);
            }
        }
        if !weak.is_empty() {
            // A '.' ends a sentence only before a space: "Node.js and Express" is one.
            let breaks: Vec<usize> = text
                .char_indices()
                .filter(|&(i, c)| {
                    matches!(c, '\n' | ';' | '!' | '?')
                        || (c == '.' && text[i + 1..].chars().next().is_none_or(char::is_whitespace))
                })
                .map(|(i, _)| i)
                .collect();
            let sentence = |i: usize| breaks.partition_point(|&b| b < i);
            let all: Vec<SkillHit> = strong.iter().chain(&weak).copied().collect();
            for w in weak {
                let cat = &self.skill(w.skill).category;
                let s = sentence(w.start);
                let neighbour = all
                    .iter()
                    .any(|o| o.skill != w.skill && self.skill(o.skill).category == *cat && sentence(o.start) == s);
                if neighbour {
                    strong.push(w);
                }
            }
            strong.sort_by_key(|h| h.start);
        }
        strong
    }

    /// The distinct skills in `text`.
    pub fn set(&self, text: &str) -> BTreeSet<SkillId> {
        self.find(text).into_iter().map(|h| h.skill).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let t = Taxonomy::bundled();
        let mut v: Vec<String> = t.set(text).into_iter().map(|s| t.name(s).to_string()).collect();
        v.sort();
        v
    }

    fn has(text: &str, skill: &str) -> bool {
        names(text).iter().any(|n| n == skill)
    }

    #[test]
    fn taxonomy_is_large_and_loads() {
        assert!(Taxonomy::bundled().len() >= 1000, "{}", Taxonomy::bundled().len());
    }

    /// (sentence, skills it must yield, skills it must not yield)
    const TRICKY: &[(&str, &[&str], &[&str])] = &[
        (
            "Deployed services on k8s with Terraform",
            &["Kubernetes", "Terraform"],
            &[],
        ),
        ("Built services in Python, Go and Rust", &["Python", "Go", "Rust"], &[]),
        ("Ready to go the extra mile; Go to market planning", &[], &["Go"]),
        ("Statistical analysis in R and Python", &["R", "Python"], &[]),
        ("R&D budget ownership", &[], &["R"]),
        ("Wrote firmware in C and C++", &["C", "C++"], &[]),
        ("Grade C students improved", &[], &["C"]),
        (
            "Strong JS and Javascript skills, TypeScript",
            &["JavaScript", "TypeScript"],
            &[],
        ),
        (
            "Advanced Microsoft Excel (pivot tables, VLOOKUP)",
            &["Microsoft Excel"],
            &[],
        ),
        ("We want people who excel at communication", &[], &["Microsoft Excel"]),
        (
            "Active RN license, BLS and ACLS",
            &["Registered Nurse", "BLS", "ACLS"],
            &[],
        ),
        (
            "Month-end close under US GAAP; CPA preferred",
            &["GAAP", "Certified Public Accountant"],
            &[],
        ),
        ("ServSafe certified line cook", &["ServSafe"], &[]),
        ("HVAC airflow balancing", &[], &["Apache Airflow"]),
        ("APIs in Node.js and Express", &["Node.js", "Express.js"], &[]),
        ("Drafting in AutoCAD and Revit", &["AutoCAD", "Revit"], &[]),
        ("Postgres and PostgreSQL tuning", &["PostgreSQL"], &[]),
        ("Scripting in Bash", &["Bash"], &["Java"]),
        ("JavaScript developer", &["JavaScript"], &["Java"]),
    ];

    #[test]
    fn tricky_sentences() {
        for (text, must, must_not) in TRICKY {
            let found = names(text);
            for m in *must {
                assert!(found.iter().any(|f| f == m), "{text:?}: expected {m}, found {found:?}");
            }
            for m in *must_not {
                assert!(
                    !found.iter().any(|f| f == m),
                    "{text:?}: did not expect {m}, found {found:?}"
                );
            }
        }
        assert!(has("Kubernetes", "Kubernetes"));
    }

    #[test]
    fn hits_are_on_char_boundaries_for_any_text() {
        let t = Taxonomy::bundled();
        for text in ["é C++ ü", "日本語のPython", "Go—Rust", "", "k8s\u{202e}x"] {
            for h in t.find(text) {
                assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
            }
        }
    }
}
