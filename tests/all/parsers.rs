//! Property tests (proptest) of the free-text parsers: salaries, dates and
//! experience. Whatever the input: no panic, and no impossible answer.

use filtr::profile::experience::{self, Month};
use filtr::report::thousands;
use filtr::text::salary::{self, Unit};
use proptest::prelude::*;

fn unit() -> impl Strategy<Value = (Unit, &'static str)> {
    prop_oneof![
        Just((Unit::Hour, "per hour")),
        Just((Unit::Hour, "/hr")),
        Just((Unit::Day, "per day")),
        Just((Unit::Week, "a week")),
        Just((Unit::Month, "per month")),
        Just((Unit::Year, "per year")),
        Just((Unit::Year, "a year")),
    ]
}

fn currency() -> impl Strategy<Value = (&'static str, &'static str)> {
    prop_oneof![
        Just(("$", "USD")),
        Just(("£", "GBP")),
        Just(("€", "EUR")),
        Just(("CA$", "CAD"))
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_text_parses_to_nothing_or_a_sane_salary(text in "\\PC{0,60}") {
        for s in [salary::parse(&text), salary::find(&text)].into_iter().flatten() {
            for v in [s.min, s.max].into_iter().flatten() {
                prop_assert!(v.is_finite() && v > 0.0 && v <= 1e9, "{text:?} → {s:?}");
            }
            if let (Some(lo), Some(hi)) = (s.min, s.max) {
                prop_assert!(lo <= hi, "{text:?} → {s:?}");
            }
            prop_assert!(s.currency.is_none_or(salary::is_iso_currency));
        }
    }

    #[test]
    fn written_ranges_read_back_exactly(
        lo in 1u64..500, extra in 0u64..200, (unit, said) in unit(), (sym, code) in currency()
    ) {
        // Yearly amounts in thousands, the rest as written.
        let (lo, hi) = if unit == Unit::Year { (lo * 1000 + 10_000, (lo + extra) * 1000 + 10_000) } else { (lo, lo + extra) };
        let hi = hi.min(lo * 9);
        let text = format!("{sym}{} - {sym}{} {said}", thousands(lo), thousands(hi));
        let s = salary::parse(&text).unwrap_or_else(|| panic!("{text:?} did not parse"));
        prop_assert_eq!((s.min, s.max, s.currency, s.unit), (Some(lo as f64), Some(hi as f64), Some(code), unit), "{}", text);
        let in_text = format!("Pay: {text}. Benefits include a 401(k).");
        let f = salary::find(&in_text).unwrap_or_else(|| panic!("{in_text:?} not found"));
        prop_assert_eq!((f.min, f.max), (Some(lo as f64), Some(hi as f64)));
    }

    #[test]
    fn roles_are_within_their_dates_and_before_today(text in "(\\PC|\\n|[0-9]{4}| - |Present|Jan |Dec ){0,40}") {
        let today = Month::new(2026, 11).unwrap();
        let roles = experience::roles(&text, today);
        for r in &roles {
            prop_assert!(r.start <= r.end && r.end.0 <= today.0 + 1, "{text:?} → {r:?}");
        }
        if let Some(y) = experience::years_of_experience(&roles) {
            prop_assert!((0.0..100.0).contains(&y));
        }
        let _ = experience::years_required(&text);
        let _ = experience::seniority_from_title(&text);
    }

    #[test]
    fn dated_ranges_are_found(y1 in 1990i32..2020, len in 0i32..6, m1 in 1u32..=12, m2 in 1u32..=12) {
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let y2 = y1 + len;
        prop_assume!(Month::new(y1, m1) <= Month::new(y2, m2));
        let text = format!("Experience\nNurse, Mercy Hospital | {} {y1} – {} {y2}\n- Patient care", MONTHS[m1 as usize - 1], MONTHS[m2 as usize - 1]);
        let roles = experience::roles(&text, Month::new(2026, 11).unwrap());
        prop_assert_eq!(roles.len(), 1, "{}", text);
        prop_assert_eq!((roles[0].start, roles[0].end), (Month::new(y1, m1).unwrap(), Month::new(y2, m2).unwrap()));
    }

    #[test]
    fn since_is_never_after_today(n in 0u32..5000, unit in prop_oneof![Just("d"), Just("w"), Just("m"), Just("y")]) {
        let today = (2026, 11, 26);
        if let Ok((y, m, d)) = filtr::text::since::parse_since(&format!("{n}{unit}"), today) {
            prop_assert!((y, m, d) <= today);
        }
    }
}
