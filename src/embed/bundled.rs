//! The model compiled into filtr: all-MiniLM-L6-v2 packed as f16
//! (`data/model/all-MiniLM-L6-v2`, see its README for provenance and licence).
//! Built without the `bundled-model` feature, filtr carries no model and
//! [`files`] is `None`.

/// How `filtr model list` and messages name it.
pub const DESCRIPTION: &str = "all-MiniLM-L6-v2, f16, compiled in";

/// The three files of the bundled model.
pub struct Files {
    pub config: &'static str,
    pub tokenizer: &'static [u8],
    pub weights: &'static [u8],
}

// Statics, not constants: a constant's bytes may be copied into every place
// that uses it, a static's exist once in the binary.
#[cfg(feature = "bundled-model")]
static CONFIG: &str = include_str!("../../data/model/all-MiniLM-L6-v2/config.json");
#[cfg(feature = "bundled-model")]
static TOKENIZER: &[u8] = include_bytes!("../../data/model/all-MiniLM-L6-v2/tokenizer.json");
#[cfg(feature = "bundled-model")]
static WEIGHTS: &[u8] = include_bytes!("../../data/model/all-MiniLM-L6-v2/model.safetensors");

#[cfg(feature = "bundled-model")]
pub fn files() -> Option<Files> {
    Some(Files {
        config: CONFIG,
        tokenizer: TOKENIZER,
        weights: WEIGHTS,
    })
}

#[cfg(not(feature = "bundled-model"))]
pub fn files() -> Option<Files> {
    None
}

/// What `filtr model list` shows: name, precision and the hash caches are keyed by.
pub fn summary() -> String {
    match files() {
        Some(f) => format!("{DESCRIPTION}, weights {}", super::weights_id(f.weights)),
        None => "not in this build (built without the bundled-model feature)".into(),
    }
}

/// Whether this build carries a model.
pub fn available() -> bool {
    cfg!(feature = "bundled-model")
}
