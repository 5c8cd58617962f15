"""sentence-transformers side of benches/compare.sh.

encode WINDOWS MODEL      time encoding the window texts (one JSON string per line)
match RESUME INDEX MODEL  load the model, embed the resume by paragraphs, score
                          filtr's cached vectors (max-sim, as filtr does), print the top 10
"""
import json
import sys
import time

t0 = time.perf_counter()
import numpy as np  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

import_s = time.perf_counter() - t0


def encode(windows_path, model_dir):
    texts = [json.loads(line) for line in open(windows_path, encoding="utf-8")]
    model = SentenceTransformer(model_dir, device="cpu")
    model.max_seq_length = 256
    start = time.perf_counter()
    vecs = model.encode(texts, batch_size=16, normalize_embeddings=True, convert_to_numpy=True)
    took = time.perf_counter() - start
    print(json.dumps({"texts": len(texts), "encode_s": took, "import_s": import_s, "dim": int(vecs.shape[1])}))


def match(resume_path, index_path, model_dir):
    from safetensors.numpy import load_file

    model = SentenceTransformer(model_dir, device="cpu")
    model.max_seq_length = 256
    text = open(resume_path, encoding="utf-8").read()
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()] or [text]
    r = model.encode(paragraphs, batch_size=16, normalize_embeddings=True, convert_to_numpy=True)
    ix = load_file(index_path)
    vectors = ix["vectors"].astype(np.float32)
    counts = ix["counts"].astype(np.int64)
    sims = vectors @ r.T  # windows x resume windows
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    best = np.maximum.reduceat(sims, starts, axis=0).clip(min=0)  # postings x resume windows
    score = 0.5 * best.mean(axis=1) + 0.5 * best.max(axis=1)
    top = np.argsort(-score, kind="stable")[:10]
    print(json.dumps({"top": top.tolist(), "import_s": import_s}))


if __name__ == "__main__":
    {"encode": encode, "match": match}[sys.argv[1]](*sys.argv[2:])
