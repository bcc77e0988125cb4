//! Holiday schedules announced by the State Council, one per year.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;
use tongban_domain::RuleViolation;
use tongban_domain::calendar::{DayKind, WorkCalendar, YearSchedule};
use tongban_i18n::Message;

use crate::{RefDataError, ReferenceData};

/// Every date that differs from a plain week, 2004 onwards.
pub(crate) const DAYS_FILE: &str = "holidays/cn_holidays_2004_2026_chinese_calendar.csv";
/// The State Council notices, one per year: which years have an announced schedule.
pub(crate) const NOTICES_FILE: &str = "holidays/state_council_notices_2004_2026.json";
/// An independent transcription of the same notices, used to cross-check.
pub(crate) const CROSS_CHECK_FILE: &str = "holidays/cn_holidays_2007_2026_holiday_cn.csv";

#[derive(Debug, Deserialize)]
struct DayRow {
    date: NaiveDate,
    iso_weekday: u32,
    kind: String,
}

#[derive(Debug, Deserialize)]
struct CrossCheckRow {
    date: NaiveDate,
    notice_year: i32,
    kind: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Notice {
    pub(crate) year: i32,
    #[serde(default)]
    pub(crate) source_urls: Vec<String>,
}

impl ReferenceData {
    /// Loads the working-day calendar: one schedule for each year that has a State Council
    /// notice, built from the dates that differ from a plain week.
    ///
    /// # Errors
    /// A [`RefDataError`] naming the file and line of the first invalid row: an unknown kind,
    /// a weekday that does not match the date, an adjusted working day on a weekday, or a date
    /// in a year without a notice.
    pub fn calendar(&self) -> Result<WorkCalendar, RefDataError> {
        let notices = self.holiday_notices()?;
        let days = self.holiday_days()?;
        let path = self.path(DAYS_FILE);

        let mut by_year: BTreeMap<i32, Vec<(NaiveDate, DayKind)>> = BTreeMap::new();
        for (date, kind, line) in days {
            if !notices.contains_key(&date.year()) {
                let reason = Message::new("refdata-holiday-no-notice")
                    .arg("date", date.to_string())
                    .arg("year", date.year().to_string());
                return Err(RefDataError::invalid(&path, line, reason));
            }
            by_year.entry(date.year()).or_default().push((date, kind));
        }

        let mut schedules = Vec::new();
        for (year, notice) in &notices {
            let days = by_year.remove(year).unwrap_or_default();
            let source = format!("{DAYS_FILE}; {}", notice.source_urls.join(" "));
            let schedule = YearSchedule::new(*year, days, source)
                .map_err(|error| RefDataError::unparsable(&path, 0, error))?;
            schedules.push(schedule);
        }
        WorkCalendar::new(schedules)
            .map_err(|error| RefDataError::invalid(&path, 0, error.message()))
    }

    pub(crate) fn holiday_notices(&self) -> Result<BTreeMap<i32, Notice>, RefDataError> {
        let path = self.path(NOTICES_FILE);
        let text =
            std::fs::read_to_string(&path).map_err(|error| RefDataError::io(&path, error))?;
        let notices: Vec<Notice> = serde_json::from_str(&text)
            .map_err(|error| RefDataError::unparsable(&path, error.line() as u64, error))?;
        let mut by_year = BTreeMap::new();
        for notice in notices {
            let year = notice.year;
            if by_year.insert(year, notice).is_some() {
                let reason =
                    Message::new("refdata-holiday-two-notices").arg("year", year.to_string());
                return Err(RefDataError::invalid(&path, 0, reason));
            }
        }
        Ok(by_year)
    }

