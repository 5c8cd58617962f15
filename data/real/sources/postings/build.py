#!/usr/bin/env python3
"""Rebuild postings.json (filtr native posting schema) from pinned public sources.

Deterministic: same inputs -> byte-identical output. Every source file is read
with `git --git-dir=<mirror root>/<owner>+<name>/repo show <commit>:<path>` and its
sha256 is verified before use. See README.md for provenance, licences, the rule
table and how to clone the sources.

Usage: python3 build.py --mirror-root DIR   (or set MIRROR_ROOT=DIR; the argument wins)
"""
import argparse, csv, hashlib, html, io, json, os, re, subprocess, sys
from collections import Counter, defaultdict

csv.field_size_limit(10**9)
HERE = os.path.dirname(os.path.abspath(__file__))
MIRROR = None   # set by main() from --mirror-root or $MIRROR_ROOT (see mirror_root())
# The project's own data/postings.json (data/real/sources/postings/../../../postings.json);
# read-only; used only to EXCLUDE overlaps
PROJECT_POSTINGS = os.path.join(HERE, "..", "..", "..", "postings.json")
CAP_PER_CATEGORY = 300
MAX_WORDS = 3000
MIN_WORDS = 40

SOURCES = {
    "dice": dict(gitdir="talk2rajasimman+Spacy-Custome-NER-/repo", repo="talk2rajasimman/Spacy-Custome-NER-",
                 commit="47f97615ef35f32b4f0cadda4a7d28855d6eaf99", path="dice_com-job_us_sample.csv",
                 sha256="3884b296733a391c9208322f8d92b72b1f9c4f30f3de14a6e12c9acae8e01b69"),
    "linkedin2023": dict(gitdir="koriralex+CAPSTONE-Group2/repo", repo="koriralex/CAPSTONE-Group2",
                         commit="03d9340a2324dde79d176f0e861b10f662028705", path="postings.csv",
                         sha256="78a159e033942939bfffb472faf67217a492e5fb10123bfaa30985d0d1a3089f"),
    "linkedin2023b": dict(gitdir="parishinde+Marketplace-analysis_linktin/repo", repo="parishinde/Marketplace-analysis_linktin",
                          commit="a5200c9fa7403e685799e9b631d900fced2f6075", path="postings.csv",
                          sha256="9ed67e83f31500282de71c86eb1ca681a2c11bb3daf8bdbdfc0f94bcaee87768"),
    "linkedin2025": dict(gitdir="m5991+linkedin-jobs-scraper-analysis/repo", repo="m5991/linkedin-jobs-scraper-analysis",
                         commit="01c590af3a2b793f4459eabd450034bb49652776", path="data/linkedin_jobs.csv",
                         sha256="d02c227bf99e794db4e2fc7fb835b3f4738c0eb9f39895302e416cca9df459f3"),
    "indeed_ds": dict(gitdir="ambreen2006+nlp_job_postings/repo/.git", repo="ambreen2006/nlp_job_postings",
                      commit="da15983e803a71ab6f9c4db9706b05f85c12d51f", path="data/postings.csv",
                      sha256="a5c67b53f304b454af35036605ebed386fa2df28cb7ae80467f11b1fc242b8e3"),
}

