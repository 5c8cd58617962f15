//! Seeded, reproducible generator for the job-posting corpus in
//! `data/postings.json`. Uses only `std`, `serde_json` (for string escaping)
//! and its own SplitMix64 PRNG, so output is byte-identical across runs.
//!
//! Run: `cargo run --release --example gen_corpus -- data/postings.json [--count N] [--seed S]`

mod business;
mod health;
mod pinterest;
mod places;
mod tech;
mod trades;
mod util;

use filtr::text::calendar::{civil_from_days, days_from_civil};
use util::{js, js_list, Rng};

use std::io::Write;

// Seniority levels, as bit flags for `Occ::levels`.
pub const I: u8 = 1; // intern
pub const J: u8 = 2; // junior
pub const M: u8 = 4; // mid
pub const S: u8 = 8; // senior
pub const ST: u8 = 16; // staff
pub const P: u8 = 32; // principal
pub const MG: u8 = 64; // manager
pub const D: u8 = 128; // director
pub const ALL: u8 = 255;

const LEVELS: [&str; 8] = [
    "intern",
    "junior",
    "mid",
    "senior",
    "staff",
    "principal",
    "manager",
    "director",
];
const LEVEL_WEIGHT: [u32; 8] = [5, 15, 30, 25, 8, 4, 8, 5];
const LEVEL_PAY: [f64; 8] = [0.5, 0.76, 1.0, 1.28, 1.58, 1.9, 1.42, 1.8];
const LEVEL_YEARS: [(usize, usize); 8] = [(0, 0), (1, 2), (2, 4), (5, 7), (8, 10), (10, 12), (6, 8), (10, 15)];

/// How seniority shows up in titles.
#[derive(Clone, Copy, PartialEq)]
pub enum Style {
    Corp,
    Clinical,
    Trade,
}

/// One occupation: everything needed to write postings for it.
pub struct Occ {
    pub label: &'static str,
    pub titles: &'static [&'static str],
    pub mgr: &'static [&'static str],
    pub dir: &'static [&'static str],
    pub style: Style,
    pub levels: u8,
    /// "... years of experience in {field}"
    pub field: &'static str,
    /// "Bachelor's degree in {degree}"; empty when not applicable.
    pub degree: &'static str,
    /// Noun phrases: "experience with {skill}".
    pub skills: &'static [&'static str],
    /// Full requirement statements, used verbatim.
    pub quals: &'static [&'static str],
    pub resp: &'static [&'static str],
    pub teams: &'static [&'static str],
    pub partners: &'static str,
    pub reports: &'static str,
    pub employers: &'static [(&'static str, &'static str)],
    pub why: &'static [&'static str],
    /// Mid-level annual base pay in USD.
    pub pay: u32,
    /// Percent of non-management postings paid hourly.
    pub hourly: u8,
    /// Percent of postings that are remote.
    pub remote: u8,
}

fn all_occs() -> Vec<&'static Occ> {
    tech::OCCS
        .iter()
        .chain(health::OCCS)
        .chain(business::OCCS)
        .chain(trades::OCCS)
        .collect()
}

fn fill(t: &str, b: &str) -> String {
    t.replace("{b}", b)
}

fn make_title(o: &Occ, lv: usize, r: &mut Rng) -> String {
    let mut b = *r.pick(o.titles);
    if lv == 0 {
        for _ in 0..8 {
            if !(b.contains(", ") || b.contains(" - ") || b.contains('(')) {
                break;
            }
            b = *r.pick(o.titles);
        }
    }
    let t: &str = match (lv, o.style) {
        (0, _) => r.choose(&["{b} Intern", "{b} Intern", "{b} Intern, Summer 2027"]),
        (1, Style::Corp) => r.choose(&["Junior {b}", "Associate {b}", "{b} I"]),
        (1, Style::Clinical) => r.choose(&["{b} I", "Entry-Level {b}"]),
        (1, Style::Trade) => r.choose(&["Apprentice {b}", "Entry-Level {b}", "Junior {b}"]),
        (2, Style::Trade) => r.choose(&["{b}", "{b}", "Experienced {b}"]),
        (2, _) => r.choose(&["{b}", "{b}", "{b} II"]),
        (3, Style::Clinical) => r.choose(&["Senior {b}", "{b} III", "Lead {b}"]),
        (3, _) => r.choose(&["Senior {b}", "Senior {b}", "Lead {b}"]),
        (4, _) => "Staff {b}",
        (5, _) => "Principal {b}",
        (6, _) => return r.pick(o.mgr).to_string(),
        _ => return r.pick(o.dir).to_string(),
    };
    let suffix_numeral = t.ends_with(" I") || t.ends_with(" II") || t.ends_with(" III");
    let punct = b.contains(" - ") || b.contains(", ") || b.contains('(');
    if suffix_numeral && punct {
        return match lv {
            1 => format!("Entry-Level {b}"),
            3 => format!("Senior {b}"),
            _ => b.to_string(),
        };
    }
    // Avoid "Associate Audit Associate", "Senior Senior ...".
    if let Some(prefix) = t.strip_suffix(" {b}") {
        if b.split_whitespace().any(|w| w == prefix) {
            return b.to_string();
        }
    }
    fill(t, b)
}

