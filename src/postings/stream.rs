//! Reading a corpus file as a stream. JSON Lines in filtr's own schema and
//! CSV (JobSpy's too) are parsed record by record from a buffered reader:
//! each record becomes a bounded posting as soon as it is read, so memory
//! holds the postings, never the file or its JSON trees. A JSON array, a
//! single JSON document, an HTML page, and JSON Lines in JobSpy's or
//! schema.org's shape are read whole: they are small in practice, or their
//! shape is only known from all records (JobSpy JSON's columns).

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde_json::Value;

use super::{jobspy_header, not_a_corpus, syntax, table, validate, Corpus, CorpusError, CorpusFormat, Parsed, Record};

/// How much of the file is looked at to choose a reader.
const HEAD: usize = 1 << 20;

/// Reads `path`, streaming it when its format allows (see the module doc).
pub(super) fn load(path: &Path, forced: Option<CorpusFormat>, strict: bool) -> Result<Corpus, CorpusError> {
    let name = path.display().to_string();
    let io = |source| CorpusError::Io {
        path: path.to_owned(),
        source,
    };
    let mut input = BufReader::with_capacity(HEAD, std::fs::File::open(path).map_err(io)?);
    let head = input.fill_buf().map_err(io)?;
    let bom = head.starts_with(b"\xef\xbb\xbf");
    let head = &head[if bom { 3 } else { 0 }..];
    // The whole-file reader trims with `str::trim_start` (Unicode white space,
    // vertical tab included): the same rule chooses the reader here.
    let first = String::from_utf8_lossy(head).trim_start().bytes().next();
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let first_line = std::str::from_utf8(first_line).unwrap_or_default().to_string();
    let whole = |input: BufReader<std::fs::File>| -> Result<Corpus, CorpusError> {
        drop(input);
        let bytes = std::fs::read(path).map_err(io)?;
        Corpus::from_bytes(&name, &bytes, forced, strict)
    };
    let one_object = serde_json::from_str::<serde_json::Map<String, Value>>(first_line.trim()).is_ok();
    match (first, forced) {
        (Some(b'{'), None | Some(CorpusFormat::Native)) if one_object => {
            if bom {
                input.consume(3);
            }
            match json_lines(&name, &mut input, forced.is_some(), strict)? {
                Some(corpus) => Ok(corpus),
                None => whole(input),
            }
        }
        (Some(c), None | Some(CorpusFormat::Csv | CorpusFormat::Jobspy)) if !b"[{<".contains(&c) => {
            if bom {
                input.consume(3);
            }
            csv(&name, &first_line, input, forced, strict)
        }
        _ => whole(input),
    }
}

/// Native JSON Lines, or `None` when the file turns out to be another shape
/// (one document, schema.org or JobSpy records): the caller reads it whole.
fn json_lines(name: &str, input: &mut impl BufRead, forced: bool, strict: bool) -> Result<Option<Corpus>, CorpusError> {
    let mut parsed: Vec<Parsed> = Vec::new();
    let mut first_values: Vec<(Value, usize)> = Vec::new();
    let mut buf = Vec::new();
    let mut line = 0;
    let mut decided = false;
    loop {
        buf.clear();
        let n = input.read_until(b'\n', &mut buf).map_err(|source| CorpusError::Io {
            path: name.into(),
            source,
        })?;
        if n == 0 {
            break;
        }
        line += 1;
        let text = std::str::from_utf8(&buf).map_err(|e| CorpusError::Syntax {
            name: name.into(),
            line,
            column: e.valid_up_to() + 1,
            message: "invalid UTF-8 (filtr reads UTF-8 text; re-save the file as UTF-8)".into(),
        })?;
        let text = text.strip_suffix('\n').unwrap_or(text);
        let text = text.strip_suffix('\r').unwrap_or(text);
        if text.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(text).map_err(|e| syntax(name, &e, line - 1))?;
        if !decided {
            first_values.push((value, line));
            if first_values.len() < 5 {
                continue;
            }
            if !native_shape(&first_values, forced) {
                return Ok(None);
            }
            decided = true;
            for (v, l) in first_values.drain(..) {
                push(&mut parsed, v, l);
            }
            continue;
        }
        push(&mut parsed, value, line);
    }
    if !decided {
        // Fewer than five records: one may be a whole document (`{"postings": [...]}`).
        if first_values.len() < 2 || !native_shape(&first_values, forced) {
            return Ok(None);
        }
        for (v, l) in first_values {
            push(&mut parsed, v, l);
        }
    }
    Corpus::finish(name, CorpusFormat::Native, parsed, strict).map(Some)
}

