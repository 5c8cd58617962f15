//! Fit beyond similarity: which skills a posting requires and the resume has,
//! whether the levels agree, whether the titles agree, and the words to say so.
//!
//! Profiles are computed once per posting and once per resume; comparing two
//! profiles is set arithmetic, cheap enough for every posting of a corpus.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::corpus::Posting;
use crate::experience::{self, Month, Seniority, YearsRequired};
use crate::skills::{SkillId, Taxonomy};

/// A level from years of experience, conservative at the top: long careers
/// reach "lead", but principal and executive are titles, not tenure.
fn level_from_years(years: f64) -> Seniority {
    match years {
        y if y < 3.0 => Seniority::Entry,
        y if y < 7.0 => Seniority::Mid,
        y if y < 12.0 => Seniority::Senior,
        _ => Seniority::Lead,
    }
}

/// The level a posting's "N+ years" asks for.
fn level_from_required(years: f64) -> Seniority {
    match years {
        y if y < 2.0 => Seniority::Entry,
        y if y < 5.0 => Seniority::Mid,
        y if y < 8.0 => Seniority::Senior,
        _ => Seniority::Lead,
    }
}

/// Words that mark a requirement as optional.
const PREFERRED: &[&str] = &[
    "preferred",
    "nice to have",
    "nice-to-have",
    "bonus",
    "a plus",
    "desirable",
    "ideally",
    "advantageous",
    "optional",
];

fn is_credential(category: &str) -> bool {
    category.ends_with("credential") || category.ends_with("license") || category == "life_support"
}

fn is_preferred(line: &str) -> bool {
    let l = line.to_lowercase();
    PREFERRED.iter().any(|m| l.contains(m))
}

/// What a posting asks for.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PostingProfile {
    pub required: BTreeSet<SkillId>,
    pub preferred: BTreeSet<SkillId>,
    pub years: Option<YearsRequired>,
    pub level: Option<Seniority>,
    /// False when the posting has no requirements and skills came from its description.
    pub has_requirements: bool,
}

impl PostingProfile {
    pub fn of(p: &Posting, tax: &Taxonomy) -> PostingProfile {
        let mut required = BTreeSet::new();
        let mut preferred = BTreeSet::new();
        let mut lines: Vec<&str> = p.requirements.iter().map(String::as_str).collect();
        let has_requirements = !lines.is_empty();
        if !has_requirements {
            lines = p.description.lines().collect();
        }
        // A heading like "Nice to have:" makes the lines under it optional.
        let mut optional_section = false;
        for line in &lines {
            let t = line.trim();
            if t.ends_with(':') && t.len() < 60 {
                optional_section = is_preferred(t);
                continue;
            }
            let target = if optional_section || is_preferred(t) {
                &mut preferred
            } else {
                &mut required
            };
            target.extend(tax.set(t));
        }
        // Tools used on the job count; credentials named in duties ("supervise
        // LPNs and CNAs") are the team's, not the candidate's.
        if has_requirements {
            for r in &p.responsibilities {
                required.extend(
                    tax.set(r)
                        .into_iter()
                        .filter(|s| !is_credential(&tax.skill(*s).category)),
                );
            }
        }
        // Items under a heading of their own are wishes, not requirements.
        for o in &p.other {
            preferred.extend(tax.set(o));
        }
        preferred.retain(|s| !required.contains(s));
        let years = experience::years_required(&lines.join("\n")).or_else(|| {
            has_requirements
                .then(|| experience::years_required(&p.description))
                .flatten()
        });
        let level =
            experience::seniority_from_title(&p.title).or_else(|| years.as_ref().map(|y| level_from_required(y.min)));
        PostingProfile {
            required,
            preferred,
            years,
            level,
            has_requirements,
        }
    }
}

/// What a resume shows.
#[derive(Debug, Clone, Default)]
pub struct ResumeProfile {
    pub skills: BTreeSet<SkillId>,
    pub years: Option<f64>,
    pub level: Option<Seniority>,
    /// Job titles held, most recent first, and the resume's headline.
    pub titles: Vec<String>,
}

impl ResumeProfile {
    pub fn of(text: &str, tax: &Taxonomy, today: Month) -> ResumeProfile {
        let mut roles = experience::roles(text, today);
        let years = experience::years_of_experience(&roles);
        roles.sort_by(|a, b| b.end.cmp(&a.end).then(b.start.cmp(&a.start)));
        let mut titles: Vec<String> = roles.iter().filter_map(|r| r.title.clone()).collect();
        // The headline under the name ("Senior Data Engineer") is the title a resume claims.
        titles.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .take(3)
                .filter(|l| l.len() < 60 && !l.contains('@'))
                .map(str::to_string),
        );
        // Years say more than titles: "Associate General Counsel" is not junior,
        // "Team Lead" after two years is not a lead. A title decides only without dates.
        let level = years.map(level_from_years).or_else(|| {
            text.lines()
                .take(3)
                .chain(titles.iter().map(String::as_str))
                .find_map(experience::seniority_from_title)
        });
        ResumeProfile {
            skills: tax.set(text),
            years,
            level,
            titles,
        }
    }
}

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

