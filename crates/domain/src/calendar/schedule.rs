//! The holiday schedule of one year.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use tongban_i18n::Message;

use crate::RuleViolation;

/// How a date differs from a plain Monday-to-Friday week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A day off: a public holiday, a weekday off in lieu, or a weekend inside a holiday block.
    Off,
    /// An adjusted working day on a weekend (调休上班).
    Work,
}

/// The dates of one calendar year that differ from a plain week, and where they come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSchedule {
    year: i32,
    days: BTreeMap<NaiveDate, DayKind>,
    source: String,
}

impl YearSchedule {
    /// Builds the schedule of `year` from its exceptional dates.
    ///
    /// # Errors
    /// A [`ScheduleError`] when a date lies outside `year`, is listed twice, or is a working
    /// day on a Monday to Friday (an adjusted working day is always a weekend day).
    pub fn new(
        year: i32,
        days: impl IntoIterator<Item = (NaiveDate, DayKind)>,
        source: impl Into<String>,
    ) -> Result<YearSchedule, ScheduleError> {
        let mut map = BTreeMap::new();
        for (date, kind) in days {
            if date.year() != year {
                return Err(ScheduleError::OutsideYear { year, date });
            }
            let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
            if kind == DayKind::Work && !weekend {
                return Err(ScheduleError::WorkOnWeekday { date });
            }
            if map.insert(date, kind).is_some() {
                return Err(ScheduleError::Duplicate { date });
            }
        }
        Ok(YearSchedule {
            year,
            days: map,
            source: source.into(),
        })
    }

    /// Returns the year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// Returns how `date` differs from a plain week, or `None` for a plain day.
    pub fn kind_of(&self, date: NaiveDate) -> Option<DayKind> {
        self.days.get(&date).copied()
    }

    /// Returns the exceptional dates in order.
    pub fn days(&self) -> impl Iterator<Item = (NaiveDate, DayKind)> + '_ {
        self.days.iter().map(|(date, kind)| (*date, *kind))
    }

    /// Returns where the schedule comes from, such as a file and the notice it reproduces.
    pub fn source(&self) -> &str {
        &self.source
    }
}

/// Why a year's schedule was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScheduleError {
    /// A date of another year.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    OutsideYear {
        /// The schedule's year.
        year: i32,
        /// The date.
        date: NaiveDate,
    },
    /// The same date twice.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Duplicate {
        /// The date.
        date: NaiveDate,
    },
    /// An adjusted working day from Monday to Friday.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    WorkOnWeekday {
        /// The date.
        date: NaiveDate,
    },
}

impl RuleViolation for ScheduleError {
    fn rule(&self) -> &'static str {
        match self {
            ScheduleError::OutsideYear { .. } => "schedule-outside-year",
            ScheduleError::Duplicate { .. } => "schedule-duplicate",
            ScheduleError::WorkOnWeekday { .. } => "schedule-work-on-weekday",
        }
    }

    fn message(&self) -> Message {
        let message = Message::new(self.rule());
        match self {
            ScheduleError::OutsideYear { year, date } => message
                .arg("year", year.to_string())
                .arg("date", date.to_string()),
            ScheduleError::Duplicate { date } | ScheduleError::WorkOnWeekday { date } => {
                message.arg("date", date.to_string())
            }
        }
    }
}
