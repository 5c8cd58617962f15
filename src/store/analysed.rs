//! A corpus analysed once and cached: its postings parsed and validated, their
//! skill profiles, the BM25 index and the reposts. At 100,000 postings these
//! were 5 of a warm `filtr match`'s 5.6 seconds; cached, a run reads one binary
//! file instead.
//!
//! One file per corpus source (`<cache>/prepared/<source hash>.bin`), holding
//! the key it was made for: a hash of the corpus bytes, the forced format,
//! filtr's version and the skill taxonomy. Any other key means the corpus (or
//! filtr) changed, and the file is rebuilt. A checksum guards the payload, so
//! a damaged file is rebuilt, never decoded into wrong postings.

use std::io::{Read, Write};
use std::path::Path;

use bincode::Options;
use serde::{Deserialize, Serialize};

use super::file::{lock, write_atomic};
use crate::postings::{self, Corpus, CorpusError, CorpusFormat};
use crate::profile::PostingProfile;
use crate::rank::Bm25;

#[derive(Serialize, Deserialize)]
pub struct AnalysedCorpus {
    pub corpus: Corpus,
    pub bm25: Bm25,
    pub profiles: Vec<PostingProfile>,
    /// `postings::reposts` of the postings.
    pub reposts: Vec<bool>,
    /// `index::posting_hash` of each posting: what its cached vectors are keyed by.
    pub hashes: Vec<u64>,
}

impl AnalysedCorpus {
    pub fn build(corpus: Corpus) -> AnalysedCorpus {
        use rayon::prelude::*;
        let ((bm25, profiles), (reposts, hashes)) = rayon::join(
            || crate::rank::matcher::analyse(&corpus.postings),
            || {
                let hashes = corpus
                    .postings
                    .par_iter()
                    .map(crate::store::index::posting_hash)
                    .collect();
                (postings::reposts(&corpus.postings), hashes)
            },
        );
        AnalysedCorpus {
            corpus,
            bm25,
            profiles,
            reposts,
            hashes,
        }
    }
}

/// Layout: magic, key (16 bytes), the bincode payload, then its xxh3-64
/// checksum, so both writing and reading stream (no copy of the payload in
/// memory; it is about the size of the corpus's text).
const MAGIC: &[u8; 16] = b"filtr-prepared/2";
const HEADER: usize = 16 + 16;
const TRAILER: usize = 8;

/// Where the corpus came from, and how it was read this time.
#[derive(Debug, Default)]
pub struct CacheStatus {
    /// True when the cached preparation was used.
    pub from_cache: bool,
    /// A cache that was damaged, or could not be written.
    pub warnings: Vec<String>,
}

/// The analysed corpus at `path` (the bundled one for `None`), from the cache
/// when it is current. Errors are the corpus's own (unreadable, invalid, or
/// with `strict`, any invalid posting); cache trouble is only a warning.
pub fn load(
    path: Option<&Path>,
    format: Option<CorpusFormat>,
    strict: bool,
) -> Result<(AnalysedCorpus, CacheStatus), CorpusError> {
    let (name, source, key) = match path {
        Some(p) => {
            let io = |source| CorpusError::Io {
                path: p.to_owned(),
                source,
            };
            let key = content_key(std::fs::File::open(p).map_err(io)?, format).map_err(io)?;
            let source = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_owned());
            (p.display().to_string(), source.display().to_string(), key)
        }
        None => (
            postings::BUNDLED_NAME.to_string(),
            postings::BUNDLED_NAME.to_string(),
            content_key(postings::BUNDLED_JSON.as_bytes(), format).expect("reading memory"),
        ),
    };
    let file = super::paths::analysed_corpus(&source);
    let mut report = CacheStatus::default();
    match read(&file, key) {
        // With --strict, a corpus with invalid postings must fail as parsing it would.
        Ok(Some(mut p)) if !strict || p.corpus.skipped.is_empty() => {
            p.corpus.name = name;
            report.from_cache = true;
            return Ok((p, report));
        }
        Ok(_) => {}
        Err(why) => report
            .warnings
            .push(format!("ignoring cache {}: {why}; rebuilding it", file.display())),
    }
    let corpus = match path {
        Some(p) => Corpus::load(p, format, strict)?,
        None => Corpus::from_bytes(&name, postings::BUNDLED_JSON.as_bytes(), format, strict)?,
    };
    let prepared = AnalysedCorpus::build(corpus);
    if let Err(e) = write(&file, key, &prepared) {
        report
            .warnings
            .push(format!("cannot write cache {}: {e}", file.display()));
    }
    Ok((prepared, report))
}

/// bincode 1's default layout.
fn bincode_options() -> impl Options {
    bincode::DefaultOptions::new().with_fixint_encoding()
}

/// What the cache is keyed by: the corpus bytes (read in a stream), the
/// forced format, and everything in filtr that shapes the analysis.
fn content_key(mut input: impl Read, format: Option<CorpusFormat>) -> std::io::Result<u128> {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0; 1 << 20];
    loop {
        match input.read(&mut buf)? {
            0 => break,
            n => h.update(&buf[..n]),
        }
    }
    // The source hash (build.rs) changes with any code that shapes the analysis
    // or the layout of what is cached, even when the version number does not.
    h.update(
        format!(
            "{format:?}/{}/{}/{:x}",
            env!("CARGO_PKG_VERSION"),
            env!("FILTR_SOURCE_HASH"),
            crate::profile::skills::fingerprint()
        )
        .as_bytes(),
    );
    Ok(h.digest128())
}

