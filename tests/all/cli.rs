//! The real binary on real files, ranking by keywords (`--no-model`), plus
//! which model a build uses when none is asked for: the bundled one, or none
//! in a slim build (`--no-default-features`; CI runs this module that way too).

use crate::common::{filtr, json_lines, repo, run_with_closed_pipe};
use predicates::prelude::*;
use predicates::str::contains;

const NURSE: &str = "Maria Lopez\nRegistered Nurse\n\nEXPERIENCE\nICU registered nurse, 6 years. Patient assessment, \
medication administration, BLS and ACLS certified, Epic charting.\n\nSKILLS\nBLS, ACLS, Epic, telemetry, IV therapy";
const BACKEND: &str = "Sam Chen\nSenior Backend Engineer\n\nEXPERIENCE\nBuilt distributed systems in Go and Java with \
PostgreSQL, Kafka and Kubernetes. Designed gRPC and REST APIs.\n\nSKILLS\nGo, Java, PostgreSQL, Kafka, Kubernetes, gRPC";

fn small_corpus() -> String {
    serde_json::json!([
        {"id": "rn-1", "title": "Registered Nurse, ICU", "company": "St. Mary Hospital",
         "requirements": ["Active RN license", "BLS and ACLS certification", "Epic EHR"],
         "description": "Provide patient assessment and medication administration in a 24-bed ICU.",
         "salary": {"min": 42.5, "max": 61, "period": "hour"}, "locations": ["Denver, CO, US"], "remote": false,
         "posted": "2026-10-01"},
        {"id": "be-1", "title": "Senior Backend Engineer", "company": "Streamline",
         "requirements": ["Go or Java", "PostgreSQL", "Kubernetes", "Kafka"],
         "description": "Design gRPC services and distributed systems.",
         "salary": {"min": 170000, "max": 210000, "currency": "USD", "period": "year"},
         "locations": ["Remote, US"], "remote": true, "posted": "2026-09-15"},
        {"id": "cook-1", "title": "Line Cook", "company": "Harbor Bistro",
         "requirements": ["ServSafe", "Knife skills"], "description": "High-volume brunch line.",
         "salary": {"min": 18, "max": 21, "period": "hour"}, "locations": ["Austin, TX, US"], "posted": "2026-08-01"},
        {"id": "acct-1", "title": "Staff Accountant", "company": "Ledgerly",
         "requirements": ["GAAP", "Month-end close", "NetSuite"], "locations": ["New York, NY, US", "Remote, US"],
         "remote": true, "posted": "2026-07-20"}
    ])
    .to_string()
}

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("jobs.json"), small_corpus()).unwrap();
        Fixture { dir }
    }
    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }
    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        std::fs::write(self.path(name), bytes).unwrap();
        self.path(name).display().to_string()
    }
    fn cmd(&self) -> assert_cmd::Command {
        let mut c = filtr(&self.path("cache"));
        c.arg("match")
            .arg("--no-model")
            .arg("--corpus")
            .arg(self.path("jobs.json"));
        c
    }
    /// `match` as a user types it, whatever model the build has.
    fn default_cmd(&self) -> assert_cmd::Command {
        let mut c = filtr(&self.path("cache"));
        c.arg("match").arg("--corpus").arg(self.path("jobs.json"));
        c
    }
}

#[cfg(not(feature = "bundled-model"))]
#[test]
fn a_slim_build_without_a_model_ranks_by_keywords_and_says_so() {
    let f = Fixture::new();
    let cv = f.write("nurse.txt", NURSE);
    let out = f.default_cmd().arg(&cv).args(["--format", "json"]).assert().success();
    let out = out.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no embedding model installed"), "{stderr}");
    let lines = json_lines(&out.stdout);
    assert!(lines[0]["model"].is_null());
    assert_eq!(lines[0]["matches"][0]["id"], "rn-1");
    assert!(lines[0]["matches"][0]["signals"]["semantic"].is_null());
    filtr(&f.path("cache"))
        .args(["model", "list"])
        .assert()
        .success()
        .stdout(contains("none installed").and(contains("bundled").not()));
    filtr(&f.path("cache"))
        .args(["index", "--corpus"])
        .arg(f.path("jobs.json"))
        .assert()
        .code(1)
        .stderr(contains("no embedding model installed"));
}

