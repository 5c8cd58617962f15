#!/usr/bin/env python3
"""Build postings2/postings.json: real job postings ADDED to the first pass (../postings).

Deterministic. Every source file is read with
`git --git-dir=<mirror root>/<owner>+<name>/repo show <commit>:<path>` and its sha256 is checked.
The category rule table, text cleaning and word limits are IMPORTED from the first pass
(../postings/build.py) so both sets merge; EXTRA_TIER1 below adds rules. Postings that duplicate
one in ../postings/postings.json (same keys as the first pass) are dropped, and the 300-per-category
cap counts the first pass's postings. See README.md.

Usage: python3 build.py --mirror-root DIR   (or set MIRROR_ROOT=DIR; the argument wins)
"""
import csv, hashlib, importlib.util, io, json, os, re, subprocess, sys
from collections import Counter, defaultdict

csv.field_size_limit(10**9)
HERE = os.path.dirname(os.path.abspath(__file__))
FIRST = os.path.join(os.path.dirname(HERE), "postings")
MIRROR = None   # set by main() from --mirror-root or $MIRROR_ROOT (../postings/build.py: mirror_root())

_spec = importlib.util.spec_from_file_location("first_pass_build", os.path.join(FIRST, "build.py"))
fp = importlib.util.module_from_spec(_spec); _spec.loader.exec_module(fp)
clean, cap_words, norm = fp.clean, fp.cap_words, fp.norm
CAP, MIN_WORDS = fp.CAP_PER_CATEGORY, fp.MIN_WORDS

# Added rules (tier 1, checked together with the first pass's tier-1 rules).
EXTRA_TIER1 = [
    ("qa_testing", r"software quality"),           # "Software Quality Engineer" (else tier-2 'software')
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
    "indeed_ml": dict(gitdir="GaboGomezT+indeed_job_scraper/repo", repo="GaboGomezT/indeed_job_scraper",
                      commit="5609b1b64de3ea7e8a94e0ec2b39ca078454a7d1", path="job_postings.csv", sha256="19d534834444f31433eb793915ee54f03cbea0efd90f7d67bf1651dc0d420084"),
    "linkedin_in_kw": dict(gitdir="kavin5kumar+Skill-Based-Job-Recommender/repo", repo="kavin5kumar/Skill-Based-Job-Recommender",
                           commit="cf9766bf43955494ad73695a07c986abc483cd05", path="job_postings_a.csv", sha256="fc222cd8d7ed90403ddbd212cfcc57e16b609d609808bf3eb3506748c3f4528f"),
    "indeed_ca": dict(gitdir="akoses+Job-Finder/repo", repo="akoses/Job-Finder",
                      commit="f48ee8c7124905c0f653452944970b86b1f754ca", path="indeed_jobs.csv", sha256="8d1a78aeec0db54babcf04d6e2f756cc7171d10b102ede6f49f9fc43ab5a1eca"),
    "adzuna_data": dict(gitdir="Clairevoyanceee+job_postings/repo", repo="Clairevoyanceee/job_postings",
                        commit="922661d86f00426e95c8e0452adbce66ed0e97e5", path="job_postings.csv", sha256="fc7a77d7489ad1eab31a3ed1cf3d82cb33f1015abf8392d22a21591ca33424b7"),
}
SHA = {}

