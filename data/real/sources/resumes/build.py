#!/usr/bin/env python3
"""Deterministically rebuild resumes/ and labels.json from pinned public sources.

Usage:
    python3 build.py --mirror-root DIR [--out DIR]
    (or set MIRROR_ROOT=DIR instead of --mirror-root; the argument wins)

Each source is read with `git --git-dir=<mirror root>/<owner>+<name>/repo show <commit>:<path>`
(any clone of the repository that contains the pinned commit; a bare clone,
`git clone --bare https://github.com/<owner>/<name> <mirror root>/<owner>+<name>/repo`,
is enough).  The bytes are verified against a pinned sha256 before use; the build
aborts on any mismatch.  README.md lists the repositories and commits.

Only the Python standard library is used.
"""
import argparse
import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict

csv.field_size_limit(10 ** 9)

# ---------------------------------------------------------------- sources ----
SOURCES = {
    "kaggle_updated": {
        "repo": "zaid-ali753/Resume-Screening-101",
        "mirror_dir": "zaid-ali753+Resume-Screening-101",
        "commit": "8cf616a638fd9ca780e091094a45062384e40423",
        "path": "UpdatedResumeDataSet.csv",
        "sha256": "f96c5d61ec911e6f67587c6f94089e1633a94f00740121c58b06c249df15b414",
    },
    "excelr_4cat": {
        "repo": "VishnuTanpure/NLP-based-resume-classification",
        "mirror_dir": "VishnuTanpure+NLP-based-resume-classification",
        "commit": "d86f0da5a995047cdddf22e774a6c09eb17adabe",
        "path": "resume_data.csv",
        "sha256": "8dc80a5ef648a69eedfa9720ef064e289545de1e3881805782e4dbb494cd0897",
    },
    "dataturks_indeed": {
        "repo": "alipouzeshi/NER-Resume-Spacy",
        "mirror_dir": "alipouzeshi+NER-Resume-Spacy",
        "commit": "36f3bc87188b5b0d27998c7a71e7ba0ddde9d2fc",
        "path": "Entity Recognition in Resumes.json",
        "sha256": "44cca2028d6ea33802a40b1d41acba9ef82eba1ea9f391300e23d769b86da915",
    },
}

# ------------------------------------------------------------ label maps ----
# Raw source category -> fine occupation label.
KAGGLE_UPDATED_MAP = {
    "Java Developer": "java_developer",
    "Testing": "qa_test_engineer",
    "Automation Testing": "qa_test_engineer",
    "DevOps Engineer": "devops_engineer",
    "Python Developer": "python_developer",
    "Web Designing": "web_designer",
    "HR": "hr",
    "Hadoop": "data_engineer",
    "ETL Developer": "data_engineer",
    "Data Science": "data_science",
    "Mechanical Engineer": "mechanical_engineer",
    "Civil Engineer": "civil_engineer",
    "Electrical Engineering": "electrical_engineer",
    "Sales": "sales",
    "Operations Manager": "operations_manager",
    "Blockchain": "blockchain_developer",
    "Arts": "arts",
    "Database": "database_administrator",
    "Health and fitness": "fitness_trainer",
    "PMO": "project_manager",
    "Business Analyst": "business_analyst",
    "DotNet Developer": "dotnet_developer",
    "Network Security Engineer": "network_security_engineer",
    "SAP Developer": "sap_consultant",
    "Advocate": "lawyer",
}
EXCELR_MAP = {
    "Reactjs resumes": "react_developer",
    "workday resumes": "workday_consultant",
    "Peoplesoft resumes": "peoplesoft_consultant",
    "SQL resumes": "sql_developer",
}
# DataTurks/Indeed resumes carry no category; the occupation is derived by the
# ordered keyword rules below from the FIRST human-annotated "Designation" span.
DATATURKS_RULES = [
    (r"\btest|\bqa\b|quality", "qa_test_engineer"),
    (r"devops", "devops_engineer"),
    (r"network|ccna|firewall|security", "network_security_engineer"),
    (r"\bsap\b|fi/co|\bfi\b|crm functional|abap|\bwm\b", "sap_consultant"),
    (r"peoplesoft", "peoplesoft_consultant"),
    (r"\bdba\b|database|\bsql\b", "database_administrator"),
    (r"data analyst|data scien|machine learning|quantitative", "data_science"),
    (r"\bhr\b|human resource|recruit|talent", "hr"),
    (r"sales|account executive|business development|marketing", "sales"),
    (r"teacher|lecturer|professor|faculty", "teacher"),
    (r"financ|accountant|audit", "finance_analyst"),
    (r"java", "java_developer"),
    (r"support|helpdesk|help desk|escalation|administrator", "it_support"),
    (r"project manager|program manager|project lead|\bpmo\b|operations", "project_manager"),
    (r"process executive|data entry|typing|customer care|front office|admin assistant|"
     r"store executive|delivery specialist", "clerical_bpo"),
    (r"software|developer|develop|programmer|engineer|architect|technology analyst|"
     r"associate consultant|technical consultant|technical lead|smts", "software_developer"),
]

