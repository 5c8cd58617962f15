//! The posting index: window vectors of every posting, cached on disk and keyed
//! by model weights and posting content, so a posting is embedded once.
//!
//! Format: safetensors (readable from Python) with tensors `vectors`
//! `[windows, dim]` (F32, or F16 for the bundled file), `hashes` `[postings]`
//! (U64 content hashes) and `counts` `[postings]` (U32 windows per posting),
//! plus metadata naming the format, model, weights and windowing scheme.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use safetensors::{Dtype, SafeTensors};

use super::file::{lock, lock_or_wait, write_atomic};
use crate::embed::vectors::{PostingVectors, Vectors};
use crate::embed::{windows, EmbedError, Embedder};
use crate::postings::{Corpus, Posting};
use crate::rank::occupation;

const FORMAT: &str = "filtr-index/1";

/// The vectors bundled with the bundled corpus (empty until generated).
pub static BUNDLED_INDEX: &[u8] = include_bytes!("../../data/postings.index.safetensors");

/// A content hash of what a posting's windows are made of.
pub fn posting_hash(p: &Posting) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in [
        p.title.as_str(),
        p.company.as_deref().unwrap_or(""),
        p.description.as_str(),
    ] {
        h.update(part.as_bytes());
        h.update(&[0]);
    }
    for list in [&p.requirements, &p.responsibilities, &p.other] {
        for item in list {
            h.update(item.as_bytes());
            h.update(&[1]);
        }
        h.update(&[2]);
    }
    h.update(windows::SCHEME.as_bytes());
    h.digest()
}

/// A readable index file.
#[derive(Debug)]
pub struct Index {
    dim: usize,
    vectors: Vectors,
    /// content hash → (first window, window count)
    entries: HashMap<u64, (usize, usize)>,
    /// Content hashes in file order.
    order: Vec<u64>,
}

impl Index {
    /// Parses an index held in memory, converting its vectors to f32;
    /// `Err` says why it cannot be used for these weights.
    pub fn parse(bytes: &[u8], weights_id: &str, dim: usize) -> Result<Index, String> {
        let (entries, order, range, dtype) = Index::check(bytes, weights_id, dim)?;
        let data = &bytes[range];
        let vectors = match dtype {
            Dtype::F32 => data
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
                .collect(),
            _ => data
                .chunks_exact(2)
                .map(|b| half::f16::from_le_bytes([b[0], b[1]]).to_f32())
                .collect(),
        };
        Ok(Index {
            dim,
            vectors: Vectors::Owned(vectors),
            entries,
            order,
        })
    }

