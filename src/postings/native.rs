//! The native format: postings as JSON objects in filtr's own schema.
//!
//! Every other format is mapped onto this schema as `serde_json::Value`s, so
//! one validator decides what a valid posting is, whatever the file was.

use serde_json::{Map, Value};

use super::{valid_date, Period, Posting, Salary, Skipped, MAX_AMOUNT};
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
pub(super) type Validated = Result<(Posting, bool), Skipped>;

pub(super) fn posting_from_value(index: usize, value: Value) -> Validated {
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
        other: f.strings("other")?,
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
    // An absent currency means USD (the schema's default); an explicit null means unknown.
    let currency = match m.get("currency") {
        None => Some("USD".to_string()),
        Some(Value::Null) => None,
        Some(Value::String(c)) if crate::text::salary::is_iso_currency(&c.to_ascii_uppercase()) => {
            Some(c.to_ascii_uppercase())
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
