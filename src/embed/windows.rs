//! Splitting long texts into windows the model can read whole.
//!
//! The model sees at most 256 word pieces; cutting a resume there would drop
//! most of it. A posting's first window is its title alone (what the job is,
//! compared with the whole resume by the `role` signal); then come up to four
//! kinds of window — title with requirements, with responsibilities, with
//! other items, with description — because those are the parts a resume is
//! compared with, and each is short enough to fit. A resume is split by section and paragraph, packed up to
//! [`RESUME_BUDGET`] pieces: smaller than the model limit because a window
//! mixing several sections matches none of them well (the model was trained on
//! sentence pairs up to 128 pieces). Anything longer is split by sentence, then
//! by word. How window scores combine is `rank::semantic`'s business.

use crate::postings::Posting;

/// Word pieces per resume window.
pub const RESUME_BUDGET: usize = 128;
/// Word pieces per posting window: the model's limit less [CLS] and [SEP].
pub const POSTING_BUDGET: usize = super::MAX_TOKENS - 2;
/// At most this much of each posting window is its title and company; a longer
/// head is cut so the section text after it is never truncated by the model.
const HEAD_BUDGET: usize = POSTING_BUDGET / 4;
/// Names the windowing rules; stored in the index so a change invalidates old vectors.
pub const SCHEME: &str = "posting-title+sections-254/head-63/resume-paragraphs-128/v3";
/// How many windows of a posting come before its sections: the title alone.
pub const TITLE_WINDOWS: usize = 1;

/// The windows of a posting, each a self-contained text: the title alone,
/// then the sections (at least one: the title with the company when the
/// posting has no text).
pub fn posting_windows(p: &Posting, count: &dyn Fn(&str) -> usize) -> Vec<String> {
    let title = if count(&p.title) > HEAD_BUDGET {
        split_long(&p.title, HEAD_BUDGET, count).swap_remove(0)
    } else {
        p.title.clone()
    };
    let head = match &p.company {
        Some(c) => format!("{} at {}", p.title, c),
        None => p.title.clone(),
    };
    let head = if count(&head) > HEAD_BUDGET {
        split_long(&head, HEAD_BUDGET, count).swap_remove(0)
    } else {
        head
    };
    let mut out = vec![title];
    for body in [
        p.requirements.join("\n"),
        p.responsibilities.join("\n"),
        p.other.join("\n"),
        p.description.clone(),
    ] {
        if body.trim().is_empty() {
            continue;
        }
        let budget = POSTING_BUDGET - count(&head) - 1;
        for piece in pack(&paragraphs(&body), budget, count) {
            out.push(format!("{head}\n{piece}"));
        }
    }
    if out.len() == TITLE_WINDOWS {
        out.push(head);
    }
    out
}

/// The windows of a resume: paragraphs packed up to [`RESUME_BUDGET`] pieces,
/// never across a section heading.
pub fn resume_windows(text: &str, count: &dyn Fn(&str) -> usize) -> Vec<String> {
    let mut sections: Vec<Vec<String>> = vec![Vec::new()];
    for para in paragraphs(text) {
        if is_heading(&para) && !sections.last().is_some_and(Vec::is_empty) {
            sections.push(Vec::new());
        }
        sections.last_mut().expect("non-empty").push(para);
    }
    sections
        .iter()
        .filter(|s| !s.is_empty())
        .flat_map(|s| pack(s, RESUME_BUDGET, count))
        .collect()
}

/// Paragraphs are separated by blank lines; a bullet list's items stay together
/// as lines of one paragraph.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A paragraph opening with a short line with no sentence punctuation, such as
/// "EXPERIENCE", "Work History" or "Skills:".
fn is_heading(para: &str) -> bool {
    let first = para.lines().next().unwrap_or("");
    let words = first.split_whitespace().count();
    let title_case = first
        .split_whitespace()
        .all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()));
    (1..=4).contains(&words) && !first.contains([',', '.', ';']) && (first.ends_with(':') || title_case)
}

/// Greedily packs pieces into windows of at most `budget` tokens, splitting
/// pieces that are too long on their own.
fn pack(pieces: &[String], budget: usize, count: &dyn Fn(&str) -> usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_len = 0;
    let flush = |cur: &mut String, cur_len: &mut usize, out: &mut Vec<String>| {
        if !cur.is_empty() {
            out.push(std::mem::take(cur));
        }
        *cur_len = 0;
    };
    for piece in pieces {
        let n = count(piece);
        if n > budget {
            flush(&mut cur, &mut cur_len, &mut out);
            out.extend(split_long(piece, budget, count));
            continue;
        }
        if cur_len + n + 1 > budget {
            flush(&mut cur, &mut cur_len, &mut out);
        }
        if !cur.is_empty() {
            cur.push('\n');
        }
        cur.push_str(piece);
        cur_len += n + 1;
    }
    flush(&mut cur, &mut cur_len, &mut out);
    out
}

