//! JSON Resume (jsonresume.org schema v1) as plain text.
//!
//! Sections come out in the order a reader of a resume expects (who, work,
//! skills, education, the rest), and dates are written "Aug 2021 – Present"
//! so that the experience parser reads them like any other resume.

use serde_json::{Map, Value};

/// True when a JSON object is shaped like a JSON Resume.
pub fn looks_like(v: &Value) -> bool {
    v.as_object().is_some_and(|m| {
        m.get("$schema")
            .and_then(Value::as_str)
            .is_some_and(|s| s.contains("jsonresume"))
            || m.get("basics").is_some_and(Value::is_object)
            || m.get("work").is_some_and(Value::is_array)
    })
}

fn s<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    m.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

fn list<'a>(m: &'a Map<String, Value>, key: &str) -> impl Iterator<Item = &'a Map<String, Value>> {
    m.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

fn strings(m: &Map<String, Value>, key: &str) -> Vec<String> {
    m.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// "2021-08" → "Aug 2021", "2019" → "2019"; anything else as written.
fn date(d: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = d.split('-');
    let (Some(y), m) = (parts.next(), parts.next()) else {
        return d.to_string();
    };
    match m.and_then(|m| m.parse::<usize>().ok()).filter(|m| (1..=12).contains(m)) {
        Some(m) if y.len() == 4 => format!("{} {y}", MONTHS[m - 1]),
        _ => d.to_string(),
    }
}

fn span(m: &Map<String, Value>) -> Option<String> {
    let start = s(m, "startDate")?;
    let end = s(m, "endDate").map_or("Present".to_string(), date);
    Some(format!("{} – {end}", date(start)))
}

/// The resume as text; `None` when it holds no text at all.
pub fn to_text(v: &Value) -> Option<String> {
    let m = v.as_object()?;
    let mut out: Vec<String> = Vec::new();
    if let Some(b) = m.get("basics").and_then(Value::as_object) {
        out.extend(s(b, "name").map(str::to_string));
        out.extend(s(b, "label").map(str::to_string));
        if let Some(loc) = b.get("location").and_then(Value::as_object) {
            let place: Vec<&str> = ["city", "region", "countryCode"]
                .iter()
                .filter_map(|k| s(loc, k))
                .collect();
            if !place.is_empty() {
                out.push(place.join(", "));
            }
        }
        out.extend(s(b, "summary").map(str::to_string));
    }
    for (key, heading, org) in [
        ("work", "Experience", "name"),
        ("volunteer", "Volunteer", "organization"),
    ] {
        let entries: Vec<_> = list(m, key).collect();
        if entries.is_empty() {
            continue;
        }
        out.push(String::new());
        out.push(heading.to_string());
        for w in entries {
            let title = [s(w, "position"), s(w, org).or(s(w, "company"))]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            out.push(match span(w) {
                Some(when) => format!("{title} | {when}"),
                None => title,
            });
            out.extend(s(w, "summary").map(str::to_string));
            out.extend(strings(w, "highlights").into_iter().map(|h| format!("- {h}")));
        }
    }
    let skills: Vec<String> = list(m, "skills")
        .filter_map(|sk| {
            let keywords = strings(sk, "keywords");
            match (s(sk, "name"), keywords.is_empty()) {
                (Some(n), true) => Some(n.to_string()),
                (Some(n), false) => Some(format!("{n}: {}", keywords.join(", "))),
                (None, false) => Some(keywords.join(", ")),
                (None, true) => None,
            }
        })
        .collect();
    if !skills.is_empty() {
        out.push(String::new());
        out.push("Skills".into());
        out.extend(skills);
    }
    let education: Vec<String> = list(m, "education")
        .map(|e| {
            let what = [s(e, "studyType"), s(e, "area")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" in ");
            let line = [Some(what.as_str()).filter(|w| !w.is_empty()), s(e, "institution")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            match span(e) {
                Some(when) => format!("{line} | {when}"),
                None => line,
            }
        })
        .filter(|l| !l.is_empty())
        .collect();
    if !education.is_empty() {
        out.push(String::new());
        out.push("Education".into());
        out.extend(education);
    }
    let mut rest = Vec::new();
    for c in list(m, "certificates") {
        rest.extend(s(c, "name").map(|n| match s(c, "issuer") {
            Some(i) => format!("Certificate: {n} ({i})"),
            None => format!("Certificate: {n}"),
        }));
    }
    for p in list(m, "projects") {
        if let Some(n) = s(p, "name") {
            rest.push(format!("Project: {n}"));
            rest.extend(s(p, "description").map(str::to_string));
            rest.extend(strings(p, "highlights").into_iter().map(|h| format!("- {h}")));
        }
    }
    for a in list(m, "awards") {
        rest.extend(s(a, "title").map(|t| format!("Award: {t}")));
    }
    for p in list(m, "publications") {
        rest.extend(s(p, "name").map(|t| format!("Publication: {t}")));
    }
    let languages: Vec<&str> = list(m, "languages").filter_map(|l| s(l, "language")).collect();
    if !languages.is_empty() {
        rest.push(format!("Languages: {}", languages.join(", ")));
    }
    if !rest.is_empty() {
        out.push(String::new());
        out.push("Other".into());
        out.extend(rest);
    }
    let text = out.join("\n").trim().to_string();
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_dates_read_like_a_resume() {
        let v = serde_json::json!({
            "basics": {"name": "Ada", "label": "Data Engineer"},
            "work": [{"name": "Acme", "position": "Data Engineer", "startDate": "2021-08",
                      "highlights": ["Built Airflow pipelines"]},
                     {"name": "Initech", "position": "Analyst", "startDate": "2018-01", "endDate": "2021-07"}],
            "skills": [{"name": "Cloud", "keywords": ["AWS", "Snowflake"]}]
        });
        assert!(looks_like(&v));
        let t = to_text(&v).unwrap();
        assert!(t.contains("Data Engineer, Acme | Aug 2021 – Present"), "{t}");
        assert!(t.contains("Analyst, Initech | Jan 2018 – Jul 2021"), "{t}");
        assert!(
            t.contains("Cloud: AWS, Snowflake") && t.contains("- Built Airflow pipelines"),
            "{t}"
        );
        assert!(t.find("Experience").unwrap() < t.find("Skills").unwrap());
        assert!(!looks_like(&serde_json::json!({"title": "a posting"})));
    }
}
