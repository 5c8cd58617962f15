//! Flags, environment and config file resolved once into what `match` uses,
//! and `filtr config`, which prints that resolution.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use clap::ValueEnum;

use super::config_file::{self, ConfigFile};
use crate::postings;

use crate::cli::*;

/// True when the user set this argument on the command line or in its environment variable.
pub(in crate::cli) fn given(m: &clap::ArgMatches, id: &str) -> bool {
    use clap::parser::ValueSource;
    matches!(
        m.value_source(id),
        Some(ValueSource::CommandLine | ValueSource::EnvVariable)
    )
}

/// A config file setting that cannot be used.
fn invalid(path: Option<&Path>, message: String) -> config_file::ConfigError {
    config_file::ConfigError::Invalid {
        path: path.map(Path::to_owned).unwrap_or_default(),
        message,
    }
}

/// Fills what the command line left unset from the config file.
pub(in crate::cli) fn apply_config(
    args: &mut MatchArgs,
    m: &clap::ArgMatches,
    c: &ConfigFile,
    path: Option<&Path>,
) -> Result<()> {
    let invalid = |message: String| invalid(path, message);
    if !given(m, "corpus") && c.corpus.is_some() {
        args.corpus = c.corpus.clone();
    }
    if let (false, Some(f)) = (given(m, "corpus_format"), &c.corpus_format) {
        args.corpus_format = Some(config_file::choice(path, "corpus-format", f)?);
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
    if let (false, Some(f)) = (given(m, "format"), &c.format) {
        args.format = config_file::choice(path, "format", f)?;
    }
    if let (false, Some(col)) = (given(m, "color"), &c.color) {
        args.color = config_file::choice(path, "color", col)?;
    }
    apply_filter_config(&mut args.filters, m, c, path)
}

/// Fills the filters the command line left unset from the config file; its
/// exclusion lists are added to those given as flags.
pub(in crate::cli) fn apply_filter_config(
    args: &mut FilterArgs,
    m: &clap::ArgMatches,
    c: &ConfigFile,
    path: Option<&Path>,
) -> Result<()> {
    let invalid = |message: String| invalid(path, message);
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
    if let (false, Some(d)) = (given(m, "no_dedup"), c.dedup) {
        args.no_dedup = !d;
    }
    for (list, from) in [
        (&mut args.exclude_company, &c.exclude_company),
        (&mut args.exclude_title, &c.exclude_title),
        (&mut args.exclude_word, &c.exclude_word),
    ] {
        list.extend(from.iter().flatten().cloned());
    }
    Ok(())
}

/// The filters of `match` and `gaps`, from their flags; `reposts` are the
/// postings hidden as older reposts.
pub(in crate::cli) fn filters(f: &FilterArgs, reposts: Vec<bool>) -> Result<crate::rank::Filters> {
    let since = f
        .since
        .as_deref()
        .map(|s| {
            crate::text::since::parse_since(s, crate::text::calendar::today())
                .map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
                .map_err(|e| anyhow::anyhow!("--since {s:?}: {e}"))
        })
        .transpose()?;
    for (flag, list) in [
        ("--exclude-company", &f.exclude_company),
        ("--exclude-title", &f.exclude_title),
        ("--exclude-word", &f.exclude_word),
    ] {
        if let Some(bad) = list.iter().find(|w| !w.chars().any(char::is_alphanumeric)) {
            anyhow::bail!("{flag} {bad:?}: give a word or a name (letters or digits)");
        }
    }
    Ok(crate::rank::Filters {
        remote_only: f.remote,
        location: f.location.clone(),
        min_salary: f.min_salary,
        currency: f.currency.clone(),
        since,
        hidden: if f.no_dedup { Vec::new() } else { reposts },
        exclude: crate::rank::Exclusions {
            companies: f.exclude_company.clone(),
            title_words: f.exclude_title.clone(),
            words: f.exclude_word.clone(),
        },
        seen: Vec::new(),
    })
}

pub(in crate::cli) fn run_config() -> Result<ExitCode> {
    let (c, path) = config_file::load()?;
    let mut out = std::io::stdout().lock();
    match &path {
        Some(p) => writeln!(out, "# config file: {}", p.display())?,
        None => writeln!(
            out,
            "# config file: none ({} does not exist)",
            config_file::path().map_or("no config directory".into(), |p| p.display().to_string())
        )?,
    }
    let from_file = |set: bool| if set { "config file" } else { "default" };
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let mut row = |key: &str, value: String, source: &str| writeln!(out, "{key:<15} = {value:<32} # {source}");
    match (env("FILTR_CORPUS"), &c.corpus) {
        (Some(v), _) => row("corpus", v, "env FILTR_CORPUS")?,
        (None, Some(p)) => row("corpus", p.display().to_string(), "config file")?,
        (None, None) => row("corpus", postings::BUNDLED_NAME.into(), "default")?,
    }
    match (env("FILTR_MODEL"), &c.model) {
        (Some(v), _) => row("model", v, "env FILTR_MODEL")?,
        (None, Some(p)) => row("model", p.display().to_string(), "config file")?,
        (None, None) => row("model", "(search order: `filtr model list`)".into(), "default")?,
    }
    let name = |v: Option<clap::builder::PossibleValue>| v.expect("a named value").get_name().to_string();
    let (top, currency) = (DEFAULT_TOP.to_string(), crate::rank::Filters::DEFAULT_CURRENCY);
    let (format, color) = (
        name(DEFAULT_FORMAT.to_possible_value()),
        name(DEFAULT_COLOR.to_possible_value()),
    );
    let list = |v: &Option<Vec<String>>| v.as_ref().map(|v| format!("{v:?}"));
    let plain: [(&str, Option<String>, &str); 13] = [
        ("corpus-format", c.corpus_format.clone(), "(detected)"),
        ("top", c.top.map(|v| v.to_string()), &top),
        ("remote", c.remote.map(|v| v.to_string()), "false"),
        ("location", c.location.clone(), "(any)"),
        ("min-salary", c.min_salary.as_ref().map(|v| v.to_string()), "(none)"),
        ("currency", c.currency.clone(), currency),
        ("since", c.since.clone(), "(any date)"),
        ("format", c.format.clone(), &format),
        ("color", c.color.clone(), &color),
        ("dedup", c.dedup.map(|v| v.to_string()), "true"),
        ("exclude-company", list(&c.exclude_company), "(none)"),
        ("exclude-title", list(&c.exclude_title), "(none)"),
        ("exclude-word", list(&c.exclude_word), "(none)"),
    ];
    for (key, value, default) in plain {
        let source = from_file(value.is_some());
        row(key, value.unwrap_or_else(|| default.to_string()), source)?;
    }
    Ok(ExitCode::SUCCESS)
}
