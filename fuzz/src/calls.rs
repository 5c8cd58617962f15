//! What each fuzz target does with one input, shared by the libFuzzer targets
//! (`fuzz/fuzz_targets/*.rs`) and the stable smoke test (`tests/fuzz_smoke.rs`),
//! both of which include this file with `#[path = ...] mod calls;`.
//!
//! Each function is a thin call into filtr's public API. An `Err` is a normal
//! answer to garbage and is ignored; a panic (including a failed invariant
//! `assert!` below) is a finding.
#![allow(dead_code)]

use filtr::postings::{Corpus, CorpusFormat};

/// The targets by name, for the smoke test.
/// A target's name and the calls it makes on one input.
pub type Target = (&'static str, fn(&[u8]));

pub const TARGETS: &[Target] = &[
    ("corpus", corpus),
    ("resume_pdf", resume_pdf),
    ("resume_docx", resume_docx),
    ("resume_text", resume_text),
    ("free_text", free_text),
];

/// Posting corpora: detected format, then every format forced.
pub fn corpus(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let formats = [
        None,
        Some(CorpusFormat::Native),
        Some(CorpusFormat::Jobspy),
        Some(CorpusFormat::SchemaOrg),
        Some(CorpusFormat::Csv),
    ];
    for format in formats {
        if let Ok(c) = Corpus::parse_as("f", text, format, false) {
            assert!(!c.postings.is_empty(), "an Ok corpus has postings");
            assert_eq!(
                c.postings.len() + c.skipped.len(),
                c.total,
                "every posting is either kept or skipped"
            );
            let hidden = filtr::postings::reposts(&c.postings);
            assert_eq!(hidden.len(), c.postings.len());
        }
    }
}

fn resume(name: &str, data: &[u8]) {
    if let Ok(r) = filtr::resume::extract(name, data) {
        assert!(!r.text.trim().is_empty(), "{name}: an extracted resume has text");
    }
}

pub fn resume_pdf(data: &[u8]) {
    resume("f.pdf", data);
}

pub fn resume_docx(data: &[u8]) {
    resume("f.docx", data);
}

/// Plain text, Markdown and JSON Resume.
pub fn resume_text(data: &[u8]) {
    for name in ["f.txt", "f.md", "f.json"] {
        resume(name, data);
    }
}

fn check_salary(s: &Option<filtr::text::salary::SalaryText>, text: &str) {
    if let Some(s) = s {
        for v in [s.min, s.max].into_iter().flatten() {
            assert!(v.is_finite(), "salary value {v} from {text:?}");
        }
        if let (Some(min), Some(max)) = (s.min, s.max) {
            assert!(min <= max, "salary min {min} > max {max} from {text:?}");
        }
    }
}

/// The heuristic readers of free text.
pub fn free_text(data: &[u8]) {
    use filtr::profile::experience;
    let Ok(text) = std::str::from_utf8(data) else { return };

    check_salary(&filtr::text::salary::parse(text), text);
    check_salary(&filtr::text::salary::find(text), text);

    let today = experience::Month::new(2026, 11).unwrap();
    let roles = experience::roles(text, today);
    let lines = text.lines().count();
    for r in &roles {
        assert!(r.line >= 1 && r.line <= lines, "role on line {} of {lines}", r.line);
    }
    if let Some(y) = experience::years_of_experience(&roles) {
        assert!(y.is_finite() && y >= 0.0, "years of experience {y}");
    }
    if let Some(y) = experience::years_required(text) {
        assert!(y.min.is_finite() && y.min >= 0.0, "years required min {}", y.min);
        if let Some(max) = y.max {
            assert!(max.is_finite() && y.min <= max, "years required {} > max {max}", y.min);
        }
    }
    let _ = experience::seniority_from_title(text);
    let today = (2026, 11, 26);
    if let Ok((y, m, d)) = filtr::text::since::parse_since(text, today) {
        assert!((1..=12).contains(&m) && (1..=31).contains(&d), "since {y}-{m}-{d}");
        assert!((y, m, d) <= today, "since {y}-{m}-{d} is after today");
    }

    let _ = filtr::text::html::to_text(text);
    let _ = filtr::text::html::markdown_to_text(text);

    let hits = filtr::profile::skills::Taxonomy::bundled().find(text);
    let mut last = 0;
    for h in &hits {
        assert!(
            h.start < h.end && h.end <= text.len(),
            "hit {h:?} in {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(h.start) && text.is_char_boundary(h.end),
            "hit {h:?} splits a char"
        );
        assert!(h.start >= last, "hits out of order");
        last = h.start;
    }
}
