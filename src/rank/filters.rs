//! Which postings the user wants to see at all.

use crate::postings::Posting;

/// Which postings the user wants to see at all.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub remote_only: bool,
    /// Case-insensitive substring of any location.
    pub location: Option<String>,
    /// Minimum of the range's top, as a yearly figure, in `currency`.
    pub min_salary: Option<f64>,
    /// The currency `min_salary` is in (default USD); when set alone, only
    /// postings paid in it. Amounts are never converted between currencies.
    pub currency: Option<String>,
    /// Earliest posting date, `YYYY-MM-DD`; undated postings are left out.
    pub since: Option<String>,
    /// Postings to leave out by index (older reposts of another posting).
    pub hidden: Vec<bool>,
}

impl Filters {
    /// The currency of `min_salary` when none is given.
    pub const DEFAULT_CURRENCY: &str = "USD";

    /// Whether posting `i` is shown.
    pub fn accepts(&self, i: usize, p: &Posting) -> bool {
        if self.hidden.get(i).copied().unwrap_or(false) {
            return false;
        }
        if self.remote_only && !p.remote {
            return false;
        }
        if let Some(loc) = &self.location {
            let needle = loc.to_lowercase();
            if !p.locations.iter().any(|l| l.to_lowercase().contains(&needle)) {
                return false;
            }
        }
        if self.min_salary.is_some() || self.currency.is_some() {
            let currency = self.currency.as_deref().unwrap_or(Filters::DEFAULT_CURRENCY);
            let Some(s) = p.salary.as_ref().filter(|s| s.currency.as_deref() == Some(currency)) else {
                return false;
            };
            if let Some(min) = self.min_salary {
                if !s.yearly_max().is_some_and(|top| top >= min) {
                    return false;
                }
            }
        }
        if let Some(since) = &self.since {
            if p.posted.as_ref().is_none_or(|d| d < since) {
                return false;
            }
        }
        true
    }
}