/// Splits one over-long piece by lines and sentences, then by words.
fn split_long(text: &str, budget: usize, count: &dyn Fn(&str) -> usize) -> Vec<String> {
    let sentences: Vec<String> = text
        .split_inclusive(['\n', '.', '!', '?', ';', '。', '！', '？'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if sentences.len() > 1 {
        return pack(&sentences, budget, count);
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_len = 0;
    let words = text.split_whitespace().flat_map(|w| split_word(w, budget, count));
    // A BERT tokenizer splits at white space first, so the pieces of "a b"
    // are those of "a" and of "b": counting each word once is linear, where
    // recounting the growing window was quadratic.
    for word in words {
        let n = count(&word);
        if !cur.is_empty() && cur_len + n > budget {
            out.push(std::mem::replace(&mut cur, word));
            cur_len = n;
        } else {
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(&word);
            cur_len += n;
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A "word" longer than the budget (text without spaces, such as Chinese or
/// Japanese, or a pasted blob) is cut into runs of characters that fit.
fn split_word(word: &str, budget: usize, count: &dyn Fn(&str) -> usize) -> Vec<String> {
    if count(word) <= budget {
        return vec![word.to_string()];
    }
    let chars: Vec<char> = word.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let mut len = budget.min(chars.len() - start);
        let mut piece: String = chars[start..start + len].iter().collect();
        while len > 1 && count(&piece) > budget {
            len /= 2;
            piece = chars[start..start + len].iter().collect();
        }
        out.push(piece);
        start += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> usize {
        s.split_whitespace().count()
    }

    fn posting(title: &str, company: Option<&str>, description: &str, requirements: &[&str]) -> Posting {
        Posting {
            id: "1".into(),
            title: title.into(),
            company: company.map(str::to_string),
            description: description.into(),
            requirements: requirements.iter().map(|r| r.to_string()).collect(),
            responsibilities: vec![],
            other: vec![],
            salary: None,
            locations: vec![],
            remote: false,
            posted: None,
            url: None,
        }
    }

    #[test]
    fn resume_windows_respect_sections_and_budget() {
        let text = format!(
            "Jane Doe\njane@example.com\n\nEXPERIENCE\n\n{}\n\n{}\n\nSKILLS\n\nPython, SQL",
            "word ".repeat(100),
            "other ".repeat(300)
        );
        let w = resume_windows(&text, &words);
        assert!(
            w.iter().all(|w| words(w) <= RESUME_BUDGET),
            "{:?}",
            w.iter().map(|w| words(w)).collect::<Vec<_>>()
        );
        assert_eq!(w[0], "Jane Doe\njane@example.com");
        assert!(w.last().unwrap().starts_with("SKILLS"));
        let total: usize = w.iter().map(|w| words(w)).sum();
        assert_eq!(total, words(&text), "no word may be lost or duplicated");
    }

    #[test]
    fn a_long_title_never_pushes_the_text_out_of_the_window() {
        let p = posting(&"Chef ".repeat(300), None, "Laminated doughs and viennoiserie.", &[]);
        let w = posting_windows(&p, &words);
        assert_eq!(w.len(), 2);
        assert!(words(&w[1]) <= POSTING_BUDGET, "{}", words(&w[1]));
        assert!(w[1].ends_with("\nLaminated doughs and viennoiserie."), "{}", w[0]);
    }

    #[test]
    fn text_without_spaces_is_cut_into_fitting_runs() {
        let chars = |s: &str| s.chars().count();
        let text = "职".repeat(1000);
        let w = resume_windows(&text, &chars);
        assert!(
            w.iter().all(|w| chars(w) <= RESUME_BUDGET),
            "{:?}",
            w.iter().map(|w| chars(w)).collect::<Vec<_>>()
        );
        assert_eq!(w.concat(), text);
    }

    #[test]
    fn posting_windows_carry_the_title_and_fit() {
        let p = posting(
            "Line Cook",
            Some("Bistro"),
            &"Fast kitchen. ".repeat(200),
            &["ServSafe", "Knife skills"],
        );
        let w = posting_windows(&p, &words);
        assert_eq!(w[0], "Line Cook");
        assert_eq!(w[1], "Line Cook at Bistro\nServSafe\nKnife skills");
        assert!(w.len() > 2);
        assert!(w[TITLE_WINDOWS..]
            .iter()
            .all(|w| w.starts_with("Line Cook at Bistro\n") && words(w) <= POSTING_BUDGET + 1));
    }
}
