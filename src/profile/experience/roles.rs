//! Dated roles in a resume and the years of experience they add up to.

use super::tokens::*;
use super::{Month, Role};

/// Resumes predating this are typos or birth years, not jobs.
pub(super) const MIN_YEAR: i32 = 1950;
pub(super) const OPEN_WORDS: &[&str] = &["present", "current", "currently", "now", "today", "date", "ongoing"];
pub(super) const RANGE_WORDS: &[&str] = &["to", "until", "till", "thru", "through"];
/// "Summer 2019" is too vague to date: such a year never starts or ends a range.
pub(super) const SEASONS: &[&str] = &["spring", "summer", "fall", "autumn", "winter"];
pub(super) const MONTH_NAMES: [(&str, u32); 24] = [
    ("jan", 1),
    ("january", 1),
    ("feb", 2),
    ("february", 2),
    ("mar", 3),
    ("march", 3),
    ("apr", 4),
    ("april", 4),
    ("may", 5),
    ("jun", 6),
    ("june", 6),
    ("jul", 7),
    ("july", 7),
    ("aug", 8),
    ("august", 8),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
    ("oct", 10),
    ("october", 10),
    ("nov", 11),
    ("november", 11),
    ("dec", 12),
    ("december", 12),
];

pub(super) fn month_name(s: &str) -> Option<u32> {
    MONTH_NAMES
        .iter()
        .find(|(n, _)| s.eq_ignore_ascii_case(n))
        .map(|&(_, m)| m)
}

/// One end of a date range, at the precision it was written.
#[derive(Clone, Copy)]
pub(super) enum Point {
    Month(Month),
    Year(i32),
    /// "June" in "June – August 2019": takes its year from the end.
    MonthOnly(u32),
    Open,
}

pub(super) struct Hit {
    start: Month,
    end: Month,
    current: bool,
    /// Byte range of the whole "start – end" text, cut out of the title.
    span: (usize, usize),
}

pub(super) struct Dates<'a> {
    line: Line<'a>,
    today: Month,
}

