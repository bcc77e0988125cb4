use chrono::NaiveDate;

use super::*;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The 2025 National Day block: 10-01 to 10-08 off, 09-28 and 10-11 worked.
fn calendar_2025() -> WorkCalendar {
    let mut days: Vec<(NaiveDate, DayKind)> = (1..=8)
        .map(|day| {
            (
                NaiveDate::from_ymd_opt(2025, 10, day).unwrap(),
                DayKind::Off,
            )
        })
        .collect();
    days.push((date("2025-09-28"), DayKind::Work));
    days.push((date("2025-10-11"), DayKind::Work));
    WorkCalendar::new([YearSchedule::new(2025, days, "test").unwrap()]).unwrap()
}

#[test]
fn adjusted_weekend_is_a_working_day() {
    let calendar = calendar_2025();
    assert!(calendar.is_working_day(date("2025-09-28")).unwrap());
    assert!(!calendar.is_working_day(date("2025-09-27")).unwrap());
    assert!(!calendar.is_working_day(date("2025-10-03")).unwrap());
    assert!(calendar.is_working_day(date("2025-10-09")).unwrap());
}

#[test]
fn starting_day_is_not_counted() {
    let calendar = calendar_2025();
    assert_eq!(
        calendar.add_working_days(date("2025-09-26"), 0).unwrap(),
        date("2025-09-26")
    );
    assert_eq!(
        calendar.add_working_days(date("2025-09-26"), 1).unwrap(),
        date("2025-09-28")
    );
    assert_eq!(
        calendar.add_working_days(date("2025-09-26"), 20).unwrap(),
        date("2025-10-30")
    );
}

#[test]
fn count_is_inverse_of_add() {
    let calendar = calendar_2025();
    for n in 0..40 {
        let end = calendar.add_working_days(date("2025-09-20"), n).unwrap();
        assert_eq!(
            calendar
                .working_days_between(date("2025-09-20"), end)
                .unwrap(),
            n
        );
    }
}

#[test]
fn year_without_schedule_is_named() {
    let calendar = calendar_2025();
    let error = calendar
        .add_working_days(date("2025-12-20"), 10)
        .unwrap_err();
    assert_eq!(error, CalendarError::YearNotCovered { year: 2026 });
    assert!(error.to_string().contains("2026"));
}

#[test]
fn replacing_a_year_changes_answers_and_revision() {
    let mut calendar = calendar_2025();
    let before = calendar.add_working_days(date("2025-09-26"), 20).unwrap();
    let revision = calendar.revision();
    let replacement = YearSchedule::new(2025, [], "revised").unwrap();
    let old = calendar.replace_year(replacement);
    assert!(old.is_some());
    assert_eq!(calendar.revision(), revision + 1);
    let after = calendar.add_working_days(date("2025-09-26"), 20).unwrap();
    assert_ne!(before, after);
    assert_eq!(after, date("2025-10-24"));
}

#[test]
fn time_limit_skips_suspended_days_and_recomputes() {
    let mut calendar = calendar_2025();
    let mut limit = TimeLimit::new(date("2025-09-26"), 20);
    assert_eq!(
        limit.due_date(&calendar).unwrap().date,
        Some(date("2025-10-30"))
    );

    limit.suspensions.push(Suspension {
        from: date("2025-10-13"),
        until: None,
    });
    assert_eq!(limit.due_date(&calendar).unwrap().date, None);

    limit.suspensions[0].until = Some(date("2025-10-14"));
    assert_eq!(
        limit.due_date(&calendar).unwrap().date,
        Some(date("2025-11-03"))
    );

    calendar.replace_year(YearSchedule::new(2025, [], "revised").unwrap());
    let due = limit.due_date(&calendar).unwrap();
    assert_eq!(due.date, Some(date("2025-10-28")));
    assert_eq!(due.calendar_revision, 2);
}

#[test]
fn schedule_rejects_bad_days() {
    let error = YearSchedule::new(2025, [(date("2024-12-31"), DayKind::Off)], "x").unwrap_err();
    assert_eq!(error.rule(), "schedule-outside-year");
    let error = YearSchedule::new(2025, [(date("2025-10-09"), DayKind::Work)], "x").unwrap_err();
    assert_eq!(error.rule(), "schedule-work-on-weekday");
    let twice = [
        (date("2025-10-01"), DayKind::Off),
        (date("2025-10-01"), DayKind::Off),
    ];
    assert_eq!(
        YearSchedule::new(2025, twice, "x").unwrap_err().rule(),
        "schedule-duplicate"
    );
}
