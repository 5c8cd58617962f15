//! schema.org `JobPosting` JSON-LD: what career pages embed for Google Jobs.
//!
//! Real pages vary the shape of nearly every property (a string or an object,
//! one value or an array, `unitText` on the amount or on its value), so each
//! property is read by a small function that accepts all the shapes seen in
//! the wild and maps them onto the native schema.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::table::{date, unit_name};
use super::{Record, RecordError};
use crate::text::{html, salary};

/// Every `JobPosting` node in a JSON-LD document: the document itself, an
/// array of nodes, or nodes inside `@graph` (at any depth).
pub(crate) fn postings(doc: &Value, out: &mut Vec<Value>) {
    fn walk(v: &Value, out: &mut Vec<Value>, depth: usize) {
        if depth > 16 {
            return;
        }
        match v {
            Value::Array(items) => items.iter().for_each(|i| walk(i, out, depth + 1)),
            Value::Object(m) => {
                if is_job_posting(m) {
                    out.push(v.clone());
                } else if let Some(g) = m.get("@graph") {
                    walk(g, out, depth + 1);
                } else if let Some(items) = m.get("itemListElement") {
                    walk(items, out, depth + 1);
                } else if let Some(item) = m.get("item") {
                    walk(item, out, depth + 1);
                }
            }
            _ => {}
        }
    }
    walk(doc, out, 0)
}

fn is_job_posting(m: &Map<String, Value>) -> bool {
    match m.get("@type") {
        Some(Value::String(t)) => t == "JobPosting" || t.ends_with("/JobPosting"),
        Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str() == Some("JobPosting")),
        _ => false,
    }
}

/// True when any node of the document is schema.org-shaped.
pub(crate) fn looks_like(v: &Value) -> bool {
    let probe =
        |m: &Map<String, Value>| m.contains_key("@type") || m.contains_key("@graph") || m.contains_key("@context");
    match v {
        Value::Object(m) => probe(m),
        Value::Array(items) => items.iter().take(5).any(|i| i.as_object().is_some_and(probe)),
        _ => false,
    }
}

/// The JSON of every `<script type="application/ld+json">` block of an HTML page.
pub(crate) fn scripts(page: &str) -> Vec<Result<Value, String>> {
    let lower = page.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = lower[at..].find("<script").map(|i| i + at) {
        let Some(open_end) = lower[start..].find('>').map(|i| i + start + 1) else {
            break;
        };
        let Some(close) = lower[open_end..].find("</script").map(|i| i + open_end) else {
            break;
        };
        if lower[start..open_end].contains("ld+json") {
            out.push(serde_json::from_str(page[open_end..close].trim()).map_err(|e| e.to_string()));
        }
        at = close;
    }
    out
}

/// One `JobPosting` node as a native posting object.
pub(crate) fn to_native(node: &Value, ids: &HashMap<String, Value>) -> Result<Value, RecordError> {
    let Value::Object(m) = node else {
        return Err(RecordError::new("(posting)", "must be an object"));
    };
    let mut out = Map::new();
    if let Some(id) = identifier(m).or_else(|| text_of(m.get("url"))) {
        out.insert("id".into(), json!(id));
    }
    if let Some(t) = text_of(m.get("title")) {
        out.insert("title".into(), json!(t));
    }
    if let Some(c) = m.get("hiringOrganization").and_then(|v| name_of(resolve(v, ids))) {
        out.insert("company".into(), json!(c));
    }
    let description = text_of(m.get("description")).map(|d| html::description_to_text(&d));
    let mut requirements = Vec::new();
    for key in [
        "qualifications",
        "skills",
        "experienceRequirements",
        "educationRequirements",
    ] {
        requirements.extend(items(m.get(key)));
    }
    out.insert("requirements".into(), json!(requirements));
    out.insert("responsibilities".into(), json!(items(m.get("responsibilities"))));
    let remote = m
        .get("jobLocationType")
        .map(|v| {
            one_or_many(v)
                .iter()
                .any(|t| t.as_str().is_some_and(|s| s.eq_ignore_ascii_case("TELECOMMUTE")))
        })
        .unwrap_or(false);
    out.insert("remote".into(), json!(remote));
    // `applicantLocationRequirements` says who may apply, not where the job is.
    let locations: Vec<String> = m
        .get("jobLocation")
        .map(one_or_many)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| place(resolve(v, ids)))
        .collect();
    out.insert("locations".into(), json!(locations));
    if let Some(v) = m.get("datePosted").filter(|v| !v.is_null()) {
        let d =
            date(v).ok_or_else(|| RecordError::new("datePosted", format!("must be an ISO 8601 date, found {v}")))?;
        out.insert("posted".into(), json!(d));
    }
    if let Some(u) = text_of(m.get("url")).or_else(|| text_of(m.get("@id"))) {
        out.insert("url".into(), json!(u));
    }
    if let Some(s) = base_salary(m)? {
        out.insert("salary".into(), s);
    } else if let Some(s) = description.as_deref().and_then(salary::find) {
        out.insert(
            "salary".into(),
            salary_json(s.min, s.max, s.currency.map(str::to_string), s.unit),
        );
    }
    if let Some(d) = description {
        out.insert("description".into(), json!(d));
    }
    Ok(Value::Object(out))
}

