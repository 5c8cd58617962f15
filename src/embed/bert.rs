//! A BERT encoder forward pass written for CPU inference on the `gemm` crate.
//!
//! candle spends most of its time outside matrix multiplication here (a scalar
//! `erf` per GELU element, a fresh tensor per op, padding), which left it at half
//! the speed of PyTorch. This pass packs a batch's sequences end to end with no
//! padding (attention runs per sequence, so no mask is needed and a vector cannot
//! depend on its batch), adds biases and residuals inside the matrix products,
//! reuses its buffers across layers, and evaluates GELU and softmax with
//! branch-free polynomials compiled for AVX2 when the CPU has it.

use std::path::Path;

use gemm_common::Parallelism;
use rayon::prelude::*;
use safetensors::{Dtype, SafeTensors};

/// The parts of a Hugging Face BERT `config.json` this pass needs.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct BertConfig {
    pub hidden_size: usize,
    pub num_attention_heads: usize,
    pub intermediate_size: usize,
    pub num_hidden_layers: usize,
    pub max_position_embeddings: usize,
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f64,
    #[serde(default = "default_act")]
    pub hidden_act: String,
}

fn default_eps() -> f64 {
    1e-12
}

fn default_act() -> String {
    "gelu".into()
}

/// A weight: a range of `Bert::floats()`.
type Span = std::ops::Range<usize>;

struct Linear {
    /// `[out, in]`, row-major: the layout PyTorch saves.
    w: Span,
    b: Span,
    inp: usize,
    out: usize,
}

struct Norm {
    gamma: Span,
    beta: Span,
}

struct Layer {
    q: Linear,
    k: Linear,
    v: Linear,
    attn_out: Linear,
    norm1: Norm,
    up: Linear,
    down: Linear,
    norm2: Norm,
}

/// Where the weights live: in the mapped model file itself when it holds
/// aligned little-endian f32 (the usual case: no copy, and the pages are shared
/// with the OS cache), else converted into memory.
enum Store {
    Mapped(Bytes, Span),
    Owned(Vec<f32>),
}

/// The bytes of a safetensors file: mapped from disk, or compiled into the binary.
pub enum Bytes {
    Mapped(memmap2::Mmap),
    Static(&'static [u8]),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Static(s) => s,
        }
    }
}

pub struct Bert {
    store: Store,
    hidden: usize,
    heads: usize,
    eps: f32,
    max_positions: usize,
    vocab: usize,
    word: Span,
    position: Span,
    token_type: Span,
    emb_norm: Norm,
    layers: Vec<Layer>,
}

/// Tokens per packed forward pass: two row blocks, one per core here; the
/// buffers stay around 20 MB (4,096 was no faster and took 28 MB more).
const PACK_TOKENS: usize = 2048;

/// Little-endian f16 values as f32, in blocks so the conversion runs on F16C
/// when the CPU has it.
fn f16_to_f32(bytes: &[u8], out: &mut [f32]) {
    use half::slice::HalfFloatSliceExt;
    const BLOCK: usize = 4096;
    let mut halves = [half::f16::ZERO; BLOCK];
    for (chunk, out) in bytes.chunks(2 * BLOCK).zip(out.chunks_mut(BLOCK)) {
        let n = chunk.len() / 2;
        for (h, b) in halves.iter_mut().zip(chunk.chunks_exact(2)) {
            *h = half::f16::from_le_bytes([b[0], b[1]]);
        }
        halves[..n].convert_to_f32_slice(&mut out[..n]);
    }
}

/// What the native pass covers, checked before any weights are read.
pub fn check(config: &BertConfig) -> Result<(), String> {
    if config.hidden_act != "gelu" {
        return Err(format!(
            "hidden_act {:?} is not supported (only \"gelu\")",
            config.hidden_act
        ));
    }
    if config.hidden_size == 0 || config.intermediate_size == 0 || config.max_position_embeddings == 0 {
        return Err("hidden_size, intermediate_size and max_position_embeddings must be positive".into());
    }
    if config.num_attention_heads == 0 || !config.hidden_size.is_multiple_of(config.num_attention_heads) {
        return Err("hidden_size is not a multiple of num_attention_heads".into());
    }
    Ok(())
}

