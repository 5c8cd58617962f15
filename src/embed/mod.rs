//! Sentence embeddings: the model (all-MiniLM-L6-v2 on filtr's own forward
//! pass in `bert`, candle as the reference), the weights compiled in
//! (`bundled`), how texts are cut into windows (`windows`) and posting
//! vectors in memory (`vectors`). Where vectors and models are kept on disk
//! is `store`'s job.

pub mod bert;
pub mod bundled;
pub mod vectors;
pub mod windows;

pub use vectors::PostingVectors;

use std::path::{Path, PathBuf};

#[cfg(feature = "candle")]
use candle_core::{DType, Device, Tensor};
#[cfg(feature = "candle")]
use candle_nn::VarBuilder;
#[cfg(feature = "candle")]
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::Tokenizer;

/// The model's position embeddings allow 512 tokens; sentence-transformers
/// configures all-MiniLM-L6-v2 for 256 (`sentence_bert_config.json`), and so do we.
pub const MAX_TOKENS: usize = 256;
/// candle's batch: 16 balances speed and memory (batch 64 peaks at 1.4 GB here).
#[cfg(feature = "candle")]
const BATCH: usize = 16;

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("model folder {dir}: {what}")]
    Load { dir: PathBuf, what: String },
    #[cfg(feature = "candle")]
    #[error("model forward pass failed: {0}")]
    Forward(#[from] candle_core::Error),
    #[error("model forward pass failed: {0}")]
    Native(String),
    #[error("tokenizer failed: {0}")]
    Tokenize(String),
}

/// Which implementation runs the transformer. Both read the same weights and
/// agree to ~1e-6 cosine; `Native` is about twice as fast, candle is the
/// reference and the fallback for configurations `Native` does not cover.
/// Candle is compiled in only with the cargo feature `candle`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Native,
    Candle,
}

impl Backend {
    /// `FILTR_BACKEND=candle` selects the reference implementation (for
    /// comparisons); anything else, or unset, the native one.
    pub fn from_env() -> Backend {
        match std::env::var("FILTR_BACKEND").as_deref() {
            Ok("candle") => Backend::Candle,
            _ => Backend::Native,
        }
    }
}

enum Model {
    Native(bert::Bert),
    #[cfg(feature = "candle")]
    Candle(Box<BertModel>),
}

/// A loaded sentence-embedding model.
pub struct Embedder {
    model: Model,
    tokenizer: Tokenizer,
    dim: usize,
    /// MAX_TOKENS, or fewer when the model has fewer positions.
    max_tokens: usize,
    /// Identifies the exact weights: a hash of `model.safetensors`, so cached
    /// vectors from other weights are never mixed in.
    pub weights_id: String,
}

/// Where a model's files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelSource {
    /// A folder with `config.json`, `tokenizer.json` and `model.safetensors`.
    Dir(PathBuf),
    /// The f16 copy compiled into filtr (feature `bundled-model`).
    Bundled,
}

impl Embedder {
    pub fn load(dir: &Path) -> Result<Embedder, EmbedError> {
        Embedder::load_with(dir, Backend::from_env())
    }

    pub fn load_with(dir: &Path, backend: Backend) -> Result<Embedder, EmbedError> {
        Embedder::open_with(&ModelSource::Dir(dir.to_owned()), backend)
    }

    pub fn open(source: &ModelSource) -> Result<Embedder, EmbedError> {
        Embedder::open_with(source, Backend::from_env())
    }

