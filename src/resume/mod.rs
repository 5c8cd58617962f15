//! Resume text extraction: PDF, DOCX, plain text and Markdown, detected from content.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::text::limit::{self, Budget, Cut};

mod json_resume;

/// Resumes above this size are refused: no one-page resume comes near it,
/// and it bounds the memory and time a hostile file can cost.
pub const MAX_RESUME_BYTES: u64 = 20 * 1024 * 1024;
/// A DOCX whose `word/document.xml` inflates beyond this is treated as a zip bomb.
const MAX_DOCX_XML_BYTES: u64 = 64 * 1024 * 1024;
/// All entries of a DOCX together, as declared by its central directory.
const MAX_DOCX_TOTAL_BYTES: u64 = 512 * 1024 * 1024;
/// Entries in a DOCX archive; Word writes a few dozen.
const MAX_DOCX_ENTRIES: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResumeFormat {
    Pdf,
    Docx,
    Text,
    Markdown,
    JsonResume,
}

impl ResumeFormat {
    pub fn name(self) -> &'static str {
        match self {
            ResumeFormat::Pdf => "PDF",
            ResumeFormat::Docx => "DOCX",
            ResumeFormat::Text => "text",
            ResumeFormat::Markdown => "Markdown",
            ResumeFormat::JsonResume => "JSON Resume",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Resume {
    /// The path as the user gave it, or `-` for stdin.
    pub source: String,
    pub format: ResumeFormat,
    /// At most [`limit::RESUME_WORDS`] words of it.
    pub text: String,
    /// What was left unread of a resume too long to be real.
    pub cut: Option<Cut>,
}

#[derive(Debug, thiserror::Error)]
pub enum ResumeError {
    #[error("{0}: cannot read file")]
    Io(String, #[source] std::io::Error),
    #[error("{0}: file is empty")]
    Empty(String),
    #[error("{0}: file is {1} bytes; resumes over {2} bytes are refused (--max-resume-size)")]
    TooLarge(String, u64, u64),
    #[error("{0}: PDF text extraction took longer than {1} s and was stopped (--pdf-timeout)")]
    Timeout(String, u64),
    #[error("{0}: PDF is encrypted (password-protected); save an unprotected copy")]
    Encrypted(String),
    #[error("{0}: no extractable text (scanned image? OCR is not supported)")]
    NoText(String),
    #[error("{0}: damaged PDF: {1}")]
    BadPdf(String, String),
    #[error("{0}: not a valid DOCX: {1}")]
    BadDocx(String, String),
    #[error("{0}: unsupported file type ({1}); filtr reads PDF, DOCX, plain text, Markdown and JSON Resume")]
    Unsupported(String, String),
}

/// What one resume may cost.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_bytes: u64,
    /// Extract PDFs in a child process (this executable, run as `__pdf-worker`)
    /// that is killed after the budget: a PDF that makes the extractor loop,
    /// overflow its stack or exhaust memory costs that one resume, not the run.
    pub pdf_worker: Option<(PathBuf, Duration)>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: MAX_RESUME_BYTES,
            pdf_worker: None,
        }
    }
}

static LIMITS: OnceLock<Limits> = OnceLock::new();

/// Sets the limits for this process (the CLI does, once, before reading resumes).
pub fn set_limits(limits: Limits) {
    let _ = LIMITS.set(limits);
}

fn limits() -> &'static Limits {
    LIMITS.get_or_init(Limits::default)
}

/// Reads and extracts one resume. `-` reads stdin.
pub fn load(path: &str) -> Result<Resume, ResumeError> {
    let max = limits().max_bytes;
    let bytes = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(max + 1)
            .read_to_end(&mut buf)
            .map_err(|e| ResumeError::Io(path.into(), e))?;
        buf
    } else {
        let meta = std::fs::metadata(path).map_err(|e| ResumeError::Io(path.into(), e))?;
        if meta.len() > max {
            return Err(ResumeError::TooLarge(path.into(), meta.len(), max));
        }
        std::fs::read(path).map_err(|e| ResumeError::Io(path.into(), e))?
    };
    if bytes.len() as u64 > max {
        return Err(ResumeError::TooLarge(path.into(), bytes.len() as u64, max));
    }
    extract(path, &bytes)
}

