//! Cache files shared by several filtr processes: a lock per file, and writes
//! that are all or nothing (temp file, then rename).

use std::path::{Path, PathBuf};

/// Serialises updates of one cache file across processes (the posting index,
/// the resume windows, the analysed corpus): the second waits, then finds the
/// first one's work in the file instead of doing it again.
pub fn lock(path: &Path) -> std::io::Result<std::fs::File> {
    lock_or_wait(path, || {})
}

/// [`lock`], calling `waiting` first when another process holds the lock, so
/// the user hears why nothing happens (a long `filtr index` holds it for hours).
pub fn lock_or_wait(path: &Path, waiting: impl FnOnce()) -> std::io::Result<std::fs::File> {
    if let Some(dir) = path.parent() {
        create_dir(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let file = options.open(path.with_extension("lock"))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            waiting();
            file.lock()?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    }
    remove_stale_temps(path);
    Ok(file)
}

/// Writes a file all or nothing: a temp file named after it, then a rename.
/// Readers see the old file or the new one, never a partial one. For a cache,
/// call it holding [`lock`]: a run killed mid-write leaves only that temp file,
/// which the next lock holder removes.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let tmp = temp_name(path, std::process::id());
    if let Some(dir) = path.parent() {
        create_dir(dir)?;
    }
    // A leftover of a run with this pid; `create_new` then refuses anything
    // planted in its place (a link would make the write land elsewhere).
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        let file = std::fs::File::options().write(true).create_new(true).open(&tmp)?;
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

/// Creates a cache folder; one that is a link is refused, so nothing is
/// written outside the cache.
fn create_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    if std::fs::symlink_metadata(dir)?.file_type().is_symlink() {
        return Err(std::io::Error::other(format!(
            "{} is a symbolic link; filtr does not write through links in its cache",
            dir.display()
        )));
    }
    Ok(())
}

fn temp_name(path: &Path, pid: u32) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{pid}"));
    path.with_file_name(name)
}

/// Removes temp files that killed runs left beside `path`. A writer that could
/// not take the lock (a filesystem without locks) still writes, so only the
/// temp files of processes that are gone, or of an hour ago, are removed.
fn remove_stale_temps(path: &Path) {
    let (Some(dir), Some(stem)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    let prefix = format!("{stem}.tmp-");
    let stale = |e: &std::fs::DirEntry, pid: &str| {
        let gone = cfg!(target_os = "linux") && !Path::new("/proc").join(pid).exists();
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        gone || old
    };
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name();
            let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
                continue;
            };
            if stale(&e, pid) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_holder_removes_only_temp_files_of_dead_writers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        let live = temp_name(&path, std::process::id());
        // Above Linux's pid_max (4,194,304): no such process.
        let dead = temp_name(&path, 999_999_999);
        std::fs::write(&live, b"being written").unwrap();
        std::fs::write(&dead, b"left by a killed run").unwrap();
        let _lock = lock(&path).unwrap();
        assert!(live.exists(), "a running writer's temp file was removed");
        assert_eq!(dead.exists(), !cfg!(target_os = "linux"));
        write_atomic(&path, |w| w.write_all(b"done")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"done");
        assert!(!temp_name(&path, std::process::id()).exists());
    }
}
