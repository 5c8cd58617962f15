//! `filtr corpus check`: what a corpus holds, and every posting left out.

use std::io::{self, Write};

use super::thousands;
use crate::postings::{self, Corpus, Posting};

pub fn write(out: &mut dyn Write, corpus: &Corpus) -> io::Result<()> {
    let reposts = postings::reposts(&corpus.postings).iter().filter(|h| **h).count();
    let count = |f: &dyn Fn(&Posting) -> bool| corpus.postings.iter().filter(|p| f(p)).count();
    writeln!(out, "{}: {}", corpus.name, corpus.format.describe())?;
    writeln!(out, "  postings:      {}", thousands(corpus.total as u64))?;
    writeln!(out, "  valid:         {}", thousands(corpus.postings.len() as u64))?;
    writeln!(out, "  invalid:       {}", thousands(corpus.skipped.len() as u64))?;
    writeln!(
        out,
        "  with salary:   {}",
        thousands(count(&|p| p.salary.is_some()) as u64)
    )?;
    writeln!(
        out,
        "  with date:     {}",
        thousands(count(&|p| p.posted.is_some()) as u64)
    )?;
    writeln!(out, "  remote:        {}", thousands(count(&|p| p.remote) as u64))?;
    writeln!(
        out,
        "  reposts:       {} (shown once by `filtr match`)",
        thousands(reposts as u64)
    )?;
    for s in &corpus.skipped {
        writeln!(out, "{}: {s}", corpus.name)?;
    }
    for t in &corpus.cut {
        writeln!(out, "{}: {t}", corpus.name)?;
    }
    Ok(())
}