/// The worker's answer, one JSON object on stdout.
#[derive(serde::Serialize, serde::Deserialize)]
enum WorkerAnswer {
    Text(String),
    Encrypted,
    NoText,
    Bad(String),
}

/// `filtr __pdf-worker`: PDF bytes on stdin, a [`WorkerAnswer`] on stdout.
pub fn pdf_worker_main() -> std::io::Result<()> {
    let mut bytes = Vec::new();
    std::io::stdin().take(limits().max_bytes + 1).read_to_end(&mut bytes)?;
    let answer = match pdf_text("-", &bytes) {
        Ok(t) => WorkerAnswer::Text(t),
        Err(ResumeError::Encrypted(_)) => WorkerAnswer::Encrypted,
        Err(ResumeError::NoText(_)) => WorkerAnswer::NoText,
        Err(ResumeError::BadPdf(_, d)) => WorkerAnswer::Bad(d),
        Err(e) => WorkerAnswer::Bad(e.to_string()),
    };
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, &answer).map_err(std::io::Error::from)?;
    out.flush()
}

fn pdf_text_isolated(name: &str, bytes: &[u8], exe: &Path, budget: Duration) -> Result<String, ResumeError> {
    use std::process::{Command, Stdio};
    let io = |e: std::io::Error| ResumeError::BadPdf(name.into(), format!("cannot run the PDF worker: {e}"));
    let mut child = Command::new(exe)
        .arg("__pdf-worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(io)?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let data = bytes.to_vec();
    // Writer and reader run beside the wait, so a full pipe never deadlocks.
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let mut stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).map(|_| out)
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(io)? {
            break status;
        }
        if start.elapsed() > budget {
            let _ = child.kill();
            let _ = child.wait();
            return Err(ResumeError::Timeout(name.into(), budget.as_secs().max(1)));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = writer.join();
    let out = reader.join().ok().and_then(Result::ok).unwrap_or_default();
    if !status.success() {
        return Err(ResumeError::BadPdf(
            name.into(),
            "the PDF text extractor crashed on this file".into(),
        ));
    }
    match serde_json::from_slice(&out) {
        Ok(WorkerAnswer::Text(t)) => Ok(t),
        Ok(WorkerAnswer::Encrypted) => Err(ResumeError::Encrypted(name.into())),
        Ok(WorkerAnswer::NoText) => Err(ResumeError::NoText(name.into())),
        Ok(WorkerAnswer::Bad(d)) => Err(ResumeError::BadPdf(name.into(), d)),
        Err(_) => Err(ResumeError::BadPdf(name.into(), "the PDF worker gave no answer".into())),
    }
}

/// Whether a directory entry is worth trying as a resume.
/// The person's name, when one of the resume's first lines is a name: two to
/// four capitalised words of letters ("Jane Q. Doe", "María José
/// García-López", `Luis "Lucho" Ferreira`), optionally followed by
/// credentials after a comma ("Angela Whitfield, RN, BSN"); no digits, no
/// "@", not a heading like "Curriculum Vitae".
pub fn person_name(text: &str) -> Option<String> {
    const NOT_NAMES: &[&str] = &[
        "resume",
        "résumé",
        "curriculum",
        "vitae",
        "cv",
        "profile",
        "summary",
        "objective",
        "contact",
        "experience",
        "education",
        "skills",
        "references",
        "page",
        "senior",
        "junior",
        "lead",
        "principal",
        "staff",
        "engineer",
        "developer",
        "manager",
        "analyst",
        "nurse",
        "teacher",
        "director",
        "specialist",
        "consultant",
        "assistant",
        "designer",
        "scientist",
        "officer",
        "technician",
        "accountant",
        "administrator",
        "cook",
        "chef",
        "electrician",
    ];
    let word = |w: &str| {
        let w = w.trim_matches(|c| matches!(c, '"' | '“' | '”'));
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|ch| ch.is_alphabetic() || matches!(ch, '.' | '-' | '\'' | '’'))
            && !NOT_NAMES.contains(&w.to_lowercase().trim_end_matches(['.', ':']))
    };
    let credential = |c: &str| {
        let c = c.trim();
        (2..=8).contains(&c.len()) && c.chars().all(|ch| ch.is_ascii_uppercase() || ch == '.' || ch == '-')
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(3)
        .find_map(|line| {
            let line = line.trim_start_matches('#').trim();
            let mut parts = line.split(',');
            let name = parts.next()?.trim();
            let words: Vec<&str> = name.split_whitespace().collect();
            let name_like = (2..=4).contains(&words.len())
                && name.chars().count() <= 48
                && words.iter().all(|w| word(w))
                && parts.all(credential);
            name_like.then(|| name.to_string())
        })
}

pub fn has_resume_extension(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("pdf" | "docx" | "txt" | "text" | "md" | "markdown" | "json")
    )
}