# For the keyword-labelled source (the "Job Title" column is the search keyword, not the ad's own title),
# keep a row only if its description mentions the keyword's subject.
KW_CHECK = {
    "data scientist": r"data scien|machine learning|\bml\b|statistic",
    "software quality engineer": r"\bqa\b|quality assurance|\btest(ing|s|er|ers)?\b|automation",
    "cloud engineer": r"\bcloud\b|\baws\b|azure|\bgcp\b",
    "database engineer": r"database|\bsql\b|postgres|mysql|oracle|mongodb|\bdba\b",
    "devops engineer": r"devops|ci/cd|kubernetes|docker|jenkins|terraform",
    "security engineer": r"security|cyber|siem|firewall|vulnerab",
    "android developer - java/kotlin": r"android",
    "ui / ux designer": r"\bux\b|\bui\b|user experience|figma|design",
}


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
    for r in read_source("indeed_ml"):
        jk = re.search(r"jk=([0-9a-f]+)", r["job_url"])
        comp = clean(r["principal_company_name"]) or clean(r["secondary_company_name"])
        p = dict(id=f"indeed_ml-{jk.group(1) if jk else hashlib.sha256(r['job_url'].encode()).hexdigest()[:16]}",
                 title=clean(r["posted_job_title"]), company=comp, description=clean(r["description"]), source="indeed_ml")
        if clean(r.get("location")):
            p["locations"] = [clean(r["location"])]
        out.append(p)
    for i, r in enumerate(read_source("linkedin_in_kw")):
        kw = clean(r["Job Title"]); desc = clean(r["Job Description"])
        rx = KW_CHECK.get(kw.lower())
        if rx is None or not re.search(rx, desc.lower()):
            drops["kw_not_in_description"] += 1; continue
        out.append(dict(id=f"linkedin_in_kw-{r['']}", title=kw, description=desc, source="linkedin_in_kw"))
    for r in read_source("indeed_ca"):
        p = dict(id=f"indeed_ca-{r['']}", title=clean(r["title"]), company=clean(r["company"]),
                 description=clean(r["description"]), source="indeed_ca")
        if clean(r.get("location")):
            p["locations"] = [clean(r["location"])]
        out.append(p)
    for r in read_source("adzuna_data"):
        p = dict(id=f"adzuna-{r['job_id']}", title=clean(r["job_title"]), description=clean(r["job_description"]).rstrip("…").strip(),
                 source="adzuna_data")
        if clean(r.get("job_location")):
            p["locations"] = [clean(r["job_location"])]
        out.append(p)
    return out


def keys(p):
    d = norm(p["description"])[:300]
    return (norm(p["title"]), norm(p.get("company")), d), d


def main():
    global MIRROR
    MIRROR = fp.mirror_root(SOURCES, __doc__)
    stats, drops = Counter(), Counter()
    first = json.load(open(os.path.join(FIRST, "postings.json")))
    first_cat = Counter(p["category"] for p in first)
    seen, seen_ids = set(), {p["id"] for p in first}
    for p in first:
        k1, k2 = keys(p); seen.add(k1); seen.add(k2)
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
        k1, k2 = keys(p)
        if k1 in seen or k2 in seen or p["id"] in seen_ids:
            drops["duplicate"] += 1; continue
        seen.add(k1); seen.add(k2)
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
        room = max(0, CAP - first_cat.get(cat, 0))
        ps = sorted(bycat[cat], key=lambda p: hashlib.sha256(p["id"].encode()).hexdigest())
        drops["over_category_cap"] += max(0, len(ps) - room)
        final.extend(ps[:room])
    final.sort(key=lambda p: p["id"])
    order = ["id", "title", "company", "description", "requirements", "responsibilities", "locations", "category", "source"]
    final = [{k: p[k] for k in order if k in p} for p in final]
    with open(os.path.join(HERE, "postings.json"), "w", encoding="utf-8") as f:
        json.dump(final, f, ensure_ascii=False, indent=1); f.write("\n")
    mine = Counter(p["category"] for p in final)
    merged = first_cat + mine
    summary = dict(read=dict(stats), dropped=dict(drops), kept=len(final),
                   per_category=dict(sorted(mine.items(), key=lambda x: -x[1])),
                   merged_per_category=dict(sorted(merged.items(), key=lambda x: -x[1])),
                   merged_total=sum(merged.values()),
                   per_source=dict(Counter(p["source"] for p in final)), sha256=SHA)
    with open(os.path.join(HERE, "build_stats.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
