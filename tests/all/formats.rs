//! Real-world posting formats, checked field by field against
//! `tests/fixtures/formats/README.md`, and the corpus commands of the binary.

use std::path::PathBuf;

use crate::common::{filtr, json_lines};
use filtr::postings::{Corpus, CorpusFormat, Period, Posting};

fn fixture(name: &str) -> PathBuf {
    crate::common::repo().join("tests/fixtures/formats").join(name)
}

fn load(name: &str) -> Corpus {
    let c = Corpus::load(&fixture(name), None, false).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(c.skipped.is_empty(), "{name}: {:?}", c.skipped);
    c
}

/// (id, title, company, salary as "min-max CUR period" or "none", locations, remote, posted)
type Expected<'a> = (&'a str, &'a str, &'a str, &'a str, &'a [&'a str], bool, Option<&'a str>);

fn salary(p: &Posting) -> String {
    match &p.salary {
        None => "none".into(),
        Some(s) => format!(
            "{}-{} {} {}",
            s.min.map_or("?".into(), |v| v.to_string()),
            s.max.map_or("?".into(), |v| v.to_string()),
            s.currency.as_deref().unwrap_or("?"),
            s.period.name()
        ),
    }
}

fn check(c: &Corpus, expected: &[Expected]) {
    assert_eq!(c.postings.len(), expected.len(), "{}", c.name);
    for (p, (id, title, company, pay, locations, remote, posted)) in c.postings.iter().zip(expected) {
        assert_eq!(p.id, *id);
        assert_eq!(p.title, *title, "{id}");
        assert_eq!(p.company.as_deref(), Some(*company), "{id}");
        assert_eq!(salary(p), *pay, "{id}");
        assert_eq!(p.locations, *locations, "{id}");
        assert_eq!(p.remote, *remote, "{id}");
        assert_eq!(p.posted.as_deref(), *posted, "{id}");
        assert!(
            !p.description.contains("<p>") && !p.description.contains("<li>"),
            "{id}: {}",
            p.description
        );
        assert!(
            !p.description.contains("**") && !p.description.contains("&amp;"),
            "{id}: {}",
            p.description
        );
    }
}

#[test]
fn jobspy_csv() {
    let c = load("jobspy.csv");
    assert_eq!(c.format, CorpusFormat::Jobspy);
    check(
        &c,
        &[
            (
                "gd-1009621847302",
                "Staff Accountant",
                "Whitfield, Orr & Company, LLP",
                "62000-78000 USD year",
                &["Columbus, OH, USA"],
                false,
                Some("2025-03-10"),
            ),
            (
                "go-eyJqb2JfdGl0bGUiOiJMaW5lIENvb2siLCJodGlkb2NpZCI6IjdRcGJ0In0",
                "Line Cook - Grill & Sauté",
                "Juniper & Salt Kitchen",
                "none",
                &["Austin, TX, USA"],
                false,
                Some("2025-03-13"),
            ),
            (
                "in-8c2f1d7a94be03e1",
                "Journeyman Electrician",
                "Brightline Electric Co.",
                "28.5-34 USD hour",
                &["Denver, CO, USA"],
                false,
                Some("2025-03-19"),
            ),
            (
                "in-3b9e0a6c2d71f458",
                "Teacher of Science (Chemistry)",
                "Harrow Park Academy Trust",
                "38000-46500 GBP year",
                &["London, England, UK"],
                false,
                Some("2025-03-11"),
            ),
            (
                "in-a41d77e0c95b2f6a",
                "Registered Nurse - ICU (Nights)",
                "St. Catherine Regional Medical Center",
                "84000-112000 USD year",
                &["Tacoma, WA, USA"],
                false,
                Some("2025-03-09"),
            ),
            (
                "in-5d0b9c3e17fa6284",
                "Journeyman Electrician",
                "Brightline Electric Co.",
                "28.5-34 USD hour",
                &["Denver, CO, USA"],
                false,
                Some("2025-03-05"),
            ),
            // The only salary is in the description text.
            (
                "li-4172093385",
                "Data Scientist",
                "Meridian Health Analytics",
                "95000-120000 USD year",
                &["New York, NY, USA"],
                false,
                Some("2025-03-12"),
            ),
            (
                "zr-aW5kLTM4NzcyOTQ1LWNvYmFsdC1sZWRnZXI",
                "Senior Software Engineer, Backend",
                "Cobalt Ledger",
                "140000-175000 USD year",
                &[],
                true,
                Some("2025-03-14"),
            ),
        ],
    );
    assert_eq!(
        c.postings[0].url.as_deref(),
        Some("https://www.glassdoor.com/job-listing/j?jl=1009621847302")
    );
    // Markdown escapes are gone from the description.
    assert!(
        c.postings[0]
            .description
            .contains("Staff Accountant - Assurance & Advisory"),
        "{}",
        c.postings[0].description
    );
    // Row 6 is an older repost of row 3: hidden, row 3 (newer) kept.
    let hidden = filtr::postings::reposts(&c.postings);
    assert_eq!(hidden, [false, false, false, false, false, true, false, false]);
}