impl Bert {
    /// Reads weights from a safetensors file (f32, f16 or bf16; names with or without `bert.`).
    pub fn load(weights: &Path, config: &BertConfig) -> Result<Bert, String> {
        check(config)?;
        let file = std::fs::File::open(weights).map_err(|e| e.to_string())?;
        // SAFETY: mapped read-only; filtr never modifies model files in place
        // (imports go to a temp folder that is renamed).
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| e.to_string())?;
        Bert::from_bytes(Bytes::Mapped(map), config)
    }

    /// Aligned little-endian f32 weights are used in place; f16 and bf16 are
    /// converted to f32 once here, since the matrix products run in f32.
    pub fn from_bytes(map: Bytes, config: &BertConfig) -> Result<Bert, String> {
        check(config)?;
        let (h, i) = (config.hidden_size, config.intermediate_size);
        let st = SafeTensors::deserialize(&map).map_err(|e| e.to_string())?;
        let find = |name: &str| {
            st.tensor(name)
                .or_else(|_| st.tensor(&format!("bert.{name}")))
                .map_err(|_| format!("tensor {name} is missing"))
        };
        let vocab = find("embeddings.word_embeddings.weight")?
            .shape()
            .first()
            .copied()
            .unwrap_or(0);
        let types = find("embeddings.token_type_embeddings.weight")?
            .shape()
            .first()
            .copied()
            .unwrap_or(0);
        let mut wanted: Vec<(String, Vec<usize>)> = vec![
            ("embeddings.word_embeddings.weight".into(), vec![vocab, h]),
            (
                "embeddings.position_embeddings.weight".into(),
                vec![config.max_position_embeddings, h],
            ),
            ("embeddings.token_type_embeddings.weight".into(), vec![types.max(1), h]),
        ];
        let norm_names = |p: &str| [(format!("{p}.weight"), vec![h]), (format!("{p}.bias"), vec![h])];
        let linear_names = |p: &str, out: usize, inp: usize| {
            [
                (format!("{p}.weight"), vec![out, inp]),
                (format!("{p}.bias"), vec![out]),
            ]
        };
        wanted.extend(norm_names("embeddings.LayerNorm"));
        for l in 0..config.num_hidden_layers {
            let p = format!("encoder.layer.{l}");
            for n in ["query", "key", "value"] {
                wanted.extend(linear_names(&format!("{p}.attention.self.{n}"), h, h));
            }
            wanted.extend(linear_names(&format!("{p}.attention.output.dense"), h, h));
            wanted.extend(norm_names(&format!("{p}.attention.output.LayerNorm")));
            wanted.extend(linear_names(&format!("{p}.intermediate.dense"), i, h));
            wanted.extend(linear_names(&format!("{p}.output.dense"), h, i));
            wanted.extend(norm_names(&format!("{p}.output.LayerNorm")));
        }
        let mut views = Vec::with_capacity(wanted.len());
        for (name, shape) in &wanted {
            let view = find(name)?;
            if view.shape() != shape.as_slice() {
                return Err(format!(
                    "tensor {name} has shape {:?}, expected {shape:?}",
                    view.shape()
                ));
            }
            if !matches!(view.dtype(), Dtype::F32 | Dtype::F16 | Dtype::BF16) {
                return Err(format!("tensor {name} has dtype {:?}", view.dtype()));
            }
            views.push(view);
        }
        let header = u64::from_le_bytes(map[..8].try_into().expect("safetensors checked the length")) as usize;
        let data_start = 8 + header;
        let offset = |d: &[u8]| d.as_ptr() as usize - map.as_ptr() as usize - data_start;
        let mappable = cfg!(target_endian = "little")
            && (map.as_ptr() as usize + data_start).is_multiple_of(4)
            && views
                .iter()
                .all(|v| v.dtype() == Dtype::F32 && offset(v.data()).is_multiple_of(4));
        let mut spans = std::collections::HashMap::with_capacity(wanted.len());
        let mut owned = Vec::new();
        if mappable {
            for ((name, _), view) in wanted.iter().zip(&views) {
                let data = view.data();
                spans.insert(name.clone(), offset(data) / 4..(offset(data) + data.len()) / 4);
            }
        } else {
            let mut at = 0;
            for ((name, _), view) in wanted.iter().zip(&views) {
                let n = view.data().len() * 8 / view.dtype().bitsize();
                spans.insert(name.clone(), at..at + n);
                at += n;
            }
            // Converted tensor by tensor on every core: the bundled f16 model
            // loads about as fast as an f32 one is mapped.
            owned = vec![0f32; at];
            let mut rest = owned.as_mut_slice();
            let mut jobs = Vec::with_capacity(views.len());
            for view in &views {
                let n = view.data().len() * 8 / view.dtype().bitsize();
                let (out, tail) = rest.split_at_mut(n);
                jobs.push((view, out));
                rest = tail;
            }
            use rayon::prelude::*;
            jobs.into_par_iter().for_each(|(view, out)| {
                let data = view.data();
                match view.dtype() {
                    Dtype::F32 => {
                        for (o, b) in out.iter_mut().zip(data.chunks_exact(4)) {
                            *o = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                        }
                    }
                    Dtype::F16 => f16_to_f32(data, out),
                    _ => {
                        for (o, b) in out.iter_mut().zip(data.chunks_exact(2)) {
                            *o = half::bf16::from_le_bytes([b[0], b[1]]).to_f32();
                        }
                    }
                }
            });
        }
        drop(views);
        drop(st);
        let span = |name: String| spans[&name].clone();
        let linear = |p: String, out: usize, inp: usize| Linear {
            w: span(format!("{p}.weight")),
            b: span(format!("{p}.bias")),
            inp,
            out,
        };
        let norm = |p: String| Norm {
            gamma: span(format!("{p}.weight")),
            beta: span(format!("{p}.bias")),
        };
        let layers = (0..config.num_hidden_layers)
            .map(|l| {
                let p = format!("encoder.layer.{l}");
                Layer {
                    q: linear(format!("{p}.attention.self.query"), h, h),
                    k: linear(format!("{p}.attention.self.key"), h, h),
                    v: linear(format!("{p}.attention.self.value"), h, h),
                    attn_out: linear(format!("{p}.attention.output.dense"), h, h),
                    norm1: norm(format!("{p}.attention.output.LayerNorm")),
                    up: linear(format!("{p}.intermediate.dense"), i, h),
                    down: linear(format!("{p}.output.dense"), h, i),
                    norm2: norm(format!("{p}.output.LayerNorm")),
                }
            })
            .collect();
        let bert = Bert {
            hidden: h,
            heads: config.num_attention_heads,
            eps: config.layer_norm_eps as f32,
            max_positions: config.max_position_embeddings,
            vocab,
            word: span("embeddings.word_embeddings.weight".into()),
            position: span("embeddings.position_embeddings.weight".into()),
            token_type: span("embeddings.token_type_embeddings.weight".into()),
            emb_norm: norm("embeddings.LayerNorm".into()),
            layers,
            store: if mappable {
                let end = map.len();
                Store::Mapped(map, data_start..end)
            } else {
                Store::Owned(owned)
            },
        };
        Ok(bert)
    }

    fn floats(&self) -> &[f32] {
        match &self.store {
            Store::Owned(v) => v,
            Store::Mapped(map, bytes) => {
                let bytes = &map[bytes.clone()];
                // SAFETY: `load` checked that the data section starts 4-byte aligned
                // and the target is little-endian; any bit pattern is an f32. A
                // trailing partial float is left out.
                unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<f32>(), bytes.len() / 4) }
            }
        }
    }

    /// True when the weights are read in place from the mapped file.
    pub fn is_mapped(&self) -> bool {
        matches!(self.store, Store::Mapped(..))
    }

    pub fn hidden(&self) -> usize {
        self.hidden
    }

    /// Mean-pooled, L2-normalised vectors of token sequences, `seqs.len() * hidden`
    /// floats. Sequences longer than the position table, or with ids outside
    /// the vocabulary, are an error rather than a panic.
    /// `progress` gets the number of sequences done after each pack.
    pub fn embed(&self, seqs: &[&[u32]], mut progress: impl FnMut(usize)) -> Result<Vec<f32>, String> {
        let h = self.hidden;
        for (n, s) in seqs.iter().enumerate() {
            if s.len() > self.max_positions {
                return Err(format!(
                    "sequence {n} has {} tokens, the model takes {}",
                    s.len(),
                    self.max_positions
                ));
            }
            if let Some(id) = s.iter().find(|&&id| id as usize >= self.vocab) {
                return Err(format!("token id {id} is outside the vocabulary of {}", self.vocab));
            }
        }
        let mut out = vec![0f32; seqs.len() * h];
        let mut scratch = Scratch::default();
        let mut start = 0;
        while start < seqs.len() {
            let mut end = start;
            let mut tokens = 0;
            while end < seqs.len() && (end == start || tokens + seqs[end].len() <= PACK_TOKENS) {
                tokens += seqs[end].len();
                end += 1;
            }
            self.forward_pack(&seqs[start..end], &mut scratch, &mut out[start * h..end * h]);
            progress(end);
            start = end;
        }
        Ok(out)
    }

    fn forward_pack(&self, seqs: &[&[u32]], s: &mut Scratch, out: &mut [f32]) {
        let h = self.hidden;
        let f = self.floats();
        let t: usize = seqs.iter().map(|q| q.len()).sum();
        let inter = self.layers.first().map_or(0, |l| l.up.out);
        s.x.resize(t * h, 0.0);
        s.qkv.resize(t * 3 * h, 0.0);
        s.ctx.resize(t * h, 0.0);
        s.up.resize(t * inter, 0.0);

        let (word, position, token_type) = (
            &f[self.word.clone()],
            &f[self.position.clone()],
            &f[self.token_type.clone()],
        );
        let mut row = 0;
        for q in seqs {
            for (p, &id) in q.iter().enumerate() {
                let dst = &mut s.x[row * h..(row + 1) * h];
                let w = &word[id as usize * h..(id as usize + 1) * h];
                let pe = &position[p * h..(p + 1) * h];
                for j in 0..h {
                    dst[j] = w[j] + pe[j] + token_type[j];
                }
                row += 1;
            }
        }
        layer_norm_rows(&mut s.x, f, &self.emb_norm, None, h, self.eps);

        let mut starts = Vec::with_capacity(seqs.len());
        let mut r = 0;
        for q in seqs {
            starts.push((r, q.len()));
            r += q.len();
        }
        for layer in &self.layers {
            for (col, l) in [&layer.q, &layer.k, &layer.v].into_iter().enumerate() {
                linear_into(
                    f,
                    l,
                    &s.x,
                    t,
                    Dst {
                        buf: &mut s.qkv,
                        stride: 3 * h,
                        col: col * h,
                    },
                    Acc::Bias,
                );
            }
            self.attention(&s.qkv, &starts, &mut s.ctx);
            linear_into(
                f,
                &layer.attn_out,
                &s.ctx,
                t,
                Dst {
                    buf: &mut s.x,
                    stride: h,
                    col: 0,
                },
                Acc::Residual,
            );
            layer_norm_rows(
                &mut s.x,
                f,
                &layer.norm1,
                Some(&f[layer.attn_out.b.clone()]),
                h,
                self.eps,
            );
            linear_into(
                f,
                &layer.up,
                &s.x,
                t,
                Dst {
                    buf: &mut s.up,
                    stride: inter,
                    col: 0,
                },
                Acc::Bias,
            );
            s.up.par_chunks_mut(16 * 1024).for_each(gelu);
            linear_into(
                f,
                &layer.down,
                &s.up,
                t,
                Dst {
                    buf: &mut s.x,
                    stride: h,
                    col: 0,
                },
                Acc::Residual,
            );
            layer_norm_rows(&mut s.x, f, &layer.norm2, Some(&f[layer.down.b.clone()]), h, self.eps);
        }

        // Mean over the sequence's tokens, then unit length: sentence-transformers' pooling.
        for (&(r0, len), v) in starts.iter().zip(out.chunks_exact_mut(h)) {
            v.fill(0.0);
            for row in s.x[r0 * h..(r0 + len) * h].chunks_exact(h) {
                v.iter_mut().zip(row).for_each(|(a, b)| *a += b);
            }
            let norm = v.iter().map(|a| a * a).sum::<f32>().sqrt();
            let scale = if norm > 0.0 { 1.0 / norm } else { 0.0 };
            v.iter_mut().for_each(|a| *a *= scale);
        }
    }

    /// Self-attention of each sequence with itself, one task per (sequence, head).
    fn attention(&self, qkv: &[f32], starts: &[(usize, usize)], ctx: &mut [f32]) {
        let h = self.hidden;
        let d = h / self.heads;
        let scale = 1.0 / (d as f32).sqrt();
        // An empty sequence has no attention to compute; it pools to a zero vector.
        let tasks: Vec<(usize, usize, usize)> = starts
            .iter()
            .filter(|&&(_, len)| len > 0)
            .flat_map(|&(r0, len)| (0..self.heads).map(move |head| (r0, len, head)))
            .collect();
        let ctx_ptr = SharedMut(ctx.as_mut_ptr());
        tasks
            .par_iter()
            .for_each_init(Vec::new, |scores: &mut Vec<f32>, &(r0, len, head)| {
                scores.resize(len * len, 0.0);
                let q = qkv[r0 * 3 * h + head * d..].as_ptr();
                let k = qkv[r0 * 3 * h + h + head * d..].as_ptr();
                let v = qkv[r0 * 3 * h + 2 * h + head * d..].as_ptr();
                let stride = (3 * h) as isize;
                // SAFETY: every pointer stays inside its buffer (rows r0..r0+len, the
                // head's d columns); each task writes only its own (rows, head) block of ctx.
                unsafe {
                    gemm(
                        len,
                        len,
                        d,
                        scores.as_mut_ptr(),
                        1,
                        len as isize,
                        false,
                        q,
                        1,
                        stride,
                        k,
                        stride,
                        1,
                        0.0,
                        scale,
                        false,
                        false,
                        false,
                        Parallelism::None,
                    );
                    for row in scores.chunks_exact_mut(len) {
                        softmax(row);
                    }
                    let dst = ctx_ptr.get().add(r0 * h + head * d);
                    gemm(
                        len,
                        d,
                        len,
                        dst,
                        1,
                        h as isize,
                        false,
                        scores.as_ptr(),
                        1,
                        len as isize,
                        v,
                        1,
                        stride,
                        0.0,
                        1.0,
                        false,
                        false,
                        false,
                        Parallelism::None,
                    );
                }
            });
    }
}

