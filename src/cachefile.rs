//! Cache files shared by several filtr processes: a lock per file, and writes
//! that are all or nothing (temp file, then rename).

use std::path::{Path, PathBuf};

/// Serialises index updates across processes: the second waits, then finds
/// the first one's vectors in the cache instead of embedding them again.
pub fn lock(path: &Path) -> std::io::Result<std::fs::File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path.with_extension("lock"))?;
    file.lock()?;
    remove_stale_temps(path);
    Ok(file)
}

/// Writes the cache under its lock: a temp file named after it, then a rename.
/// A run killed mid-write leaves only that temp file, which the next lock
/// holder removes; the cache itself is always a complete file or absent.
pub fn write_locked(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let tmp = temp_name(path, std::process::id());
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
        write(&mut w)?;
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn temp_name(path: &Path, pid: u32) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{pid}"));
    path.with_file_name(name)
}

/// Removes temp files that killed runs left beside `path` (only lock holders write them).
fn remove_stale_temps(path: &Path) {
    let (Some(dir), Some(stem)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    let prefix = format!("{stem}.tmp-");
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_name().to_str().is_some_and(|n| n.starts_with(&prefix)) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}
