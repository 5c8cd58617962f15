//! Where filtr keeps what it caches: every path under the cache directory is
//! named here, so two caches cannot collide and `filtr config` tells the truth.

use std::path::PathBuf;

/// filtr's cache directory: `FILTR_CACHE_DIR`, else the platform's
/// (`$XDG_CACHE_HOME/filtr`, `~/.cache/filtr` on Linux).
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("FILTR_CACHE_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("", "", "filtr")
        .map(|d| d.cache_dir().to_owned())
        .unwrap_or_else(|| std::env::temp_dir().join("filtr-cache"))
}

/// Imported and downloaded models, one folder each.
pub fn models() -> PathBuf {
    cache_dir().join("models")
}

/// The vector index of a corpus: one per corpus source and model weights.
pub fn corpus_index(source: &str, weights_id: &str) -> PathBuf {
    let key = xxhash_rust::xxh3::xxh3_64(source.as_bytes());
    cache_dir()
        .join("index")
        .join(format!("{key:016x}-{weights_id}.safetensors"))
}

/// Resume windows (and occupation titles) already embedded with these weights.
pub fn resume_windows(weights_id: &str) -> PathBuf {
    cache_dir()
        .join("index")
        .join(format!("resume-windows-{weights_id}.safetensors"))
}

/// The analysed corpus: one per corpus source.
pub fn analysed_corpus(source: &str) -> PathBuf {
    let key = xxhash_rust::xxh3::xxh3_64(source.as_bytes());
    cache_dir().join("prepared").join(format!("{key:016x}.bin"))
}
