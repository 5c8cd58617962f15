//! Small writers for real PDF and DOCX files.
//!
//! They produce the example resumes in `data/resumes/` and the fixtures of the
//! tests, so extraction is always tested on genuine documents, not on strings.

use std::io::Write;

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};

const PAGE_W: i64 = 612;
const PAGE_H: i64 = 792;
const MARGIN: i64 = 54;
const LINE: i64 = 13;
const WRAP: usize = 95;

/// A text PDF (Helvetica, WinAnsi) with one line per input line, wrapped and paginated.
pub fn pdf(text: &str) -> Vec<u8> {
    let lines: Vec<String> = text.lines().flat_map(|l| wrap(l, WRAP)).collect();
    let per_page = ((PAGE_H - 2 * MARGIN) / LINE) as usize;
    let pages: Vec<Vec<Operation>> = lines
        .chunks(per_page.max(1))
        .map(|chunk| {
            let mut ops = vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 10.into()]),
                Operation::new("Td", vec![MARGIN.into(), (PAGE_H - MARGIN).into()]),
            ];
            for (i, line) in chunk.iter().enumerate() {
                if i > 0 {
                    ops.push(Operation::new("Td", vec![0.into(), (-LINE).into()]));
                }
                ops.push(Operation::new("Tj", vec![Object::string_literal(win_ansi(line))]));
            }
            ops.push(Operation::new("ET", vec![]));
            ops
        })
        .collect();
    build_pdf(pages, None)
}

/// A PDF whose only page is a drawn shape: what a scanned resume looks like to a text extractor.
pub fn pdf_without_text() -> Vec<u8> {
    let ops = vec![
        Operation::new("re", vec![72.into(), 600.into(), 300.into(), 120.into()]),
        Operation::new("f", vec![]),
    ];
    build_pdf(vec![ops], None)
}

/// A text PDF locked with the standard security handler and a user password filtr does not know.
pub fn pdf_encrypted(text: &str) -> Vec<u8> {
    let ops = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 10.into()]),
        Operation::new("Td", vec![MARGIN.into(), 700.into()]),
        Operation::new("Tj", vec![Object::string_literal(win_ansi(text))]),
        Operation::new("ET", vec![]),
    ];
    let key_material: Vec<u8> = (0..32u8).map(|i| i.wrapping_mul(37).wrapping_add(11)).collect();
    let encrypt = dictionary! {
        "Filter" => "Standard",
        "V" => 1,
        "R" => 2,
        "O" => Object::String(key_material.clone(), lopdf::StringFormat::Hexadecimal),
        "U" => Object::String(key_material.iter().rev().copied().collect(), lopdf::StringFormat::Hexadecimal),
        "P" => -44,
    };
    build_pdf(vec![ops], Some(encrypt))
}

fn build_pdf(pages: Vec<Vec<Operation>>, encrypt: Option<lopdf::Dictionary>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut kids = Vec::new();
    for operations in pages {
        let content = Content { operations }.encode().expect("content encodes");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        });
        kids.push(Object::from(page_id));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), PAGE_W.into(), PAGE_H.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    if let Some(encrypt) = encrypt {
        let encrypt_id = doc.add_object(encrypt);
        doc.trailer.set("Encrypt", encrypt_id);
        let id = Object::String(b"filtr-fixture-id".to_vec(), lopdf::StringFormat::Hexadecimal);
        doc.trailer.set("ID", vec![id.clone(), id]);
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("PDF writes to memory");
    out
}

fn wrap(line: &str, width: usize) -> Vec<String> {
    if line.chars().count() <= width {
        return vec![line.to_string()];
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    for word in line.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    out.push(cur);
    out
}

/// Text to the bytes of WinAnsiEncoding (Windows-1252); unmappable characters become `?`.
fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '‚' => 0x82,
            '…' => 0x85,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            _ => b'?',
        })
        .collect()
}

