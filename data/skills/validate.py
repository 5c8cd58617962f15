#!/usr/bin/env python3
"""Validate the skills taxonomy in data/skills/*.json and measure how well it
covers the bundled posting corpus (data/postings.json) and, when present, the
evaluation resumes (data/eval/resumes/).

Usage:
    python3 data/skills/validate.py                  # checks + full coverage report
    python3 data/skills/validate.py --quiet          # checks + per-occupation averages only
    python3 data/skills/validate.py --suspicious     # skills matched mostly outside their category's occupations
    python3 data/skills/validate.py --skill "Epic"   # where one skill matches in the corpus
    python3 data/skills/validate.py --text "Python, Go and Rust"   # what a text yields

Exit status is 1 when a structural rule is broken (bad keys, duplicate names,
an alias owned by two skills, short aliases, too few skills, an occupation
with fewer than 20 relevant skills), 0 otherwise.

The matcher mirrors src/profile/skills.rs:
  * every name/alias/strong alias is a pattern; one automaton, ASCII
    case-insensitive, leftmost-longest, non-overlapping ("Microsoft Excel"
    beats "Excel"; a longer hit that then fails its boundary check still
    consumes its span);
  * a hit counts only on word boundaries, checked on the sides where the
    pattern starts/ends with an alphanumeric character ("C++", ".NET" carry
    their own boundary on the other side);
  * names and aliases of an "ambiguous" skill are weak: they count only with
    exact case and when another skill of the same category (strong or weak)
    is in the same sentence; sentences are delimited by . ; ! ? and newlines;
    strong_aliases always count; a form listed both ways is strong.
"""

import argparse
import collections
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, "data", "postings.json")
EVAL_DIR = os.path.join(ROOT, "data", "eval")

ALLOWED_KEYS = {"name", "aliases", "category", "ambiguous", "strong_aliases"}
CATEGORY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
MIN_TOTAL = 1100
MIN_PER_OCCUPATION = 20
TARGET_AVG = 5.0
MAX_FILE_BYTES = 60 * 1024

OCCUPATIONS = [
    "software_engineering", "frontend_engineering", "mobile_engineering", "devops_sre",
    "security_engineering", "data_engineering", "data_science", "data_analytics",
    "machine_learning", "research_science", "trust_safety", "product_management",
    "ux_design", "graphic_design", "technical_writing", "nursing", "nurse_practitioner",
    "practical_nursing", "pharmacy", "pharmacy_technician", "physical_therapy",
    "dental_hygiene", "teaching", "culinary", "accounting", "finance", "sales",
    "marketing", "hr_recruiting", "customer_support", "operations_management",
    "supply_chain", "warehouse_logistics", "attorney", "paralegal", "electrician",
    "plumbing", "hvac", "carpentry", "civil_engineering", "mechanical_engineering",
]

SWE = ["software_engineering", "frontend_engineering", "mobile_engineering", "devops_sre",
       "security_engineering", "data_engineering", "machine_learning"]
NURSES = ["nursing", "nurse_practitioner", "practical_nursing"]
TRADES = ["electrician", "plumbing", "hvac", "carpentry"]
OFFICE = ["accounting", "finance", "paralegal", "operations_management", "hr_recruiting",
          "sales", "marketing", "supply_chain", "product_management", "data_analytics",
          "customer_support", "attorney", "technical_writing"]

