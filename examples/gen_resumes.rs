//! Renders the example resumes in `data/resumes/` from the texts in
//! `data/resumes/sources/`: some as PDF, some as DOCX, the rest copied as
//! text or Markdown, so every supported format has a real example.
//!
//! Run: `cargo run --release --example gen_resumes`

use std::path::Path;

const PDF: &[&str] = &["ml_trust_safety", "backend_engineer", "accountant"];
const DOCX: &[&str] = &["registered_nurse", "teacher"];

fn main() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/resumes");
    let mut sources: Vec<_> = std::fs::read_dir(root.join("sources"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")))
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    sources.sort();
    for src in sources {
        let stem = src
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_string();
        let text = std::fs::read_to_string(&src)?;
        let (name, bytes) = if PDF.contains(&stem.as_str()) {
            (format!("{stem}.pdf"), filtr::testkit::pdf(&text))
        } else if DOCX.contains(&stem.as_str()) {
            (format!("{stem}.docx"), filtr::testkit::docx(&text))
        } else {
            (
                src.file_name().unwrap().to_string_lossy().into_owned(),
                text.into_bytes(),
            )
        };
        std::fs::write(root.join(&name), bytes)?;
        println!("wrote data/resumes/{name}");
    }
    Ok(())
}