#[cfg(not(feature = "download"))]
#[test]
fn a_build_without_downloads_says_how_to_install_a_model() {
    let f = Fixture::new();
    filtr(&f.path("cache"))
        .args(["model", "download"])
        .env("HF_ENDPOINT", "http://127.0.0.1:9")
        .assert()
        .code(1)
        .stderr(contains("cargo feature `download`").and(contains("filtr model import")));
}

#[cfg(feature = "bundled-model")]
#[test]
fn the_bundled_model_ranks_semantically_out_of_the_box() {
    let f = Fixture::new();
    let cv = f.write("nurse.txt", NURSE);
    let out = f.default_cmd().arg(&cv).args(["--format", "json"]).assert().success();
    let out = out.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("no embedding model"), "{stderr}");
    let lines = json_lines(&out.stdout);
    assert_eq!(lines[0]["model"], "sentence-transformers/all-MiniLM-L6-v2");
    let m = lines[0]["matches"].as_array().unwrap();
    assert_eq!(m[0]["id"], "rn-1");
    assert!(m.iter().all(|x| x["signals"]["semantic"].is_number()), "{m:?}");
    let list = filtr(&f.path("cache")).args(["model", "list"]).assert().success();
    let list = String::from_utf8_lossy(&list.get_output().stdout).to_string();
    let bundled = list
        .lines()
        .find(|l| l.trim_start().starts_with("bundled"))
        .expect(&list);
    assert!(bundled.contains("in use") && bundled.contains("f16"), "{list}");
    let id = filtr::embed::weights_id(filtr::embed::bundled::files().unwrap().weights);
    assert!(bundled.contains(&id), "{list}");
}

#[test]
fn help_has_examples_for_match() {
    let f = Fixture::new();
    filtr(&f.path("cache"))
        .args(["match", "--help"])
        .assert()
        .success()
        .stdout(contains("Examples:").and(contains("--min-salary")));
    filtr(&f.path("cache")).arg("frobnicate").assert().code(2);
}

#[test]
fn without_a_model_it_ranks_by_keywords() {
    let f = Fixture::new();
    let cv = f.write("nurse.pdf", filtr::testkit::pdf(NURSE));
    let out = f.cmd().arg(&cv).args(["--format", "json"]).assert().success();
    let out = out.get_output();
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["resume"], cv.as_str());
    assert!(lines[0]["model"].is_null());
    let m = lines[0]["matches"].as_array().unwrap();
    assert_eq!(m[0]["id"], "rn-1");
    assert_eq!(m[0]["salary"]["period"], "hour");
    let ranks: Vec<u64> = m.iter().map(|x| x["rank"].as_u64().unwrap()).collect();
    assert_eq!(ranks, (1..=m.len() as u64).collect::<Vec<_>>());
    let scores: Vec<f64> = m.iter().map(|x| x["score"].as_f64().unwrap()).collect();
    assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)), "{scores:?}");
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // Without a model there is no semantic signal, and the score is the fusion of the others.
    for x in m {
        let s = &x["signals"];
        assert!(s["semantic"].is_null(), "{x}");
        let signals = filtr::rank::Signals {
            semantic: None,
            keyword: s["keyword"].as_f64().unwrap() as f32,
            skills: s["skills"].as_f64().map(|v| v as f32),
            title: s["title"].as_f64().unwrap() as f32,
            role: s["role"].as_f64().map(|v| v as f32),
            occupation: s["occupation"].as_f64().map(|v| v as f32),
            seniority: s["seniority"].as_f64().map(|v| v as f32),
        };
        let fused = filtr::rank::Weights::FUSED.fuse(&signals) as f64;
        assert!((fused - x["score"].as_f64().unwrap()).abs() < 1e-3, "{x}");
    }
    // Every match explains itself; the nurse posting's skills are all on the resume.
    let e = &m[0]["explanation"];
    assert!(
        e["matched_skills"].as_array().unwrap().iter().any(|s| s == "BLS"),
        "{e}"
    );
    assert!(e["missing_skills"].as_array().unwrap().is_empty(), "{e}");
    assert!(
        e["seniority"]["summary"].is_string() && e.get("best_passage").is_some(),
        "{e}"
    );
}

