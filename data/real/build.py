#!/usr/bin/env python3
"""Builds the real development set in data/real/set/ from public sources.

Each folder under sources/ rebuilds one pass of resumes or postings from
public GitHub snapshots (read with `git --git-dir=$MIRROR_ROOT/<owner>+<repo>/repo
show <commit>:<path>`, every source file checked against its sha256), exactly
as README.md lists. The texts are not committed: their licences are unclear
or do not allow it (README.md). This script runs every pass, then merges them:

  set/resumes/<pass>/<file>.txt   one resume per file
  set/labels.json                 {"resumes": [{file, occupation, source}], "relevant": {...}}
  set/postings.json               a filtr JSON corpus; `category` labels each posting

`filtr eval data/real/set --corpus data/real/set/postings.json` evaluates on it.
Run with MIRROR_ROOT pointing at the fetched snapshots (default /work/.mirror).
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = os.path.join(HERE, "sources")
OUT = os.path.join(HERE, "set")
RESUME_PASSES = ["resumes", "resumes2", "resumes3"]
POSTING_PASSES = ["postings", "postings2", "postings3"]


def run(name):
    subprocess.run([sys.executable, "build.py"], cwd=os.path.join(SOURCES, name), check=True,
                   stdout=subprocess.DEVNULL)


def main():
    for name in RESUME_PASSES + POSTING_PASSES:
        run(name)
    tmp = OUT + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(os.path.join(tmp, "resumes"))
    relevance = json.load(open(os.path.join(HERE, "relevance.json")))["relevant"]
    cases = []
    for name in RESUME_PASSES:
        src = os.path.join(SOURCES, name)
        for case in json.load(open(os.path.join(src, "labels.json")))["resumes"]:
            dest = os.path.join("resumes", name, os.path.basename(case["file"]))
            os.makedirs(os.path.dirname(os.path.join(tmp, dest)), exist_ok=True)
            shutil.copyfile(os.path.join(src, case["file"]), os.path.join(tmp, dest))
            if case["occupation"] not in relevance:
                sys.exit(f"{name}: occupation {case['occupation']!r} has no entry in relevance.json")
            cases.append({"file": dest, "occupation": case["occupation"], "source": case["source"]})
    postings = []
    for name in POSTING_PASSES:
        postings += json.load(open(os.path.join(SOURCES, name, "postings.json")))
    ids = [p["id"] for p in postings]
    if len(set(ids)) != len(ids):
        sys.exit("posting ids repeat across passes")
    categories = {p["category"] for p in postings}
    for occ, r in relevance.items():
        for c in r["relevant"] + r["partly"]:
            if c not in categories:
                sys.exit(f"relevance.json: {occ} lists {c!r}, which no posting has")
    labels = {"resumes": cases, "relevant": {k: v["relevant"] for k, v in relevance.items()}}
    with open(os.path.join(tmp, "labels.json"), "w") as f:
        json.dump(labels, f, indent=1, sort_keys=True)
    with open(os.path.join(tmp, "postings.json"), "w") as f:
        json.dump(postings, f, ensure_ascii=False, indent=0)
    shutil.rmtree(OUT, ignore_errors=True)
    os.rename(tmp, OUT)
    digest = hashlib.sha256()
    for root, _, files in sorted(os.walk(OUT)):
        for fn in sorted(files):
            digest.update(open(os.path.join(root, fn), "rb").read())
    print(f"{len(cases)} resumes, {len(relevance)} occupations, {len(postings)} postings "
          f"in {len(categories)} categories -> {OUT}; content sha256 {digest.hexdigest()}")


if __name__ == "__main__":
    main()
