//! Packs a sentence-transformers model folder into the copy filtr bundles:
//! every f32 tensor as f16 (round to nearest even), other tensors as they are,
//! `config.json` and `tokenizer.json` byte for byte. Rerunning it on the same
//! source gives byte-identical output (tensors are written in a fixed order).
//!
//! `cargo run --release --example pack_model -- SOURCE_DIR data/model/all-MiniLM-L6-v2`

use std::borrow::Cow;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use safetensors::{tensor::View, Dtype, SafeTensors};

struct Tensor {
    dtype: Dtype,
    shape: Vec<usize>,
    data: Vec<u8>,
}

impl View for &Tensor {
    fn dtype(&self) -> Dtype {
        self.dtype
    }
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn data(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.data)
    }
    fn data_len(&self) -> usize {
        self.data.len()
    }
}

fn main() -> Result<()> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [source, out] = args.as_slice() else {
        bail!("usage: pack_model SOURCE_DIR OUT_DIR");
    };
    let weights = std::fs::read(source.join("model.safetensors"))
        .with_context(|| format!("cannot read {}", source.join("model.safetensors").display()))?;
    let st = SafeTensors::deserialize(&weights)?;
    let mut names: Vec<String> = st.names().into_iter().map(str::to_string).collect();
    names.sort();
    let mut tensors = Vec::with_capacity(names.len());
    for name in &names {
        let view = st.tensor(name)?;
        let tensor = match view.dtype() {
            Dtype::F32 => Tensor {
                dtype: Dtype::F16,
                shape: view.shape().to_vec(),
                data: view
                    .data()
                    .chunks_exact(4)
                    .flat_map(|b| half::f16::from_f32(f32::from_le_bytes([b[0], b[1], b[2], b[3]])).to_le_bytes())
                    .collect(),
            },
            dtype => Tensor {
                dtype,
                shape: view.shape().to_vec(),
                data: view.data().to_vec(),
            },
        };
        tensors.push((name.clone(), tensor));
    }
    let meta = std::collections::HashMap::from([("format".to_string(), "pt".to_string())]);
    let packed = safetensors::serialize(tensors.iter().map(|(n, t)| (n.as_str(), t)), Some(meta))?;
    std::fs::create_dir_all(out)?;
    std::fs::write(out.join("model.safetensors"), &packed)?;
    for file in ["config.json", "tokenizer.json"] {
        std::fs::copy(source.join(file), out.join(file)).with_context(|| format!("cannot copy {file}"))?;
    }
    eprintln!(
        "{} tensors, {} → {} bytes into {}",
        tensors.len(),
        weights.len(),
        packed.len(),
        out.display()
    );
    Ok(())
}
