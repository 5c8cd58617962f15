//! Precomputes the vectors of the bundled corpus into
//! `data/postings.index.safetensors` and of the O*NET occupation titles into
//! `data/onet/occupations.vectors.safetensors` (f16), so a fresh install
//! embeds only the resume. Rerun after changing `data/postings.json`, the windowing or the model:
//!
//! `cargo run --release --example build_index` (the bundled model, which is
//! the one the vectors must match), or `-- MODEL_DIR` for another.

use std::path::PathBuf;

use filtr::embed::{windows, Embedder, ModelSource};
use filtr::postings::Corpus;
use filtr::store::index;

fn main() -> anyhow::Result<()> {
    let model = std::env::args()
        .nth(1)
        .map_or(ModelSource::Bundled, |d| ModelSource::Dir(PathBuf::from(d)));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("data/postings.json"))?;
    let corpus = Corpus::parse(filtr::postings::BUNDLED_NAME, &text, true)?;
    let embedder = Embedder::open(&model)?;
    let count = |t: &str| embedder.count_tokens(t);
    let per_posting: Vec<Vec<String>> = corpus
        .postings
        .iter()
        .map(|p| windows::posting_windows(p, &count))
        .collect();
    let texts: Vec<&str> = per_posting.iter().flatten().map(String::as_str).collect();
    let started = std::time::Instant::now();
    let vectors = embedder.embed(&texts, |done| {
        if done % 320 == 0 {
            eprintln!("{done}/{} windows, {:.0?}", texts.len(), started.elapsed());
        }
    })?;
    eprintln!(
        "{} postings, {} windows in {:.1?}",
        corpus.postings.len(),
        texts.len(),
        started.elapsed()
    );
    let hashes: Vec<u64> = corpus.postings.iter().map(index::posting_hash).collect();
    let counts: Vec<u32> = per_posting.iter().map(|w| w.len() as u32).collect();
    let bytes = index::serialize(&embedder.weights_id, embedder.dim(), &hashes, &counts, &vectors, true);
    std::fs::write(root.join("data/postings.index.safetensors"), bytes)?;
    // The O*NET occupation titles, so the occupation layer needs no forward pass either.
    let occupations = filtr::rank::occupation::all();
    let titles: Vec<&str> = occupations.iter().map(|o| o.title).collect();
    let vectors = embedder.embed(&titles, |_| {})?;
    let hashes: Vec<u64> = titles.iter().map(|t| filtr::rank::occupation::title_hash(t)).collect();
    let bytes = index::serialize(
        &embedder.weights_id,
        embedder.dim(),
        &hashes,
        &vec![1; titles.len()],
        &vectors,
        true,
    );
    std::fs::write(root.join("data/onet/occupations.vectors.safetensors"), bytes)?;
    Ok(())
}
