//! Crash safety and privacy with the real binary and the real model: SIGKILL
//! while the index is written, two writers at once, and no network traffic.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use crate::common::{filtr_with_model, json_lines, model_dir};

/// Enough postings that embedding takes a few seconds, so kills land mid-work.
fn corpus(dir: &Path, n: usize) -> std::path::PathBuf {
    let trades = [
        "Electrician",
        "Plumber",
        "Line Cook",
        "Registered Nurse",
        "Data Analyst",
        "Carpenter",
    ];
    let postings: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let t = trades[i % trades.len()];
            serde_json::json!({
                "id": format!("p{i}"),
                "title": format!("{t} {i}"),
                "description": format!("{t} wanted for site {i}. Reliable, licensed, safety first, team of {i} people."),
                "requirements": [format!("{} years as a {t}", i % 7 + 1), "Valid driver's license"]
            })
        })
        .collect();
    let path = dir.join("jobs.json");
    std::fs::write(&path, serde_json::to_string(&postings).unwrap()).unwrap();
    path
}

fn ids(stdout: &[u8]) -> Vec<String> {
    json_lines(stdout)[0]["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| format!("{}:{}", m["id"].as_str().unwrap(), m["score"]))
        .collect()
}

fn index_dir_files(cache: &Path) -> Vec<String> {
    std::fs::read_dir(cache.join("index"))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn sigkill_while_indexing_never_leaves_a_corrupt_index() {
    let model = model_dir();
    let dir = tempfile::tempdir().unwrap();
    let jobs = corpus(dir.path(), 60);
    let cv = dir.path().join("cv.txt");
    std::fs::write(
        &cv,
        "Licensed electrician, 6 years: conduit, panels, NEC code, troubleshooting.",
    )
    .unwrap();
    let run = |cache: &Path| {
        filtr_with_model(cache, &model)
            .args(["match", "-f", "json", "-n", "5", "--corpus"])
            .arg(&jobs)
            .arg(&cv)
            .assert()
            .success()
            .get_output()
            .clone()
    };
    let reference = ids(&run(&dir.path().join("fresh")).stdout);

    let cache = dir.path().join("cache");
    let bin = assert_cmd::cargo::cargo_bin("filtr");
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    for round in 0..8 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let delay = Duration::from_millis(150 + rng % 2500);
        let mut child = std::process::Command::new(&bin)
            .env("FILTR_CACHE_DIR", &cache)
            .env("FILTR_MODEL", &model)
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .args(["match", "-q", "-f", "json", "--corpus"])
            .arg(&jobs)
            .arg(&cv)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        // SIGKILL on Unix: no destructor, no cleanup.
        let _ = child.kill();
        let _ = child.wait();
        // Every few rounds the corpus changes, so the cache is rewritten, not only created.
        if round % 3 == 2 {
            let mut v: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(&jobs).unwrap()).unwrap();
            v[round]["description"] = format!("Rewritten in round {round}").into();
            std::fs::write(&jobs, serde_json::to_string(&v).unwrap()).unwrap();
        }
    }
    // Restore the original corpus: the result must equal a run on a fresh cache.
    corpus(dir.path(), 60);
    let after = run(&cache);
    let stderr = String::from_utf8_lossy(&after.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(ids(&after.stdout), reference, "{stderr}");
    // A second run reuses the complete index: nothing to embed.
    let again = run(&cache);
    assert!(
        !String::from_utf8_lossy(&again.stderr).contains("embedded"),
        "index not reused"
    );
    let files = index_dir_files(&cache);
    assert!(files.iter().all(|f| !f.contains(".tmp")), "temp files left: {files:?}");
}

#[test]
fn two_writers_at_once_both_finish_and_agree() {
    let model = model_dir();
    let dir = tempfile::tempdir().unwrap();
    let jobs = corpus(dir.path(), 30);
    let cv = dir.path().join("cv.txt");
    std::fs::write(&cv, "Registered nurse: ICU, BLS, ACLS, Epic charting.").unwrap();
    let cache = dir.path().join("cache");
    let spawn = || spawn_match(dir.path(), &cache, &model, &jobs, &cv);
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success() && b.status.success());
    assert_eq!(ids(&a.stdout), ids(&b.stdout));
    // The lock made the second wait and reuse the first one's vectors.
    let embedded = [&a, &b]
        .iter()
        .filter(|o| String::from_utf8_lossy(&o.stderr).contains("embedded 30 postings"))
        .count();
    assert_eq!(embedded, 1, "both processes embedded the corpus");
    let third = filtr_with_model(&cache, &model)
        .args(["match", "-f", "json", "--corpus"])
        .arg(&jobs)
        .arg(&cv)
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(ids(&third.stdout), ids(&a.stdout));
    assert!(!String::from_utf8_lossy(&third.stderr).contains("embedded"));
}

