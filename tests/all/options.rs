//! CLI polish with the real binary: config file, completions, man page, date,
//! currency and repost handling. No model: these run everywhere.

use crate::common::{filtr, json_lines};
use predicates::prelude::PredicateBooleanExt;

fn corpus() -> String {
    serde_json::json!([
        {"id": "rn-old", "title": "Registered Nurse", "company": "Mercy",
         "description": "Care for patients on a medical surgical unit; administer medications; Epic charting; BLS.",
         "posted": "2026-01-10", "salary": {"min": 40, "max": 50, "period": "hour"}},
        {"id": "rn-new", "title": "Registered Nurse", "company": "Mercy",
         "description": "Care for patients on a medical surgical unit; administer medications; Epic charting; BLS.",
         "posted": "2026-03-01", "salary": {"min": 40, "max": 50, "period": "hour"}},
        {"id": "rn-eu", "title": "Registered Nurse", "company": "Charité",
         "description": "Patient care on a surgical ward, medication administration, BLS.",
         "posted": "2025-06-01", "salary": {"min": 52000, "max": 60000, "currency": "EUR"}},
        {"id": "cook", "title": "Line Cook", "company": "Harbor", "description": "Grill station, ServSafe.",
         "salary": {"min": 18, "max": 21, "currency": null, "period": "hour"}}
    ])
    .to_string()
}

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("jobs.json"), corpus()).unwrap();
        std::fs::write(
            dir.path().join("cv.txt"),
            "Registered nurse, medical surgical unit, BLS, Epic",
        )
        .unwrap();
        Setup { dir }
    }
    fn cmd(&self) -> assert_cmd::Command {
        let mut c = filtr(&self.dir.path().join("cache"));
        c.current_dir(self.dir.path());
        c
    }
    fn ids(&self, extra: &[&str]) -> Vec<String> {
        let out = self
            .cmd()
            .args(["match", "cv.txt", "--corpus", "jobs.json", "--no-model", "-f", "json"])
            .args(extra)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let mut ids: Vec<String> = json_lines(&out)[0]["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    }
}

#[test]
fn reposts_show_once_unless_no_dedup() {
    let s = Setup::new();
    assert_eq!(s.ids(&[]), ["cook", "rn-eu", "rn-new"]);
    assert_eq!(s.ids(&["--no-dedup"]), ["cook", "rn-eu", "rn-new", "rn-old"]);
}

#[test]
fn since_keeps_recent_dated_postings() {
    let s = Setup::new();
    assert_eq!(s.ids(&["--since", "2026-02-01"]), ["rn-new"]);
    assert_eq!(
        s.ids(&["--since", "2025-01-01", "--no-dedup"]),
        ["rn-eu", "rn-new", "rn-old"]
    );
    s.cmd()
        .args([
            "match",
            "cv.txt",
            "--corpus",
            "jobs.json",
            "--no-model",
            "--since",
            "yesterday",
        ])
        .assert()
        .failure()
        .stderr(predicates::str::contains("--since \"yesterday\""));
}

#[test]
fn min_salary_compares_within_one_currency() {
    let s = Setup::new();
    // $40-50/hr tops out at $104,000 a year; €60,000 is not compared with dollars.
    assert_eq!(s.ids(&["--min-salary", "55k"]), ["rn-new"]);
    assert_eq!(s.ids(&["--min-salary", "55k", "--currency", "eur"]), ["rn-eu"]);
    assert_eq!(s.ids(&["--currency", "EUR"]), ["rn-eu"]);
    s.cmd()
        .args(["match", "cv.txt", "--currency", "dollars"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not an ISO 4217"));
}

#[test]
fn unknown_currency_is_shown_without_a_symbol() {
    let s = Setup::new();
    let out = s
        .cmd()
        .args(["match", "cv.txt", "--corpus", "jobs.json", "--no-model"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("18–21/hr") && !text.contains("$18"), "{text}");
    assert!(text.contains("€52,000–€60,000/yr"), "{text}");
}

#[test]
fn config_file_sets_defaults_and_flags_override_it() {
    let s = Setup::new();
    let cfg = s.dir.path().join("filtr.toml");
    std::fs::write(&cfg, "corpus = \"jobs.json\"\ntop = 1\nformat = \"json\"\n").unwrap();
    let run = |extra: &[&str]| {
        let out = s
            .cmd()
            .env("FILTR_CONFIG", &cfg)
            .args(["match", "cv.txt", "--no-model"])
            .args(extra)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        json_lines(&out)[0]["matches"].as_array().unwrap().len()
    };
    assert_eq!(run(&[]), 1);
    assert_eq!(run(&["--top", "3"]), 3);

    let shown = s
        .cmd()
        .env("FILTR_CONFIG", &cfg)
        .arg("config")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let shown = String::from_utf8(shown).unwrap();
    assert!(shown.contains("filtr.toml"), "{shown}");
    let top = shown.lines().find(|l| l.starts_with("top")).unwrap();
    assert!(top.contains('1') && top.contains("config file"), "{top}");
    let color = shown.lines().find(|l| l.starts_with("color")).unwrap();
    assert!(color.contains("auto") && color.contains("default"), "{color}");

    std::fs::write(&cfg, "top = 3\nformt = \"json\"\n").unwrap();
    s.cmd()
        .env("FILTR_CONFIG", &cfg)
        .args(["match", "cv.txt", "--no-model"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("filtr.toml").and(predicates::str::contains("line 2")));
    std::fs::write(&cfg, "format = \"yaml\"\n").unwrap();
    s.cmd()
        .env("FILTR_CONFIG", &cfg)
        .args(["match", "cv.txt", "--no-model"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("table, json, csv"));
}

#[test]
fn completions_and_man_page() {
    let s = Setup::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = s
            .cmd()
            .args(["completions", shell])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("--min-salary") && text.contains("corpus"), "{shell}");
    }
    let man = s.cmd().arg("man").assert().success().get_output().stdout.clone();
    let man = String::from_utf8(man).unwrap();
    assert!(
        man.starts_with(".ie") || man.contains(".TH filtr"),
        "{}",
        &man[..200.min(man.len())]
    );
    s.cmd().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn every_subcommand_has_examples_in_help() {
    let s = Setup::new();
    for sub in [
        &["match"][..],
        &["embed"],
        &["model", "import"],
        &["corpus", "check"],
        &["corpus", "convert"],
        &["completions"],
        &["man"],
        &["config"],
    ] {
        let out = s
            .cmd()
            .args(sub)
            .arg("--help")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("Example"), "{sub:?} --help has no examples");
    }
}