# Which occupations a category is relevant to. Used for the ">= 20 relevant
# skills per occupation" rule and by --suspicious. Every category used in the
# taxonomy must appear here (a warning says so otherwise).
CATEGORY_OCCUPATIONS = {
    "programming_language": SWE + ["data_science", "data_analytics", "research_science"],
    "frontend": ["frontend_engineering", "software_engineering"],
    "backend": ["software_engineering"],
    "mobile": ["mobile_engineering"],
    "database": ["software_engineering", "data_engineering", "data_analytics", "data_science"],
    "cloud": ["devops_sre", "software_engineering", "data_engineering", "security_engineering"],
    "devops": ["devops_sre", "software_engineering"],
    "observability": ["devops_sre", "software_engineering"],
    "testing": ["software_engineering", "frontend_engineering", "mobile_engineering"],
    "software_engineering": SWE,
    "developer_tools": SWE + ["technical_writing"],
    "security": ["security_engineering", "devops_sre"],
    "compliance": ["security_engineering", "attorney", "paralegal", "trust_safety"],
    "data_engineering": ["data_engineering"],
    "analytics": ["data_analytics", "data_science", "marketing", "product_management"],
    "data_science": ["data_science", "data_analytics", "machine_learning", "research_science"],
    "machine_learning": ["machine_learning", "data_science", "trust_safety"],
    "research_lab": ["research_science"],
    "trust_safety": ["trust_safety"],
    "product_management": ["product_management"],
    "ux_design": ["ux_design", "product_management"],
    "design_tools": ["ux_design", "graphic_design"],
    "graphic_design": ["graphic_design", "marketing"],
    "accessibility": ["ux_design", "frontend_engineering", "mobile_engineering"],
    "technical_writing": ["technical_writing"],
    "cms": ["technical_writing", "marketing"],
    "clinical": NURSES + ["physical_therapy"],
    "healthcare_credential": NURSES,
    "ehr": NURSES + ["physical_therapy"],
    "life_support": NURSES + ["dental_hygiene", "physical_therapy"],
    "healthcare_admin": ["pharmacy_technician", "nurse_practitioner", "pharmacy"],
    "pharmacy": ["pharmacy", "pharmacy_technician"],
    "physical_therapy": ["physical_therapy"],
    "dental": ["dental_hygiene"],
    "teaching": ["teaching"],
    "culinary": ["culinary"],
    "accounting": ["accounting"],
    "erp": ["accounting", "supply_chain", "operations_management", "finance", "warehouse_logistics"],
    "finance": ["finance", "accounting"],
    "sales": ["sales"],
    "crm": ["sales", "marketing", "customer_support"],
    "marketing": ["marketing"],
    "hr": ["hr_recruiting"],
    "customer_support": ["customer_support"],
    "operations": ["operations_management"],
    "quality": ["operations_management", "mechanical_engineering"],
    "project_management": ["operations_management", "product_management"],
    "supply_chain": ["supply_chain"],
    "warehouse": ["warehouse_logistics"],
    "transportation": ["warehouse_logistics", "supply_chain"],
    "legal": ["attorney", "paralegal"],
    "electrical": ["electrician"],
    "plumbing": ["plumbing"],
    "hvac": ["hvac"],
    "carpentry": ["carpentry"],
    "construction": TRADES + ["civil_engineering"],
    "safety": TRADES + ["warehouse_logistics"],
    "welding": ["plumbing", "mechanical_engineering"],
    "field_service": ["hvac", "plumbing", "electrician"],
    "civil_engineering": ["civil_engineering"],
    "mechanical_engineering": ["mechanical_engineering"],
    "manufacturing": ["mechanical_engineering", "operations_management"],
    "cad": ["civil_engineering", "mechanical_engineering"],
    "engineering_license": ["civil_engineering", "mechanical_engineering"],
    "office_software": OFFICE,
    "productivity": OFFICE,
    "language": ["customer_support", "teaching"],
    "license": TRADES + ["warehouse_logistics"],
    "product_development": ["mechanical_engineering", "ux_design"],
    "retail": ["pharmacy_technician", "culinary"],
    "education_credential": ["finance", "research_science"],
}

# Generic words ignored when listing unmatched capitalised terms.
STOP = set("""
a an the we you our your in as at on of for to and or with by from is are be this that it its
join lead leads manage build design develop work partner help support own drive ensure write run
experience strong deep hands-on demonstrated working familiarity coursework bonus preferred nice
ability proven track record currently at least years year plus relevant excellent solid
knowledge understanding proficiency comfort clear commitment curiosity meticulous willingness
availability reliable valid sound creativity data-driven hire mentor complete improve
collaborate communicate maintain perform prepare conduct provide document follow install read
assist take enter count restock process meet report load pick operate receive keep train frame
coordinate identify analyze forecast define present investigate plan assess supervise educate
monitor administer delegate respond deliver evaluate verify counsel diagnose prescribe order
participate explain handle troubleshoot onboard resolve share negotiate prospect review
create retouch publish interview measure contribute set control advocate instrument
champion integrate modularize migrate break automate reduce draft organize track represent
advise implement validate model curate stay optimize fine-tune chart apply bend benefits
founded also more than employees people across country us usa company team teams role new
i ii iii iv senior junior principal staff manager
""".split())


