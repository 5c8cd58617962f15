#!/usr/bin/env python3
"""Build postings3/postings.json: real job postings ADDED to the first two passes (../postings, ../postings2).

Deterministic. Every source file is read with
`git --git-dir=<mirror root>/<owner>+<name>/repo show <commit>:<path>` and its sha256 is checked.
The category rule table, text cleaning and word limits are IMPORTED from the first pass
(../postings/build.py), as ../postings2/build.py does; EXTRA_TIER1 below adds rules (incl. the new
category `production_manufacturing`). Postings duplicating one in ../postings or ../postings2 are dropped,
and the 300-per-category cap counts both earlier passes. See README.md.

Usage: python3 build.py --mirror-root DIR   (or set MIRROR_ROOT=DIR; the argument wins)
"""
import csv, hashlib, importlib.util, io, json, os, re, subprocess, sys
from collections import Counter, defaultdict

csv.field_size_limit(10**9)
HERE = os.path.dirname(os.path.abspath(__file__))
STAGING = os.path.dirname(HERE)
FIRST = os.path.join(STAGING, "postings")
SECOND = os.path.join(STAGING, "postings2")
MIRROR = None   # set by main() from --mirror-root or $MIRROR_ROOT (../postings/build.py: mirror_root())

_spec = importlib.util.spec_from_file_location("first_pass_build", os.path.join(FIRST, "build.py"))
fp = importlib.util.module_from_spec(_spec); _spec.loader.exec_module(fp)
clean, cap_words, norm = fp.clean, fp.cap_words, fp.norm
CAP, MIN_WORDS = fp.CAP_PER_CATEGORY, fp.MIN_WORDS

# Added tier-1 rules (checked together with the first pass's tier-1 rules; a title matching two
# categories is still a conflict and is dropped).
EXTRA_TIER1 = [
    ("qa_testing", r"software quality"),                      # same addition as postings2
    # NEW category. "welder" stays in construction (first-pass rule) so the passes agree.
    ("production_manufacturing", r"machine operator|machinist|\bcnc\b|assembler|assembly (worker|operator|technician|associate|line)|"
                                 r"^(?!.*(video|film|\btv\b|media|content|event|music|theatre)).*production (worker|operator|operative|associate|technician|supervisor|manager|team|line|planner|lead)|"
                                 r"manufacturing (associate|operator|operative|technician|worker|supervisor|manager)|"
                                 r"process operator|plant operator|press operator|machine setter|setter operator|fabricator|"
                                 r"packer\b|packaging operator|factory|quality inspector|\bqc inspector|toolmaker|tool maker|"
                                 r"line operator|moulding|molding operator|extrusion"),
    ("logistics", r"picker\b|order picker|shipping and receiving|receiving clerk|courier|\bhgv\b|class (1|2) driver"),
    ("customer_service", r"customer service representative|contact cent(er|re)|call cent(er|re)"),
    ("administrative", r"^(?!.*(developer|sharepoint|system|network|database|server|salesforce|\bit\b|cloud|linux|sql)).*"
                       r"(administrator\b|\badmin\b)|personal assistant|\bpa to\b|typist"),
    ("retail", r"shop assistant|sales assistant|store supervisor|department manager retail|checkout operator"),
    ("hospitality_culinary", r"waiter|waitress|waiting staff|\bserver\b(?!.*(sql|admin|engineer))|commis|chef de partie|"
                             r"head chef|kitchen porter|\bhost(ess)?\b|room attendant|concierge|receptionist.*hotel|"
                             r"\bpub\b|\bbar (staff|manager|supervisor)|food and beverage|\bf&b\b"),
    ("maintenance_repair", r"technician(?=.*\b(maintenance|hvac|repair|service|field)\b)|engineer(?=.*\b(maintenance|service|field)\b)"),
]
_T1 = fp._T1 + [(c, re.compile(p)) for c, p in EXTRA_TIER1]
_T2 = fp._T2


def categorise(title):
    t = title.lower()
    for tier in (_T1, _T2):
        cats = sorted({c for c, rx in tier if rx.search(t)})
        if len(cats) == 1:
            return cats[0], None
        if len(cats) > 1:
            return None, "conflict:" + "+".join(cats)
    return None, "no_rule"


SOURCES = {
    "adzuna_uk2013": dict(gitdir="VahidHedley+Predict-Salaries-from-Text/repo", repo="VahidHedley/Predict-Salaries-from-Text",
                          commit="b0c10a7e46b9f9ecbd48d806902f472d25393d3f", path="Train_rev1.csv",
                          sha256="5b1bd46d43e9defa3770e9e3da624d198855a58af909430e6939a38763c5fefe"),
    "emscad": dict(gitdir="AnilSonawane2+JobCheck-Detecting-Fake-Job-Post-Using-NLP/repo",
                   repo="AnilSonawane2/JobCheck-Detecting-Fake-Job-Post-Using-NLP",
                   commit="e459763c7bc2c18773b9e8a39d52c726cdb2fb39", path="data/fake_job_postings.csv",
                   sha256="4900635e59d9b5d16da271e795b74f12e4d54dc927f02ed447d7a264e77768b6"),
    "linkedin2023c": dict(gitdir="ThatMajd+LinkedIn_Candidate_Recommendation/repo", repo="ThatMajd/LinkedIn_Candidate_Recommendation",
                          commit="ca59db712a9774d383f6c110d89189c83245258c", path="data/datasets/job_postings_raw.csv",
                          sha256="4545e72d4ba3de063427d3bebc6b7e3992b3572f837528bee96fedd146d64cfe"),
}
SHA = {}


