//! `filtr eval`'s Markdown tables, from a computed [`Evaluation`].

use std::io::{self, Write};

use super::thousands;
use crate::rank::eval::{Evaluation, Metrics};
use crate::rank::Weights;

/// Weights as the eval tables list them: semantic, keyword, skills, title,
/// role, occupation, seniority.
pub fn weights_text(w: &Weights) -> String {
    format!(
        "{:.1}, {:.1}, {:.1}, {:.1}, {:.1}, {:.1}, {:.2}",
        w.semantic, w.keyword, w.skills, w.title, w.role, w.occupation, w.seniority
    )
}

pub fn write(out: &mut dyn Write, e: &Evaluation) -> io::Result<()> {
    writeln!(
        out,
        "{} resumes, {} occupations, {} postings; precision@10 and nDCG@10, mean over occupations\n",
        e.resumes,
        e.occupations.len(),
        thousands(e.postings as u64)
    )?;
    writeln!(out, "| ranking | P@10 | nDCG@10 |\n|---|---:|---:|")?;
    for m in &e.methods {
        writeln!(
            out,
            "| {} | {:.3} | {:.3} |",
            m.name, m.overall.precision, m.overall.ndcg
        )?;
    }
    if let Some(cv) = &e.cross_validation {
        writeln!(
            out,
            "\ncross-validation, {} folds by resume (stratified by occupation): weights chosen on the\n\
             training folds by coordinate ascent on P@10, measured on the held-out fold\n",
            cv.folds.len()
        )?;
        writeln!(
            out,
            "| fold | train P@10 | test P@10 | test nDCG@10 | weights (sem, kw, skills, title, role, occ, seniority) |"
        )?;
        writeln!(out, "|---|---:|---:|---:|---|")?;
        for (k, (w, tr, tm)) in cv.folds.iter().enumerate() {
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
        let held = &cv.held_out.overall;
        writeln!(out, "| all held-out | | {:.3} | {:.3} | |", held.precision, held.ndcg)?;
        if let Some((train, test)) = cv.given {
            writeln!(
                out,
                "\n--weights on the same folds: train P@10 {train:.3}, test P@10 {test:.3} (means)"
            )?;
        }
        if !cv.ablation.is_empty() {
            writeln!(out, "\nablation: each signal left out of the cross-validated fusion\n")?;
            writeln!(out, "| left out | held-out P@10 | held-out nDCG@10 |\n|---|---:|---:|")?;
            for (name, m) in &cv.ablation {
                writeln!(out, "| {name} | {:.3} | {:.3} |", m.precision, m.ndcg)?;
            }
        }
        let (w, m) = &cv.whole_set;
        writeln!(
            out,
            "\nweights chosen on the whole set (what FUSED ships): {} (P@10 {:.3} on the set itself)",
            weights_text(w),
            m.precision
        )?;
        let (slope, offset) = cv.calibration;
        writeln!(
            out,
            "calibration of those weights: slope {slope:.3}, offset {offset:.3}"
        )?;
    }
    let columns: Vec<_> = e
        .cross_validation
        .iter()
        .map(|cv| &cv.held_out)
        .chain(&e.methods)
        .collect();
    let head: Vec<&str> = columns.iter().map(|m| m.name.trim_end_matches(" alone")).collect();
    for (metric, value) in [
        ("precision@10", (|m: &Metrics| m.precision) as fn(&Metrics) -> f64),
        ("nDCG@10", |m: &Metrics| m.ndcg),
    ] {
        writeln!(out, "\n{metric} by occupation (resumes):\n")?;
        writeln!(out, "| occupation | n | {} |", head.join(" | "))?;
        writeln!(out, "|---|---:|{}", "---:|".repeat(head.len()))?;
        for (occ, ix) in &e.occupations {
            let cells: Vec<String> = columns
                .iter()
                .map(|m| {
                    format!(
                        "{:.2}",
                        ix.iter().map(|&r| value(&m.per_resume[r])).sum::<f64>() / ix.len() as f64
                    )
                })
                .collect();
            writeln!(out, "| {occ} | {} | {} |", ix.len(), cells.join(" | "))?;
        }
    }
    writeln!(out, "\nshipped score (0-100) by band: postings, share relevant\n")?;
    writeln!(out, "| score | postings | relevant |\n|---|---:|---:|")?;
    for (b, (count, hits)) in e.bands.iter().enumerate() {
        let share = if *count > 0 { *hits as f64 / *count as f64 } else { 0.0 };
        writeln!(
            out,
            "| {}–{} | {} | {:.0}% |",
            b * 20,
            b * 20 + 20,
            thousands(*count as u64),
            share * 100.0
        )?;
    }
    Ok(())
}
