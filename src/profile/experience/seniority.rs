//! Seniority levels, from a job title or from years of experience.

/// Seniority levels, ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Seniority {
    Intern,
    Entry,
    Mid,
    Senior,
    Lead,
    Principal,
    Executive,
}

pub(super) const LEVELS: [Seniority; 7] = [
    Seniority::Intern,
    Seniority::Entry,
    Seniority::Mid,
    Seniority::Senior,
    Seniority::Lead,
    Seniority::Principal,
    Seniority::Executive,
];

impl Seniority {
    pub fn name(self) -> &'static str {
        match self {
            Seniority::Intern => "intern",
            Seniority::Entry => "entry",
            Seniority::Mid => "mid",
            Seniority::Senior => "senior",
            Seniority::Lead => "lead",
            Seniority::Principal => "principal",
            Seniority::Executive => "executive",
        }
    }

    /// The usual range of years of experience at this level.
    pub fn typical_years(self) -> (f64, f64) {
        match self {
            Seniority::Intern => (0.0, 1.0),
            Seniority::Entry => (0.0, 2.0),
            Seniority::Mid => (2.0, 5.0),
            Seniority::Senior => (5.0, 10.0),
            Seniority::Lead => (7.0, 15.0),
            Seniority::Principal => (10.0, 25.0),
            Seniority::Executive => (12.0, 40.0),
        }
    }

    /// One level down: what "Assistant", "Associate", "Deputy" or "Vice" make of a leadership word.
    fn below(self) -> Seniority {
        LEVELS[(self as usize).saturating_sub(1)]
    }
}

/// Words after "Staff" that make it the engineering level; "Staff Accountant" or "Staff Nurse" is not one.
pub(super) const STAFF_TRACKS: &[&str] = &[
    "engineer",
    "software",
    "developer",
    "scientist",
    "data",
    "machine",
    "ml",
    "product",
    "designer",
    "researcher",
    "sre",
    "swe",
    "security",
    "backend",
    "frontend",
    "infrastructure",
    "platform",
    "site",
    "systems",
];

/// A leadership word at `i` ("Manager", "Head of", "Vice President", "Principal"): its level and token count.
pub(super) fn leader_at(words: &[String], i: usize) -> Option<(Seniority, usize)> {
    let w = |j: usize| words.get(j).map_or("", String::as_str);
    let level = match w(i) {
        "vice" if w(i + 1) == "president" => return Some((Seniority::Executive, 2)),
        "co" if w(i + 1) == "founder" => return Some((Seniority::Executive, 2)),
        "head" if w(i + 1) == "of" => return Some((Seniority::Executive, 2)),
        "lead" if !matches!(w(i + 1), "generation" | "gen") => Seniority::Lead,
        "staff" if STAFF_TRACKS.contains(&w(i + 1)) => Seniority::Lead,
        "manager" | "mgr" | "supervisor" | "foreman" | "forewoman" | "foreperson" | "superintendent" | "leader"
        | "head" => Seniority::Lead,
        "principal" | "distinguished" => Seniority::Principal,
        "director" | "president" | "chief" | "ceo" | "cto" | "cfo" | "coo" | "cio" | "ciso" | "cmo" | "cpo" | "cro"
        | "cdo" | "vp" | "svp" | "evp" | "founder" | "cofounder" => Seniority::Executive,
        _ => return None,
    };
    Some((level, 1))
}

