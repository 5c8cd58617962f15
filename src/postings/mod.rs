//! Job postings: the schema, the native JSON / JSON Lines format, and validation.
//!
//! Postings are validated one by one from `serde_json::Value`s rather than
//! deserialised in one go, so that one bad posting names itself (index, id,
//! field) and does not hide the thousands of good ones around it.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

mod dedup;
pub mod description;
mod native;
mod schema_org;
mod stream;
mod table;

pub use dedup::reposts;
use native::Validated;

use crate::text::limit::{self, Budget, Cut};
use crate::text::salary::MAX_AMOUNT;

/// The corpus compiled into the binary, so `filtr match` works from any directory.
pub static BUNDLED_JSON: &str = include_str!("../../data/postings.json");
/// The name used for the bundled corpus in messages and cache keys.
pub const BUNDLED_NAME: &str = "<bundled corpus>";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Salary {
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// ISO 4217 code; `None` when the source did not say.
    pub currency: Option<String>,
    pub period: Period,
}

impl Salary {
    /// The top of the range as a yearly figure (the bottom if there is no top).
    pub fn yearly_max(&self) -> Option<f64> {
        self.max.or(self.min).map(|v| v * self.period.per_year())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Posting {
    pub id: String,
    pub title: String,
    pub company: Option<String>,
    pub description: String,
    pub requirements: Vec<String>,
    pub responsibilities: Vec<String>,
    /// Items a page lists under a heading of their own (Pinterest's "Other"):
    /// neither requirements nor duties, but part of what the posting says.
    pub other: Vec<String>,
    pub salary: Option<Salary>,
    pub locations: Vec<String>,
    pub remote: bool,
    pub posted: Option<String>,
    pub url: Option<String>,
}

/// Why one posting was left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skipped {
    pub index: usize,
    /// Line in the file, for JSON Lines.
    pub line: Option<usize>,
    pub id: Option<String>,
    pub field: String,
    pub problem: String,
}

impl Posting {
    /// Every listed item: requirements, responsibilities, then the others.
    pub fn items(&self) -> impl Iterator<Item = &str> {
        self.requirements
            .iter()
            .chain(&self.responsibilities)
            .chain(&self.other)
            .map(String::as_str)
    }
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
    #[error("{name}:{line}:{column}: {message}")]
    Syntax {
        name: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{name}: {message}")]
    Shape { name: String, message: String },
    #[error("{name}: not a corpus in any format filtr reads:{}", tried.iter().map(|(f, why)| format!("\n  - {f}: {why}")).collect::<String>())]
    UnknownFormat {
        name: String,
        tried: Vec<(&'static str, String)>,
    },
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
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Corpus {
    pub name: String,
    pub format: CorpusFormat,
    pub postings: Vec<Posting>,
    pub skipped: Vec<Skipped>,
    /// Postings kept but read only in part (too long to be real).
    pub cut: Vec<Trimmed>,
    /// Postings in the file, valid or not.
    pub total: usize,
}

/// A posting read only in part: [`crate::text::limit`] says why and how much.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Trimmed {
    pub index: usize,
    pub line: Option<usize>,
    pub id: String,
    pub cut: Cut,
}

impl fmt::Display for Trimmed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "posting {}", self.index)?;
        match self.line {
            Some(line) => write!(f, " (line {line}, id {:?})", self.id)?,
            None => write!(f, " (id {:?})", self.id)?,
        }
        write!(f, " is too long: filtr {}", self.cut)
    }
}

/// Bounds a posting's text (see [`crate::text::limit`]): its title and
/// company by characters, its items and then its description by one budget of
/// words. Returns what was cut, if anything.
fn bound(p: &mut Posting) -> Option<Cut> {
    let mut names = Cut::default();
    for name in [Some(&mut p.title), p.company.as_mut()].into_iter().flatten() {
        let (words, bytes) = (limit::words_in(name), name.len());
        if limit::cut_chars(name, limit::NAME_CHARS) {
            names.words += words;
            names.bytes += bytes;
            names.kept += limit::words_in(name);
            names.kept_bytes += name.len();
        }
    }
    let mut budget = Budget::new(limit::POSTING_WORDS);
    for list in [&mut p.requirements, &mut p.responsibilities, &mut p.other] {
        for item in list.iter_mut() {
            budget.take(item);
        }
        list.retain(|i| !i.trim().is_empty());
    }
    budget.take(&mut p.description);
    match (budget.cut(), names.bytes > 0) {
        (None, false) => None,
        (text, _) => {
            let t = text.unwrap_or_default();
            Some(Cut {
                words: t.words + names.words,
                kept: t.kept + names.kept,
                bytes: t.bytes + names.bytes,
                kept_bytes: t.kept_bytes + names.kept_bytes,
            })
        }
    }
}