/// "a" or "an" for the following title.
fn article(t: &str) -> &'static str {
    let first = t.split_whitespace().next().unwrap_or("");
    let acronym = first.len() > 1 && first.chars().all(|c| c.is_ascii_uppercase());
    let c = first.chars().next().unwrap_or('x');
    if (acronym && "AEFHILMNORSX".contains(c)) || (!acronym && "AEIOU".contains(c)) {
        "an"
    } else {
        "a"
    }
}

fn pick_level(o: &Occ, r: &mut Rng) -> usize {
    let total: u32 = (0..8)
        .filter(|i| o.levels & (1 << i) != 0)
        .map(|i| LEVEL_WEIGHT[i])
        .sum();
    let mut x = (r.next() % total as u64) as u32;
    for (i, &weight) in LEVEL_WEIGHT.iter().enumerate() {
        if o.levels & (1 << i) == 0 {
            continue;
        }
        if x < weight {
            return i;
        }
        x -= weight;
    }
    2
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match (c.next(), s.chars().nth(1)) {
        (Some(f), Some(n)) if n.is_lowercase() || n == ' ' => f.to_lowercase().chain(c).collect(),
        _ => s.to_string(),
    }
}

fn requirements(o: &Occ, lv: usize, r: &mut Rng) -> Vec<String> {
    let target = r.range(4, 8);
    let (ylo, yhi) = LEVEL_YEARS[lv];
    let y = r.range(ylo, yhi);
    let mut out = Vec::new();
    if lv == 0 {
        if o.degree.is_empty() {
            out.push(format!("Currently enrolled in a program related to {}", o.field));
        } else {
            out.push(format!(
                "Currently pursuing a bachelor's or master's degree in {}",
                o.degree
            ));
        }
    } else {
        let t = r.choose(&[
            "{y}+ years of experience in {f}",
            "{y}+ years of professional experience in {f}",
            "At least {y} years of experience in {f}",
        ]);
        out.push(t.replace("{y}", &y.to_string()).replace("{f}", o.field));
    }
    if lv >= 6 {
        out.push(
            r.choose(&[
                "Proven experience hiring, leading and developing a team of {r}",
                "{n}+ years of people management experience leading {r}",
                "Track record of building and retaining high-performing teams of {r}",
            ])
            .replace("{r}", o.reports)
            .replace("{n}", &r.range(2, (y / 2).max(3)).to_string()),
        );
    } else if lv == 4 || lv == 5 {
        out.push(
            r.choose(&[
                "Track record of setting technical direction across multiple teams",
                "Demonstrated ability to lead ambiguous, cross-team initiatives from strategy to delivery",
                "Experience mentoring senior {r} and raising the bar for technical quality",
            ])
            .replace("{r}", o.reports),
        );
    }
    let skills = r.sample(o.skills, 4);
    let mut quals = vec![o.quals[0]];
    quals.extend(r.sample(&o.quals[1..], 3));
    let mut mid = Vec::new();
    for (k, s) in skills.iter().take(3).enumerate() {
        let line = if k == 0 && lv >= 2 {
            format!(
                "{}+ years of hands-on experience with {s}",
                (y.saturating_sub(2)).max(2)
            )
        } else if lv <= 1 {
            r.choose(&[
                "Familiarity with {s}",
                "Working knowledge of {s}",
                "Coursework or project experience with {s}",
            ])
            .replace("{s}", s)
        } else {
            r.choose(&[
                "Strong proficiency with {s}",
                "Demonstrated experience with {s}",
                "Deep knowledge of {s}",
                "Hands-on experience with {s}",
            ])
            .replace("{s}", s)
        };
        mid.push(line);
        if let Some(q) = quals.get(k) {
            mid.push(q.to_string());
        }
    }
    if lv >= 1 && !o.degree.is_empty() && r.pct(40) {
        mid.push(format!(
            "Bachelor's degree in {}, or equivalent practical experience",
            o.degree
        ));
    }
    let last = quals[quals.len() - 1];
    let hedged = ["prefer", "require", "plus", "valued"].iter().any(|w| last.contains(w));
    let pref = if hedged || r.pct(50) {
        r.choose(&[
            "Experience with {s} is a plus",
            "Nice to have: familiarity with {s}",
            "Bonus: exposure to {s}",
        ])
        .replace("{s}", skills[3])
    } else {
        format!("Preferred: {}", lower_first(last))
    };
    let room = target.saturating_sub(out.len() + 1).max(2);
    out.extend(mid.into_iter().take(room));
    out.push(pref);
    out
}

