use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = filtr::cli::Cli::parse();
    match filtr::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // `filtr … | head` closing the pipe early is not a failure.
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("filtr: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
