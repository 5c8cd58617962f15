//! Benchmarks of each stage of a `filtr match`: corpus loading, resume
//! extraction, BM25, skill profiles, scoring cached vectors, and the model's
//! forward pass (native, and candle with `--features candle`; needs an installed model or FILTR_MODEL,
//! skipped with a note otherwise). End-to-end comparisons with
//! sentence-transformers: `benches/compare.sh`.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use filtr::embed::PostingVectors;
use filtr::postings::Corpus;
use filtr::rank::{self, Bm25, Filters};

const RESUME: &str = "Senior backend engineer. Go, Java, PostgreSQL, Kafka, Kubernetes, gRPC. \
Built distributed payment systems handling 20k requests per second; led a team of five.";

fn unit_vectors(n: usize, dim: usize, seed: u64) -> Vec<f32> {
    let mut state = seed;
    let mut out = Vec::with_capacity(n * dim);
    for _ in 0..n {
        let v: Vec<f32> = (0..dim)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state % 2000) as f32 / 1000.0 - 1.0
            })
            .collect();
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        out.extend(v.iter().map(|x| x / norm));
    }
    out
}

fn corpus(c: &mut Criterion) {
    c.bench_function("corpus/parse bundled", |b| b.iter(|| Corpus::bundled().unwrap()));
    let corpus = Corpus::bundled().unwrap();
    c.bench_function("bm25/build bundled", |b| {
        b.iter(|| Bm25::build(black_box(&corpus.postings)))
    });
    let bm25 = Bm25::build(&corpus.postings);
    c.bench_function("bm25/score one resume", |b| b.iter(|| bm25.scores(black_box(RESUME))));
}

fn semantic(c: &mut Criterion) {
    let dim = 384;
    let resume = unit_vectors(5, dim, 7);
    let mut group = c.benchmark_group("semantic/score cached vectors");
    group.sample_size(10);
    // Labelled by vectors (posting windows): 3 per posting.
    for count in [30_000usize, 300_000, 1_000_000] {
        let windows = 3;
        let postings = count / windows;
        let offsets: Vec<usize> = (0..=postings).map(|i| i * windows).collect();
        let vectors = PostingVectors::contiguous(dim, unit_vectors(postings * windows, dim, 42), &offsets);
        group.bench_with_input(BenchmarkId::from_parameter(count), &vectors, |b, v| {
            b.iter(|| rank::semantic_scores(black_box(&resume), v))
        });
    }
    group.finish();
    let corpus = Corpus::bundled().unwrap();
    c.bench_function("match/profile the bundled postings (BM25 + skills)", |b| {
        b.iter(|| filtr::rank::matcher::Matcher::new(black_box(&corpus.postings), None))
    });
    let matcher = filtr::rank::matcher::Matcher::new(&corpus.postings, None);
    let today = filtr::profile::experience::Month::new(2026, 11).unwrap();
    c.bench_function("match/query + rank bundled top 10, no model", |b| {
        b.iter(|| {
            let q = matcher.query(black_box(RESUME), Vec::new(), Vec::new(), today);
            matcher.rank(&q, &Filters::default(), &filtr::rank::Weights::FUSED, 10)
        })
    });
    let text = format!("{RESUME}\n").repeat(10);
    c.bench_function("skills/find in a 10-page resume", |b| {
        b.iter(|| filtr::profile::skills::Taxonomy::bundled().find(black_box(&text)))
    });
}

fn extraction(c: &mut Criterion) {
    let text = format!("{RESUME}\n").repeat(40);
    let pdf = filtr::testkit::pdf(&text);
    let docx = filtr::testkit::docx(&text);
    c.bench_function("resume/pdf", |b| {
        b.iter(|| filtr::resume::extract("r.pdf", black_box(&pdf)).unwrap())
    });
    c.bench_function("resume/docx", |b| {
        b.iter(|| filtr::resume::extract("r.docx", black_box(&docx)).unwrap())
    });
}

fn embedding(c: &mut Criterion) {
    use filtr::embed::{windows, Backend, Embedder};
    use filtr::store::models;
    let Ok(Some((source, _))) = models::locate(None) else {
        eprintln!("embed/*: skipped, no model installed (set FILTR_MODEL)");
        return;
    };
    let corpus = Corpus::bundled().unwrap();
    let native = Embedder::open_with(&source, Backend::Native).unwrap();
    let count = |t: &str| native.count_tokens(t);
    // 16 windows of 8 postings: full-length (256-token) and short tails.
    let texts: Vec<String> = corpus.postings[..8]
        .iter()
        .flat_map(|p| windows::posting_windows(p, &count))
        .take(16)
        .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut group = c.benchmark_group("embed/16 posting windows");
    group.sample_size(10);
    group.bench_function("native", |b| {
        b.iter(|| native.embed(black_box(&texts), |_| {}).unwrap())
    });
    #[cfg(feature = "candle")]
    {
        let candle = Embedder::open_with(&source, Backend::Candle).unwrap();
        group.bench_function("candle", |b| {
            b.iter(|| candle.embed(black_box(&texts), |_| {}).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, corpus, semantic, extraction, embedding);
criterion_main!(benches);