/// filtr makes no network request unless asked to download the model: every
/// proxy variable and the Hub endpoint point at a listener that records any
/// connection, while match, explain, embed and eval run.
#[test]
fn no_network_unless_downloading() {
    let model = model_dir();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let cv = dir.path().join("cv.txt");
    std::fs::write(&cv, "Line cook, ServSafe, grill and saute stations.").unwrap();
    let with_proxies = |args: &[&str]| {
        let mut c = filtr_with_model(&dir.path().join("cache"), &model);
        for var in [
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "http_proxy",
            "https_proxy",
            "all_proxy",
        ] {
            c.env(var, &addr);
        }
        c.env("HF_ENDPOINT", &addr)
            .current_dir(crate::common::repo())
            .args(args);
        c
    };
    let cv = cv.to_str().unwrap();
    with_proxies(&["match", cv]).assert().success();
    with_proxies(&["match", "--no-model", cv]).assert().success();
    with_proxies(&["explain", cv, "pinterest-ml-ts"]).assert().success();
    with_proxies(&["embed", "--text", "hello"]).assert().success();
    with_proxies(&["model", "list"]).assert().success();
    let mut contacted = 0;
    while let Ok((mut s, _)) = listener.accept() {
        let mut buf = [0u8; 256];
        let _ = s.set_read_timeout(Some(Duration::from_millis(100)));
        let _ = s.read(&mut buf);
        contacted += 1;
    }
    assert_eq!(contacted, 0, "filtr contacted the network");
    // The check itself works: a download does contact the listener.
    let _ = with_proxies(&["model", "download"])
        .timeout(Duration::from_secs(20))
        .assert();
    std::thread::sleep(Duration::from_millis(200));
    let mut download_contacts = 0;
    while listener.accept().is_ok() {
        download_contacts += 1;
    }
    assert!(
        download_contacts > 0,
        "the listener saw no traffic even from `model download`"
    );
}

/// The cache file for the corpus and the lock beside it (the only `.safetensors`
/// file in the cache's index folder apart from resume windows).
/// `filtr match -f json --corpus jobs cv` running in the background, its output piped.
fn spawn_match(dir: &Path, cache: &Path, model: &Path, jobs: &Path, cv: &Path) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("filtr"))
        .env("FILTR_CACHE_DIR", cache)
        .env("FILTR_MODEL", model)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .args(["match", "-f", "json", "--corpus"])
        .arg(jobs)
        .arg(cv)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

fn posting_index(cache: &Path) -> std::path::PathBuf {
    std::fs::read_dir(cache.join("index"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".safetensors") && !name.starts_with("resume-windows")
        })
        .expect("a posting index")
}

/// A corpus of `n` postings, indexed into a fresh cache: (its folder, the cache, the corpus).
fn indexed_corpus(model: &Path, n: usize) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let jobs = corpus(dir.path(), n);
    filtr_with_model(&cache, model)
        .args(["index", "--corpus"])
        .arg(&jobs)
        .assert()
        .success();
    (dir, cache, jobs)
}

/// Runs filtr with `args` under a 1 KiB file-size limit: writing the cache fails
/// as on a full disk (EFBIG rather than ENOSPC; SIGXFSZ is ignored so the
/// write returns an error instead of killing the process).
fn with_tiny_disk(cache: &Path, model: &Path, args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new("bash")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 1; exec \"$@\"")
        .arg("bash")
        .arg(assert_cmd::cargo::cargo_bin("filtr"))
        .args(args)
        .env("FILTR_CACHE_DIR", cache)
        .env("FILTR_MODEL", model)
        .output()
        .unwrap()
}

