//! Text that comes from outside: HTML and Markdown to plain text, salaries in
//! free text, civil dates, and escaping for a terminal. Imports nothing else
//! of the crate.

pub mod calendar;
pub mod html;
pub mod salary;
pub mod sanitize;
