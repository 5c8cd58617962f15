//! `filtr eval`: ranking quality on a labelled set, each signal and the
//! fusion, cross-validated.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::postings;
use crate::rank::Signals;
use crate::report;
use crate::resume::{self, Resume};

use crate::cli::*;

pub(in crate::cli) fn run_eval(args: EvalArgs, notes: &Notes) -> Result<ExitCode> {
    use crate::rank::eval;
    let cases = eval::load_set(&args.dir)?;
    let corpus = load_corpus(args.corpus.path.as_deref(), args.corpus.corpus_format, false, notes)?;
    let labels = match &args.corpus.path {
        None => eval::occupations(postings::BUNDLED_JSON)?,
        Some(p) => eval::occupations(&std::fs::read_to_string(p)?).with_context(|| p.display().to_string())?,
    };
    let resumes: Vec<Resume> = cases
        .iter()
        .map(|c| resume::load(&c.file.display().to_string()))
        .collect::<Result<_, _>>()?;
    resumes.iter().for_each(|r| warn_cut_resume(r, notes));
    let semantic = semantic_setup(
        &corpus,
        None,
        args.corpus.path.as_deref(),
        &args.model,
        args.no_model,
        notes,
    )?;
    let texts: Vec<Option<&str>> = resumes.iter().map(|r| Some(r.text.as_str())).collect();
    let embedded = embed_texts(semantic.as_ref(), &texts, notes)?;
    let matcher = matcher(
        &corpus.postings,
        crate::rank::matcher::analyse(&corpus.postings),
        semantic.as_ref(),
    );
    let today = crate::profile::this_month();
    let n = corpus.postings.len();
    let label = |i: usize| labels.get(&corpus.postings[i].id);
    let mut dump = args
        .dump_signals
        .as_ref()
        .map(std::fs::File::create)
        .transpose()?
        .map(std::io::BufWriter::new);
    let mut judged = eval::Judged {
        resumes: Vec::with_capacity(cases.len()),
        ids: corpus.postings.iter().map(|p| p.id.clone()).collect(),
    };
    for ((case, r), (windows, vectors)) in cases.iter().zip(&resumes).zip(embedded) {
        let q = matcher.query(&r.text, windows, vectors, today);
        let signals: Vec<Signals> = (0..n).into_par_iter().map(|i| matcher.signals(&q, i)).collect();
        let relevant: Vec<bool> = (0..n).map(|i| case.relevant(label(i))).collect();
        if let Some(w) = dump.as_mut() {
            let line = serde_json::json!({"resume": case.file, "occupation": case.occupation,
                "relevant": (0..n).filter(|&i| relevant[i]).collect::<Vec<_>>(), "signals": signals});
            serde_json::to_writer(&mut *w, &line)?;
            writeln!(w)?;
        }
        judged.resumes.push((case.occupation.clone(), signals, relevant));
    }
    if let Some(mut w) = dump {
        w.flush()?;
    }
    let evaluation = eval::evaluate(&judged, &cases, args.folds, args.weights, args.ablate);
    report::eval::write(&mut std::io::stdout().lock(), &evaluation)?;
    Ok(ExitCode::SUCCESS)
}
