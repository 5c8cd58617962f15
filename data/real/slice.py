#!/usr/bin/env python3
"""Builds the committed slice of real data, tests/fixtures/real/, from data/real/set/.

The slice is what CI evaluates on (tests/all/real_slice.rs): the postjobfree.com
resumes of sources/resumes3 (published under CC BY 3.0 by QiwenZz/resume_NER)
and the LinkedIn 2023 postings of sources/postings (Kaggle "LinkedIn Job
Postings 2023-2024" by arshkon, CC BY-SA 4.0). Before a resume is written, the
block above its first section heading (name, town, contact lines) is dropped,
and e-mail addresses and phone numbers are masked (they already are in the set).
Run after build.py.
"""
import json
import os
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SET = os.path.join(HERE, "set")
OUT = os.path.join(HERE, "..", "..", "tests", "fixtures", "real")
HEADINGS = re.compile(
    r"^\s*(summary|profile|professional summary|objective|career objective|goals and objectives|"
    r"experience|work experience|professional experience|employment|employment history|work history|"
    r"education|skills|qualifications|summary of qualifications|highlights|about me|overview)\b",
    re.I,
)
EMAIL = re.compile(r"\S+@\S+")
PHONE = re.compile(r"\+?\d[\d\s().-]{7,}\d")


def strip_contact_block(text):
    lines = text.splitlines()
    for i, line in enumerate(lines[:12]):
        if HEADINGS.match(line):
            return "\n".join(lines[i:])
    # No heading near the top: drop the first two lines, where the name and town sit.
    return "\n".join(lines[2:])


def main():
    labels = json.load(open(os.path.join(SET, "labels.json")))
    postings = [p for p in json.load(open(os.path.join(SET, "postings.json"))) if p["source"] == "linkedin2023"]
    cases = [c for c in labels["resumes"] if c["file"].startswith("resumes/resumes3/")]
    tmp = OUT + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(os.path.join(tmp, "resumes"))
    out_cases = []
    for c in cases:
        text = open(os.path.join(SET, c["file"]), encoding="utf-8").read()
        text = PHONE.sub("[phone]", EMAIL.sub("[email]", strip_contact_block(text)))
        name = os.path.basename(c["file"])
        with open(os.path.join(tmp, "resumes", name), "w", encoding="utf-8") as f:
            f.write(text.strip() + "\n")
        out_cases.append({"file": f"resumes/{name}", "occupation": c["occupation"]})
    occs = {c["occupation"] for c in out_cases}
    slice_labels = {"resumes": out_cases, "relevant": {o: labels["relevant"][o] for o in sorted(occs)}}
    with open(os.path.join(tmp, "labels.json"), "w") as f:
        json.dump(slice_labels, f, indent=1, sort_keys=True)
    keep = ["id", "title", "company", "description", "locations", "category"]
    with open(os.path.join(tmp, "postings.json"), "w") as f:
        json.dump([{k: p[k] for k in keep if k in p} for p in postings], f, ensure_ascii=False, indent=0)
    shutil.copyfile(os.path.join(HERE, "SLICE.md"), os.path.join(tmp, "README.md"))
    shutil.rmtree(OUT, ignore_errors=True)
    os.rename(tmp, OUT)
    print(f"{len(out_cases)} resumes in {len(occs)} occupations, {len(postings)} postings -> {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
