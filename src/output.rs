//! Output formats, one exporter each behind [`Exporter`]: a table for people,
//! JSON Lines and CSV for scripts.

use std::io::{self, Write};

use comfy_table::{presets, Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table};
use serde_json::json;

use crate::corpus::{Posting, Salary};
use crate::fit::Explanation;
use crate::score::Signals;
use crate::text::sanitize::for_terminal;

/// One ranked posting as shown to the user.
pub struct Row<'a> {
    pub rank: usize,
    /// In [0, 1].
    pub score: f32,
    /// The signals fused into `score`, shown so a score can be checked.
    pub signals: Signals,
    pub posting: &'a Posting,
    pub explanation: &'a Explanation,
}

/// The results for one resume.
pub struct Report<'a> {
    pub resume: &'a str,
    /// The model's name, or `None` when ranking by keywords only.
    pub model: Option<&'a str>,
    /// Postings that passed the filters.
    pub considered: usize,
    pub rows: Vec<Row<'a>>,
}

pub trait Exporter {
    /// Writes one resume's results; called once per resume, in input order.
    fn write(&mut self, report: &Report, out: &mut dyn Write) -> io::Result<()>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

pub fn exporter(format: Format, color: bool, width: Option<u16>, explain: bool) -> Box<dyn Exporter> {
    match format {
        Format::Table => Box::new(TableExporter {
            color,
            width,
            explain,
            first: true,
        }),
        Format::Json => Box::new(JsonExporter),
        Format::Csv => Box::new(CsvExporter { header_written: false }),
    }
}

/// "$249,900–$480,238/yr", "$45–$60/hr", "€60,000/yr".
pub fn salary_text(s: &Salary) -> String {
    // No symbol at all when the source did not say which currency.
    let sym = match s.currency.as_deref() {
        Some("USD") => "$".to_string(),
        Some("EUR") => "€".to_string(),
        Some("GBP") => "£".to_string(),
        Some("CAD") => "CA$".to_string(),
        Some("AUD") => "A$".to_string(),
        Some("JPY") => "¥".to_string(),
        Some("INR") => "₹".to_string(),
        Some(other) => format!("{other} "),
        None => String::new(),
    };
    let amount = |v: f64| {
        let cents = (v * 100.0).round() as u64;
        let whole = thousands(cents / 100);
        if cents.is_multiple_of(100) {
            format!("{sym}{whole}")
        } else {
            format!("{sym}{whole}.{:02}", cents % 100)
        }
    };
    let range = match (s.min, s.max) {
        (Some(lo), Some(hi)) if lo == hi => amount(lo),
        (Some(lo), Some(hi)) => format!("{}–{}", amount(lo), amount(hi)),
        (Some(lo), None) => format!("from {}", amount(lo)),
        (None, Some(hi)) => format!("up to {}", amount(hi)),
        (None, None) => return "—".into(),
    };
    format!("{range}/{}", s.period.short())
}

/// 1600 → "1,600".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The first location without the country when it is the US, and how many more.
pub fn location_text(p: &Posting) -> String {
    const MAX_CHARS: usize = 28;
    let short = |l: &str| {
        let l = l.strip_suffix(", US").or_else(|| l.strip_suffix(", USA")).unwrap_or(l);
        if l.chars().count() > MAX_CHARS {
            format!("{}…", l.chars().take(MAX_CHARS - 1).collect::<String>())
        } else {
            l.to_string()
        }
    };
    let (remote, places): (Vec<&String>, Vec<&String>) =
        p.locations.iter().partition(|l| l.to_lowercase().starts_with("remote"));
    match (places.first(), places.len()) {
        (None, _) if !remote.is_empty() => "Remote".into(),
        (None, _) => "—".into(),
        (Some(first), 1) => short(first),
        (Some(first), n) => format!("{} +{}", short(first), n - 1),
    }
}

struct TableExporter {
    color: bool,
    width: Option<u16>,
    explain: bool,
    first: bool,
}

const WHY_INDENT: &str = "      ";

/// Greedy word wrap to `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// "has Python, SQL; lacks Kafka; role asks 5+ years; resume shows ~6 years"
pub fn why_line(e: &Explanation) -> String {
    let list = |v: &[String]| {
        const SHOWN: usize = 4;
        let mut s = v.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
        if v.len() > SHOWN {
            s.push_str(&format!(" +{}", v.len() - SHOWN));
        }
        s
    };
    let mut parts = Vec::new();
    if !e.matched_skills.is_empty() {
        parts.push(format!("has {}", list(&e.matched_skills)));
    }
    if !e.missing_skills.is_empty() {
        parts.push(format!("lacks {}", list(&e.missing_skills)));
    }
    if e.matched_skills.is_empty() && e.missing_skills.is_empty() {
        parts.push("no skills to compare".into());
    }
    parts.push(e.seniority.summary.clone());
    parts.join("; ")
}

impl Exporter for TableExporter {
    fn write(&mut self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        if !self.first {
            writeln!(out)?;
        }
        self.first = false;
        let how = if report.model.is_some() { "" } else { " (no model)" };
        writeln!(
            out,
            "{}: top {} of {} postings{how}",
            for_terminal(report.resume),
            report.rows.len(),
            thousands(report.considered as u64)
        )?;
        if report.rows.is_empty() {
            return writeln!(out, "no posting passes the filters");
        }
        let mut table = Table::new();
        table.load_preset(presets::UTF8_HORIZONTAL_ONLY);
        table.set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(w) = self.width {
            table.set_width(w);
        }
        if self.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        // Below ~110 columns, company shares the title's cell and location the
        // salary's, so an 80-column terminal keeps every field readable.
        let compact = table.width().unwrap_or(80) < 110;
        let header: &[&str] = if compact {
            &["#", "Score", "Title / Company", "Salary / Location", "Remote", "Posted"]
        } else {
            &[
                "#", "Score", "Title", "Company", "Salary", "Location", "Remote", "Posted",
            ]
        };
        table.set_header(header.iter().map(|h| {
            let c = Cell::new(h);
            if self.color {
                c.add_attribute(Attribute::Bold)
            } else {
                c
            }
        }));
        for row in &report.rows {
            let p = row.posting;
            let pct = (row.score * 100.0).round() as u32;
            let mut score = Cell::new(pct).set_alignment(CellAlignment::Right);
            if self.color {
                score = score.fg(match pct {
                    60.. => Color::Green,
                    40..=59 => Color::Yellow,
                    _ => Color::Red,
                });
            }
            let title = for_terminal(&p.title);
            let company = for_terminal(p.company.as_deref().unwrap_or("—"));
            let salary = p.salary.as_ref().map_or("—".into(), salary_text);
            let location = for_terminal(&location_text(p));
            let mut cells = vec![Cell::new(row.rank).set_alignment(CellAlignment::Right), score];
            if compact {
                cells.push(Cell::new(format!("{title}\n{company}")));
                cells.push(Cell::new(format!("{salary}\n{location}")));
            } else {
                cells.extend([
                    Cell::new(title),
                    Cell::new(company),
                    Cell::new(salary),
                    Cell::new(location),
                ]);
            }
            cells.push(Cell::new(if p.remote { "yes" } else { "no" }));
            cells.push(Cell::new(p.posted.as_deref().unwrap_or("—")));
            table.add_row(cells);
        }
        let fixed = if compact { [0, 1, 4, 5] } else { [0, 1, 6, 7] };
        for i in fixed {
            if let Some(col) = table.column_mut(i) {
                col.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
        // Wide enough for "$249,900–$480,238/yr" on one line; longer text wraps.
        let salary_col = if compact { 3 } else { 4 };
        if let Some(col) = table.column_mut(salary_col) {
            col.set_constraint(ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(20)));
        }
        if !self.explain {
            return writeln!(out, "{table}");
        }
        // Rules between rows mark where each row ends: its "why" goes just above.
        table.set_style(comfy_table::TableComponent::HorizontalLines, '─');
        table.set_style(comfy_table::TableComponent::MiddleIntersections, '─');
        table.set_style(comfy_table::TableComponent::LeftBorderIntersections, ' ');
        table.set_style(comfy_table::TableComponent::RightBorderIntersections, ' ');
        let width = table.width().unwrap_or(80) as usize;
        let rendered = table.to_string();
        let mut whys = report.rows.iter().map(|r| for_terminal(&why_line(r.explanation)));
        let mut in_body = false;
        for line in rendered.lines() {
            let rule = !line.trim().is_empty() && line.trim().chars().all(|c| c == '─');
            if line.contains('═') {
                in_body = true;
            } else if in_body && rule {
                if let Some(why) = whys.next() {
                    for l in wrap(&format!("why: {why}"), width.saturating_sub(WHY_INDENT.len()).max(20)) {
                        writeln!(out, "{WHY_INDENT}{l}")?;
                    }
                }
            }
            writeln!(out, "{line}")?;
        }
        Ok(())
    }
}

struct JsonExporter;

impl Exporter for JsonExporter {
    fn write(&mut self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
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

struct CsvExporter {
    header_written: bool,
}

impl Exporter for CsvExporter {
    fn write(&mut self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        if !self.header_written {
            w.write_record([
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
            ])
            .map_err(csv_io)?;
            self.header_written = true;
        }
        let num = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        for r in &report.rows {
            let p = r.posting;
            let s = p.salary.as_ref();
            w.write_record([
                report.resume.to_string(),
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
            ])
            .map_err(csv_io)?;
        }
        w.flush()
    }
}

fn opt4(v: Option<f32>) -> String {
    v.map(|v| format!("{v:.4}")).unwrap_or_default()
}

/// Keeps an I/O error's kind (a closed pipe must stay recognisable).
fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Period;

    fn posting() -> Posting {
        Posting {
            id: "pinterest-ml-ts".into(),
            title: "Principal Machine Learning Engineer, Trust & Safety".into(),
            company: Some("Pinterest".into()),
            description: String::new(),
            requirements: vec![],
            responsibilities: vec![],
            other: vec![],
            salary: Some(Salary {
                min: Some(249900.0),
                max: Some(480238.0),
                currency: Some("USD".into()),
                period: Period::Year,
            }),
            locations: vec!["San Francisco, CA, US".into(), "Remote, US".into()],
            remote: true,
            posted: Some("2025-11-05".into()),
            url: None,
        }
    }

    #[test]
    fn salaries_read_like_a_person_writes_them() {
        assert_eq!(salary_text(posting().salary.as_ref().unwrap()), "$249,900–$480,238/yr");
        let hourly = Salary {
            min: Some(45.0),
            max: Some(60.5),
            currency: Some("USD".into()),
            period: Period::Hour,
        };
        assert_eq!(salary_text(&hourly), "$45–$60.50/hr");
        let eur = Salary {
            min: None,
            max: Some(60000.0),
            currency: Some("EUR".into()),
            period: Period::Year,
        };
        assert_eq!(salary_text(&eur), "up to €60,000/yr");
    }

    #[test]
    fn locations_are_shortened() {
        let mut p = posting();
        assert_eq!(location_text(&p), "San Francisco, CA");
        p.locations = vec!["Remote, US".into()];
        assert_eq!(location_text(&p), "Remote");
        p.locations = vec![
            "Austin, TX, US".into(),
            "Denver, CO, US".into(),
            "Boston, MA, US".into(),
        ];
        assert_eq!(location_text(&p), "Austin, TX +2");
    }

    fn explanation() -> Explanation {
        Explanation {
            matched_skills: vec!["Deep Learning".into(), "Large Language Models".into()],
            missing_skills: vec!["Content Moderation".into()],
            missing_preferred: vec![],
            seniority: crate::fit::SeniorityNote {
                posting_level: Some("principal"),
                resume_level: Some("senior"),
                years_required: Some(10.0),
                resume_years: Some(8.0),
                summary: "role asks 10+ years; resume shows ~8 years (senior); close".into(),
            },
            best_passage: None,
            occupation: None,
            notes: vec![],
        }
    }

    fn signals() -> Signals {
        Signals {
            semantic: Some(0.7497),
            keyword: 0.5,
            skills: Some(0.8),
            title: 1.0,
            role: Some(0.61),
            occupation: Some(0.75),
            seniority: Some(0.7),
        }
    }

    fn render_with(format: Format, explain: bool) -> String {
        let p = posting();
        let e = explanation();
        let report = Report {
            resume: "cv.pdf",
            model: Some("m"),
            considered: 1,
            rows: vec![Row {
                rank: 1,
                score: 0.8123,
                signals: signals(),
                posting: &p,
                explanation: &e,
            }],
        };
        let mut out = Vec::new();
        exporter(format, false, Some(80), explain)
            .write(&report, &mut out)
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    fn render(format: Format) -> String {
        render_with(format, false)
    }

    #[test]
    fn explain_adds_a_why_line_within_80_columns() {
        let t = render_with(Format::Table, true);
        assert!(t.lines().all(|l| l.chars().count() <= 80), "{t}");
        assert!(t.contains("why: has Deep Learning"), "{t}");
        assert!(t.contains("Content Moderation") && t.contains("10+ years"), "{t}");
    }

    #[test]
    fn table_fits_80_columns_without_colour() {
        let t = render(Format::Table);
        assert!(t.lines().all(|l| l.chars().count() <= 80), "{t}");
        assert!(!t.contains('\x1b'));
        assert!(t.contains("$249,900–$480,238/yr"), "{t}");
        assert!(t.contains("San Francisco, CA"), "{t}");
        assert!(t.contains(" 81 "), "{t}");
    }

    #[test]
    fn snapshots_of_each_format() {
        insta::assert_snapshot!("table", render(Format::Table));
        insta::assert_snapshot!("json", render(Format::Json));
        insta::assert_snapshot!("csv", render(Format::Csv));
    }

    #[test]
    fn long_fields_wrap_within_80_columns() {
        let e = explanation();
        let mut p = posting();
        p.locations = vec!["Llanfairpwllgwyngyllgogerychwyrndrobwll, Wales, United Kingdom".into()];
        p.company = Some("The Extraordinarily Long Named Holding Company of Greater Metropolitan Areas".into());
        let report = Report {
            resume: "cv.pdf",
            model: None,
            considered: 1,
            rows: vec![Row {
                rank: 1,
                score: 0.5,
                signals: Signals::default(),
                posting: &p,
                explanation: &e,
            }],
        };
        let mut out = Vec::new();
        exporter(Format::Table, false, Some(80), true)
            .write(&report, &mut out)
            .unwrap();
        let t = String::from_utf8(out).unwrap();
        assert!(t.lines().all(|l| l.chars().count() <= 80), "{t}");
        assert!(t.contains("Principal"), "{t}");
    }

    #[test]
    fn json_is_one_line_per_resume() {
        let j = render(Format::Json);
        assert_eq!(j.lines().count(), 1);
        let v: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v["matches"][0]["salary"]["period"], "year");
        assert_eq!(v["matches"][0]["score"], 0.8123);
    }

    #[test]
    fn csv_has_a_header_and_quotes_commas() {
        let c = render(Format::Csv);
        let mut r = csv::Reader::from_reader(c.as_bytes());
        let rec = r.records().next().unwrap().unwrap();
        assert_eq!(&rec[4], "Principal Machine Learning Engineer, Trust & Safety");
        assert_eq!(&rec[10], "San Francisco, CA, US; Remote, US");
    }
}
