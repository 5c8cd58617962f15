//! `filtr show`: one posting as the job board shows it, in the board's order
//! (title, company, salary, date, locations, summary, Requirements,
//! Responsibilities, Other, the apply link last), as text wrapped to the
//! terminal, Markdown or JSON; with a resume, a ✓ or ✗ beside each
//! requirement line.

use std::io::{self, Write};

use serde_json::json;

use crate::postings::{Period, Posting, Salary};
use crate::rank::explain::LineCheck;
use crate::text::sanitize::for_terminal;

/// A posting to show, and the resume's checks of its requirement lines.
pub struct PostingView<'a> {
    pub posting: &'a Posting,
    /// The corpus it comes from, as the header of other reports names it.
    pub corpus: &'a str,
    /// With `--resume`: the resume's name and one check per requirement line.
    pub checks: Option<(&'a str, Vec<LineCheck>)>,
}

/// "Nov 5, 2025" from "2025-11-05", as the board writes dates.
pub fn board_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = iso.splitn(3, '-').map(|p| p.parse::<usize>().ok());
    match (parts.next().flatten(), parts.next().flatten(), parts.next().flatten()) {
        (Some(y), Some(m @ 1..=12), Some(d)) => format!("{} {d}, {y}", MONTHS[m - 1]),
        _ => iso.to_string(),
    }
}

/// "$249,900 - $480,238" as the board writes a yearly range; other periods say theirs.
pub fn board_salary(s: &Salary) -> String {
    let text = super::salary_text(s).replace('–', " - ");
    match s.period {
        Period::Year => text.trim_end_matches("/yr").to_string(),
        _ => text,
    }
}

fn mark(check: &LineCheck) -> &'static str {
    match check.met {
        Some(true) => "✓",
        Some(false) => "✗",
        None => "·",
    }
}

/// What a check found, after the line: "(lacks Kafka; asks 5+ years, resume shows fewer)".
fn check_note(check: &LineCheck) -> String {
    let mut parts = Vec::new();
    if !check.lacks.is_empty() {
        parts.push(format!("lacks {}", check.lacks.join(", ")));
    }
    if let Some((years, Some(false))) = check.years {
        parts.push(format!("asks {years}+ years, resume shows fewer"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    }
}

impl PostingView<'_> {
    /// The location line: every location, and "Remote" when the posting is
    /// remote but no location says so.
    fn locations(&self) -> Option<String> {
        let p = self.posting;
        let mut l = p.locations.clone();
        if p.remote && !l.iter().any(|x| x.to_lowercase().contains("remote")) {
            l.push("Remote".into());
        }
        (!l.is_empty()).then(|| l.join(" • "))
    }

    fn sections(&self) -> [(&'static str, &[String]); 3] {
        let p = self.posting;
        [
            ("Requirements", &p.requirements),
            ("Responsibilities", &p.responsibilities),
            ("Other", &p.other),
        ]
    }

    /// Text for a terminal (scraped text escaped), wrapped to `width` columns.
    pub fn write_text(&self, out: &mut dyn Write, width: usize) -> io::Result<()> {
        let p = self.posting;
        let width = width.max(30);
        let para = |out: &mut dyn Write, first: &str, rest: &str, text: &str| -> io::Result<()> {
            let lines = super::table::wrap(&for_terminal(text), width.saturating_sub(first.chars().count()).max(20));
            for (k, l) in lines.iter().enumerate() {
                writeln!(out, "{}{l}", if k == 0 { first } else { rest })?;
            }
            Ok(())
        };
        para(out, "", "", &p.title)?;
        writeln!(out)?;
        if let Some(c) = &p.company {
            para(out, "", "", c)?;
            writeln!(out)?;
        }
        if let Some(s) = &p.salary {
            writeln!(out, "{}", board_salary(s))?;
        }
        if let Some(d) = &p.posted {
            writeln!(out, "{}", board_date(d))?;
        }
        if let Some(l) = self.locations() {
            para(out, "", "", &l)?;
        }
        if let Some((resume, _)) = &self.checks {
            writeln!(out)?;
            writeln!(out, "Requirements checked against {}", for_terminal(resume))?;
        }
        for par in p.description.split('\n').filter(|l| !l.trim().is_empty()) {
            writeln!(out)?;
            para(out, "", "", par)?;
        }
        for (heading, items) in self.sections() {
            if items.is_empty() {
                continue;
            }
            writeln!(out)?;
            writeln!(out, "{heading}")?;
            writeln!(out)?;
            for (k, item) in items.iter().enumerate() {
                match (&self.checks, heading) {
                    (Some((_, checks)), "Requirements") => {
                        let c = &checks[k];
                        para(
                            out,
                            &format!("  {} ", mark(c)),
                            "    ",
                            &format!("{item}{}", check_note(c)),
                        )?;
                    }
                    _ => para(out, "  • ", "    ", item)?,
                }
            }
        }
        if let Some(url) = &p.url {
            writeln!(out)?;
            writeln!(out, "Apply Now: {}", for_terminal(url))?;
        }
        Ok(())
    }

    /// GitHub-flavoured Markdown; scraped text cannot open a tag or a heading.
    pub fn write_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        let p = self.posting;
        writeln!(out, "# {}", md(&p.title))?;
        writeln!(out)?;
        let mut facts: Vec<String> = Vec::new();
        if let Some(c) = &p.company {
            facts.push(format!("**{}**", md(c)));
        }
        if let Some(s) = &p.salary {
            facts.push(md(&board_salary(s)));
        }
        if let Some(d) = &p.posted {
            facts.push(board_date(d));
        }
        if let Some(l) = self.locations() {
            facts.push(md(&l));
        }
        if !facts.is_empty() {
            writeln!(out, "{}", facts.join(" · "))?;
            writeln!(out)?;
        }
        for par in p.description.split('\n').filter(|l| !l.trim().is_empty()) {
            writeln!(out, "{}", md(par))?;
            writeln!(out)?;
        }
        for (heading, items) in self.sections() {
            if items.is_empty() {
                continue;
            }
            writeln!(out, "## {heading}")?;
            writeln!(out)?;
            for (k, item) in items.iter().enumerate() {
                match (&self.checks, heading) {
                    (Some((_, checks)), "Requirements") => {
                        let c = &checks[k];
                        writeln!(out, "- {} {}{}", mark(c), md(item), md(&check_note(c)))?
                    }
                    _ => writeln!(out, "- {}", md(item))?,
                }
            }
            writeln!(out)?;
        }
        if let Some(url) = p.url.as_deref().filter(|u| is_web_link(u)) {
            writeln!(out, "[Apply Now](<{}>)", url.replace(['<', '>', ' '], ""))?;
        }
        Ok(())
    }

    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut v = json!({ "corpus": self.corpus, "posting": self.posting });
        if let Some((resume, checks)) = &self.checks {
            v["resume"] = json!(resume);
            v["requirements_checked"] = json!(checks);
        }
        serde_json::to_writer(&mut *out, &v)?;
        writeln!(out)
    }
}

/// Only http and https links are shown as links.
pub fn is_web_link(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("https://") || u.starts_with("http://")
}

/// Scraped text made inert in Markdown: no HTML, no headings, lists or
/// emphasis it did not mean, and no control characters.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in for_terminal(text).chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_markdown_escapes() {
        assert_eq!(board_date("2025-11-05"), "Nov 5, 2025");
        assert_eq!(board_date("someday"), "someday");
        assert_eq!(
            md("<script>*x*</script> | # h"),
            "\\<script\\>\\*x\\*\\</script\\> \\| \\# h"
        );
        assert!(!is_web_link("javascript:alert(1)"));
    }
}
