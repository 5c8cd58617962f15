//! Salaries written as free text: a field that should hold only a salary
//! ("$120k–$150k", "45/hr") or a mention inside a job description.
//!
//! Both readers prefer no answer to a wrong one. How ambiguous text is read:
//! - A `.` or `,` followed by exactly three digits groups thousands, so "€60.000"
//!   and "$45.500" are 60,000 and 45,500: pay is never written with three
//!   decimals. One or two digits after the last `.`/`,` are decimals
//!   ("€60.000,50", "$45.50"); four or more make the amount unreadable.
//!   Spaces, no-break spaces and apostrophes only group thousands ("60 000",
//!   "120'000"); Indian grouping ("12,00,000") is read too.
//! - With no period written: 10,000 and above is per year; below 300 with a
//!   currency is per hour. Anything else (300–9,999, or a small bare number)
//!   could be a day rate, a month or a count, and is `None`.
//! - "k" multiplies by 1,000; "m", "M", "MM" by 1,000,000, only next to a
//!   currency. A suffix on one end of a range is meant for both ("$120-150k").
//! - A range whose max is below its min, or more than ten times it, is `None`.
//! - "$" is US dollars unless a prefix or code names another dollar ("CA$",
//!   "$90,000 CAD"); "¥" is yen unless "CN¥", "CNY" or "RMB" says yuan.

use super::listed;
/// A pay period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

/// How a period word may follow an amount.
#[derive(Clone, Copy, PartialEq)]
enum Form {
    /// Needs "per", "a", "an", "every" or "/" first: "per hour", "/hr".
    Noun,
    /// Stands alone after an amount ("$45 hourly") and, before it, marks pay ("Hourly rate: $45").
    Adjective,
    /// Stands alone after an amount: "£50k p.a.".
    Abbreviation,
}

const UNIT_WORDS: &[(&str, Unit, Form)] = &[
    ("hour", Unit::Hour, Form::Noun),
    ("hours", Unit::Hour, Form::Noun),
    ("hr", Unit::Hour, Form::Noun),
    ("hrs", Unit::Hour, Form::Noun),
    ("h", Unit::Hour, Form::Noun),
    ("hourly", Unit::Hour, Form::Adjective),
    ("p.h.", Unit::Hour, Form::Abbreviation),
    ("p/h", Unit::Hour, Form::Abbreviation),
    ("ph", Unit::Hour, Form::Abbreviation),
    ("day", Unit::Day, Form::Noun),
    ("days", Unit::Day, Form::Noun),
    ("daily", Unit::Day, Form::Adjective),
    ("p.d.", Unit::Day, Form::Abbreviation),
    ("p/d", Unit::Day, Form::Abbreviation),
    ("pd", Unit::Day, Form::Abbreviation),
    ("week", Unit::Week, Form::Noun),
    ("weeks", Unit::Week, Form::Noun),
    ("wk", Unit::Week, Form::Noun),
    ("wks", Unit::Week, Form::Noun),
    ("weekly", Unit::Week, Form::Adjective),
    ("p.w.", Unit::Week, Form::Abbreviation),
    ("p/w", Unit::Week, Form::Abbreviation),
    ("pw", Unit::Week, Form::Abbreviation),
    ("month", Unit::Month, Form::Noun),
    ("months", Unit::Month, Form::Noun),
    ("mo", Unit::Month, Form::Noun),
    ("mos", Unit::Month, Form::Noun),
    ("mth", Unit::Month, Form::Noun),
    ("mths", Unit::Month, Form::Noun),
    ("monthly", Unit::Month, Form::Adjective),
    ("pcm", Unit::Month, Form::Abbreviation),
    ("year", Unit::Year, Form::Noun),
    ("years", Unit::Year, Form::Noun),
    ("yr", Unit::Year, Form::Noun),
    ("yrs", Unit::Year, Form::Noun),
    ("annum", Unit::Year, Form::Noun),
    ("annual", Unit::Year, Form::Adjective),
    ("annually", Unit::Year, Form::Adjective),
    ("yearly", Unit::Year, Form::Adjective),
    ("p.a.", Unit::Year, Form::Abbreviation),
    ("p/a", Unit::Year, Form::Abbreviation),
    ("pa", Unit::Year, Form::Abbreviation),
];

impl Unit {
    /// Working periods in a year: 2,080 hours, 260 days, 52 weeks, 12 months.
    pub fn per_year(self) -> f64 {
        match self {
            Unit::Hour => 2080.0,
            Unit::Day => 260.0,
            Unit::Week => 52.0,
            Unit::Month => 12.0,
            Unit::Year => 1.0,
        }
    }

    /// Reads a period as written after an amount, in any case: "hr", "HOUR",
    /// "per hour", "an hour", "/hr", "p.a.", "annually".
    pub fn parse(word: &str) -> Option<Unit> {
        let lower = word.trim().to_ascii_lowercase();
        let w = lower.strip_prefix('/').unwrap_or(&lower).trim_start();
        let w = ["per ", "an ", "a ", "every "]
            .iter()
            .find_map(|p| w.strip_prefix(p))
            .unwrap_or(w)
            .trim_start();
        UNIT_WORDS.iter().find(|(s, _, _)| *s == w).map(|&(_, u, _)| u)
    }
}

/// A salary as written: either end may be open ("up to $200k", "$80k+").
#[derive(Debug, Clone, PartialEq)]
pub struct SalaryText {
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// ISO 4217 code.
    pub currency: Option<&'static str>,
    pub unit: Unit,
}

/// Parse a field that should hold only a salary ("$120k–$150k", "45/hr"...).
/// None when it is not a salary (e.g. "DOE", "Competitive", "negotiable", "", garbage).
pub fn parse(text: &str) -> Option<SalaryText> {
    scan(text, Mode::Field)
}

/// Find the first salary mention inside longer free text (a job description).
/// A number counts only next to a currency, right after salary words ("Salary:
/// 90,000") or with a period ("25 per hour"); counts, years, percentages,
/// phone numbers, dates and "401(k)" are never read as pay, nor are amounts
/// named as something else ("$5,000 signing bonus", "raised $5 million").
pub fn find(text: &str) -> Option<SalaryText> {
    scan(text, Mode::Prose)
}

/// ISO 4217 check for currency codes found in corpora, in any case.
pub fn is_iso_currency(code: &str) -> bool {
    code.len() == 3 && lookup(ISO_4217, &code.to_ascii_uppercase()).is_some()
}

