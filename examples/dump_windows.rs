//! Prints the window texts filtr embeds for a corpus, one JSON string per line,
//! so other implementations can be timed on exactly the same texts
//! (`benches/compare.sh`).
//!
//! `cargo run --release --example dump_windows -- CORPUS MODEL_DIR`

use std::io::Write;

use filtr::embed::{windows, Embedder};
use filtr::postings::Corpus;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(corpus), Some(model)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: dump_windows CORPUS MODEL_DIR");
    };
    let corpus = Corpus::load(corpus.as_ref(), None, false)?;
    let embedder = Embedder::load(model.as_ref())?;
    let count = |t: &str| embedder.count_tokens(t);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for p in &corpus.postings {
        for w in windows::posting_windows(p, &count) {
            serde_json::to_writer(&mut out, &w)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
