//! The `filtr gaps` report: a table for people, or one JSON object.

use std::io::{self, Write};

use comfy_table::{presets, Cell, CellAlignment, ContentArrangement, Table};
use serde_json::json;

use crate::rank::gaps::{Gaps, SkillDemand};
use crate::rank::Funnel;
use crate::text::sanitize::for_terminal;

use super::thousands;

pub struct GapsReport<'a> {
    pub resume: &'a str,
    pub corpus: &'a str,
    pub model: Option<&'a str>,
    pub funnel: &'a Funnel,
    pub gaps: &'a Gaps,
}

/// Rows shown per list in the table; JSON has them all.
const SHOWN: usize = 15;

impl GapsReport<'_> {
    pub fn write_text(&self, out: &mut dyn Write, width: u16) -> io::Result<()> {
        let g = self.gaps;
        writeln!(
            out,
            "{}: what your top {} matches ask for (of {} postings in {}{}{})",
            for_terminal(self.resume),
            g.matches,
            thousands(self.funnel.left() as u64),
            for_terminal(self.corpus),
            match self.funnel.removed_by(crate::rank::Stage::Excluded) {
                0 => String::new(),
                n => format!(", {} excluded", thousands(n as u64)),
            },
            if self.model.is_some() { "" } else { "; no model" }
        )?;
        if g.matches == 0 {
            return writeln!(
                out,
                "no posting passes the filters: {}",
                for_terminal(&self.funnel.describe())
            );
        }
        let n = g.matches;
        let lists: [(&str, &[SkillDemand], bool); 3] = [
            ("Missing, required", &g.missing_required, true),
            ("Missing, preferred only", &g.missing_preferred, true),
            ("You have, most asked for", &g.strengths, false),
        ];
        for (heading, list, missing) in lists {
            writeln!(out)?;
            if list.is_empty() {
                writeln!(out, "{heading}: none")?;
                continue;
            }
            let mut t = Table::new();
            t.load_preset(presets::UTF8_BORDERS_ONLY);
            t.set_content_arrangement(ContentArrangement::Dynamic);
            t.set_width(width);
            t.force_no_tty();
            let mut header = vec![heading, "required by", "preferred by"];
            if missing {
                header.push("score gain");
            }
            header.push("e.g.");
            t.set_header(header);
            for d in list.iter().take(SHOWN) {
                let mut row = vec![
                    Cell::new(for_terminal(&d.skill)),
                    Cell::new(format!("{} of {n}", d.required_by.len())).set_alignment(CellAlignment::Right),
                    Cell::new(d.preferred_by.len()).set_alignment(CellAlignment::Right),
                ];
                if missing {
                    row.push(
                        Cell::new(format!("+{:.1}", d.gain.unwrap_or(0.0) * 100.0)).set_alignment(CellAlignment::Right),
                    );
                }
                let first: Vec<&str> = d
                    .required_by
                    .iter()
                    .chain(&d.preferred_by)
                    .take(2)
                    .map(String::as_str)
                    .collect();
                row.push(Cell::new(for_terminal(&first.join(", "))));
                t.add_row(row);
            }
            writeln!(out, "{t}")?;
            if list.len() > SHOWN {
                writeln!(out, "  … {} more (--format json lists them all)", list.len() - SHOWN)?;
            }
        }
        writeln!(
            out,
            "\nscore gain: points the fused scores of those postings would rise, summed, if the resume showed the skill"
        )
    }

    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let v = json!({
            "resume": self.resume,
            "corpus": self.corpus,
            "model": self.model,
            "postings": self.funnel.total,
            "considered": self.funnel.left(),
            "excluded": self.funnel.removed_by(crate::rank::Stage::Excluded),
            "top": self.gaps.matches,
            "missing_required": self.gaps.missing_required,
            "missing_preferred": self.gaps.missing_preferred,
            "strengths": self.gaps.strengths,
        });
        serde_json::to_writer(&mut *out, &v)?;
        writeln!(out)
    }
}