def read_source(name):
    s = SOURCES[name]
    data = subprocess.run(["git", "--git-dir", os.path.join(MIRROR, s["gitdir"]), "show", f'{s["commit"]}:{s["path"]}'],
                          check=True, capture_output=True).stdout
    h = hashlib.sha256(data).hexdigest()
    if h != s["sha256"]:
        sys.exit(f"sha256 mismatch for {name}: {h} != {s['sha256']}")
    SHA[name] = h
    return list(csv.DictReader(io.StringIO(data.decode("utf-8", errors="replace"))))


def load(drops):
    out = []
    # Adzuna UK job-salary-prediction (Kaggle 2013) sample: 2,499 rows of Train_rev1.csv
    for r in read_source("adzuna_uk2013"):
        p = dict(id=f"adzuna_uk2013-{r['Id']}", title=clean(r["Title"]), company=clean(r["Company"]),
                 description=clean(r["FullDescription"]), source="adzuna_uk2013")
        if clean(r.get("LocationRaw")):
            p["locations"] = [clean(r["LocationRaw"])]
        out.append(p)
    # EMSCAD (Employment Scam Aegean Dataset), first ~500 rows; only fraudulent == "0" kept
    for r in read_source("emscad"):
        if not (r.get("job_id") or "").strip():
            continue                                    # the file pads with empty rows
        if r.get("fraudulent") != "0":
            drops["emscad_fraudulent_or_unlabelled"] += 1; continue
        desc = clean(r["description"])
        req = clean(r.get("requirements"))
        if req:
            desc = (desc + " Requirements: " + req).strip()
        p = dict(id=f"emscad-{r['job_id']}", title=clean(r["title"]), description=desc, source="emscad")
        if clean(r.get("location")):
            p["locations"] = [clean(r["location"])]
        out.append(p)
    # LinkedIn 2023-24 (arshkon) 25-row sample; same id scheme as the first pass so duplicates are caught
    for r in read_source("linkedin2023c"):
        desc = clean(r["description"])
        skills = clean(r.get("skills_desc"))
        if skills and skills[:200] not in desc:
            desc = (desc + " " + skills).strip()
        p = dict(id=f"linkedin2023-{r['job_id']}", title=clean(r["title"]), description=desc, source="linkedin2023")
        if clean(r.get("location")):
            p["locations"] = [clean(r["location"])]
        out.append(p)
    return out


def keys(p):
    d = norm(p["description"])[:300]
    return (norm(p["title"]), norm(p.get("company")), d), d


def near_key(p):
    # stricter key used only in this pass: same title + same first 100 description chars
    # (EMSCAD and Adzuna repeat one ad for several branches/locations with small edits further down)
    return ("near", norm(p["title"]), norm(p["description"])[:100])


def main():
    global MIRROR
    MIRROR = fp.mirror_root(SOURCES, __doc__)
    stats, drops = Counter(), Counter()
    earlier = json.load(open(os.path.join(FIRST, "postings.json"))) + json.load(open(os.path.join(SECOND, "postings.json")))
    earlier_cat = Counter(p["category"] for p in earlier)
    seen, seen_ids = set(), {p["id"] for p in earlier}
    for p in earlier:
        k1, k2 = keys(p); seen.add(k1); seen.add(k2); seen.add(near_key(p))
    project = set()
    if os.path.exists(fp.PROJECT_POSTINGS):
        for q in json.load(open(fp.PROJECT_POSTINGS)):
            project.add((norm(q.get("title")), norm(q.get("company"))))
    kept = []
    for p in load(drops):
        stats[p["source"]] += 1
        if not p["title"]:
            drops["no_title"] += 1; continue
        if "google" in norm(p.get("company")).split() or "google" in norm(p["title"]).split():
            drops["google_excluded"] += 1; continue
        if (norm(p["title"]), norm(p.get("company"))) in project:
            drops["in_project_data"] += 1; continue
        if p.get("company") == "":
            p.pop("company")
        p["description"] = cap_words(p["description"])
        if len(p["description"].split()) < MIN_WORDS:
            drops["lt_40_words"] += 1; continue
        k1, k2 = keys(p); k3 = near_key(p)
        if k1 in seen or k2 in seen or p["id"] in seen_ids:
            drops["duplicate"] += 1; continue
        if k3 in seen:
            drops["near_duplicate"] += 1; continue
        seen.add(k1); seen.add(k2); seen.add(k3)
        cat, why = categorise(p["title"])
        if cat is None:
            drops[why.split(":")[0]] += 1; continue
        seen_ids.add(p["id"])
        p["category"] = cat
        kept.append(p)
    bycat = defaultdict(list)
    for p in kept:
        bycat[p["category"]].append(p)
    final = []
    for cat in sorted(bycat):
        room = max(0, CAP - earlier_cat.get(cat, 0))
        ps = sorted(bycat[cat], key=lambda p: hashlib.sha256(p["id"].encode()).hexdigest())
        drops["over_category_cap"] += max(0, len(ps) - room)
        final.extend(ps[:room])
    final.sort(key=lambda p: p["id"])
    order = ["id", "title", "company", "description", "requirements", "responsibilities", "locations", "category", "source"]
    final = [{k: p[k] for k in order if k in p} for p in final]
    with open(os.path.join(HERE, "postings.json"), "w", encoding="utf-8") as f:
        json.dump(final, f, ensure_ascii=False, indent=1); f.write("\n")
    mine = Counter(p["category"] for p in final)
    merged = earlier_cat + mine
    summary = dict(read=dict(stats), dropped=dict(drops), kept=len(final),
                   per_category=dict(sorted(mine.items(), key=lambda x: (-x[1], x[0]))),
                   merged_per_category=dict(sorted(merged.items(), key=lambda x: (-x[1], x[0]))),
                   merged_total=sum(merged.values()),
                   per_source=dict(Counter(p["source"] for p in final)), sha256=SHA)
    with open(os.path.join(HERE, "build_stats.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