# ------------------------------------------------------------------ loading

def load_skills():
    files = sorted(glob.glob(os.path.join(HERE, "*.json")))
    skills, errors, warnings, per_file = [], [], [], collections.OrderedDict()
    for path in files:
        fname = os.path.basename(path)
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            warnings.append(f"{fname}: {size} bytes (> 60 KB)")
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except json.JSONDecodeError as e:
            errors.append(f"{fname}: invalid JSON: {e}")
            continue
        if not isinstance(data, list):
            errors.append(f"{fname}: top level is not an array")
            continue
        per_file[fname] = len(data)
        for i, s in enumerate(data):
            where = f"{fname}[{i}]"
            if not isinstance(s, dict):
                errors.append(f"{where}: not an object")
                continue
            extra = set(s) - ALLOWED_KEYS
            if extra:
                errors.append(f"{where}: unknown keys {sorted(extra)} (the Rust loader denies unknown fields)")
            name = s.get("name")
            if not isinstance(name, str) or not name.strip():
                errors.append(f"{where}: missing name")
                continue
            where = f"{fname}: {name!r}"
            aliases = s.get("aliases", [])
            strong = s.get("strong_aliases", [])
            amb = s.get("ambiguous", False)
            cat = s.get("category")
            if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
                errors.append(f"{where}: aliases must be a list of non-empty strings")
                aliases = []
            if not isinstance(strong, list) or not all(isinstance(a, str) and a.strip() for a in strong):
                errors.append(f"{where}: strong_aliases must be a list of non-empty strings")
                strong = []
            if not isinstance(amb, bool):
                errors.append(f"{where}: ambiguous must be a boolean")
                amb = bool(amb)
            if strong and not amb:
                warnings.append(f"{where}: strong_aliases on a non-ambiguous skill (harmless, but pointless)")
            if not isinstance(cat, str) or not CATEGORY_RE.match(cat):
                errors.append(f"{where}: bad category {cat!r}")
                cat = "?"
            for a in [name] + aliases + strong:
                if a != a.strip():
                    errors.append(f"{where}: form {a!r} has surrounding whitespace")
            for a in aliases:
                if len(a) < 2 and not amb:
                    errors.append(f"{where}: alias {a!r} shorter than 2 characters on a non-ambiguous skill")
            for a in strong:
                if len(a) < 2:
                    errors.append(f"{where}: strong alias {a!r} shorter than 2 characters")
            if len(name) < 2 and not amb:
                errors.append(f"{where}: one-character name must be ambiguous")
            if amb and " " in name.strip() and name.lower() not in [a.lower() for a in strong]:
                warnings.append(f"{where}: multi-word ambiguous name is not in strong_aliases "
                                "(it will only match with exact case and context)")
            skills.append({"name": name, "aliases": aliases, "strong": strong, "ambiguous": amb,
                           "category": cat, "file": fname})
    return skills, per_file, errors, warnings


def check_uniqueness(skills, errors, warnings):
    names = {}
    for s in skills:
        key = s["name"].lower()
        if key in names:
            errors.append(f"duplicate name {s['name']!r} ({s['file']}) and {names[key]['name']!r} ({names[key]['file']})")
        else:
            names[key] = s
    owner = {}
    for s in skills:
        seen_here = set()
        forms = [s["name"]] + s["aliases"] + s["strong"]
        for f in forms:
            key = f.lower()
            # The name repeated in strong_aliases is the way to make an ambiguous name always match.
            if f in seen_here and not (f == s["name"] and f in s["strong"]):
                warnings.append(f"{s['file']}: {s['name']!r} lists {f!r} twice")
            seen_here.add(f)
            other = owner.get(key)
            if other is not None and other is not s:
                errors.append(f"form {f!r} of {s['name']!r} ({s['file']}) collides with "
                              f"{other['name']!r} ({other['file']})")
            else:
                owner[key] = s
        # Case-only variants are only meaningful for ambiguous skills (exact-case matching).
        if not s["ambiguous"]:
            lowers = collections.Counter(f.lower() for f in set(forms))
            for k, c in lowers.items():
                if c > 1:
                    warnings.append(f"{s['file']}: {s['name']!r} has case-only duplicate forms of {k!r}")


