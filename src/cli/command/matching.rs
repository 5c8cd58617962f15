//! `filtr match`: rank the corpus for each resume and print the report.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{bail, Result};
use rayon::prelude::*;

use crate::rank::explain::Explanation;
use crate::rank::matcher::Matcher;
use crate::rank::{self, Filters, Funnel, Weights};
use crate::report::{self, OutputFormat, ResultRow, ResumeResults};
use crate::resume::{self, Resume};
use crate::store::analysed::AnalysedCorpus;
use crate::store::models;
use crate::store::seen::{self, Seen};

use crate::cli::*;

pub(in crate::cli) fn run_match(args: MatchArgs, notes: &Notes) -> Result<ExitCode> {
    if args.resumes.iter().filter(|r| *r == "-").count() > 1 {
        use clap::CommandFactory;
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "`-` (stdin) can be given only once",
            )
            .exit();
    }
    let inputs = expand_inputs(&args.resumes, notes);
    if inputs.is_empty() {
        bail!("no resume files found in {}", args.resumes.join(", "));
    }
    // The corpus and the model load side by side: each takes ~0.1 s per 10,000 postings / per load.
    let (corpus, resumes_and_model) = rayon::join(
        || {
            notes.span("load corpus", || {
                load_analysed(args.corpus.as_deref(), args.corpus_format, args.strict, notes)
            })
        },
        || -> Result<_> {
            let resumes: Vec<Result<Resume, resume::ResumeError>> =
                notes.span("read resumes", || inputs.par_iter().map(|p| resume::load(p)).collect());
            let embedder = if args.no_model || resumes.iter().all(Result::is_err) {
                None
            } else {
                notes.span("load model", || load_model(&args.model, notes))?
            };
            notes.span("build skill matcher", crate::profile::skills::Taxonomy::bundled);
            Ok((resumes, embedder))
        },
    );
    let AnalysedCorpus {
        corpus,
        bm25,
        profiles,
        reposts,
        hashes,
    } = corpus?;
    let (resumes, embedder) = resumes_and_model?;
    resumes.iter().flatten().for_each(|r| warn_cut_resume(r, notes));
    // Embedding runs outside any par_iter: candle's matmul uses the global rayon pool.
    let (vectors, embedded, occupations) = match &embedder {
        None => (None, Vec::new(), None),
        Some(e) => {
            let v = notes.span("posting vectors", || {
                posting_vectors(&corpus, Some(&hashes), args.corpus.as_deref(), e, false, notes)
            })?;
            let texts: Vec<Option<&str>> = resumes
                .iter()
                .map(|r| r.as_ref().ok().map(|r| r.text.as_str()))
                .collect();
            (
                Some(v),
                notes.span("embed resumes", || embed_resumes(e, &texts, notes))?,
                Some(notes.span("occupations", || crate::store::index::occupations(e))?),
            )
        }
    };
    let mut matcher = Matcher::from_parts(
        &corpus.postings,
        embedder.as_ref().zip(vectors.as_ref()),
        bm25,
        profiles,
    );
    if let Some(t) = &occupations {
        matcher = notes.span("place postings in occupations", || matcher.with_occupations(t));
    }
    let filters = filters(&args.filters, reposts)?;
    // `--new` and `--forget`: the postings shown before, per resume.
    let source = corpus_source(args.corpus.as_deref());
    let mut seen: Vec<Option<Seen>> = resumes
        .iter()
        .map(|r| {
            let r = r.as_ref().ok().filter(|_| args.new || args.forget)?;
            let (mut s, warning) = Seen::open(&source, seen::resume_hash(&r.text));
            if let Some(w) = warning {
                notes.warn(w);
            }
            if args.forget {
                if let Err(e) = s.forget() {
                    notes.warn(format_args!(
                        "{}: cannot forget the postings shown before: {e}",
                        s.path.display()
                    ));
                }
            }
            Some(s)
        })
        .collect();
    let per_resume: Vec<Filters> = seen
        .iter()
        .map(|s| match s.as_ref().filter(|_| args.new) {
            Some(s) => Filters {
                seen: corpus.postings.iter().map(|p| s.ids.contains(&p.id)).collect(),
                ..filters.clone()
            },
            None => filters.clone(),
        })
        .collect();
    let funnels: Vec<Funnel> = notes.span("filters", || {
        let shared = filters.funnel(&corpus.postings);
        per_resume
            .iter()
            .map(|f| {
                if f.seen.is_empty() {
                    shared.clone()
                } else {
                    f.funnel(&corpus.postings)
                }
            })
            .collect()
    });
    let today = crate::profile::this_month();
    let ranked: Vec<Option<(Vec<rank::Match>, Vec<Explanation>)>> = notes.span("rank and explain", || {
        resumes
            .par_iter()
            .enumerate()
            .map(|(i, r)| {
                let r = r.as_ref().ok()?;
                let (windows, vectors) = embedded.get(i).cloned().unwrap_or_default();
                let q = matcher.query(&r.text, windows, vectors, today);
                let matches = matcher.rank(&q, &per_resume[i], &Weights::FUSED, args.top as usize);
                let explanations = matches.iter().map(|m| matcher.explain(&q, m.posting)).collect();
                Some((matches, explanations))
            })
            .collect()
    });

    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let width = (!std::io::stdout().is_terminal()).then_some(80);
    let mut exporter = report::exporter(args.format, color, width, args.explain);
    let model_name = embedder.as_ref().map(|_| models::MODEL_NAME);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let failed = notes.span("print", || -> Result<usize> {
        let mut failed = 0;
        for (k, ((input, r), ranked)) in inputs.iter().zip(&resumes).zip(&ranked).enumerate() {
            match (r, ranked) {
                (Ok(_), Some((matches, explanations))) => {
                    let report = ResumeResults {
                        resume: input,
                        model: model_name,
                        considered: funnels[k].left(),
                        funnel: &funnels[k],
                        top: args.top as usize,
                        rows: matches
                            .iter()
                            .zip(explanations)
                            .enumerate()
                            .map(|(rank, (m, explanation))| ResultRow {
                                rank: rank + 1,
                                score: m.score,
                                signals: m.signals,
                                posting: &corpus.postings[m.posting],
                                explanation,
                            })
                            .collect(),
                    };
                    exporter.write(&report, &mut out)?;
                    // Each resume's results appear as soon as they are ready.
                    out.flush()?;
                    if let Some(why) = report.shortfall().filter(|_| args.format == OutputFormat::Csv) {
                        notes.note(format_args!("{input}: only {} shown: {why}", report.rows.len()));
                    }
                    if let (Some(s), true) = (seen[k].as_mut(), args.new) {
                        let shown = matches.iter().map(|m| corpus.postings[m.posting].id.as_str());
                        if let Err(e) = s.record(shown) {
                            notes.warn(format_args!(
                                "{}: cannot remember the postings shown: {e}; --new will show them again",
                                s.path.display()
                            ));
                        }
                    }
                }
                (Err(e), _) => {
                    failed += 1;
                    eprintln!("filtr: error: {}", crate::error_chain(e));
                }
                (Ok(_), None) => unreachable!("every extracted resume is ranked"),
            }
        }
        Ok(failed)
    })?;
    Ok(batch_exit(failed, inputs.len()))
}
