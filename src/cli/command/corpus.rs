//! `filtr corpus check` and `filtr corpus convert`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::postings::{self, Corpus};
use crate::report;

use crate::cli::*;

pub(in crate::cli) fn run_corpus(cmd: CorpusCommand, notes: &Notes) -> Result<ExitCode> {
    match cmd {
        CorpusCommand::Check { file, corpus_format } => {
            let corpus = Corpus::load(&file, corpus_format, false)?;
            let mut out = std::io::stdout().lock();
            let reposts = postings::reposts(&corpus.postings).iter().filter(|h| **h).count();
            let count = |f: &dyn Fn(&postings::Posting) -> bool| corpus.postings.iter().filter(|p| f(p)).count();
            writeln!(out, "{}: {}", corpus.name, corpus.format.describe())?;
            writeln!(out, "  postings:      {}", report::thousands(corpus.total as u64))?;
            writeln!(
                out,
                "  valid:         {}",
                report::thousands(corpus.postings.len() as u64)
            )?;
            writeln!(
                out,
                "  invalid:       {}",
                report::thousands(corpus.skipped.len() as u64)
            )?;
            writeln!(
                out,
                "  with salary:   {}",
                report::thousands(count(&|p| p.salary.is_some()) as u64)
            )?;
            writeln!(
                out,
                "  with date:     {}",
                report::thousands(count(&|p| p.posted.is_some()) as u64)
            )?;
            writeln!(
                out,
                "  remote:        {}",
                report::thousands(count(&|p| p.remote) as u64)
            )?;
            writeln!(
                out,
                "  reposts:       {} (shown once by `filtr match`)",
                report::thousands(reposts as u64)
            )?;
            for s in &corpus.skipped {
                writeln!(out, "{}: {s}", corpus.name)?;
            }
            Ok(if corpus.skipped.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        CorpusCommand::Convert {
            file,
            output: dest,
            corpus_format,
            strict,
        } => {
            let corpus = load_corpus(Some(&file), corpus_format, strict, notes)?;
            let lines = dest.ends_with(".jsonl");
            let mut buf = Vec::new();
            if lines {
                for p in &corpus.postings {
                    serde_json::to_writer(&mut buf, p)?;
                    buf.push(b'\n');
                }
            } else {
                serde_json::to_writer_pretty(&mut buf, &corpus.postings)?;
                buf.push(b'\n');
            }
            if dest == "-" {
                let mut out = std::io::stdout().lock();
                out.write_all(&buf)?;
                out.flush()?;
            } else {
                crate::store::file::write_atomic(Path::new(&dest), |w| w.write_all(&buf))
                    .with_context(|| format!("cannot write {dest}"))?;
                notes.note(format_args!(
                    "wrote {} postings to {dest}",
                    report::thousands(corpus.postings.len() as u64)
                ));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
