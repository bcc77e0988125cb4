//! The clock of a case: deemed acceptance, deadlines and their warning flags.

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::{CalendarError, TimeLimit, WorkCalendar};

/// Working days an authority has to accept, reject or ask for a correction before an
/// application counts as accepted from the day it was received (行政许可法 art. 32).
pub const DEEMED_ACCEPTANCE_WORKING_DAYS: u32 = 5;

/// Returns the last day on which the authority may still send a correction notice for an
/// application received on `received`; from the next day it counts as accepted.
///
/// # Errors
/// [`CalendarError::YearNotCovered`] when the period reaches a year without a schedule.
pub fn correction_notice_due(
    received: NaiveDate,
    calendar: &WorkCalendar,
) -> Result<NaiveDate, CalendarError> {
    calendar.add_working_days(received, DEEMED_ACCEPTANCE_WORKING_DAYS)
}

/// How close a deadline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineFlag {
    /// More than the warning margin left, or the clock is stopped.
    Green,
    /// Within the warning margin: `yellow_days` working days or fewer left, deadline not passed.
    Yellow,
    /// The deadline has passed.
    Red,
}

impl DeadlineFlag {
    /// Returns the message key of the flag's name.
    pub fn label_key(self) -> &'static str {
        match self {
            DeadlineFlag::Green => "deadline-flag-green",
            DeadlineFlag::Yellow => "deadline-flag-yellow",
            DeadlineFlag::Red => "deadline-flag-red",
        }
    }
}

/// Returns the flag of `limit` on `today`: red after the due date, yellow when `yellow_days`
/// working days or fewer remain, green otherwise and while the clock is stopped.
///
/// # Errors
/// [`CalendarError::YearNotCovered`] when the period reaches a year without a schedule.
pub fn flag(
    limit: &TimeLimit,
    today: NaiveDate,
    yellow_days: u32,
    calendar: &WorkCalendar,
) -> Result<DeadlineFlag, CalendarError> {
    let Some(due) = limit.due_date(calendar)?.date else {
        return Ok(DeadlineFlag::Green);
    };
    if today > due {
        return Ok(DeadlineFlag::Red);
    }
    let remaining = calendar.working_days_between(today, due)?;
    Ok(if remaining <= yellow_days {
        DeadlineFlag::Yellow
    } else {
        DeadlineFlag::Green
    })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::calendar::{DayKind, Suspension, YearSchedule};

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// 2025 National Day and Mid-Autumn: 10-01 to 10-08 off, Sunday 09-28 and Saturday 10-11
    /// worked.
    fn calendar() -> WorkCalendar {
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
    fn correction_window_crosses_the_holiday() {
        // Received Friday 09-26: 09-28 (Sunday, worked), 09-29, 09-30, 10-09, 10-10.
        assert_eq!(
            correction_notice_due(date("2025-09-26"), &calendar()).unwrap(),
            date("2025-10-10")
        );
    }

    #[test]
    fn flags_turn_yellow_then_red() {
        let calendar = calendar();
        let limit = TimeLimit::new(date("2025-09-26"), 20);
        // Due 2025-10-30.
        assert_eq!(
            flag(&limit, date("2025-10-20"), 3, &calendar).unwrap(),
            DeadlineFlag::Green
        );
        assert_eq!(
            flag(&limit, date("2025-10-27"), 3, &calendar).unwrap(),
            DeadlineFlag::Yellow
        );
        assert_eq!(
            flag(&limit, date("2025-10-30"), 3, &calendar).unwrap(),
            DeadlineFlag::Yellow
        );
        assert_eq!(
            flag(&limit, date("2025-10-31"), 3, &calendar).unwrap(),
            DeadlineFlag::Red
        );
    }

    #[test]
    fn stopped_clock_is_green() {
        let mut limit = TimeLimit::new(date("2025-09-26"), 20);
        limit.suspensions.push(Suspension {
            from: date("2025-10-13"),
            until: None,
        });
        assert_eq!(
            flag(&limit, date("2025-12-01"), 3, &calendar()).unwrap(),
            DeadlineFlag::Green
        );
    }
}
