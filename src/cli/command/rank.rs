//! `filtr rank`: candidates for one posting, through the same scoring as `match`.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use crate::postings::{self, Corpus, CorpusError, Posting};
use crate::rank::matcher::Probe;
use crate::rank::Weights;
use crate::report::candidates::{Candidate, CandidateResults};
use crate::report::ResultRow;
use crate::resume::{self, Resume};
use crate::store::analysed::AnalysedCorpus;
use crate::store::models;

use crate::cli::*;

/// The posting to rank for: one of the corpus, or one read from elsewhere.
enum Wanted {
    Corpus(usize),
    Outside { posting: Box<Posting>, source: String },
}

/// Largest job description or posting file read for `rank`.
const MAX_POSTING_BYTES: u64 = 16 << 20;

pub(in crate::cli) fn run_rank(args: RankArgs, notes: &Notes) -> Result<ExitCode> {
    let inputs = expand_inputs(&args.resumes, notes);
    if inputs.is_empty() {
        bail!("no resume files found in {}", args.resumes.join(", "));
    }
    if inputs.iter().any(|r| r == "-") && args.posting == "-" {
        bail!("`-` (stdin) can be the posting or a resume, not both");
    }
    let AnalysedCorpus {
        corpus,
        bm25,
        profiles,
        hashes,
        ..
    } = notes.span("load corpus", || {
        load_analysed(args.corpus.path.as_deref(), args.corpus.corpus_format, false, notes)
    })?;
    let wanted = wanted_posting(&args, &corpus)?;
    let resumes: Vec<Result<Resume, resume::ResumeError>> =
        notes.span("read resumes", || inputs.par_iter().map(|p| resume::load(p)).collect());
    resumes.iter().flatten().for_each(|r| warn_cut_resume(r, notes));
    let embedder = if args.no_model || resumes.iter().all(Result::is_err) {
        None
    } else {
        notes.span("load model", || load_model(&args.model, notes))?
    };
    // A posting of the corpus is scored with the corpus's vectors, exactly as
    // `match` scores it; one from outside needs only the model.
    let (vectors, occupations) = match (&embedder, &wanted) {
        (Some(e), Wanted::Corpus(_)) => (
            Some(notes.span("posting vectors", || {
                posting_vectors(&corpus, Some(&hashes), args.corpus.path.as_deref(), e, false, notes)
            })?),
            Some(crate::store::index::occupations(e)?),
        ),
        (Some(e), Wanted::Outside { .. }) => (None, Some(crate::store::index::occupations(e)?)),
        (None, _) => (None, None),
    };
    let texts: Vec<Option<&str>> = resumes
        .iter()
        .map(|r| r.as_ref().ok().map(|r| r.text.as_str()))
        .collect();
    let embedded = match &embedder {
        Some(e) => notes.span("embed resumes", || embed_resumes(e, &texts, notes))?,
        None => vec![Default::default(); texts.len()],
    };
    let mut matcher = crate::rank::Matcher::from_parts(
        &corpus.postings,
        embedder.as_ref().zip(vectors.as_ref()),
        bm25,
        profiles,
    );
    matcher = match (&occupations, vectors.is_some(), &embedder) {
        (Some(t), true, _) => matcher.with_occupations(t),
        (Some(t), false, Some(e)) => matcher.with_probe_model(e, t),
        _ => matcher,
    };
    let (index, probe, source): (Option<usize>, Option<Probe>, String) = match wanted {
        Wanted::Corpus(i) => (
            Some(i),
            None,
            format!("{} (id {:?})", corpus.name, corpus.postings[i].id),
        ),
        Wanted::Outside { posting, source } => (
            None,
            Some(notes.span("embed the posting", || matcher.probe(*posting))?),
            source,
        ),
    };
    let today = crate::profile::this_month();
    let scored: Vec<Option<_>> = notes.span("score", || {
        resumes
            .par_iter()
            .zip(&embedded)
            .map(|(r, (windows, vectors))| {
                let r = r.as_ref().ok()?;
                let q = matcher.query_one(&r.text, windows.clone(), vectors.clone(), today);
                let (signals, explanation) = match (&probe, index) {
                    (Some(p), _) => (matcher.probe_signals(&q, p), matcher.probe_explain(&q, p)),
                    (None, Some(i)) => (matcher.signals(&q, i), matcher.explain(&q, i)),
                    (None, None) => unreachable!("the posting is a probe or the corpus's"),
                };
                Some((Weights::FUSED.fuse(&signals), signals, explanation, q.profile))
            })
            .collect()
    });
    let posting: &Posting = match (&probe, index) {
        (Some(p), _) => &p.posting,
        (None, i) => &corpus.postings[i.expect("the posting is a probe or the corpus's")],
    };
    let mut order: Vec<usize> = (0..scored.len()).filter(|&k| scored[k].is_some()).collect();
    let score = |k: usize| scored[k].as_ref().map_or(0.0, |s| s.0);
    order.sort_by(|&a, &b| score(b).total_cmp(&score(a)).then_with(|| inputs[a].cmp(&inputs[b])));
    let ranked = order.len();
    order.truncate(args.top as usize);
    let candidates: Vec<Candidate> = order
        .iter()
        .enumerate()
        .map(|(rank, &k)| {
            let (score, signals, explanation, profile) = scored[k].as_ref().expect("scored");
            Candidate {
                file: &inputs[k],
                name: resumes[k].as_ref().ok().and_then(|r| resume::person_name(&r.text)),
                level: profile.level.map(|l| l.name()),
                years: profile.years,
                row: ResultRow {
                    rank: rank + 1,
                    score: *score,
                    signals: *signals,
                    posting,
                    explanation,
                },
            }
        })
        .collect();
    let report = CandidateResults {
        posting,
        posting_source: &source,
        corpus: &corpus.name,
        model: embedder.as_ref().map(|_| models::MODEL_NAME),
        ranked,
        candidates,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    report.write(args.format, &mut out, terminal_width() as u16, args.explain)?;
    out.flush()?;
    let failed = resumes
        .iter()
        .filter_map(|r| r.as_ref().err())
        .inspect(|e| {
            eprintln!("filtr: error: {}", crate::error_chain(*e));
        })
        .count();
    Ok(batch_exit(failed, inputs.len()))
}

/// Reads POSTING: an id of the corpus, a file holding one posting in any
/// corpus format, or a job description (text, Markdown, HTML; `-` for stdin).
fn wanted_posting(args: &RankArgs, corpus: &Corpus) -> Result<Wanted> {
    let given = args.posting.as_str();
    let path = Path::new(given);
    if given != "-" && !path.exists() {
        if args.id.is_some() {
            bail!("{given}: no such file (--id picks a posting of a file that holds several)");
        }
        return find_posting(corpus, given)
            .map(Wanted::Corpus)
            .with_context(|| format!("{given} is neither a posting id nor a file"));
    }
    let bytes = if given == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(MAX_POSTING_BYTES + 1)
            .read_to_end(&mut buf)
            .context("cannot read the posting from stdin")?;
        buf
    } else {
        let f = std::fs::File::open(path).with_context(|| format!("cannot read {given}"))?;
        let mut buf = Vec::new();
        f.take(MAX_POSTING_BYTES + 1)
            .read_to_end(&mut buf)
            .with_context(|| format!("cannot read {given}"))?;
        buf
    };
    let name = if given == "-" { "stdin" } else { given };
    if bytes.len() as u64 > MAX_POSTING_BYTES {
        bail!(
            "{name}: larger than {} MB, too large for one posting",
            MAX_POSTING_BYTES >> 20
        );
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{name}: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let description_only = matches!(ext.as_deref(), Some("txt" | "text" | "md" | "markdown"));
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|_| given != "-")
        .unwrap_or("job-description")
        .to_string();
    let parsed = if description_only {
        None
    } else {
        match Corpus::parse_as(name, &text, args.corpus.corpus_format, false) {
            Ok(c) => Some(c),
            // Not a corpus in any format: a job description.
            Err(CorpusError::UnknownFormat { .. } | CorpusError::Empty { .. })
                if args.corpus.corpus_format.is_none() =>
            {
                None
            }
            // An HTML page without schema.org data: its text.
            Err(CorpusError::Shape { .. })
                if args.corpus.corpus_format.is_none() && crate::text::html::looks_like_html(&text) =>
            {
                None
            }
            Err(e) => return Err(e.into()),
        }
    };
    let mut file = match parsed {
        Some(c) => c,
        None => postings::description::read(name, &id, &text)?,
    };
    let source = if given == "-" {
        "stdin".to_string()
    } else {
        given.to_string()
    };
    let posting = match (&args.id, file.postings.len()) {
        (Some(id), _) => {
            let i = find_posting(&file, id)?;
            file.postings.swap_remove(i)
        }
        (None, 1) => file.postings.remove(0),
        (None, n) => {
            let ids: Vec<String> = file.postings.iter().take(5).map(|p| format!("{:?}", p.id)).collect();
            bail!(
                "{name} holds {n} postings ({}{}); say which to rank for with --id",
                ids.join(", "),
                if n > 5 { ", …" } else { "" }
            )
        }
    };
    Ok(Wanted::Outside {
        posting: Box::new(posting),
        source,
    })
}
