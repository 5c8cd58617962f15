//! Tabular postings: CSV exports from job boards and JobSpy's CSV / JSON output.
//!
//! Columns are recognised by name, not position: a header is normalised
//! (lowercase, punctuation to spaces) and looked up in one synonym table, so
//! "Job Title", "job_title" and "title" all feed the posting's title. JobSpy's
//! real column names (`job_url`, `min_amount`, `interval`, `is_remote`, …) are
//! entries of the same table, which is why JobSpy CSV and JobSpy JSON share
//! this code with every other CSV.

use serde_json::{json, Map, Value};

use super::{Record, RecordError};
use crate::text::calendar::civil_from_days;
use crate::text::{html, salary};

/// What a column can mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Id,
    Title,
    Company,
    Description,
    Requirements,
    Responsibilities,
    Location,
    Remote,
    Salary,
    SalaryMin,
    SalaryMax,
    Currency,
    Interval,
    Posted,
    Url,
}

/// Normalised header names for each field, most specific first.
const SYNONYMS: &[(Field, &[&str])] = &[
    (
        Field::Id,
        &[
            "id",
            "job id",
            "posting id",
            "requisition id",
            "req id",
            "reference",
            "ref",
        ],
    ),
    (
        Field::Title,
        &[
            "title",
            "job title",
            "position",
            "position title",
            "job name",
            "role",
            "job",
            "job position",
        ],
    ),
    (
        Field::Company,
        &[
            "company",
            "company name",
            "employer",
            "organization",
            "organisation",
            "hiring organization",
            "hiring company",
        ],
    ),
    (
        Field::Description,
        &[
            "description",
            "job description",
            "details",
            "job details",
            "summary",
            "body",
            "text",
        ],
    ),
    (
        Field::Requirements,
        &["requirements", "qualifications", "skills", "required skills"],
    ),
    (Field::Responsibilities, &["responsibilities", "duties", "job duties"]),
    (
        Field::Location,
        &[
            "location",
            "locations",
            "job location",
            "city",
            "office",
            "work location",
        ],
    ),
    (
        Field::Remote,
        &[
            "is remote",
            "remote",
            "remote ok",
            "work from home",
            "telecommute",
            "wfh",
        ],
    ),
    (
        Field::Salary,
        &[
            "salary",
            "salary range",
            "pay",
            "pay range",
            "compensation",
            "wage",
            "salary text",
        ],
    ),
    (
        Field::SalaryMin,
        &[
            "min amount",
            "min salary",
            "salary min",
            "minimum salary",
            "salary from",
            "pay min",
            "min pay",
        ],
    ),
    (
        Field::SalaryMax,
        &[
            "max amount",
            "max salary",
            "salary max",
            "maximum salary",
            "salary to",
            "pay max",
            "max pay",
        ],
    ),
    (Field::Currency, &["currency", "salary currency", "pay currency"]),
    (
        Field::Interval,
        &["interval", "pay period", "salary period", "period", "pay interval"],
    ),
    (
        Field::Posted,
        &[
            "date posted",
            "posted",
            "posted date",
            "date",
            "posted at",
            "published",
            "created",
            "created at",
        ],
    ),
    (
        Field::Url,
        &[
            "job url",
            "url",
            "link",
            "job link",
            "apply url",
            "job url direct",
            "posting url",
        ],
    ),
];

fn normalise(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for c in header.trim().trim_start_matches('\u{feff}').chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// Which column feeds which field, decided once from the header.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    /// For each field, the index of its column and the header as written.
    found: Vec<(Field, usize, String)>,
    /// JobSpy output: amounts without a currency are USD (JobSpy's default),
    /// and its CSV doubles backslashes (`escapechar="\\"`).
    jobspy: bool,
}

impl Columns {
    pub(crate) fn new(headers: &[String]) -> Columns {
        let normalised: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
        let mut found = Vec::new();
        for (field, names) in SYNONYMS {
            // The earliest synonym wins, so "job url" beats "job url direct".
            let hit = names.iter().find_map(|name| normalised.iter().position(|h| h == name));
            if let Some(i) = hit {
                found.push((*field, i, headers[i].trim().to_string()));
            }
        }
        Columns {
            found,
            jobspy: Columns::looks_like_jobspy(headers),
        }
    }

    pub(crate) fn has_title(&self) -> bool {
        self.column(Field::Title).is_some()
    }

    /// JobSpy writes these three columns; a generic export rarely has all of them.
    pub(crate) fn looks_like_jobspy(headers: &[String]) -> bool {
        let n: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
        ["job url", "site", "min amount"]
            .iter()
            .all(|k| n.iter().any(|h| h == k))
    }