/// Hashes what passes through it.
struct Hashing<T> {
    inner: T,
    hash: xxhash_rust::xxh3::Xxh3,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// `Ok(None)` when absent or made for other content; `Err` when damaged.
/// Decoding reads no further than the file's payload (bincode's limit), so a
/// damaged length cannot make it allocate more than the file holds; the
/// checksum after it then refuses anything decoded from damaged bytes.
fn read(file: &Path, key: u128) -> Result<Option<AnalysedCorpus>, String> {
    let f = match std::fs::File::open(file) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let len = f.metadata().map_err(|e| e.to_string())?.len();
    let mut input = std::io::BufReader::with_capacity(1 << 20, f);
    let mut header = [0u8; HEADER];
    if len < (HEADER + TRAILER) as u64 || input.read_exact(&mut header).is_err() || &header[..16] != MAGIC {
        return Err("not an analysed-corpus file".into());
    }
    if u128::from_le_bytes(header[16..32].try_into().expect("16 bytes")) != key {
        return Ok(None);
    }
    let payload = len - (HEADER + TRAILER) as u64;
    let mut body = Hashing {
        inner: (&mut input).take(payload),
        hash: xxhash_rust::xxh3::Xxh3::new(),
    };
    let decoded: Result<AnalysedCorpus, _> = bincode_options().with_limit(payload).deserialize_from(&mut body);
    let whole = decoded.is_ok() && body.inner.limit() == 0;
    let digest = body.hash.digest();
    let mut trailer = [0u8; TRAILER];
    let sum_ok = input.read_exact(&mut trailer).is_ok() && u64::from_le_bytes(trailer) == digest;
    if !sum_ok {
        return Err("checksum mismatch (the file is damaged)".into());
    }
    let prepared = match decoded {
        Ok(p) if whole => p,
        Ok(_) => return Err("undecodable (trailing bytes)".into()),
        Err(e) => return Err(format!("undecodable ({e})")),
    };
    let n = prepared.corpus.postings.len();
    let sizes = [
        prepared.profiles.len(),
        prepared.reposts.len(),
        prepared.bm25.len(),
        prepared.hashes.len(),
    ];
    if sizes.iter().any(|&s| s != n) {
        return Err("its parts disagree on the number of postings".into());
    }
    Ok(Some(prepared))
}

fn write(file: &Path, key: u128, prepared: &AnalysedCorpus) -> std::io::Result<()> {
    let _lock = lock(file)?;
    write_atomic(file, |w| {
        w.write_all(MAGIC)?;
        w.write_all(&key.to_le_bytes())?;
        let mut body = Hashing {
            inner: &mut *w,
            hash: xxhash_rust::xxh3::Xxh3::new(),
        };
        bincode_options()
            .serialize_into(&mut body, prepared)
            .map_err(std::io::Error::other)?;
        let sum = body.hash.digest();
        w.write_all(&sum.to_le_bytes())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        Corpus::parse(
            "t",
            r#"[{"id":"a","title":"Line Cook","description":"ServSafe, knife skills","requirements":["2 years"]},
               {"id":"b","title":"Nurse","description":"Epic, telemetry","salary":{"min":80000,"currency":"USD"}}]"#,
            false,
        )
        .unwrap()
    }

    #[test]
    fn a_written_preparation_reads_back_and_a_damaged_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.bin");
        let p = AnalysedCorpus::build(corpus());
        write(&file, 7, &p).unwrap();
        let back = read(&file, 7).unwrap().unwrap();
        assert_eq!(back.corpus.postings, p.corpus.postings);
        assert_eq!(back.reposts, p.reposts);
        let hashes: Vec<u64> = p
            .corpus
            .postings
            .iter()
            .map(crate::store::index::posting_hash)
            .collect();
        assert_eq!(back.hashes, hashes);
        assert_eq!(back.profiles[0].required, p.profiles[0].required);
        assert_eq!(back.bm25.scores("knife skills"), p.bm25.scores("knife skills"));
        assert!(read(&file, 8).unwrap().is_none(), "another key is stale, not an error");
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0x40;
        std::fs::write(&file, &bytes).unwrap();
        assert!(read(&file, 7).err().unwrap().contains("checksum"));
        // A flipped byte inside the payload: refused whether or not it still decodes.
        bytes[last] ^= 0x40;
        bytes[HEADER + 40] ^= 0x01;
        std::fs::write(&file, &bytes).unwrap();
        let why = read(&file, 7).err().unwrap();
        assert!(why.contains("checksum") || why.contains("undecodable"), "{why}");
        std::fs::write(&file, b"garbage").unwrap();
        assert!(read(&file, 7).is_err());
        assert!(read(&dir.path().join("absent"), 7).unwrap().is_none());
    }

    #[test]
    fn the_key_follows_content_and_forced_format() {
        let key = |bytes: &[u8], f| content_key(bytes, f).unwrap();
        let a = key(b"[1]", None);
        assert_eq!(a, key(b"[1]", None));
        assert_ne!(a, key(b"[2]", None));
        assert_ne!(a, key(b"[1]", Some(CorpusFormat::Native)));
    }
}