#[test]
fn jobspy_json_with_epoch_and_iso_dates() {
    let c = load("jobspy.json");
    assert_eq!(c.format, CorpusFormat::Jobspy);
    check(
        &c,
        &[
            (
                "in-f2a9c4e1b7d30586",
                "Travel Registered Nurse - Telemetry",
                "Pacific Crest Staffing",
                "2400-2850 USD week",
                &["Fresno, CA, USA"],
                false,
                Some("2025-03-14"),
            ),
            (
                "li-4168830217",
                "Senior Backend Engineer (Go)",
                "Tidewater Freight",
                "150000-185000 USD year",
                &[],
                true,
                Some("2025-03-13"),
            ),
            (
                "gd-1009634521178",
                "Data Analyst",
                "Carolina Mutual Credit Union",
                "85000-105000 USD year",
                &["Charlotte, NC, USA"],
                false,
                Some("2025-03-12"),
            ),
            (
                "go-eyJqb2JfdGl0bGUiOiIzcmQgR3JhZGUgVGVhY2hlciIsImh0aWRvY2lkIjoiUmJFMiJ9",
                "3rd Grade Teacher",
                "Twin Rivers Unified School District",
                "none",
                &["Sacramento, CA, USA"],
                false,
                Some("2025-03-10"),
            ),
            (
                "in-7e31b0d5c8a6f249",
                "Payroll Specialist",
                "Northvale Foods Ltd.",
                "5200-6100 CAD month",
                &["Toronto, ON, Canada"],
                false,
                Some("2025-03-07"),
            ),
        ],
    );
    let iso = load("jobspy_iso.json");
    check(
        &iso,
        &[
            (
                "in-c0d7e2a91f54b836",
                "Pharmacy Technician",
                "Desert Sage Pharmacy",
                "19-22.5 USD hour",
                &["Mesa, AZ, USA"],
                false,
                Some("2025-03-18"),
            ),
            (
                "li-4179925104",
                "Mechanical Design Engineer",
                "Buckeye Fluid Systems",
                "88000-112000 USD year",
                &["Dayton, OH, USA"],
                false,
                Some("2025-03-16"),
            ),
            (
                "zr-c3ViLXRlYWNoZXItd3ZzZC0yMDI1LXNwcmluZw",
                "Substitute Teacher (K-12)",
                "Willamette Valley School District",
                "165-190 USD day",
                &["Salem, OR, USA"],
                false,
                Some("2025-03-15"),
            ),
        ],
    );
}