    fn column(&self, field: Field) -> Option<(usize, &str)> {
        self.found
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, i, h)| (*i, h.as_str()))
    }

    /// The header that feeds a native field, for error messages.
    pub(crate) fn source_of(&self, native: &str) -> Option<String> {
        let field = match native.split('.').next().unwrap_or(native) {
            "id" => Field::Id,
            "title" => Field::Title,
            "company" => Field::Company,
            "description" => Field::Description,
            "requirements" => Field::Requirements,
            "responsibilities" => Field::Responsibilities,
            "locations" => Field::Location,
            "remote" => Field::Remote,
            "posted" => Field::Posted,
            "url" => Field::Url,
            "salary" => match native {
                "salary.min" => Field::SalaryMin,
                "salary.max" => Field::SalaryMax,
                "salary.currency" => Field::Currency,
                "salary.period" => Field::Interval,
                _ => self.column(Field::Salary).map_or(Field::SalaryMin, |_| Field::Salary),
            },
            _ => return None,
        };
        self.column(field).map(|(_, h)| h.to_string())
    }

    /// One row (cells in header order) as a native posting object.
    pub(crate) fn to_native(&self, cells: &[Value]) -> Result<Value, RecordError> {
        let cell = |field: Field| -> Option<(&Value, &str)> {
            let (i, header) = self.column(field)?;
            let v = cells.get(i)?;
            match v {
                Value::Null => None,
                Value::String(s) if s.trim().is_empty() => None,
                _ => Some((v, header)),
            }
        };
        let text = |field: Field| -> Result<Option<String>, RecordError> {
            match cell(field) {
                None => Ok(None),
                Some((Value::String(s), _)) => Ok(Some(s.trim().to_string())),
                Some((Value::Number(n), _)) => Ok(Some(n.to_string())),
                Some((Value::Bool(b), _)) => Ok(Some(b.to_string())),
                Some((other, header)) => Err(RecordError::new(header, format!("must be text, found {other}"))),
            }
        };
        let mut out = Map::new();
        // Without an id column, a posting's URL is the most stable name it has.
        if let Some(id) = text(Field::Id)?.or(text(Field::Url)?) {
            out.insert("id".into(), json!(id));
        }
        if let Some(title) = text(Field::Title)? {
            out.insert("title".into(), json!(title));
        }
        if let Some(company) = text(Field::Company)? {
            out.insert("company".into(), json!(company));
        }
        let description = text(Field::Description)?.map(|d| {
            let d = if self.jobspy { d.replace("\\\\", "\\") } else { d };
            html::description_to_text(&d)
        });
        for (field, key) in [
            (Field::Requirements, "requirements"),
            (Field::Responsibilities, "responsibilities"),
        ] {
            if let Some(t) = text(field)? {
                out.insert(key.into(), json!(lines(&html::description_to_text(&t))));
            }
        }
        let mut remote = match cell(Field::Remote) {
            None => false,
            Some((v, header)) => {
                yes_no(v).ok_or_else(|| RecordError::new(header, format!("must be yes/no or true/false, found {v}")))?
            }
        };
        let mut locations = Vec::new();
        if let Some(loc) = text(Field::Location)? {
            for place in split_locations(&loc) {
                if is_remote_word(&place) {
                    remote = true;
                } else {
                    locations.push(place);
                }
            }
        }
        out.insert("locations".into(), json!(locations));
        out.insert("remote".into(), json!(remote));
        if let Some((v, header)) = cell(Field::Posted) {
            let date = date(v).ok_or_else(|| {
                RecordError::new(
                    header,
                    format!("must be a date like 2025-10-01 (or epoch milliseconds), found {v}"),
                )
            })?;
            out.insert("posted".into(), json!(date));
        }
        if let Some(url) = text(Field::Url)? {
            out.insert("url".into(), json!(url));
        }
        if let Some(s) = self.salary(&cell, description.as_deref())? {
            out.insert("salary".into(), s);
        }
        if let Some(d) = description {
            out.insert("description".into(), json!(d));
        }
        Ok(Value::Object(out))
    }

    /// Amount columns first (JobSpy), then a salary text column, then the description.
    fn salary<'a>(
        &self,
        cell: &dyn Fn(Field) -> Option<(&'a Value, &'a str)>,
        description: Option<&str>,
    ) -> Result<Option<Value>, RecordError> {
        let amount = |field: Field| -> Result<Option<f64>, RecordError> {
            let Some((v, header)) = cell(field) else {
                return Ok(None);
            };
            let parsed = match v {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().replace(',', "").parse::<f64>().ok(),
                _ => None,
            };
            match parsed {
                Some(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
                _ => Err(RecordError::new(header, format!("must be an amount, found {v}"))),
            }
        };
        let (min, max) = (amount(Field::SalaryMin)?, amount(Field::SalaryMax)?);
        let currency = match cell(Field::Currency) {
            None => None,
            Some((Value::String(c), header)) => {
                let c = c.trim().to_ascii_uppercase();
                if !salary::is_iso_currency(&c) {
                    return Err(RecordError::new(
                        header,
                        format!("must be an ISO 4217 code like USD, found {c:?}"),
                    ));
                }
                Some(c)
            }
            Some((v, header)) => return Err(RecordError::new(header, format!("must be a currency code, found {v}"))),
        };
        if min.is_some() || max.is_some() {
            let currency = currency.or_else(|| self.jobspy.then(|| "USD".to_string()));
            let period = match cell(Field::Interval) {
                None => "year",
                Some((v, header)) => v
                    .as_str()
                    .and_then(|s| salary::Unit::parse(s.trim()))
                    .map(unit_name)
                    .ok_or_else(|| {
                        RecordError::new(
                            header,
                            format!("must be hourly, daily, weekly, monthly or yearly, found {v}"),
                        )
                    })?,
            };
            return Ok(Some(
                json!({"min": min, "max": max, "currency": currency, "period": period}),
            ));
        }
        // Free text never fails a posting: text that is not a salary means "unknown".
        let from_text = match cell(Field::Salary) {
            Some((Value::String(s), _)) => salary::parse(s),
            Some((Value::Number(n), _)) => n.as_f64().and_then(|x| salary::parse(&x.to_string())),
            _ => None,
        }
        .or_else(|| description.and_then(salary::find));
        Ok(from_text.map(|s| {
            json!({
                "min": s.min,
                "max": s.max,
                "currency": currency.or(s.currency.map(str::to_string)),
                "period": unit_name(s.unit),
            })
        }))
    }
}

