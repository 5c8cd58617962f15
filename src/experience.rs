//! Experience in time: dated roles in a resume, years a posting asks for, seniority levels, and `--since` dates.
//!
//! Everything here is heuristic text reading over untrusted input, so nothing panics and every scan is linear:
//! each line is tokenized once and every pattern looks at a bounded number of neighbouring tokens.

/// A calendar month, ordinal = year*12 + (month-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month(pub i32);

impl Month {
    /// `None` for a month outside 1..=12 or a year too large to count in months.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        if !(1..=12).contains(&month) {
            return None;
        }
        year.checked_mul(12)?.checked_add(month as i32 - 1).map(Month)
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub start: Month,
    pub end: Month,
    /// The range ended in "present", "current", "now"...; `end` is then today.
    pub current: bool,
    /// 1-based line of the text the dates are on.
    pub line: usize,
    /// Best guess: the first separated part of the same line once the dates are cut out,
    /// or of the line before when the dates stand alone.
    pub title: Option<String>,
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Word,
    Num,
    Punct(char),
}

/// A token of one line. `spaced` says whether whitespace precedes it: it tells "2017-06" (a month) from "2017 - 06".
#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    spaced: bool,
}

/// Splits a line into runs of letters, runs of ASCII digits and single other characters.
fn tokenize(line: &str, out: &mut Vec<Tok>) {
    out.clear();
    let mut spaced = false;
    let mut chars = line.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            spaced = true;
            continue;
        }
        let kind = if c.is_ascii_digit() {
            Kind::Num
        } else if c.is_alphabetic() {
            Kind::Word
        } else {
            Kind::Punct(c)
        };
        let mut end = start + c.len_utf8();
        if kind != Kind::Punct(c) {
            while let Some(&(i, d)) = chars.peek() {
                let same = if kind == Kind::Num {
                    d.is_ascii_digit()
                } else {
                    d.is_alphabetic()
                };
                if !same {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
        }
        out.push(Tok {
            kind,
            start,
            end,
            spaced,
        });
        spaced = false;
    }
}

/// Bounds-checked views of a tokenized line: out-of-range indexes read as "no such token".
#[derive(Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    toks: &'a [Tok],
}

impl<'a> Line<'a> {
    fn str(self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    fn kind(self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn spaced(self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.spaced)
    }

    fn punct(self, i: usize) -> Option<char> {
        match self.kind(i)? {
            Kind::Punct(c) => Some(c),
            _ => None,
        }
    }

    fn is_word(self, i: usize, words: &[&str]) -> bool {
        self.kind(i) == Some(Kind::Word) && words.iter().any(|w| self.str(i).eq_ignore_ascii_case(w))
    }

    /// Value and digit count of a run of at most four digits (dates never need more).
    fn num(self, i: usize) -> Option<(u32, usize)> {
        if self.kind(i) != Some(Kind::Num) || self.str(i).len() > 4 {
            return None;
        }
        Some((self.str(i).parse().ok()?, self.str(i).len()))
    }
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '~' | '‒' | '―' | '−')
}

// ---------------------------------------------------------------------------------------------------------------
// Roles

