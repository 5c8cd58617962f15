//! `filtr explain`: the full report for one posting.

use std::process::ExitCode;

use anyhow::Result;

use crate::rank::{Filters, Weights};
use crate::report;
use crate::resume;
use crate::store::analysed::AnalysedCorpus;

use crate::cli::*;

pub(in crate::cli) fn run_explain(args: ExplainArgs, notes: &Notes) -> Result<ExitCode> {
    let AnalysedCorpus {
        corpus,
        bm25,
        profiles,
        hashes,
        ..
    } = load_analysed(args.corpus.path.as_deref(), args.corpus.corpus_format, false, notes)?;
    let i = find_posting(&corpus, &args.posting_id)?;
    let resume = resume::load(&args.resume)?;
    warn_cut_resume(&resume, notes);
    let semantic = semantic_setup(
        &corpus,
        Some(&hashes),
        args.corpus.path.as_deref(),
        &args.model,
        args.no_model,
        notes,
    )?;
    let (windows, vectors) = embed_texts(semantic.as_ref(), &[Some(resume.text.as_str())], notes)?.remove(0);
    let matcher = matcher(&corpus.postings, (bm25, profiles), semantic.as_ref());
    let q = matcher.query(&resume.text, windows, vectors, crate::profile::this_month());
    let signals = matcher.signals(&q, i);
    let explanation = matcher.explain(&q, i);
    // Where this posting ranks among all, so "72" has a context.
    let rank = matcher.rank(&q, &Filters::default(), &Weights::FUSED, corpus.postings.len());
    let report = report::explain::PostingReport {
        resume: &args.resume,
        posting: &corpus.postings[i],
        score: Weights::FUSED.fuse(&signals),
        rank: rank.iter().position(|m| m.posting == i).map_or(0, |r| r + 1),
        of: corpus.postings.len(),
        signals,
        weights: Weights::FUSED,
        explanation: &explanation,
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        ReportFormat::Json => report.write_json(&mut out)?,
        ReportFormat::Text => report.write_text(&mut out)?,
    }
    Ok(ExitCode::SUCCESS)
}
