//! `filtr gaps`: across a resume's best matches, the skills they ask for that
//! the resume lacks (ordered by how much adding each would raise the
//! resume's scores for them), and the skills it has that they ask for most.

use std::collections::BTreeMap;

use serde::Serialize;

use super::matcher::{Matcher, Query};
use super::{Match, Weights};
use crate::profile::skills::SkillId;

/// A skill some of the top matches ask for.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SkillDemand {
    pub skill: String,
    /// Ids of the top postings that require it, best match first.
    pub required_by: Vec<String>,
    /// Ids of the top postings that prefer it.
    pub preferred_by: Vec<String>,
    /// For a missing skill: how much the fused scores of the postings asking
    /// for it would rise, summed, if the resume showed it (0–1 per posting).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gain: Option<f32>,
}

impl SkillDemand {
    pub fn asked_by(&self) -> usize {
        self.required_by.len() + self.preferred_by.len()
    }
}

/// What the top matches ask for, against what the resume shows.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Gaps {
    /// How many top matches were looked at.
    pub matches: usize,
    /// Skills a top match requires that the resume lacks, biggest gain first.
    pub missing_required: Vec<SkillDemand>,
    /// Skills top matches only prefer that the resume lacks, biggest gain first.
    pub missing_preferred: Vec<SkillDemand>,
    /// The resume's skills the top matches ask for, most asked first.
    pub strengths: Vec<SkillDemand>,
}

/// The gaps of the resume `q` across `matches` (its ranking, best first).
pub fn gaps(matcher: &Matcher, q: &Query, matches: &[Match], weights: &Weights) -> Gaps {
    let tax = matcher.taxonomy();
    let mut demand: BTreeMap<SkillId, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (k, m) in matches.iter().enumerate() {
        let profile = matcher.profile(m.posting);
        for s in &profile.required {
            demand.entry(*s).or_default().0.push(k);
        }
        for s in &profile.preferred {
            demand.entry(*s).or_default().1.push(k);
        }
    }
    let ids = |v: &[usize]| {
        v.iter()
            .map(|&k| matcher.postings[matches[k].posting].id.clone())
            .collect()
    };
    let mut missing_required = Vec::new();
    let mut missing_preferred = Vec::new();
    let mut strengths = Vec::new();
    for (skill, (req, pref)) in &demand {
        let has = q.profile.skills.contains(skill);
        let gain = (!has).then(|| {
            let mut with = q.profile.clone();
            with.skills.insert(*skill);
            req.iter()
                .chain(pref)
                .map(|&k| {
                    let m = &matches[k];
                    (weights.fuse(&matcher.signals_with(q, &with, m.posting)) - m.score).max(0.0)
                })
                .sum::<f32>()
        });
        let d = SkillDemand {
            skill: tax.name(*skill).to_string(),
            required_by: ids(req),
            preferred_by: ids(pref),
            gain,
        };
        match (has, req.is_empty()) {
            (true, _) => strengths.push(d),
            (false, false) => missing_required.push(d),
            (false, true) => missing_preferred.push(d),
        }
    }
    let by_gain = |a: &SkillDemand, b: &SkillDemand| {
        b.gain
            .unwrap_or(0.0)
            .total_cmp(&a.gain.unwrap_or(0.0))
            .then(b.asked_by().cmp(&a.asked_by()))
            .then(a.skill.to_lowercase().cmp(&b.skill.to_lowercase()))
    };
    missing_required.sort_by(by_gain);
    missing_preferred.sort_by(by_gain);
    strengths.sort_by(|a, b| {
        b.asked_by()
            .cmp(&a.asked_by())
            .then(b.required_by.len().cmp(&a.required_by.len()))
            .then(a.skill.to_lowercase().cmp(&b.skill.to_lowercase()))
    });
    Gaps {
        matches: matches.len(),
        missing_required,
        missing_preferred,
        strengths,
    }
}
