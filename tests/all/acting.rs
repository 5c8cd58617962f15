//! Acting on a ranking, through the real binary with the real model: `show`
//! (against the seed page), `rank` (the same score as `match`, postings from
//! files and job descriptions), `gaps`, exclusions, `--new` and the funnel
//! of filters.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{filtr_with_model, json_lines, model_dir, repo};
use crate::seed_posting::seed_page;
use predicates::str::contains;

struct Run {
    cache: tempfile::TempDir,
}

impl Run {
    fn new() -> Run {
        Run {
            cache: tempfile::tempdir().unwrap(),
        }
    }

    fn cmd(&self) -> assert_cmd::Command {
        let mut c = filtr_with_model(self.cache.path(), &model_dir());
        c.current_dir(repo());
        c
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).assert().success().get_output().stdout.clone();
        String::from_utf8(out).unwrap()
    }

    fn json(&self, args: &[&str]) -> Vec<serde_json::Value> {
        json_lines(self.ok(args).as_bytes())
    }

    fn write(&self, name: &str, text: &str) -> String {
        let p = self.cache.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    }
}

/// Text output's sections: each heading and its items, wrapped lines joined.
fn text_sections(text: &str) -> Vec<(String, Vec<String>)> {
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if let Some(item) = line
            .strip_prefix("  • ")
            .or_else(|| line.strip_prefix("  ✓ "))
            .or_else(|| line.strip_prefix("  ✗ "))
            .or_else(|| line.strip_prefix("  · "))
        {
            if let Some(s) = sections.last_mut() {
                s.1.push(item.to_string());
            }
        } else if let Some(more) = line.strip_prefix("    ") {
            if let Some(last) = sections.last_mut().and_then(|s| s.1.last_mut()) {
                last.push(' ');
                last.push_str(more);
            }
        } else if ["Requirements", "Responsibilities", "Other"].contains(&line) {
            sections.push((line.to_string(), Vec::new()));
        }
    }
    sections
}

#[test]
fn show_prints_the_seed_posting_as_the_board_shows_it() {
    let run = Run::new();
    let page = seed_page();
    let v = &run.json(&["show", "pinterest-ml-ts", "--format", "json"])[0];
    let p = &v["posting"];
    assert_eq!(p["title"], page.title.as_str());
    assert_eq!(p["company"], page.company.as_str());
    assert_eq!(p["salary"]["min"].as_f64(), Some(page.salary.0));
    assert_eq!(p["salary"]["max"].as_f64(), Some(page.salary.1));
    assert_eq!(p["posted"], page.posted.as_str());
    assert_eq!(p["locations"], serde_json::json!(page.locations));
    assert_eq!(p["description"], page.summary.as_str());
    for (heading, items) in &page.sections {
        assert_eq!(p[heading.to_lowercase()], serde_json::json!(items), "{heading}");
    }

    // The text: the board's header lines in its order, then its sections and items, unwrapped.
    let text = run.ok(&["show", "pinterest-ml-ts"]);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(
        lines.iter().all(|l| l.chars().count() <= 80),
        "wrapped to 80 columns off a terminal:\n{text}"
    );
    let head: Vec<&str> = lines.iter().copied().take(6).collect();
    let title_lines = page.title.len().div_ceil(80);
    assert_eq!(
        head[title_lines..title_lines + 4],
        [
            page.company.as_str(),
            "$249,900 - $480,238",
            "Nov 5, 2025",
            "San Francisco, CA, US • Remote, US",
        ]
    );
    assert_eq!(text_sections(&text), page.sections, "sections in the board's order");
    assert!(!text.contains("Apply Now"), "the page links nowhere, so no apply line");

    let md = run.ok(&["show", "pinterest-ml-ts", "--format", "markdown"]);
    assert!(
        md.starts_with("# Principal Machine Learning Engineer, Trust & Safety\n"),
        "{md}"
    );
    let at = |h: &str| md.find(h).unwrap_or_else(|| panic!("no {h}:\n{md}"));
    assert!(at("## Requirements") < at("## Responsibilities") && at("## Responsibilities") < at("## Other"));
}

