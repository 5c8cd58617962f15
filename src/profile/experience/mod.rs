//! Experience in time: dated roles in a resume (`roles`), years a posting asks for (`years`), seniority levels
//! (`seniority`), all read through one tokenizer (`tokens`).
//!
//! Everything here is heuristic text reading over untrusted input, so nothing panics and every scan is linear:
//! each line is tokenized once and every pattern looks at a bounded number of neighbouring tokens.

/// A calendar month, ordinal = year*12 + (month-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month(pub i32);

impl Month {
    /// `None` for a month outside 1..=12 or a year too large to count in months.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        if !(1..=12).contains(&month) {
            return None;
        }
        year.checked_mul(12)?.checked_add(month as i32 - 1).map(Month)
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub start: Month,
    pub end: Month,
    /// The range ended in "present", "current", "now"...; `end` is then today.
    pub current: bool,
    /// 1-based line of the text the dates are on.
    pub line: usize,
    /// Best guess: the first separated part of the same line once the dates are cut out,
    /// or of the line before when the dates stand alone.
    pub title: Option<String>,
}

mod roles;
mod seniority;
mod tokens;
mod years;

pub use roles::{roles, years_of_experience};
pub use seniority::{seniority_from_title, seniority_from_years, Seniority};
pub use years::{years_required, YearsRequired};

#[cfg(test)]
mod tests {
    use super::roles::*;
    use super::seniority::*;
    use super::*;
    use crate::text::since::parse_since;

    fn m(y: i32, mo: u32) -> Month {
        Month::new(y, mo).unwrap()
    }

    fn today() -> Month {
        m(2026, 11)
    }

    /// (start, end, current) as (year, month) pairs.
    type Span = ((i32, u32), (i32, u32), bool);

    fn spans(text: &str) -> Vec<Span> {
        roles(text, today())
            .iter()
            .map(|r| {
                (
                    (r.start.year(), r.start.month()),
                    (r.end.year(), r.end.month()),
                    r.current,
                )
            })
            .collect()
    }

    #[test]
    fn month_ordinals() {
        assert_eq!(m(2020, 1).0, 2020 * 12);
        assert_eq!((m(2020, 12).year(), m(2020, 12).month()), (2020, 12));
        assert_eq!((Month(-1).year(), Month(-1).month()), (-1, 12));
        assert_eq!(Month::new(2020, 0), None);
        assert_eq!(Month::new(2020, 13), None);
        assert_eq!(Month::new(i32::MAX, 1), None);
        assert!(m(2019, 12) < m(2020, 1));
    }