# Fine labels that end up with < MIN_PER_OCC resumes are folded into a broader
# occupation (recorded in labels.json as "occupation"; the fine label is kept
# in "fine_occupation").  Anything still below the minimum is excluded.
COARSE = {
    "python_developer": "software_developer",
    "dotnet_developer": "software_developer",
    "blockchain_developer": "software_developer",
    "web_designer": "web_developer",
    "react_developer": "web_developer",
    "mechanical_engineer": "mech_civil_electrical_engineer",
    "civil_engineer": "mech_civil_electrical_engineer",
    "electrical_engineer": "mech_civil_electrical_engineer",
    "sql_developer": "database_administrator",
    "project_manager": "business_operations_manager",
    "operations_manager": "business_operations_manager",
    "business_analyst": "business_operations_manager",
    "it_support": "network_security_engineer",
}

# folded regardless of size (too close to separate reliably in these sources)
ALWAYS_FOLD = {"project_manager", "operations_manager", "business_analyst"}

MIN_WORDS = 80
MIN_PER_OCC = 12
MAX_PER_OCC = 40
SHINGLE_K = 5
NEAR_DUP = 0.90  # containment: |A & B| / min(|A|, |B|)


# ----------------------------------------------------------------- helpers ---
def no_mirror_root(ap, clones):
    """Exit: neither --mirror-root nor $MIRROR_ROOT was given. `clones` lists (owner/name, mirror_dir, [commits])."""
    lines = ["no mirror root: pass --mirror-root DIR or set MIRROR_ROOT=DIR.",
             "DIR must hold a git clone of each source repository, containing the pinned commit. A bare clone",
             "is enough: the files are read with `git --git-dir=... show <commit>:<path>`. For example:"]
    for repo, mirror_dir, commits in clones:
        gd = "DIR/%s/repo" % mirror_dir
        lines.append("  git clone --bare https://github.com/%s %s" % (repo, gd))
        lines += ["  git --git-dir %s cat-file -e '%s^{commit}'" % (gd, c) for c in commits]
    lines += ["If cat-file fails, fetch the commit by id: git --git-dir <gitdir> fetch origin <commit>.",
              "See README.md next to this script."]
    ap.error("\n".join(lines))


def git_show(mirror_root, src):
    gd = os.path.join(mirror_root, src["mirror_dir"], "repo")
    data = subprocess.run(
        ["git", "--git-dir", gd, "show", "%s:%s" % (src["commit"], src["path"])],
        check=True, capture_output=True).stdout
    h = hashlib.sha256(data).hexdigest()
    if h != src["sha256"]:
        sys.exit("sha256 mismatch for %s:%s: %s != %s" % (src["repo"], src["path"], h, src["sha256"]))
    return data


