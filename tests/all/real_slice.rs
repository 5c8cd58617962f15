//! Ranking quality on real data nobody here wrote: the committed slice of the
//! real development set (`tests/fixtures/real/`, see its README). The fused
//! score must beat every signal alone, and BM25 by a clear margin; if a change
//! to a signal or to the weights breaks that, this fails.

use crate::common::{filtr, repo};

#[test]
fn fused_beats_every_signal_alone_on_real_resumes_and_postings() {
    let cache = tempfile::tempdir().unwrap();
    let dir = repo().join("tests/fixtures/real");
    let out = filtr(cache.path())
        .args(["eval", "--folds", "1", "-q"])
        .arg(&dir)
        .arg("--corpus")
        .arg(dir.join("postings.json"))
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let p10 = |name: &str| -> f64 {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("| {name} |")))
            .unwrap_or_else(|| panic!("no row {name}: {text}"));
        line.split('|').nth(2).unwrap().trim().parse().unwrap()
    };
    assert!(text.contains("82 resumes, 8 occupations, 682 postings"), "{text}");
    let fused = p10("fused (filtr)");
    for signal in filtr::rank::eval::SIGNALS {
        let alone = p10(&format!("{signal} alone"));
        assert!(fused >= alone, "fused {fused} below {signal} alone {alone}:\n{text}");
    }
    assert!(
        fused >= p10("keyword alone") + 0.08,
        "fused {fused} not clearly above BM25:\n{text}"
    );
}