fn responsibilities(o: &Occ, lv: usize, r: &mut Rng) -> Vec<String> {
    let n = r.range(4, 7);
    let mut out = Vec::new();
    if lv >= 6 {
        out.push(
            r.choose(&[
                "Hire, coach and develop a team of {r}, setting clear goals and expectations",
                "Lead a team of {r}, owning staffing, performance and career growth",
                "Manage and mentor {r}, building an inclusive, high-accountability culture",
            ])
            .replace("{r}", o.reports),
        );
    } else if lv == 4 || lv == 5 {
        out.push(format!("Mentor {} and set technical direction across teams", o.reports));
    } else if lv == 0 {
        out.push("Complete a scoped project with support from a dedicated mentor and present results at the end of the internship".into());
    }
    for s in r.sample(o.resp, n - out.len()) {
        out.push(s.to_string());
    }
    out
}

const ABOUT: &[&str] = &[
    "{c} is {blurb}.",
    "At {c}, {blurb2}, and our teams work every day to make that mission real.",
    "Founded in {yr}, {c} is {blurb}, with more than {n} employees across the country.",
    "{c} is {blurb}; we have grown steadily since {yr} and now employ more than {n} people.",
    "Join {c}, {blurb}, where we believe great work starts with great people.",
];

const BOILER: &[&str] = &[
    "We offer competitive pay, medical, dental and vision coverage, a 401(k) with company match, and generous paid time off.",
    "{c} is an equal opportunity employer and considers all qualified applicants without regard to race, color, religion, sex, sexual orientation, gender identity, national origin, disability or veteran status.",
    "Benefits include comprehensive health insurance, paid parental leave, tuition assistance and an employee wellness program.",
    "We provide reasonable accommodations to applicants with disabilities; please let your recruiter know if you need one.",
];

const ROLE: &[&str] = &[
    "As {a} {t} on {team}, you will {r1} and {r2}.",
    "In this role you will {r1}, working day to day with {s1}, {s2} and {s3}.",
    "You will join {team} to {r1}, partnering closely with {p}.",
    "We are looking for {a} {t} who can {r1} and is comfortable working with {s1} and {s2}.",
    "The {t} will {r1}, {r2}, and collaborate with {p} to deliver results.",
];

fn words(s: &[String]) -> usize {
    s.iter().map(|x| x.split_whitespace().count()).sum()
}

fn description(o: &Occ, title: &str, company: &str, blurb: &str, r: &mut Rng) -> Vec<String> {
    let fill_about = |r: &mut Rng| {
        let blurb2 = format!("we are {blurb}");
        r.pick(ABOUT)
            .replace("{c}", company)
            .replace("{blurb2}", &blurb2)
            .replace("{blurb}", blurb)
            .replace("{yr}", &r.range(1952, 2019).to_string())
            .replace("{n}", r.choose(&["500", "1,200", "2,500", "5,000", "10,000", "25,000"]))
    };
    let fill_role = |r: &mut Rng| {
        let rs = r.sample(o.resp, 2);
        let ss = r.sample(o.skills, 3);
        r.pick(ROLE)
            .replace("{a}", article(title))
            .replace("{t}", title)
            .replace("{team}", r.choose(o.teams))
            .replace("{r1}", &lower_first(rs[0]))
            .replace("{r2}", &lower_first(rs[1]))
            .replace("{s1}", ss[0])
            .replace("{s2}", ss[1])
            .replace("{s3}", ss[2])
            .replace("{p}", o.partners)
    };
    let mut best: Vec<String> = Vec::new();
    for _ in 0..24 {
        let mut s = vec![fill_about(r), fill_role(r)];
        s.push(r.pick(o.why).replace("{c}", company));
        if words(&s) < 60 || r.pct(35) {
            s.insert(2, fill_role(r));
        }
        if s.len() < 4 && r.pct(30) {
            s.push(r.pick(BOILER).replace("{c}", company));
        }
        if s.len() > 2 && words(&s) > 140 {
            s.pop();
        }
        let w = words(&s);
        best = s;
        if (60..=140).contains(&w) {
            break;
        }
    }
    best
}