def fix_bytes(b):
    """Repair the broken UTF-8 in the Kaggle csv (bullets stored as e2 ?? a2)."""
    b = re.sub(rb"\xe2[\x00-\xff]\xa2", "\u2022".encode(), b)
    return b.decode("utf-8", errors="replace").replace("\ufffd", "")


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)(\+?\d[\d\s().-]{8,}\d)(?!\w)")
INDEED = re.compile(r"indeed\.com/r/\S+")


def clean(text):
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    # mask direct contact details (the resumes belong to real people)
    text = EMAIL.sub("[email]", text)
    text = INDEED.sub("indeed.com/r/[id]", text)
    text = PHONE.sub(lambda m: "[phone]" if sum(c.isdigit() for c in m.group(0)) >= 10 else m.group(0), text)
    lines = []
    for ln in text.split("\n"):
        ln = re.sub(r"[ \t\f\v]+", " ", ln).strip()
        lines.append(ln)
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text


def strip_label_header(text, raw_labels):
    """Drop a first line that is just the dataset's category label."""
    first, _, rest = text.partition("\n")
    norm = lambda s: re.sub(r"[^a-z]", "", s.lower())
    if first and any(norm(first) == norm(l) for l in raw_labels if l):
        return rest.strip()
    return text


def norm_key(text):
    return " ".join(text.lower().split())


def shingles(text):
    w = re.findall(r"\w+", text.lower())
    return {" ".join(w[i:i + SHINGLE_K]) for i in range(max(0, len(w) - SHINGLE_K + 1))}


# ----------------------------------------------------------------- loaders ---
def load_kaggle_updated(data):
    rows = list(csv.DictReader(io.StringIO(fix_bytes(data))))
    for i, r in enumerate(rows):
        cat = r["Category"].strip()
        yield {"source": "kaggle_updated", "src_row": i, "raw_category": cat,
               "fine": KAGGLE_UPDATED_MAP.get(cat), "text": r["Resume"]}


def load_excelr(data):
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    for i, r in enumerate(rows):
        cat = r["Category"].strip()
        yield {"source": "excelr_4cat", "src_row": i, "raw_category": cat,
               "fine": EXCELR_MAP.get(cat), "text": r["Resume"]}


def load_dataturks(data):
    for i, line in enumerate(data.decode("utf-8").splitlines()):
        if not line.strip():
            continue
        r = json.loads(line)
        content = r["content"]
        des = []
        for a in r.get("annotation") or []:
            if "Designation" in (a.get("label") or []):
                for p in a.get("points") or []:
                    des.append((p.get("start", 0), p.get("text", "")))
        des.sort()
        raw = des[0][1].strip() if des else ""
        fine = None
        for pat, lab in DATATURKS_RULES:
            if raw and re.search(pat, raw.lower()):
                fine = lab
                break
        yield {"source": "dataturks_indeed", "src_row": i, "raw_category": raw or "(no designation)",
               "fine": fine, "text": content}


