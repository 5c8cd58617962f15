//! Job postings: the schema, the native JSON / JSON Lines format, and validation.
//!
//! Postings are validated one by one from `serde_json::Value`s rather than
//! deserialised in one go, so that one bad posting names itself (index, id,
//! field) and does not hide the thousands of good ones around it.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value};

/// Pay above this, in any period and currency, is a data error, not a salary.
const MAX_AMOUNT: f64 = 1e9;

/// The corpus compiled into the binary, so `filtr match` works from any directory.
pub const BUNDLED_JSON: &str = include_str!("../data/postings.json");
/// The name used for the bundled corpus in messages and cache keys.
pub const BUNDLED_NAME: &str = "<bundled corpus>";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Year,
    Month,
    Week,
    Day,
    Hour,
}

impl Period {
    /// Units per year: 2,080 working hours, 260 working days, 52 weeks, 12 months.
    pub fn per_year(self) -> f64 {
        match self {
            Period::Year => 1.0,
            Period::Month => 12.0,
            Period::Week => 52.0,
            Period::Day => 260.0,
            Period::Hour => 2080.0,
        }
    }

    /// The schema's name: "year", "hour", …
    pub fn name(self) -> &'static str {
        match self {
            Period::Year => "year",
            Period::Month => "month",
            Period::Week => "week",
            Period::Day => "day",
            Period::Hour => "hour",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Period::Year => "yr",
            Period::Month => "mo",
            Period::Week => "wk",
            Period::Day => "day",
            Period::Hour => "hr",
        }
    }

    fn parse(s: &str) -> Option<Period> {
        Some(match s.to_ascii_lowercase().as_str() {
            "year" | "yearly" | "annual" => Period::Year,
            "month" | "monthly" => Period::Month,
            "week" | "weekly" => Period::Week,
            "day" | "daily" => Period::Day,
            "hour" | "hourly" => Period::Hour,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Salary {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub currency: String,
    pub period: Period,
}

impl Salary {
    /// The top of the range as a yearly figure (the bottom if there is no top).
    pub fn yearly_max(&self) -> Option<f64> {
        self.max.or(self.min).map(|v| v * self.period.per_year())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Posting {
    pub id: String,
    pub title: String,
    pub company: Option<String>,
    pub description: String,
    pub requirements: Vec<String>,
    pub responsibilities: Vec<String>,
    pub salary: Option<Salary>,
    pub locations: Vec<String>,
    pub remote: bool,
    pub posted: Option<String>,
    pub url: Option<String>,
}

/// Why one posting was left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub index: usize,
    /// Line in the file, for JSON Lines.
    pub line: Option<usize>,
    pub id: Option<String>,
    pub field: String,
    pub problem: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = Vec::new();
        if let Some(line) = self.line {
            place.push(format!("line {line}"));
        }
        if let Some(id) = &self.id {
            place.push(format!("id {id:?}"));
        }
        write!(f, "posting {}", self.index)?;
        if !place.is_empty() {
            write!(f, " ({})", place.join(", "))?;
        }
        write!(f, ": field `{}` {}", self.field, self.problem)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("cannot read corpus {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{name}:{line}:{column}: invalid JSON: {message}")]
    Syntax {
        name: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{name}: {message}")]
    Shape { name: String, message: String },
    #[error("{name}: the corpus has no postings")]
    Empty { name: String },
    #[error("{name}: no valid postings: all {total} were skipped (first: {first})")]
    AllInvalid {
        name: String,
        total: usize,
        first: Box<Skipped>,
    },
    #[error("{name}: {first} ({count} invalid postings in all; strict mode is on)")]
    Strict {
        name: String,
        first: Box<Skipped>,
        count: usize,
    },
}

/// A loaded corpus: the valid postings and what was skipped.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub name: String,
    pub postings: Vec<Posting>,
    pub skipped: Vec<Skipped>,
    /// Postings in the file, valid or not.
    pub total: usize,
}

impl Corpus {
    pub fn bundled() -> Result<Corpus, CorpusError> {
        Corpus::parse(BUNDLED_NAME, BUNDLED_JSON, false)
    }

    pub fn load(path: &Path, strict: bool) -> Result<Corpus, CorpusError> {
        let bytes = std::fs::read(path).map_err(|source| CorpusError::Io {
            path: path.to_owned(),
            source,
        })?;
        let name = path.display().to_string();
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            let (line, column) = line_col(&bytes, e.valid_up_to());
            CorpusError::Syntax {
                name: name.clone(),
                line,
                column,
                message: "invalid UTF-8".into(),
            }
        })?;
        Corpus::parse(&name, text, strict)
    }

    /// Parses a JSON array of postings or JSON Lines, told apart by content:
    /// a document starting with `[` is an array, anything else is one posting per line.
    pub fn parse(name: &str, text: &str, strict: bool) -> Result<Corpus, CorpusError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let trimmed = text.trim_start();
        let items: Vec<(Value, Option<usize>)> = if trimmed.is_empty() {
            return Err(CorpusError::Empty { name: name.into() });
        } else if trimmed.starts_with('[') {
            let values: Vec<Value> = serde_json::from_str(text).map_err(|e| syntax(name, &e, 0))?;
            values.into_iter().map(|v| (v, None)).collect()
        } else {
            let mut out = Vec::new();
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let v: Value = serde_json::from_str(line).map_err(|e| {
                    if serde_json::from_str::<Map<String, Value>>(text).is_ok() {
                        return CorpusError::Shape {
                            name: name.into(),
                            message: "a single JSON object spread over several lines; expected an array of postings or JSON Lines (one posting per line)".into(),
                        };
                    }
                    syntax(name, &e, i)
                })?;
                out.push((v, Some(i + 1)));
            }
            out
        };
        if items.is_empty() {
            return Err(CorpusError::Empty { name: name.into() });
        }
        let total = items.len();
        let mut postings = Vec::with_capacity(total);
        let mut skipped = Vec::new();
        let parsed: Vec<(Option<usize>, Validated)> = items
            .into_iter()
            .enumerate()
            .map(|(index, (value, line))| (line, posting_from_value(index, value)))
            .collect();
        // A posting without an id gets its position, unless a posting's own id already says that.
        let explicit: HashSet<&str> = parsed
            .iter()
            .filter_map(|(_, r)| match r {
                Ok((p, true)) => Some(p.id.as_str()),
                _ => None,
            })
            .collect();
        let defaults: Vec<Option<String>> = parsed
            .iter()
            .enumerate()
            .map(|(index, (_, r))| {
                matches!(r, Ok((_, false))).then(|| {
                    let id = index.to_string();
                    if explicit.contains(id.as_str()) {
                        format!("#{index}")
                    } else {
                        id
                    }
                })
            })
            .collect();
        let mut seen = HashSet::with_capacity(total);
        for (index, ((line, result), default)) in parsed.into_iter().zip(defaults).enumerate() {
            match result {
                Ok((p, true)) if !seen.insert(p.id.clone()) => skipped.push(Skipped {
                    index,
                    line,
                    id: Some(p.id),
                    field: "id".into(),
                    problem: "repeats an earlier posting's id".into(),
                }),
                Ok((mut p, explicit)) => {
                    if !explicit {
                        p.id = default.expect("a default id for each posting without one");
                    }
                    postings.push(p)
                }
                Err(mut s) => {
                    s.line = line;
                    skipped.push(s)
                }
            }
        }
        if postings.is_empty() {
            return Err(CorpusError::AllInvalid {
                name: name.into(),
                total,
                first: Box::new(skipped.swap_remove(0)),
            });
        }
        if strict && !skipped.is_empty() {
            let count = skipped.len();
            return Err(CorpusError::Strict {
                name: name.into(),
                first: Box::new(skipped.swap_remove(0)),
                count,
            });
        }
        Ok(Corpus {
            name: name.into(),
            postings,
            skipped,
            total,
        })
    }
}