# ---------------------------------------------------------------------------
# Title -> category rule table. Titles are lower-cased; each pattern is a
# Python regex searched in the title. Tier 1 = specific rules, tier 2 = generic
# fall-backs consulted only when NO tier-1 rule matched. Within the deciding
# tier, if rules of more than one category match -> conflict -> posting dropped.
# No match in either tier -> dropped.
# ---------------------------------------------------------------------------
TIER1 = [
    ("nursing", r"\bnurse\b|\bnurses\b|\bnursing\b|\brn\b|\blpn\b|\blvn\b|\bcna\b"),
    ("healthcare_other", r"therapist|physician|pharmac|medical assistant|dental|dentist|hygienist|radiolog|sonograph|phlebotom|"
                         r"\bclinical\b|clinician|caregiver|respiratory|psychiatr|psycholog|veterinar|paramedic|\bemt\b|surgical|"
                         r"surgeon|optometr|audiolog|dietitian|medical technolog|patient care|home health|\bcaregivers?\b"),
    ("teaching", r"teacher|teaching|\btutor|instructor|professor|lecturer|educator|\bfaculty\b|adjunct|paraprofessional|"
                 r"preschool|kindergarten|principal \(school|school counselor"),
    ("legal", r"attorney|lawyer|paralegal|\blegal\b|\bcounsel\b|litigation|law clerk|solicitor"),
    ("accounting_finance", r"accountant|accounting|bookkeep|payroll|auditor|\baudit\b|\btax\b|controller|financial analyst|"
                           r"\bfinance\b|financial planner|treasur|accounts payable|accounts receivable|\bbilling\b|credit analyst|"
                           r"underwrit|actuar|\bcfo\b|chief financial|loan officer|investment analyst"),
    ("sales", r"\bsales\b|salesperson|account executive|business development|account manager|\bbdr\b|\bsdr\b|"
              r"sales representative|inside sales"),
    ("marketing", r"marketing|\bbrand\b|\bseo\b|\bsem\b|social media|communications|public relations|\bpr\b|campaign"),
    ("hr", r"human resources|\bhr\b|recruit|talent acquisition|people operations|\bhris\b|benefits (specialist|administrator)|"
           r"compensation analyst"),
    ("graphic_design", r"graphic|illustrator|art director|visual designer|motion designer"),
    ("ux_ui_design", r"\bux\b|\bui/ux\b|user experience|product designer|interaction designer"),
    ("writing_editorial", r"\bwriter\b|\beditor\b|journalist|copywriter|proofread"),
    ("mechanical_engineering", r"mechanical|manufacturing engineer|tooling engineer"),
    ("civil_engineering", r"civil engineer|structural engineer|geotechnical|transportation engineer|surveyor|\bcivil\b"),
    ("electrical_engineering", r"electrical engineer|electronics engineer|hardware engineer|\brf engineer|power systems|controls engineer|"
                               r"electrical design"),
    ("construction", r"construction|carpenter|electrician|plumber|superintendent|foreman|welder|\bmason\b|roofer|laborer|"
                     r"estimator|journeyman|pipefitter"),
    ("maintenance_repair", r"maintenance|mechanic\b|service technician|hvac|repair technician|field technician"),
    ("hospitality_culinary", r"\bchef\b|\bcook\b|sous|kitchen|restaurant|bartender|barista|\bhotel\b|housekeep|front desk|"
                             r"food service|catering|dishwasher|hospitality|banquet"),
    ("logistics", r"logistics|warehouse|supply chain|(?<!device )\bdrivers?\b|truck|forklift|shipping|inventory|procurement|"
                  r"purchasing|\bbuyer\b|dispatcher|\bfleet\b|distribution|delivery associate|material handler"),
    ("customer_service", r"customer service|customer support|call center|customer success|client service|customer care|"
                         r"reservationist|guest service"),
    ("administrative", r"administrative|admin assistant|office manager|receptionist|secretary|executive assistant|\bclerk\b|"
                       r"office assistant|data entry|office coordinator|office administrator"),
    ("retail", r"cashier|\bretail\b|store manager|merchandis|stocker|store associate"),
    ("data_science", r"data scien|machine learning|deep learning|\bnlp\b|computer vision|statistic|\bml\b|\bai\b engineer|"
                     r"research scientist|ai/ml"),
    ("data_analytics", r"data analyst|analytics|business intelligence|\bbi\b|reporting analyst|tableau|power bi"),
    ("data_engineering", r"data engineer|\betl\b|big data|hadoop|\bspark\b|data warehouse|data architect|informatica"),
    ("devops", r"devops|site reliability|\bsre\b|cloud engineer|\baws\b|azure|kubernetes|build engineer|release engineer|"
               r"platform engineer|cloud architect"),
    ("web_development", r"front ?end|front-end|web developer|ui developer|javascript|\breact\b|angular|full ?stack|full-stack|"
                        r"\bphp\b|wordpress|web designer|node\.?js|drupal"),
    ("software_development", r"\bjava\b|\.net\b|c#|c\+\+|python|golang|\bruby\b|scala|backend|back end|back-end|\bios\b|android|"
                             r"mobile developer|embedded|firmware|software engineer|software developer|application developer|"
                             r"mainframe|cobol"),
    ("qa_testing", r"\bqa\b|quality assurance|test engineer|\btester\b|automation test|\bsdet\b|test analyst|test lead|testing"),
    ("network_systems_admin", r"network (engineer|administrator|admin|analyst|architect)|system administrator|systems administrator|"
                              r"sysadmin|systems engineer|system engineer|linux|windows admin|active directory|exchange|vmware|"
                              r"citrix|unix|infrastructure"),
    ("database_administration", r"\bdba\b|database administrator|database engineer|database developer|sql server|oracle dba"),
    ("it_support", r"help ?desk|desktop support|technical support|it support|service desk|support technician|support specialist"),
    ("cybersecurity", r"security engineer|security analyst|cyber|information security|infosec|penetration|soc analyst|\bissm\b|"
                      r"\bisso\b|security architect"),
    ("erp_crm_consulting", r"\bsap\b|peoplesoft|salesforce|\berp\b|dynamics|workday|servicenow|oracle (ebs|apps|financials)"),
    ("project_management", r"project manager|program manager|project coordinator|scrum master|\bpmo\b|delivery manager|"
                           r"project management"),
    ("business_analysis", r"business analyst|business systems analyst|requirements analyst"),
    ("product_management", r"product manager|product owner"),
    ("social_services", r"social worker|case manager|caseworker|youth (worker|counselor)|family advocate"),
    ("protective_services", r"security officer|security guard|police|firefighter|corrections officer"),
]
TIER2 = [
    ("software_development", r"developer|programmer|software"),
    ("healthcare_other", r"\bmedical\b|\bhealth\b|\bcare\b"),
    ("graphic_design", r"\bdesigner\b"),
]
_T1 = [(c, re.compile(p)) for c, p in TIER1]
_T2 = [(c, re.compile(p)) for c, p in TIER2]