impl Corpus {
    /// The ids nearest `id` (edit distance, ignoring case; ids containing it
    /// first), at most `n`: what to suggest for an id that is not here.
    pub fn closest_ids(&self, id: &str, n: usize) -> Vec<&str> {
        let want = id.to_lowercase();
        let mut scored: Vec<(usize, &str)> = self
            .postings
            .iter()
            .map(|p| {
                let have = p.id.to_lowercase();
                let d = if have.contains(&want) || want.contains(&have) {
                    have.len().abs_diff(want.len()).min(1)
                } else {
                    edit_distance(&want, &have)
                };
                (d, p.id.as_str())
            })
            .collect();
        scored.sort();
        scored.into_iter().take(n).map(|(_, id)| id).collect()
    }

    /// The posting with this id.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.postings.iter().position(|p| p.id == id)
    }

    pub fn bundled() -> Result<Corpus, CorpusError> {
        Corpus::parse(BUNDLED_NAME, BUNDLED_JSON, false)
    }

    /// Reads a corpus file; JSON Lines and CSV as a stream (see [`stream`]).
    pub fn load(path: &Path, format: Option<CorpusFormat>, strict: bool) -> Result<Corpus, CorpusError> {
        stream::load(path, format, strict)
    }

    /// Parses a corpus file's bytes; `name` is how messages refer to it.
    pub fn from_bytes(
        name: &str,
        bytes: &[u8],
        format: Option<CorpusFormat>,
        strict: bool,
    ) -> Result<Corpus, CorpusError> {
        let name = name.to_string();
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let (line, column) = line_col(bytes, e.valid_up_to());
            CorpusError::Syntax {
                name: name.clone(),
                line,
                column,
                message: "invalid UTF-8 (filtr reads UTF-8 text; re-save the file as UTF-8)".into(),
            }
        })?;
        Corpus::parse_as(&name, text, format, strict)
    }

    /// Parses a corpus in any supported format, detected from its content.
    pub fn parse(name: &str, text: &str, strict: bool) -> Result<Corpus, CorpusError> {
        Corpus::parse_as(name, text, None, strict)
    }

    /// Parses a corpus; `format` forces a reader instead of detecting one.
    pub fn parse_as(name: &str, text: &str, format: Option<CorpusFormat>, strict: bool) -> Result<Corpus, CorpusError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(CorpusError::Empty { name: name.into() });
        }
        let read = read(name, text, format)?;
        Corpus::assemble(name, read, strict)
    }

    fn assemble(name: &str, read: Read, strict: bool) -> Result<Corpus, CorpusError> {
        let Read {
            format,
            records,
            source_of,
        } = read;
        let parsed = records
            .into_iter()
            .enumerate()
            .map(|(index, record)| validate(index, record, &*source_of))
            .collect();
        Corpus::finish(name, format, parsed, strict)
    }

    /// Ids, duplicates and the verdict on a corpus whose records are all validated.
    fn finish(name: &str, format: CorpusFormat, parsed: Vec<Parsed>, strict: bool) -> Result<Corpus, CorpusError> {
        if parsed.is_empty() {
            return Err(CorpusError::Empty { name: name.into() });
        }
        let total = parsed.len();
        let mut postings = Vec::with_capacity(total);
        let mut skipped = Vec::new();
        let (parsed, cuts): (Vec<(Option<usize>, Validated)>, Vec<Option<Cut>>) =
            parsed.into_iter().map(|p| ((p.line, p.result), p.cut)).unzip();
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
        let mut cut = Vec::new();
        for (index, (((line, result), default), c)) in parsed.into_iter().zip(defaults).zip(cuts).enumerate() {
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
                    if let Some(c) = c {
                        cut.push(Trimmed {
                            index,
                            line,
                            id: p.id.clone(),
                            cut: c,
                        });
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
            format,
            postings,
            skipped,
            cut,
            total,
        })
    }
}

/// The posting formats filtr reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CorpusFormat {
    /// filtr's own schema: a JSON array, JSON Lines, or `{"postings": [...]}`.
    Native,
    /// JobSpy's output, CSV or JSON (`df.to_csv()` / `df.to_json(orient="records")`).
    Jobspy,
    /// schema.org `JobPosting` JSON-LD: an object, an array, an `@graph`, or an HTML page embedding it.
    SchemaOrg,
    /// CSV with a header row (comma, semicolon or tab); columns recognised by name.
    Csv,
}

