//! `filtr corpus check` and `filtr corpus convert`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::postings::Corpus;
use crate::report;

use crate::cli::*;

pub(in crate::cli) fn run_corpus(cmd: CorpusCommand, notes: &Notes) -> Result<ExitCode> {
    match cmd {
        CorpusCommand::Check { file, corpus_format } => {
            let corpus = Corpus::load(&file, corpus_format, false)?;
            report::check::write(&mut std::io::stdout().lock(), &corpus)?;
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
