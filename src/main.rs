use std::process::ExitCode;

fn main() -> ExitCode {
    let (cli, matches) = filtr::cli::parse();
    match filtr::cli::run(cli, &matches) {
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