/// Resumes predating this are typos or birth years, not jobs.
const MIN_YEAR: i32 = 1950;
const OPEN_WORDS: &[&str] = &["present", "current", "currently", "now", "today", "date", "ongoing"];
const RANGE_WORDS: &[&str] = &["to", "until", "till", "thru", "through"];
/// "Summer 2019" is too vague to date: such a year never starts or ends a range.
const SEASONS: &[&str] = &["spring", "summer", "fall", "autumn", "winter"];
const MONTH_NAMES: [(&str, u32); 24] = [
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

fn month_name(s: &str) -> Option<u32> {
    MONTH_NAMES
        .iter()
        .find(|(n, _)| s.eq_ignore_ascii_case(n))
        .map(|&(_, m)| m)
}

/// One end of a date range, at the precision it was written.
#[derive(Clone, Copy)]
enum Point {
    Month(Month),
    Year(i32),
    /// "June" in "June – August 2019": takes its year from the end.
    MonthOnly(u32),
    Open,
}

struct Hit {
    start: Month,
    end: Month,
    current: bool,
    /// Byte range of the whole "start – end" text, cut out of the title.
    span: (usize, usize),
}

struct Dates<'a> {
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

fn find_ranges(text: &str, toks: &[Tok], today: Month, out: &mut Vec<Hit>) {
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
enum Section {
    /// Before any heading, or in a resume without headings.
    Unknown,
    Work,
    Education,
    Other,
}

const EDUCATION_HEADINGS: &[&str] = &[
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
const WORK_HEADINGS: &[&str] = &[
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
const OTHER_HEADINGS: &[&str] = &[
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
const HEADING_FILLER: &[&str] = &[
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
fn heading(line: &str) -> Option<Section> {
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

const DEGREE_WORDS: &[&str] = &[
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
fn mentions_degree(line: &str) -> bool {
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
const MAX_TITLE_CHARS: usize = 100;
/// Words left dangling at the end of a title once the dates are cut out ("Engineer from").
const CONNECTORS: &[&str] = &[
    "from", "since", "between", "during", "dates", "date", "in", "period", "duration",
];

fn is_title_separator(c: char) -> bool {
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
fn title_from(line: &str, spans: &[(usize, usize)]) -> Option<String> {
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
fn segment_title(words: &mut Vec<&str>) -> Option<Option<String>> {
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

// ---------------------------------------------------------------------------------------------------------------
// Years required by a posting

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct YearsRequired {
    pub min: f64,
    pub max: Option<f64>,
    /// The sentence the requirement came from.
    pub phrase: String,
}

const YEAR_WORDS: &[&str] = &["year", "years", "yr", "yrs"];
const NUMBER_WORDS: [&str; 15] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen",
];
/// A word just before the number that makes it a time span, not experience ("within 3 years", "every 2 years").
const REJECT_BEFORE: &[&str] = &[
    "within",
    "every",
    "after",
    "each",
    "per",
    "last",
    "past",
    "next",
    "first",
    "degree",
    "contract",
    "warranty",
    "guarantee",
];
/// A word just after "years" (or after "years of") that makes it something else ("4-year degree", "5 years old").
const REJECT_AFTER: &[&str] = &[
    "degree",
    "degrees",
    "old",
    "older",
    "younger",
    "age",
    "contract",
    "contracts",
    "warranty",
    "guarantee",
    "ago",
    "later",
    "college",
    "university",
    "school",
    "schooling",
    "program",
    "programme",
    "course",
    "term",
    "plan",
    "commitment",
    "lease",
    "anniversary",
];
/// One of these within six words after "years" ties the number to experience.
const REQUIRE_AFTER: &[&str] = &[
    "experience",
    "experienced",
    "exp",
    "working",
    "work",
    "professional",
    "professionally",
    "industry",
    "in",
    "of",
    "with",
    "as",
    "hands",
    "relevant",
    "related",
    "progressive",
    "proven",
    "practical",
    "background",
];
const EXPERIENCE_WORDS: &[&str] = &["experience", "experienced", "exp"];
/// Abbreviations whose dot does not end a sentence ("5 yrs. exp. in welding").
const ABBREVIATIONS: &[&str] = &["yr", "yrs", "exp", "min", "approx"];
/// How far the context windows look, in tokens: keeps every candidate O(1).
const WINDOW_TOKENS: usize = 24;

fn is_break(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ';' | '•')
}

fn number_word(s: &str) -> Option<f64> {
    NUMBER_WORDS
        .iter()
        .position(|w| s.eq_ignore_ascii_case(w))
        .map(|i| (i + 1) as f64)
}

/// A number ending at token `k` ("5", "1.5", "five", "(5)", "five (5)"): its value and first token.
fn number_ending_at(line: Line, k: usize) -> Option<(f64, usize)> {
    match line.kind(k)? {
        Kind::Word => Some((number_word(line.str(k))?, k)),
        Kind::Num => {
            let decimal = k >= 2 && line.punct(k - 1) == Some('.') && line.kind(k - 2) == Some(Kind::Num);
            if decimal && !line.spaced(k) && !line.spaced(k - 1) {
                let s = &line.text[line.toks[k - 2].start..line.toks[k].end];
                return Some((s.parse().ok()?, k - 2));
            }
            Some((line.str(k).parse().ok()?, k))
        }
        Kind::Punct(')') if k >= 2 && line.punct(k - 2) == Some('(') && line.kind(k - 1) == Some(Kind::Num) => {
            let v = line.str(k - 1).parse().ok()?;
            let first = if k >= 3 && number_word(line.str(k - 3)).is_some() {
                k - 3
            } else {
                k - 2
            };
            Some((v, first))
        }
        Kind::Punct(_) => None,
    }
}

/// Up to `n` words after token `i`, stopping at the end of the sentence.
fn words_after(line: Line<'_>, i: usize, n: usize) -> Vec<&str> {
    let mut words = Vec::new();
    for j in i + 1..line.toks.len().min(i + 1 + WINDOW_TOKENS) {
        match line.kind(j) {
            Some(Kind::Punct('.')) if !line.spaced(j) && line.is_word(j - 1, ABBREVIATIONS) => {}
            Some(Kind::Punct(c)) if is_break(c) => break,
            Some(Kind::Word | Kind::Num) => words.push(line.str(j)),
            _ => {}
        }
        if words.len() == n {
            break;
        }
    }
    words
}

/// Whether one of `list` is among the `n` words before token `i`, within the sentence.
fn word_before_in(line: Line, i: usize, n: usize, list: &[&str]) -> bool {
    let mut seen = 0;
    for j in (i.saturating_sub(WINDOW_TOKENS)..i).rev() {
        match line.kind(j) {
            Some(Kind::Punct(c)) if is_break(c) => return false,
            Some(Kind::Word) if line.is_word(j, list) => return true,
            Some(Kind::Word | Kind::Num) => seen += 1,
            _ => {}
        }
        if seen == n {
            return false;
        }
    }
    false
}

/// The word right before token `i`, skipping articles: "within the first 2 years" reads "first".
fn word_before(line: Line<'_>, i: usize) -> Option<&str> {
    for j in (i.saturating_sub(3)..i).rev() {
        if line.kind(j) != Some(Kind::Word) {
            return None;
        }
        if !line.is_word(j, &["a", "an", "the"]) {
            return Some(line.str(j));
        }
    }
    None
}

/// The requirement whose "years" word is token `y`: (min, max, first token).
fn requirement_at(line: Line, y: usize) -> Option<(f64, Option<f64>, usize)> {
    let mut k = y.checked_sub(1)?;
    if line.punct(k).is_some_and(is_dash) {
        k = k.checked_sub(1)?; // "2-year"
    }
    let mut open = false;
    if line.is_word(k, &["more"]) && k >= 1 && line.is_word(k - 1, &["or"]) {
        open = true;
        k = k.checked_sub(2)?;
    } else if line.is_word(k, &["plus"]) {
        open = true;
        k = k.checked_sub(1)?;
    }
    if line.punct(k) == Some('+') {
        open = true;
        k = k.checked_sub(1)?;
    }
    let (hi, mut first) = number_ending_at(line, k)?;
    let mut lo = None;
    if let Some(sep) = first.checked_sub(1) {
        if line.is_word(sep, &["to"]) && sep >= 1 && line.is_word(sep - 1, &["up"]) {
            return None; // "up to 5 years" caps, it does not require
        }
        if line.punct(sep).is_some_and(is_dash) || line.is_word(sep, &["to", "or", "and"]) {
            if let Some((v, f)) = sep.checked_sub(1).and_then(|p| number_ending_at(line, p)) {
                let between = f.checked_sub(1).is_some_and(|b| line.is_word(b, &["between"]));
                if !line.is_word(sep, &["and"]) || between {
                    lo = Some(v);
                    first = f;
                }
            }
        }
    }
    let (min, max) = match lo {
        Some(lo) => (lo, (!open).then_some(hi)),
        None => (hi, None),
    };
    if !(0.0..=50.0).contains(&min) || max.is_some_and(|m| m < min || m > 60.0) {
        return None;
    }
    if word_before(line, first).is_some_and(|w| REJECT_BEFORE.iter().any(|r| w.eq_ignore_ascii_case(r))) {
        return None;
    }
    let after = words_after(line, y, 6);
    let rejected = |w: &&str| REJECT_AFTER.iter().any(|r| w.eq_ignore_ascii_case(r));
    let next = if after.first().is_some_and(|w| w.eq_ignore_ascii_case("of")) {
        after.get(1)
    } else {
        after.first()
    };
    if next.is_some_and(rejected) {
        return None;
    }
    let about_work = after
        .iter()
        .any(|w| REQUIRE_AFTER.iter().any(|r| w.eq_ignore_ascii_case(r)))
        || word_before_in(line, first, 4, EXPERIENCE_WORDS);
    about_work.then_some((min, max, first))
}

/// A sentence end: "!", "?", ";", "•", or a "." followed by space and no lowercase word ("yrs. exp" goes on).
fn ends_sentence(line: &str, i: usize, c: char) -> bool {
    match c {
        '!' | '?' | ';' | '•' => true,
        '.' => {
            let rest = &line[i + 1..];
            let trimmed = rest.trim_start();
            rest.is_empty() || rest.len() != trimmed.len() && !trimmed.starts_with(char::is_lowercase)
        }
        _ => false,
    }
}

/// The sentence of `line` around bytes `start..end`, without list bullets.
fn sentence(line: &str, start: usize, end: usize) -> String {
    let from = line[..start]
        .char_indices()
        .rev()
        .find(|&(i, c)| ends_sentence(line, i, c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let to = line[end..]
        .char_indices()
        .find(|&(i, c)| ends_sentence(line, end + i, c))
        .map_or(line.len(), |(i, c)| {
            end + i + if matches!(c, ';' | '•') { 0 } else { c.len_utf8() }
        });
    line[from..to]
        .trim()
        .trim_start_matches(|c: char| matches!(c, '-' | '*' | '•' | '·' | '▪' | '–') || c.is_whitespace())
        .to_string()
}

/// Years asked for by a posting ("5+ years of experience", "3-5 years", "minimum of two years of experience",
/// "five (5) years"). A number counts only when a word such as "experience", "of", "in" or "with" follows "years"
/// within six words (or "experience" shortly precedes it), and not when it reads as a time span, an age, a degree or
/// a contract. Of several requirements, the one with the largest minimum wins; on a tie, the first.
pub fn years_required(text: &str) -> Option<YearsRequired> {
    let mut toks = Vec::new();
    let mut best: Option<(f64, Option<f64>, &str, usize, usize)> = None;
    for text in text.lines() {
        tokenize(text, &mut toks);
        let line = Line { text, toks: &toks };
        for y in 0..toks.len() {
            if !line.is_word(y, YEAR_WORDS) {
                continue;
            }
            if let Some((min, max, first)) = requirement_at(line, y) {
                if best.is_none_or(|b| min > b.0) {
                    best = Some((min, max, text, toks[first].start, toks[y].end));
                }
            }
        }
    }
    let (min, max, line, start, end) = best?;
    Some(YearsRequired {
        min,
        max,
        phrase: sentence(line, start, end),
    })
}

// ---------------------------------------------------------------------------------------------------------------
// Seniority

/// Seniority levels, ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Seniority {
    Intern,
    Entry,
    Mid,
    Senior,
    Lead,
    Principal,
    Executive,
}

const LEVELS: [Seniority; 7] = [
    Seniority::Intern,
    Seniority::Entry,
    Seniority::Mid,
    Seniority::Senior,
    Seniority::Lead,
    Seniority::Principal,
    Seniority::Executive,
];

impl Seniority {
    pub fn name(self) -> &'static str {
        match self {
            Seniority::Intern => "intern",
            Seniority::Entry => "entry",
            Seniority::Mid => "mid",
            Seniority::Senior => "senior",
            Seniority::Lead => "lead",
            Seniority::Principal => "principal",
            Seniority::Executive => "executive",
        }
    }

    /// The usual range of years of experience at this level.
    pub fn typical_years(self) -> (f64, f64) {
        match self {
            Seniority::Intern => (0.0, 1.0),
            Seniority::Entry => (0.0, 2.0),
            Seniority::Mid => (2.0, 5.0),
            Seniority::Senior => (5.0, 10.0),
            Seniority::Lead => (7.0, 15.0),
            Seniority::Principal => (10.0, 25.0),
            Seniority::Executive => (12.0, 40.0),
        }
    }

    /// One level down: what "Assistant", "Associate", "Deputy" or "Vice" make of a leadership word.
    fn below(self) -> Seniority {
        LEVELS[(self as usize).saturating_sub(1)]
    }
}

/// Words after "Staff" that make it the engineering level; "Staff Accountant" or "Staff Nurse" is not one.
const STAFF_TRACKS: &[&str] = &[
    "engineer",
    "software",
    "developer",
    "scientist",
    "data",
    "machine",
    "ml",
    "product",
    "designer",
    "researcher",
    "sre",
    "swe",
    "security",
    "backend",
    "frontend",
    "infrastructure",
    "platform",
    "site",
    "systems",
];

/// A leadership word at `i` ("Manager", "Head of", "Vice President", "Principal"): its level and token count.
fn leader_at(words: &[String], i: usize) -> Option<(Seniority, usize)> {
    let w = |j: usize| words.get(j).map_or("", String::as_str);
    let level = match w(i) {
        "vice" if w(i + 1) == "president" => return Some((Seniority::Executive, 2)),
        "co" if w(i + 1) == "founder" => return Some((Seniority::Executive, 2)),
        "head" if w(i + 1) == "of" => return Some((Seniority::Executive, 2)),
        "lead" if !matches!(w(i + 1), "generation" | "gen") => Seniority::Lead,
        "staff" if STAFF_TRACKS.contains(&w(i + 1)) => Seniority::Lead,
        "manager" | "mgr" | "supervisor" | "foreman" | "forewoman" | "foreperson" | "superintendent" | "leader"
        | "head" => Seniority::Lead,
        "principal" | "distinguished" => Seniority::Principal,
        "director" | "president" | "chief" | "ceo" | "cto" | "cfo" | "coo" | "cio" | "ciso" | "cmo" | "cpo" | "cro"
        | "cdo" | "vp" | "svp" | "evp" | "founder" | "cofounder" => Seniority::Executive,
        _ => return None,
    };
    Some((level, 1))
}

/// Seniority from a job title, `None` without a level marker.
///
/// Decisions: an intern marker wins outright; explicit juniority ("Junior", "Jr", "Entry-Level", "Graduate",
/// "Apprentice", "Trainee", a leading "Associate") wins over role nouns ("Junior Project Manager" is Entry); otherwise
/// the highest marker wins ("Senior Director" is Executive). "Manager", "Supervisor", "Foreman", "Head Chef", "Team
/// Lead" and "Staff Engineer" are Lead; "Principal" and "Distinguished" are Principal; "Head of", "Director", "VP",
/// "Chief", "C?O" and "Founder" are Executive. "Assistant", "Associate", "Deputy" or "Vice" before a leadership word
/// lowers it one level ("Assistant Manager" is Senior); "Assistant" or "Associate" before another word is Entry
/// ("Assistant Editor"); a trailing "Assistant" is an occupation ("Medical Assistant" is None). Numerals: I Entry,
/// II Mid, III Senior, IV Lead, also as "Level 2", "Grade 3", "Tier 1". "Master Electrician" is Senior, "Journeyman"
/// Mid.
pub fn seniority_from_title(title: &str) -> Option<Seniority> {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let w = |j: usize| words.get(j).map_or("", String::as_str);
    let mut best: Option<Seniority> = None;
    let mut junior = false;
    let mut i = 0;
    while i < words.len() {
        let (cur, next) = (w(i), w(i + 1));
        if matches!(cur, "intern" | "interns" | "internship" | "coop" | "practicum") || cur == "co" && next == "op" {
            return Some(Seniority::Intern);
        }
        let mut step = 1;
        let level = if let Some((level, n)) = leader_at(&words, i) {
            step = n;
            Some(level)
        } else if matches!(cur, "assistant" | "asst" | "associate" | "assoc" | "deputy" | "vice") {
            let helper = matches!(cur, "assistant" | "asst" | "associate" | "assoc");
            if let Some((level, n)) = leader_at(&words, i + 1) {
                step = 1 + n;
                Some(level.below())
            } else if helper && (next == "to" || i == 0 && matches!(cur, "associate" | "assoc")) {
                junior = true; // "Assistant to the CEO", "Associate Product Manager"
                None
            } else {
                let occupation = next.is_empty() && matches!(cur, "assistant" | "asst");
                (helper && !occupation).then_some(Seniority::Entry)
            }
        } else {
            match cur {
                "junior" | "jr" | "graduate" | "grad" | "apprentice" | "trainee" => {
                    junior = true;
                    None
                }
                "entry" if matches!(next, "level" | "lvl") => {
                    junior = true;
                    None
                }
                "senior" | "sr" | "snr" => Some(Seniority::Senior),
                "master" if i == 0 || w(i - 1) != "scrum" => Some(Seniority::Senior),
                "journeyman" | "journeyperson" | "journeywoman" | "journeyworker" | "intermediate" | "mid"
                | "midlevel" => Some(Seniority::Mid),
                "journey" if next == "level" => Some(Seniority::Mid),
                "level" | "grade" | "tier" => {
                    let n = match next {
                        "1" | "i" => Some(Seniority::Entry),
                        "2" | "ii" => Some(Seniority::Mid),
                        "3" | "iii" => Some(Seniority::Senior),
                        "4" | "iv" => Some(Seniority::Lead),
                        _ => None,
                    };
                    if n.is_some() {
                        step = 2;
                    }
                    n
                }
                "i" if i > 0 => Some(Seniority::Entry),
                "ii" if i > 0 => Some(Seniority::Mid),
                "iii" if i > 0 => Some(Seniority::Senior),
                "iv" if i > 0 => Some(Seniority::Lead),
                _ => None,
            }
        };
        best = best.max(level);
        i += step;
    }
    if junior {
        Some(Seniority::Entry)
    } else {
        best
    }
}

/// Seniority estimated from years of experience (for resumes): the lowest level whose typical range reaches past
/// `years`, so under 2 is Entry, under 5 Mid, under 10 Senior, under 15 Lead, and 15 or more Principal. Years alone
/// never make an Intern (a role type) or an Executive (a management track); NaN and negatives are Entry.
pub fn seniority_from_years(years: f64) -> Seniority {
    if years.is_nan() {
        return Seniority::Entry;
    }
    [Seniority::Entry, Seniority::Mid, Seniority::Senior, Seniority::Lead]
        .into_iter()
        .find(|s| years < s.typical_years().1)
        .unwrap_or(Seniority::Principal)
}

// ---------------------------------------------------------------------------------------------------------------
// --since

/// Relative `--since` values reaching further back than this many units are refused (about 27,000 years of days).
const MAX_SINCE_UNITS: i64 = 10_000_000;

use crate::text::calendar::{civil_from_days, days_from_civil, days_in_month, is_valid_date};

/// `months` before the date, the day clamped to the month's length (March 30 minus a month is February 28 or 29).
fn months_before(y: i64, m: u32, d: u32, months: i64) -> (i64, u32, u32) {
    let total = y * 12 + i64::from(m) - 1 - months;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    (y, m, d.min(days_in_month(y, m)))
}

/// "YYYY-M-D" shaped text, not yet validated as a date.
fn iso_date(v: &str) -> Option<(i64, u32, u32)> {
    let mut parts = v.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |p: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.next().is_some() || !digits(y, 4..=4) || !digits(m, 1..=2) || !digits(d, 1..=2) {
        return None;
    }
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

/// Parse a `--since` value relative to today: "30d", "2w", "6m" (months), "1y" (long unit names work too), or an
/// ISO date "2025-10-01". Returns the earliest allowed date as (year, month, day). A date after today is refused:
/// it would filter out everything.
pub fn parse_since(value: &str, today: (i32, u32, u32)) -> Result<(i32, u32, u32), String> {
    const USAGE: &str = "expected a number of days like 30d, or a date like 2025-10-01";
    let (ty, tm, td) = (i64::from(today.0), today.1, today.2);
    if !is_valid_date(ty, tm, td) {
        return Err(format!(
            "today's date {}-{:02}-{:02} is not a valid date",
            today.0, today.1, today.2
        ));
    }
    let v = value.trim();
    if let Some((y, m, d)) = iso_date(v) {
        if !is_valid_date(y, m, d) {
            return Err(format!("{v} is not a valid date"));
        }
        if (y, m, d) > (ty, tm, td) {
            return Err(format!("{v} is in the future"));
        }
        return Ok((y as i32, m, d));
    }
    let digits = v.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Err(USAGE.to_string());
    }
    let n = v[..digits]
        .parse::<i64>()
        .ok()
        .filter(|&n| n <= MAX_SINCE_UNITS)
        .ok_or(format!("{v} is too far back"))?;
    let (y, m, d) = match v[digits..].trim_start().to_ascii_lowercase().as_str() {
        "d" | "day" | "days" => civil_from_days(days_from_civil(ty, tm, td) - n),
        "w" | "wk" | "wks" | "week" | "weeks" => civil_from_days(days_from_civil(ty, tm, td) - 7 * n),
        "m" | "mo" | "mon" | "month" | "months" => months_before(ty, tm, td, n),
        "y" | "yr" | "yrs" | "year" | "years" => months_before(ty, tm, td, 12 * n),
        _ => return Err(USAGE.to_string()),
    };
    let y = i32::try_from(y)
        .ok()
        .filter(|&y| y >= 1)
        .ok_or(format!("{v} reaches back before year 1"))?;
    Ok((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(y: i32, mo: u32) -> Month {
        Month::new(y, mo).unwrap()
    }

    fn today() -> Month {
        m(2026, 11)
    }

    /// (start, end, current) as (year, month) pairs.
    type Span = ((i32, u32), (i32, u32), bool);

    fn spans(text: &str) -> Vec<Span> {
        roles(text, today())
            .iter()
            .map(|r| {
                (
                    (r.start.year(), r.start.month()),
                    (r.end.year(), r.end.month()),
                    r.current,
                )
            })
            .collect()
    }

    #[test]
    fn month_ordinals() {
        assert_eq!(m(2020, 1).0, 2020 * 12);
        assert_eq!((m(2020, 12).year(), m(2020, 12).month()), (2020, 12));
        assert_eq!((Month(-1).year(), Month(-1).month()), (-1, 12));
        assert_eq!(Month::new(2020, 0), None);
        assert_eq!(Month::new(2020, 13), None);
        assert_eq!(Month::new(i32::MAX, 1), None);
        assert!(m(2019, 12) < m(2020, 1));
    }

    #[test]
    fn date_formats() {
        let now = (2026, 11);
        let cases: &[(&str, &[Span])] = &[
            ("Jan 2020 – Mar 2023", &[((2020, 1), (2023, 3), false)]),
            ("January 2020 - March 2023", &[((2020, 1), (2023, 3), false)]),
            ("Jan. 2020 to Mar. 2023", &[((2020, 1), (2023, 3), false)]),
            ("2019 - Present", &[((2019, 1), now, true)]),
            ("2019–present", &[((2019, 1), now, true)]),
            ("2019 - current", &[((2019, 1), now, true)]),
            ("March 2021 - now", &[((2021, 3), now, true)]),
            ("2019 to date", &[((2019, 1), now, true)]),
            ("2019 - ongoing", &[((2019, 1), now, true)]),
            ("2019 - TODAY", &[((2019, 1), now, true)]),
            ("06/2017 to 08/2019", &[((2017, 6), (2019, 8), false)]),
            ("6/2017 - 8/2019", &[((2017, 6), (2019, 8), false)]),
            ("06.2017 - 08.2019", &[((2017, 6), (2019, 8), false)]),
            ("2017-06 – 2019-08", &[((2017, 6), (2019, 8), false)]),
            ("2017-06-15 to 2019-08-31", &[((2017, 6), (2019, 8), false)]),
            ("2015–2018", &[((2015, 1), (2018, 1), false)]),
            ("2015 - 2018", &[((2015, 1), (2018, 1), false)]),
            ("2015 - 18", &[]),
            ("2015-18", &[]),
            ("Summer 2019", &[]),
            ("Summer 2019 - Fall 2019", &[]),
            ("Summer 2019 – 2020", &[]),
            ("Sept 2018 – Jun 2020", &[((2018, 9), (2020, 6), false)]),
            ("Sep '18 - Jun '20", &[((2018, 9), (2020, 6), false)]),
            ("Sep ’99 – Jun ’03", &[((1999, 9), (2003, 6), false)]),
            ("Jan 2020 — Mar 2023", &[((2020, 1), (2023, 3), false)]),
            ("Jan 2020 ~ Mar 2023", &[((2020, 1), (2023, 3), false)]),
            ("Jan 2020 until Mar 2023", &[((2020, 1), (2023, 3), false)]),
            ("Jan 2020 thru Mar 2023", &[((2020, 1), (2023, 3), false)]),
            ("Jan 2020 -- Mar 2023", &[((2020, 1), (2023, 3), false)]),
            ("Jan 2020-Present", &[((2020, 1), now, true)]),
            ("June – August 2019", &[((2019, 6), (2019, 8), false)]),
            ("Nov - Feb 2020", &[((2019, 11), (2020, 2), false)]),
            ("15 Jan 2019 - 20 Mar 2020", &[((2019, 1), (2020, 3), false)]),
            ("Jan 15, 2019 – Mar 3, 2020", &[((2019, 1), (2020, 3), false)]),
            ("12/01/2018 - 03/15/2021", &[((2018, 12), (2021, 3), false)]),
            ("Mar 2023 - Jan 2020", &[]),
            ("1949 - 1955", &[]),
            ("2020 - 2028", &[]),
            ("2020 - 2027", &[]),
            ("Jan 2020 - Dec 2026", &[((2020, 1), (2026, 12), false)]),
            ("Jan 2020 - Jan 2027", &[]),
            ("Dec 2026 - Present", &[]),
            ("June - present", &[]),
            ("Since 2019", &[]),
            ("Phone: 555-2019", &[]),
            ("2019", &[]),
            (
                "Engineer (2019 - 2021) and Lead (2021 - Present)",
                &[((2019, 1), (2021, 1), false), ((2021, 1), now, true)],
            ),
            (
                "Ingénieur logiciel · 2018 – 2020 · Zürich",
                &[((2018, 1), (2020, 1), false)],
            ),
            ("東京 2018 – 2020 エンジニア", &[((2018, 1), (2020, 1), false)]),
            ("2018年 – 2020年", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(spans(text), want.to_vec(), "{text}");
        }
    }

    #[test]
    fn titles_and_lines() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "Senior Software Engineer | Acme Corp | Jan 2020 – Present",
                Some("Senior Software Engineer"),
            ),
            (
                "Software Engineer, Globex — June 2016 - Dec 2019",
                Some("Software Engineer"),
            ),
            ("Jan 2020 – Present | Line Cook | Joe's Diner", Some("Line Cook")),
            ("• Barista at Blue Bottle (2018 - 2020)", Some("Barista")),
            ("**Data Analyst** - Initech - 2017 - 2019", Some("Data Analyst")),
            ("Welder from 2010 to 2015", Some("Welder")),
            ("Ingénieur logiciel · 2018 – 2020 · Zürich", Some("Ingénieur logiciel")),
            ("2018 - 2020", None),
        ];
        for (text, want) in cases {
            let r = roles(text, today());
            assert_eq!(r.len(), 1, "{text}");
            assert_eq!(r[0].title.as_deref(), *want, "{text}");
            assert_eq!(r[0].line, 1);
        }
        let long = format!("{} 2018 - 2020", "word ".repeat(40));
        assert_eq!(roles(&long, today())[0].title, None);
        let r = roles("Intro\n\nRegistered Nurse\nMarch 2015 - June 2019\n", today());
        assert_eq!((r[0].line, r[0].title.as_deref()), (4, Some("Registered Nurse")));
    }

    const RESUME_WITH_SECTIONS: &str = "\
Jane Doe
jane@example.com | (555) 123-4567 | Portland, OR

SUMMARY
Engineer with a decade of experience.

EXPERIENCE
Senior Software Engineer | Acme Corp | Jan 2020 – Present
- Led the 2021 - 2022 migration to Rust
Software Engineer, Globex — June 2016 - Dec 2019
- Built things

EDUCATION
B.S. Computer Science, State University, 2012 - 2016
Exchange semester, Sep 2014 - Jan 2015

Certifications
AWS Solutions Architect, 2021 - 2024
";

    #[test]
    fn full_resume_with_education_section() {
        let r = roles(RESUME_WITH_SECTIONS, today());
        let got: Vec<_> = r
            .iter()
            .map(|r| (r.start, r.end, r.current, r.line, r.title.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (m(2020, 1), m(2026, 11), true, 8, Some("Senior Software Engineer")),
                (m(2021, 1), m(2022, 1), false, 9, Some("Led the")),
                (m(2016, 6), m(2019, 12), false, 10, Some("Software Engineer")),
            ]
        );
        // Jun 2016..Dec 2019 (42 months) + Jan 2020..Nov 2026 (82); the 2021 bullet overlaps.
        assert_eq!(years_of_experience(&r), Some(10.3));
    }

    #[test]
    fn full_resume_education_first() {
        let text = "\
## Education & Training
Bachelor of Arts, 2008 - 2012
Culinary Institute, 2012 - 2013

## Work History
Head Chef — The Grill — 2018 - Present
Line Cook, The Diner: 2013 - 2018
Teaching Assistant, Culinary College, 2013 - 2014
";
        let r = roles(text, today());
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].title.as_deref(), Some("Head Chef"));
        assert_eq!(r[2].title.as_deref(), Some("Teaching Assistant"));
        assert_eq!(years_of_experience(&r), Some(13.8)); // Jan 2013 .. Nov 2026
    }

    #[test]
    fn resume_without_headings() {
        let text = "\
John Smith
Warehouse Associate, Big Box Inc., 06/2019 - present
Forklift Operator, 2016 - 2019
B.S. Logistics, Ohio State University, 2012 - 2016
Riverside High School
2008 - 2012
";
        let r = roles(text, today());
        assert_eq!(
            spans(text),
            vec![((2019, 6), (2026, 11), true), ((2016, 1), (2019, 1), false)]
        );
        assert_eq!(r[1].title.as_deref(), Some("Forklift Operator"));
        assert_eq!(years_of_experience(&r), Some(10.4)); // Jan 2016 .. Jan 2019, Jun 2019 .. Nov 2026
    }

    #[test]
    fn dates_on_their_own_line() {
        let text = "\
PROFESSIONAL EXPERIENCE

Project Manager
Initech
Mar 2018 – Feb 2021

Training Specialist
Apr 2021 – Present

Volunteer
Habitat for Humanity, 2015 - 2016

Projects
Capstone at Tech University, 2014 - 2015
";
        let r = roles(text, today());
        let got: Vec<_> = r.iter().map(|r| (r.line, r.title.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                (5, Some("Initech")),
                (8, Some("Training Specialist")),
                (11, Some("Habitat for Humanity"))
            ]
        );
    }

    #[test]
    fn overlapping_and_nested_roles() {
        let text = "\
Experience
Consultant, 2010 - 2020
Adjunct Lecturer, State University, Jan 2012 - Dec 2014
Founder, Jun 2019 - Jun 2021
Barista, 2022 - 2023
";
        let r = roles(text, today());
        assert_eq!(r.len(), 4);
        // 2010..Jun 2021 = 137 months, plus 2022..2023 = 12.
        assert_eq!(years_of_experience(&r), Some(12.4));
    }

    #[test]
    fn years_of_experience_edges() {
        assert_eq!(years_of_experience(&[]), None);
        let role = |s: Month, e: Month| Role {
            start: s,
            end: e,
            current: false,
            line: 1,
            title: None,
        };
        assert_eq!(years_of_experience(&[role(m(2020, 1), m(2020, 1))]), Some(0.0));
        assert_eq!(years_of_experience(&[role(m(2021, 1), m(2020, 1))]), Some(0.0));
        assert_eq!(years_of_experience(&[role(m(2020, 1), m(2021, 7))]), Some(1.5));
        let same = [role(m(2020, 1), m(2022, 1)), role(m(2020, 1), m(2022, 1))];
        assert_eq!(years_of_experience(&same), Some(2.0));
        let chain = [
            role(m(2020, 1), m(2021, 1)),
            role(m(2021, 1), m(2022, 1)),
            role(m(2023, 1), m(2023, 2)),
        ];
        assert_eq!(years_of_experience(&chain), Some(2.1));
    }

    #[test]
    fn current_role_with_fixed_today() {
        let r = roles("Registered Nurse, 2019 - Present", today());
        assert_eq!(r.len(), 1);
        assert!(r[0].current);
        assert_eq!(r[0].end, m(2026, 11));
        assert_eq!(years_of_experience(&r), Some(7.8));
        assert!(roles("2019 - Present", m(2018, 5)).is_empty());
    }

    #[test]
    fn years_required_sentences() {
        type Want = Option<(f64, Option<f64>)>;
        let cases: &[(&str, Want)] = &[
            ("5+ years of experience with Python", Some((5.0, None))),
            ("At least 3 years of professional experience.", Some((3.0, None))),
            ("3-5 years of experience in retail", Some((3.0, Some(5.0)))),
            ("3 to 5 years experience", Some((3.0, Some(5.0)))),
            ("3 – 5 years in a similar role", Some((3.0, Some(5.0)))),
            ("A minimum of two years of experience is required.", Some((2.0, None))),
            ("2 yrs experience in customer service", Some((2.0, None))),
            ("10+ yrs experience in Java", Some((10.0, None))),
            ("five (5) years of experience", Some((5.0, None))),
            ("(5) years working with children", Some((5.0, None))),
            (
                "Requires 2+ years of SQL and 5+ years of experience building APIs.",
                Some((5.0, None)),
            ),
            ("1.5 years of experience", Some((1.5, None))),
            ("Experience: 4 years", Some((4.0, None))),
            ("7 or more years of industry experience", Some((7.0, None))),
            ("three to five years working in a kitchen", Some((3.0, Some(5.0)))),
            ("Between 2 and 4 years of experience", Some((2.0, Some(4.0)))),
            ("5 yrs. exp. in welding", Some((5.0, None))),
            ("3–5+ years in a similar role", Some((3.0, None))),
            ("Must have 4 years' experience", Some((4.0, None))),
            ("Bachelor's degree and 3 years of experience", Some((3.0, None))),
            ("401(k) with company match", None),
            ("A 4-year degree is required", None),
            ("This is a 2-year contract with benefits", None),
            ("Benefits start within 90 days", None),
            ("Must be 18 years old", None),
            ("Applicants must be at least 18 years of age", None),
            ("Vesting after 3 years of service", None),
            ("Reviews every 2 years with the team", None),
            ("Founded 25 years ago in Ohio", None),
            ("up to 5 years of experience", None),
            ("We have been in business for 30 years.", None),
            ("Our team has 100 years of combined experience", None),
            ("Revenue doubled in the past 5 years of growth", None),
            ("Within the first 2 years in the role you will lead", None),
            ("", None),
        ];
        for (text, want) in cases {
            let got = years_required(text).map(|r| (r.min, r.max));
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn years_required_phrase() {
        let text = "About us. We are hiring!\nYou have 5+ years of experience in Rust. Apply now.\n- 2 years with SQL";
        let r = years_required(text).unwrap();
        assert_eq!(r.phrase, "You have 5+ years of experience in Rust.");
        let r = years_required("• 3-5 yrs. experience with forklifts; must lift 50 lbs").unwrap();
        assert_eq!(
            (r.min, r.max, r.phrase.as_str()),
            (3.0, Some(5.0), "3-5 yrs. experience with forklifts")
        );
        let r = years_required("Experience: 2 years. Nights: 3 years of weekend work").unwrap();
        assert_eq!((r.min, r.phrase.as_str()), (3.0, "Nights: 3 years of weekend work"));
    }

    #[test]
    fn seniority_titles() {
        use Seniority::*;
        let cases: &[(&str, Option<Seniority>)] = &[
            ("Senior Software Engineer", Some(Senior)),
            ("Sr. Accountant", Some(Senior)),
            ("Staff Engineer", Some(Lead)),
            ("Staff Accountant", None),
            ("Principal Engineer", Some(Principal)),
            ("Distinguished Engineer", Some(Principal)),
            ("Lead Line Cook", Some(Lead)),
            ("Team Lead", Some(Lead)),
            ("Shift Supervisor", Some(Lead)),
            ("Foreman", Some(Lead)),
            ("Head of Engineering", Some(Executive)),
            ("Head Chef", Some(Lead)),
            ("Director of Nursing", Some(Executive)),
            ("VP, Sales", Some(Executive)),
            ("Vice President of Marketing", Some(Executive)),
            ("Chief Financial Officer", Some(Executive)),
            ("CTO", Some(Executive)),
            ("Co-Founder", Some(Executive)),
            ("Senior Director, Product", Some(Executive)),
            ("Product Manager", Some(Lead)),
            ("Senior Manager", Some(Lead)),
            ("Assistant Manager", Some(Senior)),
            ("Associate Director", Some(Principal)),
            ("Vice Principal", Some(Lead)),
            ("Junior Developer", Some(Entry)),
            ("Jr. Data Analyst", Some(Entry)),
            ("Junior Project Manager", Some(Entry)),
            ("Associate Software Engineer", Some(Entry)),
            ("Associate Product Manager", Some(Entry)),
            ("Senior Associate", Some(Senior)),
            ("Sales Associate", Some(Entry)),
            ("Entry-Level Data Analyst", Some(Entry)),
            ("Entry Level Welder", Some(Entry)),
            ("Data Entry Clerk", None),
            ("Graduate Engineer", Some(Entry)),
            ("Apprentice Electrician", Some(Entry)),
            ("Management Trainee", Some(Entry)),
            ("Assistant Editor", Some(Entry)),
            ("Medical Assistant", None),
            ("Executive Assistant", None),
            ("Assistant to the CEO", Some(Entry)),
            ("Software Engineering Intern", Some(Intern)),
            ("Summer Internship - Finance", Some(Intern)),
            ("Co-op Student", Some(Intern)),
            ("Software Engineer I", Some(Entry)),
            ("Software Engineer II", Some(Mid)),
            ("Engineer III", Some(Senior)),
            ("Engineer IV", Some(Lead)),
            ("Level 2 Support Technician", Some(Mid)),
            ("Tier 1 Support", Some(Entry)),
            ("Journeyman Electrician", Some(Mid)),
            ("Journey-Level Plumber", Some(Mid)),
            ("Master Electrician", Some(Senior)),
            ("Scrum Master", None),
            ("Mid-Level Developer", Some(Mid)),
            ("Lead Generation Specialist", None),
            ("Registered Nurse", None),
            ("", None),
            ("ＳＥＮＩＯＲ 🙂 İ", None),
        ];
        for (title, want) in cases {
            assert_eq!(seniority_from_title(title), *want, "{title}");
        }
    }

    #[test]
    fn seniority_names_and_years() {
        use Seniority::*;
        let names: Vec<_> = LEVELS.iter().map(|s| s.name()).collect();
        assert_eq!(
            names,
            ["intern", "entry", "mid", "senior", "lead", "principal", "executive"]
        );
        assert!(Intern < Entry && Lead < Principal && Principal < Executive);
        let cases = [
            (-1.0, Entry),
            (f64::NAN, Entry),
            (0.0, Entry),
            (1.9, Entry),
            (2.0, Mid),
            (4.9, Mid),
            (5.0, Senior),
            (9.9, Senior),
            (10.0, Lead),
            (14.9, Lead),
            (15.0, Principal),
            (40.0, Principal),
            (f64::INFINITY, Principal),
        ];
        for (years, want) in cases {
            assert_eq!(seniority_from_years(years), want, "{years}");
        }
    }

    #[test]
    fn since_values() {
        let ok = [
            ("30d", (2025, 10, 31), (2025, 10, 1)),
            ("30D", (2025, 10, 31), (2025, 10, 1)),
            (" 30 days ", (2025, 10, 31), (2025, 10, 1)),
            ("0d", (2025, 10, 31), (2025, 10, 31)),
            ("1d", (2024, 3, 1), (2024, 2, 29)),
            ("1d", (2025, 1, 1), (2024, 12, 31)),
            ("365d", (2024, 12, 31), (2024, 1, 1)),
            ("2w", (2025, 10, 15), (2025, 10, 1)),
            ("6m", (2025, 10, 31), (2025, 4, 30)),
            ("1m", (2024, 3, 30), (2024, 2, 29)),
            ("1m", (2023, 3, 30), (2023, 2, 28)),
            ("12m", (2025, 1, 15), (2024, 1, 15)),
            ("13m", (2025, 1, 31), (2023, 12, 31)),
            ("1y", (2024, 2, 29), (2023, 2, 28)),
            ("4y", (2024, 2, 29), (2020, 2, 29)),
            ("2025-10-01", (2025, 11, 4), (2025, 10, 1)),
            ("2025-11-04", (2025, 11, 4), (2025, 11, 4)),
            ("2024-02-29", (2025, 11, 4), (2024, 2, 29)),
            ("2024-2-9", (2025, 11, 4), (2024, 2, 9)),
        ];
        for (value, today, want) in ok {
            assert_eq!(parse_since(value, today), Ok(want), "{value}");
        }
        let bad = [
            "2025-02-30",
            "2023-02-29",
            "2025-13-01",
            "2025-00-10",
            "2026-01-01",
            "-5d",
            "+5d",
            "abc",
            "",
            "5x",
            "d",
            "5 d d",
            "1.5d",
            "99999999999999999999999d",
            "10000001d",
            "3000y",
            "2025-10-01T00:00",
            "３０d",
        ];
        for value in bad {
            assert!(parse_since(value, (2025, 11, 4)).is_err(), "{value}");
        }
        assert_eq!(
            parse_since("abc", (2025, 11, 4)),
            Err("expected a number of days like 30d, or a date like 2025-10-01".into())
        );
        assert!(parse_since("1d", (2025, 2, 30)).is_err());
        assert!(parse_since("10000000d", (i32::MAX, 12, 31)).is_ok());
        assert!(parse_since("10000000y", (i32::MIN, 1, 1)).is_err());
    }

    use crate::test_rng::Rng;

    #[test]
    fn random_input_never_panics() {
        const PIECES: &[&str] = &[
            "0",
            "1",
            "2",
            "6",
            "9",
            "12",
            "18",
            "19",
            "20",
            "31",
            "1949",
            "1950",
            "2019",
            "2023",
            "2026",
            "2027",
            "2028",
            "9999",
            "123456",
            "/",
            "-",
            "–",
            "—",
            "~",
            ".",
            ",",
            "'",
            "’",
            "(",
            ")",
            "+",
            " ",
            " ",
            " ",
            "\n",
            "\r\n",
            "\t",
            " to ",
            " thru ",
            "present",
            "Present",
            "now",
            "date",
            "Jan",
            "January",
            "Sept",
            "Dec",
            "may",
            "Summer",
            "years",
            "yrs",
            "of experience",
            "five",
            "or more",
            "between",
            "and",
            "Education",
            "EXPERIENCE",
            "Skills",
            "University",
            "B.S.",
            "Master of",
            "Senior",
            "Lead",
            "Assistant",
            "Head of",
            "II",
            "Level",
            "é",
            "日本",
            "🙂",
            "ß",
            "İ",
            "\u{200d}",
            "|",
            "@",
            "•",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let today = today();
        for _ in 0..20_000 {
            let len = (rng.next() % 40) as usize;
            let text: String = (0..len)
                .map(|_| PIECES[(rng.next() % PIECES.len() as u64) as usize])
                .collect();
            let found = roles(&text, today);
            for r in &found {
                assert!(r.start <= r.end && r.end <= Month(today.0 + 1), "{text:?}: {r:?}");
                assert!(r.start.year() >= MIN_YEAR, "{text:?}");
                assert!(r.line >= 1 && r.line <= text.lines().count(), "{text:?}");
            }
            let years = years_of_experience(&found);
            assert_eq!(years.is_none(), found.is_empty());
            assert!(years.is_none_or(|y| y >= 0.0), "{text:?}");
            if let Some(req) = years_required(&text) {
                assert!(req.min >= 0.0 && req.max.is_none_or(|m| m >= req.min), "{text:?}");
            }
            for extreme in [Month(i32::MAX), Month(i32::MIN), Month(0)] {
                assert!(roles(&text, extreme)
                    .iter()
                    .all(|r| r.start <= r.end && r.end <= extreme));
            }
            seniority_from_title(&text);
            let _ = parse_since(&text, (2024, 2, 29));
        }
    }

    #[test]
    fn large_input_is_linear() {
        let chunk = format!("{RESUME_WITH_SECTIONS}Requires 3+ years of experience. é 日本 🙂\n");
        let big = chunk.repeat(10 * 1024 * 1024 / chunk.len());
        let start = std::time::Instant::now();
        let r = roles(&big, today());
        assert_eq!(r.len(), 3 * (10 * 1024 * 1024 / chunk.len()));
        assert_eq!(years_of_experience(&r), Some(10.3));
        assert_eq!(years_required(&big).map(|r| r.min), Some(3.0));
        // One 10 MB line with a range every few bytes: titles are cut once per line, not once per role.
        let line = "Cook 2019 - 2020 | ".repeat(10 * 1024 * 1024 / 19);
        let r = roles(&line, today());
        assert_eq!(r.len(), 10 * 1024 * 1024 / 19);
        assert_eq!(r[0].title.as_deref(), Some("Cook"));
        assert!(years_required(&"5 years ".repeat(1_000_000)).is_none());
        assert!(start.elapsed().as_secs() < 60);
    }
}