#[test]
fn schema_org_single_graph_array_and_html() {
    let single = load("schema_org_single.json");
    assert_eq!(single.format, CorpusFormat::SchemaOrg);
    check(
        &single,
        &[(
            "LPT-2025-0147",
            "Physical Therapist - Outpatient Orthopedics",
            "Lakeside Physical Therapy & Sports Rehab",
            "85000-100000 USD year",
            &["Madison, WI, US"],
            false,
            Some("2025-03-06"),
        )],
    );
    let p = &single.postings[0];
    assert!(!p.requirements.is_empty() && !p.responsibilities.is_empty());
    assert!(
        p.description.contains('\u{2019}') && !p.description.contains("&rsquo;"),
        "{}",
        p.description
    );

    check(
        &load("schema_org_graph.json"),
        &[
            (
                "REQ-88412",
                "Clinical Documentation Integrity Specialist (RN) - Remote",
                "Ridgeline Health Partners",
                "42-42 USD hour",
                &[],
                true,
                Some("2025-03-05"),
            ),
            (
                "https://careers.ridgelinehealth.org/jobs/facilities-maintenance-electrician/",
                "Facilities Maintenance Electrician",
                "Ridgeline Health Partners",
                "31-39.5 USD hour",
                &["Greenville, SC, US", "Spartanburg, SC, US"],
                false,
                Some("2025-03-11"),
            ),
        ],
    );
    check(
        &load("schema_org_array.json"),
        &[
            (
                "https://www.sonoranprep.org/careers/middle-school-math-teacher",
                "Middle School Math Teacher (Grades 6-8)",
                "Sonoran Prep Academy",
                "55000-65000 USD year",
                &["Phoenix, AZ, US"],
                false,
                Some("2025-02-28"),
            ),
            (
                "EO-LC-0325",
                "Line Cook (Prep & Line)",
                "Ember & Oak",
                "18.5-22 USD hour",
                &["Portland, OR, US"],
                false,
                Some("2025-03-03"),
            ),
            (
                "https://jobs.spreewerk.de/en/junior-data-scientist-2025-03",
                "Junior Data Scientist (m/w/d)",
                "Spreewerk Mobility GmbH",
                "52000-52000 EUR year",
                &["Berlin, Germany"],
                false,
                Some("2025-03-08"),
            ),
        ],
    );
    check(
        &load("schema_org_in_html.html"),
        &[(
            "4417",
            "Software Engineer II, Payments",
            "Lakefront Financial Technologies",
            "130000-160000 USD year",
            &["Chicago, IL, US"],
            false,
            Some("2025-03-17"),
        )],
    );
}

#[test]
fn generic_csv_with_free_text_salaries() {
    let c = load("generic.csv");
    assert_eq!(c.format, CorpusFormat::Csv);
    check(
        &c,
        &[
            (
                "https://jobs.lumengrid.io/senior-software-engineer",
                "Senior Software Engineer",
                "Lumen Grid",
                "120000-150000 USD year",
                &["Seattle, WA"],
                true,
                Some("2025-03-14"),
            ),
            (
                "https://careers.baywatermedical.org/job/rn-prn-med-surg-20417",
                "Registered Nurse (PRN) - Med/Surg",
                "Baywater Medical Center",
                "45-45 USD hour",
                &["Tampa, FL"],
                false,
                Some("2025-03-12"),
            ),
            (
                "https://www.kesslerpackaging.com/careers/industrial-electrician-2nd-shift",
                "Industrial Electrician",
                "Kessler Packaging, Inc.",
                "none",
                &["Milwaukee, WI"],
                false,
                Some("2025-03-07"),
            ),
            (
                "https://hollowaypike.co.uk/careers/management-accountant",
                "Management Accountant",
                "Holloway & Pike Ltd",
                "50000-50000 GBP year",
                &["Manchester, UK"],
                false,
                Some("2025-03-10"),
            ),
            (
                "https://careers.alpenblick-re.ch/jobs/data-scientist-natcat",
                "Data Scientist – Natural Catastrophe Modelling",
                "Alpenblick Rückversicherung AG",
                "none",
                &["Zürich, Switzerland"],
                false,
                Some("2025-03-13"),
            ),
            (
                "https://www.botecojardimpaulista.com.br/trabalhe-conosco/cozinheiro-de-linha",
                "Line Cook (Cozinheiro de Linha)",
                "Boteco Jardim Paulista",
                "none",
                &["São Paulo, Brazil"],
                false,
                Some("2025-03-11"),
            ),
        ],
    );
    let lens: Vec<usize> = c.postings.iter().map(|p| p.requirements.len()).collect();
    assert_eq!(lens, [4, 3, 3, 3, 4, 3]);
    assert!(c
        .postings
        .iter()
        .all(|p| p.requirements.iter().all(|r| !r.starts_with('-') && !r.contains('\r'))));

    let semi = load("generic_semicolon.csv");
    check(
        &semi,
        &[
            (
                "0",
                "Electrical Engineer - Building Services",
                "Van der Berg Installatietechniek B.V.",
                "60000-60000 EUR year",
                &["Rotterdam, Netherlands"],
                false,
                None,
            ),
            (
                "1",
                "Registered Nurse - Intensive Care",
                "Klinikum München-Nord",
                "3850-3850 EUR month",
                &["München, Germany"],
                false,
                None,
            ),
            (
                "2",
                "Pastry Chef (Chef de Partie Pâtisserie)",
                "Maison Roux-Delorme",
                "14.5-14.5 EUR hour",
                &["Lyon, France"],
                false,
                None,
            ),
        ],
    );
}

