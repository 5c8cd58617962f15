//! Why a posting matched, in words: skills found and missing, levels, the
//! occupations, the best passage. Built by the matcher beside the scores it
//! explains.

use std::collections::BTreeSet;

use serde::Serialize;

use super::fit::seniority_fit;
use crate::postings::Posting;
use crate::profile::experience::Seniority;
use crate::profile::skills::{SkillId, Taxonomy};
use crate::profile::{PostingProfile, ResumeProfile};

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

/// One requirement line of a posting against a resume: the skills it names
/// that the resume shows and lacks (the matching the explanation uses), and
/// the years it asks for.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LineCheck {
    pub line: String,
    pub has: Vec<String>,
    pub lacks: Vec<String>,
    /// "5+ years" when the line asks for years, with whether the resume shows them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<(f64, Option<bool>)>,
    /// True when the resume meets every part the line names, false when it
    /// lacks one; `None` when the line names nothing filtr can check.
    pub met: Option<bool>,
}

/// Each requirement line of `posting` checked against the resume.
pub fn check_requirements(resume: &ResumeProfile, posting: &Posting, tax: &Taxonomy) -> Vec<LineCheck> {
    posting
        .requirements
        .iter()
        .map(|line| {
            let mut has = Vec::new();
            let mut lacks = Vec::new();
            for s in tax.set(line) {
                let name = tax.name(s).to_string();
                if resume.skills.contains(&s) {
                    has.push(name);
                } else {
                    lacks.push(name);
                }
            }
            has.sort_by_key(|n| n.to_lowercase());
            lacks.sort_by_key(|n| n.to_lowercase());
            let years = crate::profile::experience::years_required(line)
                .map(|y| (y.min, resume.years.map(|have| have + 0.25 >= y.min)));
            let years_met = years.and_then(|(_, met)| met);
            let met = match (has.is_empty() && lacks.is_empty(), years_met) {
                (true, None) => None,
                (_, Some(false)) => Some(false),
                _ => Some(lacks.is_empty()),
            };
            LineCheck {
                line: line.clone(),
                has,
                lacks,
                years,
                met,
            }
        })
        .collect()
}
