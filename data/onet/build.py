#!/usr/bin/env python3
"""Regenerate the compact O*NET-derived tables for filtr.

Source: O*NET 29.3 Database (May 2025 release), as committed to the public
GitHub repository eugene-maina72/Phase_5_Capstone_Project-SmartPath
(cloned locally; a bare clone is enough). Every source file is read with
`git show <commit>:<path>` and its sha256 verified before use.

Outputs (written next to this script unless --out is given):
  occupations.tsv   code \t title \t pipe-separated lowercased titles
  tech_skills.tsv   code \t pipe-separated technology examples ('*' = hot technology)
  tasks.tsv         code \t up to 5 task statements joined by ' | ' (core first)
  major_groups.tsv  2-digit SOC major group \t name

Standard library only; deterministic (no dict/set iteration order dependence
beyond insertion order, no timestamps).

Usage: python3 build.py --mirror-root DIR [--out DIR]   (reads the git dir DIR/REPO_DIR)
       python3 build.py --git-dir GITDIR [--out DIR]      (reads that git dir)
Instead of --mirror-root, MIRROR_ROOT=DIR may be set; --git-dir wins over --mirror-root,
which wins over MIRROR_ROOT. One of the three is required. To get the source:
  git clone --bare https://github.com/eugene-maina72/Phase_5_Capstone_Project-SmartPath \
      DIR/eugene-maina72+Phase_5_Capstone_Project-SmartPath/repo
(README.md, "Source", says how to check that both pinned commits are present.)
"""
import argparse
import hashlib
import io
import os
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

REPO = "eugene-maina72/Phase_5_Capstone_Project-SmartPath"
# the git directory under the mirror root (--mirror-root / $MIRROR_ROOT)
REPO_DIR = "eugene-maina72+Phase_5_Capstone_Project-SmartPath/repo"

# main branch HEAD (Excel release files + Read Me)
MAIN_COMMIT = "826ec4e0f0bc73ac117fcb7d38230ccb0b27519d"
# branch "Rachael" commit holding the tab-delimited text release files
TEXT_COMMIT = "f2afe4da23fb4f6f157ef91112d9f879ae7774ff"

SOURCES = {
    # key: (commit, path)
    "readme": (MAIN_COMMIT, "data/Read Me.txt"),
    "alt_xlsx": (MAIN_COMMIT, "data/Alternate Titles.xlsx"),
    "occ_xlsx": (MAIN_COMMIT, "data/Occupation Data.xlsx"),
    "occ": (TEXT_COMMIT, "data/Occupation Data.txt"),
    "reported": (TEXT_COMMIT, "data/Sample of Reported Titles.txt"),
    "tech": (TEXT_COMMIT, "data/Technology Skills.txt"),
    "tasks": (TEXT_COMMIT, "data/Task Statements.txt"),
}
# expected sha256 of each source blob
SHA256 = {
    "readme": "1934c8e00b7bcdc4b41a54103c0fa53475c8847e465e59b4aaff2ea459a6598d",
    "alt_xlsx": "2dd1ee54ed76a005e099cfb19ac7afea3bcd0528f1c919330f23f80d22d6ef77",
    "occ_xlsx": "13b2aa4c08e6c9a3708d5e5ac83e13da5cc184e3798313c8942a266d00593ace",
    "occ": "164236c5e0f1d16bfbafe017a16f20a993948cc4b1534d1da631652c81708f0f",
    "reported": "f10deeecb490ab1df901941bbd78cdb7bf1a6691596a6946c35abb84022ceaf4",
    "tech": "e73975df2574326bedb01b88f08e3eb697dad8ee4b6092ff551d7c6e4bf388bf",
    "tasks": "d0204389a327a5483f8b09a5f00c3e4d4855faab70eb98ffd57f2f6750c4326a",
}

# SOC 2018 major groups (U.S. Bureau of Labor Statistics, Standard Occupational Classification)
MAJOR_GROUPS = [
    ("11", "Management Occupations"),
    ("13", "Business and Financial Operations Occupations"),
    ("15", "Computer and Mathematical Occupations"),
    ("17", "Architecture and Engineering Occupations"),
    ("19", "Life, Physical, and Social Science Occupations"),
    ("21", "Community and Social Service Occupations"),
    ("23", "Legal Occupations"),
    ("25", "Educational Instruction and Library Occupations"),
    ("27", "Arts, Design, Entertainment, Sports, and Media Occupations"),
    ("29", "Healthcare Practitioners and Technical Occupations"),
    ("31", "Healthcare Support Occupations"),
    ("33", "Protective Service Occupations"),
    ("35", "Food Preparation and Serving Related Occupations"),
    ("37", "Building and Grounds Cleaning and Maintenance Occupations"),
    ("39", "Personal Care and Service Occupations"),
    ("41", "Sales and Related Occupations"),
    ("43", "Office and Administrative Support Occupations"),
    ("45", "Farming, Fishing, and Forestry Occupations"),
    ("47", "Construction and Extraction Occupations"),
    ("49", "Installation, Maintenance, and Repair Occupations"),
    ("51", "Production Occupations"),
    ("53", "Transportation and Material Moving Occupations"),
    ("55", "Military Specific Occupations"),
]