#[test]
fn bad_rows_name_their_line_and_column_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jobs.csv");
    std::fs::write(
        &path,
        "Job Title,Company,Date Posted,Remote\nNurse,Mercy,2025-01-01,No\nCook,Harbor,last week,No\n,Acme,2025-01-01,Yes\nClerk,Acme,2025-01-01,maybe\nA,B\n",
    )
    .unwrap();
    let c = Corpus::load(&path, None, false).unwrap();
    assert_eq!(c.postings.len(), 1);
    let msgs: Vec<String> = c.skipped.iter().map(|s| s.to_string()).collect();
    assert!(
        msgs[0].contains("line 3") && msgs[0].contains("`Date Posted`"),
        "{msgs:?}"
    );
    assert!(
        msgs[1].contains("line 4") && msgs[1].contains("`Job Title`"),
        "{msgs:?}"
    );
    assert!(msgs[2].contains("line 5") && msgs[2].contains("`Remote`"), "{msgs:?}");
    assert!(msgs[3].contains("line 6") && msgs[3].contains("2 fields"), "{msgs:?}");
    assert!(Corpus::load(&path, None, true).is_err());
}

#[test]
fn unknown_formats_list_what_was_tried() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "just some notes\nabout jobs\n").unwrap();
    let e = Corpus::load(&path, None, false).unwrap_err().to_string();
    assert!(
        e.contains("notes.txt") && e.contains("JSON") && e.contains("schema.org") && e.contains("CSV"),
        "{e}"
    );
    assert!(e.contains("header row"), "{e}");
    // Forcing a format that does not fit says so.
    let e = Corpus::load(&fixture("generic.csv"), Some(CorpusFormat::SchemaOrg), false)
        .unwrap_err()
        .to_string();
    assert!(e.contains("JobPosting"), "{e}");
}

#[test]
fn match_reads_jobspy_and_schema_org_files() {
    let dir = tempfile::tempdir().unwrap();
    let cv = dir.path().join("cv.txt");
    std::fs::write(
        &cv,
        "Journeyman electrician, NEC, conduit bending, motor controls, Denver",
    )
    .unwrap();
    for file in ["jobspy.csv", "schema_org_graph.json"] {
        let out = filtr(&dir.path().join("cache"))
            .args(["match", "--no-model", "-f", "json", "--corpus"])
            .arg(fixture(file))
            .arg(&cv)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let top = &json_lines(&out)[0]["matches"][0];
        assert!(top["title"].as_str().unwrap().contains("Electrician"), "{file}: {top}");
    }
}

#[test]
fn corpus_check_and_convert_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let out = filtr(&dir.path().join("cache"))
        .args(["corpus", "check"])
        .arg(fixture("jobspy.csv"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("JobSpy") && text.contains("valid:         8") && text.contains("reposts:       1"),
        "{text}"
    );

    let converted = dir.path().join("jobs.json");
    filtr(&dir.path().join("cache"))
        .args(["corpus", "convert"])
        .arg(fixture("schema_org_graph.json"))
        .arg("-o")
        .arg(&converted)
        .assert()
        .success();
    let original = load("schema_org_graph.json");
    let back = Corpus::load(&converted, None, true).unwrap();
    assert_eq!(back.format, CorpusFormat::Native);
    assert_eq!(back.postings, original.postings);

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "title,remote\nNurse,no\nCook,perhaps\n").unwrap();
    filtr(&dir.path().join("cache"))
        .args(["corpus", "check"])
        .arg(&bad)
        .assert()
        .code(1)
        .stdout(predicates::str::contains("line 3").and(predicates::str::contains("`remote`")));
}