fn seniority_fit(resume: &ResumeProfile, posting: &PostingProfile) -> Option<f32> {
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

/// Why a posting matched, as shown to the user.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Explanation {
    pub matched_skills: Vec<String>,
    /// Required skills the resume does not show.
    pub missing_skills: Vec<String>,
    pub missing_preferred: Vec<String>,
    pub seniority: SeniorityNote,
    pub best_passage: Option<Passage>,
    /// The O*NET occupations the posting and the resume were placed in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupation: Option<OccupationNote>,
    /// What could not be found, so an empty list is not mistaken for a verdict.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OccupationNote {
    pub posting: String,
    pub resume: String,
    /// 1 same occupation, 0.75 same broad occupation, 0.5 minor group, 0.25 major group.
    pub closeness: f32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SeniorityNote {
    pub posting_level: Option<&'static str>,
    pub resume_level: Option<&'static str>,
    pub years_required: Option<f64>,
    pub resume_years: Option<f64>,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Passage {
    pub resume: String,
    pub posting: String,
    /// Cosine of the two passages (with a model) or the share of skills they have in common.
    pub similarity: f32,
}

pub fn explain(
    resume: &ResumeProfile,
    posting: &PostingProfile,
    tax: &Taxonomy,
    best_passage: Option<Passage>,
) -> Explanation {
    let names = |set: &mut dyn Iterator<Item = &SkillId>| -> Vec<String> {
        let mut v: Vec<String> = set.map(|s| tax.name(*s).to_string()).collect();
        v.sort_by_key(|n| n.to_lowercase());
        v
    };
    let all: BTreeSet<SkillId> = posting.required.union(&posting.preferred).copied().collect();
    let matched = names(&mut all.iter().filter(|s| resume.skills.contains(s)));
    let missing = names(&mut posting.required.iter().filter(|s| !resume.skills.contains(s)));
    let missing_preferred = names(&mut posting.preferred.iter().filter(|s| !resume.skills.contains(s)));
    let mut notes = Vec::new();
    if resume.skills.is_empty() {
        notes.push("no known skills found in the resume".to_string());
    }
    if all.is_empty() {
        notes.push("the posting names no known skills".to_string());
    } else if !posting.has_requirements {
        notes.push("the posting has no requirements section; skills taken from its description".to_string());
    }
    if resume.years.is_none() {
        notes.push("no dated roles found in the resume, so its years of experience are unknown".to_string());
    }
    Explanation {
        matched_skills: matched,
        missing_skills: missing,
        missing_preferred,
        seniority: seniority_note(resume, posting),
        best_passage,
        occupation: None,
        notes,
    }
}

fn seniority_note(resume: &ResumeProfile, posting: &PostingProfile) -> SeniorityNote {
    let years = |y: f64| {
        let r = (y * 2.0).round() / 2.0;
        if r.fract() == 0.0 {
            format!("{r:.0}")
        } else {
            format!("{r:.1}")
        }
    };
    let mut parts = Vec::new();
    match &posting.years {
        Some(w) => parts.push(match w.max {
            Some(max) => format!("role asks {}–{} years", years(w.min), years(max)),
            None => format!("role asks {}+ years", years(w.min)),
        }),
        None => {
            if let Some(l) = posting.level {
                parts.push(format!("role is {}-level", l.name()));
            }
        }
    }
    match (resume.years, resume.level) {
        (Some(y), Some(l)) => parts.push(format!("resume shows ~{} years ({})", years(y), l.name())),
        (Some(y), None) => parts.push(format!("resume shows ~{} years", years(y))),
        (None, Some(l)) => parts.push(format!("resume reads as {}-level (no dates found)", l.name())),
        (None, None) => parts.push("resume level unknown (no dates or titles found)".to_string()),
    }
    let verdict = match seniority_fit(resume, posting) {
        Some(f) if f >= 0.9 => "; a fit",
        Some(f) if f >= 0.5 => "; close",
        Some(_) => match (resume.level, posting.level) {
            (Some(r), Some(p)) if r > p => "; resume is more senior",
            _ => "; resume is less senior",
        },
        None => "",
    };
    SeniorityNote {
        posting_level: posting.level.map(Seniority::name),
        resume_level: resume.level.map(Seniority::name),
        years_required: posting.years.as_ref().map(|y| y.min),
        resume_years: resume.years,
        summary: format!("{}{verdict}", parts.join("; ")),
    }
}

/// Without a model: the resume line and posting line sharing the most skills.
pub fn passage_by_skills(resume_text: &str, posting: &Posting, tax: &Taxonomy) -> Option<Passage> {
    let posting_lines: Vec<(&str, BTreeSet<SkillId>)> = posting
        .items()
        .chain(posting.description.split_inclusive(['.', '\n']))
        .map(|l| (l.trim(), tax.set(l)))
        .filter(|(l, s)| !l.is_empty() && !s.is_empty())
        .collect();
    let mut best: Option<(usize, f32, &str, &str)> = None;
    for line in resume_text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let have = tax.set(line);
        if have.is_empty() {
            continue;
        }
        for (p, want) in &posting_lines {
            let shared = have.intersection(want).count();
            let share = shared as f32 / want.len() as f32;
            if shared > 0 && best.is_none_or(|(n, s, _, _)| (shared, share) > (n, s)) {
                best = Some((shared, share, line, p));
            }
        }
    }
    best.map(|(_, share, r, p)| Passage {
        resume: r.to_string(),
        posting: p.to_string(),
        similarity: share,
    })
}

/// The first day of the current month, for resume dates ("2019 – Present").
pub fn this_month() -> Month {
    let (y, m, _) = crate::text::calendar::today();
    Month::new(y, m).unwrap_or(Month(y * 12 + m as i32 - 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;

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
            crate::fit::this_month(),
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