/// Pay above this, in any period and currency, is a data error, not a salary.
pub const MAX_AMOUNT: f64 = 1e9;
/// With no period written, amounts from here up are yearly.
const YEARLY_FROM: f64 = 10_000.0;
/// With no period written, amounts below this next to a currency are hourly.
const HOURLY_BELOW: f64 = 300.0;
/// A wider range is two unrelated numbers, not a salary band.
const MAX_SPREAD: f64 = 10.0;
/// How far before an amount to look for words that say what it is.
const LOOK_BACK: usize = 80;

/// Circulating currencies of ISO 4217 (fund and metal codes left out), sorted.
/// ANG stays for corpora written before its 2025 replacement by XCG.
const ISO_4217: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF",
    "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC",
    "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS",
    "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD",
    "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL",
    "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD",
    "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD",
    "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
    "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VED",
    "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
];

/// Codes read as currencies in prose, sorted. Codes that are also English words
/// or common acronyms ("ALL", "TOP", "PHP", "TRY", "COP", "AMD") are left out.
const PROSE_CODES: &[&str] = &[
    "AED", "ARS", "AUD", "BDT", "BGN", "BRL", "CAD", "CHF", "CLP", "CNY", "CZK", "DKK", "EGP", "EUR", "GBP", "HKD",
    "HUF", "IDR", "ILS", "INR", "ISK", "JPY", "KES", "KRW", "KWD", "MXN", "MYR", "NGN", "NOK", "NZD", "PKR", "PLN",
    "QAR", "RON", "RUB", "SAR", "SEK", "SGD", "THB", "TWD", "UAH", "USD", "VND", "ZAR",
];

/// Codes also read in lower case ("90k usd").
const LOWERCASE_CODES: &[&str] = &["aud", "cad", "chf", "eur", "gbp", "inr", "jpy", "nzd", "sgd", "usd"];

const DOLLARS: &[&str] = &["ARS", "AUD", "CAD", "CLP", "HKD", "MXN", "NZD", "SGD", "TWD", "USD"];
const YEN: &[&str] = &["CNY", "JPY"];

/// Symbols written before or after an amount: symbol, currency, currencies that share it.
const SYMBOLS: &[(&str, &str, &[&str])] = &[
    ("$", "USD", DOLLARS),
    ("¥", "JPY", YEN),
    ("￥", "JPY", YEN),
    ("£", "GBP", &[]),
    ("€", "EUR", &[]),
    ("₹", "INR", &[]),
    ("₩", "KRW", &[]),
    ("₽", "RUB", &[]),
    ("₺", "TRY", &[]),
    ("₱", "PHP", &[]),
    ("₪", "ILS", &[]),
    ("₦", "NGN", &[]),
    ("₫", "VND", &[]),
    ("฿", "THB", &[]),
    ("₴", "UAH", &[]),
];

/// Written only before an amount, case-sensitively; longer ones first where one starts another.
const PREFIXES: &[(&str, &str)] = &[
    ("AUD$", "AUD"),
    ("CAD$", "CAD"),
    ("USD$", "USD"),
    ("AU$", "AUD"),
    ("CA$", "CAD"),
    ("HK$", "HKD"),
    ("MX$", "MXN"),
    ("NT$", "TWD"),
    ("NZ$", "NZD"),
    ("SG$", "SGD"),
    ("US$", "USD"),
    ("CN¥", "CNY"),
    ("JP¥", "JPY"),
    ("A$", "AUD"),
    ("C$", "CAD"),
    ("R$", "BRL"),
    ("S$", "SGD"),
    ("Rs.", "INR"),
    ("Rs", "INR"),
];

const DASHES: &[char] = &['-', '‐', '‑', '‒', '–', '—', '−'];

/// Words that, nearest before an amount, make it pay.
const SALARY_WORDS: &str =
    "salary salaries pay pays paying paid payrate wage wages compensation comp remuneration rate rates \
    earn earns earning earnings income ote ctc package";

/// Words that, nearest before an amount, make it something other than pay.
const NOT_PAY_WORDS: &str =
    "bonus bonuses signing sign referral reimbursement reimbursed tuition relocation stipend allowance \
    budget budgets funding funded raised raise series revenue revenues valuation sales arr credit \
    credits insurance deductible fee fees price cost costs worth grant prize donation donations match \
    matching gift discount savings assets aum spend spending investment invested million billion \
    commission equity hsa fsa coverage contribution contributions perk perks voucher card";

/// Words allowed between salary words and the amount: "Salary range for this role is $…".
const FILLER_WORDS: &str =
    "a about an and approx approximately are around at band base be between est estimated expected for \
    from gross is max maximum min minimum of offer position range role starting starts target the this \
    to total up will";

/// Words that may follow an amount without making it something else.
const TAIL_WORDS: &str =
    "and or plus with base basic salary gross net total depending dependent doe commensurate negotiable \
    neg est estimated ote range pro incl including inclusive excluding before pre pretax tax fte ctc \
    based w2 c2c 1099 brutto netto brut bruto";

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// The whole text is meant to be a salary: a bare number is an amount.
    Field,
    /// Running text: an amount needs a currency, salary words or a period.
    Prose,
}

/// A currency as marked in the text. A shared symbol ("$", "¥") gives way to a
/// code naming one of the currencies that use it.
#[derive(Clone, Copy)]
struct Cur {
    code: &'static str,
    shared_by: &'static [&'static str],
}

impl Cur {
    fn named(code: &'static str) -> Cur {
        Cur { code, shared_by: &[] }
    }

    /// The currency two markers agree on; `None` when they contradict ("£50k – $60k").
    fn merge(a: Option<Cur>, b: Option<Cur>) -> Option<Option<Cur>> {
        match (a, b) {
            (Some(x), Some(y)) if x.code == y.code => Some(Some(if x.shared_by.is_empty() { x } else { y })),
            (Some(x), Some(y)) if x.shared_by.contains(&y.code) => Some(Some(y)),
            (Some(x), Some(y)) if y.shared_by.contains(&x.code) => Some(Some(x)),
            (Some(_), Some(_)) => None,
            (x, y) => Some(x.or(y)),
        }
    }
}

/// The period two ends of a range agree on; `None` when they contradict.
fn agree(a: Option<Unit>, b: Option<Unit>) -> Option<Option<Unit>> {
    match (a, b) {
        (Some(x), Some(y)) if x != y => None,
        _ => Some(a.or(b)),
    }
}