#[test]
fn filters_are_honoured() {
    let f = Fixture::new();
    let cv = f.write("be.txt", BACKEND);
    let ids = |args: &[&str]| -> Vec<String> {
        let out = f
            .cmd()
            .arg(&cv)
            .args(["--format", "json", "-q"])
            .args(args)
            .assert()
            .success();
        json_lines(&out.get_output().stdout)[0]["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_string())
            .collect()
    };
    let mut remote = ids(&["--remote"]);
    remote.sort();
    assert_eq!(remote, ["acct-1", "be-1"]);
    assert_eq!(ids(&["--location", "DENVER"]), ["rn-1"]);
    // $61/hr × 2,080 = $126,880 a year.
    let mut paid = ids(&["--min-salary", "120k"]);
    paid.sort();
    assert_eq!(paid, ["be-1", "rn-1"]);
    assert_eq!(ids(&["--min-salary", "200000"]), ["be-1"]);
    assert_eq!(ids(&["--top", "2"]).len(), 2);
}

#[test]
fn table_fits_80_columns_and_csv_has_one_row_per_match() {
    let f = Fixture::new();
    let cv = f.write("be.md", format!("# {BACKEND}"));
    let out = f.cmd().arg(&cv).assert().success();
    let table = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(table.contains("Streamline") && table.contains("Remote"), "{table}");
    assert!(table.contains("$170,000–$210,000/yr"), "{table}");
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    assert!(!table.contains('\x1b'), "no colour when not a TTY");

    let out = f.cmd().arg(&cv).args(["--format", "csv"]).assert().success();
    let mut rdr = csv::Reader::from_reader(&out.get_output().stdout[..]);
    assert_eq!(&rdr.headers().unwrap()[0], "resume");
    let rows: Vec<_> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[0][3], "be-1");
}

#[test]
fn batch_reports_a_broken_file_and_ranks_the_rest() {
    let f = Fixture::new();
    let batch = f.path("batch");
    std::fs::create_dir(&batch).unwrap();
    std::fs::write(batch.join("a_nurse.pdf"), filtr::testkit::pdf(NURSE)).unwrap();
    std::fs::write(batch.join("b_backend.docx"), filtr::testkit::docx(BACKEND)).unwrap();
    let good = filtr::testkit::pdf(NURSE);
    std::fs::write(batch.join("c_broken.pdf"), &good[..good.len() / 3]).unwrap();
    std::fs::write(batch.join("notes.png"), b"\x89PNG....").unwrap();
    let out = f.cmd().arg(&batch).args(["--format", "json"]).assert().code(1);
    let out = out.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("c_broken.pdf"), "{stderr}");
    assert!(stderr.contains("skipping") && stderr.contains("notes.png"), "{stderr}");
    assert!(stderr.contains("1 of 3 resumes failed"), "{stderr}");
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 2);
    assert!(lines[0]["resume"].as_str().unwrap().ends_with("a_nurse.pdf"));
    assert_eq!(lines[0]["matches"][0]["id"], "rn-1");
    assert_eq!(lines[1]["matches"][0]["id"], "be-1");
}

#[test]
fn resume_from_stdin() {
    let f = Fixture::new();
    let out = f
        .cmd()
        .args(["-", "--format", "json", "-q"])
        .write_stdin(NURSE)
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines[0]["resume"], "-");
    assert_eq!(lines[0]["matches"][0]["id"], "rn-1");
}