#[test]
fn a_failed_index_write_is_an_error_and_keeps_the_previous_index() {
    let model = model_dir();
    let (dir, cache, jobs) = indexed_corpus(&model, 4);
    let index = posting_index(&cache);
    let before = std::fs::read(&index).unwrap();
    corpus(dir.path(), 5);
    let out = with_tiny_disk(
        &cache,
        &model,
        &["index".as_ref(), "--corpus".as_ref(), jobs.as_os_str()],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("filtr: error: cannot write cache") && stderr.contains("previous index, if any, is unchanged"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&index).unwrap(),
        before,
        "the previous index was modified"
    );
    let files = index_dir_files(&cache);
    assert!(files.iter().all(|f| !f.contains(".tmp-")), "temp file left: {files:?}");
    // The same failure during `match` is a warning: the ranking is still printed.
    let cv = dir.path().join("cv.txt");
    std::fs::write(&cv, "Licensed electrician: conduit, panels, NEC code.").unwrap();
    let args = [
        "match".as_ref(),
        "-f".as_ref(),
        "json".as_ref(),
        "--corpus".as_ref(),
        jobs.as_os_str(),
        cv.as_os_str(),
    ];
    let out = with_tiny_disk(&cache, &model, &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("warning: cannot write cache"), "{stderr}");
    assert_eq!(json_lines(&out.stdout)[0]["matches"].as_array().unwrap().len(), 5);
    assert_eq!(std::fs::read(&index).unwrap(), before);
}

#[test]
fn an_unlockable_cache_is_still_read() {
    let model = model_dir();
    let (dir, cache, jobs) = indexed_corpus(&model, 4);
    // A directory where the lock file goes cannot be opened for writing, even
    // by root: the same failure as a read-only cache directory.
    let lock = posting_index(&cache).with_extension("lock");
    std::fs::remove_file(&lock).unwrap();
    std::fs::create_dir(&lock).unwrap();
    let cv = dir.path().join("cv.txt");
    std::fs::write(&cv, "Licensed electrician: conduit, panels, NEC code.").unwrap();
    let out = filtr_with_model(&cache, &model)
        .args(["match", "-f", "json", "--corpus"])
        .arg(&jobs)
        .arg(&cv)
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot lock cache"), "{stderr}");
    assert!(
        !stderr.contains("embedded"),
        "the cached vectors were not used: {stderr}"
    );
    assert_eq!(json_lines(&out.stdout)[0]["matches"].as_array().unwrap().len(), 4);
}

#[test]
fn a_corpus_rewritten_during_indexing_is_reported() {
    let model = model_dir();
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let jobs = corpus(dir.path(), 80);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("filtr"))
        .args(["index", "--corpus"])
        .arg(&jobs)
        .env("FILTR_CACHE_DIR", &cache)
        .env("FILTR_MODEL", &model)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The lock appears once the corpus is read, before embedding starts.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !index_dir_files(&cache).iter().any(|f| f.ends_with(".lock")) {
        assert!(std::time::Instant::now() < deadline, "indexing never started");
        std::thread::sleep(Duration::from_millis(5));
    }
    corpus(dir.path(), 81);
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("changed while it was being indexed"), "{stderr}");
    // What was written is valid: the next run embeds only the new posting.
    let out = filtr_with_model(&cache, &model)
        .args(["index", "--corpus"])
        .arg(&jobs)
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("embedded 1 postings (80 reused)"), "{stderr}");
}

#[test]
fn a_match_behind_a_running_index_says_it_waits_then_answers() {
    let model = model_dir();
    let (dir, cache, jobs) = indexed_corpus(&model, 4);
    let cv = dir.path().join("cv.txt");
    std::fs::write(&cv, "Licensed electrician: conduit, panels, NEC code.").unwrap();
    // This test holds the index's lock, as a long `filtr index` would.
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(posting_index(&cache).with_extension("lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut child = spawn_match(dir.path(), &cache, &model, &jobs, &cv);
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr).lines() {
            tx.send(line.unwrap()).ok();
        }
    });
    let note = std::iter::from_fn(|| rx.recv_timeout(Duration::from_secs(60)).ok())
        .find(|l| l.contains("waiting for another filtr process that is updating"))
        .expect("no note while waiting for the lock");
    assert!(
        note.contains(".safetensors"),
        "the note does not name the index: {note}"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the match did not wait for the lock"
    );
    lock.unlock().unwrap();
    let mut stdout = Vec::new();
    child.stdout.take().unwrap().read_to_end(&mut stdout).unwrap();
    assert!(child.wait().unwrap().success());
    reader.join().unwrap();
    let rest: Vec<String> = rx.try_iter().collect();
    assert!(
        !rest.iter().any(|l| l.contains("embedded")),
        "the index's vectors were not reused: {rest:?}"
    );
    assert_eq!(json_lines(&stdout)[0]["matches"].as_array().unwrap().len(), 4);
}