/// Extracts text from the bytes of a resume; `name` is used in errors.
pub fn extract(name: &str, bytes: &[u8]) -> Result<Resume, ResumeError> {
    let name = name.to_string();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ResumeError::Empty(name));
    }
    // A file named for a format it does not have is damaged, not some other kind of resume.
    let ext = Path::new(&name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let known = binary_kind(bytes).filter(|k| !k.starts_with("binary"));
    match ext.as_deref() {
        Some("pdf" | "docx") if known.is_some() && !is_pdf(bytes) && !bytes.starts_with(b"PK\x03\x04") => {
            return Err(ResumeError::Unsupported(name, known.unwrap_or_default().into()))
        }
        Some("pdf") if !is_pdf(bytes) => {
            return Err(ResumeError::BadPdf(
                name,
                "no %PDF- header: this is not a PDF file".into(),
            ))
        }
        Some("docx") if !bytes.starts_with(b"PK\x03\x04") => {
            return Err(ResumeError::BadDocx(
                name,
                "not a zip archive (a DOCX file is one)".into(),
            ))
        }
        _ => {}
    }
    let (format, text) = if is_pdf(bytes) {
        let text = match &limits().pdf_worker {
            Some((exe, budget)) => pdf_text_isolated(&name, bytes, exe, *budget)?,
            None => pdf_text(&name, bytes)?,
        };
        (ResumeFormat::Pdf, text)
    } else if bytes.starts_with(b"PK\x03\x04") {
        (ResumeFormat::Docx, docx_text(&name, bytes)?)
    } else if let Some(kind) = binary_kind(bytes) {
        return Err(ResumeError::Unsupported(name, kind.into()));
    } else {
        let text = decode_text(&name, bytes)?;
        let json = text.trim_start().starts_with('{') || name.ends_with(".json");
        let md = name.ends_with(".md") || name.ends_with(".markdown") || looks_like_markdown(&text);
        if json {
            (ResumeFormat::JsonResume, json_resume_text(&name, &text)?)
        } else if md {
            (ResumeFormat::Markdown, markdown_to_text(&text))
        } else {
            (ResumeFormat::Text, text)
        }
    };
    let text = normalise(&text);
    if text.trim().is_empty() {
        return Err(match format {
            ResumeFormat::Pdf => ResumeError::NoText(name),
            ResumeFormat::Docx => ResumeError::BadDocx(name, "the document has no text".into()),
            _ => ResumeError::Empty(name),
        });
    }
    let mut text = text;
    let mut budget = Budget::new(limit::RESUME_WORDS);
    budget.take(&mut text);
    Ok(Resume {
        source: name,
        format,
        text,
        cut: budget.cut(),
    })
}

fn json_resume_text(name: &str, text: &str) -> Result<String, ResumeError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        ResumeError::Unsupported(
            name.into(),
            format!(
                "JSON that does not parse: line {}, column {}: {e}",
                e.line(),
                e.column()
            ),
        )
    })?;
    if !json_resume::looks_like(&value) {
        return Err(ResumeError::Unsupported(
            name.into(),
            "JSON without `basics` or `work`, so not a JSON Resume".into(),
        ));
    }
    json_resume::to_text(&value).ok_or_else(|| ResumeError::Empty(name.into()))
}

/// PDF allows up to 1 KiB of junk before the header.
fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-")
}

fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    let known: &[(&[u8], &str)] = &[
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "legacy Word .doc or an encrypted Office file",
        ),
        (b"\x89PNG", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"{\\rtf", "RTF document"),
        (b"\x1F\x8B", "gzip archive"),
        (b"\x7FELF", "executable"),
    ];
    if let Some((_, kind)) = known.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(kind);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return None; // UTF-16 text
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)))
        .count();
    (control * 20 > head.len()).then_some("binary data")
}