#[test]
fn bad_resumes_get_clear_errors() {
    let f = Fixture::new();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.pdf", vec![], "file is empty"),
        (
            "scan.pdf",
            filtr::testkit::pdf_without_text(),
            "no extractable text (scanned image? OCR is not supported)",
        ),
        ("locked.pdf", filtr::testkit::pdf_encrypted("secret"), "encrypted"),
        (
            "photo.pdf",
            b"\xFF\xD8\xFF\xE0 jpeg data".to_vec(),
            "unsupported file type (JPEG image)",
        ),
        (
            "plain.docx",
            filtr::testkit::zip_files(&[("a.txt", "hi")]),
            "without word/document.xml",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = f.write(name, bytes);
        f.cmd()
            .arg(&path)
            .assert()
            .code(1)
            .stderr(contains(format!("filtr: error: {path}")).and(contains(expected)));
    }
    f.cmd()
        .arg(f.path("missing.pdf"))
        .assert()
        .code(1)
        .stderr(contains("missing.pdf: cannot read file"));
}

#[test]
fn invalid_json_names_file_line_and_column() {
    let f = Fixture::new();
    let bad = f.write("bad.json", "[\n  {\"title\": \"A\"},\n  {\"title\": \"B\",}\n]\n");
    let cv = f.write("cv.txt", NURSE);
    filtr(&f.path("cache"))
        .args(["match", &cv, "--corpus", &bad])
        .assert()
        .code(1)
        .stderr(contains(format!("{bad}:3:17: invalid JSON: trailing comma")));
    let jsonl = f.write("bad.jsonl", "{\"title\": \"A\"}\n{\"title\": 5\n");
    filtr(&f.path("cache"))
        .args(["match", &cv, "--corpus", &jsonl])
        .assert()
        .code(1)
        .stderr(contains(format!("{jsonl}:2:")));
    let empty = f.write("empty.json", "[]");
    filtr(&f.path("cache"))
        .args(["match", &cv, "--corpus", &empty])
        .assert()
        .code(1)
        .stderr(contains("the corpus has no postings"));
}

#[test]
fn invalid_postings_are_skipped_unless_strict() {
    let f = Fixture::new();
    let corpus = f.write(
        "mixed.jsonl",
        "{\"id\":\"ok\",\"title\":\"Registered Nurse\"}\n{\"id\":\"nt\",\"company\":\"X\"}\n{\"title\":\"Cook\",\"salary\":{\"min\":\"20\"}}\n",
    );
    let cv = f.write("cv.txt", NURSE);
    filtr(&f.path("cache"))
        .args(["match", &cv, "--corpus", &corpus, "--format", "json"])
        .assert()
        .success()
        .stderr(
            contains("posting 1 (line 2, id \"nt\"): field `title` is missing; skipped")
                .and(contains("field `salary.min` must be a number"))
                .and(contains("skipped 2 of 3 postings; --strict makes this an error")),
        );
    filtr(&f.path("cache"))
        .args(["match", &cv, "--corpus", &corpus, "--strict"])
        .assert()
        .code(1)
        .stderr(contains("strict mode"));
    // FILTR_CORPUS works like --corpus.
    filtr(&f.path("cache"))
        .env("FILTR_CORPUS", &corpus)
        .args(["match", &cv, "--format", "json", "-q"])
        .assert()
        .success()
        .stdout(contains("\"id\":\"ok\""));
}