    pub fn open_with(source: &ModelSource, backend: Backend) -> Result<Embedder, EmbedError> {
        let label = match source {
            ModelSource::Dir(d) => d.clone(),
            ModelSource::Bundled => PathBuf::from("(bundled)"),
        };
        let err = |what: String| EmbedError::Load {
            dir: label.clone(),
            what,
        };
        let (config_text, mut tokenizer, weights) = match source {
            ModelSource::Dir(dir) => {
                let config_text = read_model_file(dir, "config.json")
                    .and_then(|b| String::from_utf8(b).map_err(|e| e.to_string()))
                    .map_err(|e| err(format!("config.json: {e}")))?;
                let tokenizer = read_model_file(dir, "tokenizer.json")
                    .and_then(|b| Tokenizer::from_bytes(b).map_err(|e| e.to_string()))
                    .map_err(|e| err(format!("tokenizer.json: {e}")))?;
                let file = std::fs::File::open(dir.join("model.safetensors"))
                    .map_err(|e| err(format!("model.safetensors: {e}")))?;
                let len = file.metadata().map_or(0, |m| m.len());
                if len > model_file_limit("model.safetensors") {
                    return Err(err(format!(
                        "model.safetensors: {} MB, too large to be a model file",
                        len >> 20
                    )));
                }
                // SAFETY: mapped read-only; filtr never modifies model files in place
                // (imports go to a temp folder that is renamed).
                let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| err(format!("model.safetensors: {e}")))?;
                (config_text, tokenizer, bert::Bytes::Mapped(map))
            }
            ModelSource::Bundled => {
                let files =
                    bundled::files().ok_or_else(|| err("this filtr was built without a bundled model".into()))?;
                let tokenizer =
                    Tokenizer::from_bytes(files.tokenizer).map_err(|e| err(format!("tokenizer.json: {e}")))?;
                (files.config.to_string(), tokenizer, bert::Bytes::Static(files.weights))
            }
        };
        let config: bert::BertConfig =
            serde_json::from_str(&config_text).map_err(|e| err(format!("config.json: {e}")))?;
        // tokenizer.json pads and truncates to a fixed 128; we pad per batch and
        // truncate at MAX_TOKENS ourselves.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(None)
            .map_err(|e| err(format!("tokenizer.json: {e}")))?;
        let weights_id = weights_id(&weights);
        let model = match (backend, bert::check(&config)) {
            (Backend::Native, Ok(())) => Model::Native(
                bert::Bert::from_bytes(weights, &config).map_err(|e| err(format!("model.safetensors: {e}")))?,
            ),
            // A config the native pass does not cover (another activation) runs on candle.
            (Backend::Native, Err(why)) => Model::candle(source, &config_text, &why).map_err(err)?,
            (Backend::Candle, _) => Model::candle(
                source,
                &config_text,
                "FILTR_BACKEND=candle asks for candle's reference pass",
            )
            .map_err(err)?,
        };
        Ok(Embedder {
            model,
            tokenizer,
            dim: config.hidden_size,
            max_tokens: MAX_TOKENS.min(config.max_position_embeddings).max(2),
            weights_id,
        })
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// True when the weights are used in place from the mapped model file (native
    /// backend, f32 weights): loading then copies nothing.
    pub fn weights_mapped(&self) -> bool {
        matches!(&self.model, Model::Native(b) if b.is_mapped())
    }

    pub fn backend(&self) -> Backend {
        match self.model {
            Model::Native(_) => Backend::Native,
            #[cfg(feature = "candle")]
            Model::Candle(_) => Backend::Candle,
        }
    }

    /// Number of word pieces in `text`, without the [CLS]/[SEP] pair.
    pub fn count_tokens(&self, text: &str) -> usize {
        // `encode_fast`: the same pieces, without the character offsets nobody reads here.
        self.tokenizer
            .encode_fast(text, false)
            .map(|e| e.len())
            .unwrap_or(usize::MAX)
    }