    /// Reads the exceptional dates with their line numbers.
    fn holiday_days(&self) -> Result<Vec<(NaiveDate, DayKind, u64)>, RefDataError> {
        let path = self.path(DAYS_FILE);
        let mut reader = csv::Reader::from_path(&path)
            .map_err(|error| RefDataError::unparsable(&path, 0, error))?;
        let mut days = Vec::new();
        for (index, row) in reader.deserialize::<DayRow>().enumerate() {
            let line = index as u64 + 2;
            let row = row.map_err(|error| RefDataError::unparsable(&path, line, error))?;
            let kind = parse_kind(&row.kind)
                .map_err(|reason| RefDataError::invalid(&path, line, reason))?;
            if row.date.weekday().number_from_monday() != row.iso_weekday {
                let reason = Message::new("refdata-holiday-weekday")
                    .arg("date", row.date.to_string())
                    .arg("weekday", row.date.weekday().number_from_monday())
                    .arg("stated", row.iso_weekday);
                return Err(RefDataError::invalid(&path, line, reason));
            }
            days.push((row.date, kind, line));
        }
        Ok(days)
    }

    /// Compares the calendar with the independent transcription and returns the dates on which
    /// the two disagree about whether a day is a working day, within the years both cover.
    pub(crate) fn holiday_disagreements(
        &self,
        calendar: &WorkCalendar,
    ) -> Result<(BTreeSet<i32>, Vec<NaiveDate>), RefDataError> {
        let path = self.path(CROSS_CHECK_FILE);
        let mut reader = csv::Reader::from_path(&path)
            .map_err(|error| RefDataError::unparsable(&path, 0, error))?;
        let mut other: BTreeMap<NaiveDate, DayKind> = BTreeMap::new();
        // A notice can list late-December dates of the year before; only the notice years are
        // covered in full.
        let mut other_years = BTreeSet::new();
        for (index, row) in reader.deserialize::<CrossCheckRow>().enumerate() {
            let line = index as u64 + 2;
            let row: CrossCheckRow =
                row.map_err(|error| RefDataError::unparsable(&path, line, error))?;
            let kind = parse_kind(&row.kind)
                .map_err(|reason| RefDataError::invalid(&path, line, reason))?;
            other.insert(row.date, kind);
            other_years.insert(row.notice_year);
        }
        let years: BTreeSet<i32> = calendar
            .years()
            .filter(|year| other_years.contains(year))
            .collect();

        let mut disagreements = Vec::new();
        for year in &years {
            let mut date = NaiveDate::from_ymd_opt(*year, 1, 1);
            while let Some(day) = date.filter(|day| day.year() == *year) {
                let theirs = match other.get(&day) {
                    Some(DayKind::Off) => false,
                    Some(DayKind::Work) => true,
                    None => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
                };
                let ours = calendar
                    .is_working_day(day)
                    .map_err(|error| RefDataError::unparsable(&path, 0, error))?;
                if ours != theirs {
                    disagreements.push(day);
                }
                date = day.succ_opt();
            }
        }
        Ok((years, disagreements))
    }
}

fn parse_kind(kind: &str) -> Result<DayKind, Message> {
    match kind {
        "off" => Ok(DayKind::Off),
        "work" => Ok(DayKind::Work),
        other => Err(Message::new("refdata-holiday-kind").arg("value", other)),
    }
}

/// The columns of a schedule file: the reference file's own layout works, other columns are
/// ignored.
#[derive(Debug, Deserialize)]
struct ScheduleFileRow {
    date: NaiveDate,
    kind: String,
}

/// Reads the schedule of `year` from a CSV file with `date` and `kind` (`off` or `work`)
/// columns, such as a revised arrangement an operator loads at run time.
///
/// # Errors
/// A [`RefDataError`] naming the file and line of the first invalid row, or the rule of
/// [`YearSchedule::new`] the dates break.
pub fn read_schedule_file(path: &std::path::Path, year: i32) -> Result<YearSchedule, RefDataError> {
    let mut reader =
        csv::Reader::from_path(path).map_err(|error| RefDataError::unparsable(path, 0, error))?;
    let mut days = Vec::new();
    for (index, row) in reader.deserialize::<ScheduleFileRow>().enumerate() {
        let line = index as u64 + 2;
        let row = row.map_err(|error| RefDataError::unparsable(path, line, error))?;
        let kind =
            parse_kind(&row.kind).map_err(|reason| RefDataError::invalid(path, line, reason))?;
        days.push((row.date, kind));
    }
    YearSchedule::new(year, days, path.display().to_string())
        .map_err(|error| RefDataError::invalid(path, 0, error.message()))
}
