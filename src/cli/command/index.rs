//! `filtr index`: embed a corpus ahead of matching.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Result};

use crate::embed::Embedder;
use crate::report;
use crate::store::analysed::AnalysedCorpus;

use crate::cli::*;

pub(in crate::cli) fn run_index(args: IndexArgs, notes: &Notes) -> Result<ExitCode> {
    // Size and modification time before reading, to notice a corpus rewritten meanwhile.
    let stamp = |p: &Path| std::fs::metadata(p).map(|m| (m.len(), m.modified().ok())).ok();
    let before = args.corpus.path.as_deref().and_then(stamp);
    // AnalysedCorpus (and cached) like `match` does, so the first match after indexing is warm.
    let AnalysedCorpus { corpus, hashes, .. } = notes.span("load corpus", || {
        load_analysed(
            args.corpus.path.as_deref(),
            args.corpus.corpus_format,
            args.strict,
            notes,
        )
    })?;
    let source = require_model(&args.model)?;
    let embedder = notes.span("load model", || Embedder::open(&source))?;
    let started = std::time::Instant::now();
    let vectors = posting_vectors(
        &corpus,
        Some(&hashes),
        args.corpus.path.as_deref(),
        &embedder,
        true,
        notes,
    )?;
    notes.note(format_args!(
        "{}: {} postings, {} windows indexed in {:.1?}",
        corpus.name,
        report::thousands(corpus.postings.len() as u64),
        report::thousands(vectors.window_count() as u64),
        started.elapsed()
    ));
    if let Some(path) = &args.corpus.path {
        if stamp(path) != before {
            bail!(
                "{} changed while it was being indexed; the index is complete and valid for the \
                 version read at the start (vectors are keyed by posting content), so run `filtr index` \
                 again to add the changes",
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