fn push(parsed: &mut Vec<Parsed>, value: Value, line: usize) {
    let index = parsed.len();
    parsed.push(validate(
        index,
        Record {
            value: Ok(value),
            line: Some(line),
        },
        &|_| None,
    ));
}

/// Whether the first records are filtr's own schema, as the whole-file
/// reader would decide (a forced `--corpus-format native` is).
fn native_shape(first: &[(Value, usize)], forced: bool) -> bool {
    forced
        || !first.iter().any(|(v, _)| {
            super::schema_org::looks_like(v)
                || v.as_object().is_some_and(|m| {
                    m.contains_key("job_url") || (m.contains_key("site") && m.contains_key("min_amount"))
                })
        })
}

fn csv(
    name: &str,
    first_line: &str,
    input: impl Read,
    forced: Option<CorpusFormat>,
    strict: bool,
) -> Result<Corpus, CorpusError> {
    let mut parsed: Vec<Parsed> = Vec::new();
    let mut checked = Utf8Check::new(input);
    let read = table::read_csv_from(first_line, &mut checked, |columns, record| {
        let index = parsed.len();
        parsed.push(validate(index, record, &|f| columns.source_of(f)));
    });
    if let Some((line, column)) = checked.error {
        return Err(CorpusError::Syntax {
            name: name.into(),
            line,
            column,
            message: "invalid UTF-8 (filtr reads UTF-8 text; re-save the file as UTF-8)".into(),
        });
    }
    let format = forced.unwrap_or(if jobspy_header(first_line) {
        CorpusFormat::Jobspy
    } else {
        CorpusFormat::Csv
    });
    match read {
        Ok(_) => Corpus::finish(name, format, parsed, strict),
        Err(message) if forced.is_some() => Err(CorpusError::Shape {
            name: name.into(),
            message,
        }),
        Err(why) => Err(not_a_corpus(name, why)),
    }
}

/// Passes bytes through, checking they are UTF-8, and remembers where the
/// first bad byte is (line and byte column, as for a file read whole).
struct Utf8Check<R> {
    inner: R,
    line: usize,
    column: usize,
    /// The start of a character cut by the end of the last read.
    pending: Vec<u8>,
    error: Option<(usize, usize)>,
}

impl<R: Read> Utf8Check<R> {
    fn new(inner: R) -> Utf8Check<R> {
        Utf8Check {
            inner,
            line: 1,
            column: 1,
            pending: Vec::new(),
            error: None,
        }
    }
}

/// Moves a (line, column) position over `valid` bytes.
fn advance(line: &mut usize, column: &mut usize, valid: &[u8]) {
    for &b in valid {
        if b == b'\n' {
            *line += 1;
            *column = 1;
        } else {
            *column += 1;
        }
    }
}

impl<R: Read> Read for Utf8Check<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(&buf[..n]);
        match std::str::from_utf8(&bytes) {
            Ok(_) => advance(&mut self.line, &mut self.column, &bytes),
            // A character cut by the end of this read: checked with the next one.
            Err(e) if e.error_len().is_none() && n > 0 => {
                advance(&mut self.line, &mut self.column, &bytes[..e.valid_up_to()]);
                self.pending = bytes[e.valid_up_to()..].to_vec();
            }
            Err(e) => {
                advance(&mut self.line, &mut self.column, &bytes[..e.valid_up_to()]);
                self.error = Some((self.line, self.column));
                return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "invalid UTF-8"));
            }
        }
        Ok(n)
    }
}
