//! The working-day calendar that time limits are counted in.
//!
//! A working day is a Monday to Friday outside the announced holiday blocks, or a weekend day
//! announced as an adjusted working day (调休). The State Council announces each year's schedule;
//! tongban loads the schedules as data and never guesses one: a date in a year without a loaded
//! schedule is an error that names the year.

mod schedule;
mod time_limit;

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use tongban_i18n::Message;

use crate::RuleViolation;

pub use schedule::{DayKind, ScheduleError, YearSchedule};
pub use time_limit::{DueDate, Suspension, TimeLimit};

/// The schedules of every loaded year, with a revision that changes whenever one is replaced.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    years: BTreeMap<i32, YearSchedule>,
    revision: u64,
}

impl WorkCalendar {
    /// Builds a calendar from the schedules of several years.
    ///
    /// # Errors
    /// [`CalendarError::DuplicateYear`] when two schedules are for the same year.
    pub fn new(schedules: impl IntoIterator<Item = YearSchedule>) -> Result<Self, CalendarError> {
        let mut years = BTreeMap::new();
        for schedule in schedules {
            let year = schedule.year();
            if years.insert(year, schedule).is_some() {
                return Err(CalendarError::DuplicateYear { year });
            }
        }
        Ok(WorkCalendar { years, revision: 1 })
    }

    /// Returns the loaded years in order.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    /// Returns the schedule of `year`, if loaded.
    pub fn schedule(&self, year: i32) -> Option<&YearSchedule> {
        self.years.get(&year)
    }

    /// Returns the revision: 1 when built, one more after each replacement. A deadline records
    /// the revision it was computed with, so it can tell when it needs recomputing.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Replaces or adds the schedule of one year, for example after the State Council revised a
    /// published arrangement, and returns the schedule it replaced.
    pub fn replace_year(&mut self, schedule: YearSchedule) -> Option<YearSchedule> {
        self.revision += 1;
        self.years.insert(schedule.year(), schedule)
    }

    /// Returns whether `date` is a working day.
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] when no schedule is loaded for the year of `date`.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        let schedule = self
            .years
            .get(&date.year())
            .ok_or(CalendarError::YearNotCovered { year: date.year() })?;
        Ok(match schedule.kind_of(date) {
            Some(DayKind::Off) => false,
            Some(DayKind::Work) => true,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        })
    }

    /// Returns the day on which a period of `working_days` working days that starts on `from`
    /// ends. The starting day is not counted (民法典 art. 201), so `from` plus one working day
    /// is the next working day after `from`; plus zero is `from` itself.
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] when the period reaches into a year without a schedule.
    pub fn add_working_days(
        &self,
        from: NaiveDate,
        working_days: u32,
    ) -> Result<NaiveDate, CalendarError> {
        let mut date = from;
        let mut remaining = working_days;
        while remaining > 0 {
            date = next_day(date)?;
            if self.is_working_day(date)? {
                remaining -= 1;
            }
        }
        Ok(date)
    }

    /// Counts the working days after `from` up to and including `to`: the number `n` for which
    /// `add_working_days(from, n)` is the last working day not after `to`. Zero when `to` is
    /// not after `from`.
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] when the range reaches into a year without a schedule.
    pub fn working_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<u32, CalendarError> {
        let mut count = 0;
        let mut date = from;
        while date < to {
            date = next_day(date)?;
            if self.is_working_day(date)? {
                count += 1;
            }
        }
        Ok(count)
    }

    /// Counts the working days of a whole year.
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] when no schedule is loaded for `year`.
    pub fn working_days_in_year(&self, year: i32) -> Result<u32, CalendarError> {
        let first =
            NaiveDate::from_ymd_opt(year, 1, 1).ok_or(CalendarError::YearNotCovered { year })?;
        let last =
            NaiveDate::from_ymd_opt(year, 12, 31).ok_or(CalendarError::YearNotCovered { year })?;
        let first_counts = u32::from(self.is_working_day(first)?);
        Ok(first_counts + self.working_days_between(first, last)?)
    }
}

fn next_day(date: NaiveDate) -> Result<NaiveDate, CalendarError> {
    date.checked_add_days(Days::new(1))
        .ok_or(CalendarError::YearNotCovered {
            year: date.year() + 1,
        })
}

/// Why a calendar question has no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// No holiday schedule is loaded for the year.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    YearNotCovered {
        /// The year.
        year: i32,
    },
    /// Two schedules were given for one year.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    DuplicateYear {
        /// The year.
        year: i32,
    },
}

impl RuleViolation for CalendarError {
    fn rule(&self) -> &'static str {
        match self {
            CalendarError::YearNotCovered { .. } => "calendar-year-not-covered",
            CalendarError::DuplicateYear { .. } => "calendar-duplicate-year",
        }
    }

    fn message(&self) -> Message {
        match self {
            CalendarError::YearNotCovered { year } | CalendarError::DuplicateYear { year } => {
                Message::new(self.rule()).arg("year", year.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests;