    /// Opens an index file by mapping it: f32 vectors are used in place, not
    /// copied (the cache is replaced by rename, never rewritten in place, so a
    /// mapping stays valid while other runs update it). `Ok(None)` if absent.
    pub fn open(path: &Path, weights_id: &str, dim: usize) -> Result<Option<Index>, String> {
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read it ({e})")),
        };
        // SAFETY: read-only mapping of a file filtr replaces only by rename.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| format!("cannot map it ({e})"))?;
        let (entries, order, range, dtype) = Index::check(&map, weights_id, dim)?;
        if dtype != Dtype::F32 {
            return Index::parse(&map, weights_id, dim).map(Some);
        }
        match Vectors::mapped(map, range) {
            Ok(vectors) => Ok(Some(Index {
                dim,
                vectors,
                entries,
                order,
            })),
            Err(map) => Index::parse(&map, weights_id, dim).map(Some),
        }
    }

    /// Validates everything but converts nothing: the entries, and where the
    /// vectors' bytes are.
    #[allow(clippy::type_complexity)]
    fn check(
        bytes: &[u8],
        weights_id: &str,
        dim: usize,
    ) -> Result<(HashMap<u64, (usize, usize)>, Vec<u64>, std::ops::Range<usize>, Dtype), String> {
        let st = SafeTensors::deserialize(bytes).map_err(|e| format!("not a valid index file ({e})"))?;
        let (_, meta) = SafeTensors::read_metadata(bytes).map_err(|e| format!("unreadable header ({e})"))?;
        let meta = meta.metadata().clone().unwrap_or_default();
        let field = |k: &str| meta.get(k).map(String::as_str).unwrap_or("");
        if field("format") != FORMAT {
            return Err(format!("unknown format {:?}", field("format")));
        }
        if field("weights") != weights_id {
            return Err("it was built with other model weights".into());
        }
        if field("windows") != windows::SCHEME {
            return Err("it was built with another windowing scheme".into());
        }
        let tensor = |name: &str| st.tensor(name).map_err(|e| format!("tensor {name}: {e}"));
        let (vectors, hashes, counts) = (tensor("vectors")?, tensor("hashes")?, tensor("counts")?);
        // A flipped byte in the data would still parse: the checksum catches it.
        if field("checksum") != checksum(vectors.data(), hashes.data(), counts.data()) {
            return Err("checksum mismatch (the file is damaged)".into());
        }
        let shape = vectors.shape();
        if shape.len() != 2 || shape[1] != dim {
            return Err(format!("vectors have shape {shape:?}, expected [_, {dim}]"));
        }
        let dtype = vectors.dtype();
        let width = match dtype {
            Dtype::F32 => 4,
            Dtype::F16 => 2,
            other => return Err(format!("vectors have dtype {other:?}")),
        };
        if hashes.dtype() != Dtype::U64 || counts.dtype() != Dtype::U32 || hashes.shape() != counts.shape() {
            return Err("hashes/counts tensors are malformed".into());
        }
        let hashes = hashes
            .data()
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")));
        let counts = counts
            .data()
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")) as usize);
        let mut entries = HashMap::new();
        let mut order = Vec::new();
        let mut start = 0usize;
        for (h, n) in hashes.zip(counts) {
            entries.insert(h, (start, n));
            order.push(h);
            start = start.checked_add(n).ok_or("window counts overflow")?;
        }
        let data = vectors.data();
        if start.checked_mul(dim * width) != Some(data.len()) {
            return Err(format!(
                "counts cover {start} windows but the file holds {}",
                data.len() / width / dim
            ));
        }
        let finite = match dtype {
            Dtype::F32 => data
                .chunks_exact(4)
                .all(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")).is_finite()),
            _ => data
                .chunks_exact(2)
                .all(|b| half::f16::from_le_bytes([b[0], b[1]]).is_finite()),
        };
        if !finite {
            return Err("vectors hold non-finite values".into());
        }
        let offset = data.as_ptr() as usize - bytes.as_ptr() as usize;
        Ok((entries, order, offset..offset + data.len(), dtype))
    }

    /// The window vectors stored for a posting content hash.
    pub fn get(&self, hash: u64) -> Option<&[f32]> {
        self.span(hash)
            .map(|(start, n)| &self.vectors.as_slice()[start * self.dim..(start + n) * self.dim])
    }

    fn span(&self, hash: u64) -> Option<(usize, usize)> {
        self.entries.get(&hash).copied()
    }
}

/// Serialises vectors for `hashes` (one entry per posting, `counts` windows each).
pub fn serialize(
    embedder_weights: &str,
    dim: usize,
    hashes: &[u64],
    counts: &[u32],
    vectors: &[f32],
    half_precision: bool,
) -> Vec<u8> {
    let mut out = Vec::new();
    let chunks = || vectors.chunks(dim.max(1));
    write_index(&mut out, embedder_weights, dim, hashes, counts, &chunks, half_precision).expect("writing to memory");
    out
}