pub(crate) fn unit_name(u: salary::Unit) -> &'static str {
    match u {
        salary::Unit::Hour => "hour",
        salary::Unit::Day => "day",
        salary::Unit::Week => "week",
        salary::Unit::Month => "month",
        salary::Unit::Year => "year",
    }
}

fn yes_no(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_u64() {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" | "remote" | "fully remote" => Some(true),
            "false" | "no" | "n" | "0" | "onsite" | "on-site" | "on site" | "hybrid" | "none" | "nan" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn is_remote_word(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "remote" | "anywhere" | "remote, us" | "remote us" | "work from home" | "fully remote"
    )
}

/// "Austin, TX | Remote" → two places; a single "City, ST, Country" stays whole.
fn split_locations(s: &str) -> Vec<String> {
    s.split(['|', ';', '\n'])
        .map(|p| p.trim().trim_matches(['(', ')']).trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A multi-line or `;`-separated requirements cell becomes one item per line, bullets removed.
fn lines(text: &str) -> Vec<String> {
    let sep = if text.contains('\n') { '\n' } else { ';' };
    text.split(sep)
        .map(|l| l.trim().trim_start_matches(['-', '*', '•']).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// JobSpy writes `YYYY-MM-DD` in CSV and epoch milliseconds (or ISO datetimes) in JSON.
pub(crate) fn date(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => epoch_date(n.as_f64()?),
        Value::String(s) => {
            let s = s.trim();
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && s.len() >= 9 {
                return epoch_date(s.parse().ok()?);
            }
            let day = s.get(..10)?;
            let rest = &s[10..];
            let time_follows = rest.is_empty() || rest.starts_with(['T', ' ', 't']);
            (time_follows && super::valid_date(day)).then(|| day.to_string())
        }
        _ => None,
    }
}

/// Seconds or milliseconds since 1970 (values above 1e11 are milliseconds).
fn epoch_date(x: f64) -> Option<String> {
    if !x.is_finite() || x < 0.0 {
        return None;
    }
    let secs = if x > 1e11 { x / 1000.0 } else { x };
    let days = (secs / 86_400.0).floor() as i64;
    if days > 2_932_896 {
        return None;
    }
    let (y, m, d) = civil_from_days(days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Reads a CSV file: header row, then one posting per row.
pub(crate) fn read_csv(text: &str) -> Result<(Columns, Vec<Record>, bool), String> {
    let first = text.lines().next().unwrap_or_default();
    let mut records = Vec::new();
    let (columns, jobspy) = read_csv_from(first, text.as_bytes(), |_, r| records.push(r))?;
    Ok((columns, records, jobspy))
}

/// Reads CSV from `input` row by row, handing each record to `each` as soon
/// as it is read (with the columns, to name fields as the file does): a
/// large file is never held whole. `first` is the header line, to choose the
/// delimiter.
pub(crate) fn read_csv_from(
    first: &str,
    input: impl std::io::Read,
    mut each: impl FnMut(&Columns, Record),
) -> Result<(Columns, bool), String> {
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(input);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("unreadable header row: {e}"))?
        .iter()
        .map(str::to_string)
        .collect();
    if headers.len() < 2 {
        return Err("the first line is not a header row of several columns".into());
    }
    let columns = Columns::new(&headers);
    if !columns.has_title() {
        return Err(format!(
            "no title column in the header (looked for: title, job title, position, role…; found: {})",
            headers
                .iter()
                .take(8)
                .map(|h| format!("{h:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let jobspy = Columns::looks_like_jobspy(&headers);
    let mut row = csv::StringRecord::new();
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {
                let line = row.position().map_or(line, |p| p.line() as usize);
                if row.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                let value = if row.len() != headers.len() {
                    Err(RecordError::new(
                        "(row)",
                        format!("has {} fields, the header has {}", row.len(), headers.len()),
                    ))
                } else {
                    let cells: Vec<Value> = row.iter().map(|c| Value::String(c.to_string())).collect();
                    columns.to_native(&cells)
                };
                each(
                    &columns,
                    Record {
                        value,
                        line: Some(line),
                    },
                );
            }
            Err(e) => return Err(format!("line {line}: {e}")),
        }
    }
    Ok((columns, jobspy))
}

/// JobSpy JSON records (`df.to_json(orient="records")`) as rows of one shared header.
pub(crate) fn jobspy_records(values: Vec<(Value, Option<usize>)>) -> (Columns, Vec<Record>) {
    let mut headers: Vec<String> = Vec::new();
    for (v, _) in &values {
        if let Value::Object(m) = v {
            for k in m.keys() {
                if !headers.contains(k) {
                    headers.push(k.clone());
                }
            }
        }
    }
    let columns = Columns::new(&headers);
    let records = values
        .into_iter()
        .map(|(v, line)| {
            let value = match v {
                Value::Object(m) => {
                    let cells: Vec<Value> = headers
                        .iter()
                        .map(|h| m.get(h).cloned().unwrap_or(Value::Null))
                        .collect();
                    columns.to_native(&cells)
                }
                other => Err(RecordError::new(
                    "(posting)",
                    format!("must be an object, found {other}"),
                )),
            };
            Record { value, line }
        })
        .collect();
    (columns, records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_matched_by_normalised_name() {
        let h: Vec<String> = ["Job Title", "Company Name", "job_url", "MIN_AMOUNT"]
            .map(String::from)
            .into();
        let c = Columns::new(&h);
        assert_eq!(c.column(Field::Title), Some((0, "Job Title")));
        assert_eq!(c.column(Field::Company), Some((1, "Company Name")));
        assert_eq!(c.column(Field::Url), Some((2, "job_url")));
        assert_eq!(c.column(Field::SalaryMin), Some((3, "MIN_AMOUNT")));
        assert_eq!(c.source_of("salary.min").as_deref(), Some("MIN_AMOUNT"));
    }

    #[test]
    fn dates_from_strings_datetimes_and_epochs() {
        assert_eq!(date(&json!("2025-10-01")).as_deref(), Some("2025-10-01"));
        assert_eq!(date(&json!("2025-10-01T08:00:00.000Z")).as_deref(), Some("2025-10-01"));
        assert_eq!(date(&json!(1_759_276_800_000u64)).as_deref(), Some("2025-10-01"));
        assert_eq!(date(&json!("1759276800")).as_deref(), Some("2025-10-01"));
        assert_eq!(date(&json!("2025-02-30")), None);
        assert_eq!(date(&json!("yesterday")), None);
        assert_eq!(date(&json!(-5)), None);
    }

    #[test]
    fn remote_flags_and_locations() {
        assert_eq!(yes_no(&json!("True")), Some(true));
        assert_eq!(yes_no(&json!("No")), Some(false));
        assert_eq!(yes_no(&json!("maybe")), None);
        assert_eq!(split_locations("Austin, TX | Remote"), vec!["Austin, TX", "Remote"]);
    }
}