fn decode_text(name: &str, bytes: &[u8]) -> Result<String, ResumeError> {
    let utf16 = |be: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if be {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| ResumeError::Unsupported(name.into(), "invalid UTF-16 text".into()))
    };
    if bytes.starts_with(b"\xFF\xFE") {
        return utf16(false);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return utf16(true);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let offset = e.valid_up_to();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(ResumeError::Unsupported(
                name.into(),
                format!("text is not valid UTF-8 at line {line}, byte offset {offset}"),
            ))
        }
    }
}

fn looks_like_markdown(text: &str) -> bool {
    text.lines()
        .take(40)
        .any(|l| l.starts_with("# ") || l.starts_with("## "))
}

/// Markdown markup carries no meaning for matching; keep the words and line structure.
fn markdown_to_text(md: &str) -> String {
    md.lines()
        .map(|line| {
            let t = line.trim_start();
            let t = t.trim_start_matches('#').trim_start();
            let t = t
                .strip_prefix("- ")
                .or_else(|| t.strip_prefix("* "))
                .or_else(|| t.strip_prefix("+ "))
                .unwrap_or(t);
            t.replace("**", "").replace("__", "").replace('`', "")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Collapses runs of spaces, trims lines and keeps at most one blank line in a row,
/// so paragraph breaks survive for windowing.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line: String = line
            .chars()
            .map(|c| if c.is_whitespace() || c.is_control() { ' ' } else { c })
            .collect::<String>()
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(&line);
    }
    out
}

thread_local! {
    static QUIET_PANICS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic into `None` without printing the panic message:
/// pdf-extract panics on some malformed PDFs, and that must be an error for
/// one file, not noise on the terminal or a crash of a batch.
fn contained<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET_PANICS.with(|q| q.get()) {
                default(info)
            }
        }));
    });
    QUIET_PANICS.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
    QUIET_PANICS.with(|q| q.set(false));
    result
}

fn pdf_text(name: &str, bytes: &[u8]) -> Result<String, ResumeError> {
    let doc = contained(|| lopdf::Document::load_mem(bytes));
    if let Some(Ok(doc)) = &doc {
        if doc.is_encrypted() {
            // Owner-password-only files open with an empty user password.
            let mut probe = doc.clone();
            if contained(|| probe.decrypt("")).is_none_or(|r| r.is_err()) {
                return Err(ResumeError::Encrypted(name.into()));
            }
        }
    }
    let primary = contained(|| pdf_extract::extract_text_from_mem(bytes));
    let primary_problem = match primary {
        Some(Ok(text)) if !text.trim().is_empty() => return Ok(text),
        Some(Ok(_)) => None,
        Some(Err(e)) => Some(e.to_string()),
        None => Some("the PDF text extractor crashed on this file".to_string()),
    };
    // lopdf recovers text from some files pdf-extract rejects (truncated, odd fonts).
    match doc {
        Some(Ok(doc)) => {
            let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
            if pages.is_empty() {
                return Err(ResumeError::BadPdf(name.into(), "the document has no pages".into()));
            }
            let text = contained(|| doc.extract_text(&pages))
                .and_then(Result::ok)
                .unwrap_or_default();
            if !text.trim().is_empty() {
                return Ok(text);
            }
            match primary_problem {
                Some(p) => Err(ResumeError::BadPdf(name.into(), p)),
                None => Err(ResumeError::NoText(name.into())),
            }
        }
        other => {
            if let Some(text) = rebuild_xref(bytes).and_then(|fixed| recovered_text(&fixed)) {
                return Ok(text);
            }
            let detail = match other {
                Some(Err(e)) => e.to_string(),
                _ => primary_problem.unwrap_or_else(|| "cannot be parsed".into()),
            };
            let truncated = !bytes[bytes.len().saturating_sub(1024)..]
                .windows(5)
                .any(|w| w == b"%%EOF");
            let hint = if truncated {
                "file is truncated (no %%EOF marker); "
            } else {
                ""
            };
            Err(ResumeError::BadPdf(name.into(), format!("{hint}{detail}")))
        }
    }
}

