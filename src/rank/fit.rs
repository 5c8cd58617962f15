//! Fit beyond similarity: how many of the posting's skills the resume has,
//! whether the titles and the levels agree. Set arithmetic over two
//! profiles, cheap enough for every posting of a corpus.

use std::collections::BTreeSet;

use crate::profile::skills::SkillId;
use crate::profile::{PostingProfile, ResumeProfile};

/// Words of a title that say the level or nothing, not the job.
const TITLE_NOISE: &[&str] = &[
    "senior",
    "sr",
    "junior",
    "jr",
    "lead",
    "principal",
    "staff",
    "i",
    "ii",
    "iii",
    "iv",
    "v",
    "entry",
    "level",
    "mid",
    "intern",
    "head",
    "of",
    "the",
    "and",
    "at",
    "for",
    "in",
    "a",
    "an",
    "to",
    "with",
    "remote",
    "hybrid",
];

fn title_words(t: &str) -> BTreeSet<String> {
    t.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !TITLE_NOISE.contains(&w.as_str()))
        .map(|w| {
            w.strip_suffix('s')
                .filter(|s| s.len() > 3)
                .map(str::to_string)
                .unwrap_or(w)
        })
        .collect()
}

/// How much finding each skill says: `ln(1 + postings / postings naming it)`,
/// over the corpus being ranked. "Excel" in every other posting says little,
/// "Epic Systems" a lot.
#[derive(Debug, Clone)]
pub struct SkillWeights {
    idf: std::collections::HashMap<SkillId, f32>,
    unseen: f32,
}

/// What a posting's skills are worth before any is found: about six rare
/// skills' worth, so a posting naming one common skill ("Bachelor's degree")
/// cannot score 1.0 by the resume having it. Chosen by cross-validation on
/// the real development set (README, "Quality"); in idf units, so it scales
/// with the corpus (ln(1 + N/df)).
pub const SKILL_PRIOR: f32 = 40.0;
/// Required skills count twice as much as preferred ones.
const REQUIRED_FACTOR: f32 = 2.0;

impl Default for SkillWeights {
    /// Without a corpus every skill counts the same.
    fn default() -> SkillWeights {
        SkillWeights {
            idf: Default::default(),
            unseen: 1.0,
        }
    }
}

impl SkillWeights {
    pub fn of(profiles: &[PostingProfile]) -> SkillWeights {
        let mut df: std::collections::HashMap<SkillId, u32> = Default::default();
        for p in profiles {
            for s in p.required.union(&p.preferred) {
                *df.entry(*s).or_insert(0) += 1;
            }
        }
        let n = profiles.len().max(1) as f32;
        SkillWeights {
            idf: df.into_iter().map(|(s, d)| (s, (1.0 + n / d as f32).ln())).collect(),
            unseen: (1.0 + n).ln(),
        }
    }

    pub fn idf(&self, s: SkillId) -> f32 {
        self.idf.get(&s).copied().unwrap_or(self.unseen)
    }
}

/// The comparison of one resume with one posting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// The posting's skills the resume has, weighted by rarity (idf) and
    /// required counted twice, over their total plus [`SKILL_PRIOR`]; `None`
    /// if the posting names none.
    pub skills: Option<f32>,
    /// Share of the posting title's words found in one of the resume's titles.
    pub title: f32,
    /// Level and years agreement; `None` when neither side says.
    pub seniority: Option<f32>,
}

pub fn fit(resume: &ResumeProfile, posting: &PostingProfile, posting_title: &str, weights: &SkillWeights) -> Fit {
    let (mut have, mut total) = (0.0, 0.0);
    for (set, factor) in [(&posting.required, REQUIRED_FACTOR), (&posting.preferred, 1.0)] {
        for s in set {
            let w = factor * weights.idf(*s);
            total += w;
            if resume.skills.contains(s) {
                have += w;
            }
        }
    }
    let skills = (total > 0.0).then(|| have / (total + SKILL_PRIOR));
    let wanted = title_words(posting_title);
    let title = if wanted.is_empty() {
        0.0
    } else {
        resume
            .titles
            .iter()
            .map(|t| {
                let have = title_words(t);
                wanted.iter().filter(|w| have.contains(*w)).count() as f32 / wanted.len() as f32
            })
            .fold(0.0, f32::max)
    };
    Fit {
        skills,
        title,
        seniority: seniority_fit(resume, posting),
    }
}

