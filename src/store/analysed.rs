//! A corpus prepared once and cached: its postings parsed and validated, their
//! skill profiles, the BM25 index and the reposts. At 100,000 postings these
//! were 5 of a warm `filtr match`'s 5.6 seconds; cached, a run reads one binary
//! file instead.
//!
//! One file per corpus source (`<cache>/prepared/<source hash>.bin`), holding
//! the key it was made for: a hash of the corpus bytes, the forced format,
//! filtr's version and the skill taxonomy. Any other key means the corpus (or
//! filtr) changed, and the file is rebuilt. A checksum guards the payload, so
//! a damaged file is rebuilt, never decoded into wrong postings.

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

const MAGIC: &[u8; 16] = b"filtr-prepared/1";
const HEADER: usize = 16 + 16 + 8;

/// Where the corpus came from, and how it was read this time.
#[derive(Debug, Default)]
pub struct CacheStatus {
    /// True when the cached preparation was used.
    pub from_cache: bool,
    /// A cache that was damaged, or could not be written.
    pub warnings: Vec<String>,
}

/// The prepared corpus at `path` (the bundled one for `None`), from the cache
/// when it is current. Errors are the corpus's own (unreadable, invalid, or
/// with `strict`, any invalid posting); cache trouble is only a warning.
pub fn load(path: Option<&Path>, format: Option<CorpusFormat>, strict: bool) -> Result<(AnalysedCorpus, CacheStatus), CorpusError> {
    let (name, source, bytes) = match path {
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|source| CorpusError::Io {
                path: p.to_owned(),
                source,
            })?;
            let source = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_owned());
            (p.display().to_string(), source.display().to_string(), bytes)
        }
        None => (
            postings::BUNDLED_NAME.to_string(),
            postings::BUNDLED_NAME.to_string(),
            postings::BUNDLED_JSON.as_bytes().to_vec(),
        ),
    };
    let key = content_key(&bytes, format);
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
    let corpus = Corpus::from_bytes(&name, &bytes, format, strict)?;
    let prepared = AnalysedCorpus::build(corpus);
    if let Err(e) = write(&file, key, &prepared) {
        report
            .warnings
            .push(format!("cannot write cache {}: {e}", file.display()));
    }
    Ok((prepared, report))
}

/// bincode 1's default layout, refusing trailing bytes when reading.
fn bincode_options() -> impl Options {
    bincode::DefaultOptions::new()
        .with_fixint_encoding()
        .reject_trailing_bytes()
}

fn content_key(bytes: &[u8], format: Option<CorpusFormat>) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(bytes);
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
    h.digest128()
}

/// `Ok(None)` when absent or made for other content; `Err` when damaged.
fn read(file: &Path, key: u128) -> Result<Option<AnalysedCorpus>, String> {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    if bytes.len() < HEADER || &bytes[..16] != MAGIC {
        return Err("not a prepared-corpus file".into());
    }
    if u128::from_le_bytes(bytes[16..32].try_into().expect("16 bytes")) != key {
        return Ok(None);
    }
    let payload = &bytes[HEADER..];
    if u64::from_le_bytes(bytes[32..40].try_into().expect("8 bytes")) != xxhash_rust::xxh3::xxh3_64(payload) {
        return Err("checksum mismatch (the file is damaged)".into());
    }
    let prepared: AnalysedCorpus = bincode_options()
        .deserialize(payload)
        .map_err(|e| format!("undecodable ({e})"))?;
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
    let payload = bincode_options().serialize(prepared).map_err(std::io::Error::other)?;
    let _lock = lock(file)?;
    write_atomic(file, |w| {
        w.write_all(MAGIC)?;
        w.write_all(&key.to_le_bytes())?;
        w.write_all(&xxhash_rust::xxh3::xxh3_64(&payload).to_le_bytes())?;
        w.write_all(&payload)
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
        std::fs::write(&file, b"garbage").unwrap();
        assert!(read(&file, 7).is_err());
        assert!(read(&dir.path().join("absent"), 7).unwrap().is_none());
    }

    #[test]
    fn the_key_follows_content_and_forced_format() {
        let a = content_key(b"[1]", None);
        assert_eq!(a, content_key(b"[1]", None));
        assert_ne!(a, content_key(b"[2]", None));
        assert_ne!(a, content_key(b"[1]", Some(CorpusFormat::Native)));
    }
}