#[test]
fn show_marks_each_requirement_against_a_resume() {
    let run = Run::new();
    let marks = |resume: &str| -> Vec<serde_json::Value> {
        let v = &run.json(&["show", "pinterest-ml-ts", "--resume", resume, "--format", "json"])[0];
        let checks = v["requirements_checked"].as_array().unwrap().clone();
        assert_eq!(checks.len(), 3, "one check per requirement line");
        for c in &checks {
            let lacks = c["lacks"].as_array().unwrap();
            if c["met"] == true {
                assert!(lacks.is_empty(), "{c}");
            }
            if !lacks.is_empty() {
                assert_eq!(c["met"], false, "{c}");
            }
        }
        checks
    };
    let met = |checks: &[serde_json::Value]| checks.iter().filter(|c| c["met"] == true).count();
    let ml = marks("data/resumes/ml_trust_safety.pdf");
    let cook = marks("data/resumes/line_cook.txt");
    assert!(met(&ml) > met(&cook), "the ML resume meets more: {ml:?} vs {cook:?}");
    assert!(cook.iter().any(|c| c["met"] == false), "{cook:?}");
    let text = run.ok(&["show", "pinterest-ml-ts", "--resume", "data/resumes/line_cook.txt"]);
    let req = &text_sections(&text)[0];
    assert_eq!(req.0, "Requirements");
    assert!(text.contains("  ✗ "), "{text}");
    assert!(text.contains("lacks "), "{text}");
}

#[test]
fn show_an_unknown_id_suggests_the_closest() {
    let run = Run::new();
    run.cmd()
        .args(["show", "pinterest-ml"])
        .assert()
        .failure()
        .stderr(contains("no posting has id \"pinterest-ml\""))
        .stderr(contains("\"pinterest-ml-ts\""));
}

/// Each resume's fused score and signals for `id`, as `match` reports them.
fn match_scores(run: &Run, id: &str) -> Vec<(String, serde_json::Value)> {
    run.json(&[
        "match",
        "data/resumes",
        "--top",
        "5000",
        "--no-dedup",
        "--format",
        "json",
    ])
    .into_iter()
    .map(|r| {
        let m = r["matches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .unwrap_or_else(|| panic!("{id} not ranked for {}", r["resume"]))
            .clone();
        (r["resume"].as_str().unwrap().to_string(), m)
    })
    .collect()
}

#[test]
fn rank_gives_each_resume_the_score_match_gives() {
    let run = Run::new();
    for id in ["pinterest-ml-ts", "p00003"] {
        assert!(
            filtr::postings::Corpus::bundled().unwrap().find(id).is_some(),
            "{id} is bundled"
        );
        let by_match = match_scores(&run, id);
        let v = &run.json(&["rank", id, "data/resumes", "--top", "100", "--format", "json"])[0];
        let candidates = v["candidates"].as_array().unwrap();
        assert_eq!(candidates.len(), by_match.len(), "every resume ranked");
        let scores: Vec<f64> = candidates.iter().map(|c| c["score"].as_f64().unwrap()).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
        for (resume, m) in &by_match {
            let c = candidates
                .iter()
                .find(|c| Path::new(c["candidate"].as_str().unwrap()) == Path::new(resume))
                .unwrap_or_else(|| panic!("{resume} not in rank's output"));
            assert_eq!(c["score"], m["score"], "{resume} for {id}");
            assert_eq!(c["signals"], m["signals"], "{resume} for {id}");
            assert_eq!(c["explanation"]["missing_skills"], m["explanation"]["missing_skills"]);
            assert_eq!(c["id"], id);
        }
    }
}

#[test]
fn rank_reads_job_descriptions_and_posting_files() {
    let run = Run::new();
    let md = run.write(
        "nurse.md",
        "# Registered Nurse, Cardiac Step-Down\n\nCompany: Mercy Hospital\nLocation: Pittsburgh, PA\n\n\
         ## Requirements\n- Active RN license\n- BLS and ACLS certification\n- 2+ years of acute care nursing\n\n\
         ## Responsibilities\n- Telemetry monitoring and medication administration\n- Patient and family education\n",
    );
    let v = &run.json(&["rank", &md, "data/resumes", "--format", "json"])[0];
    assert_eq!(v["posting_source"], md.as_str());
    assert_eq!(v["corpus"], "<bundled corpus>");
    let first = &v["candidates"][0];
    assert!(
        first["candidate"].as_str().unwrap().ends_with("registered_nurse.docx"),
        "{first}"
    );
    assert_eq!(first["title"], "Registered Nurse, Cardiac Step-Down");
    assert_eq!(first["company"], "Mercy Hospital");

    // The same description as HTML, and from stdin.
    let html = run.write(
        "nurse.html",
        "<html><body><h1>Registered Nurse, Cardiac Step-Down</h1><h2>Requirements</h2><ul><li>Active RN license</li>\
         <li>BLS and ACLS certification</li></ul></body></html>",
    );
    let v = &run.json(&["rank", &html, "data/resumes", "--format", "json"])[0];
    assert!(v["candidates"][0]["candidate"]
        .as_str()
        .unwrap()
        .ends_with("registered_nurse.docx"));
    let out = run
        .cmd()
        .args(["rank", "-", "data/resumes", "--format", "json"])
        .write_stdin(std::fs::read_to_string(&md).unwrap())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(json_lines(&out)[0]["posting_source"], "stdin");

    // A file holding one posting of a corpus format; one holding several needs --id.
    let two = run.write(
        "two.json",
        r#"[{"id":"cook-1","title":"Line Cook","requirements":["ServSafe certification","Knife skills"]},
            {"id":"dev-1","title":"Backend Engineer","requirements":["Go","PostgreSQL","Kubernetes"]}]"#,
    );
    run.cmd()
        .args(["rank", &two, "data/resumes"])
        .assert()
        .failure()
        .stderr(contains("holds 2 postings"))
        .stderr(contains("--id"));
    let v = &run.json(&["rank", &two, "data/resumes", "--id", "cook-1", "--format", "json"])[0];
    assert_eq!(v["posting"], "cook-1");
    assert!(v["candidates"][0]["candidate"]
        .as_str()
        .unwrap()
        .ends_with("line_cook.txt"));
    let v = &run.json(&["rank", &two, "data/resumes", "--id", "dev-1", "--format", "json"])[0];
    assert!(v["candidates"][0]["candidate"]
        .as_str()
        .unwrap()
        .ends_with("backend_engineer.pdf"));
}

