use chrono::NaiveDate;

use super::*;
use crate::calendar::{DayKind, YearSchedule};

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The autumn of 2026: 中秋 09-25 to 09-27 and 国庆 10-01 to 10-07 off, 09-20 and 10-10 worked.
fn calendar_2026_autumn() -> WorkCalendar {
    let mut days = vec![
        (date("2026-09-25"), DayKind::Off),
        (date("2026-09-26"), DayKind::Off),
        (date("2026-09-27"), DayKind::Off),
        (date("2026-09-20"), DayKind::Work),
        (date("2026-10-10"), DayKind::Work),
    ];
    days.extend((1..=7).map(|day| {
        (
            NaiveDate::from_ymd_opt(2026, 10, day).unwrap(),
            DayKind::Off,
        )
    }));
    WorkCalendar::new([YearSchedule::new(2026, days, "test").unwrap()]).unwrap()
}

#[test]
fn satisfaction_codes_follow_a8() {
    let codes: Vec<u8> = Satisfaction::ALL.iter().map(|level| level.code()).collect();
    assert_eq!(codes, [1, 2, 3, 4, 5]);
    assert_eq!(Satisfaction::VerySatisfied.name_zh(), "非常满意");
    assert_eq!(Satisfaction::VeryDissatisfied.name_zh(), "非常不满意");
    assert_eq!(Satisfaction::from_code(0), None);
    assert_eq!(Satisfaction::from_code(6), None);
}

#[test]
fn only_codes_four_and_five_are_bad() {
    let bad: Vec<u8> = Satisfaction::ALL
        .iter()
        .filter(|level| level.is_bad())
        .map(|level| level.code())
        .collect();
    assert_eq!(bad, [4, 5]);
}

#[test]
fn satisfaction_parses_from_number_only() {
    assert_eq!(
        serde_json::from_str::<Satisfaction>("4").unwrap(),
        Satisfaction::Dissatisfied
    );
    assert!(serde_json::from_str::<Satisfaction>("9").is_err());
    assert!(serde_json::from_str::<Satisfaction>("\"4\"").is_err());
}

#[test]
fn rectification_due_skips_national_day() {
    let calendar = calendar_2026_autumn();
    let due = rectification_due(date("2026-09-24"), DEFAULT_RECTIFICATION_DAYS, &calendar).unwrap();
    // Mon to Fri alone would give 10-15; the two holiday blocks push it a week on, and the
    // adjusted Saturday 10-10 counts.
    assert_eq!(due, date("2026-10-22"));
}

#[test]
fn rectification_flag_turns_near_then_overdue() {
    let calendar = calendar_2026_autumn();
    let due = date("2026-10-22");
    let status = RectificationStatus::Verified;
    let flag = |today: &str| rectification_flag(status, due, date(today), &calendar).unwrap();
    assert_eq!(flag("2026-10-12"), RectificationFlag::OnTrack);
    assert_eq!(flag("2026-10-19"), RectificationFlag::NearDeadline);
    assert_eq!(flag("2026-10-22"), RectificationFlag::NearDeadline);
    assert_eq!(flag("2026-10-23"), RectificationFlag::Overdue);
}

#[test]
fn finished_rectification_is_never_overdue() {
    let calendar = calendar_2026_autumn();
    for status in [
        RectificationStatus::Reported,
        RectificationStatus::Excluded,
        RectificationStatus::Appealed,
    ] {
        let flag = rectification_flag(status, date("2026-10-22"), date("2026-11-30"), &calendar);
        assert_eq!(flag.unwrap(), RectificationFlag::OnTrack, "{status:?}");
    }
}

#[test]
fn rectification_path_and_appeal() {
    use RectificationStatus as S;
    use RectificationStep as T;

    assert_eq!(
        rectification_transition(S::Open, T::Verify, S::Open),
        Some(S::Verified)
    );
    assert_eq!(
        rectification_transition(S::Verified, T::Explain, S::Open),
        Some(S::Explained)
    );
    assert_eq!(
        rectification_transition(S::Explained, T::Report, S::Open),
        Some(S::Reported)
    );
    assert_eq!(rectification_transition(S::Open, T::Report, S::Open), None);
    assert_eq!(
        rectification_transition(S::Reported, T::Appeal, S::Open),
        None
    );
    assert_eq!(
        rectification_transition(S::Verified, T::Appeal, S::Open),
        Some(S::Appealed)
    );
    assert_eq!(
        rectification_transition(S::Appealed, T::RejectAppeal, S::Verified),
        Some(S::Verified)
    );
    assert_eq!(
        rectification_transition(S::Appealed, T::UpholdAppeal, S::Verified),
        Some(S::Excluded)
    );
}
