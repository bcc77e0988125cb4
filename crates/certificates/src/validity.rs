//! Validity periods: days in Asia/Shanghai on the certificate, instants in UTC when compared.
//!
//! A certificate valid from day F until day U is valid from 00:00 of F in Asia/Shanghai up to,
//! but not including, 00:00 of the day after U. So one valid until 2026-12-31 is valid at
//! 2026-12-31 23:59:59 +08:00 and no longer at 2027-01-01 00:00:00 +08:00
//! (2026-12-31T16:00:00Z).

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use tongban_domain::time::CHINA_STANDARD_TIME;

/// Where an instant falls in a validity period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    /// Before the first day.
    NotYetValid {
        /// When the period starts.
        starts_at: DateTime<Utc>,
    },
    /// Within it.
    Valid,
    /// After the last day.
    Expired {
        /// When the period ended.
        ended_at: DateTime<Utc>,
    },
}

/// Returns 00:00 of `day` in Asia/Shanghai, in UTC.
pub fn start_of_day(day: NaiveDate) -> DateTime<Utc> {
    // Asia/Shanghai has a fixed offset, so every local midnight exists exactly once.
    (day.and_time(chrono::NaiveTime::MIN)
        - TimeDelta::seconds(i64::from(CHINA_STANDARD_TIME.local_minus_utc())))
    .and_utc()
}

/// Returns the instant validity ends: 00:00 of the day after `last_day` in Asia/Shanghai.
pub fn end_of_validity(last_day: NaiveDate) -> DateTime<Utc> {
    start_of_day(last_day + TimeDelta::days(1))
}

/// Returns where `at` falls in the period from `first_day` to `last_day` (none for no end).
pub fn validity_at(
    first_day: NaiveDate,
    last_day: Option<NaiveDate>,
    at: DateTime<Utc>,
) -> Validity {
    let starts_at = start_of_day(first_day);
    if at < starts_at {
        return Validity::NotYetValid { starts_at };
    }
    match last_day.map(end_of_validity) {
        Some(ended_at) if at >= ended_at => Validity::Expired { ended_at },
        _ => Validity::Valid,
    }
}

/// Returns the last day of a period of `years` years from `first_day`: the day before the same
/// date `years` later. When that year has no such date (29 February), the period ends on the
/// last day of the month, as 民法典 art. 201 counts periods.
pub fn last_day_after_years(first_day: NaiveDate, years: u32) -> Option<NaiveDate> {
    use chrono::Datelike;
    let later = first_day.checked_add_months(chrono::Months::new(years.checked_mul(12)?))?;
    if later.day() == first_day.day() {
        later.pred_opt()
    } else {
        Some(later)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn beijing(text: &str) -> DateTime<Utc> {
        let local = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap();
        CHINA_STANDARD_TIME
            .from_local_datetime(&local)
            .single()
            .unwrap()
            .to_utc()
    }

    #[test]
    fn expiry_at_midnight_in_beijing() {
        let from = date("2024-01-01");
        let until = Some(date("2026-12-31"));
        assert_eq!(
            validity_at(from, until, beijing("2026-12-31 23:59:59")),
            Validity::Valid
        );
        let next = beijing("2027-01-01 00:00:00");
        assert_eq!(next.to_rfc3339(), "2026-12-31T16:00:00+00:00");
        assert_eq!(
            validity_at(from, until, next),
            Validity::Expired { ended_at: next }
        );
    }

    #[test]
    fn start_is_midnight_in_beijing() {
        let from = date("2026-03-02");
        let start = beijing("2026-03-02 00:00:00");
        assert_eq!(start_of_day(from), start);
        assert_eq!(
            validity_at(from, None, start - TimeDelta::seconds(1)),
            Validity::NotYetValid { starts_at: start }
        );
        assert_eq!(validity_at(from, None, start), Validity::Valid);
        assert_eq!(
            validity_at(from, None, beijing("2099-01-01 00:00:00")),
            Validity::Valid
        );
    }

    #[test]
    fn years_end_the_day_before() {
        assert_eq!(
            last_day_after_years(date("2026-03-02"), 2),
            Some(date("2028-03-01"))
        );
        assert_eq!(
            last_day_after_years(date("2024-02-29"), 1),
            Some(date("2025-02-28"))
        );
    }
}