impl Dates<'_> {
    fn year(&self, i: usize) -> Option<i32> {
        let (v, len) = self.line.num(i)?;
        let v = v as i32;
        (len == 4 && (MIN_YEAR..=self.today.year().saturating_add(1)).contains(&v)).then_some(v)
    }

    /// "'18" is the latest year ending in 18 that is not after next year.
    fn two_digit_year(&self, i: usize) -> Option<i32> {
        if !matches!(self.line.punct(i), Some('\'' | '’' | '‘' | '`')) || self.line.spaced(i + 1) {
            return None;
        }
        let (yy, 2) = self.line.num(i + 1)? else { return None };
        let max = i64::from(self.today.year()) + 1;
        let mut y = max - max.rem_euclid(100) + i64::from(yy);
        if y > max {
            y -= 100;
        }
        i32::try_from(y).ok().filter(|&y| y >= MIN_YEAR)
    }

    /// The date starting at token `i` and the index after it.
    fn point(&self, i: usize) -> Option<(Point, usize)> {
        let line = self.line;
        match line.kind(i)? {
            Kind::Word => {
                if line.is_word(i, OPEN_WORDS) {
                    return Some((Point::Open, i + 1));
                }
                let m = month_name(line.str(i))?;
                let mut j = i + 1;
                if line.punct(j) == Some('.') && !line.spaced(j) {
                    j += 1;
                }
                let after_name = j;
                // "Jan 15, 2019": the day is skipped.
                let day = line.num(j).is_some_and(|(d, len)| len <= 2 && (1..=31).contains(&d));
                if day && (line.punct(j + 1) == Some(',') || self.year(j + 1).is_some()) {
                    j += 1;
                }
                if line.punct(j) == Some(',') {
                    j += 1;
                }
                if let Some(y) = self.year(j) {
                    return Some((Point::Month(Month::new(y, m)?), j + 1));
                }
                if let Some(y) = self.two_digit_year(j) {
                    return Some((Point::Month(Month::new(y, m)?), j + 2));
                }
                Some((Point::MonthOnly(m), after_name))
            }
            Kind::Num => {
                let (v, len) = line.num(i)?;
                if len == 4 {
                    let y = self.year(i)?;
                    // "2017-06", "2017/06", "2017-06-15"; "2015-18" is not a month and stays a lone year.
                    let sep = line.punct(i + 1).filter(|c| matches!(c, '-' | '/' | '.'));
                    if sep.is_some() && !line.spaced(i + 1) && !line.spaced(i + 2) {
                        if let Some(month) = line
                            .num(i + 2)
                            .filter(|&(_, l)| l == 2)
                            .and_then(|(m, _)| Month::new(y, m))
                        {
                            let mut j = i + 3;
                            let day = line.num(j + 1).is_some_and(|(_, l)| l <= 2);
                            if line.punct(j) == sep && !line.spaced(j) && !line.spaced(j + 1) && day {
                                j += 2;
                            }
                            return Some((Point::Month(month), j));
                        }
                    }
                    return Some((Point::Year(y), i + 1));
                }
                if len > 2 {
                    return None;
                }
                // "15 Jan 2019": the day is skipped.
                if (1..=31).contains(&v)
                    && line.kind(i + 1) == Some(Kind::Word)
                    && month_name(line.str(i + 1)).is_some()
                {
                    return self.point(i + 1);
                }
                // "6/2017", "06.2017", "6/15/2017".
                let sep = line.punct(i + 1).filter(|c| matches!(c, '/' | '.'))?;
                if line.spaced(i + 1) || line.spaced(i + 2) || !(1..=12).contains(&v) {
                    return None;
                }
                if let Some(y) = self.year(i + 2) {
                    return Some((Point::Month(Month::new(y, v)?), i + 3));
                }
                let day = line.num(i + 2).is_some_and(|(d, l)| l <= 2 && (1..=31).contains(&d));
                if day && line.punct(i + 3) == Some(sep) && !line.spaced(i + 3) && !line.spaced(i + 4) {
                    let y = self.year(i + 4)?;
                    return Some((Point::Month(Month::new(y, v)?), i + 5));
                }
                None
            }
            Kind::Punct(_) => None,
        }
    }

    /// A "start – end" range starting at token `i`, and the index after it.
    fn range(&self, i: usize) -> Option<(Hit, usize)> {
        let (from, mut j) = self.point(i)?;
        let sep = j;
        while self.line.punct(j).is_some_and(is_dash) {
            j += 1;
        }
        if self.line.is_word(j, RANGE_WORDS) {
            j += 1;
        }
        if j == sep {
            return None;
        }
        let (to, next) = self.point(j)?;
        let (end, current) = match to {
            Point::Open => (self.today, true),
            Point::Month(m) => (m, false),
            // "2015–2018" ends in January 2018: three years, as a reader would count it.
            Point::Year(y) => (Month::new(y, 1)?, false),
            Point::MonthOnly(_) => return None,
        };
        let start = match (from, to) {
            (Point::Month(m), _) => m,
            (Point::Year(y), _) => Month::new(y, 1)?,
            (Point::MonthOnly(m), Point::Month(_)) => {
                let same_year = Month::new(end.year(), m)?;
                if same_year > end {
                    Month::new(end.year() - 1, m)?
                } else {
                    same_year
                }
            }
            _ => return None,
        };
        let latest = Month(self.today.0.saturating_add(1));
        if start.year() < MIN_YEAR || start > end || end > latest {
            return None;
        }
        let span = (self.line.toks[i].start, self.line.toks[next - 1].end);
        Some((
            Hit {
                start,
                end,
                current,
                span,
            },
            next,
        ))
    }
}