/// Writes an index in the safetensors format, streaming the vectors from
/// `chunks` (called twice: checksum, then data), so writing a large index
/// needs no second copy of its vectors. Tensors are laid out u64, then f32,
/// then u32, so each starts aligned to its element size.
fn write_index<'a, I: Iterator<Item = &'a [f32]>>(
    w: &mut dyn std::io::Write,
    embedder_weights: &str,
    dim: usize,
    hashes: &[u64],
    counts: &[u32],
    chunks: &dyn Fn() -> I,
    half_precision: bool,
) -> std::io::Result<()> {
    let width = if half_precision { 2 } else { 4 };
    let encode = |chunk: &[f32], buf: &mut Vec<u8>| {
        buf.clear();
        if half_precision {
            buf.extend(chunk.iter().flat_map(|v| half::f16::from_f32(*v).to_le_bytes()));
        } else {
            buf.extend(chunk.iter().flat_map(|v| v.to_le_bytes()));
        }
    };
    let n_floats: usize = chunks().map(<[f32]>::len).sum();
    let hash_bytes: Vec<u8> = hashes.iter().flat_map(|h| h.to_le_bytes()).collect();
    let count_bytes: Vec<u8> = counts.iter().flat_map(|c| c.to_le_bytes()).collect();
    let mut buf = Vec::new();
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&((n_floats * width) as u64).to_le_bytes());
    for chunk in chunks() {
        encode(chunk, &mut buf);
        h.update(&buf);
    }
    for part in [&hash_bytes, &count_bytes] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    let (hash_end, vec_end) = (hash_bytes.len(), hash_bytes.len() + n_floats * width);
    let header = serde_json::json!({
        "__metadata__": {
            "checksum": format!("{:016x}", h.digest()),
            "format": FORMAT,
            "model": super::models::MODEL_NAME,
            "weights": embedder_weights,
            "windows": windows::SCHEME,
        },
        "hashes": {"dtype": "U64", "shape": [hashes.len()], "data_offsets": [0, hash_end]},
        "vectors": {
            "dtype": if half_precision { "F16" } else { "F32" },
            "shape": [n_floats / dim.max(1), dim],
            "data_offsets": [hash_end, vec_end],
        },
        "counts": {"dtype": "U32", "shape": [counts.len()], "data_offsets": [vec_end, vec_end + count_bytes.len()]},
    });
    let mut header = serde_json::to_vec(&header).expect("a JSON value serialises");
    // Padding to 8 bytes keeps the data aligned, as the safetensors library does.
    header.resize(header.len().div_ceil(8) * 8, b' ');
    w.write_all(&(header.len() as u64).to_le_bytes())?;
    w.write_all(&header)?;
    w.write_all(&hash_bytes)?;
    for chunk in chunks() {
        encode(chunk, &mut buf);
        w.write_all(&buf)?;
    }
    w.write_all(&count_bytes)?;
    w.flush()
}

/// xxh3 of the three tensors' bytes, in hex.
fn checksum(vectors: &[u8], hashes: &[u8], counts: &[u8]) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in [vectors, hashes, counts] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    format!("{:016x}", h.digest())
}