/// Text of a PDF repaired by [`rebuild_xref`], if any survives.
fn recovered_text(fixed: &[u8]) -> Option<String> {
    if let Some(Ok(text)) = contained(|| pdf_extract::extract_text_from_mem(fixed)) {
        if !text.trim().is_empty() {
            return Some(text);
        }
    }
    let doc = contained(|| lopdf::Document::load_mem(fixed))?.ok()?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = contained(|| doc.extract_text(&pages))?.ok()?;
    (!text.trim().is_empty()).then_some(text)
}

/// Rebuilds the cross-reference table of a PDF whose end was cut off (the
/// table and trailer live there) from the `N G obj` headers still in the file,
/// dropping the object the cut went through. Neither pdf-extract nor lopdf
/// does this, and a truncated download is the commonest damaged PDF.
fn rebuild_xref(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::collections::BTreeMap;
    let mut objects: BTreeMap<u32, (u16, usize)> = BTreeMap::new();
    let mut complete_end = 0;
    let mut pos = 0;
    for line in bytes.split_inclusive(|&b| b == b'\n' || b == b'\r') {
        if let Some((num, gen)) = object_header(line) {
            objects.insert(num, (gen, pos));
        }
        pos += line.len();
        if line.windows(6).any(|w| w == b"endobj") {
            complete_end = pos;
        }
    }
    objects.retain(|_, (_, offset)| *offset < complete_end);
    let body = &bytes[..complete_end];
    let object_text = |offset: usize| {
        let rest = &body[offset..];
        let end = rest.windows(6).position(|w| w == b"endobj").unwrap_or(rest.len());
        &rest[..end]
    };
    let root = objects
        .iter()
        .find(|(_, (_, offset))| object_text(*offset).windows(8).any(|w| w == b"/Catalog"))
        .map(|(num, (gen, _))| (*num, *gen))?;
    let size = objects.keys().next_back()? + 1;
    let mut out = body.to_vec();
    out.push(b'\n');
    let xref_at = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for num in 1..size {
        let entry = match objects.get(&num) {
            Some((gen, offset)) => format!("{offset:010} {gen:05} n \n"),
            None => "0000000000 65535 f \n".to_string(),
        };
        out.extend_from_slice(entry.as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {size} /Root {} {} R >>\nstartxref\n{xref_at}\n%%EOF\n",
            root.0, root.1
        )
        .as_bytes(),
    );
    Some(out)
}

/// `12 0 obj` at the start of a line.
fn object_header(line: &[u8]) -> Option<(u32, u16)> {
    let text = std::str::from_utf8(&line[..line.len().min(32)]).ok()?;
    let mut parts = text.split_whitespace();
    let num = parts.next()?.parse().ok()?;
    let gen = parts.next()?.parse().ok()?;
    parts.next().filter(|p| p.starts_with("obj")).map(|_| (num, gen))
}

fn docx_text(name: &str, bytes: &[u8]) -> Result<String, ResumeError> {
    let bad = |msg: String| ResumeError::BadDocx(name.into(), msg);
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad(format!("broken zip archive: {e}")))?;
    // Judge the archive by its directory before inflating anything.
    if zip.len() > MAX_DOCX_ENTRIES {
        return Err(bad(format!(
            "{} entries in the archive (a Word file has dozens); refusing",
            zip.len()
        )));
    }
    let declared: u64 = (0..zip.len())
        .filter_map(|i| zip.by_index_raw(i).ok().map(|e| e.size()))
        .fold(0u64, u64::saturating_add);
    if declared > MAX_DOCX_TOTAL_BYTES {
        return Err(bad(format!(
            "the archive claims {declared} bytes uncompressed (zip bomb?); refusing"
        )));
    }
    let mut entry = match zip.by_name("word/document.xml") {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => {
            return Err(bad("a zip archive without word/document.xml".into()));
        }
        Err(e) => return Err(bad(format!("cannot open word/document.xml: {e}"))),
    };
    if entry.size() > MAX_DOCX_XML_BYTES {
        return Err(bad(format!(
            "word/document.xml claims {} bytes uncompressed (zip bomb?); refusing",
            entry.size()
        )));
    }
    let mut xml = Vec::new();
    (&mut entry)
        .take(MAX_DOCX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| bad(format!("cannot inflate word/document.xml: {e}")))?;
    if xml.len() as u64 > MAX_DOCX_XML_BYTES {
        return Err(bad(
            "word/document.xml inflates beyond the size limit (zip bomb?)".into()
        ));
    }
    document_xml_text(&xml).map_err(bad)
}