fn lookup(sorted: &[&'static str], w: &str) -> Option<&'static str> {
    sorted
        .binary_search_by(|probe| (*probe).cmp(w))
        .ok()
        .and_then(|i| sorted.get(i))
        .copied()
}

/// A reading position; always on a char boundary.
struct Cursor<'a> {
    s: &'a str,
    i: usize,
    /// Where the first amount read ended: the scan resumes there, so no digit is read twice.
    first_number_end: Option<usize>,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        self.s.get(self.i..).unwrap_or_default()
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn eat(&mut self, t: &str) -> bool {
        let hit = self.rest().starts_with(t);
        if hit {
            self.i += t.len();
        }
        hit
    }

    /// Eats ASCII `w` in any case, unless it is only the start of a longer word.
    fn eat_word(&mut self, w: &str) -> bool {
        let r = self.rest();
        let matched = r.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w));
        let cut = w.ends_with(|c: char| c.is_ascii_alphanumeric())
            && r.get(w.len()..)
                .and_then(|t| t.chars().next())
                .is_some_and(char::is_alphanumeric);
        if matched && !cut {
            self.i += w.len();
        }
        matched && !cut
    }

    /// Skips spaces and tabs, not line breaks: an amount does not span lines.
    fn skip_ws(&mut self) {
        while let Some(c) = self.peek().filter(|&c| is_space(c)) {
            self.i += c.len_utf8();
        }
    }

    fn take_while(&mut self, f: impl Fn(u8) -> bool) -> &'a str {
        let r = self.rest();
        let n = r.bytes().take_while(|&b| f(b)).count();
        self.i += n;
        r.get(..n).unwrap_or_default()
    }

    fn digits(&mut self) -> &'a str {
        self.take_while(|b| b.is_ascii_digit())
    }

    fn letters(&mut self) -> &'a str {
        self.take_while(|b| b.is_ascii_alphabetic())
    }
}

fn is_space(c: char) -> bool {
    c != '\n' && c != '\r' && c.is_whitespace()
}

/// Separators that only ever group thousands.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’')
}

/// Reads an amount; the module notes say how separators are told apart.
fn number(c: &mut Cursor) -> Option<f64> {
    let first = c.digits();
    let mut groups: Vec<(char, &str)> = Vec::new();
    while let Some(sep) = c.peek().filter(|&s| s == '.' || s == ',' || is_group_space(s)) {
        let back = c.i;
        c.i += sep.len_utf8();
        let run = c.digits();
        if run.is_empty() || (is_group_space(sep) && run.len() != 3) {
            c.i = back;
            break;
        }
        groups.push((sep, run));
        if groups.len() > 8 {
            return None;
        }
    }
    if first.is_empty() || first.len() > 15 {
        return None;
    }
    let (body, frac) = match groups.split_last() {
        Some((&(sep, d), rest)) if matches!(sep, '.' | ',') && (d.len() != 3 || rest.iter().any(|g| g.0 != sep)) => {
            (rest, Some((sep, d)))
        }
        _ => (&groups[..], None),
    };
    if frac.is_some_and(|(_, d)| d.len() > 2) {
        return None;
    }
    if let Some(&(t, _)) = body.first() {
        let consistent = body.iter().all(|g| g.0 == t) && frac.is_none_or(|(d, _)| d != t);
        let western = first.len() <= 3 && body.iter().all(|g| g.1.len() == 3);
        let indian = t == ','
            && first.len() <= 2
            && body.len() >= 2
            && body
                .split_last()
                .is_some_and(|(last, mid)| last.1.len() == 3 && mid.iter().all(|g| g.1.len() == 2));
        if !consistent || !(western || indian) {
            return None;
        }
    }
    if body.is_empty() && frac.is_none() {
        return first.parse().ok();
    }
    let mut digits = String::from(first);
    for g in body {
        digits.push_str(g.1);
    }
    if let Some((_, d)) = frac {
        digits.push('.');
        digits.push_str(d);
    }
    digits.parse().ok()
}

/// A multiplier suffix and whether it needs a currency to mean money.
type Multiplier = (f64, bool);

/// "k" is thousands; "m", "M" and "MM" are millions only next to a currency ("5m" may be minutes).
fn multiplier(c: &mut Cursor) -> Option<Multiplier> {
    [("mm", 1e6, true), ("k", 1e3, false), ("m", 1e6, true)]
        .into_iter()
        .find(|(t, _, _)| c.eat_word(t))
        .map(|(_, m, needs_currency)| (m, needs_currency))
}

fn symbol(c: &mut Cursor) -> Option<Cur> {
    if c.peek().is_none_or(|ch| ch.is_ascii() && ch != '$') {
        return None;
    }
    SYMBOLS
        .iter()
        .find(|(s, _, _)| c.eat(s))
        .map(|&(_, code, shared_by)| Cur { code, shared_by })
}

/// A currency code: any ISO code in a salary field; in prose only the common
/// ones that are not also words.
fn code_word(c: &mut Cursor, mode: Mode) -> Option<Cur> {
    let back = c.i;
    let w = c.letters();
    let code = if w == "RMB" {
        Some("CNY")
    } else if w.len() != 3 {
        None
    } else if w.bytes().all(|b| b.is_ascii_uppercase()) {
        lookup(PROSE_CODES, w).or_else(|| lookup(ISO_4217, w).filter(|_| mode == Mode::Field))
    } else if LOWERCASE_CODES.contains(&w) {
        lookup(PROSE_CODES, &w.to_ascii_uppercase())
    } else {
        None
    };
    if code.is_none() {
        c.i = back;
    }
    code.map(Cur::named)
}

fn currency_before(c: &mut Cursor, mode: Mode) -> Option<Cur> {
    if c.peek().is_some_and(|ch| ch.is_ascii_digit()) {
        return None;
    }
    if let Some(&(_, code)) = PREFIXES.iter().find(|(p, _)| c.eat(p)) {
        return Some(Cur::named(code));
    }
    if let Some(cur) = symbol(c) {
        return Some(cur);
    }
    let cur = code_word(c, mode)?;
    // "USD $90,000", "CAD $90,000": the code names the dollar.
    let after_code = c.i;
    c.skip_ws();
    if !c.eat("$") {
        c.i = after_code;
    }
    Some(cur)
}

fn currency_after(c: &mut Cursor, mode: Mode) -> Option<Cur> {
    symbol(c).or_else(|| code_word(c, mode))
}

