//! Time limits counted in working days, with the clock stopped while a suspension runs.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{CalendarError, WorkCalendar};

/// A span in which the clock stops, such as a correction request or a special procedure
/// (行政许可法 art. 45). Working days from `from` to `until`, both included, do not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    /// First day without the clock.
    pub from: NaiveDate,
    /// Last day without the clock; `None` while the suspension still runs.
    pub until: Option<NaiveDate>,
}

impl Suspension {
    fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && self.until.is_none_or(|until| date <= until)
    }
}

/// A time limit: its inputs, from which the due date can be computed again whenever the
/// calendar changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeLimit {
    /// The day the period starts on, itself not counted (usually the day of acceptance).
    pub start: NaiveDate,
    /// Length in working days.
    pub working_days: u32,
    /// Spans in which the clock stopped, in any order.
    pub suspensions: Vec<Suspension>,
}

/// A due date and the calendar revision it was computed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DueDate {
    /// The last day of the period, or `None` while a suspension runs and the end is unknown.
    pub date: Option<NaiveDate>,
    /// [`WorkCalendar::revision`] at computation time.
    pub calendar_revision: u64,
}

impl TimeLimit {
    /// Returns a limit of `working_days` from `start` without suspensions.
    pub fn new(start: NaiveDate, working_days: u32) -> TimeLimit {
        TimeLimit {
            start,
            working_days,
            suspensions: Vec::new(),
        }
    }

    /// Computes the due date on `calendar`: the day the last counted working day falls on,
    /// skipping every working day inside a suspension.
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] when the period reaches into a year without a schedule.
    pub fn due_date(&self, calendar: &WorkCalendar) -> Result<DueDate, CalendarError> {
        let calendar_revision = calendar.revision();
        if self
            .suspensions
            .iter()
            .any(|suspension| suspension.until.is_none())
        {
            return Ok(DueDate {
                date: None,
                calendar_revision,
            });
        }
        let mut date = self.start;
        let mut remaining = self.working_days;
        while remaining > 0 {
            date = date
                .checked_add_days(Days::new(1))
                .ok_or(CalendarError::YearNotCovered { year: i32::MAX })?;
            let suspended = self
                .suspensions
                .iter()
                .any(|suspension| suspension.covers(date));
            if !suspended && calendar.is_working_day(date)? {
                remaining -= 1;
            }
        }
        Ok(DueDate {
            date: Some(date),
            calendar_revision,
        })
    }
}