#[test]
fn json_resume_is_read_as_a_resume() {
    let r = filtr::resume::load(fixture("resume.json").to_str().unwrap()).unwrap();
    assert_eq!(r.format, filtr::resume::ResumeFormat::JsonResume);
    assert!(
        r.text.starts_with("Priya Raman\nSenior Data Engineer"),
        "{}",
        &r.text[..80]
    );
    let exp = r.text.find("Experience").unwrap();
    assert!(r.text[exp..].contains("Present"), "the current job has no end date");
    assert!(r.text.contains("Snowflake") && r.text.contains("Education"));
    assert_eq!(Period::Year.name(), "year");
}

use predicates::prelude::PredicateBooleanExt;

/// The streaming reader (`Corpus::load`) and the whole-file one
/// (`Corpus::from_bytes`) agree on every fixture and on shapes that stream:
/// JSON Lines with bad, blank and CRLF lines, a one-line wrapper document,
/// CSV with a character cut across the reader's buffer.
#[test]
fn streaming_and_whole_file_reading_agree() {
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(fixture(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with("README.md") && !p.ends_with("resume.json"))
        .collect();
    let long_cell = "é".repeat(20_000);
    let generated: [(&str, String); 5] = [
        (
            "mixed.jsonl",
            "{\"id\":\"a\",\"title\":\"Cook\"}\r\n\n{\"title\": 5}\n{\"id\":\"b\",\"title\":\"Baker\",\"description\":\"Bread\"}\n{\"id\":\"a\",\"title\":\"Again\"}\n{\"title\":\"No id\"}\n{\"id\":\"5\",\"title\":\"Id five\"}\n".into(),
        ),
        ("wrapper.jsonl", "{\"postings\": [{\"title\": \"Cook\"}, {\"title\": \"Baker\"}]}\n".into()),
        ("two.jsonl", "{\"title\": \"Cook\"}\n{\"title\": \"Baker\"}".into()),
        ("long.csv", format!("title,company,description\nCook,Harbor,{long_cell}\nBaker,Mill,Bread\n")),
        ("bom.csv", "\u{feff}title;company\nCook;Harbor\n".into()),
    ];
    for (name, text) in &generated {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        files.push(path);
    }
    files.sort();
    for path in files {
        let name = path.display().to_string();
        let streamed = Corpus::load(&path, None, false).unwrap_or_else(|e| panic!("{name}: {e}"));
        let whole = Corpus::from_bytes(&name, &std::fs::read(&path).unwrap(), None, false).unwrap();
        assert_eq!(streamed.format, whole.format, "{name}");
        assert_eq!(streamed.postings, whole.postings, "{name}");
        assert_eq!(streamed.total, whole.total, "{name}");
        let text = |c: &Corpus| c.skipped.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(text(&streamed), text(&whole), "{name}");
    }
    // Invalid UTF-8 is found at the same line and column either way.
    let path = dir.path().join("latin1.csv");
    let mut bytes = b"title,company\n".to_vec();
    bytes.extend(std::iter::repeat_n(b"Cook,Harbor\n".as_slice(), 10_000).flatten());
    bytes.extend_from_slice(b"Caf\xe9 cook,Harbor\n");
    std::fs::write(&path, &bytes).unwrap();
    let name = path.display().to_string();
    let streamed = Corpus::load(&path, None, false).unwrap_err().to_string();
    let whole = Corpus::from_bytes(&name, &bytes, None, false).unwrap_err().to_string();
    assert_eq!(streamed, whole);
    assert!(streamed.contains(":10002:4: invalid UTF-8"), "{streamed}");
}
