//! JSON Lines: one object per resume.

use std::io::{self, Write};

use serde_json::json;

use super::*;

pub(super) struct JsonExporter;

impl Exporter for JsonExporter {
    fn write(&mut self, report: &ResumeResults, out: &mut dyn Write) -> io::Result<()> {
        let matches: Vec<_> = report.rows.iter().map(match_json).collect();
        let funnel: Vec<_> = report
            .funnel
            .steps
            .iter()
            .map(|(_, label, kept)| json!({ "filter": label, "kept": kept }))
            .collect();
        let line = json!({
            "resume": report.resume,
            "model": report.model,
            "postings": report.funnel.total,
            "considered": report.considered,
            "excluded": report.funnel.removed_by(crate::rank::Stage::Excluded),
            "filters": funnel,
            "matches": matches,
        });
        serde_json::to_writer(&mut *out, &line)?;
        writeln!(out)
    }
}

/// One ranked posting as JSON: its rank, score, signals, the posting's
/// fields and the explanation (`match` and `rank` write the same object).
pub(super) fn match_json(r: &ResultRow) -> serde_json::Value {
    let p = r.posting;
    json!({
        "rank": r.rank,
        "score": round4(r.score),
        "signals": {
            "semantic": r.signals.semantic.map(round4),
            "keyword": round4(r.signals.keyword),
            "skills": r.signals.skills.map(round4),
            "title": round4(r.signals.title),
            "role": r.signals.role.map(round4),
            "occupation": r.signals.occupation.map(round4),
            "seniority": r.signals.seniority.map(round4),
        },
        "id": p.id,
        "title": p.title,
        "company": p.company,
        "salary": p.salary,
        "locations": p.locations,
        "remote": p.remote,
        "posted": p.posted,
        "url": p.url,
        "explanation": r.explanation,
    })
}

pub(super) fn round4(v: f32) -> f64 {
    (v as f64 * 10_000.0).round() / 10_000.0
}
