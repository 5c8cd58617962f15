//! A stable-Rust smoke run of the fuzz targets in `fuzz/` (no libFuzzer, no nightly).
//!
//! For each target it runs the very same calls as the fuzz target (the shared
//! file `fuzz/src/calls.rs`) over every file of `fuzz/seeds/<target>/` and
//! `fuzz/regressions/<target>/`, then over deterministic random mutations of
//! each seed (bit flips, byte insertions/deletions, truncations, splices).
//! Any panic, including a failed invariant in `calls.rs`, fails the test and
//! names the file and mutation; the offending input is written under the
//! system temp dir (`fuzz_smoke_failures/`); each input is written there as
//! `<target>/in-progress` before its call, so a hang leaves its input behind.
//!
//! `FUZZ_SMOKE_MUTATIONS=n` changes the number of mutations per seed and
//! `FUZZ_SMOKE_SEED=n` the RNG seed (for a longer local run).
//!
//! PDFs listed in `fuzz/regressions/resume_pdf/HANGS.txt` are skipped: they
//! make pdf-extract/lopdf loop or overflow the stack, which the CLI survives
//! only by extracting in a killable child process (`--pdf-timeout`).

#[path = "../../fuzz/src/calls.rs"]
mod calls;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Mutations per seed file. Chosen so the whole file runs in well under 30 s
/// in a release build (`cargo test --release --test fuzz_smoke`) on 2 cores.
const MUTATIONS: usize = 200;
/// PDF extraction is far slower than the text readers, so it gets fewer.
const PDF_MUTATIONS: usize = 60;
/// One call slower than this is reported (not failed): a sign of a superlinear path.
const SLOW: Duration = Duration::from_secs(2);

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// Files of a directory, sorted; `None` when the directory does not exist.
fn files(dir: &Path) -> Option<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.expect("a readable directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    Some(out)
}

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Bytes and tokens that tend to matter to the parsers.
const INTERESTING: &[&[u8]] = &[
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xe2\x80\x93",
    b"\xf0\x9f\x98\x80",
    b"\n",
    b"\r\n",
    b"\"",
    b",",
    b";",
    b"\t",
    b"{",
    b"}",
    b"[",
    b"]",
    b"<",
    b">",
    b"&amp;",
    b"&#",
    b"$",
    b"\xe2\x82\xac",
    b"k",
    b"-",
    b"+",
    b"9999999999",
    b"2019",
    b"Present",
    b"years",
    b"obj",
    b"endobj",
    b"stream",
    b"/Length 99999",
    b"R",
    b"<<",
    b">>",
    b"PK\x03\x04",
];

fn mutate(rng: &mut Rng, seed: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(8) {
            // Bit flip.
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            // Random byte overwrite.
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = rng.next() as u8;
            }
            // Insert random bytes.
            2 => {
                let i = rng.below(len + 1);
                let n = 1 + rng.below(8);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                data.splice(i..i, bytes);
            }
            // Insert an interesting token.
            3 => {
                let i = rng.below(len + 1);
                let tok = INTERESTING[rng.below(INTERESTING.len())];
                data.splice(i..i, tok.iter().copied());
            }
            // Delete a range.
            4 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(64));
                data.drain(i..i + n);
            }
            // Truncate.
            5 => data.truncate(rng.below(len + 1)),
            // Splice: our head, another seed's tail.
            6 if !others.is_empty() => {
                let other = &others[rng.below(others.len())];
                let cut = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            // Duplicate a chunk in place.
            _ if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(256));
                let chunk = data[i..i + n].to_vec();
                let at = rng.below(data.len() + 1);
                data.splice(at..at, chunk);
            }
            _ => {}
        }
    }
    data
}

struct Failure {
    what: String,
    message: String,
    saved: PathBuf,
}

fn run_one(target: &str, f: fn(&[u8]), what: String, data: &[u8], failures: &mut Vec<Failure>) {
    // Kept until the call returns: if it hangs, this file is the input to look at.
    let dir = std::env::temp_dir().join("fuzz_smoke_failures").join(target);
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join("in-progress"), data);
    let start = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| f(data)));
    let took = start.elapsed();
    if took > SLOW {
        eprintln!("fuzz_smoke: {target}: slow input ({took:?}): {what}");
    }
    if let Err(payload) = result {
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "(non-string panic payload)".into());
        let saved = dir.join(format!("failure-{}", failures.len()));
        let _ = std::fs::write(&saved, data);
        failures.push(Failure { what, message, saved });
    }
}

fn smoke(target: &str) {
    let f = calls::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|&(_, f)| f)
        .expect("a target in calls::TARGETS");
    let seed_dir = fuzz_dir().join("seeds").join(target);
    let seeds = files(&seed_dir).unwrap_or_else(|| panic!("missing seed directory {}", seed_dir.display()));
    assert!(!seeds.is_empty(), "seed directory {} is empty", seed_dir.display());

    let reg_dir = fuzz_dir().join("regressions").join(target);
    let hangs: Vec<String> = std::fs::read_to_string(reg_dir.join("HANGS.txt"))
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let regressions: Vec<PathBuf> = files(&reg_dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name != "HANGS.txt" && name != "README.md" && !hangs.iter().any(|h| h == name)
        })
        .collect();

    let mut failures = Vec::new();
    let contents: Vec<Vec<u8>> = seeds
        .iter()
        .map(|p| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .collect();
    for path in seeds.iter().chain(&regressions) {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        run_one(target, f, path.display().to_string(), &data, &mut failures);
    }

    let per_seed = std::env::var("FUZZ_SMOKE_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if target == "resume_pdf" {
            PDF_MUTATIONS
        } else {
            MUTATIONS
        });
    let base: u64 = std::env::var("FUZZ_SMOKE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_f117);
    let mut runs = 0;
    for (i, (path, seed)) in seeds.iter().zip(&contents).enumerate() {
        // One RNG per seed file, so adding a seed does not reshuffle the others' mutations.
        let mut rng = Rng::new(base ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        for m in 0..per_seed {
            let data = mutate(&mut rng, seed, &contents);
            let what = format!("mutation {m} of {} (FUZZ_SMOKE_SEED={base})", path.display());
            run_one(target, f, what, &data, &mut failures);
            runs += 1;
        }
    }
    eprintln!(
        "fuzz_smoke: {target}: {} seeds, {} regressions, {runs} mutations, {} panics",
        seeds.len(),
        regressions.len(),
        failures.len()
    );
    if !failures.is_empty() {
        let report: String = failures
            .iter()
            .map(|f| format!("\n  - {}: {} (input saved to {})", f.what, f.message, f.saved.display()))
            .collect();
        panic!("{target}: {} inputs panicked:{report}", failures.len());
    }
}

#[test]
fn corpus() {
    smoke("corpus");
}

#[test]
fn corpus_stream() {
    smoke("corpus_stream");
}

#[test]
fn resume_pdf() {
    smoke("resume_pdf");
}

#[test]
fn resume_docx() {
    smoke("resume_docx");
}

#[test]
fn resume_text() {
    smoke("resume_text");
}

#[test]
fn free_text() {
    smoke("free_text");
}

/// Every target in the shared list has a test above.
#[test]
fn all_targets_covered() {
    let names: Vec<&str> = calls::TARGETS.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "corpus",
            "corpus_stream",
            "resume_pdf",
            "resume_docx",
            "resume_text",
            "free_text"
        ]
    );
}