pub(super) fn seniority_fit(resume: &ResumeProfile, posting: &PostingProfile) -> Option<f32> {
    let level = match (resume.level, posting.level) {
        (Some(r), Some(p)) => Some(match (r as i32 - p as i32).abs() {
            0 => 1.0,
            1 => 0.6,
            2 => 0.2,
            _ => 0.0,
        }),
        _ => None,
    };
    let years = match (resume.years, &posting.years) {
        (Some(have), Some(want)) if want.min > 0.0 => Some((have as f32 / want.min as f32).min(1.0)),
        _ => None,
    };
    match (level, years) {
        (Some(l), Some(y)) => Some((l + y) / 2.0),
        (l, y) => l.or(y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::postings::Corpus;
    use crate::postings::Posting;
    use crate::profile::experience::{Month, Seniority};
    use crate::profile::skills::Taxonomy;
    use crate::rank::explain::*;

    fn posting(json: &str) -> Posting {
        Corpus::parse("t", &format!("[{json}]"), true)
            .unwrap()
            .postings
            .remove(0)
    }

    #[test]
    fn required_and_preferred_are_split() {
        let tax = Taxonomy::bundled();
        let p = posting(
            r#"{"title": "Senior Data Engineer", "requirements": ["5+ years of experience with Python and SQL",
               "Experience with Apache Airflow", "Snowflake experience is a plus", "Nice to have: Kafka"]}"#,
        );
        let prof = PostingProfile::of(&p, tax);
        let names = |s: &BTreeSet<SkillId>| s.iter().map(|i| tax.name(*i).to_string()).collect::<Vec<_>>();
        let req = names(&prof.required);
        let pref = names(&prof.preferred);
        assert!(
            req.contains(&"Python".into()) && req.contains(&"Apache Airflow".into()),
            "{req:?}"
        );
        assert!(
            pref.contains(&"Snowflake".into()) && pref.contains(&"Apache Kafka".into()),
            "{pref:?}"
        );
        assert!(!req.iter().any(|n| n.contains("Kafka")));
        assert_eq!(prof.years.as_ref().map(|y| y.min), Some(5.0));
        assert_eq!(prof.level, Some(Seniority::Senior));
    }

    #[test]
    fn rare_skills_say_more_and_one_generic_skill_is_weak_evidence() {
        let tax = Taxonomy::bundled();
        let resume = ResumeProfile::of(
            "Registered nurse. Microsoft Excel, Epic, telemetry, BLS.",
            tax,
            crate::profile::this_month(),
        );
        let generic = posting(r#"{"title": "Clerk", "requirements": ["Microsoft Excel"]}"#);
        let specific = posting(r#"{"title": "RN", "requirements": ["Epic", "telemetry", "BLS", "Microsoft Excel"]}"#);
        let profiles = [PostingProfile::of(&generic, tax), PostingProfile::of(&specific, tax)];
        // A corpus where Excel is everywhere and Epic rare.
        let mut many = vec![profiles[0].clone(); 50];
        many.push(profiles[1].clone());
        let w = SkillWeights::of(&many);
        let g = fit(&resume, &profiles[0], "Clerk", &w).skills.unwrap();
        let s = fit(&resume, &profiles[1], "RN", &w).skills.unwrap();
        assert!(g < 0.1, "one common skill found is weak evidence: {g}");
        assert!(s > 2.0 * g, "four skills, three of them rare, say more: {s} vs {g}");
        let excel = *profiles[0].required.iter().next().unwrap();
        let epic = tax.set("Epic").into_iter().next().unwrap();
        assert!(w.idf(epic) > 3.0 * w.idf(excel));
    }

    #[test]
    fn a_junior_resume_is_not_a_fit_for_a_principal_role() {
        let tax = Taxonomy::bundled();
        let today = Month::new(2026, 11).unwrap();
        let junior = ResumeProfile::of(
            "Alex Kim\nJunior Software Engineer\n\nExperience\nJunior Software Engineer, Acme | Jan 2025 – Present\n- Python, SQL",
            tax,
            today,
        );
        let principal = posting(
            r#"{"title": "Principal Software Engineer", "requirements": ["12+ years of experience building distributed systems in Python"]}"#,
        );
        let entry = posting(r#"{"title": "Junior Software Engineer", "requirements": ["Python and SQL"]}"#);
        let fp = fit(
            &junior,
            &PostingProfile::of(&principal, tax),
            &principal.title,
            &SkillWeights::default(),
        );
        let fe = fit(
            &junior,
            &PostingProfile::of(&entry, tax),
            &entry.title,
            &SkillWeights::default(),
        );
        assert!(fp.seniority.unwrap() < 0.3, "{fp:?}");
        assert!(fe.seniority.unwrap() > 0.9, "{fe:?}");
        // Every skill found, but two skills are not yet strong evidence (the prior).
        assert!(fe.skills.is_some_and(|s| s > 0.0 && s < 0.2), "{fe:?}");
        assert_eq!(fe.title, 1.0);
        let e = explain(&junior, &PostingProfile::of(&principal, tax), tax, None);
        assert!(e.seniority.summary.contains("12+ years"), "{}", e.seniority.summary);
    }

    #[test]
    fn a_resume_without_skills_or_dates_says_so() {
        let tax = Taxonomy::bundled();
        let r = ResumeProfile::of("I like long walks and reading.", tax, Month::new(2026, 11).unwrap());
        let p = posting(r#"{"title": "Line Cook", "description": "Grill station. ServSafe required."}"#);
        let prof = PostingProfile::of(&p, tax);
        assert!(!prof.has_requirements && !prof.required.is_empty());
        let e = explain(&r, &prof, tax, None);
        assert!(e.matched_skills.is_empty() && e.missing_skills.contains(&"ServSafe".to_string()));
        assert!(e.notes.iter().any(|n| n.contains("no known skills")));
        assert!(e.notes.iter().any(|n| n.contains("no dated roles")));
    }

    /// Over the whole bundled corpus: a matched skill is in both texts, a
    /// missing one is in the posting and not in the resume.
    #[test]
    fn explanations_only_name_skills_that_are_there() {
        let tax = Taxonomy::bundled();
        let corpus = Corpus::bundled().unwrap();
        let today = Month::new(2026, 11).unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/eval/resumes");
        for name in [
            "nursing_2.txt",
            "software_engineering_3.txt",
            "electrician_1.txt",
            "accounting_2.txt",
        ] {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            let resume = ResumeProfile::of(&text, tax, today);
            let in_resume: BTreeSet<String> = tax.set(&text).iter().map(|s| tax.name(*s).to_string()).collect();
            let mut matched_any = false;
            for p in &corpus.postings {
                let posting_text = [p.title.as_str(), &p.description]
                    .into_iter()
                    .chain(p.requirements.iter().map(String::as_str))
                    .chain(p.responsibilities.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join("\n");
                let in_posting: BTreeSet<String> = tax
                    .set(&posting_text)
                    .iter()
                    .map(|s| tax.name(*s).to_string())
                    .collect();
                let e = explain(&resume, &PostingProfile::of(p, tax), tax, None);
                for m in &e.matched_skills {
                    assert!(
                        in_resume.contains(m) && in_posting.contains(m),
                        "{name} / {}: matched {m}",
                        p.id
                    );
                }
                for m in e.missing_skills.iter().chain(&e.missing_preferred) {
                    assert!(
                        in_posting.contains(m) && !in_resume.contains(m),
                        "{name} / {}: missing {m}",
                        p.id
                    );
                }
                matched_any |= !e.matched_skills.is_empty();
            }
            assert!(matched_any, "{name} matched no skill of any posting");
        }
    }
}