    #[test]
    fn date_formats() {
        let now = (2026, 11);
        let cases: &[(&str, &[Span])] = &[
            ("Jan 2020 – Mar 2023", &[((2020, 1), (2023, 3), false)]),
            ("January 2020 - March 2023", &[((2020, 1), (2023, 3), false)]),
            ("Jan. 2020 to Mar. 2023", &[((2020, 1), (2023, 3), false)]),
            ("2019 - Present", &[((2019, 1), now, true)]),
            ("2019–present", &[((2019, 1), now, true)]),
            ("2019 - current", &[((2019, 1), now, true)]),
            ("March 2021 - now", &[((2021, 3), now, true)]),
            ("2019 to date", &[((2019, 1), now, true)]),
            ("2019 - ongoing", &[((2019, 1), now, true)]),
            ("2019 - TODAY", &[((2019, 1), now, true)]),
            ("06/2017 to 08/2019", &[((2017, 6), (2019, 8), false)]),
            ("6/2017 - 8/2019", &[((2017, 6), (2019, 8), false)]),
            ("06.2017 - 08.2019", &[((2017, 6), (2019, 8), false)]),
            ("2017-06 – 2019-08", &[((2017, 6), (2019, 8), false)]),
            ("2017-06-15 to 2019-08-31", &[((2017, 6), (2019, 8), false)]),
            ("2015–2018", &[((2015, 1), (2018, 1), false)]),
            ("2015 - 2018", &[((2015, 1), (2018, 1), false)]),
            ("2015 - 18", &[]),
            ("2015-18", &[]),
            ("Summer 2019", &[]),
            ("Summer 2019 - Fall 2019", &[]),
            ("Summer 2019 – 2020", &[]),
            ("Sept 2018 – Jun 2020", &[((2018, 9), (2020, 6), false)]),
            ("Sep '18 - Jun '20", &[((2018, 9), (2020, 6), false)]),
            ("Sep ’99 – Jun ’03", &[((1999, 9), (2003, 6), false)]),
            ("Jan 2020 — Mar 2023", &[((2020, 1), (2023, 3), false)]),
            ("Jan 2020 ~ Mar 2023", &[((2020, 1), (2023, 3), false)]),
            ("Jan 2020 until Mar 2023", &[((2020, 1), (2023, 3), false)]),
            ("Jan 2020 thru Mar 2023", &[((2020, 1), (2023, 3), false)]),
            ("Jan 2020 -- Mar 2023", &[((2020, 1), (2023, 3), false)]),
            ("Jan 2020-Present", &[((2020, 1), now, true)]),
            ("June – August 2019", &[((2019, 6), (2019, 8), false)]),
            ("Nov - Feb 2020", &[((2019, 11), (2020, 2), false)]),
            ("15 Jan 2019 - 20 Mar 2020", &[((2019, 1), (2020, 3), false)]),
            ("Jan 15, 2019 – Mar 3, 2020", &[((2019, 1), (2020, 3), false)]),
            ("12/01/2018 - 03/15/2021", &[((2018, 12), (2021, 3), false)]),
            ("Mar 2023 - Jan 2020", &[]),
            ("1949 - 1955", &[]),
            ("2020 - 2028", &[]),
            ("2020 - 2027", &[]),
            ("Jan 2020 - Dec 2026", &[((2020, 1), (2026, 12), false)]),
            ("Jan 2020 - Jan 2027", &[]),
            ("Dec 2026 - Present", &[]),
            ("June - present", &[]),
            ("Since 2019", &[]),
            ("Phone: 555-2019", &[]),
            ("2019", &[]),
            (
                "Engineer (2019 - 2021) and Lead (2021 - Present)",
                &[((2019, 1), (2021, 1), false), ((2021, 1), now, true)],
            ),
            (
                "Ingénieur logiciel · 2018 – 2020 · Zürich",
                &[((2018, 1), (2020, 1), false)],
            ),
            ("東京 2018 – 2020 エンジニア", &[((2018, 1), (2020, 1), false)]),
            ("2018年 – 2020年", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(spans(text), want.to_vec(), "{text}");
        }
    }

    #[test]
    fn titles_and_lines() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "Senior Software Engineer | Acme Corp | Jan 2020 – Present",
                Some("Senior Software Engineer"),
            ),
            (
                "Software Engineer, Globex — June 2016 - Dec 2019",
                Some("Software Engineer"),
            ),
            ("Jan 2020 – Present | Line Cook | Joe's Diner", Some("Line Cook")),
            ("• Barista at Blue Bottle (2018 - 2020)", Some("Barista")),
            ("**Data Analyst** - Initech - 2017 - 2019", Some("Data Analyst")),
            ("Welder from 2010 to 2015", Some("Welder")),
            ("Ingénieur logiciel · 2018 – 2020 · Zürich", Some("Ingénieur logiciel")),
            ("2018 - 2020", None),
        ];
        for (text, want) in cases {
            let r = roles(text, today());
            assert_eq!(r.len(), 1, "{text}");
            assert_eq!(r[0].title.as_deref(), *want, "{text}");
            assert_eq!(r[0].line, 1);
        }
        let long = format!("{} 2018 - 2020", "word ".repeat(40));
        assert_eq!(roles(&long, today())[0].title, None);
        let r = roles("Intro\n\nRegistered Nurse\nMarch 2015 - June 2019\n", today());
        assert_eq!((r[0].line, r[0].title.as_deref()), (4, Some("Registered Nurse")));
    }

    const RESUME_WITH_SECTIONS: &str = "\
Jane Doe
jane@example.com | (555) 123-4567 | Portland, OR

SUMMARY
Engineer with a decade of experience.

EXPERIENCE
Senior Software Engineer | Acme Corp | Jan 2020 – Present
- Led the 2021 - 2022 migration to Rust
Software Engineer, Globex — June 2016 - Dec 2019
- Built things

EDUCATION
B.S. Computer Science, State University, 2012 - 2016
Exchange semester, Sep 2014 - Jan 2015

