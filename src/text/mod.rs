//! Text that comes from outside: HTML and Markdown to plain text, salaries in
//! free text, civil dates, and escaping for a terminal. Imports nothing else
//! of the crate.

pub mod calendar;
pub mod html;
pub mod salary;
pub mod since;
pub mod sanitize;

/// Whether `word` is one of the space-separated words of `list`.
fn listed(list: &str, word: &str) -> bool {
    list.split_ascii_whitespace().any(|w| w == word)
}