/// Seniority from a job title, `None` without a level marker.
///
/// Decisions: an intern marker wins outright; explicit juniority ("Junior", "Jr", "Entry-Level", "Graduate",
/// "Apprentice", "Trainee", a leading "Associate") wins over role nouns ("Junior Project Manager" is Entry); otherwise
/// the highest marker wins ("Senior Director" is Executive). "Manager", "Supervisor", "Foreman", "Head Chef", "Team
/// Lead" and "Staff Engineer" are Lead; "Principal" and "Distinguished" are Principal; "Head of", "Director", "VP",
/// "Chief", "C?O" and "Founder" are Executive. "Assistant", "Associate", "Deputy" or "Vice" before a leadership word
/// lowers it one level ("Assistant Manager" is Senior); "Assistant" or "Associate" before another word is Entry
/// ("Assistant Editor"); a trailing "Assistant" is an occupation ("Medical Assistant" is None). Numerals: I Entry,
/// II Mid, III Senior, IV Lead, also as "Level 2", "Grade 3", "Tier 1". "Master Electrician" is Senior, "Journeyman"
/// Mid.
pub fn seniority_from_title(title: &str) -> Option<Seniority> {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let w = |j: usize| words.get(j).map_or("", String::as_str);
    let mut best: Option<Seniority> = None;
    let mut junior = false;
    let mut i = 0;
    while i < words.len() {
        let (cur, next) = (w(i), w(i + 1));
        if matches!(cur, "intern" | "interns" | "internship" | "coop" | "practicum") || cur == "co" && next == "op" {
            return Some(Seniority::Intern);
        }
        let mut step = 1;
        let level = if let Some((level, n)) = leader_at(&words, i) {
            step = n;
            Some(level)
        } else if matches!(cur, "assistant" | "asst" | "associate" | "assoc" | "deputy" | "vice") {
            let helper = matches!(cur, "assistant" | "asst" | "associate" | "assoc");
            if let Some((level, n)) = leader_at(&words, i + 1) {
                step = 1 + n;
                Some(level.below())
            } else if helper && (next == "to" || i == 0 && matches!(cur, "associate" | "assoc")) {
                junior = true; // "Assistant to the CEO", "Associate Product Manager"
                None
            } else {
                let occupation = next.is_empty() && matches!(cur, "assistant" | "asst");
                (helper && !occupation).then_some(Seniority::Entry)
            }
        } else {
            match cur {
                "junior" | "jr" | "graduate" | "grad" | "apprentice" | "trainee" => {
                    junior = true;
                    None
                }
                "entry" if matches!(next, "level" | "lvl") => {
                    junior = true;
                    None
                }
                "senior" | "sr" | "snr" => Some(Seniority::Senior),
                "master" if i == 0 || w(i - 1) != "scrum" => Some(Seniority::Senior),
                "journeyman" | "journeyperson" | "journeywoman" | "journeyworker" | "intermediate" | "mid"
                | "midlevel" => Some(Seniority::Mid),
                "journey" if next == "level" => Some(Seniority::Mid),
                "level" | "grade" | "tier" => {
                    let n = match next {
                        "1" | "i" => Some(Seniority::Entry),
                        "2" | "ii" => Some(Seniority::Mid),
                        "3" | "iii" => Some(Seniority::Senior),
                        "4" | "iv" => Some(Seniority::Lead),
                        _ => None,
                    };
                    if n.is_some() {
                        step = 2;
                    }
                    n
                }
                "i" if i > 0 => Some(Seniority::Entry),
                "ii" if i > 0 => Some(Seniority::Mid),
                "iii" if i > 0 => Some(Seniority::Senior),
                "iv" if i > 0 => Some(Seniority::Lead),
                _ => None,
            }
        };
        best = best.max(level);
        i += step;
    }
    if junior {
        Some(Seniority::Entry)
    } else {
        best
    }
}

/// Seniority estimated from years of experience (for resumes): the lowest level whose typical range reaches past
/// `years`, so under 2 is Entry, under 5 Mid, under 10 Senior, under 15 Lead, and 15 or more Principal. Years alone
/// never make an Intern (a role type) or an Executive (a management track); NaN and negatives are Entry.
pub fn seniority_from_years(years: f64) -> Seniority {
    if years.is_nan() {
        return Seniority::Entry;
    }
    [Seniority::Entry, Seniority::Mid, Seniority::Senior, Seniority::Lead]
        .into_iter()
        .find(|s| years < s.typical_years().1)
        .unwrap_or(Seniority::Principal)
}
