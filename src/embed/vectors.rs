//! Posting window vectors in memory, wherever their floats live: a mapped
//! index file, the vectors compiled into the binary, this run's embeddings.

use super::windows;

/// Window vectors for every posting of a corpus, in corpus order. They are
/// read in place from where they live (the memory-mapped cache, the shipped
/// vectors, this run's fresh embeddings), so opening a large index copies nothing.
#[derive(Debug)]
pub struct PostingVectors {
    pub dim: usize,
    sources: Vec<Vectors>,
    /// Per posting: (source, first window, window count).
    spans: Vec<(u8, usize, usize)>,
}

impl PostingVectors {
    /// Postings whose windows are `spans[i] = (source, first window, count)` in `sources`.
    pub fn from_parts(dim: usize, sources: Vec<Vectors>, spans: Vec<(u8, usize, usize)>) -> PostingVectors {
        PostingVectors { dim, sources, spans }
    }

    /// Vectors stored back to back: `offsets[i]..offsets[i + 1]` are posting `i`'s windows.
    pub fn contiguous(dim: usize, data: Vec<f32>, offsets: &[usize]) -> PostingVectors {
        let spans = offsets.windows(2).map(|w| (0, w[0], w[1] - w[0])).collect();
        PostingVectors {
            dim,
            sources: vec![Vectors::Owned(data)],
            spans,
        }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Windows stored per posting, title window included.
    pub fn window_counts(&self) -> impl Iterator<Item = usize> + '_ {
        self.spans.iter().map(|s| s.2)
    }

    pub fn window_count(&self) -> usize {
        self.spans.iter().map(|s| s.2).sum()
    }

    /// Every vector stored for the posting, title window included: what an index file holds.
    pub fn stored(&self, posting: usize) -> std::slice::ChunksExact<'_, f32> {
        let (src, start, n) = self.spans[posting];
        self.sources[src as usize].as_slice()[start * self.dim..(start + n) * self.dim].chunks_exact(self.dim)
    }

    /// The vectors of the posting's section windows: every window but the
    /// title's (a posting with a single window has no title window).
    pub fn windows(&self, posting: usize) -> std::slice::ChunksExact<'_, f32> {
        let (src, start, n) = self.spans[posting];
        let skip = if n > windows::TITLE_WINDOWS {
            windows::TITLE_WINDOWS
        } else {
            0
        };
        self.sources[src as usize].as_slice()[(start + skip) * self.dim..(start + n) * self.dim].chunks_exact(self.dim)
    }

    /// The vector of the posting's title alone, if it has one.
    pub fn title(&self, posting: usize) -> Option<&[f32]> {
        let (src, start, n) = self.spans[posting];
        (n > windows::TITLE_WINDOWS)
            .then(|| &self.sources[src as usize].as_slice()[start * self.dim..(start + 1) * self.dim])
    }
}

/// Where an index's floats live.
#[derive(Debug)]
pub enum Vectors {
    Owned(Vec<f32>),
    /// Little-endian f32 inside a mapped file, 4-byte aligned: only [`Vectors::mapped`] makes one.
    Mapped(Mapped),
}

/// A mapped file and the byte range of its f32 vectors, checked usable in place.
#[derive(Debug)]
pub struct Mapped(memmap2::Mmap, std::ops::Range<usize>);

impl Vectors {
    /// The f32 vectors at `range` of `map`, read in place; the map back when
    /// they cannot be (out of the map, misaligned, a partial float, a
    /// big-endian machine) and must be copied instead.
    pub fn mapped(map: memmap2::Mmap, range: std::ops::Range<usize>) -> Result<Vectors, memmap2::Mmap> {
        let inside = range.start <= range.end && range.end <= map.len();
        let aligned = (map.as_ptr() as usize)
            .wrapping_add(range.start)
            .is_multiple_of(std::mem::align_of::<f32>());
        if inside && aligned && range.len().is_multiple_of(4) && cfg!(target_endian = "little") {
            Ok(Vectors::Mapped(Mapped(map, range)))
        } else {
            Err(map)
        }
    }

    pub fn as_slice(&self) -> &[f32] {
        match self {
            Vectors::Owned(v) => v,
            Vectors::Mapped(Mapped(map, range)) => {
                // SAFETY: `Vectors::mapped` checked the range is inside the map, 4-byte aligned,
                // a multiple of 4 long, and that the target is little-endian; every
                // bit pattern is a valid f32.
                unsafe { std::slice::from_raw_parts(map[range.clone()].as_ptr().cast::<f32>(), range.len() / 4) }
            }
        }
    }
}
