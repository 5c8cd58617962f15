//! filtr: rank job postings against a resume, locally.
//!
//! Modules by concept: [`corpus`] (postings), [`resume`] (text extraction),
//! [`embed`] (model, windows, index), [`score`], [`report`], [`cli`].

pub mod cli;

pub mod embed;
pub mod postings;
pub mod profile;
pub mod rank;
pub mod report;
pub mod resume;
pub mod store;
#[cfg(test)]
mod test_rng;
/// Writers of real PDF and DOCX files for the example resumes, tests,
/// benches and fuzz seeds: not part of filtr's API.
#[doc(hidden)]
pub mod testkit;
pub mod text;

/// An error and its causes, joined with `: `.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}