fn syntax(name: &str, e: &serde_json::Error, line_offset: usize) -> CorpusError {
    CorpusError::Syntax {
        name: name.into(),
        line: e.line() + line_offset,
        column: e.column(),
        message: e.to_string().split(" at line ").next().unwrap_or_default().to_string(),
    }
}

fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    (line, offset - start + 1)
}

struct Fields<'a> {
    index: usize,
    id: Option<String>,
    map: &'a Map<String, Value>,
}

impl Fields<'_> {
    fn fail(&self, field: &str, problem: impl Into<String>) -> Skipped {
        Skipped {
            index: self.index,
            line: None,
            id: self.id.clone(),
            field: field.into(),
            problem: problem.into(),
        }
    }

    /// A present, non-null field.
    fn get(&self, field: &str) -> Option<&Value> {
        self.map.get(field).filter(|v| !v.is_null())
    }

    fn string(&self, field: &str) -> Result<Option<String>, Skipped> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
            Some(other) => Err(self.fail(field, format!("must be a string, found {}", kind(other)))),
        }
    }

    fn strings(&self, field: &str) -> Result<Vec<String>, Skipped> {
        match self.get(field) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.is_null())
                .map(|(i, v)| match v {
                    Value::String(s) => Ok(s.trim().to_string()),
                    other => Err(self.fail(
                        field,
                        format!("must be an array of strings, item {i} is {}", kind(other)),
                    )),
                })
                .filter(|r| !matches!(r, Ok(s) if s.is_empty()))
                .collect(),
            Some(other) => Err(self.fail(field, format!("must be an array of strings, found {}", kind(other)))),
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A valid posting and whether its id came from the file, or why it is skipped.
type Validated = Result<(Posting, bool), Skipped>;