/// The native field a schema.org property feeds, for error messages.
pub(crate) fn source_of(native: &str) -> Option<String> {
    Some(
        match native.split('.').next().unwrap_or(native) {
            "id" => "identifier",
            "title" => "title",
            "company" => "hiringOrganization",
            "description" => "description",
            "requirements" => "qualifications",
            "responsibilities" => "responsibilities",
            "locations" => "jobLocation",
            "remote" => "jobLocationType",
            "posted" => "datePosted",
            "url" => "url",
            "salary" => "baseSalary",
            _ => return None,
        }
        .to_string(),
    )
}

pub(crate) fn salary_json(min: Option<f64>, max: Option<f64>, currency: Option<String>, unit: salary::Unit) -> Value {
    json!({"min": min, "max": max, "currency": currency, "period": unit_name(unit)})
}

/// `baseSalary`: a `MonetaryAmount` whose `value` is a number or a
/// `QuantitativeValue`, a bare number with `salaryCurrency`, or free text.
fn base_salary(m: &Map<String, Value>) -> Result<Option<Value>, RecordError> {
    let Some(base) = m.get("baseSalary").filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let posting_currency = text_of(m.get("salaryCurrency"));
    let fail = |why: &str| RecordError::new("baseSalary", format!("{why}, found {base}"));
    let currency_ok = |c: Option<String>| -> Result<Option<String>, RecordError> {
        match c {
            Some(c) if !salary::is_iso_currency(&c.to_ascii_uppercase()) => Err(RecordError::new(
                "baseSalary.currency",
                format!("must be an ISO 4217 code, found {c:?}"),
            )),
            c => Ok(c.map(|c| c.to_ascii_uppercase())),
        }
    };
    match base {
        Value::Number(n) => {
            let x = n.as_f64().ok_or_else(|| fail("must be an amount"))?;
            Ok(Some(salary_json(
                Some(x),
                Some(x),
                currency_ok(posting_currency)?,
                salary::Unit::Year,
            )))
        }
        Value::String(s) => Ok(salary::parse(s).map(|p| {
            let currency = p.currency.map(str::to_string).or(posting_currency);
            salary_json(p.min, p.max, currency, p.unit)
        })),
        Value::Object(amount) => {
            let currency = currency_ok(text_of(amount.get("currency")).or(posting_currency))?;
            let outer_unit = text_of(amount.get("unitText"));
            let (min, max, unit) = match amount.get("value") {
                Some(Value::Number(n)) => {
                    let x = n.as_f64();
                    (x, x, outer_unit)
                }
                Some(Value::String(s)) => match salary::parse(s) {
                    Some(p) => {
                        let currency = currency.or(p.currency.map(str::to_string));
                        return Ok(Some(salary_json(p.min, p.max, currency, p.unit)));
                    }
                    None => return Ok(None),
                },
                Some(Value::Object(q)) => {
                    let num = |k: &str| -> Result<Option<f64>, RecordError> {
                        match q.get(k) {
                            None | Some(Value::Null) => Ok(None),
                            Some(Value::Number(n)) => Ok(n.as_f64()),
                            Some(Value::String(s)) => s
                                .trim()
                                .replace(',', "")
                                .parse()
                                .map(Some)
                                .map_err(|_| fail("has an amount that is not a number")),
                            Some(_) => Err(fail("has an amount that is not a number")),
                        }
                    };
                    let value = num("value")?;
                    let (lo, hi) = (num("minValue")?.or(value), num("maxValue")?.or(value));
                    (lo, hi, text_of(q.get("unitText")).or(outer_unit))
                }
                _ => return Err(fail("must have a value (a number or a QuantitativeValue)")),
            };
            if min.is_none() && max.is_none() {
                return Ok(None);
            }
            let unit = match unit {
                None => salary::Unit::Year,
                Some(u) => salary::Unit::parse(&u).ok_or_else(|| {
                    RecordError::new(
                        "baseSalary.unitText",
                        format!("must be HOUR, DAY, WEEK, MONTH or YEAR, found {u:?}"),
                    )
                })?,
            };
            Ok(Some(salary_json(min, max, currency, unit)))
        }
        _ => Err(fail("must be a MonetaryAmount")),
    }
}

fn identifier(m: &Map<String, Value>) -> Option<String> {
    match m.get("identifier")? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => match o.get("value")? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        },
        _ => None,
    }
}

