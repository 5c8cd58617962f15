//! Text that comes from outside: HTML and Markdown to plain text, salaries in
//! free text, civil dates, and escaping for a terminal. Imports nothing else
//! of the crate.

pub mod calendar;
pub mod html;
pub mod limit;
pub mod salary;
pub mod sanitize;
pub mod since;

/// Whether `word` is one of the space-separated words of `list`.
fn listed(list: &str, word: &str) -> bool {
    list.split_ascii_whitespace().any(|w| w == word)
}

/// 1600 → "1,600".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