pub(super) fn find_ranges(text: &str, toks: &[Tok], today: Month, out: &mut Vec<Hit>) {
    out.clear();
    let dates = Dates {
        line: Line { text, toks },
        today,
    };
    let mut i = 0;
    while i < toks.len() {
        if dates.line.is_word(i, SEASONS) && dates.year(i + 1).is_some() {
            i += 2;
        } else if let Some((hit, next)) = dates.range(i) {
            out.push(hit);
            i = next;
        } else {
            // A date that starts no range is skipped whole: "Dec 2026 – Present" must not retry as "2026 – Present".
            i = dates.point(i).map_or(i + 1, |(_, next)| next.max(i + 1));
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Section {
    /// Before any heading, or in a resume without headings.
    Unknown,
    Work,
    Education,
    Other,
}

pub(super) const EDUCATION_HEADINGS: &[&str] = &[
    "education",
    "educational",
    "academic",
    "academics",
    "certification",
    "certifications",
    "certificate",
    "certificates",
    "certs",
    "training",
    "trainings",
    "course",
    "courses",
    "coursework",
    "license",
    "licenses",
    "licence",
    "licences",
    "licensure",
    "degrees",
    "schooling",
];
pub(super) const WORK_HEADINGS: &[&str] = &[
    "experience",
    "experiences",
    "employment",
    "work",
    "history",
    "career",
    "positions",
    "jobs",
    "internships",
];
pub(super) const OTHER_HEADINGS: &[&str] = &[
    "skills",
    "summary",
    "profile",
    "objective",
    "projects",
    "publications",
    "awards",
    "honors",
    "honours",
    "achievements",
    "accomplishments",
    "volunteer",
    "volunteering",
    "activities",
    "interests",
    "hobbies",
    "references",
    "languages",
    "contact",
    "information",
    "leadership",
    "affiliations",
    "memberships",
    "extracurricular",
    "research",
    "overview",
    "competencies",
    "expertise",
    "portfolio",
    "patents",
    "qualifications",
];
/// Words that may appear in a heading without deciding its kind ("Relevant Professional Experience").
pub(super) const HEADING_FILLER: &[&str] = &[
    "professional",
    "relevant",
    "other",
    "selected",
    "related",
    "technical",
    "key",
    "core",
    "and",
    "of",
    "background",
    "details",
    "recent",
    "additional",
    "personal",
    "military",
    "teaching",
    "industry",
    "prior",
    "previous",
    "my",
    "the",
];

/// A section heading: a short line made only of heading words, so a job title such as
/// "Training Specialist" is not mistaken for one.
pub(super) fn heading(line: &str) -> Option<Section> {
    let t = line.trim_matches(|c: char| !c.is_alphanumeric());
    if t.is_empty() || t.len() > 48 || t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let (mut education, mut work, mut other) = (false, false, false);
    for (n, w) in t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        let is = |list: &[&str]| list.iter().any(|x| w.eq_ignore_ascii_case(x));
        if n >= 5 {
            return None;
        } else if is(EDUCATION_HEADINGS) {
            education = true;
        } else if is(WORK_HEADINGS) {
            work = true;
        } else if is(OTHER_HEADINGS) {
            other = true;
        } else if !is(HEADING_FILLER) {
            return None;
        }
    }
    if education {
        Some(Section::Education)
    } else if work {
        Some(Section::Work)
    } else if other {
        Some(Section::Other)
    } else {
        None
    }
}

pub(super) const DEGREE_WORDS: &[&str] = &[
    "university",
    "universidad",
    "université",
    "college",
    "school",
    "academy",
    "bachelor",
    "bachelors",
    "bachelor's",
    "bachelor’s",
    "masters",
    "master's",
    "master’s",
    "associate's",
    "associate’s",
    "mba",
    "m.b.a",
    "phd",
    "ph.d",
    "doctorate",
    "degree",
    "diploma",
    "b.s",
    "b.a",
    "m.s",
    "m.a",
    "a.a",
    "a.s",
    "b.sc",
    "m.sc",
    "bsc",
    "msc",
    "b.eng",
    "m.eng",
    "beng",
    "meng",
    "b.tech",
    "m.tech",
    "btech",
    "mtech",
    "bba",
    "b.b.a",
    "gpa",
    "graduated",
];

/// Degree and school words mark a line as schooling where no heading says what a section is.
pub(super) fn mentions_degree(line: &str) -> bool {
    let mark = |c: char| matches!(c, '.' | '\'' | '’');
    let mut words = line
        .split(|c: char| !(c.is_alphanumeric() || mark(c)))
        .map(|w| w.trim_matches(mark))
        .filter(|w| !w.is_empty());
    while let Some(w) = words.next() {
        if DEGREE_WORDS.iter().any(|d| w.eq_ignore_ascii_case(d)) {
            return true;
        }
        // "Master of Science", but not "Master Electrician" or "Scrum Master".
        if w.eq_ignore_ascii_case("master") && words.clone().next().is_some_and(|n| n.eq_ignore_ascii_case("of")) {
            return true;
        }
    }
    false
}

/// Longer text next to the dates is a sentence, not a title.
pub(super) const MAX_TITLE_CHARS: usize = 100;
/// Words left dangling at the end of a title once the dates are cut out ("Engineer from").
pub(super) const CONNECTORS: &[&str] = &[
    "from", "since", "between", "during", "dates", "date", "in", "period", "duration",
];

pub(super) fn is_title_separator(c: char) -> bool {
    matches!(
        c,
        '|' | '@'
            | '•'
            | '·'
            | '▪'
            | '●'
            | '◦'
            | '►'
            | '‣'
            | ','
            | ';'
            | '\t'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '–'
            | '—'
            | '‒'
            | '―'
            | '−'
    )
}

/// The first part of `line` with letters, split at employer separators ("|", ",", "@", " at ", " - ", dashes) and at
/// the date `spans`. The first part decides: `None` if it is too long to be a title.
pub(super) fn title_from(line: &str, spans: &[(usize, usize)]) -> Option<String> {
    let mut pieces = Vec::with_capacity(spans.len() + 1);
    let mut from = 0;
    for &(start, end) in spans {
        pieces.push(&line[from..start]);
        from = end;
    }
    pieces.push(&line[from..]);
    let mut words: Vec<&str> = Vec::new();
    for part in pieces.into_iter().flat_map(|p| p.split(is_title_separator)) {
        for w in part.split_whitespace() {
            let w = w.trim_matches(|c| matches!(c, '*' | '_' | '#' | '>' | '`' | '"' | '“' | '”' | ':'));
            if w.chars().all(is_dash) || w.eq_ignore_ascii_case("at") {
                if let Some(title) = segment_title(&mut words) {
                    return title;
                }
            } else {
                words.push(w);
            }
        }
        if let Some(title) = segment_title(&mut words) {
            return title;
        }
    }
    None
}

/// Ends a segment: `None` to keep looking when it has no letters, else the answer.
pub(super) fn segment_title(words: &mut Vec<&str>) -> Option<Option<String>> {
    while words
        .last()
        .is_some_and(|w| CONNECTORS.iter().any(|c| w.eq_ignore_ascii_case(c)))
    {
        words.pop();
    }
    if !words.iter().any(|w| w.chars().any(char::is_alphabetic)) {
        words.clear();
        return None;
    }
    let title = words.join(" ");
    words.clear();
    Some((title.chars().count() <= MAX_TITLE_CHARS).then_some(title))
}

/// Dated roles in a resume, in text order.
///
/// Ranges under an education or certification heading never count. Before any heading (and so in a resume without
/// headings) and under other non-work headings, a range is skipped when its line, or the line before a dates-only
/// line, names a degree or school. Year-only ends are read as January: "2015–2018" is 36 months.
pub fn roles(text: &str, today: Month) -> Vec<Role> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    let mut hits = Vec::new();
    let mut section = Section::Unknown;
    // The last non-blank line without dates: the title when the dates stand on their own line.
    let mut prev: Option<&str> = None;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if let Some(s) = heading(line) {
            section = s;
            prev = None;
            continue;
        }
        tokenize(line, &mut toks);
        find_ranges(line, &toks, today, &mut hits);
        if hits.is_empty() {
            prev = Some(line);
            continue;
        }
        let before = prev.take();
        if section == Section::Education {
            continue;
        }
        let spans: Vec<(usize, usize)> = hits.iter().map(|h| h.span).collect();
        let own = title_from(line, &spans);
        let schooling = mentions_degree(line) || own.is_none() && before.is_some_and(mentions_degree);
        if section != Section::Work && schooling {
            continue;
        }
        let title = own.or_else(|| before.and_then(|b| title_from(b, &[])));
        out.extend(hits.drain(..).map(|h| Role {
            start: h.start,
            end: h.end,
            current: h.current,
            line: n + 1,
            title: title.clone(),
        }));
    }
    out
}

/// Total years of experience: the union of role intervals (overlapping roles counted once), in years (months/12),
/// rounded to one decimal. None when there are no roles.
pub fn years_of_experience(roles: &[Role]) -> Option<f64> {
    if roles.is_empty() {
        return None;
    }
    let mut spans: Vec<(i64, i64)> = roles
        .iter()
        .map(|r| (i64::from(r.start.0), i64::from(r.end.0)))
        .filter(|(s, e)| s < e)
        .collect();
    spans.sort_unstable();
    let (mut months, mut reach) = (0i64, i64::MIN);
    for (start, end) in spans {
        let start = start.max(reach);
        if end > start {
            months += end - start;
            reach = end;
        }
    }
    Some((months as f64 / 12.0 * 10.0).round() / 10.0)
}