/// A period word at the cursor, in any of its forms.
fn unit_word(c: &mut Cursor) -> Option<Unit> {
    let back = c.i;
    let unit = Unit::parse(c.letters());
    if unit.is_none() {
        c.i = back;
    }
    unit
}

/// A period after an amount: "/hr", "per hour", "an hour", "hourly", "p.a.".
fn unit_phrase(c: &mut Cursor) -> Option<Unit> {
    let back = c.i;
    if c.eat("/") || ["per", "an", "a", "every"].iter().any(|w| c.eat_word(w)) {
        c.skip_ws();
        let unit = unit_word(c);
        if unit.is_none() {
            c.i = back;
        }
        return unit;
    }
    if !c.peek().is_some_and(|ch| ch.is_ascii_alphabetic()) {
        return None;
    }
    UNIT_WORDS
        .iter()
        .find(|(w, _, form)| *form != Form::Noun && c.eat_word(w))
        .map(|&(_, u, _)| u)
}

/// One end of a salary: "$120k", "90,000 USD", "45/hr", "€60.000,50".
struct Side {
    amount: f64,
    mult: Option<Multiplier>,
    cur: Option<Cur>,
    unit: Option<Unit>,
    /// "$100,000+": an open top.
    plus: bool,
}

impl Side {
    fn value(&self) -> f64 {
        self.amount * self.mult.map_or(1.0, |m| m.0)
    }
}

fn side(c: &mut Cursor, mode: Mode) -> Option<Side> {
    let mut cur = currency_before(c, mode);
    if cur.is_some() {
        c.skip_ws();
    }
    if !c.peek().is_some_and(|d| d.is_ascii_digit()) {
        return None;
    }
    let amount = number(c);
    c.first_number_end.get_or_insert(c.i);
    let amount = amount?;
    // "401k" is a retirement plan, not $401,000.
    if cur.is_none() && amount == 401.0 && c.peek().is_some_and(|k| k.eq_ignore_ascii_case(&'k')) {
        return None;
    }
    let mult = multiplier(c);
    let plus = c.eat("+");
    let mut unit = None;
    // Letters right after the amount must say what it is: "45hr", "45USD"; not "2B", "10x".
    if c.peek().is_some_and(char::is_alphanumeric) {
        if let Some(u) = unit_word(c) {
            unit = Some(u);
        } else {
            cur = Cur::merge(cur, Some(code_word(c, mode)?))?;
        }
    }
    for _ in 0..2 {
        let back = c.i;
        c.skip_ws();
        if let Some(after) = currency_after(c, mode) {
            cur = Cur::merge(cur, Some(after))?;
            continue;
        }
        if unit.is_none() {
            if let Some(u) = unit_phrase(c) {
                unit = Some(u);
                continue;
            }
        }
        c.i = back;
        break;
    }
    Some(Side {
        amount,
        mult,
        cur,
        unit,
        plus,
    })
}

/// What a qualifier says about an amount: "up to $200k" is a top, "from $80k" a floor.
#[derive(Clone, Copy, PartialEq)]
enum Bound {
    Exact,
    AtLeast,
    AtMost,
    Between,
}

const QUALIFIERS: &[(&[&str], Bound)] = &[
    (&["up", "to"], Bound::AtMost),
    (&["upto"], Bound::AtMost),
    (&["maximum"], Bound::AtMost),
    (&["max"], Bound::AtMost),
    (&["starting", "at"], Bound::AtLeast),
    (&["starting", "from"], Bound::AtLeast),
    (&["starts", "at"], Bound::AtLeast),
    (&["from"], Bound::AtLeast),
    (&["minimum"], Bound::AtLeast),
    (&["min"], Bound::AtLeast),
    (&["at", "least"], Bound::AtLeast),
    (&["between"], Bound::Between),
    (&["approximately"], Bound::Exact),
    (&["approx"], Bound::Exact),
    (&["around"], Bound::Exact),
    (&["about"], Bound::Exact),
    (&["~"], Bound::Exact),
];

fn eat_phrase(c: &mut Cursor, words: &[&str]) -> bool {
    let back = c.i;
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            c.skip_ws();
        }
        if !c.eat_word(w) {
            c.i = back;
            return false;
        }
    }
    true
}

fn qualifier(c: &mut Cursor) -> Bound {
    if !c.peek().is_some_and(|ch| ch.is_ascii_alphabetic() || ch == '~') {
        return Bound::Exact;
    }
    let Some(&(_, bound)) = QUALIFIERS.iter().find(|(words, _)| eat_phrase(c, words)) else {
        return Bound::Exact;
    };
    // "max.", "min:"
    let _ = c.eat(".") || c.eat(":");
    c.skip_ws();
    bound
}

/// "and up", "or more": an open top written out.
fn and_up(c: &mut Cursor) -> bool {
    let back = c.i;
    c.skip_ws();
    let phrases: [&[&str]; 5] = [
        &["and", "up"],
        &["and", "above"],
        &["or", "more"],
        &["or", "higher"],
        &["or", "above"],
    ];
    let hit = phrases.iter().any(|p| eat_phrase(c, p));
    if !hit {
        c.i = back;
    }
    hit
}

/// A salary as written, before its numbers are checked.
struct Raw {
    bound: Bound,
    low: Side,
    high: Option<Side>,
}

/// A qualifier, one end, and the other end after a dash, "to" or "between … and".
fn expression(c: &mut Cursor, mode: Mode) -> Option<Raw> {
    let bound = qualifier(c);
    let mut low = side(c, mode)?;
    let back = c.i;
    c.skip_ws();
    let dash = c.peek().is_some_and(|d| DASHES.contains(&d) || d == '~');
    let mut high = None;
    if !low.plus && (dash || c.eat_word("to") || (bound == Bound::Between && c.eat_word("and"))) {
        if let Some(d) = c.peek().filter(|_| dash) {
            c.i += d.len_utf8();
        }
        c.skip_ws();
        high = side(c, mode);
        if high.is_none() {
            // "$100k - DOE" is one amount; "$45 to start" is not a salary.
            if !dash {
                return None;
            }
            c.i = back;
        }
    } else {
        c.i = back;
    }
    if high.is_none() {
        low.plus |= and_up(c);
    }
    // "555-123-4567", "2023-01-15": a chain of numbers is not a range.
    let back = c.i;
    c.skip_ws();
    if let Some(d) = c.peek().filter(|d| DASHES.contains(d)) {
        c.i += d.len_utf8();
        c.skip_ws();
        if c.peek().is_some_and(|d| d.is_ascii_digit()) {
            return None;
        }
    }
    c.i = back;
    Some(Raw { bound, low, high })
}

