//! The `filtr rank` report: candidates for one posting, as a table, one JSON
//! object, or CSV. Each row carries what a `match` row carries, plus the
//! candidate.

use std::io::{self, Write};

use comfy_table::{presets, Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width};
use serde_json::json;

use crate::postings::Posting;
use crate::text::sanitize::for_terminal;

use super::{csv, json, thousands, OutputFormat, ResultRow};

/// One ranked resume.
pub struct Candidate<'a> {
    /// The resume's file, as given.
    pub file: &'a str,
    /// The person's name, when the resume's first lines give one.
    pub name: Option<String>,
    pub level: Option<&'static str>,
    pub years: Option<f64>,
    /// The match, as `filtr match` reports it (its rank among the candidates).
    pub row: ResultRow<'a>,
}

pub struct CandidateResults<'a> {
    pub posting: &'a Posting,
    /// "corpus" when the posting is one of the corpus's, else the file it came from.
    pub posting_source: &'a str,
    /// Whose statistics scored it.
    pub corpus: &'a str,
    pub model: Option<&'a str>,
    /// Resumes ranked (the rows are the best of them).
    pub ranked: usize,
    pub candidates: Vec<Candidate<'a>>,
}

fn years_text(y: f64) -> String {
    let r = (y * 2.0).round() / 2.0;
    if r.fract() == 0.0 {
        format!("{r:.0} yrs")
    } else {
        format!("{r:.1} yrs")
    }
}

fn ellipsis(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>().trim_end())
    }
}

/// A passage on one line, without the section heading it may start with ("SUMMARY").
fn passage_text(p: &str) -> String {
    let lines: Vec<&str> = p
        .lines()
        .map(|l| l.trim().trim_start_matches(['-', '•', '*']).trim())
        .filter(|l| !l.is_empty())
        .collect();
    let heading = lines.len() > 1 && lines[0].len() < 30 && !lines[0].chars().any(char::is_lowercase);
    lines[usize::from(heading)..].join(" ")
}

impl CandidateResults<'_> {
    pub fn write(&self, format: OutputFormat, out: &mut dyn Write, width: u16, explain: bool) -> io::Result<()> {
        match format {
            OutputFormat::Table => self.write_table(out, width, explain),
            OutputFormat::Json => self.write_json(out),
            OutputFormat::Csv => self.write_csv(out),
        }
    }

    fn write_table(&self, out: &mut dyn Write, width: u16, explain: bool) -> io::Result<()> {
        let p = self.posting;
        writeln!(
            out,
            "{}{} ({}): top {} of {} candidates{}",
            for_terminal(&p.title),
            p.company
                .as_deref()
                .map(|c| format!(" — {}", for_terminal(c)))
                .unwrap_or_default(),
            for_terminal(&p.id),
            self.candidates.len(),
            thousands(self.ranked as u64),
            if self.model.is_some() { "" } else { " (no model)" }
        )?;
        writeln!(
            out,
            "posting from {}; scored with the statistics of {}",
            for_terminal(self.posting_source),
            for_terminal(self.corpus)
        )?;
        if self.candidates.is_empty() {
            return writeln!(out, "no candidate could be ranked");
        }
        let mut t = Table::new();
        t.load_preset(presets::UTF8_HORIZONTAL_ONLY);
        t.set_content_arrangement(ContentArrangement::Dynamic);
        t.set_width(width);
        t.force_no_tty();
        t.set_header(["#", "Score", "Candidate", "Level", "Required skills", "Best passage"]);
        for c in &self.candidates {
            let e = c.row.explanation;
            let skills = if e.matched_skills.is_empty() && e.missing_skills.is_empty() {
                "—".to_string()
            } else {
                let mut s = format!("has {}", e.matched_skills.len());
                if !e.missing_skills.is_empty() {
                    s.push_str(&format!("; lacks {}", ellipsis(&e.missing_skills.join(", "), 60)));
                }
                s
            };
            let file = std::path::Path::new(c.file)
                .file_name()
                .map_or(c.file.into(), |f| f.to_string_lossy());
            let who = match &c.name {
                Some(n) => format!("{}\n{}", for_terminal(n), for_terminal(&file)),
                None => for_terminal(&file),
            };
            let level = match (c.level, c.years) {
                (Some(l), Some(y)) => format!("{l}\n{}", years_text(y)),
                (Some(l), None) => l.to_string(),
                (None, Some(y)) => years_text(y),
                (None, None) => "—".into(),
            };
            let passage = e
                .best_passage
                .as_ref()
                .map_or("—".into(), |p| for_terminal(&ellipsis(&passage_text(&p.resume), 72)));
            t.add_row([
                Cell::new(c.row.rank).set_alignment(CellAlignment::Right),
                Cell::new((c.row.score * 100.0).round() as u32).set_alignment(CellAlignment::Right),
                Cell::new(who),
                Cell::new(level),
                Cell::new(for_terminal(&skills)),
                Cell::new(passage),
            ]);
        }
        for (col, constraint) in [
            (0, ColumnConstraint::ContentWidth),
            (1, ColumnConstraint::ContentWidth),
            (2, ColumnConstraint::UpperBoundary(Width::Fixed(22))),
            (4, ColumnConstraint::UpperBoundary(Width::Fixed(24))),
            (5, ColumnConstraint::LowerBoundary(Width::Fixed(24))),
        ] {
            if let Some(c) = t.column_mut(col) {
                c.set_constraint(constraint);
            }
        }
        writeln!(out, "{t}")?;
        if explain {
            for c in &self.candidates {
                writeln!(
                    out,
                    "{:>3}. {}: {}",
                    c.row.rank,
                    for_terminal(c.file),
                    for_terminal(&super::why_line(c.row.explanation))
                )?;
            }
        }
        Ok(())
    }

    fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let candidates: Vec<_> = self
            .candidates
            .iter()
            .map(|c| {
                let mut v = json::match_json(&c.row);
                v["candidate"] = json!(c.file);
                v["name"] = json!(c.name);
                v["level"] = json!(c.level);
                v["years"] = json!(c.years.map(|y| (y * 10.0).round() / 10.0));
                v
            })
            .collect();
        let v = json!({
            "posting": self.posting.id,
            "posting_source": self.posting_source,
            "corpus": self.corpus,
            "model": self.model,
            "ranked": self.ranked,
            "candidates": candidates,
        });
        serde_json::to_writer(&mut *out, &v)?;
        writeln!(out)
    }

    fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut w = ::csv::Writer::from_writer(out);
        let mut header: Vec<&str> = csv::HEADER.to_vec();
        header[0] = "candidate";
        header.extend(["name", "level", "years"]);
        w.write_record(&header).map_err(csv::csv_io)?;
        for c in &self.candidates {
            let mut r = csv::record(c.file, &c.row);
            r.push(c.name.clone().unwrap_or_default());
            r.push(c.level.unwrap_or_default().to_string());
            r.push(c.years.map(|y| format!("{y:.1}")).unwrap_or_default());
            w.write_record(&r).map_err(csv::csv_io)?;
        }
        w.flush()
    }
}
