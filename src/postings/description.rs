//! A job description as people write it, in plain text, Markdown or HTML,
//! read into a posting: the title from the first heading or line,
//! requirements and responsibilities from their headings, "Nice to have"
//! lists as the posting's other items, the rest as its description. The
//! result goes through the native validator like every other format.

use serde_json::{json, Map, Value};

use super::{Corpus, CorpusError, CorpusFormat};
use crate::text::{html, salary};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Section {
    Description,
    Requirements,
    Responsibilities,
    Other,
}

/// Heading words and the section they open, checked in order.
const HEADINGS: &[(&str, Section)] = &[
    ("nice to have", Section::Other),
    ("nice-to-have", Section::Other),
    ("preferred", Section::Other),
    ("bonus", Section::Other),
    ("responsibilit", Section::Responsibilities),
    ("what you'll do", Section::Responsibilities),
    ("what you will do", Section::Responsibilities),
    ("what you’ll do", Section::Responsibilities),
    ("duties", Section::Responsibilities),
    ("the role", Section::Responsibilities),
    ("your role", Section::Responsibilities),
    ("day to day", Section::Responsibilities),
    ("day-to-day", Section::Responsibilities),
    ("requirement", Section::Requirements),
    ("qualification", Section::Requirements),
    ("what you'll need", Section::Requirements),
    ("what you will need", Section::Requirements),
    ("what you’ll need", Section::Requirements),
    ("what you need", Section::Requirements),
    ("what you bring", Section::Requirements),
    ("must have", Section::Requirements),
    ("must-have", Section::Requirements),
    ("who you are", Section::Requirements),
    ("about you", Section::Requirements),
    ("skills", Section::Requirements),
    ("experience", Section::Requirements),
    ("about us", Section::Description),
    ("about the company", Section::Description),
    ("benefits", Section::Description),
    ("perks", Section::Description),
    ("compensation", Section::Description),
    ("what we offer", Section::Description),
    ("summary", Section::Description),
    ("overview", Section::Description),
    ("description", Section::Description),
];

