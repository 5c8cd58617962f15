#!/usr/bin/env python3
"""Rebuild resumes/ and labels.json for the second-pass set from pinned sources.

Usage: python3 build.py --mirror-root DIR [--out DIR]
       (or set MIRROR_ROOT=DIR instead of --mirror-root; the argument wins)

Reads each source file with `git --git-dir <mirror root>/<owner>+<name>/repo show <commit>:<path>`
(any clone containing the pinned commit; a bare clone is enough, see README.md), checks its sha256
and aborts on mismatch.
Standard library only. .docx text is taken from word/document.xml (paragraph per line).
Deduplicates against itself and against ../resumes/resumes/*.txt (first pass).
"""
import argparse, hashlib, html, io, json, os, re, shutil, subprocess, sys, unicodedata, zipfile

SRC = {
    "vanetik_cv": {
        "repo": "NataliaVanetik/vacancy-resume-matching-dataset",
        "mirror_dir": "NataliaVanetik+vacancy-resume-matching-dataset",
        "commit": "a830fb2edf05331d16072923b96a3152a9bb8856",
        "license": "GPL-3.0 (repo LICENSE file)",
    },
}
# file -> (occupation, sha256). Occupation hand-assigned from each CV's own headline.
VANETIK = {
 1: ("fullstack_developer", "97ea8f68a1980096051cfaf4b67854967720b693a2c7b3ee5e8bea2ca3249db2"),
 2: ("fullstack_developer", "9352f408868361f4c94bc7c7315beefa1a16189ece528b7305e366897e486875"),
 3: ("fullstack_developer", "08b5730f480ec1682d793a6a07d96a31a32fd782ce58164008d2a3fb4fe60e06"),
 5: ("fullstack_developer", "a8467a72215a723f0832b5ebcba300ed5d713c6f13d3fd109059f69a63562225"),
 6: ("fullstack_developer", "20c211435ce3aa684d98000ddc15c3bd8ff1734b43de393d016e70c8e04bbd2d"),
 19: ("fullstack_developer", "90b3713df35065e5babbf95541a07ab237cc98e7ab2744654dd738ceebe4e1dd"),
 20: ("fullstack_developer", "65624dddeb91462b171a40b1ac8406112abb7842a1a437ef08495defa072036e"),
 28: ("fullstack_developer", "8695b58c2e1e1a17270bc8b8dbf99bf1b905242d2dba07caacc8556c2bde347a"),
 31: ("fullstack_developer", "930bd8297696576fe7d0ebb00acb892103d983a33f69eba8793f89817744116b"),
 34: ("fullstack_developer", "769de5f38ce310195ee521374066ca4ae0c0608694902e318b7cf5734c458358"),
 40: ("fullstack_developer", "c30bcd88cca47f8221e4e3b901494fef16407b44765f0233a503c4c103c6bae2"),
 41: ("fullstack_developer", "cdc273c5c1ff1f8ad295dcb59bf1206f3f06d40a2f873132c109bcc9a7ca5d71"),
 49: ("fullstack_developer", "0a74fe5bbcb8f47436915d7396ca07d40af4ade116099c11394adc808d7f30c7"),
 55: ("fullstack_developer", "be8bd0f8c164821a2f0fa46ac3062e1df79fffcf112c322b3c78f80137049960"),
 7: ("frontend_developer", "29a1196feb8cfaeb5dc9db35de9738e1b934606a71c65bf0628dd68e4c99ce9a"),
 9: ("frontend_developer", "7da853eb897134efc123da081a62aa2350376d80c0ee4a21ab7f15ae925a5121"),
 10: ("frontend_developer", "a1c3877a5da460f8ed51c45e3c8be2b03c7bafeba789649beb1f36161f689654"),
 13: ("frontend_developer", "ab204a3bb4634112e5cabc29a7368b54cefc76ffbfa6ebaafa89c118fc3f4eab"),
 15: ("frontend_developer", "e9c8c8abecdb44adf388d7367d936b39896daf696bb2bf6e041db4cde807241e"),
 17: ("frontend_developer", "7103f72150f4523117a5b217397e37768f92adf12833242d8b1aae9545d762cb"),
 29: ("frontend_developer", "7e8cd20d4f137af5868beee6f4c8649d88f3bc6716cb74f53ceb6f2de534cf89"),
 30: ("frontend_developer", "5cf5bf278dd6e8c5e05f325dc70d10f34876eef554da6c1d6af564455ca45134"),
 37: ("frontend_developer", "57f2a797b08cf7dd2c16b61c3d5239a2bc1241714a39a6ff3428c37ed78e39ff"),
 60: ("frontend_developer", "ce1bebeb9a7a0941b3b9c5be3d96979a8e310820ac3d5014150e50d1174d57d6"),
 61: ("frontend_developer", "3f82b40d2be78b9116ad8c5191778db19972a4545755a430bfc7e1c332574c34"),
 63: ("frontend_developer", "858e309a902311a19f2c01791bc874c8cf47022cec2d07c00ab3ef8a0a9e2cb8"),
 64: ("frontend_developer", "1f65b6a23935d2d52fd832244ae3612de71abaf5f91582bfb107e8eb62c29252"),
}
MIN_WORDS, MIN_PER_OCC, K, NEAR_DUP = 80, 12, 5, 0.90

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)(\+?\d[\d\s().-]{8,}\d)(?!\w)")

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