/// What follows an amount must not make it something else: "401(k)", "10%",
/// "$5 million", "2,000 employees", "9:30". A capitalised word starts something
/// new after a period ("…per hour Expected hours: 40") or as a label ("$120,000 Location:").
fn tail_ok(rest: &str, period_written: bool) -> bool {
    let mut chars = rest.chars();
    match chars.next() {
        None => return true,
        Some(c) if c.is_alphanumeric() || matches!(c, '%' | '(' | '‰' | '°') => return false,
        Some('/' | ':' | '.' | ',') if chars.next().is_some_and(|d| d.is_ascii_digit()) => return false,
        Some(_) => {}
    }
    let next = rest.trim_start_matches(is_space);
    let end = next.find(|c: char| !c.is_alphanumeric()).unwrap_or(next.len());
    let word = next.get(..end).unwrap_or_default();
    if word.is_empty() {
        return !next.starts_with('%');
    }
    let capitalised = word.starts_with(|c: char| c.is_uppercase());
    let label = next.get(end..).is_some_and(|t| t.starts_with(':'));
    (word.len() <= 16 && listed(TAIL_WORDS, &word.to_lowercase())) || (capitalised && (period_written || label))
}

/// What the words just before an amount say about it.
#[derive(Default)]
struct Context {
    /// Named as something else: "signing bonus of $5,000".
    not_pay: bool,
    /// Named as pay, with only filler words between: "Salary range: 90,000".
    pay: bool,
    /// A period written before the amount: "Hourly rate: $25".
    unit: Option<Unit>,
}

fn context_before(text: &str, start: usize) -> Context {
    let mut lo = start.saturating_sub(LOOK_BACK);
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let window = text.get(lo..start).unwrap_or_default();
    let clause = window
        .rsplit(['\n', ';', '!', '?', '|', '•'])
        .next()
        .unwrap_or_default();
    let clause = clause.rsplit(". ").next().unwrap_or_default();
    let mut ctx = Context::default();
    let mut adjacent = true;
    let mut named_pay = false;
    // Nearest word first: "bonus and salary: $90k" is pay, "salary and bonus: $9k" is not.
    let words = clause
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty() && w.len() <= 20);
    for word in words.rev().take(12) {
        let word = word.to_lowercase();
        let word = word.as_str();
        if listed(SALARY_WORDS, word) {
            ctx.pay |= adjacent;
            named_pay = true;
            continue;
        }
        // "Hourly rate: 25": a period before the salary words still counts.
        if let Some(&(_, unit, _)) = UNIT_WORDS
            .iter()
            .find(|&&(w, _, form)| w == word && form == Form::Adjective)
        {
            if adjacent {
                ctx.pay = true;
                ctx.unit = ctx.unit.or(Some(unit));
            }
            continue;
        }
        if named_pay {
            break;
        }
        if listed(NOT_PAY_WORDS, word) {
            ctx.not_pay = true;
            break;
        }
        adjacent &= listed(FILLER_WORDS, word);
    }
    ctx
}

/// Checks the numbers of a salary as written and settles its period.
fn resolve(raw: Raw, ctx: &Context, mode: Mode) -> Option<SalaryText> {
    let Raw {
        bound,
        mut low,
        mut high,
    } = raw;
    let (currency, written_unit) = match &high {
        Some(h) => (Cur::merge(low.cur, h.cur)?, agree(low.unit, h.unit)?),
        None => (low.cur, low.unit),
    };
    if let Some(h) = &mut high {
        match (low.mult, h.mult) {
            (None, Some(m)) if low.unit.is_none() && low.amount < 1000.0 => low.mult = Some(m),
            (Some(m), None) if h.amount < 1000.0 => h.mult = Some(m),
            _ => {}
        }
    }
    let sides = [Some(&low), high.as_ref()];
    if currency.is_none() && sides.iter().flatten().any(|s| s.mult.is_some_and(|m| m.1)) {
        return None;
    }
    let plus = sides.iter().flatten().any(|s| s.plus);
    let (min, max) = match (&high, bound) {
        (Some(_), _) if plus => return None,
        (Some(h), _) => (Some(low.value()), Some(h.value())),
        (None, Bound::Between) => return None,
        (None, Bound::AtMost) if plus => return None,
        (None, Bound::AtMost) => (None, Some(low.value())),
        (None, Bound::AtLeast) => (Some(low.value()), None),
        (None, Bound::Exact) if plus => (Some(low.value()), None),
        (None, Bound::Exact) => (Some(low.value()), Some(low.value())),
    };
    let valid = |v: Option<f64>| v.is_none_or(|v| v.is_finite() && v > 0.0 && v <= MAX_AMOUNT);
    if !valid(min) || !valid(max) {
        return None;
    }
    if let (Some(lo), Some(hi)) = (min, max) {
        if hi < lo || hi > lo * MAX_SPREAD {
            return None;
        }
    }
    let top = max.or(min)?;
    let unit = match written_unit.or(ctx.unit) {
        Some(u) => u,
        None if top >= YEARLY_FROM => Unit::Year,
        None if top < HOURLY_BELOW && currency.is_some() => Unit::Hour,
        None => return None,
    };
    // In prose a period alone marks pay only when it makes a plausible one: not "2 per year".
    let by_period =
        matches!(written_unit, Some(Unit::Hour | Unit::Month | Unit::Year)) && top * unit.per_year() >= 1000.0;
    if mode == Mode::Prose && currency.is_none() && !ctx.pay && !by_period {
        return None;
    }
    Some(SalaryText {
        min,
        max,
        currency: currency.map(|c| c.code),
        unit,
    })
}

/// Whether a salary may start at `i`: not inside a word or number ("H1", "v2.5", "555-123-4567").
fn may_start(text: &str, i: usize, ch: char) -> bool {
    let symbol_start = |c: char| c == '$' || (!c.is_ascii() && SYMBOLS.iter().any(|(s, _, _)| s.starts_with(c)));
    if !(ch.is_ascii_alphanumeric() || ch == '~' || symbol_start(ch)) {
        return false;
    }
    let mut before = text.get(..i).unwrap_or_default().chars().rev();
    match before.next() {
        None => true,
        Some(p) if p.is_alphanumeric() || symbol_start(p) => false,
        Some(p) if matches!(p, '/' | '.' | ',' | ':') || DASHES.contains(&p) => {
            !before.next().is_some_and(|q| q.is_ascii_digit())
        }
        Some(_) => true,
    }
}

