#!/usr/bin/env python3
"""Builds the real development set in data/real/set/ from public sources.

Each folder under sources/ rebuilds one pass of resumes or postings from
public GitHub repositories (read with `git --git-dir=<mirror root>/<owner>+<name>/repo
show <commit>:<path>`, every source file checked against its sha256), exactly
as README.md lists. The texts are not committed: their licences are unclear
or do not allow it (README.md). This script runs every pass, then merges them:

  set/resumes/<pass>/<file>.txt   one resume per file
  set/labels.json                 {"resumes": [{file, occupation, source}], "relevant": {...}}
  set/postings.json               a filtr JSON corpus; `category` labels each posting

`filtr eval data/real/set --corpus data/real/set/postings.json` evaluates on it.

Usage: python3 data/real/build.py --mirror-root DIR   (or set MIRROR_ROOT=DIR; the argument wins)
DIR holds a clone of every source repository at DIR/<owner>+<name>/repo; README.md
("Building it") says how to make one. The root is passed on to every pass as --mirror-root.
"""
import argparse
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


def run(name, mirror_root):
    subprocess.run([sys.executable, "build.py", "--mirror-root", mirror_root],
                   cwd=os.path.join(SOURCES, name), check=True, stdout=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser(description="Build the real development set in data/real/set/.")
    ap.add_argument("--mirror-root", metavar="DIR", default=os.environ.get("MIRROR_ROOT"),
                    help="directory holding a git clone of each source at DIR/<owner>+<name>/repo "
                         "(default: $MIRROR_ROOT; one of the two is required)")
    args = ap.parse_args()
    if not args.mirror_root:
        ap.error("no mirror root: pass --mirror-root DIR or set MIRROR_ROOT=DIR.\n"
                 "DIR must hold a git clone of each source repository, containing the pinned commit. A bare\n"
                 "clone is enough: git clone --bare https://github.com/<owner>/<name> DIR/<owner>+<name>/repo\n"
                 "data/real/README.md (\"Building it\") lists every repository and commit; each pass's\n"
                 "build.py prints its own clone commands when run without a mirror root.")
    # the passes run in their own directories, so a relative root must be made absolute
    mirror_root = os.path.abspath(args.mirror_root)
    for name in RESUME_PASSES + POSTING_PASSES:
        run(name, mirror_root)
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