    /// Embeds texts as L2-normalised vectors, `texts.len() * dim` floats in input order.
    /// `progress` is called with the number of texts done after each batch.
    pub fn embed(&self, texts: &[&str], progress: impl FnMut(usize)) -> Result<Vec<f32>, EmbedError> {
        use rayon::prelude::*;
        let ids: Vec<Vec<u32>> = texts
            .par_iter()
            .map(|text| {
                let enc = self
                    .tokenizer
                    .encode(*text, true)
                    .map_err(|e| EmbedError::Tokenize(e.to_string()))?;
                let mut t = enc.get_ids().to_vec();
                // Same as the Hugging Face truncation: keep the first pieces, then [SEP].
                if t.len() > self.max_tokens {
                    let sep = *t.last().expect("non-empty");
                    t.truncate(self.max_tokens - 1);
                    t.push(sep);
                }
                Ok(t)
            })
            .collect::<Result<_, EmbedError>>()?;
        // One arm without the `candle` feature.
        #[allow(clippy::infallible_destructuring_match)]
        let model = match &self.model {
            Model::Native(bert) => bert,
            #[cfg(feature = "candle")]
            Model::Candle(model) => return self.embed_candle(model, &ids, progress),
        };
        let seqs: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
        model.embed(&seqs, progress).map_err(EmbedError::Native)
    }

    #[cfg(feature = "candle")]
    fn embed_candle(
        &self,
        model: &BertModel,
        ids: &[Vec<u32>],
        mut progress: impl FnMut(usize),
    ) -> Result<Vec<f32>, EmbedError> {
        // Batches of similar length waste little on padding; the attention mask
        // makes each vector independent of its batch.
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by_key(|&i| ids[i].len());
        let mut out = vec![0f32; ids.len() * self.dim];
        let mut done = 0;
        for batch in order.chunks(BATCH) {
            let vectors = forward_candle(model, batch.iter().map(|&i| ids[i].as_slice()))?;
            for (row, &i) in batch.iter().enumerate() {
                out[i * self.dim..(i + 1) * self.dim].copy_from_slice(&vectors[row * self.dim..(row + 1) * self.dim]);
            }
            done += batch.len();
            progress(done);
        }
        Ok(out)
    }
}

impl Model {
    /// Candle's `BertModel` over the same weights: the reference, and the
    /// fallback for a model the native pass refused (`why`).
    #[cfg(feature = "candle")]
    fn candle(source: &ModelSource, config_text: &str, _why: &str) -> Result<Model, String> {
        let config: Config = serde_json::from_str(config_text).map_err(|e| format!("config.json: {e}"))?;
        let vb = match source {
            // SAFETY: the file is mapped read-only and never written in place.
            ModelSource::Dir(dir) => unsafe {
                VarBuilder::from_mmaped_safetensors(&[dir.join("model.safetensors")], DType::F32, &Device::Cpu)
            },
            ModelSource::Bundled => {
                let files = bundled::files().ok_or("this filtr was built without a bundled model")?;
                VarBuilder::from_slice_safetensors(files.weights, DType::F32, &Device::Cpu)
            }
        }
        .map_err(|e| format!("model.safetensors: {e}"))?;
        let model = BertModel::load(vb, &config).map_err(|e| format!("model.safetensors: {e}"))?;
        Ok(Model::Candle(Box::new(model)))
    }

    #[cfg(not(feature = "candle"))]
    fn candle(_: &ModelSource, _: &str, why: &str) -> Result<Model, String> {
        Err(format!(
            "{why}: that needs the candle backend, which this filtr was built without \
             (cargo feature `candle`: `cargo build --release --features candle`)"
        ))
    }
}

#[cfg(feature = "candle")]
fn forward_candle<'a>(
    model: &BertModel,
    batch: impl ExactSizeIterator<Item = &'a [u32]> + Clone,
) -> Result<Vec<f32>, EmbedError> {
    let n = batch.len();
    let len = batch.clone().map(<[u32]>::len).max().unwrap_or(0);
    let mut input = vec![0u32; n * len];
    let mut mask = vec![0u32; n * len];
    for (row, ids) in batch.enumerate() {
        input[row * len..row * len + ids.len()].copy_from_slice(ids);
        mask[row * len..row * len + ids.len()].fill(1);
    }
    let device = &model.device;
    let input = Tensor::from_vec(input, (n, len), device)?;
    let mask = Tensor::from_vec(mask, (n, len), device)?;
    let types = input.zeros_like()?;
    let hidden = model.forward(&input, &types, Some(&mask))?;
    // Mean over real tokens only, then L2 normalisation: sentence-transformers' pooling.
    let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
    let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
    let mean = summed.broadcast_div(&mask.sum(1)?)?;
    let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
    let unit = mean.broadcast_div(&norm)?;
    Ok(unit.flatten_all()?.to_vec1::<f32>()?)
}

