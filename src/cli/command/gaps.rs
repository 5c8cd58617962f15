//! `filtr gaps`: what the resume's best matches ask for that it lacks.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use crate::rank::gaps::gaps;
use crate::rank::Weights;
use crate::report::gaps::GapsReport;
use crate::resume;
use crate::store::analysed::AnalysedCorpus;
use crate::store::models;

use crate::cli::*;

pub(in crate::cli) fn run_gaps(args: GapsArgs, notes: &Notes) -> Result<ExitCode> {
    let AnalysedCorpus {
        corpus,
        bm25,
        profiles,
        reposts,
        hashes,
    } = load_analysed(args.corpus.path.as_deref(), args.corpus.corpus_format, false, notes)?;
    let filters = filters(&args.filters, reposts)?;
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
    let matches = matcher.rank(&q, &filters, &Weights::FUSED, args.top as usize);
    let funnel = filters.funnel(&corpus.postings);
    if matches.len() < args.top as usize && !funnel.steps.is_empty() {
        notes.note(format_args!(
            "only {} matches to look at: {}",
            matches.len(),
            funnel.describe()
        ));
    }
    let gaps = gaps(&matcher, &q, &matches, &Weights::FUSED);
    let report = GapsReport {
        resume: &args.resume,
        corpus: &corpus.name,
        model: semantic.as_ref().map(|_| models::MODEL_NAME),
        funnel: &funnel,
        gaps: &gaps,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        ReportFormat::Text => report.write_text(&mut out, terminal_width() as u16)?,
        ReportFormat::Json => report.write_json(&mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
