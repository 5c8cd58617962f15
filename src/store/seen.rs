//! Postings already shown, per resume content and corpus, for `--new`: so a
//! run from cron reports only what it has not reported before.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::file;

const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct SeenFile {
    version: u32,
    corpus: String,
    seen: BTreeSet<String>,
}

/// The seen postings of one resume against one corpus.
pub struct Seen {
    pub path: PathBuf,
    corpus: String,
    /// Ids of postings shown before.
    pub ids: BTreeSet<String>,
}

/// The content hash a resume's seen postings are kept under.
pub fn resume_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

impl Seen {
    /// The seen postings of the resume whose text hashes to `resume` in
    /// corpus `source`; none for a new pair. A damaged file is reported in the
    /// warning and treated as empty (it is rewritten on the next record).
    pub fn open(source: &str, resume: u64) -> (Seen, Option<String>) {
        let path = super::paths::seen(source, resume);
        let (ids, warning) = match read(&path, source) {
            Ok(ids) => (ids, None),
            Err(why) => (
                BTreeSet::new(),
                Some(format!(
                    "{}: {why}; the postings shown before are forgotten and the file is rebuilt",
                    path.display()
                )),
            ),
        };
        (
            Seen {
                path,
                corpus: source.to_string(),
                ids,
            },
            warning,
        )
    }

    /// Adds `shown` to the file, all or nothing; another process's additions
    /// made meanwhile are kept.
    pub fn record<'a>(&mut self, shown: impl IntoIterator<Item = &'a str>) -> std::io::Result<()> {
        let _lock = file::lock(&self.path)?;
        if let Ok(theirs) = read(&self.path, &self.corpus) {
            self.ids.extend(theirs);
        }
        self.ids.extend(shown.into_iter().map(str::to_string));
        let body = SeenFile {
            version: VERSION,
            corpus: self.corpus.clone(),
            seen: self.ids.clone(),
        };
        file::write_atomic(&self.path, |w: &mut dyn std::io::Write| {
            serde_json::to_writer(&mut *w, &body).map_err(std::io::Error::other)?;
            w.write_all(b"\n")
        })
    }

    /// Forgets every posting shown for this resume and corpus.
    pub fn forget(&mut self) -> std::io::Result<()> {
        let _lock = file::lock(&self.path)?;
        self.ids.clear();
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// The ids in a seen-state file; absent is empty, anything unreadable an error.
fn read(path: &Path, source: &str) -> Result<BTreeSet<String>, String> {
    let text = match std::fs::read(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
        Err(e) => return Err(format!("cannot read the seen postings ({e})")),
    };
    let f: SeenFile = serde_json::from_slice(&text).map_err(|e| format!("the seen-postings file is damaged ({e})"))?;
    if f.version != VERSION {
        return Err(format!(
            "the seen-postings file has version {}, not {VERSION}",
            f.version
        ));
    }
    if f.corpus != source {
        return Err(format!("the seen-postings file is for corpus {:?}", f.corpus));
    }
    Ok(f.seen)
}