#[test]
fn bundled_corpus_works_from_any_directory() {
    let f = Fixture::new();
    let cv = f.write("cv.txt", NURSE);
    let out = filtr(&f.path("cache"))
        .current_dir(f.path(""))
        .args(["match", &cv, "--no-model", "--format", "json", "--top", "5"])
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    let m = lines[0]["matches"].as_array().unwrap();
    assert_eq!(m.len(), 5);
    assert!(m[0]["title"].as_str().unwrap().contains("Nurse"), "{}", m[0]);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let f = Fixture::new();
    let cv = f.write("cv.txt", NURSE);
    // Each output is far larger than a pipe's buffer, so filtr is still writing when the pipe closes.
    for format in ["table", "json", "csv"] {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("filtr"));
        cmd.env("FILTR_CACHE_DIR", f.path("cache"))
            .env("HF_HOME", f.path("hf"))
            .env_remove("FILTR_MODEL")
            .args(["match", &cv, "--no-model", "-q", "--top", "1600", "--format", format]);
        let out = run_with_closed_pipe(cmd);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{format}: {:?} {stderr}", out.status);
        assert!(stderr.is_empty(), "{format}: {stderr}");
    }
}

#[test]
fn stdin_can_be_read_only_once() {
    let f = Fixture::new();
    f.cmd()
        .args(["-", "-"])
        .write_stdin(NURSE)
        .assert()
        .code(2)
        .stderr(contains("only once"));
}

#[test]
fn example_resumes_all_extract() {
    let dir = repo().join("data/resumes");
    let mut formats = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_file() || !filtr::resume::has_resume_extension(&path) {
            continue;
        }
        let r = filtr::resume::load(path.to_str().unwrap()).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            r.text.split_whitespace().count() > 150,
            "{} extracted too little",
            path.display()
        );
        *formats.entry(r.format.name()).or_insert(0) += 1;
    }
    assert!(formats.get("PDF").copied().unwrap_or(0) >= 2, "{formats:?}");
    assert!(formats.get("DOCX").copied().unwrap_or(0) >= 1, "{formats:?}");
    assert!(formats.values().sum::<i32>() >= 6, "{formats:?}");
}

#[test]
fn the_corpus_analysis_is_cached_and_follows_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let jobs = dir.path().join("jobs.json");
    let posting = |id: &str, title: &str| serde_json::json!({"id": id, "title": title, "description": format!("{title}: Python, SQL, dashboards")});
    std::fs::write(&jobs, serde_json::to_string(&[posting("a", "Data Analyst")]).unwrap()).unwrap();
    let cv = dir.path().join("cv.txt");
    std::fs::write(&cv, "Data analyst: Python, SQL, Tableau dashboards.").unwrap();
    let run = || {
        let out = filtr(&cache)
            .args(["match", "-v", "--no-model", "-f", "json", "--corpus"])
            .arg(&jobs)
            .arg(&cv)
            .assert()
            .success()
            .get_output()
            .clone();
        (String::from_utf8(out.stderr).unwrap(), json_lines(&out.stdout))
    };
    let (first, out1) = run();
    assert!(first.contains("corpus analysis computed"), "{first}");
    for stage in ["load corpus", "read resumes", "rank and explain", "print"] {
        assert!(
            first.contains(&format!("filtr: time: {stage}: ")),
            "no {stage} timing: {first}"
        );
    }
    let (second, out2) = run();
    assert!(second.contains("corpus analysis read from cache"), "{second}");
    assert_eq!(out1, out2);
    // A changed file is analysed again: the new posting is ranked.
    std::fs::write(
        &jobs,
        serde_json::to_string(&[posting("a", "Data Analyst"), posting("b", "BI Analyst")]).unwrap(),
    )
    .unwrap();
    let (third, out3) = run();
    assert!(third.contains("corpus analysis computed"), "{third}");
    assert_eq!(out3[0]["matches"].as_array().unwrap().len(), 2);
    // A damaged cache file is reported and rebuilt, never decoded.
    let prepared = std::fs::read_dir(cache.join("prepared"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "bin"))
        .unwrap();
    let mut bytes = std::fs::read(&prepared).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x20;
    std::fs::write(&prepared, bytes).unwrap();
    let (fourth, out4) = run();
    assert!(
        fourth.contains("ignoring cache") && fourth.contains("checksum mismatch"),
        "{fourth}"
    );
    assert_eq!(out3, out4);
}
