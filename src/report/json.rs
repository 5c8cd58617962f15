//! JSON Lines: one object per resume.

use std::io::{self, Write};

use serde_json::json;

use super::*;

pub(super) struct JsonExporter;

impl Exporter for JsonExporter {
    fn write(&mut self, report: &ResumeResults, out: &mut dyn Write) -> io::Result<()> {
        let matches: Vec<_> = report
            .rows
            .iter()
            .map(|r| {
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
            })
            .collect();
        let line = json!({ "resume": report.resume, "model": report.model, "matches": matches });
        serde_json::to_writer(&mut *out, &line)?;
        writeln!(out)
    }
}

fn round4(v: f32) -> f64 {
    (v as f64 * 10_000.0).round() / 10_000.0
}
