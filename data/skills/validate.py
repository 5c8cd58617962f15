#!/usr/bin/env python3
"""Validate the skills taxonomy in data/skills/*.json and measure its coverage
of the bundled posting corpus (data/postings.json).

Usage:
    python3 data/skills/validate.py                 # checks + coverage report
    python3 data/skills/validate.py --quiet         # checks + per-occupation averages only
    python3 data/skills/validate.py --suspicious    # also list skills matched outside their usual occupations
    python3 data/skills/validate.py --skill NAME    # show where one skill matches in the corpus

Exit status is 1 when a structural rule is broken (duplicate names or
aliases, short aliases, bad keys, too few skills), 0 otherwise.

Matching model (a simple mirror of what filtr's matcher is meant to do):
  * every form of a skill (name, aliases, strong_aliases) is matched on word
    boundaries, where a word character is [A-Za-z0-9_]; "C" does not match
    inside "C++" or "C#" because '+' and '#' directly after a form are treated
    as part of the word;
  * forms of a normal skill match case-insensitively;
  * for an "ambiguous" skill, the name and aliases only match with exact case
    AND when another (different) skill of the same category matched in the
    same sentence; its strong_aliases match case-insensitively and always.
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

ALLOWED_KEYS = {"name", "aliases", "category", "ambiguous", "strong_aliases"}
CATEGORY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
MIN_TOTAL = 1100
MIN_PER_OCCUPATION = 20
TARGET_AVG = 5.0

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
# skills per occupation" rule and for the --suspicious report.
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
    "education_credential": ["finance"],
}

# Words that commonly start sentences or are generic; ignored when listing
# unmatched capitalised terms.
STOP = set("""
a an the we you our your in as at on of for to and or with by from is are be this that it its
join lead leads manage build design develop work partner help support own drive ensure write run
experience strong deep hands-on demonstrated working familiarity coursework bonus preferred nice
ability proven track record currently at least years year plus is a plus relevant excellent solid
knowledge understanding proficiency comfort clear commitment curiosity meticulous willingness
availability reliable own valid sound creativity passion data-driven hire mentor complete improve
collaborate communicate maintain perform prepare conduct provide document follow install read
assist take enter count restock process meet report load pick operate receive keep train frame
coordinate identify analyze forecast define present investigate plan assess supervise educate
monitor administer delegate respond deliver evaluate verify counsel diagnose prescribe order
participate explain handle troubleshoot onboard resolve share negotiate prospect build review
create retouch publish interview measure improve contribute set control advocate instrument
champion integrate modularize migrate break automate reduce define harden educate draft organize
track represent advise counsel implement validate model train partner curate stay optimize
fine-tune chart apply bend mentor benefits founded also more than employees people across country
us usa company team teams role new i ii iii iv senior junior lead principal staff manager
""".split())


def load_skills():
    files = sorted(glob.glob(os.path.join(HERE, "*.json")))
    skills, errors, warnings, per_file = [], [], [], collections.OrderedDict()
    for path in files:
        fname = os.path.basename(path)
        size = os.path.getsize(path)
        if size > 60 * 1024:
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
                errors.append(f"{where}: unknown keys {sorted(extra)}")
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
            for a in aliases:
                if len(a) < 2 and not amb:
                    errors.append(f"{where}: alias {a!r} shorter than 2 characters on a non-ambiguous skill")
                if a != a.strip():
                    errors.append(f"{where}: alias {a!r} has surrounding whitespace")
            for a in strong:
                if len(a) < 2:
                    errors.append(f"{where}: strong alias {a!r} shorter than 2 characters")
            if len(name) < 2 and not amb:
                errors.append(f"{where}: one-character name must be ambiguous")
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
            if f in seen_here:
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
            lowers = collections.Counter(f.lower() for f in forms)
            for k, c in lowers.items():
                if c > 1:
                    warnings.append(f"{s['file']}: {s['name']!r} has case-only duplicate forms of {k!r}")


# ---------------------------------------------------------------- matching

def form_regex(form, case_sensitive):
    body = re.escape(form)
    pat = r"(?<![A-Za-z0-9_])" + body + r"(?![A-Za-z0-9_])"
    # A bare form must not be the start of "C++"/"C#"-like tokens.
    if form[-1].isalnum():
        pat = r"(?<![A-Za-z0-9_])" + body + r"(?![A-Za-z0-9_+#])"
    return re.compile(pat, 0 if case_sensitive else re.IGNORECASE)


class Matcher:
    def __init__(self, skills):
        self.skills = skills
        self.normal = []   # (skill_index, regex)
        self.weak = []     # ambiguous forms: exact case + same-category context
        for i, s in enumerate(skills):
            if s["ambiguous"]:
                for f in [s["name"]] + s["aliases"]:
                    if f not in s["strong"]:
                        self.weak.append((i, form_regex(f, True)))
                for f in s["strong"]:
                    self.normal.append((i, form_regex(f, False)))
            else:
                for f in [s["name"]] + s["aliases"]:
                    self.normal.append((i, form_regex(f, False)))

    def match_sentence(self, text):
        """Return {skill_index: [spans]} for one sentence."""
        found = collections.defaultdict(list)
        for i, rx in self.normal:
            for m in rx.finditer(text):
                found[i].append(m.span())
        weak_hits = collections.defaultdict(list)
        for i, rx in self.weak:
            for m in rx.finditer(text):
                weak_hits[i].append(m.span())
        # Resolve ambiguous hits against context: a different skill of the same
        # category matched in the sentence. Resolved ambiguous skills count as
        # context for the others (iterate to a fixed point).
        pending = dict(weak_hits)
        changed = True
        while changed and pending:
            changed = False
            for i in list(pending):
                cat = self.skills[i]["category"]
                if any(j != i and self.skills[j]["category"] == cat for j in found):
                    found[i].extend(pending.pop(i))
                    changed = True
        return found


SENT_SPLIT = re.compile(r"(?<=[.!?;:])\s+")


def posting_sentences(p):
    out = []
    for part in [p.get("description", "")] + list(p.get("requirements", [])) + list(p.get("responsibilities", [])):
        out.extend(x for x in SENT_SPLIT.split(part) if x.strip())
    return out


TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#./&'-]*[A-Za-z0-9+#]|[A-Za-z0-9]")


def unmatched_capitalised(sentence, spans, exclude_words):
    """Runs of capitalised tokens (containing an uppercase letter) not covered by a skill match."""
    covered = [False] * (len(sentence) + 1)
    for a, b in spans:
        for k in range(a, b):
            covered[k] = True
    runs, cur = [], []
    toks = list(TOKEN.finditer(sentence))
    for idx, m in enumerate(toks):
        w = m.group(0)
        cap = any(c.isupper() for c in w)
        if cap and not any(covered[m.start():m.end()]) and w.lower() not in exclude_words:
            if idx == 0 and w[0].isupper() and w[1:].islower() and w.lower() in STOP:
                continue
            cur.append(w)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    out = []
    for r in runs:
        words = [w for w in r if w.lower() not in STOP]
        if not words:
            continue
        out.append(" ".join(r))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--suspicious", action="store_true")
    ap.add_argument("--skill", action="append", default=[])
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()

    skills, per_file, errors, warnings = load_skills()
    check_uniqueness(skills, errors, warnings)

    # relevant skills per occupation, by category
    cats = collections.Counter(s["category"] for s in skills)
    unknown = sorted(c for c in cats if c not in CATEGORY_OCCUPATIONS)
    for c in unknown:
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

    # ------------------------------------------------------------ coverage
    with open(CORPUS, encoding="utf-8") as f:
        postings = json.load(f)
    matcher = Matcher(skills)
    by_occ = collections.defaultdict(list)
    for p in postings:
        by_occ[p["occupation"]].append(p)
    missing_occ = [o for o in OCCUPATIONS if o not in by_occ]
    for o in missing_occ:
        warnings.append(f"occupation {o} has no postings in the corpus")

    occ_avg, occ_distinct = {}, {}
    skill_occ = collections.defaultdict(collections.Counter)
    unmatched = collections.defaultdict(collections.Counter)
    req_unmatched = collections.defaultdict(collections.Counter)
    for o, ps in by_occ.items():
        total = 0
        distinct = set()
        for p in ps:
            exclude = set(w.lower() for w in TOKEN.findall(p.get("company", "") + " " + p.get("title", "")))
            got = set()
            for sent in posting_sentences(p):
                found = matcher.match_sentence(sent)
                got.update(found)
                spans = [sp for v in found.values() for sp in v]
                for term in unmatched_capitalised(sent, spans, exclude):
                    unmatched[o][term] += 1
            for r in p.get("requirements", []):
                if not matcher.match_sentence(r):
                    req_unmatched[o][r] += 1
            total += len(got)
            distinct |= got
            for i in got:
                skill_occ[i][o] += 1
        occ_avg[o] = total / len(ps)
        occ_distinct[o] = len(distinct)

    # ------------------------------------------------------------ report
    out = sys.stdout
    if not args.quiet:
        for o in sorted(by_occ):
            print(f"\n=== {o}: {len(by_occ[o])} postings, avg {occ_avg[o]:.2f} skills/posting, "
                  f"{occ_distinct[o]} distinct skills matched, {relevant[o]} relevant in taxonomy", file=out)
            top = unmatched[o].most_common(args.top)
            if top:
                print("  unmatched capitalised terms: " + "; ".join(f"{t} ({c})" for t, c in top), file=out)
            rtop = req_unmatched[o].most_common(8)
            if rtop:
                print("  requirement lines with no skill: " + " | ".join(f"{t} ({c})" for t, c in rtop), file=out)

    if args.suspicious:
        print("\n=== skills matched mostly outside their category's occupations", file=out)
        rows = []
        for i, occ in skill_occ.items():
            s = skills[i]
            home = set(CATEGORY_OCCUPATIONS.get(s["category"], []))
            away = {o: c for o, c in occ.items() if o not in home}
            if away and sum(away.values()) >= 3:
                rows.append((sum(away.values()), s["name"], s["category"], away))
        for n, name, cat, away in sorted(rows, reverse=True):
            print(f"  {name} [{cat}]: " + ", ".join(f"{o}={c}" for o, c in sorted(away.items(), key=lambda x: -x[1])), file=out)

    for want in args.skill:
        idx = [i for i, s in enumerate(skills) if s["name"].lower() == want.lower()]
        if not idx:
            print(f"\nno skill named {want!r}")
            continue
        i = idx[0]
        print(f"\n=== {skills[i]['name']}: {dict(skill_occ[i])}")
        shown = 0
        for p in postings:
            for sent in posting_sentences(p):
                if i in matcher.match_sentence(sent):
                    print(f"  [{p['occupation']}] {sent}")
                    shown += 1
                    break
            if shown >= 10:
                break

    print("\n=== coverage: average distinct skills per posting", file=out)
    for o in OCCUPATIONS:
        if o in occ_avg:
            flag = "" if occ_avg[o] >= TARGET_AVG else "   <-- below target"
            print(f"  {o:24s} {occ_avg[o]:5.2f}  (distinct {occ_distinct[o]:3d}, relevant {relevant[o]:3d}){flag}", file=out)

    amb = sorted(s["name"] for s in skills if s["ambiguous"])
    if not args.quiet:
        print(f"\n=== ambiguous skills ({len(amb)}): " + ", ".join(amb), file=out)
        print("\n=== categories: " + ", ".join(f"{c}={n}" for c, n in sorted(cats.items())), file=out)

    for w in warnings:
        print("WARNING: " + w, file=out)
    for e in errors:
        print("ERROR: " + e, file=out)

    print("\n=== totals", file=out)
    for fname, n in per_file.items():
        print(f"  {fname:28s} {n:5d}", file=out)
    print(f"  {'TOTAL':28s} {len(skills):5d}   ({len(amb)} ambiguous, {len(cats)} categories)", file=out)
    print(f"  {len(errors)} errors, {len(warnings)} warnings", file=out)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