#[derive(Default)]
struct Scratch {
    x: Vec<f32>,
    qkv: Vec<f32>,
    ctx: Vec<f32>,
    up: Vec<f32>,
}

struct SharedMut(*mut f32);
// SAFETY: used only in `attention`, where tasks write disjoint blocks.
unsafe impl Sync for SharedMut {}
impl SharedMut {
    fn get(&self) -> *mut f32 {
        self.0
    }
}

#[derive(Clone, Copy)]
enum Acc {
    /// `out = x·Wᵀ + b`
    Bias,
    /// `out += x·Wᵀ` (the bias is added by the layer norm that follows)
    Residual,
}

/// Row blocks per product, one gemm call per block on the rayon pool: ~3%
/// faster here than gemm's own splitting; smaller blocks repack the weights
/// too often (256 rows was 10% slower).
const ROW_BLOCK: usize = 1024;

/// Where a product's rows go: columns `col..col + out` of rows `stride` wide.
struct Dst<'a> {
    buf: &'a mut [f32],
    stride: usize,
    col: usize,
}

fn linear_into(f: &[f32], l: &Linear, x: &[f32], rows: usize, dst: Dst<'_>, acc: Acc) {
    let (w, b) = (&f[l.w.clone()], &f[l.b.clone()]);
    assert!(dst.col + l.out <= dst.stride && w.len() == l.out * l.inp);
    let (x, out) = (&x[..rows * l.inp], &mut dst.buf[..rows * dst.stride]);
    out.par_chunks_mut(ROW_BLOCK * dst.stride)
        .zip(x.par_chunks(ROW_BLOCK * l.inp))
        .for_each(|(out, x)| {
            let rows = x.len() / l.inp;
            if let Acc::Bias = acc {
                for r in out.chunks_exact_mut(dst.stride) {
                    r[dst.col..dst.col + l.out].copy_from_slice(b);
                }
            }
            // SAFETY: out holds rows × stride and the product writes columns
            // col..col + l.out < stride (asserted); x is rows × l.inp; W is
            // l.out × l.inp, read transposed.
            unsafe {
                gemm(
                    rows,
                    l.out,
                    l.inp,
                    out.as_mut_ptr().add(dst.col),
                    1,
                    dst.stride as isize,
                    true,
                    x.as_ptr(),
                    1,
                    l.inp as isize,
                    w.as_ptr(),
                    l.inp as isize,
                    1,
                    1.0,
                    1.0,
                    false,
                    false,
                    false,
                    Parallelism::None,
                );
            }
        });
}

