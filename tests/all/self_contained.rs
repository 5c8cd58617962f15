//! A clone of the repository is all a user, a packager or CI has: nothing may
//! read beside it, and nothing may name a path of the machine it was written on.

use crate::common::repo;

/// Tracked files, as git lists them.
fn tracked() -> Vec<String> {
    let out = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(repo())
        .output()
        .expect("git is needed to list the tracked files");
    assert!(
        out.status.success(),
        "git ls-files failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split('\0')
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}

/// Lines of tracked text files under `dirs` (all when empty) containing any of `needles`.
fn lines_naming(dirs: &[&str], needles: &[&str]) -> Vec<String> {
    let files = tracked();
    assert!(files.len() > 100, "only {} tracked files: not a checkout?", files.len());
    let mut hits = Vec::new();
    for f in files {
        if !dirs.is_empty() && !dirs.iter().any(|d| f.starts_with(&format!("{d}/"))) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(repo().join(&f)) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if needles.iter().any(|x| line.contains(x)) {
                hits.push(format!("{f}:{}: {}", n + 1, line.chars().take(160).collect::<String>()));
            }
        }
    }
    hits
}

#[test]
fn no_test_bench_example_or_source_reads_beside_the_repository() {
    // Spelled in parts, so this file does not name the folder it looks for.
    let beside = ["..", "shared"];
    let hits = lines_naming(
        &["tests", "benches", "examples", "src"],
        &[&beside.join("/"), &beside.join("\\")],
    );
    assert!(hits.is_empty(), "paths outside the repository:\n{}", hits.join("\n"));
}

#[test]
fn no_tracked_file_names_a_path_of_the_machine_it_was_written_on() {
    // The workspace, the root user's home and the session's job folders of the
    // machine filtr is developed on. URLs in scraped postings are not paths.
    let needles = [
        "/work/main",
        "/work/.mirror",
        "/work/before",
        "/root/",
        "/tmp/bash_jobs",
    ];
    let hits: Vec<String> = lines_naming(&[], &needles)
        .into_iter()
        .filter(|h| !h.starts_with("tests/all/self_contained.rs:"))
        .collect();
    assert!(hits.is_empty(), "machine paths in tracked files:\n{}", hits.join("\n"));
}
