//! Reports, one exporter per format behind [`Exporter`], each in its own
//! file: a table for people (`table`), JSON Lines and CSV for scripts; and
//! the reports of the other commands: `explain`, `eval`, `check`.

pub mod candidates;
pub mod check;
mod csv;
pub mod eval;
pub mod explain;
pub mod gaps;
mod json;
pub mod posting;
mod table;

use csv::CsvExporter;
use json::JsonExporter;
pub use table::why_line;
use table::TableExporter;

use std::io::{self, Write};

use crate::postings::{Posting, Salary};
use crate::rank::explain::Explanation;
use crate::rank::Signals;

/// One ranked posting as shown to the user.
pub struct ResultRow<'a> {
    pub rank: usize,
    /// In [0, 1].
    pub score: f32,
    /// The signals fused into `score`, shown so a score can be checked.
    pub signals: Signals,
    pub posting: &'a Posting,
    pub explanation: &'a Explanation,
}

/// The results for one resume.
pub struct ResumeResults<'a> {
    pub resume: &'a str,
    /// The model's name, or `None` when ranking by keywords only.
    pub model: Option<&'a str>,
    /// Postings that passed the filters.
    pub considered: usize,
    /// What each filter let through; says why fewer than `top` are shown.
    pub funnel: &'a crate::rank::Funnel,
    /// How many rows were asked for.
    pub top: usize,
    pub rows: Vec<ResultRow<'a>>,
}

impl ResumeResults<'_> {
    /// ", 48 excluded" for the header when exclusions hid postings.
    pub fn excluded_note(&self) -> String {
        match self.funnel.removed_by(crate::rank::Stage::Excluded) {
            0 => String::new(),
            n => format!(", {} excluded", thousands(n as u64)),
        }
    }

    /// Why fewer rows than asked for, when so: the funnel of the filters.
    pub fn shortfall(&self) -> Option<String> {
        (self.rows.len() < self.top && !self.funnel.steps.is_empty()).then(|| self.funnel.describe())
    }
}

pub trait Exporter {
    /// Writes one resume's results; called once per resume, in input order.
    fn write(&mut self, report: &ResumeResults, out: &mut dyn Write) -> io::Result<()>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Json,
    Csv,
}

pub fn exporter(format: OutputFormat, color: bool, width: Option<u16>, explain: bool) -> Box<dyn Exporter> {
    match format {
        OutputFormat::Table => Box::new(TableExporter {
            color,
            width,
            explain,
            first: true,
        }),
        OutputFormat::Json => Box::new(JsonExporter),
        OutputFormat::Csv => Box::new(CsvExporter { header_written: false }),
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

pub use crate::text::thousands;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::postings::Period;

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
            seniority: crate::rank::explain::SeniorityNote {
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

    fn render_with(format: OutputFormat, explain: bool) -> String {
        let p = posting();
        let e = explanation();
        let report = ResumeResults {
            resume: "cv.pdf",
            model: Some("m"),
            considered: 1,
            funnel: &crate::rank::Funnel {
                total: 1,
                steps: Vec::new(),
            },
            top: 10,
            rows: vec![ResultRow {
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

    fn render(format: OutputFormat) -> String {
        render_with(format, false)
    }

    #[test]
    fn explain_adds_a_why_line_within_80_columns() {
        let t = render_with(OutputFormat::Table, true);
        assert!(t.lines().all(|l| l.chars().count() <= 80), "{t}");
        assert!(t.contains("why: has Deep Learning"), "{t}");
        assert!(t.contains("Content Moderation") && t.contains("10+ years"), "{t}");
    }

    #[test]
    fn table_fits_80_columns_without_colour() {
        let t = render(OutputFormat::Table);
        assert!(t.lines().all(|l| l.chars().count() <= 80), "{t}");
        assert!(!t.contains('\x1b'));
        assert!(t.contains("$249,900–$480,238/yr"), "{t}");
        assert!(t.contains("San Francisco, CA"), "{t}");
        assert!(t.contains(" 81 "), "{t}");
    }

    #[test]
    fn snapshots_of_each_format() {
        insta::assert_snapshot!("table", render(OutputFormat::Table));
        insta::assert_snapshot!("json", render(OutputFormat::Json));
        insta::assert_snapshot!("csv", render(OutputFormat::Csv));
    }

    #[test]
    fn long_fields_wrap_within_80_columns() {
        let e = explanation();
        let mut p = posting();
        p.locations = vec!["Llanfairpwllgwyngyllgogerychwyrndrobwll, Wales, United Kingdom".into()];
        p.company = Some("The Extraordinarily Long Named Holding Company of Greater Metropolitan Areas".into());
        let report = ResumeResults {
            resume: "cv.pdf",
            model: None,
            considered: 1,
            funnel: &crate::rank::Funnel {
                total: 1,
                steps: Vec::new(),
            },
            top: 10,
            rows: vec![ResultRow {
                rank: 1,
                score: 0.5,
                signals: Signals::default(),
                posting: &p,
                explanation: &e,
            }],
        };
        let mut out = Vec::new();
        exporter(OutputFormat::Table, false, Some(80), true)
            .write(&report, &mut out)
            .unwrap();
        let t = String::from_utf8(out).unwrap();
        assert!(t.lines().all(|l| l.chars().count() <= 80), "{t}");
        assert!(t.contains("Principal"), "{t}");
    }

    #[test]
    fn json_is_one_line_per_resume() {
        let j = render(OutputFormat::Json);
        assert_eq!(j.lines().count(), 1);
        let v: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v["matches"][0]["salary"]["period"], "year");
        assert_eq!(v["matches"][0]["score"], 0.8123);
    }

    #[test]
    fn csv_has_a_header_and_quotes_commas() {
        let c = render(OutputFormat::Csv);
        let mut r = ::csv::Reader::from_reader(c.as_bytes());
        let rec = r.records().next().unwrap().unwrap();
        assert_eq!(&rec[4], "Principal Machine Learning Engineer, Trust & Safety");
        assert_eq!(&rec[10], "San Francisco, CA, US; Remote, US");
    }
}