/// Compiles `$body` twice, once for AVX2+FMA, and picks at run time.
macro_rules! multiversion {
    ($(#[$m:meta])* fn $name:ident($arg:ident: $ty:ty) $body:block) => {
        $(#[$m])*
        fn $name($arg: $ty) {
            #[inline(always)]
            fn body($arg: $ty) $body
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx2,fma")]
                fn wide($arg: $ty) {
                    body($arg)
                }
                if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
                    // SAFETY: the features were detected just now.
                    return unsafe { wide($arg) };
                }
            }
            body($arg)
        }
    };
}

/// Layer norm of each row in place, after adding `bias` when given.
fn layer_norm_rows(x: &mut [f32], f: &[f32], n: &Norm, bias: Option<&[f32]>, h: usize, eps: f32) {
    let (gamma, beta) = (&f[n.gamma.clone()], &f[n.beta.clone()]);
    x.par_chunks_mut(h * 64).for_each(|block| {
        for row in block.chunks_exact_mut(h) {
            layer_norm(Row {
                x: row,
                gamma,
                beta,
                bias,
                eps,
            });
        }
    });
}

struct Row<'a> {
    x: &'a mut [f32],
    gamma: &'a [f32],
    beta: &'a [f32],
    bias: Option<&'a [f32]>,
    eps: f32,
}