/// Vectors of resume windows seen before, so re-running a resume (with other
/// filters, or in a batch) embeds nothing new. One file per model weights,
/// keyed by the window text's hash; it keeps the newest `RESUME_CACHE_WINDOWS`.
pub fn embed_cached(
    embedder: &Embedder,
    texts: &[&str],
    progress: impl Fn(usize),
) -> Result<(Vec<f32>, usize), EmbedError> {
    const RESUME_CACHE_WINDOWS: usize = 20_000;
    let dim = embedder.dim();
    let path = super::paths::resume_windows(&embedder.weights_id);
    let _lock = lock(&path).ok();
    let cache = Index::open(&path, &embedder.weights_id, dim).ok().flatten();
    let hashes: Vec<u64> = texts.iter().map(|t| xxhash_rust::xxh3::xxh3_64(t.as_bytes())).collect();
    // Each resume window is one entry of one vector; anything else is not ours.
    let cached = |h: u64| {
        cache
            .as_ref()
            .filter(|c| c.span(h).is_some_and(|s| s.1 == 1))
            .and_then(|c| c.get(h))
    };
    let missing: Vec<usize> = (0..texts.len()).filter(|&i| cached(hashes[i]).is_none()).collect();
    let fresh = if missing.is_empty() {
        Vec::new()
    } else {
        let todo: Vec<&str> = missing.iter().map(|&i| texts[i]).collect();
        embedder.embed(&todo, progress)?
    };
    let mut is_missing = vec![false; texts.len()];
    missing.iter().for_each(|&i| is_missing[i] = true);
    let mut out = Vec::with_capacity(texts.len() * dim);
    let mut next_fresh = 0;
    for (i, h) in hashes.iter().enumerate() {
        match cached(*h) {
            Some(v) if !is_missing[i] => out.extend_from_slice(v),
            _ => {
                out.extend_from_slice(&fresh[next_fresh * dim..(next_fresh + 1) * dim]);
                next_fresh += 1;
            }
        }
    }
    if !missing.is_empty() {
        // New windows first, then the old ones, up to the cap.
        let mut keep_hashes: Vec<u64> = missing.iter().map(|&i| hashes[i]).collect();
        let mut kept: std::collections::HashSet<u64> = keep_hashes.iter().copied().collect();
        let mut keep: Vec<f32> = fresh;
        if let Some(c) = &cache {
            for (h, &(start, n)) in c.order.iter().map(|h| (h, &c.entries[h])) {
                if keep_hashes.len() >= RESUME_CACHE_WINDOWS {
                    break;
                }
                if n == 1 && kept.insert(*h) {
                    keep_hashes.push(*h);
                    keep.extend_from_slice(&c.vectors.as_slice()[start * dim..(start + 1) * dim]);
                }
            }
        }
        let counts = vec![1u32; keep_hashes.len()];
        let chunks = || keep.chunks(dim);
        // A cache that cannot be written costs speed, not the run.
        let _ = write_atomic(&path, |w| {
            write_index(w, &embedder.weights_id, dim, &keep_hashes, &counts, &chunks, false)
        });
    }
    Ok((out, missing.len()))
}

/// What happened while getting the vectors, for the user.
#[derive(Debug, Default)]
pub struct VectorStats {
    pub embedded: usize,
    pub reused: usize,
    pub warnings: Vec<String>,
    pub cache: Option<PathBuf>,
    /// Why the cache needed writing and could not be (full disk, read-only
    /// directory); the previous file, if any, is untouched.
    pub write_error: Option<String>,
}

/// How [`posting_vectors`] embeds what it lacks: `postings` at a time, so only
/// one batch's window texts are held, saving the cache between batches once
/// `save_every` has passed (and ten times what the last save took), so a
/// long `filtr index` that is stopped keeps most of its work.
#[derive(Debug, Clone, Copy)]
pub struct Batches {
    pub postings: usize,
    pub save_every: Duration,
}

impl Default for Batches {
    fn default() -> Batches {
        Batches {
            postings: 1024,
            save_every: Duration::from_secs(60),
        }
    }
}

/// What [`posting_vectors`] tells its caller while it runs.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// Another process is updating this cache file; the run waits for it,
    /// then reuses its vectors.
    Waiting(&'a Path),
    /// Postings embedded so far, of how many.
    Embedded { done: usize, total: usize },
}