fn posting_from_value(index: usize, value: Value) -> Validated {
    let Value::Object(map) = &value else {
        return Err(Skipped {
            index,
            line: None,
            id: None,
            field: "(posting)".into(),
            problem: format!("must be an object, found {}", kind(&value)),
        });
    };
    let mut f = Fields { index, id: None, map };
    // Integer ids are common in exported data; they are kept as their decimal text.
    f.id = match f.get("id") {
        None => None,
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Number(n)) if n.is_u64() || n.is_i64() => Some(n.to_string()),
        Some(other) => return Err(f.fail("id", format!("must be a non-empty string, found {}", kind(other)))),
    };
    let title = match f.string("title")? {
        Some(t) if !t.is_empty() => t,
        Some(_) => return Err(f.fail("title", "is empty")),
        None => return Err(f.fail("title", "is missing")),
    };
    let remote = match f.get("remote") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => return Err(f.fail("remote", format!("must be true or false, found {}", kind(other)))),
    };
    let posted = match f.string("posted")? {
        Some(d) if valid_date(&d) => Some(d),
        Some(d) => return Err(f.fail("posted", format!("must be a date YYYY-MM-DD, found {d:?}"))),
        None => None,
    };
    let posting = Posting {
        company: f.string("company")?.filter(|s| !s.is_empty()),
        description: f.string("description")?.unwrap_or_default(),
        requirements: f.strings("requirements")?,
        responsibilities: f.strings("responsibilities")?,
        salary: salary(&f)?,
        locations: f.strings("locations")?,
        url: f.string("url")?.filter(|s| !s.is_empty()),
        id: f.id.clone().unwrap_or_default(),
        title,
        remote,
        posted,
    };
    Ok((posting, f.id.is_some()))
}

fn salary(f: &Fields) -> Result<Option<Salary>, Skipped> {
    let Some(v) = f.get("salary") else {
        return Ok(None);
    };
    let Value::Object(m) = v else {
        return Err(f.fail("salary", format!("must be an object, found {}", kind(v))));
    };
    let amount = |key: &str| -> Result<Option<f64>, Skipped> {
        match m.get(key).filter(|v| !v.is_null()) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(x) if x.is_finite() && (0.0..=MAX_AMOUNT).contains(&x) => Ok(Some(x)),
                _ => Err(f.fail(
                    &format!("salary.{key}"),
                    format!("must be a number from 0 to 1,000,000,000, found {n}"),
                )),
            },
            Some(other) => Err(f.fail(
                &format!("salary.{key}"),
                format!("must be a number, found {}", kind(other)),
            )),
        }
    };
    let (min, max) = (amount("min")?, amount("max")?);
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo > hi {
            return Err(f.fail("salary", format!("min {lo} is above max {hi}")));
        }
    }
    let currency = match m.get("currency").filter(|v| !v.is_null()) {
        None => "USD".to_string(),
        Some(Value::String(c)) if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_alphabetic()) => {
            c.to_ascii_uppercase()
        }
        Some(other) => {
            return Err(f.fail(
                "salary.currency",
                format!("must be an ISO 4217 code like \"USD\", found {other}"),
            ))
        }
    };
    let period = match m.get("period").filter(|v| !v.is_null()) {
        None => Period::Year,
        Some(Value::String(p)) => Period::parse(p).ok_or_else(|| {
            f.fail(
                "salary.period",
                format!("must be year, month, week, day or hour, found {p:?}"),
            )
        })?,
        Some(other) => return Err(f.fail("salary.period", format!("must be a string, found {}", kind(other)))),
    };
    if min.is_none() && max.is_none() {
        return Ok(None);
    }
    Ok(Some(Salary {
        min,
        max,
        currency,
        period,
    }))
}