MAX_TITLES = 60        # per occupation in occupations.tsv
MAX_TITLE_LEN = 60     # drop very long alternate/reported titles
MAX_TASKS = 5


def git_blob(git_dir, commit, path):
    return subprocess.run(["git", "--git-dir", git_dir, "show", f"{commit}:{path}"],
                          check=True, capture_output=True).stdout


def load_sources(git_dir, check=True):
    data = {}
    for key, (commit, path) in SOURCES.items():
        blob = git_blob(git_dir, commit, path)
        digest = hashlib.sha256(blob).hexdigest()
        want = SHA256[key]
        if check and digest != want:
            sys.exit(f"sha256 mismatch for {commit}:{path}: got {digest}, want {want}")
        data[key] = blob
    return data


# --------------------------------------------------------------------------- xlsx
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def read_xlsx(blob):
    """Minimal reader for a single-sheet .xlsx (shared strings + inline values)."""
    z = zipfile.ZipFile(io.BytesIO(blob))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(_NS + "si"):
            shared.append("".join(t.text or "" for t in si.iter(_NS + "t")))
    rows = []
    for row in ET.fromstring(z.read("xl/worksheets/sheet1.xml")).iter(_NS + "row"):
        cells = {}
        for c in row.iter(_NS + "c"):
            col = 0
            for ch in re.match(r"[A-Z]+", c.get("r")).group(0):
                col = col * 26 + ord(ch) - 64
            t, v = c.get("t"), c.find(_NS + "v")
            if t == "s":
                val = shared[int(v.text)]
            elif t == "inlineStr":
                val = "".join(x.text or "" for x in c.iter(_NS + "t"))
            else:
                val = v.text if v is not None and v.text is not None else ""
            cells[col - 1] = val
        n = max(cells) + 1 if cells else 0
        rows.append([cells.get(i, "") for i in range(n)])
    return rows


def read_tsv(blob):
    lines = blob.decode("utf-8").rstrip("\n").split("\n")
    return [ln.rstrip("\r").split("\t") for ln in lines]


def as_dicts(rows):
    header = rows[0]
    out = []
    for r in rows[1:]:
        r = r + [""] * (len(header) - len(r))
        out.append(dict(zip(header, r)))
    return out


# ------------------------------------------------------------------------ titles
_WS = re.compile(r"\s+")
_PAREN = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


def norm(s):
    s = s.replace("\t", " ").replace("|", "/")
    return _WS.sub(" ", s).strip().lower()


def is_acronym(s):
    s = s.strip()
    return 2 <= len(s) <= 10 and " " not in s and sum(ch.isupper() for ch in s) >= 2


def variants(title, short=""):
    """Expand 'A (B)' into A and B (B only if it is a phrase or an acronym), plus short title."""
    out = []
    m = _PAREN.match(title.strip())
    if m and m.group(1):
        a, b = m.group(1), m.group(2)
        out.append(a)
        if " " in b.strip() or is_acronym(b):
            out.append(b)
    else:
        out.append(title)
    if short and short.lower() != "n/a":
        out.append(short)
    return [norm(x) for x in out if norm(x)]


def build_occupations(src):
    occ = as_dicts(read_tsv(src["occ"]))
    # sanity: text and Excel copies of Occupation Data agree (same release)
    occ_x = as_dicts(read_xlsx(src["occ_xlsx"]))
    a = [(r["O*NET-SOC Code"], r["Title"]) for r in occ]
    b = [(r["O*NET-SOC Code"], r["Title"]) for r in occ_x]
    if a != b:
        sys.exit("Occupation Data.txt and Occupation Data.xlsx disagree")

    reported = {}
    for r in as_dicts(read_tsv(src["reported"])):
        # 'Shown in My Next Move' = Y first (stable sort keeps file order otherwise)
        reported.setdefault(r["O*NET-SOC Code"], []).append(
            (0 if r["Shown in My Next Move"] == "Y" else 1, r["Reported Job Title"]))
    alt = {}
    alt_rows = as_dicts(read_xlsx(src["alt_xlsx"]))
    for i, r in enumerate(alt_rows):
        nsrc = len([s for s in r["Source(s)"].split(",") if s.strip()])
        alt.setdefault(r["O*NET-SOC Code"], []).append(
            (-nsrc, len(r["Alternate Title"]), i, r["Alternate Title"], r["Short Title"]))

    lines, skipped, total_titles = [], [], 0
    for r in occ:
        code, title = r["O*NET-SOC Code"], r["Title"]
        rep = [t for _, t in sorted(reported.get(code, []), key=lambda x: x[0])]
        alts = sorted(alt.get(code, []))
        if "All Other" in title and not rep and not alts:
            skipped.append(code)
            continue
        cands = variants(title)
        for t in rep:
            cands += variants(t)
        for _, _, _, t, short in alts:
            cands += variants(t, short)
        seen, titles = set(), []
        for i, t in enumerate(cands):
            if t in seen or (i > 0 and len(t) > MAX_TITLE_LEN):
                continue
            seen.add(t)
            titles.append(t)
            if len(titles) >= MAX_TITLES:
                break
        total_titles += len(titles)
        lines.append(f"{code}\t{title}\t{'|'.join(titles)}\n")
    stats = {"occupations_in_source": len(occ), "occupations_written": len(lines),
             "skipped_all_other_without_titles": skipped, "titles_written": total_titles,
             "alternate_title_rows": len(alt_rows), "reported_title_rows": sum(len(v) for v in reported.values())}
    return lines, stats


