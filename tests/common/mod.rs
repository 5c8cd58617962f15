#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The model folder for tests that embed: `FILTR_TEST_MODEL`, else an installed model.
/// With `FILTR_REQUIRE_MODEL=1` (set by `.ci/run`) or `CI`, a missing model fails the test;
/// otherwise the test says loudly that it did not run.
pub fn model_dir() -> Option<PathBuf> {
    let found = match std::env::var_os("FILTR_TEST_MODEL") {
        Some(p) => Some(PathBuf::from(p)),
        None => filtr::embed::store::locate(None).ok().flatten().map(|(d, _)| d),
    };
    if let Some(dir) = &found {
        assert!(
            filtr::embed::store::missing_files(dir).is_empty(),
            "FILTR_TEST_MODEL={} is not a complete model folder",
            dir.display()
        );
        return found;
    }
    let required =
        std::env::var_os("FILTR_REQUIRE_MODEL").is_some_and(|v| v == "1") || std::env::var_os("CI").is_some();
    if required {
        panic!("the embedding model is required (FILTR_REQUIRE_MODEL/CI) but not installed: set FILTR_TEST_MODEL or run `filtr model import`");
    }
    eprintln!("NOT RUN: no embedding model installed (set FILTR_TEST_MODEL); this test did not check anything");
    None
}

/// The real binary with an isolated cache, no model unless given, no colour.
pub fn filtr(cache: &Path) -> Command {
    let mut cmd = Command::cargo_bin("filtr").expect("binary builds");
    cmd.env("FILTR_CACHE_DIR", cache)
        .env("HF_HOME", cache.join("hf"))
        .env_remove("HF_HUB_CACHE")
        .env_remove("FILTR_MODEL")
        .env_remove("FILTR_CORPUS")
        .env_remove("FILTR_CONFIG")
        .env("XDG_CONFIG_HOME", cache.join("config"))
        .env("NO_COLOR", "1");
    cmd
}

/// `filtr` with the test model.
pub fn filtr_with_model(cache: &Path, model: &Path) -> Command {
    let mut cmd = filtr(cache);
    cmd.env("FILTR_MODEL", model);
    cmd
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Parses `--format json` output: one object per line.
pub fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(stdout.to_vec())
        .expect("utf-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// Runs filtr, reads the first bytes of its output and closes the pipe, like `| head -c 64`.
pub fn run_with_closed_pipe(mut cmd: std::process::Command) -> std::process::Output {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut first = [0u8; 64];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}
