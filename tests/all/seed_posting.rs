//! The bundled corpus carries the posting filtr is modelled on exactly as the
//! Filtr job board shows it (`tests/fixtures/seed/`), field by field.

use filtr::postings::Corpus;

/// The page's parts, read from its text layout: a title after the logo line,
/// then company, salary, date, locations joined by " • ", "Apply Now", the
/// summary, and "  • " items under section headings.
pub struct Page {
    pub title: String,
    pub company: String,
    pub salary: (f64, f64),
    pub posted: String,
    pub locations: Vec<String>,
    pub summary: String,
    pub sections: Vec<(String, Vec<String>)>,
}

fn read_page(text: &str) -> Page {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let logo = lines.iter().position(|l| l.ends_with(" Logo")).expect("a logo line");
    let apply = lines.iter().position(|l| *l == "Apply Now").expect("Apply Now");
    let head = &lines[logo + 1..apply];
    assert_eq!(head.len(), 5, "title, company, salary, date, locations: {head:?}");
    let amount = |s: &str| {
        s.trim()
            .trim_start_matches('$')
            .replace(',', "")
            .parse::<f64>()
            .unwrap()
    };
    let (lo, hi) = head[2].split_once(" - ").expect("a salary range");
    let month = |m: &str| {
        [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ]
        .iter()
        .position(|x| *x == m)
        .unwrap()
            + 1
    };
    let (md, year) = head[3].split_once(", ").unwrap();
    let (m, d) = md.split_once(' ').unwrap();
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for line in &lines[apply + 2..] {
        match line.strip_prefix("  • ") {
            Some(item) => sections
                .last_mut()
                .expect("an item under a heading")
                .1
                .push(item.to_string()),
            None => sections.push((line.to_string(), Vec::new())),
        }
    }
    Page {
        title: head[0].to_string(),
        company: head[1].to_string(),
        salary: (amount(lo), amount(hi)),
        posted: format!("{year}-{:02}-{:02}", month(m), d.parse::<u32>().unwrap()),
        locations: head[4].split(" • ").map(str::to_string).collect(),
        summary: lines[apply + 1].to_string(),
        sections,
    }
}

/// The page filtr is modelled on, read field by field.
pub fn seed_page() -> Page {
    let path = crate::common::repo().join("tests/fixtures/seed/000_45dda74da6c7416c.txt");
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("seed page {} is required: {e}", path.display()));
    read_page(&text)
}

#[test]
fn the_bundled_seed_posting_is_the_page_verbatim() {
    let page = seed_page();
    let corpus = Corpus::bundled().unwrap();
    let p = corpus
        .postings
        .iter()
        .find(|p| p.id == "pinterest-ml-ts")
        .expect("the seed posting is bundled");
    assert_eq!(p.title, page.title);
    assert_eq!(p.company.as_deref(), Some(page.company.as_str()));
    let s = p.salary.as_ref().expect("a salary");
    assert_eq!(
        (s.min, s.max, s.currency.as_deref()),
        (Some(page.salary.0), Some(page.salary.1), Some("USD"))
    );
    assert_eq!(p.posted.as_deref(), Some(page.posted.as_str()));
    assert_eq!(p.locations, page.locations);
    assert_eq!(p.remote, page.locations.iter().any(|l| l.starts_with("Remote")));
    assert_eq!(p.description, page.summary);
    let section = |name: &str| {
        page.sections
            .iter()
            .find(|(h, _)| h == name)
            .unwrap_or_else(|| panic!("no {name} section on the page"))
            .1
            .clone()
    };
    assert_eq!(p.requirements, section("Requirements"));
    assert_eq!(p.responsibilities, section("Responsibilities"));
    assert_eq!(p.other, section("Other"));
    assert_eq!(
        page.sections.iter().map(|(h, _)| h.as_str()).collect::<Vec<_>>(),
        ["Requirements", "Responsibilities", "Other"]
    );
    assert_eq!(
        (p.requirements.len(), p.responsibilities.len(), p.other.len()),
        (3, 7, 5)
    );
    assert_eq!(
        p.url, None,
        "the page links nowhere, so the posting must not invent a link"
    );
}