/// Window vectors for every posting of `corpus`, reusing the bundled vectors and
/// the cache file at `path`, embedding only what neither holds, and updating the cache.
/// `hashes` are the postings' `posting_hash`es when already known (cached with
/// the corpus analysis); otherwise they are computed here.
pub fn posting_vectors(
    corpus: &Corpus,
    hashes: Option<&[u64]>,
    path: &Path,
    embedder: &Embedder,
    bundled: bool,
    batches: Batches,
    progress: &mut dyn FnMut(Progress),
) -> Result<(PostingVectors, VectorStats), EmbedError> {
    let dim = embedder.dim();
    let mut report = VectorStats::default();
    // Held until the cache is written; without it (read-only cache) the run goes on.
    let held = lock_or_wait(path, || progress(Progress::Waiting(path)))
        .map_err(|e| {
            report.warnings.push(format!(
                "cannot lock cache {}: {e}; other filtr runs may repeat this work",
                path.display()
            ))
        })
        .ok();
    let mut cache_unusable = false;
    let cache = Index::open(path, &embedder.weights_id, dim)
        .map_err(|why| {
            cache_unusable = true;
            report
                .warnings
                .push(format!("ignoring cache {}: {why}; rebuilding it", path.display()))
        })
        .ok()
        .flatten();
    let shipped = if bundled && !BUNDLED_INDEX.is_empty() {
        Index::parse(BUNDLED_INDEX, &embedder.weights_id, dim)
            .map_err(|why| report.warnings.push(format!("bundled vectors not used: {why}")))
            .ok()
    } else {
        None
    };
    let hashes: Vec<u64> = match hashes {
        Some(h) if h.len() == corpus.postings.len() => h.to_vec(),
        _ => corpus.postings.par_iter().map(posting_hash).collect(),
    };
    let cache_entries = cache.as_ref().map(|c| c.entries.len());
    let shipped_used = shipped.is_some();
    let mut at = Located::new(&hashes, dim, cache, shipped);
    let in_cache = at
        .found
        .iter()
        .filter(|f| f.is_some_and(|f| f.0 == Located::CACHE))
        .count();
    report.reused = at.found.iter().filter(|f| f.is_some()).count();
    // Each missing content is embedded once, however many postings repeat it.
    let mut missing: Vec<usize> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for i in 0..hashes.len() {
        if at.found[i].is_none() && seen.insert(hashes[i]) {
            missing.push(i);
        }
    }
    report.embedded = missing.len();

    let count = |t: &str| embedder.count_tokens(t);
    let batch_size = batches.postings.max(1);
    let mut saving = held.is_some();
    let mut last_save = Instant::now();
    let mut save_took = Duration::ZERO;
    for (b, batch) in missing.chunks(batch_size).enumerate() {
        let windows: Vec<Vec<String>> = batch
            .par_iter()
            .map(|&i| windows::posting_windows(&corpus.postings[i], &count))
            .collect();
        let texts: Vec<&str> = windows.iter().flatten().map(String::as_str).collect();
        let before = b * batch_size;
        let vectors = embedder.embed(&texts, |done| {
            progress(Progress::Embedded {
                done: before + done * batch.len() / texts.len().max(1),
                total: missing.len(),
            })
        })?;
        let mut start = at.fresh.len() / dim;
        for (&i, w) in batch.iter().zip(&windows) {
            at.fresh_spans.insert(hashes[i], (start, w.len()));
            start += w.len();
        }
        at.fresh.extend_from_slice(&vectors);
        let more = before + batch.len() < missing.len();
        if saving && more && last_save.elapsed() >= batches.save_every.max(save_took * 10) {
            let started = Instant::now();
            // A failed save is left to the final one to report.
            saving = at.save(path, &embedder.weights_id).is_ok();
            if saving {
                at.reload(path, &embedder.weights_id);
            }
            save_took = started.elapsed();
            last_save = Instant::now();
        }
        progress(Progress::Embedded {
            done: before + batch.len(),
            total: missing.len(),
        });
    }

    // The cache is rewritten when it lacks a posting or holds postings the corpus
    // no longer has; a bundled corpus fully covered by its shipped vectors needs none.
    let distinct = hashes.iter().collect::<std::collections::HashSet<_>>().len();
    let cache_exact = cache_entries.is_some_and(|n| in_cache == hashes.len() && n == distinct);
    let shipped_covers = cache_entries.is_none() && !cache_unusable && missing.is_empty() && shipped_used;
    if !cache_exact && !shipped_covers {
        match at.save(path, &embedder.weights_id) {
            Ok(()) => report.cache = Some(path.to_owned()),
            Err(e) => report.write_error = Some(format!("cannot write cache {}: {e}", path.display())),
        }
    }
    Ok((at.into_vectors(), report))
}

/// Where each posting's vectors are while [`posting_vectors`] runs: in the
/// cache file, the shipped vectors, or this run's embeddings.
struct Located<'a> {
    hashes: &'a [u64],
    dim: usize,
    /// Per posting: (source, (first window, windows)) in the cache or the shipped vectors.
    found: Vec<Option<(u8, (usize, usize))>>,
    sources: [Vectors; 2],
    fresh: Vec<f32>,
    /// Content hash → (first window, windows) in `fresh`.
    fresh_spans: HashMap<u64, (usize, usize)>,
}

