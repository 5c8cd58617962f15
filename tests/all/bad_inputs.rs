//! The bad-input zoo: each malformed file gets a clear error naming the file
//! (and the position, where it has one) and the right exit code, never a
//! panic; the other resumes of a batch are still ranked.

use crate::common::filtr;
use predicates::prelude::*;

struct Zoo {
    dir: tempfile::TempDir,
}

impl Zoo {
    fn new() -> Zoo {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ok.txt"), "Registered nurse. BLS, ACLS, Epic charting.").unwrap();
        Zoo { dir }
    }
    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.display().to_string()
    }
    fn cmd(&self) -> assert_cmd::Command {
        let mut c = filtr(&self.dir.path().join("cache"));
        c.current_dir(self.dir.path());
        c
    }
    /// Matches `resume` next to a good one: exit 1, the error names the file, the good one is ranked.
    fn bad_resume(&self, name: &str, bytes: impl AsRef<[u8]>, expected: &str) {
        let path = self.file(name, bytes);
        let out = self
            .cmd()
            .args(["match", "--no-model", "-q", "-f", "json", "ok.txt"])
            .arg(&path)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(format!("filtr: error: {path}: ")).and(predicate::str::contains(expected)))
            .stderr(predicate::str::contains("panicked").not())
            .get_output()
            .stdout
            .clone();
        let lines = crate::common::json_lines(&out);
        assert_eq!(lines.len(), 1, "{name}: the good resume is still ranked");
        assert!(lines[0]["resume"].as_str().unwrap().ends_with("ok.txt"));
    }
    fn bad_corpus(&self, name: &str, bytes: impl AsRef<[u8]>, expected: &str) {
        let path = self.file(name, bytes);
        self.cmd()
            .args(["match", "--no-model", "ok.txt", "--corpus"])
            .arg(&path)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(name).and(predicate::str::contains(expected)))
            .stderr(predicate::str::contains("panicked").not());
    }
}

fn zip_bomb() -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("word/document.xml", opts).unwrap();
    let block = vec![b' '; 1 << 20];
    for _ in 0..80 {
        w.write_all(&block).unwrap();
    }
    w.finish().unwrap();
    buf.into_inner()
}