#[test]
fn rank_table_and_csv_name_the_candidates() {
    let run = Run::new();
    let table = run.ok(&["rank", "pinterest-ml-ts", "data/resumes", "--top", "8"]);
    assert!(
        table.starts_with(
            "Principal Machine Learning Engineer, Trust & Safety — Pinterest (pinterest-ml-ts): top 8 of 8 candidates"
        ),
        "{table}"
    );
    assert!(table.contains("Kowalczyk"), "{table}");
    let v = &run.json(&["rank", "pinterest-ml-ts", "data/resumes", "--format", "json"])[0];
    let names: Vec<(&str, &str)> = v["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| Some((c["candidate"].as_str()?, c["name"].as_str()?)))
        .collect();
    assert!(
        names.contains(&("data/resumes/electrician.txt", "Travis Kowalczyk")),
        "the name from electrician.txt's first line: {names:?}"
    );
    assert!(
        names.contains(&("data/resumes/registered_nurse.docx", "Angela Whitfield")),
        "{names:?}"
    );
    // Resume cuts are cached; a damaged cache is cut again, to the same result.
    let cuts = std::fs::read_dir(run.cache.path().join("index"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name().unwrap().to_string_lossy().starts_with("resume-cuts-")
                && p.extension().is_some_and(|e| e == "bin")
        })
        .expect("a resume-cuts file");
    let mut bytes = std::fs::read(&cuts).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    std::fs::write(&cuts, &bytes).unwrap();
    let again = &run.json(&["rank", "pinterest-ml-ts", "data/resumes", "--format", "json"])[0];
    assert_eq!(again["candidates"], v["candidates"]);
    assert_ne!(std::fs::read(&cuts).unwrap(), bytes, "the damaged cache was rewritten");
    assert!(
        table.contains("scored with the statistics of <bundled corpus>"),
        "{table}"
    );
    let csv = run.ok(&["rank", "pinterest-ml-ts", "data/resumes", "--format", "csv"]);
    let mut rows = csv.lines();
    let header = rows.next().unwrap();
    assert!(
        header.starts_with("candidate,rank,score,id,title,") && header.ends_with(",name,level,years"),
        "{header}"
    );
    assert_eq!(rows.count(), 8);
    let explained = run.ok(&["rank", "pinterest-ml-ts", "data/resumes", "--top", "2", "--explain"]);
    assert!(
        explained.contains("  1. ") && explained.contains("  2. ") && !explained.contains("  3. "),
        "{explained}"
    );
}

#[test]
fn rank_bad_input_gets_clear_errors() {
    let run = Run::new();
    let empty = run.write("empty.md", "  \n\n");
    run.cmd()
        .args(["rank", &empty, "data/resumes"])
        .assert()
        .failure()
        .stderr(contains("empty.md"))
        .stderr(contains("empty"));
    run.cmd()
        .args(["rank", "pinterest-ml", "data/resumes"])
        .assert()
        .failure()
        .stderr(contains("\"pinterest-ml-ts\""));
    // A broken resume is reported; the others are still ranked.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("data/resumes/line_cook.txt"), dir.path().join("cook.txt")).unwrap();
    std::fs::write(dir.path().join("broken.pdf"), b"%PDF-1.7\nnot really").unwrap();
    let out = run
        .cmd()
        .args([
            "rank",
            "pinterest-ml-ts",
            dir.path().to_str().unwrap(),
            "--format",
            "json",
        ])
        .assert()
        .failure()
        .stderr(contains("broken.pdf"))
        .get_output()
        .stdout
        .clone();
    let v = &json_lines(&out)[0];
    assert_eq!(v["candidates"].as_array().unwrap().len(), 1);
}

#[test]
fn gaps_count_what_the_top_matches_ask_for() {
    let run = Run::new();
    let resume = "data/resumes/backend_engineer.pdf";
    let v = &run.json(&["gaps", resume, "--top", "20", "--format", "json"])[0];
    assert_eq!(v["top"], 20);
    let top = &run.json(&["match", resume, "--top", "20", "--format", "json"])[0]["matches"];
    let top = top.as_array().unwrap();
    let missing_required = v["missing_required"].as_array().unwrap();
    assert!(!missing_required.is_empty());
    for d in missing_required {
        let skill = d["skill"].as_str().unwrap();
        let asking: BTreeSet<&str> = top
            .iter()
            .filter(|m| {
                m["explanation"]["missing_skills"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s == skill)
            })
            .map(|m| m["id"].as_str().unwrap())
            .collect();
        let said: BTreeSet<&str> = d["required_by"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(said, asking, "{skill}: the postings whose explanation lacks it");
        assert!(d["gain"].as_f64().unwrap() >= 0.0);
    }
    let gains: Vec<f64> = missing_required.iter().map(|d| d["gain"].as_f64().unwrap()).collect();
    assert!(gains.windows(2).all(|w| w[0] >= w[1]), "biggest gain first: {gains:?}");
    assert!(gains[0] > 0.0, "learning the most asked skill raises some score");
    for d in v["strengths"].as_array().unwrap() {
        let skill = d["skill"].as_str().unwrap();
        assert!(
            top.iter().any(|m| m["explanation"]["matched_skills"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s == skill)),
            "{skill} is a skill the resume has and a top match asks for"
        );
    }
    let text = run.ok(&["gaps", resume, "--remote"]);
    assert!(text.contains("Missing, required") && text.contains("of 20"), "{text}");
}

/// Postings of the bundled corpus a phrase excludes from a field.
fn bundled_count(f: impl Fn(&filtr::postings::Posting) -> bool) -> usize {
    filtr::postings::Corpus::bundled()
        .unwrap()
        .postings
        .iter()
        .filter(|p| f(p))
        .count()
}

#[test]
fn exclusions_hide_postings_and_are_counted() {
    let run = Run::new();
    let resume = "data/resumes/registered_nurse.docx";
    let first = &run.json(&["match", resume, "--format", "json", "--no-dedup"])[0];
    let company = first["matches"][0]["company"].as_str().unwrap().to_string();
    let of_company = bundled_count(|p| {
        p.company
            .as_deref()
            .is_some_and(|c| filtr::rank::filters::has_phrase(c, &company))
    });
    let v = &run.json(&[
        "match",
        resume,
        "--format",
        "json",
        "--no-dedup",
        "--exclude-company",
        &company.to_uppercase(),
    ])[0];
    assert_eq!(v["excluded"], of_company);
    assert!(v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["company"] != company.as_str()));
    let table = run.ok(&["match", resume, "--no-dedup", "--exclude-company", &company]);
    assert!(table.contains(&format!("{of_company} excluded")), "{table}");

    // Whole words: "nurse" hides "Registered Nurse" titles, not "Nursery" ones.
    let nurse = bundled_count(|p| filtr::rank::filters::has_phrase(&p.title, "nurse"));
    assert!(nurse > 10);
    let v = &run.json(&[
        "match",
        resume,
        "--format",
        "json",
        "--no-dedup",
        "--exclude-title",
        "Nurse",
        "--top",
        "50",
    ])[0];
    assert_eq!(v["excluded"], nurse);
    assert!(v["matches"].as_array().unwrap().iter().all(|m| !m["title"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "nurse")));

    // The config file's lists add to the flags.
    let config = run.write(
        "config.toml",
        &format!("exclude-company = [{company:?}]\nexclude-word = [\"telemetry\"]\n"),
    );
    let v = &run.json_with_env(
        &["match", resume, "--format", "json", "--no-dedup"],
        ("FILTR_CONFIG", &config),
    )[0];
    let telemetry = bundled_count(|p| {
        p.company
            .as_deref()
            .is_some_and(|c| filtr::rank::filters::has_phrase(c, &company))
            || [
                p.title.as_str(),
                p.company.as_deref().unwrap_or(""),
                p.description.as_str(),
            ]
            .into_iter()
            .chain(p.items())
            .any(|t| filtr::rank::filters::has_phrase(t, "telemetry"))
    });
    assert_eq!(v["excluded"], telemetry);
    assert!(telemetry > of_company);
    run.cmd()
        .args(["match", resume, "--exclude-word", "  "])
        .assert()
        .failure()
        .stderr(contains("--exclude-word"));
}

impl Run {
    fn json_with_env(&self, args: &[&str], env: (&str, &str)) -> Vec<serde_json::Value> {
        let out = self
            .cmd()
            .env(env.0, env.1)
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        json_lines(&out)
    }
}

#[test]
fn new_shows_only_what_was_not_shown_before() {
    let run = Run::new();
    let resume = "data/resumes/accountant.pdf";
    let ids = |v: &serde_json::Value| -> BTreeSet<String> {
        v["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_string())
            .collect()
    };
    let first = ids(&run.json(&["match", resume, "--new", "--top", "5", "--format", "json"])[0]);
    let second = &run.json(&["match", resume, "--new", "--top", "5", "--format", "json"])[0];
    assert_eq!(first.len(), 5);
    assert!(
        ids(second).is_disjoint(&first),
        "the second run shows only new postings"
    );
    let seen_step = second["filters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["filter"] == "--new")
        .unwrap()
        .clone();
    assert_eq!(second["considered"], seen_step["kept"]);
    // Without --new nothing is hidden; --forget starts afresh.
    let plain = ids(&run.json(&["match", resume, "--top", "5", "--format", "json"])[0]);
    assert_eq!(plain, first);
    let again = ids(&run.json(&["match", resume, "--new", "--forget", "--top", "5", "--format", "json"])[0]);
    assert_eq!(again, first);

    // A damaged seen-state file is reported and rebuilt.
    let dir = run.cache.path().join("seen");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .expect("a seen-postings file");
    std::fs::write(&file, b"{\"version\": 1, \"seen\": [").unwrap();
    let out = run
        .cmd()
        .args(["match", resume, "--new", "--top", "5", "--format", "json"])
        .assert()
        .success()
        .stderr(contains("damaged"))
        .get_output()
        .stdout
        .clone();
    assert_eq!(ids(&json_lines(&out)[0]), first, "a lost state shows everything again");
    let rebuilt: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(rebuilt["seen"].as_array().unwrap().len(), 5);
}

#[test]
fn when_filters_leave_too_few_they_say_which_removed_how_many() {
    let run = Run::new();
    let resume = "data/resumes/teacher.docx";
    let remote = run.json(&["match", resume, "--remote", "--top", "5000", "--format", "json"])[0]["considered"]
        .as_u64()
        .unwrap();
    let table = run.ok(&["match", resume, "--remote", "--min-salary", "900k"]);
    assert!(
        table.contains("no posting passes the filters: 0 of 1,600 left: --remote kept"),
        "{table}"
    );
    assert!(
        table.contains(&format!("--remote kept {remote}, then --min-salary 900k kept 0")),
        "{table}"
    );
    let v = &run.json(&["match", resume, "--remote", "--min-salary", "900k", "--format", "json"])[0];
    let kept: Vec<u64> = v["filters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kept"].as_u64().unwrap())
        .collect();
    assert_eq!(kept.last(), Some(&0));
    assert!(kept.windows(2).all(|w| w[0] >= w[1]), "{kept:?}");
    // Fewer than --top: the table says why.
    let few = run.ok(&["match", resume, "--remote", "--min-salary", "200k", "--top", "100"]);
    assert!(few.contains("only ") && few.contains("--min-salary 200k kept"), "{few}");
}
