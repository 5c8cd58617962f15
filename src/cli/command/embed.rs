//! `filtr embed`: vectors as JSON Lines.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use crate::embed::{self, Embedder};

use crate::cli::*;

pub(in crate::cli) fn run_embed(args: EmbedArgs, notes: &Notes) -> Result<ExitCode> {
    let texts: Vec<String> = match &args.file {
        None => args.texts.clone(),
        Some(f) => {
            let content = if f == "-" {
                std::io::read_to_string(std::io::stdin()).context("cannot read stdin")?
            } else {
                std::fs::read_to_string(f).with_context(|| format!("cannot read {f}"))?
            };
            content
                .lines()
                .map(str::to_string)
                .filter(|l| !l.trim().is_empty())
                .collect()
        }
    };
    if texts.is_empty() {
        bail!("nothing to embed");
    }
    if let Some(i) = texts.iter().position(|t| t.trim().is_empty()) {
        bail!("text {} is empty", i + 1);
    }
    let source = require_model(&args.model)?;
    let embedder = Embedder::open(&source)?;
    for (i, t) in texts.iter().enumerate() {
        let n = embedder.count_tokens(t);
        if n + 2 > embed::MAX_TOKENS {
            notes.warn(format_args!(
                "text {} has {n} word pieces; the model reads the first {}",
                i + 1,
                embed::MAX_TOKENS - 2
            ));
        }
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let vectors = embedder.embed(&refs, |_| {})?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    #[derive(serde::Serialize)]
    struct Line<'a> {
        text: &'a str,
        embedding: &'a [f32],
    }
    for (text, embedding) in texts.iter().zip(vectors.chunks_exact(embedder.dim())) {
        serde_json::to_writer(&mut out, &Line { text, embedding }).map_err(std::io::Error::from)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