def build_tech(src):
    per = {}
    rows = as_dicts(read_tsv(src["tech"]))
    for r in rows:
        ex = r["Example"].replace("|", "/").replace("\t", " ").strip()
        if not ex:
            continue
        hot = r["Hot Technology"] == "Y"
        d = per.setdefault(r["O*NET-SOC Code"], {})
        d[ex] = d.get(ex, False) or hot
    lines, n = [], 0
    for code in sorted(per):
        items = sorted(per[code].items(), key=lambda kv: (not kv[1], kv[0].lower(), kv[0]))
        n += len(items)
        lines.append(code + "\t" + "|".join(e + ("*" if h else "") for e, h in items) + "\n")
    return lines, {"tech_rows": len(rows), "tech_occupations": len(lines), "tech_examples_written": n}


def build_tasks(src):
    per = {}
    for i, r in enumerate(as_dicts(read_tsv(src["tasks"]))):
        ttype = {"Core": 0, "Supplemental": 1}.get(r["Task Type"], 2)
        try:
            inc = -float(r["Incumbents Responding"])
        except ValueError:
            inc = 0.0
        task = r["Task"].replace("|", "/").replace("\t", " ").strip()
        per.setdefault(r["O*NET-SOC Code"], []).append((ttype, inc, i, task))
    lines = []
    for code in sorted(per):
        tasks = [t for *_, t in sorted(per[code])[:MAX_TASKS]]
        lines.append(code + "\t" + " | ".join(tasks) + "\n")
    return lines, {"task_occupations": len(lines)}


def write(path, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.writelines(lines)


def git_dir_from(ap, args):
    """--git-dir, else <--mirror-root or $MIRROR_ROOT>/REPO_DIR; exits with how to clone if none is given."""
    if args.git_dir:
        return args.git_dir
    if args.mirror_root:
        return os.path.join(args.mirror_root, REPO_DIR)
    gd = "DIR/" + REPO_DIR
    ap.error("\n".join([
        "no mirror root: pass --mirror-root DIR or set MIRROR_ROOT=DIR (or pass --git-dir GITDIR).",
        "DIR must hold a git clone of the source repository, containing both pinned commits. A bare clone",
        "is enough: the files are read with `git --git-dir=... show <commit>:<path>`. For example:",
        f"  git clone --bare https://github.com/{REPO} {gd}",
        f"  git --git-dir {gd} cat-file -e '{MAIN_COMMIT}^{{commit}}'",
        f"  git --git-dir {gd} cat-file -e '{TEXT_COMMIT}^{{commit}}'",
        "If cat-file fails, fetch the commit by id: git --git-dir <gitdir> fetch origin <commit>.",
        "See README.md next to this script."]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirror-root", metavar="DIR", default=os.environ.get("MIRROR_ROOT"),
                    help="directory holding the source's git clone at DIR/" + REPO_DIR + " (default: $MIRROR_ROOT)")
    ap.add_argument("--git-dir", metavar="GITDIR",
                    help="the source's git directory itself (wins over --mirror-root and $MIRROR_ROOT)")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--print-hashes", action="store_true",
                    help="print sha256 of the source blobs and exit (no verification)")
    args = ap.parse_args()
    args.git_dir = git_dir_from(ap, args)
    if args.print_hashes:
        for key, blob in load_sources(args.git_dir, check=False).items():
            print(key, hashlib.sha256(blob).hexdigest(), len(blob))
        return
    src = load_sources(args.git_dir)
    readme = src["readme"].decode("utf-8")
    if "O*NET 29.3 Database" not in readme:
        sys.exit("unexpected O*NET release in Read Me.txt")

    occ_lines, s1 = build_occupations(src)
    tech_lines, s2 = build_tech(src)
    task_lines, s3 = build_tasks(src)
    groups = {}
    for ln in occ_lines:
        groups[ln[:2]] = groups.get(ln[:2], 0) + 1
    known = {g for g, _ in MAJOR_GROUPS}
    if set(groups) - known:
        sys.exit(f"unknown major groups: {sorted(set(groups) - known)}")
    mg_lines = [f"{g}\t{name}\n" for g, name in MAJOR_GROUPS]

    write(os.path.join(args.out, "occupations.tsv"), occ_lines)
    write(os.path.join(args.out, "tech_skills.tsv"), tech_lines)
    write(os.path.join(args.out, "tasks.tsv"), task_lines)
    write(os.path.join(args.out, "major_groups.tsv"), mg_lines)
    for k, v in {**s1, **s2, **s3}.items():
        print(f"{k}: {v}")
    print("occupations per major group:", " ".join(f"{g}={n}" for g, n in sorted(groups.items())))


if __name__ == "__main__":
    main()
