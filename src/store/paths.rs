//! Where filtr keeps what it caches: every path under the cache directory is
//! named here, so two caches cannot collide and `filtr config` tells the truth.

use std::path::{Path, PathBuf};

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

/// Why filtr will not use a cache directory. Whoever can write to it can
/// plant the files filtr reads back (vectors, analysed corpora, models) or
/// links that make filtr write elsewhere.
#[derive(Debug, thiserror::Error)]
pub enum UnsafeCache {
    #[error("cache directory {0} is a symbolic link (to {1}); filtr does not read or write through links in its cache: set FILTR_CACHE_DIR to a real directory")]
    Link(PathBuf, PathBuf),
    #[error("cache directory {0} is writable by every user (mode {1:o}), so anyone could plant files filtr would read: run `chmod o-w {0}` or set FILTR_CACHE_DIR")]
    WorldWritable(PathBuf, u32),
    #[error("cache directory {0} belongs to another user (uid {1}); filtr only uses a cache its user owns: set FILTR_CACHE_DIR")]
    NotOwned(PathBuf, u32),
    #[error("cache directory {0} is not a directory")]
    NotADirectory(PathBuf),
    #[error("cache directory {0}: {1}")]
    Unreadable(PathBuf, #[source] std::io::Error),
}

/// Checks the cache directory and the folders filtr keeps in it, where they
/// exist: each a real directory (not a link), owned by this user, not
/// writable by others. Commands that use the cache call this first.
pub fn check_cache_dir() -> Result<PathBuf, UnsafeCache> {
    let root = cache_dir();
    for dir in [
        root.clone(),
        root.join("index"),
        root.join("prepared"),
        root.join("models"),
    ] {
        check_dir(&dir)?;
    }
    Ok(root)
}

fn check_dir(dir: &Path) -> Result<(), UnsafeCache> {
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(UnsafeCache::Unreadable(dir.to_owned(), e)),
    };
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(dir).unwrap_or_default();
        return Err(UnsafeCache::Link(dir.to_owned(), target));
    }
    if !meta.is_dir() {
        return Err(UnsafeCache::NotADirectory(dir.to_owned()));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.uid() != me {
            return Err(UnsafeCache::NotOwned(dir.to_owned(), meta.uid()));
        }
        if meta.mode() & 0o002 != 0 {
            return Err(UnsafeCache::WorldWritable(dir.to_owned(), meta.mode() & 0o7777));
        }
    }
    Ok(())
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

/// The postings already shown for one resume (by content hash) and corpus (`--new`).
pub fn seen(source: &str, resume_hash: u64) -> PathBuf {
    let key = xxhash_rust::xxh3::xxh3_64(source.as_bytes());
    cache_dir()
        .join("seen")
        .join(format!("{key:016x}-{resume_hash:016x}.json"))
}

/// How resumes were cut into windows, by resume text: one file per windowing
/// scheme and model (its tokenizer counts the pieces).
pub fn resume_cuts(weights_id: &str) -> PathBuf {
    let scheme = xxhash_rust::xxh3::xxh3_64(crate::embed::windows::SCHEME.as_bytes());
    cache_dir()
        .join("index")
        .join(format!("resume-cuts-{scheme:016x}-{weights_id}.bin"))
}
