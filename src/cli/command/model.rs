//! `filtr model import|download|list`.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Result;

use crate::embed::{self, ModelSource};
use crate::store::models;

use crate::cli::*;

pub(in crate::cli) fn run_model(cmd: ModelCommand, notes: &Notes) -> Result<ExitCode> {
    match cmd {
        ModelCommand::Import { path } => {
            let dir = models::import(&path)?;
            notes.note(format_args!("installed {} into {}", models::MODEL_NAME, dir.display()));
            if embed::bundled::available() {
                notes.note(format_args!(
                    "the bundled model stays the default; use this one with --model {} or FILTR_MODEL",
                    dir.display()
                ));
            }
        }
        ModelCommand::Download => {
            let dir = models::download(!notes.quiet && std::io::stderr().is_terminal())?;
            notes.note(format_args!("downloaded {} into {}", models::MODEL_NAME, dir.display()));
        }
        ModelCommand::List { model } => {
            let located = models::locate(model.model.as_deref());
            let chosen = located.as_ref().ok().and_then(|l| l.as_ref().map(|(s, _)| s.clone()));
            let mut out = std::io::stdout().lock();
            writeln!(out, "{} is looked for in this order:", models::MODEL_NAME)?;
            for (origin, source) in models::candidates(model.model.as_deref()) {
                let (status, place) = match &source {
                    ModelSource::Bundled => ("compiled in".to_string(), embed::bundled::summary()),
                    ModelSource::Dir(dir) => {
                        let missing = models::missing_files(dir);
                        let status = if missing.is_empty() {
                            "installed".to_string()
                        } else if !dir.exists() {
                            "absent".to_string()
                        } else {
                            format!("incomplete: no {}", missing.join(", "))
                        };
                        (status, dir.display().to_string())
                    }
                };
                let status = if chosen.as_ref() == Some(&source) {
                    "in use".to_string()
                } else {
                    status
                };
                writeln!(out, "  {:<20} {:<12} {}", origin.describe(), status, place)?;
            }
            match located {
                Err(e) => writeln!(out, "unusable: {e:#}; `filtr match` fails until this is fixed")?,
                Ok(None) => writeln!(out, "none installed: matching falls back to keywords (BM25)")?,
                Ok(Some(_)) => {}
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
