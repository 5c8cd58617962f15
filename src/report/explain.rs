//! `filtr explain`: one posting's score taken apart, as text or one JSON line.

use std::io::{self, Write};

use super::{location_text, salary_text, thousands};
use crate::postings::Posting;
use crate::rank::{Explanation, Signals, Weights};
use crate::text::sanitize::for_terminal as t;

/// One posting scored for one resume, and where it ranks among all.
pub struct PostingReport<'a> {
    pub resume: &'a str,
    pub posting: &'a Posting,
    pub score: f32,
    /// 1-based position among all postings.
    pub rank: usize,
    pub of: usize,
    pub signals: Signals,
    pub weights: Weights,
    pub explanation: &'a Explanation,
}

impl PostingReport<'_> {
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let (p, w) = (self.posting, &self.weights);
        let line = serde_json::json!({
            "resume": self.resume,
            "id": p.id,
            "title": p.title,
            "company": p.company,
            "score": self.score,
            "rank": self.rank,
            "of": self.of,
            "signals": self.signals,
            "weights": {
                "semantic": w.semantic, "keyword": w.keyword,
                "skills": w.skills, "title": w.title, "role": w.role,
                "occupation": w.occupation, "seniority": w.seniority,
                "calibration": {"slope": w.calibration.slope, "offset": w.calibration.offset},
            },
            "explanation": self.explanation,
        });
        serde_json::to_writer(&mut *out, &line)?;
        writeln!(out)
    }

    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        let (p, e) = (self.posting, self.explanation);
        writeln!(out, "{} — {}", t(&p.title), t(p.company.as_deref().unwrap_or("—")))?;
        writeln!(
            out,
            "{} · {}{}",
            p.salary.as_ref().map_or("salary not given".into(), salary_text),
            t(&location_text(p)),
            if p.remote { " · remote" } else { "" }
        )?;
        writeln!(
            out,
            "\nScore {:.0} — rank {} of {}",
            self.score * 100.0,
            self.rank,
            thousands(self.of as u64)
        )?;
        let pct = |v: Option<f32>| v.map_or("unknown (not counted)".to_string(), |v| format!("{:.0}", v * 100.0));
        for c in self.weights.contributions(&self.signals) {
            writeln!(
                out,
                "  {:<10} {:>20}  weight {:.2}  {}",
                c.signal,
                pct(c.value),
                c.weight,
                c.meaning
            )?;
        }
        let list = |v: &[String]| if v.is_empty() { "—".to_string() } else { v.join(", ") };
        writeln!(out, "\nSkills matched:           {}", t(&list(&e.matched_skills)))?;
        writeln!(out, "Missing (required):       {}", t(&list(&e.missing_skills)))?;
        writeln!(out, "Missing (nice to have):   {}", t(&list(&e.missing_preferred)))?;
        writeln!(out, "Seniority:                {}", t(&e.seniority.summary))?;
        if let Some(o) = &e.occupation {
            writeln!(
                out,
                "Occupation:               posting {}; resume nearest {}",
                o.posting, o.resume
            )?;
        }
        if let Some(bp) = &e.best_passage {
            writeln!(out, "\nBest matching passages (similarity {:.2}):", bp.similarity)?;
            writeln!(out, "  resume:  {}", t(&bp.resume.replace('\n', " ")))?;
            writeln!(out, "  posting: {}", t(&bp.posting.replace('\n', " ")))?;
        }
        for n in &e.notes {
            writeln!(out, "note: {n}")?;
        }
        Ok(())
    }
}