/// Cosine of two L2-normalised vectors.
///
/// Sixteen independent partial sums: a single running sum is a dependency
/// chain the compiler may not reorder, so it would not vectorise; this loop
/// compiles to SIMD multiply-adds and scores cached vectors several times faster.
/// The largest model files filtr reads: all-MiniLM-L6-v2's are 0.6 KB,
/// 466 KB and 90 MB, and the largest sentence-transformers models a few GB.
/// A model folder is untrusted input: a 1 GB `tokenizer.json` is refused, not
/// read into memory.
pub const MAX_MODEL_FILE_BYTES: [(&str, u64); 3] = [
    ("config.json", 1 << 20),
    ("tokenizer.json", 64 << 20),
    ("model.safetensors", 4 << 30),
];

/// The size limit of model file `name` (see [`MAX_MODEL_FILE_BYTES`]).
pub fn model_file_limit(name: &str) -> u64 {
    MAX_MODEL_FILE_BYTES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(1 << 20, |(_, max)| *max)
}

/// Reads at most `max` bytes of `reader`; longer is an error naming the limit.
pub fn read_limited(reader: impl std::io::Read, max: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut buf = Vec::new();
    reader.take(max + 1).read_to_end(&mut buf).map_err(|e| e.to_string())?;
    if buf.len() as u64 > max {
        return Err(format!("larger than {} MB, too large to be a model file", max >> 20));
    }
    Ok(buf)
}

/// A model file of the folder `dir`, refused before reading when too large.
fn read_model_file(dir: &Path, name: &str) -> Result<Vec<u8>, String> {
    let path = dir.join(name);
    let max = model_file_limit(name);
    let file = std::fs::File::open(&path).map_err(|e| e.to_string())?;
    let len = file.metadata().map_err(|e| e.to_string())?.len();
    if len > max {
        return Err(format!(
            "{} MB, larger than {} MB: too large to be a model file",
            len >> 20,
            max >> 20
        ));
    }
    read_limited(file, max)
}

/// A hash of the weights file's bytes, hex: caches are keyed by it. ~90 MB hash in a few ms.
pub fn weights_id(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    const LANES: usize = 16;
    let n = a.len().min(b.len());
    let whole = n / LANES * LANES;
    let mut acc = [0.0f32; LANES];
    for (x, y) in a[..whole].chunks_exact(LANES).zip(b[..whole].chunks_exact(LANES)) {
        for i in 0..LANES {
            acc[i] += x[i] * y[i];
        }
    }
    let tail: f32 = a[whole..n].iter().zip(&b[whole..n]).map(|(x, y)| x * y).sum();
    acc.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    #[test]
    fn dot_matches_the_plain_sum_for_any_length() {
        for n in [0usize, 1, 15, 16, 17, 383, 384, 385] {
            let a: Vec<f32> = (0..n).map(|i| ((i * 7919) % 101) as f32 / 101.0 - 0.5).collect();
            let b: Vec<f32> = (0..n).map(|i| ((i * 104_729) % 97) as f32 / 97.0 - 0.5).collect();
            let plain: f64 = a.iter().zip(&b).map(|(x, y)| (*x as f64) * (*y as f64)).sum();
            assert!((super::dot(&a, &b) as f64 - plain).abs() < 1e-4, "n = {n}");
        }
    }
}