impl CorpusFormat {
    pub fn describe(self) -> &'static str {
        match self {
            CorpusFormat::Native => "filtr JSON",
            CorpusFormat::Jobspy => "JobSpy",
            CorpusFormat::SchemaOrg => "schema.org JobPosting",
            CorpusFormat::Csv => "CSV",
        }
    }
}

/// A posting as read from a file, mapped onto the native schema but not yet validated.
pub(crate) struct Record {
    pub value: Result<Value, RecordError>,
    pub line: Option<usize>,
}

/// A problem found while mapping a record, named by the file's own field.
#[derive(Debug)]
pub(crate) struct RecordError {
    pub field: String,
    pub problem: String,
}

impl RecordError {
    pub fn new(field: &str, problem: impl Into<String>) -> RecordError {
        RecordError {
            field: field.into(),
            problem: problem.into(),
        }
    }
}

/// Maps a native field name to the file's own name for it.
type SourceOf = Box<dyn Fn(&str) -> Option<String>>;

/// A record as a posting (or why not), bounded as soon as it is read.
struct Parsed {
    line: Option<usize>,
    result: Validated,
    cut: Option<Cut>,
}

fn validate(index: usize, record: Record, source_of: &dyn Fn(&str) -> Option<String>) -> Parsed {
    let mut result = match record.value {
        Ok(v) => native::posting_from_value(index, v).map_err(|mut s| {
            if let Some(src) = source_of(&s.field) {
                s.field = src;
            }
            s
        }),
        Err(e) => Err(Skipped {
            index,
            line: None,
            id: None,
            field: e.field,
            problem: e.problem,
        }),
    };
    let cut = result.as_mut().ok().and_then(|(p, _)| bound(p));
    Parsed {
        line: record.line,
        result,
        cut,
    }
}

struct Read {
    format: CorpusFormat,
    records: Vec<Record>,
    /// The file's name for a native field, so messages speak the file's language.
    source_of: SourceOf,
}

impl Read {
    fn native(format: CorpusFormat, records: Vec<Record>) -> Read {
        Read {
            format,
            records,
            source_of: Box::new(|_| None),
        }
    }
}

fn from_values(values: Vec<(Value, Option<usize>)>, format: CorpusFormat) -> Read {
    match format {
        CorpusFormat::SchemaOrg => Read {
            format,
            records: schema_org::records(values),
            source_of: Box::new(schema_org::source_of),
        },
        CorpusFormat::Jobspy | CorpusFormat::Csv => {
            let (columns, records) = table::jobspy_records(values);
            Read {
                format,
                records,
                source_of: Box::new(move |f| columns.source_of(f)),
            }
        }
        CorpusFormat::Native => Read::native(
            format,
            values
                .into_iter()
                .map(|(v, line)| Record { value: Ok(v), line })
                .collect(),
        ),
    }
}

/// JobSpy JSON records carry these keys; filtr's own schema has none of them.
fn looks_like_jobspy(values: &[(Value, Option<usize>)]) -> bool {
    values.iter().take(5).any(|(v, _)| {
        v.as_object()
            .is_some_and(|m| m.contains_key("job_url") || (m.contains_key("site") && m.contains_key("min_amount")))
    })
}

fn read(name: &str, text: &str, forced: Option<CorpusFormat>) -> Result<Read, CorpusError> {
    let trimmed = text.trim_start();
    let json_like = trimmed.starts_with('[') || trimmed.starts_with('{');
    let csv = |format: CorpusFormat| -> Result<Read, String> {
        let (columns, records, _) = table::read_csv(text)?;
        Ok(Read {
            format,
            records,
            source_of: Box::new(move |f| columns.source_of(f)),
        })
    };
    let shape = |message: String| CorpusError::Shape {
        name: name.into(),
        message,
    };
    match forced {
        Some(CorpusFormat::Csv) => return csv(CorpusFormat::Csv).map_err(shape),
        Some(CorpusFormat::Jobspy) if !json_like => return csv(CorpusFormat::Jobspy).map_err(shape),
        Some(CorpusFormat::SchemaOrg) if !json_like => return html_page(name, text),
        Some(f) => return Ok(from_values(json_values(name, text)?, f)),
        None => {}
    }
    if json_like {
        let values = json_values(name, text)?;
        let format = if values.iter().take(5).any(|(v, _)| schema_org::looks_like(v)) {
            CorpusFormat::SchemaOrg
        } else if looks_like_jobspy(&values) {
            CorpusFormat::Jobspy
        } else {
            CorpusFormat::Native
        };
        return Ok(from_values(values, format));
    }
    if trimmed.starts_with('<') {
        return html_page(name, text);
    }
    let first_line = text.lines().next().unwrap_or_default();
    csv(if jobspy_header(first_line) {
        CorpusFormat::Jobspy
    } else {
        CorpusFormat::Csv
    })
    .map_err(|why| not_a_corpus(name, why))
}

