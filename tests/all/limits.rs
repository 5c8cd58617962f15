//! Bounded work per input: a posting or resume too long to be real is read
//! in part, says so, and never stalls the run or hides the other postings.

use std::time::Duration;

use crate::common::{filtr_with_model, json_lines, model_dir, repo};

/// A corpus around one 10 MB posting of 1.7 million words (a broken scrape).
fn corpus_with_a_huge_posting(dir: &std::path::Path) -> std::path::PathBuf {
    let huge = serde_json::json!({
        "id": "baker-huge",
        "title": "Baker",
        "description": vec!["flour"; 1_700_000].join(" "),
    });
    let corpus = serde_json::json!([
        {"id": "analyst-1", "title": "Data Analyst", "company": "Acme",
         "description": "SQL, Python and Tableau dashboards for the finance team; Excel reporting."},
        huge,
        {"id": "nurse-1", "title": "Registered Nurse", "company": "General Hospital",
         "description": "Patient care on a telemetry unit, Epic charting, BLS and ACLS."},
    ]);
    let path = dir.join("jobs.json");
    std::fs::write(&path, serde_json::to_vec(&corpus).unwrap()).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() > 10_000_000);
    path
}

#[test]
fn a_ten_megabyte_posting_is_read_in_part_and_the_others_are_ranked() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_with_a_huge_posting(dir.path());
    let resume = repo().join("data/resumes/data_analyst.md");
    // The timeout only catches a stall (it took 500 s before); speed is benchmarked, not tested.
    let out = filtr_with_model(&dir.path().join("cache"), &model_dir())
        .args(["match", resume.to_str().unwrap(), "--format", "json", "--corpus"])
        .arg(&corpus)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr
            .contains(r#"posting 1 (id "baker-huge") is too long: filtr read only its first 4,000 of 1,700,000 words"#),
        "{stderr}"
    );
    let results = json_lines(&out.stdout);
    let ids: Vec<&str> = results[0]["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3, "every posting is ranked: {ids:?}");
    assert_eq!(ids[0], "analyst-1", "{ids:?}");

    // Every command sees the same bounded posting: explain quotes from it, check lists it.
    let out = filtr_with_model(&dir.path().join("cache"), &model_dir())
        .args([
            "explain",
            resume.to_str().unwrap(),
            "baker-huge",
            "--format",
            "json",
            "--corpus",
        ])
        .arg(&corpus)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let passage = json_lines(&out.stdout)[0]["explanation"]["best_passage"]["posting"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        passage.contains("flour") && passage.len() < 4_000 * 16,
        "{}",
        passage.len()
    );
    let out = filtr_with_model(&dir.path().join("cache"), &model_dir())
        .args(["corpus", "check"])
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains(r#"(id "baker-huge") is too long"#));
}

#[test]
fn a_resume_too_long_to_be_real_is_read_in_part_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let resume = dir.path().join("long.txt");
    let mut text = std::fs::read_to_string(repo().join("data/resumes/data_analyst.md")).unwrap();
    text.push_str(&"\n\nFiller paragraph of words that go on and on.".repeat(4_000));
    std::fs::write(&resume, &text).unwrap();
    let out = filtr_with_model(&dir.path().join("cache"), &model_dir())
        .args(["match", resume.to_str().unwrap(), "--format", "json", "-n", "3"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("long.txt: resume is too long: filtr read only its first 8,000 of"),
        "{stderr}"
    );
    assert_eq!(json_lines(&out.stdout)[0]["matches"].as_array().unwrap().len(), 3);
}
