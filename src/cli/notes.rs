//! Notes, warnings and stage timings on stderr.

use std::io::IsTerminal;

/// Progress and notes on stderr, unless `--quiet`; stage timings with `--verbose`.
pub(in crate::cli) struct Notes {
    pub(in crate::cli) quiet: bool,
    pub(in crate::cli) verbose: bool,
}

impl Notes {
    /// Runs `f`, and with `--verbose` prints how long it took: where a run's
    /// time goes, without a profiler.
    pub(in crate::cli) fn span<T>(&self, what: &str, f: impl FnOnce() -> T) -> T {
        let started = std::time::Instant::now();
        let out = f();
        if self.verbose {
            eprintln!("filtr: time: {what}: {:.1} ms", started.elapsed().as_secs_f64() * 1e3);
        }
        out
    }

    pub(in crate::cli) fn note(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("filtr: {msg}");
        }
    }

    pub(in crate::cli) fn warn(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("filtr: warning: {msg}");
        }
    }

    pub(in crate::cli) fn bar(&self, len: u64, what: &str) -> indicatif::ProgressBar {
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