def categorise(title):
    t = title.lower()
    for tier in (_T1, _T2):
        cats = sorted({c for c, rx in tier if rx.search(t)})
        if len(cats) == 1:
            return cats[0], None
        if len(cats) > 1:
            return None, "conflict:" + "+".join(cats)
    return None, "no_rule"


TAG_RE = re.compile(r"<[^>]+>")
WS_RE = re.compile(r"\s+")


def clean(s):
    if s is None:
        return ""
    s = html.unescape(str(s))
    s = re.sub(r"(?i)<br\s*/?>|</p>|</li>|</div>", " ", s)
    s = TAG_RE.sub(" ", s)
    s = s.replace("\u00a0", " ")
    return WS_RE.sub(" ", s).strip()


def cap_words(s, n=MAX_WORDS):
    w = s.split(" ")
    return s if len(w) <= n else " ".join(w[:n])


def read_source(name):
    s = SOURCES[name]
    gd = os.path.join(MIRROR, s["gitdir"])
    data = subprocess.run(["git", "--git-dir", gd, "show", f'{s["commit"]}:{s["path"]}'],
                          check=True, capture_output=True).stdout
    h = hashlib.sha256(data).hexdigest()
    if h != s["sha256"]:
        sys.exit(f"sha256 mismatch for {name}: {h} != {s['sha256']}")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8", errors="replace"))))


def load():
    out = []
    for i, r in enumerate(read_source("dice")):
        out.append(dict(id=f"dice-{r[''] or i}", title=clean(r["jobtitle"]), description=clean(r["jobdescription"]),
                        source="dice"))
    for src in ("linkedin2023", "linkedin2023b"):
      for r in read_source(src):
        desc = clean(r["description"])
        skills = clean(r.get("skills_desc"))
        if skills and skills[:200] not in desc:
            desc = (desc + " " + skills).strip()
        p = dict(id=f"linkedin2023-{r['job_id']}", title=clean(r["title"]), company=clean(r["company_name"]),
                 description=desc, source="linkedin2023")  # both files are samples of the same Kaggle dataset
        if clean(r["location"]):
            p["locations"] = [clean(r["location"])]
        out.append(p)
    for r in read_source("linkedin2025"):
        desc = clean(r["description"])
        p = dict(id=f"linkedin2025-{r['job_id']}", title=clean(r["title"]), company=clean(r["company"]),
                 description=desc, source="linkedin2025")
        if clean(r["location"]):
            p["locations"] = [clean(r["location"])]
        out.append(p)
    for i, r in enumerate(read_source("indeed_ds")):
        raw_title = clean(r["title"])
        title, loc = raw_title, None
        if " - " in raw_title:
            title, loc = raw_title.rsplit(" - ", 1)
        body = clean(r["body"])
        if body.startswith(raw_title):          # body repeats the "Title - Location" header line
            body = body[len(raw_title):].strip()
        jid = re.sub(r"[^0-9a-zA-Z]+", "", r["job_posting"].replace(".html", "")) or str(i)
        p = dict(id=f"indeed_ds-{jid}", title=title.strip(), description=body, source="indeed_ds")
        if loc:
            p["locations"] = [loc.strip()]
        out.append(p)
    return out