/// Removes Markdown's inline marks: emphasis, code ticks, links (their text stays).
fn inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        match after
            .find("](")
            .and_then(|mid| after[mid..].find(')').map(|close| (mid, mid + close)))
        {
            Some((mid, close)) if !after[..mid].contains('[') => {
                out.push_str(&rest[..open]);
                out.push_str(&after[..mid]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("**", "")
        .replace("__", "")
        .replace('`', "")
        .trim()
        .to_string()
}

/// A Markdown heading, a bold line, or a short line ending in a colon; its text.
fn heading(line: &str) -> Option<String> {
    let t = line.trim();
    if let Some(h) = t.strip_prefix('#') {
        let h = h.trim_start_matches('#');
        if h.starts_with(' ') || h.is_empty() {
            return Some(inline(h));
        }
    }
    for mark in ["**", "__"] {
        if let Some(inner) = t
            .strip_prefix(mark)
            .and_then(|r| r.strip_suffix(mark).or(r.strip_suffix(":")))
        {
            let inner = inner.trim_end_matches(mark);
            if !inner.contains(mark) && !inner.is_empty() {
                return Some(inline(inner));
            }
        }
    }
    let words = t.split_whitespace().count();
    if t.ends_with(':') && (1..=8).contains(&words) && bullet(t).is_none() {
        return Some(inline(t));
    }
    None
}

fn section_of(heading: &str) -> Option<Section> {
    let h = heading.to_lowercase();
    HEADINGS.iter().find(|(w, _)| h.contains(w)).map(|&(_, s)| s)
}

/// The text of a list item ("- x", "* x", "• x", "1. x"), if the line is one.
fn bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    for b in ["- ", "* ", "• ", "· ", "– "] {
        if let Some(r) = t.strip_prefix(b) {
            return Some(r);
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let r = &t[digits..];
        if let Some(r) = r.strip_prefix(". ").or_else(|| r.strip_prefix(") ")) {
            return Some(r);
        }
    }
    None
}

/// "Company: Acme" and the like: the label's field and the value.
fn labelled(line: &str) -> Option<(&'static str, String)> {
    let (label, value) = line.split_once(':')?;
    let value = inline(value);
    if value.is_empty() {
        return None;
    }
    let field = match inline(label).to_lowercase().as_str() {
        "company" | "employer" | "organization" | "organisation" => "company",
        "location" | "locations" | "based in" => "location",
        "salary" | "pay" | "pay range" | "salary range" | "compensation" => "salary",
        "apply" | "apply at" | "url" | "link" => "url",
        _ => return None,
    };
    Some((field, value))
}

/// Reads a job description (`name` names it in messages, `id` becomes the
/// posting's id) into a one-posting corpus.
pub fn read(name: &str, id: &str, text: &str) -> Result<Corpus, CorpusError> {
    let shape = |message: &str| CorpusError::Shape {
        name: name.to_string(),
        message: message.to_string(),
    };
    let text = if html::looks_like_html(text) {
        html::to_text(text)
    } else {
        text.replace("\r\n", "\n")
    };
    if text.trim().is_empty() {
        return Err(shape("the job description is empty"));
    }
    let mut title: Option<String> = None;
    let mut fields: Map<String, Value> = Map::new();
    let mut section = Section::Description;
    let mut lists: [Vec<String>; 3] = Default::default();
    let mut description: Vec<String> = Vec::new();
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() || line.chars().all(|c| matches!(c, '-' | '=' | '*' | '_')) {
            continue;
        }
        if title.is_none() {
            let h = heading(line).unwrap_or_else(|| inline(bullet(line).unwrap_or(line)));
            let h = h.trim_end_matches(':').trim().to_string();
            // A description that opens with a section heading has no title line.
            if section_of(&h).is_none() || h.split_whitespace().count() > 4 {
                title = Some(h);
                continue;
            }
            title = Some(String::new());
        }
        if let Some(h) = heading(line) {
            if let Some(s) = section_of(&h) {
                section = s;
                continue;
            }
            if bullet(line).is_none() && h.ends_with(':') && labelled(line).is_none() {
                section = Section::Description;
                description.push(h);
                continue;
            }
        }
        if let Some((field, value)) = labelled(line) {
            if !fields.contains_key(field) {
                match field {
                    "location" => {
                        fields.insert(
                            "locations".into(),
                            json!(value.split(';').map(str::trim).collect::<Vec<_>>()),
                        );
                    }
                    "salary" => {
                        if let Some(s) = salary::parse(&value).or_else(|| salary::find(&value)) {
                            fields.insert("salary".into(), salary_json(&s));
                        }
                    }
                    f => {
                        fields.insert(f.into(), json!(value));
                    }
                }
                continue;
            }
        }
        let item = inline(bullet(line).unwrap_or(line));
        if item.is_empty() {
            continue;
        }
        match section {
            Section::Description => description.push(item),
            Section::Requirements => lists[0].push(item),
            Section::Responsibilities => lists[1].push(item),
            Section::Other => lists[2].push(item),
        }
    }
    let title = title.filter(|t| !t.is_empty()).unwrap_or_else(|| id.to_string());
    let description = description.join("\n");
    if !fields.contains_key("salary") {
        if let Some(s) = salary::find(&text) {
            fields.insert("salary".into(), salary_json(&s));
        }
    }
    let remote = fields.get("locations").and_then(Value::as_array).is_some_and(|l| {
        l.iter()
            .any(|x| x.as_str().is_some_and(|x| x.to_lowercase().contains("remote")))
    });
    let [requirements, responsibilities, other] = lists;
    if requirements.is_empty() && responsibilities.is_empty() && description.trim().is_empty() {
        return Err(shape("the job description has a title but no text"));
    }
    fields.insert("id".into(), json!(id));
    fields.insert("title".into(), json!(title));
    fields.insert("description".into(), json!(description));
    fields.insert("requirements".into(), json!(requirements));
    fields.insert("responsibilities".into(), json!(responsibilities));
    fields.insert("other".into(), json!(other));
    fields.insert("remote".into(), json!(remote));
    let native = Value::Array(vec![Value::Object(fields)]).to_string();
    Corpus::parse_as(name, &native, Some(CorpusFormat::Native), true)
}

fn salary_json(s: &salary::SalaryText) -> Value {
    super::schema_org::salary_json(s.min, s.max, s.currency.map(str::to_string), s.unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_markdown_description_gives_title_sections_and_fields() {
        let md = "# Senior Data Engineer\n\nCompany: Acme Analytics\nLocation: Remote, US\n\
                  Salary: $150,000 - $180,000\n\nWe build pipelines.\n\n## Requirements\n\
                  - 5+ years of **Python** and SQL\n- Airflow\n\n## What you'll do\n\
                  1. Build [dbt](https://getdbt.com) models\n\n## Nice to have\n* Kafka\n\n\
                  ## Benefits\nHealth insurance\n";
        let c = read("jd.md", "jd", md).unwrap();
        let p = &c.postings[0];
        assert_eq!(p.title, "Senior Data Engineer");
        assert_eq!(p.company.as_deref(), Some("Acme Analytics"));
        assert_eq!(p.requirements, ["5+ years of Python and SQL", "Airflow"]);
        assert_eq!(p.responsibilities, ["Build dbt models"]);
        assert_eq!(p.other, ["Kafka"]);
        assert_eq!(p.description, "We build pipelines.\nHealth insurance");
        assert!(p.remote);
        let s = p.salary.as_ref().unwrap();
        assert_eq!((s.min, s.max), (Some(150000.0), Some(180000.0)));
    }

    #[test]
    fn html_and_plain_text_read_the_same_way() {
        let html = "<h1>Line Cook</h1><p>Busy bistro.</p><h3>Qualifications:</h3>\
                    <ul><li>ServSafe certification</li><li>Knife skills</li></ul>";
        let text = "Line Cook\nBusy bistro.\nQualifications:\n- ServSafe certification\n- Knife skills\n";
        let a = read("a.html", "a", html).unwrap().postings.remove(0);
        let b = read("b.txt", "a", text).unwrap().postings.remove(0);
        assert_eq!(a.title, "Line Cook");
        assert_eq!(a.requirements, ["ServSafe certification", "Knife skills"]);
        assert_eq!(
            (&a.title, &a.requirements, &a.description),
            (&b.title, &b.requirements, &b.description)
        );
    }

    #[test]
    fn empty_descriptions_are_errors() {
        for text in ["", "  \n\n\t", "<p> </p>"] {
            let e = read("x.txt", "x", text).unwrap_err().to_string();
            assert!(e.contains("x.txt") && e.contains("empty"), "{e}");
        }
        let e = read("x.txt", "x", "Just a title\n").unwrap_err().to_string();
        assert!(e.contains("no text"), "{e}");
    }
}