# ------------------------------------------------------------------- build ---
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirror-root", metavar="DIR", default=os.environ.get("MIRROR_ROOT"),
                    help="directory holding a git clone of each source at DIR/<owner>+<name>/repo "
                         "(default: $MIRROR_ROOT; one of the two is required)")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = ap.parse_args()
    if not args.mirror_root:
        no_mirror_root(ap, [(s["repo"], s["mirror_dir"], [s["commit"]]) for s in SOURCES.values()])

    raw = {k: git_show(args.mirror_root, s) for k, s in SOURCES.items()}
    items = (list(load_kaggle_updated(raw["kaggle_updated"]))
             + list(load_excelr(raw["excelr_4cat"]))
             + list(load_dataturks(raw["dataturks_indeed"])))

    stats = Counter()
    all_raw_labels = set(KAGGLE_UPDATED_MAP) | set(EXCELR_MAP)
    kept, seen = [], {}
    for it in items:
        stats["input_" + it["source"]] += 1
        if not it["fine"]:
            stats["drop_unmapped_" + it["source"]] += 1
            continue
        t = clean(it["text"])
        t = strip_label_header(t, all_raw_labels | {it["raw_category"]})
        if len(t.split()) < MIN_WORDS:
            stats["drop_short_" + it["source"]] += 1
            continue
        k = hashlib.sha256(norm_key(t).encode()).hexdigest()
        if k in seen:
            stats["drop_exactdup_" + it["source"]] += 1
            if seen[k]["fine"] != it["fine"]:
                stats["exactdup_label_conflict"] += 1
            continue
        it["text"], it["hash"] = t, k
        seen[k] = it
        kept.append(it)

    # near-duplicates (>90% of the smaller resume's 5-word shingles shared);
    # keep the earlier item (source order, then row order).
    sh = [shingles(it["text"]) for it in kept]
    alive = [True] * len(kept)
    for i in range(len(kept)):
        if not alive[i]:
            continue
        for j in range(i + 1, len(kept)):
            if not alive[j] or not sh[i] or not sh[j]:
                continue
            inter = len(sh[i] & sh[j])
            if inter / min(len(sh[i]), len(sh[j])) > NEAR_DUP:
                alive[j] = False
                stats["drop_neardup_" + kept[j]["source"]] += 1
    kept = [it for it, a in zip(kept, alive) if a]

    # occupation assignment: fine label, folded to COARSE where the fine
    # label has < MIN_PER_OCC resumes.
    fine_counts = Counter(it["fine"] for it in kept)
    for it in kept:
        f = it["fine"]
        fold = fine_counts[f] < MIN_PER_OCC or f in ALWAYS_FOLD
        it["occupation"] = COARSE.get(f, f) if fold else f
    occ_counts = Counter(it["occupation"] for it in kept)
    final = []
    by_occ = defaultdict(list)
    for it in kept:
        if occ_counts[it["occupation"]] < MIN_PER_OCC:
            stats["drop_small_class:" + it["occupation"]] += 1
            continue
        by_occ[it["occupation"]].append(it)
    for occ in sorted(by_occ):
        lst = sorted(by_occ[occ], key=lambda x: x["hash"])  # deterministic pseudo-random order
        if len(lst) > MAX_PER_OCC:
            stats["drop_cap:" + occ] += len(lst) - MAX_PER_OCC
        final.extend(lst[:MAX_PER_OCC])

    final.sort(key=lambda x: (x["occupation"], x["source"], x["src_row"]))
    out_dir = os.path.join(args.out, "resumes")
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    recs = []
    idx = Counter()
    for it in final:
        idx[it["occupation"]] += 1
        rid = "%s_%03d" % (it["occupation"], idx[it["occupation"]])
        with open(os.path.join(out_dir, rid + ".txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write(it["text"] + "\n")
        recs.append({"file": "resumes/%s.txt" % rid, "occupation": it["occupation"],
                     "fine_occupation": it["fine"], "source": it["source"],
                     "source_row": it["src_row"], "raw_category": it["raw_category"]})
    with open(os.path.join(args.out, "labels.json"), "w", encoding="utf-8") as f:
        json.dump({"resumes": recs,
                   "sources": {k: {kk: v for kk, v in s.items() if kk != "mirror_dir"}
                               for k, s in SOURCES.items()}},
                  f, indent=1, ensure_ascii=False)
        f.write("\n")

    print("kept %d resumes in %d occupations" % (len(recs), len(by_occ)))
    for occ, n in sorted(Counter(r["occupation"] for r in recs).items()):
        srcs = Counter(r["source"] for r in recs if r["occupation"] == occ)
        print("  %-32s %3d  %s" % (occ, n, dict(srcs)))
    for k, v in sorted(stats.items()):
        print("  stat %-45s %d" % (k, v))


if __name__ == "__main__":
    main()
