//! Benchmarks of the parts of a `filtr match` that do not need the model:
//! corpus loading, resume extraction, BM25 and scoring cached vectors.
//! The model's forward pass is measured by `filtr` itself in issue work on speed.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use filtr::corpus::Corpus;
use filtr::embed::index::PostingVectors;
use filtr::score::{self, Bm25, Filters};

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
        let vectors = PostingVectors {
            dim,
            data: unit_vectors(postings * windows, dim, 42),
            offsets: (0..=postings).map(|i| i * windows).collect(),
        };
        group.bench_with_input(BenchmarkId::from_parameter(count), &vectors, |b, v| {
            b.iter(|| score::semantic_scores(black_box(&resume), v))
        });
    }
    group.finish();
    let corpus = Corpus::bundled().unwrap();
    c.bench_function("match/profile the bundled postings (BM25 + skills)", |b| {
        b.iter(|| filtr::matcher::Matcher::new(black_box(&corpus.postings), None))
    });
    let matcher = filtr::matcher::Matcher::new(&corpus.postings, None);
    let today = filtr::experience::Month::new(2026, 11).unwrap();
    c.bench_function("match/query + rank bundled top 10, no model", |b| {
        b.iter(|| {
            let q = matcher.query(black_box(RESUME), Vec::new(), Vec::new(), today);
            matcher.rank(&q, &Filters::default(), &filtr::score::Weights::FUSED, 10)
        })
    });
    let text = format!("{RESUME}\n").repeat(10);
    c.bench_function("skills/find in a 10-page resume", |b| {
        b.iter(|| filtr::skills::Taxonomy::bundled().find(black_box(&text)))
    });
}

fn extraction(c: &mut Criterion) {
    let text = format!("{RESUME}\n").repeat(40);
    let pdf = filtr::docgen::pdf(&text);
    let docx = filtr::docgen::docx(&text);
    c.bench_function("resume/pdf", |b| {
        b.iter(|| filtr::resume::extract("r.pdf", black_box(&pdf)).unwrap())
    });
    c.bench_function("resume/docx", |b| {
        b.iter(|| filtr::resume::extract("r.docx", black_box(&docx)).unwrap())
    });
}

criterion_group!(benches, corpus, semantic, extraction);
criterion_main!(benches);
