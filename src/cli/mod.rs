//! The command line: flags defined once (`args`), resolved once with the
//! environment and the config file (`settings`), one file per command, and the
//! dispatch here. The only part of filtr that touches clap, stdout, stderr and
//! exit codes.

mod args;
mod command;
mod config_file;
mod load;
mod notes;
mod settings;

pub use args::*;
use command::*;
use load::*;
use notes::Notes;
use settings::*;

use std::process::ExitCode;

use anyhow::Result;

use crate::resume;

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
    // Every command that reads or writes the cache checks it first.
    let uses_cache = !matches!(
        cli.command,
        Command::PdfWorker | Command::Corpus(_) | Command::Config | Command::Completions { .. } | Command::Man
    );
    if uses_cache {
        crate::store::paths::check_cache_dir()?;
    }
    match cli.command {
        Command::PdfWorker => {
            resume::pdf_worker_main()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Match(mut args) => {
            args.limits.apply();
            let (config, path) = config_file::load()?;
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
        Command::Show(args) => {
            args.limits.apply();
            run_show(args, &notes)
        }
        Command::Rank(args) => {
            args.limits.apply();
            run_rank(args, &notes)
        }
        Command::Gaps(mut args) => {
            args.limits.apply();
            let (config, path) = config_file::load()?;
            let given = matches.subcommand_matches("gaps").expect("gaps was given");
            apply_filter_config(&mut args.filters, given, &config, path.as_deref())?;
            run_gaps(args, &notes)
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

/// Columns of the terminal on stdout; 80 when stdout is not a terminal.
pub(in crate::cli) fn terminal_width() -> usize {
    // SAFETY: TIOCGWINSZ writes one `winsize` into the struct given; the result is checked.
    let size = unsafe {
        let mut w: libc::winsize = std::mem::zeroed();
        (libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut w) == 0).then_some(w.ws_col)
    };
    match size {
        Some(cols) if cols >= 20 => cols as usize,
        _ => 80,
    }
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
