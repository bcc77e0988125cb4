use chrono::NaiveDate;
use tongban_domain::calendar::CalendarError;

use crate::data;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn deadlines_match_official_schedules() {
    let calendar = data().calendar().unwrap();
    let cases = [
        (
            "2025-09-26",
            20,
            "2025-10-30",
            "National Day and Mid-Autumn 2025 with two adjusted Sundays",
        ),
        (
            "2025-09-30",
            5,
            "2025-10-14",
            "start right before the eight-day block",
        ),
        (
            "2026-02-13",
            3,
            "2026-02-25",
            "Spring Festival 2026, nine days, 02-14 worked",
        ),
        (
            "2025-12-31",
            20,
            "2026-01-29",
            "across the year boundary, 2026-01-04 worked",
        ),
    ];
    for (from, days, expected, why) in cases {
        let due = calendar.add_working_days(date(from), days).unwrap();
        assert_eq!(due, date(expected), "{from} + {days}: {why}");
    }
}

#[test]
fn working_days_per_year() {
    let calendar = data().calendar().unwrap();
    for (year, expected) in [(2024, 251), (2025, 248), (2026, 248)] {
        assert_eq!(
            calendar.working_days_in_year(year).unwrap(),
            expected,
            "{year}"
        );
    }
}

#[test]
fn schedules_cover_2004_to_2026() {
    let calendar = data().calendar().unwrap();
    let years: Vec<i32> = calendar.years().collect();
    assert_eq!(years.first(), Some(&2004));
    assert_eq!(years.last(), Some(&2026));
    assert_eq!(years.len(), 23);
}

#[test]
fn year_2027_is_an_error_naming_it() {
    let calendar = data().calendar().unwrap();
    let error = calendar.is_working_day(date("2027-01-04")).unwrap_err();
    assert_eq!(error, CalendarError::YearNotCovered { year: 2027 });
    let error = calendar
        .add_working_days(date("2026-12-25"), 10)
        .unwrap_err();
    assert_eq!(error, CalendarError::YearNotCovered { year: 2027 });
}