/// `YYYY-MM-DD` with a real calendar day.
pub fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        s[r].parse::<u32>()
            .ok()
            .filter(|_| b[..].iter().all(|c| c.is_ascii_digit() || *c == b'-'))
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_and_json_lines_are_told_apart_by_content() {
        let arr = Corpus::parse("a", r#"[{"title":"A"},{"title":"B","id":"x"}]"#, false).unwrap();
        assert_eq!(arr.postings.len(), 2);
        assert_eq!(arr.postings[0].id, "0");
        assert_eq!(arr.postings[1].id, "x");
        let jsonl = Corpus::parse("b", "{\"title\":\"A\"}\n\n{\"title\":\"B\"}\n", false).unwrap();
        assert_eq!(jsonl.postings.len(), 2);
    }

    #[test]
    fn syntax_error_names_line_and_column() {
        let err = Corpus::parse("c.json", "[\n{\"title\": \"A\"},\n{\"title\": }\n]", false).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("c.json:3:11:"), "{msg}");
        let err = Corpus::parse("c.jsonl", "{\"title\":\"A\"}\n{\"title\" \"B\"}\n", false).unwrap_err();
        assert!(err.to_string().starts_with("c.jsonl:2:10:"), "{err}");
        let err = Corpus::parse("d.json", "{\n  \"title\": \"A\"\n}\n", false).unwrap_err();
        assert!(err.to_string().contains("single JSON object"), "{err}");
    }

    #[test]
    fn bad_postings_are_skipped_with_their_field() {
        let text = r#"[{"title":"ok"},{"id":"b"},{"title":"x","remote":"yes"},{"title":"y","salary":{"min":"lots"}},{"title":"ok2","id":"b2","salary":{"min":10,"max":20,"period":"hour"}}]"#;
        let c = Corpus::parse("d", text, false).unwrap();
        assert_eq!(c.postings.len(), 2);
        assert_eq!(c.total, 5);
        let fields: Vec<_> = c.skipped.iter().map(|s| s.field.as_str()).collect();
        assert_eq!(fields, ["title", "remote", "salary.min"]);
        assert_eq!(
            c.skipped[0].to_string(),
            "posting 1 (id \"b\"): field `title` is missing"
        );
        let s = c.postings[1].salary.as_ref().unwrap();
        assert_eq!(s.yearly_max(), Some(20.0 * 2080.0));
        assert_eq!(s.currency, "USD");
        assert!(matches!(
            Corpus::parse("d", text, true),
            Err(CorpusError::Strict { count: 3, .. })
        ));
    }

    #[test]
    fn empty_and_all_invalid_corpora_are_errors() {
        assert!(matches!(
            Corpus::parse("e", "  \n", false),
            Err(CorpusError::Empty { .. })
        ));
        assert!(matches!(
            Corpus::parse("e", "[]", false),
            Err(CorpusError::Empty { .. })
        ));
        assert!(matches!(
            Corpus::parse("e", "[{\"x\":1}]", false),
            Err(CorpusError::AllInvalid { .. })
        ));
    }

    #[test]
    fn default_ids_never_collide_with_given_ones() {
        let c = Corpus::parse("g", r#"[{"id":"1","title":"A"},{"title":"B"},{"title":"C"}]"#, false).unwrap();
        let ids: Vec<_> = c.postings.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["1", "#1", "2"]);
        let c = Corpus::parse("g", r#"[{"title":"A"},{"id":"x","title":5}]"#, false).unwrap();
        assert_eq!(c.skipped[0].id.as_deref(), Some("x"));
        let c = Corpus::parse("g", r#"[{"title":"A"},{"title":5}]"#, false).unwrap();
        assert_eq!(c.skipped[0].id, None, "a made-up id is not shown as the file's");
    }

    #[test]
    fn absurd_salaries_are_rejected() {
        let c = Corpus::parse(
            "h",
            r#"[{"title":"A"},{"title":"B","salary":{"min":1e300,"max":1e308}}]"#,
            false,
        )
        .unwrap();
        assert_eq!(c.skipped[0].field, "salary.min");
    }

    #[test]
    fn duplicate_ids_are_skipped() {
        let c = Corpus::parse("f", r#"[{"id":"a","title":"A"},{"id":"a","title":"B"}]"#, false).unwrap();
        assert_eq!(c.postings.len(), 1);
        assert_eq!(c.skipped[0].field, "id");
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2023-02-29"));
        assert!(!valid_date("2025-13-01"));
        assert!(!valid_date("2025-1-01"));
        assert!(!valid_date("+025-01-01"));
    }

    #[test]
    fn bundled_corpus_is_valid_and_holds_the_pinterest_posting() {
        let c = Corpus::bundled().unwrap();
        assert!(c.postings.len() >= 1500, "{}", c.postings.len());
        assert!(c.skipped.is_empty(), "{:?}", c.skipped.first());
        let p = c
            .postings
            .iter()
            .find(|p| p.title == "Principal Machine Learning Engineer, Trust & Safety")
            .unwrap();
        assert_eq!(p.company.as_deref(), Some("Pinterest"));
        let s = p.salary.as_ref().unwrap();
        assert_eq!((s.min, s.max, s.period), (Some(249900.0), Some(480238.0), Period::Year));
        assert_eq!(p.posted.as_deref(), Some("2025-11-05"));
        assert!(p.remote);
    }
}