# ------------------------------------------------------------------ matching

def fold(c):
    return chr(ord(c) + 32) if "A" <= c <= "Z" else c


def is_word(c):
    return c.isalnum() or c == "_"


SENTENCE_MARKS = set(".\n;!?")


class Taxonomy:
    """A Python mirror of src/profile/skills.rs."""

    def __init__(self, skills):
        self.skills = skills
        self.patterns = []  # [skill, weak, text]
        seen = {}
        for i, s in enumerate(skills):
            forms = [(f, s["ambiguous"]) for f in [s["name"]] + s["aliases"]] + [(f, False) for f in s["strong"]]
            for text, weak in forms:
                text = text.strip()
                key = "".join(fold(c) for c in text)
                if key in seen:
                    p = self.patterns[seen[key]]
                    if p[0] == i:
                        p[1] = p[1] and weak
                    continue  # a collision with another skill is reported by check_uniqueness
                seen[key] = len(self.patterns)
                self.patterns.append([i, weak, text])
        self.trie = {}
        for pid, (_, _, text) in enumerate(self.patterns):
            node = self.trie
            for c in text:
                node = node.setdefault(fold(c), {})
            node[None] = pid

    def find(self, text):
        """[(skill, start, end)] in order, like Taxonomy::find."""
        n = len(text)
        folded = "".join(fold(c) for c in text)
        strong, weak = [], []
        i = 0
        trie = self.trie
        while i < n:
            node = trie
            j = i
            best = None
            while j < n:
                node = node.get(folded[j])
                if node is None:
                    break
                j += 1
                if None in node:
                    best = (j, node[None])
            if best is None:
                i += 1
                continue
            end, pid = best
            start = i
            i = end
            skill, is_weak, ptext = self.patterns[pid]
            starts_word = ptext[0].isalnum()
            ends_word = ptext[-1].isalnum()
            if (starts_word and start > 0 and is_word(text[start - 1])) or \
                    (ends_word and end < n and is_word(text[end])):
                continue
            if is_weak:
                if text[start:end] == ptext:
                    weak.append((skill, start, end))
            else:
                strong.append((skill, start, end))
        if weak:
            marks = [0] * (n + 1)
            count = 0
            for k, c in enumerate(text):
                marks[k] = count
                if c in SENTENCE_MARKS:
                    count += 1
            marks[n] = count
            every = strong + weak
            for w in weak:
                cat = self.skills[w[0]]["category"]
                s = marks[w[1]]
                if any(o[0] != w[0] and self.skills[o[0]]["category"] == cat and marks[o[1]] == s for o in every):
                    strong.append(w)
            strong.sort(key=lambda h: h[1])
        return strong

    def set(self, text):
        return {h[0] for h in self.find(text)}


# ------------------------------------------------------------------ reporting helpers

TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#./&'-]*[A-Za-z0-9+#]|[A-Za-z0-9]")
SENT_SPLIT = re.compile(r"(?<=[.!?;:])\s+|\n+")


def unmatched_capitalised(text, hits, exclude_words):
    """Runs of tokens containing an uppercase letter, not covered by a skill hit."""
    covered = bytearray(len(text) + 1)
    for _, a, b in hits:
        for k in range(a, b):
            covered[k] = 1
    out = []
    pos = 0
    for sent in SENT_SPLIT.split(text):
        if not sent:
            continue
        base = text.find(sent, pos)
        pos = base + len(sent)
        runs, cur = [], []
        for idx, m in enumerate(TOKEN.finditer(sent)):
            w = m.group(0)
            a, b = base + m.start(), base + m.end()
            cap = any(c.isupper() for c in w)
            sentence_start_word = idx == 0 and w[:1].isupper() and w[1:].islower()
            if cap and not any(covered[a:b]) and w.lower() not in exclude_words and not (
                    sentence_start_word and w.lower() in STOP):
                cur.append(w)
            else:
                if cur:
                    runs.append(cur)
                cur = []
        if cur:
            runs.append(cur)
        for r in runs:
            if any(w.lower() not in STOP for w in r):
                out.append(" ".join(r))
    return out


