//! `filtr show`: one posting in full, as the board shows it.

use std::process::ExitCode;

use anyhow::{bail, Result};

use crate::rank::explain::check_requirements;
use crate::report::posting::PostingView;
use crate::resume;

use crate::cli::*;

pub(in crate::cli) fn run_show(args: ShowArgs, notes: &Notes) -> Result<ExitCode> {
    let corpus = load_corpus(args.corpus.path.as_deref(), args.corpus.corpus_format, false, notes)?;
    let i = find_posting(&corpus, &args.id)?;
    let checks = match &args.resume {
        Some(path) => {
            let r = resume::load(path)?;
            warn_cut_resume(&r, notes);
            let tax = crate::profile::skills::Taxonomy::bundled();
            let profile = crate::profile::ResumeProfile::of(&r.text, tax, crate::profile::this_month());
            Some((path.as_str(), check_requirements(&profile, &corpus.postings[i], tax)))
        }
        None => None,
    };
    let view = PostingView {
        posting: &corpus.postings[i],
        corpus: &corpus.name,
        checks,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        ShowFormat::Text => view.write_text(&mut out, terminal_width())?,
        ShowFormat::Markdown => view.write_markdown(&mut out)?,
        ShowFormat::Json => view.write_json(&mut out)?,
    }
    std::io::Write::flush(&mut out)?;
    Ok(ExitCode::SUCCESS)
}

/// The index of the posting with this id, or an error suggesting the closest ids.
pub(in crate::cli) fn find_posting(corpus: &crate::postings::Corpus, id: &str) -> Result<usize> {
    if let Some(i) = corpus.find(id) {
        return Ok(i);
    }
    let near = corpus.closest_ids(id, 3);
    let near: Vec<String> = near.iter().map(|id| format!("{id:?}")).collect();
    bail!(
        "{}: no posting has id {id:?}; the closest ids are {} (ids are shown by `filtr match --format json`)",
        corpus.name,
        near.join(", ")
    )
}
