//! `filtr eval`: ranking quality on a labelled set, each signal and the
//! fusion, cross-validated.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::postings;
use crate::rank::matcher::Matcher;
use crate::report;
use crate::resume::{self, Resume};
use crate::rank::{Signals, Weights};

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
    let setup = semantic_setup(
        &corpus,
        None,
        args.corpus.path.as_deref(),
        &args.model,
        args.no_model,
        notes,
    )?;
    let (setup, onet) = split_setup(setup);
    let embedded = match &setup {
        Some((e, _)) => {
            let texts: Vec<Option<&str>> = resumes.iter().map(|r| Some(r.text.as_str())).collect();
            embed_resumes(e, &texts, notes)?
        }
        None => vec![Default::default(); resumes.len()],
    };
    let mut matcher = Matcher::new(&corpus.postings, setup.as_ref().map(|(_, v)| v));
    if let Some(t) = onet {
        matcher = matcher.with_occupations(t);
    }
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
    let all: Vec<usize> = (0..cases.len()).collect();
    let mut out = std::io::stdout().lock();
    let occupations: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.occupation.as_str()).collect();
    writeln!(
        out,
        "{} resumes, {} occupations, {} postings; precision@10 and nDCG@10, mean over occupations\n",
        cases.len(),
        occupations.len(),
        report::thousands(n as u64)
    )?;
    let mut methods: Vec<(String, Weights)> = vec![("fused (filtr)".into(), Weights::FUSED)];
    methods.extend(
        eval::SIGNALS
            .iter()
            .map(|n| (format!("{n} alone"), Weights::only(n).expect("a signal"))),
    );
    if let Some(w) = args.weights {
        methods.push(("--weights".into(), w));
    }
    writeln!(out, "| ranking | P@10 | nDCG@10 |\n|---|---:|---:|")?;
    let per_resume: Vec<Vec<eval::Metrics>> = methods.iter().map(|(_, w)| judged.metrics(&all, w)).collect();
    for ((name, _), m) in methods.iter().zip(&per_resume) {
        let mm = judged.macro_mean(&all, m);
        writeln!(out, "| {name} | {:.3} | {:.3} |", mm.precision, mm.ndcg)?;
    }
    let mut held_out: Option<Vec<eval::Metrics>> = None;
    if args.folds > 1 {
        let folds = eval::folds(&cases, args.folds);
        writeln!(
            out,
            "\ncross-validation, {} folds by resume (stratified by occupation): weights chosen on the\n\
             training folds by coordinate ascent on P@10, measured on the held-out fold\n",
            folds.len()
        )?;
        writeln!(
            out,
            "| fold | train P@10 | test P@10 | test nDCG@10 | weights (sem, kw, skills, title, role, occ, seniority) |"
        )?;
        writeln!(out, "|---|---:|---:|---:|---|")?;
        let (per_fold, m) = eval::cross_validate(&judged, &folds, &[]);
        for (k, (w, tr, tm)) in per_fold.iter().enumerate() {
            writeln!(
                out,
                "| {} | {:.3} | {:.3} | {:.3} | {} |",
                k + 1,
                tr.precision,
                tm.precision,
                tm.ndcg,
                weights_text(w)
            )?;
        }
        let cv = judged.macro_mean(&all, &m);
        writeln!(out, "| all held-out | | {:.3} | {:.3} | |", cv.precision, cv.ndcg)?;
        held_out = Some(m);
        let given: Vec<(eval::Metrics, eval::Metrics)> = match &args.weights {
            None => Vec::new(),
            Some(g) => folds
                .iter()
                .map(|test| {
                    let train: Vec<usize> = all.iter().copied().filter(|r| !test.contains(r)).collect();
                    (judged.score(&train, g), judged.score(test, g))
                })
                .collect(),
        };
        if !given.is_empty() {
            let n = given.len() as f64;
            writeln!(
                out,
                "\n--weights on the same folds: train P@10 {:.3}, test P@10 {:.3} (means)",
                given.iter().map(|g| g.0.precision).sum::<f64>() / n,
                given.iter().map(|g| g.1.precision).sum::<f64>() / n
            )?;
        }
        if args.ablate {
            writeln!(out, "\nablation: each signal left out of the cross-validated fusion\n")?;
            writeln!(out, "| left out | held-out P@10 | held-out nDCG@10 |\n|---|---:|---:|")?;
            for name in eval::SIGNALS {
                let (_, m) = eval::cross_validate(&judged, &folds, &[name]);
                let cv = judged.macro_mean(&all, &m);
                writeln!(out, "| {name} | {:.3} | {:.3} |", cv.precision, cv.ndcg)?;
            }
        }
        let (w, m) = eval::tune(&judged, &all, &[]);
        writeln!(
            out,
            "\nweights chosen on the whole set (what FUSED ships): {} (P@10 {:.3} on the set itself)",
            weights_text(&w),
            m.precision
        )?;
        let raw = Weights {
            calibration: crate::rank::Calibration::NONE,
            ..w
        };
        let points: Vec<(f32, bool)> = judged
            .resumes
            .iter()
            .flat_map(|(_, s, rel)| s.iter().zip(rel).map(|(s, r)| (raw.fuse(s), *r)))
            .collect();
        let (slope, offset) = eval::calibrate(&points);
        writeln!(
            out,
            "calibration of those weights: slope {slope:.3}, offset {offset:.3}"
        )?;
    }
    let mut head: Vec<&str> = methods.iter().map(|(n, _)| n.trim_end_matches(" alone")).collect();
    let mut per_resume = per_resume;
    if let Some(h) = held_out {
        head.insert(0, "fused, held-out");
        per_resume.insert(0, h);
    }
    for (metric, value) in [
        (
            "precision@10",
            (|m: &eval::Metrics| m.precision) as fn(&eval::Metrics) -> f64,
        ),
        ("nDCG@10", |m: &eval::Metrics| m.ndcg),
    ] {
        writeln!(out, "\n{metric} by occupation (resumes):\n")?;
        writeln!(out, "| occupation | n | {} |", head.join(" | "))?;
        writeln!(out, "|---|---:|{}", "---:|".repeat(head.len()))?;
        for occ in &occupations {
            let ix: Vec<usize> = all.iter().copied().filter(|&r| cases[r].occupation == *occ).collect();
            let cells: Vec<String> = per_resume
                .iter()
                .map(|m| format!("{:.2}", ix.iter().map(|&r| value(&m[r])).sum::<f64>() / ix.len() as f64))
                .collect();
            writeln!(out, "| {occ} | {} | {} |", ix.len(), cells.join(" | "))?;
        }
    }
    writeln!(out, "\nshipped score (0-100) by band: postings, share relevant\n")?;
    writeln!(out, "| score | postings | relevant |\n|---|---:|---:|")?;
    let mut bands = [(0usize, 0usize); 5];
    for (_, s, rel) in &judged.resumes {
        for (s, r) in s.iter().zip(rel) {
            let b = ((Weights::FUSED.fuse(s) * 5.0) as usize).min(4);
            bands[b].0 += 1;
            bands[b].1 += *r as usize;
        }
    }
    for (b, (count, hits)) in bands.iter().enumerate() {
        let share = if *count > 0 { *hits as f64 / *count as f64 } else { 0.0 };
        writeln!(
            out,
            "| {}–{} | {} | {:.0}% |",
            b * 20,
            b * 20 + 20,
            report::thousands(*count as u64),
            share * 100.0
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub(in crate::cli) fn weights_text(w: &Weights) -> String {
    format!(
        "{:.1}, {:.1}, {:.1}, {:.1}, {:.1}, {:.1}, {:.2}",
        w.semantic, w.keyword, w.skills, w.title, w.role, w.occupation, w.seniority
    )
}