def git_show(root, src, path, sha):
    gd = os.path.join(root, src["mirror_dir"], "repo")
    b = subprocess.run(["git", "--git-dir", gd, "show", "%s:%s" % (src["commit"], path)],
                       check=True, capture_output=True).stdout
    h = hashlib.sha256(b).hexdigest()
    if h != sha:
        sys.exit("sha256 mismatch %s:%s %s != %s" % (src["repo"], path, h, sha))
    return b

def docx_text(b):
    xml = zipfile.ZipFile(io.BytesIO(b)).read("word/document.xml").decode("utf8")
    out = []
    for p in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
        p = p.replace("<w:tab/>", "\t").replace("<w:br/>", "\n")
        out.append("".join(re.findall(r"<w:t(?: [^>]*)?>(.*?)</w:t>", p, flags=re.S)))
    return html.unescape("\n".join(out))

def clean(t):
    t = unicodedata.normalize("NFC", t).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    t = EMAIL.sub("[email]", t)
    t = PHONE.sub(lambda m: "[phone]" if sum(c.isdigit() for c in m.group(0)) >= 9 else m.group(0), t)
    t = "\n".join(re.sub(r"[ \t\f\v]+", " ", l).strip() for l in t.split("\n"))
    t = re.sub(r"^\*{3,}$", "", t, flags=re.M)   # source's own anonymisation stars on a line alone
    return re.sub(r"\n{3,}", "\n\n", t).strip()

def strip_label(t, labels):
    first, _, rest = t.partition("\n")
    n = lambda s: re.sub(r"[^a-z]", "", s.lower())
    return rest.strip() if any(n(first) == n(l) for l in labels) else t

def key(t): return hashlib.sha256(" ".join(t.lower().split()).encode()).hexdigest()
def sh(t):
    w = re.findall(r"\w+", t.lower())
    return {" ".join(w[i:i + K]) for i in range(max(0, len(w) - K + 1))}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirror-root", metavar="DIR", default=os.environ.get("MIRROR_ROOT"),
                    help="directory holding a git clone of each source at DIR/<owner>+<name>/repo "
                         "(default: $MIRROR_ROOT; one of the two is required)")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--first-pass", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resumes", "resumes"))
    a = ap.parse_args()
    if not a.mirror_root:
        no_mirror_root(ap, [(s["repo"], s["mirror_dir"], [s["commit"]]) for s in SRC.values()])
    seen_k, seen_s = set(), []
    fp = sorted(os.listdir(a.first_pass)) if os.path.isdir(a.first_pass) else []
    for f in fp:
        t = open(os.path.join(a.first_pass, f), encoding="utf8").read()
        seen_k.add(key(t)); seen_s.append(sh(t))
    n_first = len(seen_s)
    kept, stats = [], {"short": 0, "exact_dup": 0, "near_dup": 0}
    src = SRC["vanetik_cv"]
    for i in sorted(VANETIK):
        occ, sha = VANETIK[i]
        path = "CV/%d.docx" % i
        t = strip_label(clean(docx_text(git_show(a.mirror_root, src, path, sha))), [occ.replace("_", " ")])
        if len(t.split()) < MIN_WORDS: stats["short"] += 1; continue
        k = key(t)
        if k in seen_k: stats["exact_dup"] += 1; continue
        s = sh(t)
        if any(s and o and len(s & o) / min(len(s), len(o)) > NEAR_DUP for o in seen_s):
            stats["near_dup"] += 1; continue
        seen_k.add(k); seen_s.append(s)
        kept.append({"occupation": occ, "source": "vanetik_cv", "source_path": path, "text": t, "k": k})
    counts = {}
    for r in kept: counts[r["occupation"]] = counts.get(r["occupation"], 0) + 1
    kept = [r for r in kept if counts[r["occupation"]] >= MIN_PER_OCC]
    od = os.path.join(a.out, "resumes")
    shutil.rmtree(od, ignore_errors=True); os.makedirs(od)
    labels, n = [], {}
    for r in sorted(kept, key=lambda r: (r["occupation"], r["k"])):
        n[r["occupation"]] = n.get(r["occupation"], 0) + 1
        fn = "resumes/%s_%03d.txt" % (r["occupation"], n[r["occupation"]])
        open(os.path.join(a.out, fn), "w", encoding="utf8").write(r["text"] + "\n")
        labels.append({"file": fn, "occupation": r["occupation"], "source": r["source"], "source_path": r["source_path"]})
    json.dump({"resumes": labels, "sources": SRC}, open(os.path.join(a.out, "labels.json"), "w"), indent=1)
    print("first-pass files compared:", n_first, "| dropped:", stats, "| kept:", n)

if __name__ == "__main__":
    main()
