//! `filtr explain`: the full report for one posting.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Result};

use crate::embed::windows;
use crate::rank::matcher::Matcher;
use crate::store::analysed::AnalysedCorpus;
use crate::report;
use crate::resume;
use crate::rank::{Filters, Weights};

use crate::cli::*;

pub(in crate::cli) fn run_explain(args: ExplainArgs, notes: &Notes) -> Result<ExitCode> {
    let AnalysedCorpus {
        corpus,
        bm25,
        profiles,
        hashes,
        ..
    } = load_prepared(args.corpus.path.as_deref(), args.corpus.corpus_format, false, notes)?;
    let Some(i) = corpus.postings.iter().position(|p| p.id == args.posting_id) else {
        bail!(
            "{}: no posting has id {:?} (ids are shown by `filtr match --format json`)",
            corpus.name,
            args.posting_id
        );
    };
    let resume = resume::load(&args.resume)?;
    let setup = semantic_setup(
        &corpus,
        Some(&hashes),
        args.corpus.path.as_deref(),
        &args.model,
        args.no_model,
        notes,
    )?;
    let (setup, onet) = split_setup(setup);
    let (windows, vectors) = match &setup {
        Some((e, _)) => embed_resumes(e, &[Some(resume.text.as_str())], notes)?.remove(0),
        None => Default::default(),
    };
    let mut matcher = Matcher::from_parts(&corpus.postings, setup.as_ref().map(|(_, v)| v), bm25, profiles);
    if let Some(t) = onet {
        matcher = matcher.with_occupations(t);
    }
    let q = matcher.query(&resume.text, windows, vectors, crate::profile::this_month());
    let signals = matcher.signals(&q, i);
    let score = Weights::FUSED.fuse(&signals);
    let texts = setup
        .as_ref()
        .map(|(e, _)| windows::posting_windows(&corpus.postings[i], &|t: &str| e.count_tokens(t)));
    let e = matcher.explain(&q, i, texts.as_deref());
    let p = &corpus.postings[i];
    // Where this posting ranks among all, so "72" has a context.
    let rank = matcher.rank(&q, &Filters::default(), &Weights::FUSED, corpus.postings.len());
    let position = rank.iter().position(|m| m.posting == i).map_or(0, |r| r + 1);
    let mut out = std::io::stdout().lock();
    if args.format == ReportFormat::Json {
        let line = serde_json::json!({
            "resume": args.resume,
            "id": p.id,
            "title": p.title,
            "company": p.company,
            "score": score,
            "rank": position,
            "of": corpus.postings.len(),
            "signals": signals,
            "weights": {
                "semantic": Weights::FUSED.semantic, "keyword": Weights::FUSED.keyword,
                "skills": Weights::FUSED.skills, "title": Weights::FUSED.title, "role": Weights::FUSED.role,
                "occupation": Weights::FUSED.occupation, "seniority": Weights::FUSED.seniority,
                "calibration": {"slope": Weights::FUSED.calibration.slope, "offset": Weights::FUSED.calibration.offset},
            },
            "explanation": e,
        });
        serde_json::to_writer(&mut out, &line).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    use crate::text::sanitize::for_terminal as t;
    writeln!(out, "{} — {}", t(&p.title), t(p.company.as_deref().unwrap_or("—")))?;
    writeln!(
        out,
        "{} · {}{}",
        p.salary.as_ref().map_or("salary not given".into(), report::salary_text),
        t(&report::location_text(p)),
        if p.remote { " · remote" } else { "" }
    )?;
    writeln!(
        out,
        "\nScore {:.0} — rank {position} of {}",
        score * 100.0,
        report::thousands(corpus.postings.len() as u64)
    )?;
    let w = Weights::FUSED;
    let pct = |v: Option<f32>| v.map_or("unknown (not counted)".to_string(), |v| format!("{:.0}", v * 100.0));
    for (name, weight, value, what) in [
        (
            "semantic",
            w.semantic,
            signals.semantic,
            "meaning of resume and posting passages",
        ),
        ("keywords", w.keyword, Some(signals.keyword), "BM25 over shared words"),
        (
            "skills",
            w.skills,
            signals.skills,
            "its skills you have, rare ones counting more",
        ),
        (
            "title",
            w.title,
            Some(signals.title),
            "posting title words in the resume's titles",
        ),
        (
            "role",
            w.role,
            signals.role,
            "the whole resume against the posting's title",
        ),
        (
            "occupation",
            w.occupation,
            signals.occupation,
            "closeness of the two O*NET occupations",
        ),
        (
            "seniority",
            w.seniority,
            signals.seniority,
            "level and years of experience",
        ),
    ] {
        writeln!(out, "  {name:<10} {:>20}  weight {:.2}  {what}", pct(value), weight)?;
    }
    let list = |v: &[String]| if v.is_empty() { "—".to_string() } else { v.join(", ") };
    writeln!(out, "\nSkills matched:           {}", t(&list(&e.matched_skills)))?;
    writeln!(out, "Missing (required):       {}", t(&list(&e.missing_skills)))?;
    writeln!(out, "Missing (nice to have):   {}", t(&list(&e.missing_preferred)))?;
    writeln!(out, "Seniority:                {}", t(&e.seniority.summary))?;
    if let Some(o) = &e.occupation {
        writeln!(
            out,
            "Occupation:               posting {}; resume nearest {}",
            o.posting, o.resume
        )?;
    }
    if let Some(bp) = &e.best_passage {
        writeln!(out, "\nBest matching passages (similarity {:.2}):", bp.similarity)?;
        writeln!(out, "  resume:  {}", t(&bp.resume.replace('\n', " ")))?;
        writeln!(out, "  posting: {}", t(&bp.posting.replace('\n', " ")))?;
    }
    for n in &e.notes {
        writeln!(out, "note: {n}")?;
    }
    Ok(ExitCode::SUCCESS)
}
