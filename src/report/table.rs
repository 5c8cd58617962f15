//! The table for people: comfy-table, colour only when asked, a "why" line per row.

use std::io::{self, Write};

use comfy_table::{presets, Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table};

use crate::rank::explain::Explanation;
use crate::text::sanitize::for_terminal;

use super::*;

pub(super) struct TableExporter {
    pub(super) color: bool,
    pub(super) width: Option<u16>,
    pub(super) explain: bool,
    pub(super) first: bool,
}

const WHY_INDENT: &str = "      ";

/// Greedy word wrap to `width` characters.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// "has Python, SQL; lacks Kafka; role asks 5+ years; resume shows ~6 years"
pub fn why_line(e: &Explanation) -> String {
    let list = |v: &[String]| {
        const SHOWN: usize = 4;
        let mut s = v.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
        if v.len() > SHOWN {
            s.push_str(&format!(" +{}", v.len() - SHOWN));
        }
        s
    };
    let mut parts = Vec::new();
    if !e.matched_skills.is_empty() {
        parts.push(format!("has {}", list(&e.matched_skills)));
    }
    if !e.missing_skills.is_empty() {
        parts.push(format!("lacks {}", list(&e.missing_skills)));
    }
    if e.matched_skills.is_empty() && e.missing_skills.is_empty() {
        parts.push("no skills to compare".into());
    }
    parts.push(e.seniority.summary.clone());
    parts.join("; ")
}

impl Exporter for TableExporter {
    fn write(&mut self, report: &ResumeResults, out: &mut dyn Write) -> io::Result<()> {
        if !self.first {
            writeln!(out)?;
        }
        self.first = false;
        let how = if report.model.is_some() { "" } else { " (no model)" };
        writeln!(
            out,
            "{}: top {} of {} postings{how}{}",
            for_terminal(report.resume),
            report.rows.len(),
            thousands(report.considered as u64),
            report.excluded_note()
        )?;
        if report.rows.is_empty() {
            return match report.shortfall() {
                Some(why) => writeln!(out, "no posting passes the filters: {}", for_terminal(&why)),
                None => writeln!(out, "no posting passes the filters"),
            };
        }
        let mut table = Table::new();
        table.load_preset(presets::UTF8_HORIZONTAL_ONLY);
        table.set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(w) = self.width {
            table.set_width(w);
        }
        if self.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        // Below ~110 columns, company shares the title's cell and location the
        // salary's, so an 80-column terminal keeps every field readable.
        let compact = table.width().unwrap_or(80) < 110;
        let header: &[&str] = if compact {
            &["#", "Score", "Title / Company", "Salary / Location", "Remote", "Posted"]
        } else {
            &[
                "#", "Score", "Title", "Company", "Salary", "Location", "Remote", "Posted",
            ]
        };
        table.set_header(header.iter().map(|h| {
            let c = Cell::new(h);
            if self.color {
                c.add_attribute(Attribute::Bold)
            } else {
                c
            }
        }));
        for row in &report.rows {
            let p = row.posting;
            let pct = (row.score * 100.0).round() as u32;
            let mut score = Cell::new(pct).set_alignment(CellAlignment::Right);
            if self.color {
                score = score.fg(match pct {
                    60.. => Color::Green,
                    40..=59 => Color::Yellow,
                    _ => Color::Red,
                });
            }
            let title = for_terminal(&p.title);
            let company = for_terminal(p.company.as_deref().unwrap_or("—"));
            let salary = p.salary.as_ref().map_or("—".into(), salary_text);
            let location = for_terminal(&location_text(p));
            let mut cells = vec![Cell::new(row.rank).set_alignment(CellAlignment::Right), score];
            if compact {
                cells.push(Cell::new(format!("{title}\n{company}")));
                cells.push(Cell::new(format!("{salary}\n{location}")));
            } else {
                cells.extend([
                    Cell::new(title),
                    Cell::new(company),
                    Cell::new(salary),
                    Cell::new(location),
                ]);
            }
            cells.push(Cell::new(if p.remote { "yes" } else { "no" }));
            cells.push(Cell::new(p.posted.as_deref().unwrap_or("—")));
            table.add_row(cells);
        }
        let fixed = if compact { [0, 1, 4, 5] } else { [0, 1, 6, 7] };
        for i in fixed {
            if let Some(col) = table.column_mut(i) {
                col.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
        // Wide enough for "$249,900–$480,238/yr" on one line; longer text wraps.
        let salary_col = if compact { 3 } else { 4 };
        if let Some(col) = table.column_mut(salary_col) {
            col.set_constraint(ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(20)));
        }
        let shortfall = |out: &mut dyn Write| match report.shortfall() {
            Some(why) => writeln!(out, "only {} shown: {}", report.rows.len(), for_terminal(&why)),
            None => Ok(()),
        };
        if !self.explain {
            writeln!(out, "{table}")?;
            return shortfall(out);
        }
        // Rules between rows mark where each row ends: its "why" goes just above.
        table.set_style(comfy_table::TableComponent::HorizontalLines, '─');
        table.set_style(comfy_table::TableComponent::MiddleIntersections, '─');
        table.set_style(comfy_table::TableComponent::LeftBorderIntersections, ' ');
        table.set_style(comfy_table::TableComponent::RightBorderIntersections, ' ');
        let width = table.width().unwrap_or(80) as usize;
        let rendered = table.to_string();
        let mut whys = report.rows.iter().map(|r| for_terminal(&why_line(r.explanation)));
        let mut in_body = false;
        for line in rendered.lines() {
            let rule = !line.trim().is_empty() && line.trim().chars().all(|c| c == '─');
            if line.contains('═') {
                in_body = true;
            } else if in_body && rule {
                if let Some(why) = whys.next() {
                    for l in wrap(&format!("why: {why}"), width.saturating_sub(WHY_INDENT.len()).max(20)) {
                        writeln!(out, "{WHY_INDENT}{l}")?;
                    }
                }
            }
            writeln!(out, "{line}")?;
        }
        shortfall(out)
    }
}