impl<'a> Located<'a> {
    const CACHE: u8 = 0;
    const SHIPPED: u8 = 1;
    const FRESH: u8 = 2;

    fn new(hashes: &'a [u64], dim: usize, cache: Option<Index>, shipped: Option<Index>) -> Located<'a> {
        let mut at = Located {
            hashes,
            dim,
            found: vec![None; hashes.len()],
            sources: [Vectors::Owned(Vec::new()), Vectors::Owned(Vec::new())],
            fresh: Vec::new(),
            fresh_spans: HashMap::new(),
        };
        // The cache first: the shipped vectors only for what it lacks.
        for (src, ix) in [(Located::SHIPPED, shipped), (Located::CACHE, cache)] {
            if let Some(ix) = ix {
                at.take(src, ix);
            }
        }
        at
    }

    /// Uses `ix` as source `src` for every posting it holds.
    fn take(&mut self, src: u8, ix: Index) {
        for (f, h) in self.found.iter_mut().zip(self.hashes) {
            if let Some(span) = ix.span(*h) {
                *f = Some((src, span));
            }
        }
        self.sources[src as usize] = ix.vectors;
    }

    fn span(&self, i: usize) -> Option<(u8, (usize, usize))> {
        self.found[i].or_else(|| self.fresh_spans.get(&self.hashes[i]).map(|&s| (Located::FRESH, s)))
    }

    fn floats(&self, src: u8) -> &[f32] {
        match src {
            Located::FRESH => &self.fresh,
            _ => self.sources[src as usize].as_slice(),
        }
    }

    /// Writes every posting whose vectors are known, in corpus order.
    fn save(&self, path: &Path, weights_id: &str) -> std::io::Result<()> {
        let dim = self.dim;
        let kept: Vec<(u64, &[f32])> = (0..self.hashes.len())
            .filter_map(|i| {
                let (src, (start, n)) = self.span(i)?;
                Some((self.hashes[i], &self.floats(src)[start * dim..(start + n) * dim]))
            })
            .collect();
        let kept_hashes: Vec<u64> = kept.iter().map(|k| k.0).collect();
        let counts: Vec<u32> = kept.iter().map(|k| (k.1.len() / dim) as u32).collect();
        let chunks = || kept.iter().flat_map(|k| k.1.chunks_exact(dim));
        write_atomic(path, |w| {
            write_index(w, weights_id, dim, &kept_hashes, &counts, &chunks, false)
        })
    }

    /// After a save: reads what was saved from the file (mapped, so the
    /// kernel pages it in and out) and frees this run's copies, so a long
    /// `filtr index` holds one batch of vectors, not the whole index.
    fn reload(&mut self, path: &Path, weights_id: &str) {
        if let Ok(Some(saved)) = Index::open(path, weights_id, self.dim) {
            if self.fresh_spans.keys().all(|h| saved.entries.contains_key(h)) {
                self.take(Located::CACHE, saved);
                self.fresh = Vec::new();
                self.fresh_spans.clear();
            }
        }
    }

    fn into_vectors(self) -> PostingVectors {
        let spans = (0..self.hashes.len())
            .map(|i| {
                let (src, (start, n)) = self.span(i).expect("every posting has its vectors by now");
                (src, start, n)
            })
            .collect();
        let [cached, shipped] = self.sources;
        PostingVectors::from_parts(self.dim, vec![cached, shipped, Vectors::Owned(self.fresh)], spans)
    }
}

/// The title vectors shipped for the bundled model (`cargo run --example build_index`).
static SHIPPED_TITLES: &[u8] = include_bytes!("../../data/onet/occupations.vectors.safetensors");

/// The bundled occupations with their title vectors from `embedder`: the
/// shipped ones when they were made with these weights, else embedded once
/// and cached beside the resume windows (1,016 short titles, ~0.5 s).
pub fn occupations(embedder: &crate::embed::Embedder) -> Result<occupation::Taxonomy, crate::embed::EmbedError> {
    let occupations = occupation::all();
    let dim = embedder.dim();
    let shipped = Index::parse(SHIPPED_TITLES, &embedder.weights_id, dim)
        .ok()
        .and_then(|ix| {
            let mut v = Vec::with_capacity(occupations.len() * dim);
            for o in &occupations {
                v.extend_from_slice(ix.get(occupation::title_hash(o.title)).filter(|x| x.len() == dim)?);
            }
            Some(v)
        });
    let vectors = match shipped {
        Some(v) => v,
        None => {
            let titles: Vec<&str> = occupations.iter().map(|o| o.title).collect();
            embed_cached(embedder, &titles, |_| {})?.0
        }
    };
    Ok(occupation::Taxonomy::new(occupations, vectors, dim))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Vec<u64>, Vec<u32>, Vec<f32>) {
        let vectors: Vec<f32> = (0..3 * 4).map(|i| i as f32 / 10.0).collect();
        (vec![11, 22], vec![1, 2], vectors)
    }

