//! The module table of DEVELOPERS.md, enforced: every `crate::…` path in a
//! folder of `src/` must name a folder that folder may import. Imports flow
//! one way (text → postings/resume → profile → embed → rank → store → report
//! → cli), so a forbidden edge is a failing test, not a code review comment.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Folder (or top-level file) → what it may import besides itself.
const ALLOWED: &[(&str, &[&str])] = &[
    ("text", &[]),
    ("postings", &["text"]),
    ("resume", &["text"]),
    ("profile", &["text", "postings", "resume"]),
    ("embed", &["text", "postings"]),
    ("rank", &["text", "postings", "resume", "profile", "embed"]),
    ("store", &["text", "postings", "resume", "profile", "embed", "rank"]),
    ("report", &["text", "postings", "profile", "rank"]),
    ("testkit", &["resume"]),
    ("test_rng", &[]),
];

/// Names that are not modules of another concept: the crate root's own items
/// and the test-only random generator.
const ANYWHERE: &[&str] = &["test_rng", "error_chain"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules a file names through `crate::x` or `crate::{x, y::z}`.
fn crate_edges(text: &str) -> BTreeSet<String> {
    let mut edges = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').expect("a closed `crate::{` group");
            group[..end].split(',').collect()
        } else {
            vec![rest]
        };
        for name in names {
            let name: String = name
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                edges.insert(name);
            }
        }
    }
    edges
}

#[test]
fn imports_flow_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut checked = BTreeSet::new();
    let mut forbidden = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let top = rel
            .iter()
            .next()
            .unwrap()
            .to_str()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        if ["lib", "main", "cli"].contains(&top.as_str()) {
            continue;
        }
        let allowed = ALLOWED
            .iter()
            .find(|(name, _)| *name == top)
            .unwrap_or_else(|| panic!("src/{} is in no row of the module table", rel.display()))
            .1;
        checked.insert(top.clone());
        let text = std::fs::read_to_string(file).unwrap();
        assert!(
            !text.contains("super::super"),
            "src/{}: reach other folders through crate::",
            rel.display()
        );
        for edge in crate_edges(&text) {
            if edge != top && !allowed.contains(&edge.as_str()) && !ANYWHERE.contains(&edge.as_str()) {
                forbidden.push(format!("src/{} imports crate::{edge}", rel.display()));
            }
        }
    }
    assert!(
        forbidden.is_empty(),
        "imports against the module table:\n{}",
        forbidden.join("\n")
    );
    for (name, _) in ALLOWED {
        assert!(
            checked.contains(*name),
            "the table names `{name}` but src/ has no such module"
        );
    }
}

#[test]
fn the_edge_reader_sees_single_and_grouped_paths() {
    let edges = crate_edges(
        "use crate::rank::Weights;\nuse crate::{postings::Posting, text};\nlet x = crate::store::paths::cache_dir();",
    );
    assert_eq!(
        edges.into_iter().collect::<Vec<_>>(),
        ["postings", "rank", "store", "text"]
    );
}

/// The library's errors are types a caller can match (`thiserror`); `anyhow`
/// adds context only at the edge, in `cli/` and `main`.
#[test]
fn anyhow_stays_at_the_edge() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let inside: Vec<String> = files
        .iter()
        .filter(|f| !f.starts_with(src.join("cli")) && !f.ends_with("main.rs"))
        .filter(|f| std::fs::read_to_string(f).unwrap().contains("anyhow"))
        .map(|f| f.strip_prefix(&src).unwrap().display().to_string())
        .collect();
    assert!(inside.is_empty(), "anyhow outside cli/: {inside:?}");
}