Certifications
AWS Solutions Architect, 2021 - 2024
";

    #[test]
    fn full_resume_with_education_section() {
        let r = roles(RESUME_WITH_SECTIONS, today());
        let got: Vec<_> = r
            .iter()
            .map(|r| (r.start, r.end, r.current, r.line, r.title.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (m(2020, 1), m(2026, 11), true, 8, Some("Senior Software Engineer")),
                (m(2021, 1), m(2022, 1), false, 9, Some("Led the")),
                (m(2016, 6), m(2019, 12), false, 10, Some("Software Engineer")),
            ]
        );
        // Jun 2016..Dec 2019 (42 months) + Jan 2020..Nov 2026 (82); the 2021 bullet overlaps.
        assert_eq!(years_of_experience(&r), Some(10.3));
    }

    #[test]
    fn full_resume_education_first() {
        let text = "\
## Education & Training
Bachelor of Arts, 2008 - 2012
Culinary Institute, 2012 - 2013

## Work History
Head Chef — The Grill — 2018 - Present
Line Cook, The Diner: 2013 - 2018
Teaching Assistant, Culinary College, 2013 - 2014
";
        let r = roles(text, today());
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].title.as_deref(), Some("Head Chef"));
        assert_eq!(r[2].title.as_deref(), Some("Teaching Assistant"));
        assert_eq!(years_of_experience(&r), Some(13.8)); // Jan 2013 .. Nov 2026
    }

    #[test]
    fn resume_without_headings() {
        let text = "\
John Smith
Warehouse Associate, Big Box Inc., 06/2019 - present
Forklift Operator, 2016 - 2019
B.S. Logistics, Ohio State University, 2012 - 2016
Riverside High School
2008 - 2012
";
        let r = roles(text, today());
        assert_eq!(
            spans(text),
            vec![((2019, 6), (2026, 11), true), ((2016, 1), (2019, 1), false)]
        );
        assert_eq!(r[1].title.as_deref(), Some("Forklift Operator"));
        assert_eq!(years_of_experience(&r), Some(10.4)); // Jan 2016 .. Jan 2019, Jun 2019 .. Nov 2026
    }

    #[test]
    fn dates_on_their_own_line() {
        let text = "\
PROFESSIONAL EXPERIENCE

Project Manager
Initech
Mar 2018 – Feb 2021

Training Specialist
Apr 2021 – Present

Volunteer
Habitat for Humanity, 2015 - 2016

Projects
Capstone at Tech University, 2014 - 2015
";
        let r = roles(text, today());
        let got: Vec<_> = r.iter().map(|r| (r.line, r.title.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                (5, Some("Initech")),
                (8, Some("Training Specialist")),
                (11, Some("Habitat for Humanity"))
            ]
        );
    }

    #[test]
    fn overlapping_and_nested_roles() {
        let text = "\
Experience
Consultant, 2010 - 2020
Adjunct Lecturer, State University, Jan 2012 - Dec 2014
Founder, Jun 2019 - Jun 2021
Barista, 2022 - 2023
";
        let r = roles(text, today());
        assert_eq!(r.len(), 4);
        // 2010..Jun 2021 = 137 months, plus 2022..2023 = 12.
        assert_eq!(years_of_experience(&r), Some(12.4));
    }

    #[test]
    fn years_of_experience_edges() {
        assert_eq!(years_of_experience(&[]), None);
        let role = |s: Month, e: Month| Role {
            start: s,
            end: e,
            current: false,
            line: 1,
            title: None,
        };
        assert_eq!(years_of_experience(&[role(m(2020, 1), m(2020, 1))]), Some(0.0));
        assert_eq!(years_of_experience(&[role(m(2021, 1), m(2020, 1))]), Some(0.0));
        assert_eq!(years_of_experience(&[role(m(2020, 1), m(2021, 7))]), Some(1.5));
        let same = [role(m(2020, 1), m(2022, 1)), role(m(2020, 1), m(2022, 1))];
        assert_eq!(years_of_experience(&same), Some(2.0));
        let chain = [
            role(m(2020, 1), m(2021, 1)),
            role(m(2021, 1), m(2022, 1)),
            role(m(2023, 1), m(2023, 2)),
        ];
        assert_eq!(years_of_experience(&chain), Some(2.1));
    }

    #[test]
    fn current_role_with_fixed_today() {
        let r = roles("Registered Nurse, 2019 - Present", today());
        assert_eq!(r.len(), 1);
        assert!(r[0].current);
        assert_eq!(r[0].end, m(2026, 11));
        assert_eq!(years_of_experience(&r), Some(7.8));
        assert!(roles("2019 - Present", m(2018, 5)).is_empty());
    }

    #[test]
    fn years_required_sentences() {
        type Want = Option<(f64, Option<f64>)>;
        let cases: &[(&str, Want)] = &[
            ("5+ years of experience with Python", Some((5.0, None))),
            ("At least 3 years of professional experience.", Some((3.0, None))),
            ("3-5 years of experience in retail", Some((3.0, Some(5.0)))),
            ("3 to 5 years experience", Some((3.0, Some(5.0)))),
            ("3 – 5 years in a similar role", Some((3.0, Some(5.0)))),
            ("A minimum of two years of experience is required.", Some((2.0, None))),
            ("2 yrs experience in customer service", Some((2.0, None))),
            ("10+ yrs experience in Java", Some((10.0, None))),
            ("five (5) years of experience", Some((5.0, None))),
            ("(5) years working with children", Some((5.0, None))),
            (
                "Requires 2+ years of SQL and 5+ years of experience building APIs.",
                Some((5.0, None)),
            ),
            ("1.5 years of experience", Some((1.5, None))),
            ("Experience: 4 years", Some((4.0, None))),
            ("7 or more years of industry experience", Some((7.0, None))),
            ("three to five years working in a kitchen", Some((3.0, Some(5.0)))),
            ("Between 2 and 4 years of experience", Some((2.0, Some(4.0)))),
            ("5 yrs. exp. in welding", Some((5.0, None))),
            ("3–5+ years in a similar role", Some((3.0, None))),
            ("Must have 4 years' experience", Some((4.0, None))),
            ("Bachelor's degree and 3 years of experience", Some((3.0, None))),
            ("401(k) with company match", None),
            ("A 4-year degree is required", None),
            ("This is a 2-year contract with benefits", None),
            ("Benefits start within 90 days", None),
            ("Must be 18 years old", None),
            ("Applicants must be at least 18 years of age", None),
            ("Vesting after 3 years of service", None),
            ("Reviews every 2 years with the team", None),
            ("Founded 25 years ago in Ohio", None),
            ("up to 5 years of experience", None),
            ("We have been in business for 30 years.", None),
            ("Our team has 100 years of combined experience", None),
            ("Revenue doubled in the past 5 years of growth", None),
            ("Within the first 2 years in the role you will lead", None),
            ("", None),
        ];
        for (text, want) in cases {
            let got = years_required(text).map(|r| (r.min, r.max));
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn years_required_phrase() {
        let text = "About us. We are hiring!\nYou have 5+ years of experience in Rust. Apply now.\n- 2 years with SQL";
        let r = years_required(text).unwrap();
        assert_eq!(r.phrase, "You have 5+ years of experience in Rust.");
        let r = years_required("• 3-5 yrs. experience with forklifts; must lift 50 lbs").unwrap();
        assert_eq!(
            (r.min, r.max, r.phrase.as_str()),
            (3.0, Some(5.0), "3-5 yrs. experience with forklifts")
        );
        let r = years_required("Experience: 2 years. Nights: 3 years of weekend work").unwrap();
        assert_eq!((r.min, r.phrase.as_str()), (3.0, "Nights: 3 years of weekend work"));
    }

    #[test]
    fn seniority_titles() {
        use Seniority::*;
        let cases: &[(&str, Option<Seniority>)] = &[
            ("Senior Software Engineer", Some(Senior)),
            ("Sr. Accountant", Some(Senior)),
            ("Staff Engineer", Some(Lead)),
            ("Staff Accountant", None),
            ("Principal Engineer", Some(Principal)),
            ("Distinguished Engineer", Some(Principal)),
            ("Lead Line Cook", Some(Lead)),
            ("Team Lead", Some(Lead)),
            ("Shift Supervisor", Some(Lead)),
            ("Foreman", Some(Lead)),
            ("Head of Engineering", Some(Executive)),
            ("Head Chef", Some(Lead)),
            ("Director of Nursing", Some(Executive)),
            ("VP, Sales", Some(Executive)),
            ("Vice President of Marketing", Some(Executive)),
            ("Chief Financial Officer", Some(Executive)),
            ("CTO", Some(Executive)),
            ("Co-Founder", Some(Executive)),
            ("Senior Director, Product", Some(Executive)),
            ("Product Manager", Some(Lead)),
            ("Senior Manager", Some(Lead)),
            ("Assistant Manager", Some(Senior)),
            ("Associate Director", Some(Principal)),
            ("Vice Principal", Some(Lead)),
            ("Junior Developer", Some(Entry)),
            ("Jr. Data Analyst", Some(Entry)),
            ("Junior Project Manager", Some(Entry)),
            ("Associate Software Engineer", Some(Entry)),
            ("Associate Product Manager", Some(Entry)),
            ("Senior Associate", Some(Senior)),
            ("Sales Associate", Some(Entry)),
            ("Entry-Level Data Analyst", Some(Entry)),
            ("Entry Level Welder", Some(Entry)),
            ("Data Entry Clerk", None),
            ("Graduate Engineer", Some(Entry)),
            ("Apprentice Electrician", Some(Entry)),
            ("Management Trainee", Some(Entry)),
            ("Assistant Editor", Some(Entry)),
            ("Medical Assistant", None),
            ("Executive Assistant", None),
            ("Assistant to the CEO", Some(Entry)),
            ("Software Engineering Intern", Some(Intern)),
            ("Summer Internship - Finance", Some(Intern)),
            ("Co-op Student", Some(Intern)),
            ("Software Engineer I", Some(Entry)),
            ("Software Engineer II", Some(Mid)),
            ("Engineer III", Some(Senior)),
            ("Engineer IV", Some(Lead)),
            ("Level 2 Support Technician", Some(Mid)),
            ("Tier 1 Support", Some(Entry)),
            ("Journeyman Electrician", Some(Mid)),
            ("Journey-Level Plumber", Some(Mid)),
            ("Master Electrician", Some(Senior)),
            ("Scrum Master", None),
            ("Mid-Level Developer", Some(Mid)),
            ("Lead Generation Specialist", None),
            ("Registered Nurse", None),
            ("", None),
            ("ＳＥＮＩＯＲ 🙂 İ", None),
        ];
        for (title, want) in cases {
            assert_eq!(seniority_from_title(title), *want, "{title}");
        }
    }

    #[test]
    fn seniority_names_and_years() {
        use Seniority::*;
        let names: Vec<_> = LEVELS.iter().map(|s| s.name()).collect();
        assert_eq!(
            names,
            ["intern", "entry", "mid", "senior", "lead", "principal", "executive"]
        );
        assert!(Intern < Entry && Lead < Principal && Principal < Executive);
        let cases = [
            (-1.0, Entry),
            (f64::NAN, Entry),
            (0.0, Entry),
            (1.9, Entry),
            (2.0, Mid),
            (4.9, Mid),
            (5.0, Senior),
            (9.9, Senior),
            (10.0, Lead),
            (14.9, Lead),
            (15.0, Principal),
            (40.0, Principal),
            (f64::INFINITY, Principal),
        ];
        for (years, want) in cases {
            assert_eq!(seniority_from_years(years), want, "{years}");
        }
    }

    #[test]
    fn since_values() {
        let ok = [
            ("30d", (2025, 10, 31), (2025, 10, 1)),
            ("30D", (2025, 10, 31), (2025, 10, 1)),
            (" 30 days ", (2025, 10, 31), (2025, 10, 1)),
            ("0d", (2025, 10, 31), (2025, 10, 31)),
            ("1d", (2024, 3, 1), (2024, 2, 29)),
            ("1d", (2025, 1, 1), (2024, 12, 31)),
            ("365d", (2024, 12, 31), (2024, 1, 1)),
            ("2w", (2025, 10, 15), (2025, 10, 1)),
            ("6m", (2025, 10, 31), (2025, 4, 30)),
            ("1m", (2024, 3, 30), (2024, 2, 29)),
            ("1m", (2023, 3, 30), (2023, 2, 28)),
            ("12m", (2025, 1, 15), (2024, 1, 15)),
            ("13m", (2025, 1, 31), (2023, 12, 31)),
            ("1y", (2024, 2, 29), (2023, 2, 28)),
            ("4y", (2024, 2, 29), (2020, 2, 29)),
            ("2025-10-01", (2025, 11, 4), (2025, 10, 1)),
            ("2025-11-04", (2025, 11, 4), (2025, 11, 4)),
            ("2024-02-29", (2025, 11, 4), (2024, 2, 29)),
            ("2024-2-9", (2025, 11, 4), (2024, 2, 9)),
        ];
        for (value, today, want) in ok {
            assert_eq!(parse_since(value, today), Ok(want), "{value}");
        }
        let bad = [
            "2025-02-30",
            "2023-02-29",
            "2025-13-01",
            "2025-00-10",
            "2026-01-01",
            "-5d",
            "+5d",
            "abc",
            "",
            "5x",
            "d",
            "5 d d",
            "1.5d",
            "99999999999999999999999d",
            "10000001d",
            "3000y",
            "2025-10-01T00:00",
            "３０d",
        ];
        for value in bad {
            assert!(parse_since(value, (2025, 11, 4)).is_err(), "{value}");
        }
        assert_eq!(
            parse_since("abc", (2025, 11, 4)),
            Err("expected a number of days like 30d, or a date like 2025-10-01".into())
        );
        assert!(parse_since("1d", (2025, 2, 30)).is_err());
        assert!(parse_since("10000000d", (i32::MAX, 12, 31)).is_ok());
        assert!(parse_since("10000000y", (i32::MIN, 1, 1)).is_err());
    }

    use crate::test_rng::Rng;

    #[test]
    fn random_input_never_panics() {
        const PIECES: &[&str] = &[
            "0",
            "1",
            "2",
            "6",
            "9",
            "12",
            "18",
            "19",
            "20",
            "31",
            "1949",
            "1950",
            "2019",
            "2023",
            "2026",
            "2027",
            "2028",
            "9999",
            "123456",
            "/",
            "-",
            "–",
            "—",
            "~",
            ".",
            ",",
            "'",
            "’",
            "(",
            ")",
            "+",
            " ",
            " ",
            " ",
            "\n",
            "\r\n",
            "\t",
            " to ",
            " thru ",
            "present",
            "Present",
            "now",
            "date",
            "Jan",
            "January",
            "Sept",
            "Dec",
            "may",
            "Summer",
            "years",
            "yrs",
            "of experience",
            "five",
            "or more",
            "between",
            "and",
            "Education",
            "EXPERIENCE",
            "Skills",
            "University",
            "B.S.",
            "Master of",
            "Senior",
            "Lead",
            "Assistant",
            "Head of",
            "II",
            "Level",
            "é",
            "日本",
            "🙂",
            "ß",
            "İ",
            "\u{200d}",
            "|",
            "@",
            "•",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let today = today();
        for _ in 0..20_000 {
            let len = (rng.next() % 40) as usize;
            let text: String = (0..len)
                .map(|_| PIECES[(rng.next() % PIECES.len() as u64) as usize])
                .collect();
            let found = roles(&text, today);
            for r in &found {
                assert!(r.start <= r.end && r.end <= Month(today.0 + 1), "{text:?}: {r:?}");
                assert!(r.start.year() >= MIN_YEAR, "{text:?}");
                assert!(r.line >= 1 && r.line <= text.lines().count(), "{text:?}");
            }
            let years = years_of_experience(&found);
            assert_eq!(years.is_none(), found.is_empty());
            assert!(years.is_none_or(|y| y >= 0.0), "{text:?}");
            if let Some(req) = years_required(&text) {
                assert!(req.min >= 0.0 && req.max.is_none_or(|m| m >= req.min), "{text:?}");
            }
            for extreme in [Month(i32::MAX), Month(i32::MIN), Month(0)] {
                assert!(roles(&text, extreme)
                    .iter()
                    .all(|r| r.start <= r.end && r.end <= extreme));
            }
            seniority_from_title(&text);
            let _ = parse_since(&text, (2024, 2, 29));
        }
    }

    #[test]
    fn large_input_is_linear() {
        let chunk = format!("{RESUME_WITH_SECTIONS}Requires 3+ years of experience. é 日本 🙂\n");
        let big = chunk.repeat(10 * 1024 * 1024 / chunk.len());
        let start = std::time::Instant::now();
        let r = roles(&big, today());
        assert_eq!(r.len(), 3 * (10 * 1024 * 1024 / chunk.len()));
        assert_eq!(years_of_experience(&r), Some(10.3));
        assert_eq!(years_required(&big).map(|r| r.min), Some(3.0));
        // One 10 MB line with a range every few bytes: titles are cut once per line, not once per role.
        let line = "Cook 2019 - 2020 | ".repeat(10 * 1024 * 1024 / 19);
        let r = roles(&line, today());
        assert_eq!(r.len(), 10 * 1024 * 1024 / 19);
        assert_eq!(r[0].title.as_deref(), Some("Cook"));
        assert!(years_required(&"5 years ".repeat(1_000_000)).is_none());
        assert!(start.elapsed().as_secs() < 60);
    }
}