fn slug(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

struct Salary {
    min: f64,
    max: f64,
    hourly: bool,
}

fn salary(o: &Occ, lv: usize, cost: f64, r: &mut Rng) -> Salary {
    let base = o.pay as f64 * LEVEL_PAY[lv] * cost;
    let min = base * r.uniform(0.86, 0.98);
    let max = min * r.uniform(1.15, 1.45);
    let hourly = lv < 6 && (r.pct(o.hourly) || (lv == 0 && r.pct(50)));
    if hourly {
        let q = |x: f64| (x / 2080.0 * 4.0).round() / 4.0;
        Salary {
            min: q(min),
            max: q(max),
            hourly,
        }
    } else {
        let q = |x: f64| (x / 100.0).round() * 100.0;
        Salary {
            min: q(min),
            max: q(max),
            hourly,
        }
    }
}

fn posting(id: usize, occs: &[&Occ], today: i64, r: &mut Rng) -> String {
    let o = *r.pick(occs);
    let lv = pick_level(o, r);
    let title = make_title(o, lv, r);
    let (company, blurb) = *r.pick(o.employers);
    let id = format!("p{id:05}");
    let remote = r.pct(o.remote);
    let ncity = if r.pct(80) { 1 } else { r.range(2, 3) };
    let cities = r.sample(places::CITIES, ncity);
    let mut locations: Vec<String> = cities.iter().map(|(c, s, _)| format!("{c}, {s}, US")).collect();
    let mut cost = cities.iter().map(|c| c.2).fold(0.0, f64::max);
    if remote {
        if r.pct(30) {
            locations.clear();
            cost = 1.0;
        }
        locations.push("Remote, US".into());
    }
    let reqs = requirements(o, lv, r);
    let resp = responsibilities(o, lv, r);
    let desc = description(o, &title, company, blurb, r).join(" ");
    let sal = if r.pct(10) { None } else { Some(salary(o, lv, cost, r)) };
    let (y, m, d) = civil_from_days(today - r.range(1, 365) as i64);
    let mut s = format!(
        "{{\"id\":{},\"title\":{},\"company\":{},\"occupation\":{},\"seniority\":{},\"description\":{},\"requirements\":{},\"responsibilities\":{}",
        js(&id), js(&title), js(company), js(o.label), js(LEVELS[lv]), js(&desc), js_list(&reqs), js_list(&resp)
    );
    if let Some(sal) = sal {
        if sal.hourly {
            s += &format!(
                ",\"salary\":{{\"min\":{:?},\"max\":{:?},\"currency\":\"USD\",\"period\":\"hour\"}}",
                sal.min, sal.max
            );
        } else {
            s += &format!(
                ",\"salary\":{{\"min\":{},\"max\":{},\"currency\":\"USD\",\"period\":\"year\"}}",
                sal.min as u64, sal.max as u64
            );
        }
    }
    s += &format!(
        ",\"locations\":{},\"remote\":{},\"posted\":\"{y:04}-{m:02}-{d:02}\",\"url\":{}}}",
        js_list(&locations),
        remote,
        js(&format!("https://careers.{}.example/jobs/{id}", slug(company)))
    );
    s
}

fn main() -> std::io::Result<()> {
    let mut out = String::from("data/postings.json");
    let mut count = 1600usize;
    let mut seed = 0x5EED_F117_2026u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--count" => count = args.next().and_then(|v| v.parse().ok()).expect("--count N"),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).expect("--seed S"),
            _ => out = a,
        }
    }
    let occs = all_occs();
    let today = days_from_civil(2026, 11, 20);
    let mut r = Rng(seed);
    let mut lines = Vec::with_capacity(count);
    if count > 0 {
        lines.push(pinterest::posting());
    }
    for i in 1..count {
        lines.push(posting(i, &occs, today, &mut r));
    }
    let mut f = std::io::BufWriter::new(std::fs::File::create(&out)?);
    write!(f, "[\n{}\n]\n", lines.join(",\n"))?;
    f.flush()?;
    eprintln!("wrote {} postings ({} occupations) to {out}", lines.len(), occs.len());
    Ok(())
}
