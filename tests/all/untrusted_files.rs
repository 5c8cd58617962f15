//! Files filtr did not write, where it keeps its own: a model folder with a
//! header claiming terabytes or a 1 GB tokenizer, a cache directory that is a
//! link or writable by everyone. Each gets a clear error naming it, no huge
//! allocation, and nothing written outside the cache.

use std::path::Path;

use crate::common::{filtr, model_dir, repo};

fn resume() -> String {
    repo().join("data/resumes/data_analyst.md").display().to_string()
}

/// A copy of the test model with one file replaced.
fn model_with(dir: &Path, file: &str, write: impl FnOnce(&Path)) -> std::path::PathBuf {
    let model = dir.join(format!("model-{}", file.replace('.', "-")));
    std::fs::create_dir_all(&model).unwrap();
    for f in filtr::store::models::MODEL_FILES {
        std::fs::copy(model_dir().join(f), model.join(f)).unwrap();
    }
    write(&model.join(file));
    model
}

/// Runs `filtr embed` with `model`: (success, stderr).
fn embed_with(model: &Path, cache: &Path) -> (bool, String) {
    let text = cache.parent().unwrap().join("text.txt");
    std::fs::write(&text, "hello world").unwrap();
    let out = filtr(cache)
        .arg("embed")
        .arg(&text)
        .env("FILTR_MODEL", model)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_model_file_claiming_terabytes_or_a_gigabyte_tokenizer_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let header = model_with(dir.path(), "model.safetensors", |p| {
        let mut bytes = (1u64 << 40).to_le_bytes().to_vec();
        bytes.extend_from_slice(b"{}");
        std::fs::write(p, bytes).unwrap();
    });
    let (ok, stderr) = embed_with(&header, &cache);
    assert!(!ok);
    assert!(
        stderr.contains(&format!("model folder {}", header.display()))
            && stderr.contains("model.safetensors")
            && stderr.contains("header too large"),
        "{stderr}"
    );
    // Sparse: a gigabyte that costs no disk, and that filtr must not read.
    for file in ["tokenizer.json", "config.json"] {
        let big = model_with(dir.path(), file, |p| {
            std::fs::File::create(p).unwrap().set_len(1 << 30).unwrap();
        });
        let (ok, stderr) = embed_with(&big, &cache);
        assert!(!ok);
        assert!(
            stderr.contains(&format!("{file}: 1024 MB, larger than"))
                && stderr.contains("too large to be a model file"),
            "{stderr}"
        );
    }
    // Importing one is refused the same way, and installs nothing.
    let big = dir.path().join("model-tokenizer-json");
    let out = filtr(&cache).args(["model", "import"]).arg(&big).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("too large to be a model file"));
    assert!(!cache.join("models").join("all-MiniLM-L6-v2").exists());
}

#[test]
fn a_cache_directory_that_is_a_link_is_refused_and_nothing_is_written_through_it() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let link = dir.path().join("cache");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let out = filtr(&link).args(["match", &resume()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("cache directory {} is a symbolic link", link.display())),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(&elsewhere).unwrap().count(),
        0,
        "something was written through the link"
    );

    // A link one level down (the vector index folder) is refused the same way.
    let cache = dir.path().join("real-cache");
    std::fs::create_dir(&cache).unwrap();
    std::os::unix::fs::symlink(&elsewhere, cache.join("index")).unwrap();
    let out = filtr(&cache).args(["index"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("index is a symbolic link"));
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[test]
fn a_cache_directory_writable_by_everyone_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    std::fs::create_dir(&cache).unwrap();
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o777)).unwrap();
    let out = filtr(&cache).args(["match", &resume()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is writable by every user (mode 777)"), "{stderr}");
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 0);
    // Fixed as the message says, it is used.
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = filtr(&cache).args(["match", &resume(), "-q"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_planted_link_in_place_of_a_temp_or_lock_file_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside.txt");
    let cache = dir.path().join("cache");
    std::fs::create_dir_all(cache.join("prepared")).unwrap();
    // Lock files are named after the cache file; plant links for every name a run could use.
    let key = xxhash_rust::xxh3::xxh3_64(filtr::postings::BUNDLED_NAME.as_bytes());
    std::os::unix::fs::symlink(&outside, cache.join("prepared").join(format!("{key:016x}.lock"))).unwrap();
    let out = filtr(&cache).args(["match", &resume(), "--no-model"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!outside.exists(), "a file was created through a planted link");
    // The run is answered; only its cache is not written, and it says so.
    assert!(
        stderr.contains(&format!(
            "cannot write cache {}",
            cache.join("prepared").join(format!("{key:016x}.bin")).display()
        )),
        "{stderr}"
    );
}
