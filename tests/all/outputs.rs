//! The text and JSON that `explain`, `eval`, `corpus check`, `config` and
//! `model list` print, pinned as insta snapshots: a refactor must not change
//! them (issue 13's guardrail). Paths that depend on the machine are replaced
//! by placeholders before comparing.

use crate::common::{filtr, repo};

fn run(cache: &std::path::Path, args: &[&str]) -> String {
    let out = filtr(cache).current_dir(repo()).args(args).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    text.replace(cache.to_str().unwrap(), "[CACHE]")
}

#[test]
fn explain_text_and_json() {
    let cache = tempfile::tempdir().unwrap();
    let args = ["explain", "data/resumes/ml_trust_safety.pdf", "pinterest-ml-ts", "-q"];
    insta::assert_snapshot!("explain_text", run(cache.path(), &args));
    let json = run(cache.path(), &[&args[..], &["--format", "json"]].concat());
    insta::assert_snapshot!("explain_json", json);
}

#[test]
fn eval_text() {
    let cache = tempfile::tempdir().unwrap();
    insta::assert_snapshot!(
        "eval_text",
        run(cache.path(), &["eval", "data/eval", "--folds", "1", "-q"])
    );
}

#[test]
fn corpus_check_text() {
    let cache = tempfile::tempdir().unwrap();
    for name in ["jobspy.csv", "schema_org_graph.json", "generic_semicolon.csv"] {
        let file = format!("tests/fixtures/formats/{name}");
        insta::assert_snapshot!(
            format!("corpus_check_{name}"),
            run(cache.path(), &["corpus", "check", &file])
        );
    }
}

#[test]
fn config_and_model_list() {
    let cache = tempfile::tempdir().unwrap();
    insta::assert_snapshot!("config", run(cache.path(), &["config"]));
    insta::assert_snapshot!("model_list", run(cache.path(), &["model", "list"]));
}