    #[test]
    fn index_round_trips_in_f32_and_f16() {
        let (hashes, counts, vectors) = sample();
        for half in [false, true] {
            let bytes = serialize("w1", 4, &hashes, &counts, &vectors, half);
            let ix = Index::parse(&bytes, "w1", 4).unwrap();
            assert_eq!(ix.get(11).unwrap().len(), 4);
            let second = ix.get(22).unwrap();
            assert_eq!(second.len(), 8);
            for (a, b) in second.iter().zip(&vectors[4..]) {
                assert!((a - b).abs() < 1e-3, "{a} vs {b}");
            }
            assert!(ix.get(33).is_none());
        }
    }

    #[test]
    fn an_f32_index_file_is_mapped_not_copied() {
        let (hashes, counts, vectors) = sample();
        let dir = tempfile::tempdir().unwrap();
        for half in [false, true] {
            let path = dir.path().join(format!("ix-{half}.safetensors"));
            std::fs::write(&path, serialize("w1", 4, &hashes, &counts, &vectors, half)).unwrap();
            let ix = Index::open(&path, "w1", 4).unwrap().unwrap();
            assert_eq!(matches!(ix.vectors, Vectors::Mapped(..)), !half);
            let got = ix.get(22).unwrap();
            for (a, b) in got.iter().zip(&vectors[4..]) {
                assert!((a - b).abs() < 1e-3, "{a} vs {b}");
            }
        }
        assert!(Index::open(&dir.path().join("absent"), "w1", 4).unwrap().is_none());
        let damaged = dir.path().join("ix-false.safetensors");
        let mut bytes = std::fs::read(&damaged).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&damaged, bytes).unwrap();
        assert!(Index::open(&damaged, "w1", 4).unwrap_err().contains("checksum"));
    }

    #[test]
    fn foreign_truncated_and_stale_indexes_are_refused() {
        let (hashes, counts, vectors) = sample();
        let bytes = serialize("w1", 4, &hashes, &counts, &vectors, false);
        assert!(Index::parse(&bytes, "w2", 4)
            .unwrap_err()
            .contains("other model weights"));
        assert!(Index::parse(&bytes, "w1", 8).unwrap_err().contains("shape"));
        assert!(Index::parse(&bytes[..bytes.len() - 5], "w1", 4).is_err());
        assert!(Index::parse(b"not an index at all", "w1", 4).is_err());
        let wrong_counts = serialize("w1", 4, &hashes, &[1, 1], &vectors, false);
        assert!(Index::parse(&wrong_counts, "w1", 4)
            .unwrap_err()
            .contains("counts cover"));
    }

    #[test]
    fn content_hash_ignores_id_but_not_text() {
        let corpus = Corpus::parse(
            "t",
            r#"[{"id":"a","title":"Cook"},{"id":"b","title":"Cook"},{"id":"c","title":"Chef"}]"#,
            false,
        )
        .unwrap();
        let h: Vec<u64> = corpus.postings.iter().map(posting_hash).collect();
        assert_eq!(h[0], h[1]);
        assert_ne!(h[0], h[2]);
    }
}
