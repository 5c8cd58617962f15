//! What a posting and a resume say about themselves, read once each: the
//! skills a posting requires and prefers, the levels and years on both sides,
//! the resume's titles. Comparing two profiles is `rank`'s job.

pub mod experience;
pub mod skills;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::postings::Posting;
use experience::{Month, Seniority, YearsRequired};
use skills::{SkillId, Taxonomy};

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

/// The first day of the current month, for resume dates ("2019 – Present").
pub fn this_month() -> Month {
    let (y, m, _) = crate::text::calendar::today();
    Month::new(y, m).unwrap_or(Month(y * 12 + m as i32 - 1))
}