/// A minimal but complete DOCX: one Word paragraph per input line; lines that
/// look like section headings (short, no sentence punctuation, all caps or
/// ending in `:`) are bold.
pub fn docx(text: &str) -> Vec<u8> {
    let mut body = String::new();
    for line in text.lines() {
        let escaped = xml_escape(line);
        let heading =
            !line.is_empty() && line.len() < 40 && (line.ends_with(':') || line.chars().all(|c| !c.is_lowercase()));
        let props = if heading { "<w:rPr><w:b/></w:rPr>" } else { "" };
        if line.is_empty() {
            body.push_str("<w:p/>");
        } else {
            body.push_str(&format!(
                "<w:p><w:r>{props}<w:t xml:space=\"preserve\">{escaped}</w:t></w:r></w:p>"
            ));
        }
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let files: [(&str, &str); 3] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
        ("word/document.xml", &document),
    ];
    zip_files(&files)
}

/// A zip archive of the given (name, content) pairs, deflated.
pub fn zip_files(files: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // A fixed timestamp keeps generated files byte-identical across runs.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, content) in files {
        zip.start_file(*name, options).expect("zip entry starts");
        zip.write_all(content.as_bytes()).expect("zip entry writes");
    }
    zip.finish().expect("zip finishes").into_inner()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use crate::resume::{extract, ResumeError, ResumeFormat};

    #[test]
    fn generated_pdf_round_trips_through_extraction() {
        let text = "Jane Doe\nRegistered Nurse – ICU\nSkills: BLS, ACLS, Epic";
        let r = extract("cv.pdf", &super::pdf(text)).unwrap();
        assert_eq!(r.format, ResumeFormat::Pdf);
        for word in ["Jane Doe", "Registered Nurse", "ICU", "ACLS", "Epic"] {
            assert!(r.text.contains(word), "{word:?} missing from {:?}", r.text);
        }
    }

    #[test]
    fn generated_docx_round_trips_through_extraction() {
        let r = extract(
            "cv.docx",
            &super::docx("SKILLS\nGAAP & month-end close\n\nCPA <active>"),
        )
        .unwrap();
        assert_eq!(r.format, ResumeFormat::Docx);
        assert_eq!(r.text, "SKILLS\nGAAP & month-end close\n\nCPA <active>");
    }

    #[test]
    fn pdf_without_text_layer_is_reported_as_such() {
        let err = extract("scan.pdf", &super::pdf_without_text()).unwrap_err();
        assert!(matches!(err, ResumeError::NoText(_)), "{err}");
        assert!(err.to_string().contains("OCR is not supported"));
    }

    #[test]
    fn encrypted_pdf_is_reported_as_such() {
        let err = extract("locked.pdf", &super::pdf_encrypted("secret resume")).unwrap_err();
        assert!(matches!(err, ResumeError::Encrypted(_)), "{err}");
    }

    #[test]
    fn truncated_pdf_is_an_error_or_recovered_never_a_panic() {
        let full = super::pdf(&"Experienced welder and pipefitter.\n".repeat(80));
        for cut in [10, full.len() / 3, full.len() / 2, full.len() - 20] {
            match extract("cut.pdf", &full[..cut]) {
                Ok(r) => assert!(r.text.contains("welder"), "recovered text is wrong: {:?}", r.text),
                Err(e) => assert!(
                    matches!(e, ResumeError::BadPdf(..) | ResumeError::NoText(_)),
                    "cut at {cut}: {e}"
                ),
            }
        }
    }

    #[test]
    fn pdf_cut_before_its_xref_table_is_recovered() {
        let text = "Staff accountant\nGAAP, month-end close, NetSuite\n".repeat(30);
        let full = super::pdf(&text);
        // Without its cross-reference table and trailer…
        let xref = full.windows(4).rposition(|w| w == b"xref").unwrap();
        for cut in [full.len() - 30, xref + 2] {
            let r = extract("cut.pdf", &full[..cut]).unwrap_or_else(|e| panic!("cut at {cut}: {e}"));
            assert!(r.text.contains("month-end close"), "{}", r.text);
        }
    }

    #[test]
    fn docx_without_document_xml_is_an_error() {
        let bytes = super::zip_files(&[("hello.txt", "hi")]);
        let err = extract("x.docx", &bytes).unwrap_err();
        assert!(err.to_string().contains("word/document.xml"), "{err}");
        let err = extract("y.docx", b"PK\x03\x04garbage that is not a zip").unwrap_err();
        assert!(matches!(err, ResumeError::BadDocx(..)), "{err}");
    }
}