/// Paragraphs of `word/document.xml` in document order, one per line.
fn document_xml_text(xml: &[u8]) -> Result<String, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = String::new();
    let mut in_text = false;
    let mut depth = 0usize;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                depth += 1;
                in_text = e.local_name().as_ref() == b"t";
            }
            Ok(Event::End(e)) => {
                depth = depth.saturating_sub(1);
                match e.local_name().as_ref() {
                    b"t" => in_text = false,
                    b"p" => out.push('\n'),
                    _ => {}
                }
            }
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                b"tab" => out.push('\t'),
                b"br" | b"cr" => out.push('\n'),
                b"p" => out.push('\n'),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                let s = t
                    .unescape()
                    .map_err(|e| format!("bad XML text at byte {}: {e}", reader.buffer_position()))?;
                out.push_str(&s);
            }
            Ok(Event::Eof) if depth > 0 => {
                return Err(format!("word/document.xml is truncated ({depth} elements left open)"))
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                return Err(format!(
                    "bad XML in word/document.xml at byte {}: {e}",
                    reader.error_position()
                ))
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_read_from_the_first_lines_only_when_they_look_like_one() {
        let name = |t: &str| super::person_name(t);
        assert_eq!(
            name("Angela Whitfield, RN, BSN\nangela@example.com"),
            Some("Angela Whitfield".into())
        );
        assert_eq!(
            name("Luis \"Lucho\" Ferreira\n"),
            Some("Luis \"Lucho\" Ferreira".into())
        );
        assert_eq!(
            name("\n# María José García-López\n"),
            Some("María José García-López".into())
        );
        assert_eq!(name("Curriculum Vitae\nJohn Smith"), Some("John Smith".into()));
        assert_eq!(name("SUMMARY\nBuilt 12 pipelines in Go"), None);
        assert_eq!(name("Senior Data Engineer with 10 years"), None);
        assert_eq!(name("Senior Data Engineer\njane@example.com"), None);
        assert_eq!(name("john smith, phd and more words"), None);
    }

    use super::*;

    #[test]
    fn plain_text_and_markdown() {
        let r = extract("cv.txt", b"Jane Doe\n\n\nRegistered   Nurse\n").unwrap();
        assert_eq!(r.format, ResumeFormat::Text);
        assert_eq!(r.text, "Jane Doe\n\nRegistered Nurse");
        let r = extract("cv", b"# Jane\n## Skills\n- **SQL**\n* Python").unwrap();
        assert_eq!(r.format, ResumeFormat::Markdown);
        assert_eq!(r.text, "Jane\nSkills\nSQL\nPython");
    }

    #[test]
    fn empty_binary_and_bad_utf8_are_errors() {
        assert!(matches!(extract("a", b""), Err(ResumeError::Empty(_))));
        assert!(matches!(extract("a", b" \n\t"), Err(ResumeError::Empty(_))));
        assert!(matches!(
            extract("a.pdf", b"\x89PNG\r\n\x1a\n...."),
            Err(ResumeError::Unsupported(..))
        ));
        let err = extract("a.txt", b"line one\nbad \xff byte").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
        let noise: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        assert!(matches!(extract("r.pdf", &noise), Err(ResumeError::BadPdf(..))));
    }

    #[test]
    fn docx_paragraphs_in_order() {
        let xml = br#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Hello</w:t></w:r><w:r><w:t xml:space="preserve"> &amp; world</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>Second</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(document_xml_text(xml).unwrap(), "Hello & world\n\nSecond\n");
        let cut = document_xml_text(b"<w:document><w:body><w:p><w:r><w:t>Hel").unwrap_err();
        assert!(cut.contains("truncated"), "{cut}");
        let cut = document_xml_text(b"<w:document><w:body><w:p><w:r><w:t>Hel").unwrap_err();
        assert!(cut.contains("truncated"), "{cut}");
    }

    #[test]
    fn utf16_text_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Résumé".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(extract("r.txt", &bytes).unwrap().text, "Résumé");
    }
}