fn one_or_many(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        other => vec![other],
    }
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An `Organization` or `Country` by its `name`, or a plain string.
fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(html::to_text(s.trim())),
        Value::Object(o) => text_of(o.get("name")),
        _ => None,
    }
}

/// A `Place`: its `PostalAddress` as "Locality, Region, Country", or its text.
fn place(v: &Value) -> Option<String> {
    let address = match v {
        Value::String(s) => return Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Object(o) => o.get("address").unwrap_or(v),
        _ => return None,
    };
    match address {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Object(a) => {
            let parts: Vec<String> = ["addressLocality", "addressRegion", "addressCountry"]
                .iter()
                .filter_map(|k| a.get(*k).and_then(name_of))
                .collect();
            (!parts.is_empty())
                .then(|| parts.join(", "))
                .or_else(|| text_of(a.get("name")))
        }
        _ => None,
    }
}

/// A property that is a string (maybe HTML, maybe a list in one string) or an array of them.
fn items(v: Option<&Value>) -> Vec<String> {
    let Some(v) = v else {
        return Vec::new();
    };
    one_or_many(v)
        .into_iter()
        .filter_map(|i| name_of(i).or_else(|| text_of(Some(i))))
        .flat_map(|s| {
            html::description_to_text(&s)
                .lines()
                .map(|l| l.trim().trim_start_matches(['-', '*', '•']).trim().to_string())
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A reference `{"@id": …}` replaced by the node it names in the same document.
fn resolve<'a>(v: &'a Value, ids: &'a HashMap<String, Value>) -> &'a Value {
    match v {
        Value::Object(o) if o.len() == 1 => o
            .get("@id")
            .and_then(Value::as_str)
            .and_then(|id| ids.get(id))
            .unwrap_or(v),
        _ => v,
    }
}

/// Nodes of a document that carry an `@id` and more than that.
fn named_nodes(v: &Value, ids: &mut HashMap<String, Value>, depth: usize) {
    if depth > 16 {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| named_nodes(i, ids, depth + 1)),
        Value::Object(o) => {
            if let (Some(id), true) = (o.get("@id").and_then(Value::as_str), o.len() > 1) {
                ids.entry(id.to_string()).or_insert_with(|| v.clone());
            }
            if let Some(g) = o.get("@graph") {
                named_nodes(g, ids, depth + 1);
            }
        }
        _ => {}
    }
}

/// Records for the corpus reader: each node found, positions by node order.
pub(crate) fn records(docs: Vec<(Value, Option<usize>)>) -> Vec<Record> {
    let mut out = Vec::new();
    for (doc, line) in docs {
        let mut nodes = Vec::new();
        postings(&doc, &mut nodes);
        let mut ids = HashMap::new();
        named_nodes(&doc, &mut ids, 0);
        out.extend(nodes.iter().map(|n| Record {
            value: to_native(n, &ids),
            line,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_found_in_graphs_and_arrays() {
        let doc = json!({"@context": "https://schema.org", "@graph": [
            {"@type": "WebPage"},
            {"@type": "JobPosting", "title": "A"},
            {"@type": ["JobPosting"], "title": "B"}
        ]});
        let mut out = Vec::new();
        postings(&doc, &mut out);
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn salary_shapes() {
        let m = json!({"baseSalary": {"@type": "MonetaryAmount", "currency": "usd",
            "value": {"@type": "QuantitativeValue", "minValue": 40, "maxValue": "45.5", "unitText": "HOUR"}}});
        let s = base_salary(m.as_object().unwrap()).unwrap().unwrap();
        assert_eq!(
            s,
            json!({"min": 40.0, "max": 45.5, "currency": "USD", "period": "hour"})
        );
        let m = json!({"salaryCurrency": "EUR", "baseSalary": 52000});
        let s = base_salary(m.as_object().unwrap()).unwrap().unwrap();
        assert_eq!(s["currency"], "EUR");
        let m = json!({"baseSalary": {"currency": "USD", "value": {"minValue": 1, "unitText": "FORTNIGHT"}}});
        assert!(base_salary(m.as_object().unwrap()).is_err());
    }

    #[test]
    fn places_and_organisations() {
        let p = json!({"@type": "Place", "address": {"addressLocality": "Austin", "addressRegion": "TX",
            "addressCountry": {"@type": "Country", "name": "US"}}});
        assert_eq!(place(&p).as_deref(), Some("Austin, TX, US"));
        assert_eq!(
            place(&json!({"address": "Berlin, Germany"})).as_deref(),
            Some("Berlin, Germany")
        );
        assert_eq!(
            name_of(&json!({"@type": "Organization", "name": "Acme"})).as_deref(),
            Some("Acme")
        );
    }
}
