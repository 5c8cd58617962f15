//! Writes the generated seeds of the `resume_pdf` and `resume_docx` targets
//! with filtr's own document writers (`filtr::testkit`), so the seeds are real
//! files the extractors accept.
//!
//! Usage (from `fuzz/`, after `cargo +nightly fuzz build -O`):
//!     target/x86_64-unknown-linux-gnu/release/make_seeds [SEEDS_DIR]
//! SEEDS_DIR defaults to `seeds` next to this crate's Cargo.toml.

use std::path::PathBuf;

const SHORT: &str = "Jane Doe\njane@example.com\n\nEXPERIENCE\nSenior Accountant, Acme Corp  Jan 2019 - Present\n\
- Month-end close, GAAP, Excel, SAP\n\nEDUCATION\nB.S. Accounting, State University, 2014 - 2018\n";

fn main() -> std::io::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let seeds = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("seeds"));
    let source = |name: &str| {
        std::fs::read_to_string(root.join("../data/resumes/sources").join(name)).expect("a resume source text")
    };
    let backend = source("backend_engineer.txt");
    let nurse = source("registered_nurse.txt");
    // Non-ASCII text exercises the WinAnsi encoding and the fonts' widths.
    let accents = "Zoë Müller — Café Manager\nBudget: €50k–€60k • Team of 12\nSpañol, Français, Ærø\n";
    // Long enough to wrap and span two pages.
    let long: String = (0..80).map(|i| format!("Line {i}: Python, SQL, Kubernetes, 2015 - 2020\n")).collect();

    let pdf_dir = seeds.join("resume_pdf");
    std::fs::create_dir_all(&pdf_dir)?;
    let pdfs: [(&str, Vec<u8>); 6] = [
        ("short.pdf", filtr::testkit::pdf(SHORT)),
        ("backend_engineer.pdf", filtr::testkit::pdf(&backend)),
        ("accents.pdf", filtr::testkit::pdf(accents)),
        ("two_pages.pdf", filtr::testkit::pdf(&long)),
        ("encrypted.pdf", filtr::testkit::pdf_encrypted(SHORT)),
        ("without_text.pdf", filtr::testkit::pdf_without_text()),
    ];
    for (name, bytes) in pdfs {
        std::fs::write(pdf_dir.join(name), bytes)?;
    }

    let docx_dir = seeds.join("resume_docx");
    std::fs::create_dir_all(&docx_dir)?;
    let docxs: [(&str, Vec<u8>); 4] = [
        ("short.docx", filtr::testkit::docx(SHORT)),
        ("registered_nurse.docx", filtr::testkit::docx(&nurse)),
        ("accents.docx", filtr::testkit::docx(accents)),
        ("two_pages.docx", filtr::testkit::docx(&long)),
    ];
    for (name, bytes) in docxs {
        std::fs::write(docx_dir.join(name), bytes)?;
    }
    println!("wrote {} PDF and {} DOCX seeds under {}", 6, 4, seeds.display());
    Ok(())
}
