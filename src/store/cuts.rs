//! How each resume was cut into windows, by the hash of its text: cutting
//! tokenizes every paragraph, sentence and over-long word, which costs more
//! than reading a cached vector, so a resume seen before (`rank` of the same
//! folder against another posting) is neither cut nor embedded again.

use std::collections::HashMap;

use bincode::Options;
use rayon::prelude::*;

use super::file::{lock, write_atomic};

/// Resumes kept; the ones cut most recently stay.
const KEPT: usize = 20_000;
const MAGIC: &[u8; 12] = b"filtr-cuts/1";

#[derive(serde::Serialize, serde::Deserialize, Default)]
struct Cuts {
    /// Resume text hash → (order of use, windows).
    by_text: HashMap<u64, (u64, Vec<String>)>,
    next: u64,
}

fn options() -> impl Options {
    bincode::DefaultOptions::new().with_fixint_encoding()
}

/// Reads the file; anything missing, foreign or damaged is an empty cache
/// (it only costs cutting again).
fn read(path: &std::path::Path) -> Cuts {
    let Ok(bytes) = std::fs::read(path) else {
        return Cuts::default();
    };
    match bytes.strip_prefix(MAGIC.as_slice()) {
        Some(body) if body.len() >= 8 => {
            let (payload, sum) = body.split_at(body.len() - 8);
            if xxhash_rust::xxh3::xxh3_64(payload).to_le_bytes() != sum {
                return Cuts::default();
            }
            options()
                .with_limit(payload.len() as u64)
                .deserialize(payload)
                .unwrap_or_default()
        }
        _ => Cuts::default(),
    }
}

/// The windows of each text (`None` gets none), cut by `cut` only for texts
/// this cache has not seen; new cuts are saved, all or nothing. A cache that
/// cannot be written costs only the time to cut again.
pub fn windows(
    weights_id: &str,
    texts: &[Option<&str>],
    cut: &(dyn Fn(&str) -> Vec<String> + Sync),
) -> Vec<Vec<String>> {
    let path = super::paths::resume_cuts(weights_id);
    let hashes: Vec<Option<u64>> = texts
        .iter()
        .map(|t| t.map(|t| xxhash_rust::xxh3::xxh3_64(t.as_bytes())))
        .collect();
    let cached = read(&path);
    let out: Vec<Option<Vec<String>>> = hashes
        .iter()
        .map(|h| h.and_then(|h| cached.by_text.get(&h)).map(|(_, w)| w.clone()))
        .collect();
    let fresh: Vec<(usize, Vec<String>)> = texts
        .par_iter()
        .enumerate()
        .filter(|(i, _)| out[*i].is_none())
        .filter_map(|(i, t)| t.map(|t| (i, cut(t))))
        .collect();
    if !fresh.is_empty() {
        if let Ok(_lock) = lock(&path) {
            let mut all = read(&path);
            for (i, w) in &fresh {
                let h = hashes[*i].expect("a text");
                all.by_text.insert(h, (all.next, w.clone()));
                all.next += 1;
            }
            if all.by_text.len() > KEPT {
                let mut order: Vec<u64> = all.by_text.values().map(|(n, _)| *n).collect();
                order.sort_unstable();
                let oldest_kept = order[order.len() - KEPT];
                all.by_text.retain(|_, (n, _)| *n >= oldest_kept);
            }
            let _ = write_atomic(&path, |w| {
                let payload = options().serialize(&all).map_err(std::io::Error::other)?;
                w.write_all(MAGIC)?;
                w.write_all(&payload)?;
                w.write_all(&xxhash_rust::xxh3::xxh3_64(&payload).to_le_bytes())
            });
        }
    }
    let mut fresh = fresh.into_iter().peekable();
    out.into_iter()
        .enumerate()
        .map(|(i, w)| match w {
            Some(w) => w,
            None if fresh.peek().is_some_and(|(j, _)| *j == i) => fresh.next().expect("peeked").1,
            None => Vec::new(),
        })
        .collect()
}
