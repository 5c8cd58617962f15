//! `--since` values: a relative span ("30d", "6m") or an ISO date, as the
//! earliest date a posting may carry.

/// Relative `--since` values reaching further back than this many units are refused (about 27,000 years of days).
const MAX_SINCE_UNITS: i64 = 10_000_000;

use crate::text::calendar::{civil_from_days, days_from_civil, days_in_month, is_valid_date};

/// `months` before the date, the day clamped to the month's length (March 30 minus a month is February 28 or 29).
fn months_before(y: i64, m: u32, d: u32, months: i64) -> (i64, u32, u32) {
    let total = y * 12 + i64::from(m) - 1 - months;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    (y, m, d.min(days_in_month(y, m)))
}

/// "YYYY-M-D" shaped text, not yet validated as a date.
fn iso_date(v: &str) -> Option<(i64, u32, u32)> {
    let mut parts = v.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |p: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.next().is_some() || !digits(y, 4..=4) || !digits(m, 1..=2) || !digits(d, 1..=2) {
        return None;
    }
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

/// Parse a `--since` value relative to today: "30d", "2w", "6m" (months), "1y" (long unit names work too), or an
/// ISO date "2025-10-01". Returns the earliest allowed date as (year, month, day). A date after today is refused:
/// it would filter out everything.
pub fn parse_since(value: &str, today: (i32, u32, u32)) -> Result<(i32, u32, u32), String> {
    const USAGE: &str = "expected a number of days like 30d, or a date like 2025-10-01";
    let (ty, tm, td) = (i64::from(today.0), today.1, today.2);
    if !is_valid_date(ty, tm, td) {
        return Err(format!(
            "today's date {}-{:02}-{:02} is not a valid date",
            today.0, today.1, today.2
        ));
    }
    let v = value.trim();
    if let Some((y, m, d)) = iso_date(v) {
        if !is_valid_date(y, m, d) {
            return Err(format!("{v} is not a valid date"));
        }
        if (y, m, d) > (ty, tm, td) {
            return Err(format!("{v} is in the future"));
        }
        return Ok((y as i32, m, d));
    }
    let digits = v.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Err(USAGE.to_string());
    }
    let n = v[..digits]
        .parse::<i64>()
        .ok()
        .filter(|&n| n <= MAX_SINCE_UNITS)
        .ok_or(format!("{v} is too far back"))?;
    let (y, m, d) = match v[digits..].trim_start().to_ascii_lowercase().as_str() {
        "d" | "day" | "days" => civil_from_days(days_from_civil(ty, tm, td) - n),
        "w" | "wk" | "wks" | "week" | "weeks" => civil_from_days(days_from_civil(ty, tm, td) - 7 * n),
        "m" | "mo" | "mon" | "month" | "months" => months_before(ty, tm, td, n),
        "y" | "yr" | "yrs" | "year" | "years" => months_before(ty, tm, td, 12 * n),
        _ => return Err(USAGE.to_string()),
    };
    let y = i32::try_from(y)
        .ok()
        .filter(|&y| y >= 1)
        .ok_or(format!("{v} reaches back before year 1"))?;
    Ok((y, m, d))
}