def load_eval_resumes():
    labels = os.path.join(EVAL_DIR, "labels.json")
    if not os.path.exists(labels):
        return []
    with open(labels, encoding="utf-8") as f:
        data = json.load(f)
    out = []
    for r in data.get("resumes", []):
        path = os.path.join(EVAL_DIR, r["file"])
        if os.path.exists(path) and path.endswith((".txt", ".md")):
            with open(path, encoding="utf-8") as f:
                out.append((r["occupation"], os.path.basename(path), f.read()))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quiet", action="store_true", help="only checks, averages and totals")
    ap.add_argument("--suspicious", action="store_true",
                    help="list skills matched mostly in occupations outside their category's")
    ap.add_argument("--skill", action="append", default=[], help="show sentences where a skill matches")
    ap.add_argument("--text", action="append", default=[], help="print the skills found in a text")
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()

    skills, per_file, errors, warnings = load_skills()
    check_uniqueness(skills, errors, warnings)
    tax = Taxonomy(skills)

    for t in args.text:
        print(f"{t!r}: " + ", ".join(skills[i]["name"] for i in sorted(tax.set(t), key=lambda i: skills[i]["name"])))
    if args.text:
        return 1 if errors else 0

    cats = collections.Counter(s["category"] for s in skills)
    for c in sorted(c for c in cats if c not in CATEGORY_OCCUPATIONS):
        warnings.append(f"category {c!r} has no occupation mapping in validate.py")
    relevant = collections.Counter()
    for s in skills:
        for o in CATEGORY_OCCUPATIONS.get(s["category"], []):
            relevant[o] += 1
    for o in OCCUPATIONS:
        if relevant[o] < MIN_PER_OCCUPATION:
            errors.append(f"occupation {o}: only {relevant[o]} relevant skills by category (< {MIN_PER_OCCUPATION})")
    if len(skills) < MIN_TOTAL:
        errors.append(f"only {len(skills)} skills (< {MIN_TOTAL})")

    # ------------------------------------------------------------ corpus coverage
    with open(CORPUS, encoding="utf-8") as f:
        postings = json.load(f)
    by_occ = collections.defaultdict(list)
    for p in postings:
        by_occ[p["occupation"]].append(p)
    for o in OCCUPATIONS:
        if o not in by_occ:
            warnings.append(f"occupation {o} has no postings in the corpus")

    occ_avg, occ_profile_avg, occ_distinct = {}, {}, {}
    skill_occ = collections.defaultdict(collections.Counter)
    unmatched = collections.defaultdict(collections.Counter)
    req_unmatched = collections.defaultdict(collections.Counter)
    for o, ps in by_occ.items():
        total = total_profile = 0
        distinct = set()
        for p in ps:
            exclude = set(w.lower() for w in TOKEN.findall(p.get("company", "") + " " + p.get("title", "")))
            reqs = list(p.get("requirements", []))
            resps = list(p.get("responsibilities", []))
            got, profile = set(), set()
            for field in [p.get("description", "")] + reqs + resps:
                hits = tax.find(field)
                got.update(h[0] for h in hits)
                for term in unmatched_capitalised(field, hits, exclude):
                    unmatched[o][term] += 1
            # What profile/mod.rs (PostingProfile) uses: each requirement line and each responsibility
            # (the description's lines only when there are no requirements).
            lines = reqs + resps if reqs else p.get("description", "").splitlines()
            for line in lines:
                found = tax.set(line)
                profile |= found
                if not found and line in reqs:
                    req_unmatched[o][line] += 1
            total += len(got)
            total_profile += len(profile)
            distinct |= got
            for i in got:
                skill_occ[i][o] += 1
        occ_avg[o] = total / len(ps)
        occ_profile_avg[o] = total_profile / len(ps)
        occ_distinct[o] = len(distinct)

    # ------------------------------------------------------------ evaluation resumes
    resumes = load_eval_resumes()
    res_by_occ = collections.defaultdict(list)
    res_unmatched = collections.defaultdict(collections.Counter)
    for occ, fname, text in resumes:
        hits = tax.find(text)
        res_by_occ[occ].append((fname, {h[0] for h in hits}))
        for term in unmatched_capitalised(text, hits, set()):
            res_unmatched[occ][term] += 1

    # ------------------------------------------------------------ report
    if not args.quiet:
        for o in sorted(by_occ):
            print(f"\n=== {o}: {len(by_occ[o])} postings, avg {occ_avg[o]:.2f} skills/posting "
                  f"(requirements+responsibilities: {occ_profile_avg[o]:.2f}), "
                  f"{occ_distinct[o]} distinct skills matched, {relevant[o]} relevant in taxonomy")
            top = unmatched[o].most_common(args.top)
            if top:
                print("  unmatched capitalised terms: " + "; ".join(f"{t} ({c})" for t, c in top))
            rtop = req_unmatched[o].most_common(8)
            if rtop:
                print("  requirement lines with no skill: " + " | ".join(f"{t} ({c})" for t, c in rtop))
            if o in res_by_occ:
                for fname, got in res_by_occ[o]:
                    names = sorted(skills[i]["name"] for i in got)
                    print(f"  resume {fname}: {len(got)} skills: " + ", ".join(names))
                rt = res_unmatched[o].most_common(20)
                if rt:
                    print("  resume terms with no skill: " + "; ".join(f"{t} ({c})" for t, c in rt))

    if args.suspicious:
        print("\n=== skills matched mostly outside their category's occupations")
        rows = []
        for i, occ in skill_occ.items():
            s = skills[i]
            home = set(CATEGORY_OCCUPATIONS.get(s["category"], []))
            away = {o: c for o, c in occ.items() if o not in home}
            if away and sum(away.values()) >= 3:
                rows.append((sum(away.values()), s["name"], s["category"], away))
        for n, name, cat, away in sorted(rows, reverse=True):
            print(f"  {name} [{cat}]: " + ", ".join(f"{o}={c}" for o, c in sorted(away.items(), key=lambda x: -x[1])))

    for want in args.skill:
        idx = [i for i, s in enumerate(skills) if s["name"].lower() == want.lower()]
        if not idx:
            print(f"\nno skill named {want!r}")
            continue
        i = idx[0]
        print(f"\n=== {skills[i]['name']}: {dict(skill_occ[i])}")
        shown = 0
        for p in postings:
            for field in [p.get("description", "")] + p.get("requirements", []) + p.get("responsibilities", []):
                if i in tax.set(field):
                    print(f"  [{p['occupation']}] {field[:300]}")
                    shown += 1
                    break
            if shown >= 10:
                break

    print("\n=== coverage: average distinct skills per posting (all text / requirements+responsibilities)")
    for o in OCCUPATIONS:
        if o in occ_avg:
            flag = "" if occ_avg[o] >= TARGET_AVG else "   <-- below target"
            res = ""
            if o in res_by_occ:
                n = res_by_occ[o]
                res = f", eval resumes {sum(len(g) for _, g in n) / len(n):5.1f}"
            print(f"  {o:24s} {occ_avg[o]:5.2f} / {occ_profile_avg[o]:5.2f}  "
                  f"(distinct {occ_distinct[o]:3d}, relevant {relevant[o]:3d}{res}){flag}")

    amb = sorted(s["name"] for s in skills if s["ambiguous"])
    if not args.quiet:
        print(f"\n=== ambiguous skills ({len(amb)}): " + ", ".join(amb))
        print("\n=== categories: " + ", ".join(f"{c}={n}" for c, n in sorted(cats.items())))

    for w in warnings:
        print("WARNING: " + w)
    for e in errors:
        print("ERROR: " + e)

    print("\n=== totals")
    for fname, n in per_file.items():
        print(f"  {fname:28s} {n:5d}")
    print(f"  {'TOTAL':28s} {len(skills):5d}   ({len(amb)} ambiguous, {len(cats)} categories)")
    print(f"  {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