/// Tries each place a salary may start, left to right; linear in the text.
fn scan(text: &str, mode: Mode) -> Option<SalaryText> {
    let mut resume = 0;
    for (i, ch) in text.char_indices() {
        if i < resume || !may_start(text, i, ch) {
            continue;
        }
        let mut c = Cursor {
            s: text,
            i,
            first_number_end: None,
        };
        let raw = expression(&mut c, mode);
        // A salary as written is judged whole: "$150k-$120k" must not yield "$120k".
        resume = if raw.is_some() {
            c.i
        } else {
            c.first_number_end.unwrap_or(i)
        };
        let Some(raw) = raw else { continue };
        let period_written = raw.low.unit.is_some() || raw.high.as_ref().is_some_and(|h| h.unit.is_some());
        let judged = tail_ok(c.rest(), period_written)
            .then(|| context_before(text, i))
            .filter(|ctx| !ctx.not_pay)
            .and_then(|ctx| resolve(raw, &ctx, mode));
        // A salary field holds one salary: when its first one fails, a later number is not it.
        if judged.is_some() || mode == Mode::Field {
            return judged;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sal(min: Option<f64>, max: Option<f64>, currency: Option<&'static str>, unit: Unit) -> Option<SalaryText> {
        Some(SalaryText {
            min,
            max,
            currency,
            unit,
        })
    }

    fn range(min: f64, max: f64, currency: &'static str, unit: Unit) -> Option<SalaryText> {
        sal(Some(min), Some(max), Some(currency), unit)
    }

    fn exact(v: f64, currency: &'static str, unit: Unit) -> Option<SalaryText> {
        range(v, v, currency, unit)
    }

    const NOT_SALARIES: &[&str] = &[
        "401(k) match",
        "401k",
        "Salary, 401k, dental",
        "5+ years",
        "Founded in 2019",
        "call 555-123-4567",
        "2,000 employees",
        "100% remote",
        "top 10%",
        "DOE",
        "Depends on experience",
        "Competitive",
        "negotiable",
        "",
        "   ",
        "$",
        "k",
        "1.2M",
        "$5 million",
        "$150k-$120k",
        "$15 - $150,000",
        "1,2345",
        "$5,000",
        "45",
        "abc123",
        "2023-01-15",
        "9:00-17:00",
        "(555) 123-4567",
        "v2.5",
        "$50k – €60k",
        "$45/hr - $50/day",
        "between $50",
        "up to $200k+",
        "€1.234.56",
        "R$ 96.000 por ano",
    ];

    #[test]
    fn parses_fields() {
        use Unit::*;
        let cases: Vec<(&str, Option<SalaryText>)> = vec![
            ("$120k–$150k", range(120e3, 150e3, "USD", Year)),
            ("$120k-$150k", range(120e3, 150e3, "USD", Year)),
            ("$120k to $150k", range(120e3, 150e3, "USD", Year)),
            ("$120K - $150K", range(120e3, 150e3, "USD", Year)),
            ("$120k — $150k", range(120e3, 150e3, "USD", Year)),
            ("$120-150k", range(120e3, 150e3, "USD", Year)),
            ("$45/hr", exact(45.0, "USD", Hour)),
            ("$45 an hour", exact(45.0, "USD", Hour)),
            ("$45.50 per hour", exact(45.5, "USD", Hour)),
            ("$45hr", exact(45.0, "USD", Hour)),
            ("$45", exact(45.0, "USD", Hour)),
            ("45/hr", sal(Some(45.0), Some(45.0), None, Hour)),
            ("45 / HOUR", sal(Some(45.0), Some(45.0), None, Hour)),
            ("120000", sal(Some(120e3), Some(120e3), None, Year)),
            ("USD 90,000 - 110,000 per year", range(90e3, 110e3, "USD", Year)),
            ("90,000-110,000 USD", range(90e3, 110e3, "USD", Year)),
            ("90k usd", exact(90e3, "USD", Year)),
            ("£50,000 a year", exact(50e3, "GBP", Year)),
            ("£40,000 - £45,000 pro rata", range(40e3, 45e3, "GBP", Year)),
            ("£450 - £550 per day", range(450.0, 550.0, "GBP", Day)),
            ("£3,000 pcm", exact(3e3, "GBP", Month)),
            ("£50k p.a.", exact(50e3, "GBP", Year)),
            ("€60.000", exact(60e3, "EUR", Year)),
            ("€60.000,50", exact(60000.5, "EUR", Year)),
            ("60 000 €", exact(60e3, "EUR", Year)),
            ("60\u{a0}000\u{a0}€", exact(60e3, "EUR", Year)),
            ("60\u{202f}000 EUR", exact(60e3, "EUR", Year)),
            ("€45k", exact(45e3, "EUR", Year)),
            ("50k-60k EUR per annum", range(50e3, 60e3, "EUR", Year)),
            ("up to $200K", sal(None, Some(200e3), Some("USD"), Year)),
            ("Up to $200K", sal(None, Some(200e3), Some("USD"), Year)),
            ("from $80,000", sal(Some(80e3), None, Some("USD"), Year)),
            ("starting at $80,000", sal(Some(80e3), None, Some("USD"), Year)),
            ("$100,000+", sal(Some(100e3), None, Some("USD"), Year)),
            ("$80k and up", sal(Some(80e3), None, Some("USD"), Year)),
            ("from $80k to $100k", range(80e3, 100e3, "USD", Year)),
            ("between $50 and $60 per hour", range(50.0, 60.0, "USD", Hour)),
            ("CA$95,000", exact(95e3, "CAD", Year)),
            ("C$95k", exact(95e3, "CAD", Year)),
            ("A$120k", exact(120e3, "AUD", Year)),
            ("AU$120,000", exact(120e3, "AUD", Year)),
            ("US$120,000", exact(120e3, "USD", Year)),
            ("NZ$30/hr", exact(30.0, "NZD", Hour)),
            ("$90,000 - $110,000 CAD", range(90e3, 110e3, "CAD", Year)),
            ("CAD $90,000", exact(90e3, "CAD", Year)),
            ("R$96.000", exact(96e3, "BRL", Year)),
            ("₹12,00,000", exact(1.2e6, "INR", Year)),
            ("₹12,00,000 - ₹18,00,000 per annum", range(1.2e6, 1.8e6, "INR", Year)),
            ("Rs. 50,000 per month", exact(50e3, "INR", Month)),
            ("¥5,000,000", exact(5e6, "JPY", Year)),
            ("¥300,000 CNY", exact(3e5, "CNY", Year)),
            ("CHF 120'000", exact(120e3, "CHF", Year)),
            ("$1.2M", exact(1.2e6, "USD", Year)),
            ("$45.500", exact(45500.0, "USD", Year)),
            ("$1,000,000", exact(1e6, "USD", Year)),
            ("$20.00 - $25.00 an hour", range(20.0, 25.0, "USD", Hour)),
            ("$25/hour + tips", exact(25.0, "USD", Hour)),
            ("$45/hr - $50/hr", range(45.0, 50.0, "USD", Hour)),
            ("$100,000.00/yr - $150,000.00/yr", range(100e3, 150e3, "USD", Year)),
            ("$5,000/month", exact(5e3, "USD", Month)),
            ("$2,000 weekly", exact(2e3, "USD", Week)),
            ("$90K - $110K (Glassdoor est.)", range(90e3, 110e3, "USD", Year)),
            ("Salary: $120k–$150k DOE", range(120e3, 150e3, "USD", Year)),
            ("ALL 900,000", exact(9e5, "ALL", Year)),
            ("€ 45.000 - 55.000 brutto", range(45e3, 55e3, "EUR", Year)),
            // A field holds one salary: a number that is not one ends the search.
            ("Founded in 2019, salary $90k", None),
        ];
        for (input, want) in &cases {
            assert_eq!(&parse(input), want, "parse({input:?})");
        }
        for input in NOT_SALARIES {
            assert_eq!(parse(input), None, "parse({input:?})");
        }
        assert!(cases.len() + NOT_SALARIES.len() >= 40);
    }

    #[test]
    fn finds_in_prose() {
        use Unit::*;
        let cases: Vec<(&str, Option<SalaryText>)> = vec![
            (
                "We offer a salary of $120,000 - $150,000 plus equity.",
                range(120e3, 150e3, "USD", Year),
            ),
            (
                "The base pay range for this role is $120k–$150k per year, plus bonus.",
                range(120e3, 150e3, "USD", Year),
            ),
            ("Salary: 90,000 - 110,000", sal(Some(90e3), Some(110e3), None, Year)),
            ("Compensation: 120k", sal(Some(120e3), Some(120e3), None, Year)),
            ("Pay: 25 per hour", sal(Some(25.0), Some(25.0), None, Hour)),
            ("Hourly rate: $25-$30", range(25.0, 30.0, "USD", Hour)),
            ("Earn up to $200K annually!", sal(None, Some(200e3), Some("USD"), Year)),
            ("A team of 50 people. We pay $45 per hour.", exact(45.0, "USD", Hour)),
            ("Benefits: 401(k) match. Salary €45k.", exact(45e3, "EUR", Year)),
            (
                "Signing bonus of $5,000. Salary is $90k - $100k.",
                range(90e3, 100e3, "USD", Year),
            ),
            ("Rémunération : 60 000 €.", exact(60e3, "EUR", Year)),
            ("Hourly rate: 25", sal(Some(25.0), Some(25.0), None, Hour)),
            ("Pay: $40/hr\nLocation: Austin", exact(40.0, "USD", Hour)),
            // Run-on text scraped from Indeed: a capitalised word after the period starts a new field.
            (
                "Job Type: Full-time Pay: $60,000.00 - $75,000.00 per year Benefits: 401(k) 401(k) matching",
                range(60e3, 75e3, "USD", Year),
            ),
            (
                "Pay: $18.00 - $22.00 per hour Expected hours: 40 per week",
                range(18.0, 22.0, "USD", Hour),
            ),
            ("Salary: $120,000 Location: NYC", exact(120e3, "USD", Year)),
            ("Bonus and salary: $90k", exact(90e3, "USD", Year)),
        ];
        for (input, want) in &cases {
            assert_eq!(&find(input), want, "find({input:?})");
        }
        let negatives = [
            "Our 401(k) match is 4%. 5+ years of experience required. 2,000 employees. Founded in 2019.",
            "Call 555-123-4567 or (555) 123-4567 about pay.",
            "100% remote, top 10% pay.",
            "We raised $50 million in Series B.",
            "Signing bonus up to $10,000.",
            "Relocation assistance up to $10k",
            "Up to $5,250 per year in tuition reimbursement.",
            "Enjoy a $50 monthly phone stipend.",
            "Work 40 hours per week, 3 days a week in office.",
            "Join 2,000 employees earning competitive pay.",
            "Competitive salary. 5+ years of experience.",
            "Salary DOE",
            "Version 2.5 released in 2019-2020.",
            "Office hours 9:00-17:00.",
            "Lift 50 lbs. Reviews happen 2 per year.",
            "$250 gift card for referrals",
            "Experience with CAD 2019 and COP28 reporting.",
            "We have ALL 50 states covered.",
            "$5,000 Signing Bonus",
            "Annual bonus: $5,000",
            "Salary and bonus: $9k",
            "up to 50% bonus and $150k base",
            "Competitive salary + 401k",
        ];
        for input in negatives {
            assert_eq!(find(input), None, "find({input:?})");
        }
        for input in NOT_SALARIES {
            assert_eq!(find(input), None, "find({input:?})");
        }
    }

    #[test]
    fn units_and_codes() {
        for w in [
            "hour", "hr", "hourly", "h", "HOUR", "per hour", "an hour", "/hr", "/ hr", "p/h",
        ] {
            assert_eq!(Unit::parse(w), Some(Unit::Hour), "{w}");
        }
        for w in [
            "year",
            "yr",
            "annum",
            "per annum",
            "annually",
            "yearly",
            "a year",
            "pa",
            "p.a.",
            "Annual",
        ] {
            assert_eq!(Unit::parse(w), Some(Unit::Year), "{w}");
        }
        for w in ["month", "mo", "monthly", "pcm", "MONTH"] {
            assert_eq!(Unit::parse(w), Some(Unit::Month), "{w}");
        }
        for w in ["week", "wk", "weekly", "per week"] {
            assert_eq!(Unit::parse(w), Some(Unit::Week), "{w}");
        }
        for w in ["day", "daily", "DAY", "per day"] {
            assert_eq!(Unit::parse(w), Some(Unit::Day), "{w}");
        }
        for w in ["", "hours of", "ann", "per", "minute", "é"] {
            assert_eq!(Unit::parse(w), None, "{w}");
        }
        let per_year: Vec<f64> = [Unit::Hour, Unit::Day, Unit::Week, Unit::Month, Unit::Year]
            .map(Unit::per_year)
            .to_vec();
        assert_eq!(per_year, [2080.0, 260.0, 52.0, 12.0, 1.0]);

        for list in [ISO_4217, PROSE_CODES, LOWERCASE_CODES] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "unsorted list");
        }
        assert!(PROSE_CODES.iter().all(|c| is_iso_currency(c)));
        assert!(ISO_4217.len() >= 150);
        for code in ["USD", "eur", "Gbp", "CHF", "XOF", "ZWG"] {
            assert!(is_iso_currency(code), "{code}");
        }
        for code in ["", "US", "USDX", "XXX", "ABC", "HRK", "ÉUR", "€"] {
            assert!(!is_iso_currency(code), "{code}");
        }
    }

    use crate::test_rng::Rng;

    fn check_invariants(input: &str, s: &Option<SalaryText>) {
        let Some(s) = s else { return };
        assert!(s.min.is_some() || s.max.is_some(), "{input:?} → {s:?}");
        for v in [s.min, s.max].into_iter().flatten() {
            assert!(v.is_finite() && v > 0.0 && v <= MAX_AMOUNT, "{input:?} → {s:?}");
        }
        if let (Some(lo), Some(hi)) = (s.min, s.max) {
            assert!(lo <= hi, "{input:?} → {s:?}");
        }
        assert!(s.currency.is_none_or(is_iso_currency), "{input:?} → {s:?}");
    }

    #[test]
    fn random_text_never_breaks_invariants() {
        const PIECES: &[&str] = &[
            "$", "£", "€", "¥", "₹", "CA$", "R$", "USD", "eur", "k", "K", "M", "m", "-", "–", "—", "~", " ", " ",
            "\u{a0}", "\u{202f}", "'", ",", ".", ".", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "00", "000",
            "per", "hour", "/hr", "yr", "a", "an", "to", "up", "from", "between", "and", "+", "(", ")", "%", ":", "/",
            "é", "日", "\n", "salary", "pay", "bonus", "p.a.", "hourly", "Rs", "x",
        ];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let n = rng.below(24);
            let input: String = (0..n).map(|_| *rng.pick(PIECES)).collect();
            check_invariants(&input, &parse(&input));
            check_invariants(&input, &find(&input));
        }
    }

    #[test]
    fn generated_salaries_read_back_exactly() {
        const SYMS: &[(&str, &str)] = &[
            ("$", "USD"),
            ("£", "GBP"),
            ("€", "EUR"),
            ("CA$", "CAD"),
            ("C$", "CAD"),
            ("A$", "AUD"),
            ("AU$", "AUD"),
            ("US$", "USD"),
            ("NZ$", "NZD"),
            ("HK$", "HKD"),
            ("R$", "BRL"),
            ("₹", "INR"),
            ("USD ", "USD"),
            ("EUR ", "EUR"),
        ];
        const UNITS: &[(&str, Unit)] = &[
            ("hour", Unit::Hour),
            ("hr", Unit::Hour),
            ("day", Unit::Day),
            ("week", Unit::Week),
            ("wk", Unit::Week),
            ("month", Unit::Month),
            ("mo", Unit::Month),
            ("year", Unit::Year),
            ("yr", Unit::Year),
            ("annum", Unit::Year),
        ];
        const JOINS: &[&str] = &["-", " - ", "–", " – ", "—", " to ", "~"];
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for case in 0..20_000 {
            let (sym, code) = *rng.pick(SYMS);
            let (word, unit) = *rng.pick(UNITS);
            let join = *rng.pick(JOINS);
            let k = if rng.below(2) == 0 { "k" } else { "K" };
            let (text, want) = if case % 2 == 0 {
                let a = 1 + rng.below(500);
                let b = a + rng.below((9 * a).min(999 - a) + 1);
                let per = if rng.below(2) == 0 { " per " } else { "/" };
                let text = format!("{sym}{a}{k}{join}{sym}{b}{k}{per}{word}");
                (text, range(a as f64 * 1e3, b as f64 * 1e3, code, unit))
            } else {
                // Grouped and decimal amounts: "$45.50 - $52.05 per hour", "€1.234.567,89".
                let a = 1 + rng.below(90_000);
                let cents = rng.below(100);
                let b = a + rng.below(a + 1);
                let (lo, hi) = if rng.below(2) == 0 {
                    (format!("{a}.{cents:02}"), format!("{b}.{cents:02}"))
                } else {
                    (group(a, ',', '.', cents), group(b, '.', ',', cents))
                };
                let text = format!("{sym}{lo}{join}{sym}{hi} per {word}");
                let value = |s: String| s.parse::<f64>().ok();
                let want = sal(
                    value(format!("{a}.{cents:02}")),
                    value(format!("{b}.{cents:02}")),
                    Some(code),
                    unit,
                );
                (text, want)
            };
            assert_eq!(parse(&text), want, "parse({text:?})");
            let prose = format!("About the role.\nThe salary is {text}. Apply today.");
            assert_eq!(find(&prose), want, "find({prose:?})");
        }
    }

    /// `n` with thousands separated by `thousands`, then `decimal` and two-digit cents.
    fn group(n: usize, thousands: char, decimal: char, cents: usize) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (k, d) in digits.chars().enumerate() {
            if k > 0 && (digits.len() - k).is_multiple_of(3) {
                out.push(thousands);
            }
            out.push(d);
        }
        format!("{out}{decimal}{cents:02}")
    }

    #[test]
    fn large_inputs_stay_linear() {
        let inputs = [
            "1".repeat(1 << 20),
            "1,".repeat(1 << 19),
            "$1 ".repeat(1 << 18),
            "up to ".repeat(1 << 17),
            "salary ".repeat(1 << 17),
            "é$".repeat(1 << 18),
            "555-".repeat(1 << 18),
        ];
        for input in &inputs {
            check_invariants("large", &find(input));
            check_invariants("large", &parse(input));
        }
    }
}