#[test]
fn bad_resumes() {
    let z = Zoo::new();
    let pdf = filtr::testkit::pdf("Jane Doe\nRegistered Nurse\nBLS, ACLS");
    z.bad_resume("encrypted.pdf", filtr::testkit::pdf_encrypted("secret"), "encrypted");
    z.bad_resume("scan.pdf", filtr::testkit::pdf_without_text(), "no extractable text");
    z.bad_resume("empty.pdf", b"", "empty");
    z.bad_resume(
        "random.pdf",
        (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect::<Vec<u8>>(),
        "not a PDF",
    );
    z.bad_resume("header-only.pdf", &pdf[..40], "damaged PDF");
    z.bad_resume(
        "notzip.docx",
        b"this is plain text, not a Word file",
        "not a zip archive",
    );
    z.bad_resume(
        "nodoc.docx",
        filtr::testkit::zip_files(&[("word/styles.xml", "<w:styles/>")]),
        "without word/document.xml",
    );
    z.bad_resume("bomb.docx", zip_bomb(), "zip bomb");
    z.bad_resume("latin1.txt", b"Jos\xe9 Garc\xeda\nNurse\n", "not valid UTF-8 at line 1");
    z.bad_resume("photo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG image");
    z.bad_resume(
        "deep.json",
        format!("{}{}", "{\"a\":".repeat(50_000), "1"),
        "JSON that does not parse",
    );
    z.bad_resume("cv.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", "legacy Word");
    z.bad_resume("missing.txt", b"", "empty");
    let path = z.file("huge.txt", vec![b'a'; 2048]);
    z.cmd()
        .args(["match", "--no-model", "--max-resume-size", "1k"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("2048 bytes").and(predicate::str::contains("--max-resume-size")));
}

#[test]
fn damaged_pdfs_are_recovered_when_their_text_survives() {
    let z = Zoo::new();
    let pdf = filtr::testkit::pdf("Jane Doe\nRegistered Nurse\nBLS, ACLS");
    // Broken xref: `startxref` points past the end of the file.
    let start = pdf.windows(9).rposition(|w| w == b"startxref").unwrap() + 9;
    let mut broken = pdf[..start].to_vec();
    broken.extend_from_slice(b"\n99999999\n%%EOF\n");
    // Truncated: the trailer and xref are gone.
    let truncated = pdf[..pdf.len() * 3 / 4].to_vec();
    for (name, bytes) in [("xref.pdf", broken), ("cut.pdf", truncated)] {
        let path = z.file(name, bytes);
        z.cmd()
            .args(["match", "--no-model", "-q", "-f", "json"])
            .arg(&path)
            .assert()
            .success()
            .stdout(predicate::str::contains("\"matches\""));
    }
}

#[test]
fn a_10_mb_single_line_resume_is_ranked() {
    let z = Zoo::new();
    let line = "registered nurse with icu experience ".repeat(10 * 1024 * 1024 / 37);
    let path = z.file("long.txt", line);
    z.cmd()
        .args(["match", "--no-model", "-q", "-n", "1", "-f", "json"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"rank\":1"));
}

#[test]
fn bad_corpora() {
    let z = Zoo::new();
    z.bad_corpus(
        "trailing.json",
        "[\n  {\"title\": \"Nurse\"},\n]\n",
        "trailing.json:3:1",
    );
    z.bad_corpus(
        "allbad.json",
        r#"[{"title": 5}, {"title": "Cook", "salary": {"min": "lots"}}]"#,
        "no valid postings: all 2 were skipped",
    );
    z.bad_corpus(
        "latin1.csv",
        b"title,company\nCaf\xe9 cook,Harbor\n",
        "latin1.csv:2:4: invalid UTF-8",
    );
    z.bad_corpus("empty.json", "", "has no postings");
    // Deep nesting is refused by the parser's depth limit, not by a stack overflow.
    z.bad_corpus(
        "deep.json",
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        "deep.json:1:",
    );
    z.bad_corpus(
        "notes.txt",
        "nothing to see\nhere\n",
        "not a corpus in any format filtr reads",
    );
    // A string where a number belongs skips that posting, with its place and field.
    let path = z.file(
        "mixed.json",
        r#"[{"title": "Nurse"}, {"title": "Cook", "salary": {"min": "lots"}}]"#,
    );
    z.cmd()
        .args(["match", "--no-model", "ok.txt", "--corpus"])
        .arg(&path)
        .assert()
        .success()
        .stderr(predicate::str::contains("posting 1").and(predicate::str::contains("`salary.min` must be a number")));
    // A 10 MB line inside a JSON Lines corpus is one (long) posting, not a failure.
    let big = format!(
        "{{\"title\": \"Nurse\"}}\n{{\"title\": \"Writer\", \"description\": \"{}\"}}\n",
        "word ".repeat(2 * 1024 * 1024)
    );
    let path = z.file("big.jsonl", big);
    z.cmd()
        .args(["match", "--no-model", "-q", "ok.txt", "--corpus"])
        .arg(&path)
        .assert()
        .success();
}

/// PDFs (found by fuzzing, listed in `HANGS.txt`) that make pdf-extract loop
/// forever: each worker process is stopped at the budget, each error names
/// its file, and the rest of the batch still runs.
#[test]
fn pdfs_that_hang_the_extractor_are_stopped_at_the_budget() {
    let z = Zoo::new();
    let dir = crate::common::repo().join("fuzz/regressions/resume_pdf");
    let hangs: Vec<String> = std::fs::read_to_string(dir.join("HANGS.txt"))
        .unwrap()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    assert!(hangs.len() >= 5, "{hangs:?}");
    let started = std::time::Instant::now();
    let out = z
        .cmd()
        .args([
            "match",
            "--no-model",
            "-q",
            "-f",
            "json",
            "--pdf-timeout",
            "2",
            "ok.txt",
        ])
        .args(hangs.iter().map(|h| dir.join(h)))
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for h in &hangs {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(h.as_str()) && l.contains("longer than 2 s")),
            "{h}: {stderr}"
        );
    }
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok.txt"));
    assert!(started.elapsed() < std::time::Duration::from_secs(110));
}