def norm(s):
    return re.sub(r"[^a-z0-9]+", " ", (s or "").lower()).strip()


def mirror_root(sources, doc=__doc__):
    """The mirror root from --mirror-root or $MIRROR_ROOT (the argument wins); exits if neither is set.

    `sources` is a SOURCES table (values with `gitdir`, `repo`, `commit`), used for the error message;
    `doc` is the calling script's docstring. postings2/ and postings3/ call this with their own.
    """
    ap = argparse.ArgumentParser(description=doc.strip().split("\n")[0])
    ap.add_argument("--mirror-root", metavar="DIR", default=os.environ.get("MIRROR_ROOT"),
                    help="directory holding a git clone of each source at DIR/<owner>+<name>/repo "
                         "(default: $MIRROR_ROOT; one of the two is required)")
    args = ap.parse_args()
    if args.mirror_root:
        return args.mirror_root
    lines = ["no mirror root: pass --mirror-root DIR or set MIRROR_ROOT=DIR.",
             "DIR must hold a git clone of each source repository, containing the pinned commit. A bare clone",
             "is enough: the files are read with `git --git-dir=... show <commit>:<path>`. For example:"]
    for s in sources.values():
        gd = "DIR/" + s["gitdir"]
        lines += [f"  git clone --bare https://github.com/{s['repo']} {gd}",
                  f"  git --git-dir {gd} cat-file -e '{s['commit']}^{{commit}}'"]
    lines += ["If cat-file fails, fetch the commit by id: git --git-dir <gitdir> fetch origin <commit>.",
              "See README.md next to this script."]
    ap.error("\n".join(lines))


def main():
    global MIRROR
    MIRROR = mirror_root(SOURCES)
    stats = Counter()
    drops = Counter()
    project = set()
    if os.path.exists(PROJECT_POSTINGS):
        for q in json.load(open(PROJECT_POSTINGS)):
            project.add((norm(q.get("title")), norm(q.get("company"))))
    seen_keys, seen_ids, kept = set(), set(), []
    for p in load():
        stats[p["source"]] += 1
        if not p["title"]:
            drops["no_title"] += 1; continue
        if "google" in norm(p.get("company")).split():
            drops["google_company_excluded"] += 1; continue
        if (norm(p["title"]), norm(p.get("company"))) in project:
            drops["in_project_data"] += 1; continue
        p["description"] = cap_words(p["description"])
        if len(p["description"].split()) < MIN_WORDS:
            drops["lt_40_words"] += 1; continue
        key = (norm(p["title"]), norm(p.get("company")), norm(p["description"])[:300])
        key2 = norm(p["description"])[:300]
        if key in seen_keys or key2 in seen_keys:
            drops["duplicate"] += 1; continue
        seen_keys.add(key); seen_keys.add(key2)
        cat, why = categorise(p["title"])
        if cat is None:
            drops[why.split(":")[0]] += 1; continue
        if p["id"] in seen_ids:
            p["id"] = p["id"] + "-" + hashlib.sha256(p["description"].encode()).hexdigest()[:8]
        seen_ids.add(p["id"])
        p["category"] = cat
        kept.append(p)
    # cap per category: deterministic pick by sha256(id)
    bycat = defaultdict(list)
    for p in kept:
        bycat[p["category"]].append(p)
    final = []
    for cat in sorted(bycat):
        ps = sorted(bycat[cat], key=lambda p: hashlib.sha256(p["id"].encode()).hexdigest())
        drops["over_category_cap"] += max(0, len(ps) - CAP_PER_CATEGORY)
        final.extend(ps[:CAP_PER_CATEGORY])
    final.sort(key=lambda p: p["id"])
    order = ["id", "title", "company", "description", "requirements", "responsibilities", "locations", "category", "source"]
    final = [{k: p[k] for k in order if k in p} for p in final]
    with open(os.path.join(HERE, "postings.json"), "w", encoding="utf-8") as f:
        json.dump(final, f, ensure_ascii=False, indent=1)
        f.write("\n")
    summary = dict(read=dict(stats), dropped=dict(drops), kept=len(final),
                   per_category=dict(sorted(Counter(p["category"] for p in final).items(), key=lambda x: -x[1])),
                   per_source=dict(Counter(p["source"] for p in final)))
    with open(os.path.join(HERE, "build_stats.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