/// Whether a CSV header line (split at commas) names JobSpy's columns.
fn jobspy_header(first_line: &str) -> bool {
    table::Columns::looks_like_jobspy(&first_line.split(',').map(str::to_string).collect::<Vec<_>>())
}

/// A file no reader accepts: why each was ruled out, CSV last (`csv_why`).
fn not_a_corpus(name: &str, csv_why: String) -> CorpusError {
    CorpusError::UnknownFormat {
        name: name.into(),
        tried: vec![
            (
                "JSON / JSON Lines (filtr, JobSpy, schema.org)",
                "does not start with '[' or '{'".into(),
            ),
            ("schema.org in an HTML page", "does not start with '<'".into()),
            ("CSV", csv_why),
        ],
    }
}

fn html_page(name: &str, text: &str) -> Result<Read, CorpusError> {
    let mut docs = Vec::new();
    for (i, script) in schema_org::scripts(text).into_iter().enumerate() {
        match script {
            Ok(v) => docs.push((v, None)),
            Err(e) => {
                return Err(CorpusError::Shape {
                    name: name.into(),
                    message: format!("ld+json block {} is not valid JSON: {e}", i + 1),
                })
            }
        }
    }
    let read = from_values(docs, CorpusFormat::SchemaOrg);
    if read.records.is_empty() {
        return Err(CorpusError::Shape {
            name: name.into(),
            message: "no schema.org JobPosting found (looked in every <script type=\"application/ld+json\"> block)"
                .into(),
        });
    }
    Ok(read)
}

/// A JSON array, a single object (a wrapper like `{"postings": [...]}`, a
/// JSON-LD document, or one posting), or JSON Lines.
fn json_values(name: &str, text: &str) -> Result<Vec<(Value, Option<usize>)>, CorpusError> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        let values: Vec<Value> = serde_json::from_str(text).map_err(|e| syntax(name, &e, 0))?;
        return Ok(values.into_iter().map(|v| (v, None)).collect());
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(v) => out.push((v, Some(i + 1))),
            Err(e) => {
                return match serde_json::from_str::<Map<String, Value>>(text) {
                    Ok(doc) => Ok(single_document(doc)),
                    Err(whole) if out.is_empty() => Err(syntax(name, &whole, 0)),
                    Err(_) => Err(syntax(name, &e, i)),
                };
            }
        }
    }
    if let [(Value::Object(_), _)] = out.as_slice() {
        if let Some((Value::Object(doc), _)) = out.pop() {
            return Ok(single_document(doc));
        }
    }
    Ok(out)
}

fn single_document(mut doc: Map<String, Value>) -> Vec<(Value, Option<usize>)> {
    for key in ["postings", "jobs", "results", "data", "items"] {
        if let Some(Value::Array(items)) = doc.remove(key) {
            return items.into_iter().map(|v| (v, None)).collect();
        }
    }
    vec![(Value::Object(doc), None)]
}

fn syntax(name: &str, e: &serde_json::Error, line_offset: usize) -> CorpusError {
    CorpusError::Syntax {
        name: name.into(),
        line: e.line() + line_offset,
        column: e.column(),
        message: format!(
            "invalid JSON: {}",
            e.to_string().split(" at line ").next().unwrap_or_default()
        ),
    }
}

fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    (line, offset - start + 1)
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
    crate::text::calendar::is_valid_date(i64::from(y), m, d)
}

/// Levenshtein distance in characters, with two rows.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            row[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(row[j] + 1);
        }
        std::mem::swap(&mut prev, &mut row);
    }
    prev[b.len()]
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
        // A single pretty-printed object is one posting; a wrapper's array is the postings.
        let one = Corpus::parse("d.json", "{\n  \"title\": \"A\"\n}\n", false).unwrap();
        assert_eq!(one.postings.len(), 1);
        let wrapped = Corpus::parse(
            "w.json",
            "{\"postings\": [{\"title\": \"A\"}, {\"title\": \"B\"}]}",
            false,
        )
        .unwrap();
        assert_eq!(wrapped.postings.len(), 2);
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
        assert_eq!(s.currency.as_deref(), Some("USD"));
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
