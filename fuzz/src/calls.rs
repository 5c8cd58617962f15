//! What each fuzz target does with one input, shared by the libFuzzer targets
//! (`fuzz/fuzz_targets/*.rs`) and the stable smoke test (`tests/fuzz_smoke.rs`),
//! both of which include this file with `#[path = ...] mod calls;`.
//!
//! Each function is a thin call into filtr's public API. An `Err` is a normal
//! answer to garbage and is ignored; a panic (including a failed invariant
//! `assert!` below) is a finding.
#![allow(dead_code)]

use filtr::postings::{Corpus, CorpusError, CorpusFormat};

/// The targets by name, for the smoke test.
/// A target's name and the calls it makes on one input.
pub type Target = (&'static str, fn(&[u8]));

pub const TARGETS: &[Target] = &[
    ("corpus", corpus),
    ("corpus_stream", corpus_stream),
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

/// The streaming reader against the whole-file one: the same bytes from a
/// file give the same corpus, or the same error, either way.
pub fn corpus_stream(data: &[u8]) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "filtr-fuzz-stream-{}-{}.jsonl",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, data).expect("writing the input to a temp file");
    let name = path.display().to_string();
    for format in [
        None,
        Some(CorpusFormat::Native),
        Some(CorpusFormat::Csv),
        Some(CorpusFormat::Jobspy),
    ] {
        let streamed = Corpus::load(&path, format, false);
        let whole = Corpus::from_bytes(&name, data, format, false);
        match (streamed, whole) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.format, b.format, "{format:?}: formats differ");
                assert_eq!(a.postings, b.postings, "{format:?}: postings differ");
                assert_eq!(a.total, b.total, "{format:?}: totals differ");
                let text = |c: &Corpus| c.skipped.iter().map(|s| s.to_string()).collect::<Vec<_>>();
                assert_eq!(text(&a), text(&b), "{format:?}: skipped postings differ");
            }
            // A file with several problems: the stream stops at the first in reading
            // order (a header it cannot use, a bad line), the whole-file reader checks
            // UTF-8 everywhere first.
            (
                Err(a),
                Err(CorpusError::Syntax {
                    line: l2,
                    column: c2,
                    message,
                    ..
                }),
            ) if message.starts_with("invalid UTF-8") => match a {
                CorpusError::Syntax { line, column, .. } => {
                    assert!(
                        (line, column) <= (l2, c2),
                        "{format:?}: the stream reported a later problem"
                    )
                }
                CorpusError::UnknownFormat { .. } | CorpusError::Shape { .. } => {}
                other => panic!("{format:?}: streamed {other}, whole file: invalid UTF-8 at {l2}:{c2}"),
            },
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{format:?}: errors differ"),
            (a, b) => panic!(
                "{format:?}: streamed {:?}, whole file {:?}",
                a.map(|c| c.total),
                b.map(|c| c.total)
            ),
        }
    }
    let _ = std::fs::remove_file(&path);
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
