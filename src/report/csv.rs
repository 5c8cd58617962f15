//! CSV: one row per match, one header for the run.

use std::io::{self, Write};

use super::*;

pub(super) struct CsvExporter {
    pub(super) header_written: bool,
}

impl Exporter for CsvExporter {
    fn write(&mut self, report: &ResumeResults, out: &mut dyn Write) -> io::Result<()> {
        let mut w = ::csv::Writer::from_writer(out);
        if !self.header_written {
            w.write_record(HEADER).map_err(csv_io)?;
            self.header_written = true;
        }
        for r in &report.rows {
            w.write_record(record(report.resume, r)).map_err(csv_io)?;
        }
        w.flush()
    }
}

/// The columns of one match, the first naming the resume (`match` and `rank` write the same).
pub(super) const HEADER: [&str; 23] = [
    "resume",
    "rank",
    "score",
    "id",
    "title",
    "company",
    "salary_min",
    "salary_max",
    "currency",
    "period",
    "locations",
    "remote",
    "posted",
    "url",
    "semantic",
    "keyword",
    "skills",
    "title_fit",
    "role",
    "occupation",
    "seniority",
    "matched_skills",
    "missing_skills",
];

/// One match as CSV fields, in [`HEADER`]'s order.
pub(super) fn record(resume: &str, r: &ResultRow) -> Vec<String> {
    let num = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let p = r.posting;
    let s = p.salary.as_ref();
    vec![
        resume.to_string(),
        r.rank.to_string(),
        format!("{:.4}", r.score),
        p.id.clone(),
        p.title.clone(),
        p.company.clone().unwrap_or_default(),
        num(s.and_then(|s| s.min)),
        num(s.and_then(|s| s.max)),
        s.and_then(|s| s.currency.clone()).unwrap_or_default(),
        s.map(|s| s.period.name().to_string()).unwrap_or_default(),
        p.locations.join("; "),
        p.remote.to_string(),
        p.posted.clone().unwrap_or_default(),
        p.url.clone().unwrap_or_default(),
        opt4(r.signals.semantic),
        format!("{:.4}", r.signals.keyword),
        opt4(r.signals.skills),
        format!("{:.4}", r.signals.title),
        opt4(r.signals.role),
        opt4(r.signals.occupation),
        opt4(r.signals.seniority),
        r.explanation.matched_skills.join("; "),
        r.explanation.missing_skills.join("; "),
    ]
}

fn opt4(v: Option<f32>) -> String {
    v.map(|v| format!("{v:.4}")).unwrap_or_default()
}

/// Keeps an I/O error's kind (a closed pipe must stay recognisable).
pub(super) fn csv_io(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}