multiversion! {
    fn layer_norm(r: Row<'_>) {
        let h = r.x.len() as f32;
        if let Some(b) = r.bias {
            r.x.iter_mut().zip(b).for_each(|(a, b)| *a += b);
        }
        let mean = sum(r.x) / h;
        r.x.iter_mut().for_each(|a| *a -= mean);
        let mut lanes = [0f32; 16];
        let mut chunks = r.x.chunks_exact(16);
        for c in &mut chunks {
            for i in 0..16 {
                lanes[i] += c[i] * c[i];
            }
        }
        let var = (chunks.remainder().iter().map(|a| a * a).sum::<f32>() + lanes.iter().sum::<f32>()) / h;
        let inv = 1.0 / (var + r.eps).sqrt();
        for ((a, g), b) in r.x.iter_mut().zip(r.gamma).zip(r.beta) {
            *a = *a * inv * g + b;
        }
    }
}

multiversion! {
    /// Exact GELU, `x·Φ(x)`, in place.
    fn gelu(x: &mut [f32]) {
        for a in x.iter_mut() {
            *a = 0.5 * *a * (1.0 + erf(*a * std::f32::consts::FRAC_1_SQRT_2));
        }
    }
}

multiversion! {
    /// Softmax of one row in place. The max and the sum keep sixteen lanes so
    /// that they vectorise (a single running value is a serial dependency).
    fn softmax(row: &mut [f32]) {
        let mut lanes = [f32::NEG_INFINITY; 16];
        let mut chunks = row.chunks_exact(16);
        for c in &mut chunks {
            for i in 0..16 {
                lanes[i] = if c[i] > lanes[i] { c[i] } else { lanes[i] };
            }
        }
        let max = chunks.remainder().iter().chain(&lanes).fold(f32::NEG_INFINITY, |m, &a| m.max(a));
        row.iter_mut().for_each(|a| *a = exp(*a - max));
        let inv = 1.0 / sum(row);
        row.iter_mut().for_each(|a| *a *= inv);
    }
}

