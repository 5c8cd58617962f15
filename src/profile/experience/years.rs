//! Years of experience a posting asks for.

use super::tokens::*;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct YearsRequired {
    pub min: f64,
    pub max: Option<f64>,
    /// The sentence the requirement came from.
    pub phrase: String,
}

pub(super) const YEAR_WORDS: &[&str] = &["year", "years", "yr", "yrs"];
pub(super) const NUMBER_WORDS: [&str; 15] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen",
];
/// A word just before the number that makes it a time span, not experience ("within 3 years", "every 2 years").
pub(super) const REJECT_BEFORE: &[&str] = &[
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
pub(super) const REJECT_AFTER: &[&str] = &[
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
pub(super) const REQUIRE_AFTER: &[&str] = &[
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
pub(super) const EXPERIENCE_WORDS: &[&str] = &["experience", "experienced", "exp"];
/// Abbreviations whose dot does not end a sentence ("5 yrs. exp. in welding").
pub(super) const ABBREVIATIONS: &[&str] = &["yr", "yrs", "exp", "min", "approx"];
/// How far the context windows look, in tokens: keeps every candidate O(1).
pub(super) const WINDOW_TOKENS: usize = 24;

pub(super) fn is_break(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ';' | '•')
}

pub(super) fn number_word(s: &str) -> Option<f64> {
    NUMBER_WORDS
        .iter()
        .position(|w| s.eq_ignore_ascii_case(w))
        .map(|i| (i + 1) as f64)
}

/// A number ending at token `k` ("5", "1.5", "five", "(5)", "five (5)"): its value and first token.
pub(super) fn number_ending_at(line: Line, k: usize) -> Option<(f64, usize)> {
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
pub(super) fn words_after(line: Line<'_>, i: usize, n: usize) -> Vec<&str> {
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
pub(super) fn word_before_in(line: Line, i: usize, n: usize, list: &[&str]) -> bool {
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
pub(super) fn word_before(line: Line<'_>, i: usize) -> Option<&str> {
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
pub(super) fn requirement_at(line: Line, y: usize) -> Option<(f64, Option<f64>, usize)> {
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
pub(super) fn ends_sentence(line: &str, i: usize, c: char) -> bool {
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
pub(super) fn sentence(line: &str, start: usize, end: usize) -> String {
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