#[inline(always)]
fn sum(x: &[f32]) -> f32 {
    let mut lanes = [0f32; 16];
    let mut chunks = x.chunks_exact(16);
    for c in &mut chunks {
        for i in 0..16 {
            lanes[i] += c[i];
        }
    }
    chunks.remainder().iter().sum::<f32>() + lanes.iter().sum::<f32>()
}

/// erf as a rational function of odd/even polynomials on [-4, 4] (the
/// approximation Eigen and XLA use); absolute error about 1e-7, no branches.
#[inline(always)]
pub fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = -2.726_142_3e-10_f32;
    p = p * x2 + 2.770_681_4e-8;
    p = p * x2 - 2.101_024e-6;
    p = p * x2 - 5.692_506_4e-5;
    p = p * x2 - 7.349_906_3e-4;
    p = p * x2 - 2.954_6e-3;
    p = p * x2 - 1.609_603_3e-2;
    let mut q = -1.456_607_2e-5_f32;
    q = q * x2 - 2.133_740_5e-4;
    q = q * x2 - 1.682_827e-3;
    q = q * x2 - 7.373_329e-3;
    q = q * x2 - 1.426_474e-2;
    x * p / q
}

/// e^x by 2^n · e^r with |r| ≤ ln2/2 and a degree-6 polynomial; relative error
/// about 2e-7, no branches, so loops over it vectorise. Inputs below -87 give ~0.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    const ROUND: f32 = 12_582_912.0; // 1.5 × 2^23: adding it rounds to an integer
    let x = x.clamp(-87.0, 88.0);
    let n = (x * std::f32::consts::LOG2_E + ROUND) - ROUND;
    let r = x - n * 0.693_145_75 - n * 1.428_606_8e-6;
    let p = 1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
    p * f32::from_bits(((n as i32 + 127) as u32) << 23)
}

/// gemm's f32 kernel, called directly: the `gemm` crate's generic entry point
/// also compiles its f64, complex and f16 kernels, which filtr never uses.
/// As that entry point does, a row-major product is computed transposed
/// (its kernels want a column-major destination: about a third faster here).
///
/// # Safety
/// As `gemm::gemm`: every pointer, with its strides, stays inside its buffer.
/// Strides are positive (filtr's products never walk backwards).
#[allow(clippy::too_many_arguments)]
unsafe fn gemm(
    m: usize,
    n: usize,
    k: usize,
    dst: *mut f32,
    dst_cs: isize,
    dst_rs: isize,
    read_dst: bool,
    lhs: *const f32,
    lhs_cs: isize,
    lhs_rs: isize,
    rhs: *const f32,
    rhs_cs: isize,
    rhs_rs: isize,
    alpha: f32,
    beta: f32,
    conj_dst: bool,
    conj_lhs: bool,
    conj_rhs: bool,
    parallelism: Parallelism,
) {
    debug_assert!([dst_cs, dst_rs, lhs_cs, lhs_rs, rhs_cs, rhs_rs].iter().all(|s| *s >= 0));
    let kernel = gemm_f32::gemm::f32::get_gemm_fn();
    if dst_cs.abs() < dst_rs.abs() {
        // dstᵀ = rhsᵀ × lhsᵀ
        kernel(
            n,
            m,
            k,
            dst,
            dst_rs,
            dst_cs,
            read_dst,
            rhs,
            rhs_rs,
            rhs_cs,
            lhs,
            lhs_rs,
            lhs_cs,
            alpha,
            beta,
            conj_dst,
            conj_rhs,
            conj_lhs,
            parallelism,
        )
    } else {
        kernel(
            m,
            n,
            k,
            dst,
            dst_cs,
            dst_rs,
            read_dst,
            lhs,
            lhs_cs,
            lhs_rs,
            rhs,
            rhs_cs,
            rhs_rs,
            alpha,
            beta,
            conj_dst,
            conj_lhs,
            conj_rhs,
            parallelism,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configs_with_zero_sizes_are_refused_before_reading_weights() {
        let config = |hidden: usize, inter: usize| BertConfig {
            hidden_size: hidden,
            num_attention_heads: 12,
            intermediate_size: inter,
            num_hidden_layers: 1,
            max_position_embeddings: 512,
            layer_norm_eps: 1e-12,
            hidden_act: "gelu".into(),
        };
        let absent = Path::new("/nonexistent/model.safetensors");
        for c in [config(0, 1536), config(384, 0)] {
            assert!(Bert::load(absent, &c).err().unwrap().contains("must be positive"));
        }
        assert!(Bert::load(absent, &config(384, 1536)).is_err(), "absent file");
        let relu = BertConfig {
            hidden_act: "relu".into(),
            ..config(384, 1536)
        };
        assert!(Bert::load(absent, &relu).err().unwrap().contains("not supported"));
    }

    #[test]
    fn erf_is_within_1e6_of_the_series() {
        // erf by its Taylor series in f64, good to 1e-12 on |x| <= 3.
        let reference = |x: f64| {
            let mut term = x;
            let mut sum = x;
            for n in 1..200 {
                term *= -x * x / n as f64;
                sum += term / (2 * n + 1) as f64;
            }
            sum * 2.0 / std::f64::consts::PI.sqrt()
        };
        for i in -3000..=3000 {
            let x = i as f64 / 1000.0;
            let got = erf(x as f32) as f64;
            assert!(
                (got - reference(x)).abs() < 1e-6,
                "erf({x}) = {got}, want {}",
                reference(x)
            );
        }
        assert_eq!(erf(10.0), erf(4.0));
        assert!((erf(4.0) - 1.0).abs() < 1e-6 && (erf(-30.0) + 1.0).abs() < 1e-6);
    }

    #[test]
    fn exp_is_within_4e7_relative_of_std() {
        for i in -87_000..=88_000 {
            let x = i as f32 / 1000.0;
            let (got, want) = (exp(x) as f64, (x as f64).exp());
            assert!(((got - want) / want).abs() < 4e-7, "exp({x}) = {got}, want {want}");
        }
        assert!(exp(-1000.0) < 1e-37 && exp(-1000.0) >= 0.0);
    }

    #[test]
    fn softmax_and_gelu_agree_with_the_plain_formulas() {
        let mut row: Vec<f32> = (0..37).map(|i| (i as f32 * 0.37).sin() * 9.0).collect();
        let plain: Vec<f64> = {
            let max = row.iter().fold(f32::MIN, |m, &a| m.max(a)) as f64;
            let e: Vec<f64> = row.iter().map(|&a| (a as f64 - max).exp()).collect();
            let s: f64 = e.iter().sum();
            e.iter().map(|a| a / s).collect()
        };
        softmax(&mut row);
        for (a, b) in row.iter().zip(&plain) {
            assert!((*a as f64 - b).abs() < 1e-6);
        }
        let mut x: Vec<f32> = (-50..50).map(|i| i as f32 / 10.0).collect();
        let want: Vec<f32> = x.iter().map(|&a| 0.5 * a * (1.0 + erf(a / 2f32.sqrt()))).collect();
        gelu(&mut x);
        for (a, b) in x.iter().zip(&want) {
            assert!((a - b).abs() < 1e-6);
        }
        assert!(want[0].abs() < 1e-5 && (want[99] - 4.9).abs() < 1e-5);
    }
}
