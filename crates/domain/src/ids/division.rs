//! Division codes of GB/T 2260 with their names and validity years since 1981.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;
use tongban_i18n::Message;

use crate::RuleViolation;

/// A six-digit GB/T 2260 division code: 2 digits province, 2 prefecture, 2 county.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub struct DivisionCode(u32);

impl DivisionCode {
    /// The code that credit codes of national bodies carry in place of a division (for example
    /// `11100000000013338W`). It is not a GB/T 2260 division.
    pub const NATIONAL: DivisionCode = DivisionCode(100_000);

    /// Parses six ASCII digits. Whether the code exists is a question for [`Divisions`].
    ///
    /// # Errors
    /// [`DivisionError::Format`] unless `input` is exactly six ASCII digits.
    pub fn parse(input: &str) -> Result<DivisionCode, DivisionError> {
        let well_formed = input.len() == 6 && input.bytes().all(|b| b.is_ascii_digit());
        match input.parse::<u32>() {
            Ok(value) if well_formed => Ok(DivisionCode(value)),
            _ => Err(DivisionError::Format {
                input: input.to_owned(),
            }),
        }
    }

    /// Returns the code of the province-level unit this code belongs to (`440305` → `440000`).
    pub fn province(self) -> DivisionCode {
        DivisionCode(self.0 / 10_000 * 10_000)
    }

    /// Returns the code of the prefecture-level unit this code belongs to (`440305` → `440300`).
    pub fn prefecture(self) -> DivisionCode {
        DivisionCode(self.0 / 100 * 100)
    }

    /// Returns the code as a number, such as `440305`.
    pub fn value(self) -> u32 {
        self.0
    }
}

impl fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

impl From<DivisionCode> for String {
    fn from(code: DivisionCode) -> Self {
        code.to_string()
    }
}

/// Level of a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DivisionLevel {
    /// 省级: province, autonomous region, municipality, special administrative region.
    Province,
    /// 地级: prefecture-level city, prefecture, league, autonomous prefecture.
    Prefecture,
    /// 县级: county, district, county-level city, banner.
    County,
}

/// What became of a division record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DivisionStatus {
    /// Still in use in the latest list.
    Active,
    /// The code went out of use.
    Abolished,
    /// The code stayed but its name or standing changed; a newer record follows.
    Changed,
}

/// A code that took over from a division record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Successor {
    /// The successor's code.
    pub code: DivisionCode,
    /// The year of the change, where the source states one.
    pub year: Option<i32>,
}

/// One period in which a code was in use with one name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DivisionRecord {
    /// The code.
    pub code: DivisionCode,
    /// Name in this period, such as 福田区.
    pub name: String,
    /// Name of the province-level unit, such as 广东省.
    pub province_name: String,
    /// Name of the prefecture-level unit, or `None` for a province-level record or a county
    /// directly under a province.
    pub prefecture_name: Option<String>,
    /// Level.
    pub level: DivisionLevel,
    /// What became of the record.
    pub status: DivisionStatus,
    /// First year of use, inclusive.
    pub start_year: i32,
    /// Year the record ended, exclusive; `None` while in use.
    pub end_year: Option<i32>,
    /// Codes that took over.
    pub successors: Vec<Successor>,
}

impl DivisionRecord {
    /// Returns whether the record was in use at any time in `year`. The history starts with the
    /// 1981 list, so a record listed in 1981 also answers for earlier years.
    pub fn in_use_in(&self, year: i32, first_year_of_history: i32) -> bool {
        let started = self.start_year <= year || self.start_year <= first_year_of_history;
        let not_ended = self.end_year.is_none_or(|end| year < end);
        started && not_ended
    }

    /// Returns the full name, such as 广东省深圳市福田区.
    pub fn full_name(&self) -> String {
        let mut name = String::new();
        if self.level != DivisionLevel::Province {
            name.push_str(&self.province_name);
        }
        if let Some(prefecture) = &self.prefecture_name
            && self.level == DivisionLevel::County
        {
            name.push_str(prefecture);
        }
        name.push_str(&self.name);
        name
    }
}

/// The history of GB/T 2260 codes: every record since the first list, indexed by code.
#[derive(Debug, Clone, Default)]
pub struct Divisions {
    records: Vec<DivisionRecord>,
    by_code: HashMap<DivisionCode, Vec<usize>>,
    first_year: i32,
    last_year: i32,
}

impl Divisions {
    /// Builds the history from its records. `first_year` and `last_year` are the years of the
    /// oldest and newest lists the records come from (1981 and 2024 for the MCA history).
    pub fn new(records: Vec<DivisionRecord>, first_year: i32, last_year: i32) -> Divisions {
        let mut by_code: HashMap<DivisionCode, Vec<usize>> = HashMap::new();
        for (index, record) in records.iter().enumerate() {
            by_code.entry(record.code).or_default().push(index);
        }
        for indexes in by_code.values_mut() {
            indexes.sort_by_key(|index| records[*index].start_year);
        }
        Divisions {
            records,
            by_code,
            first_year,
            last_year,
        }
    }

    /// Returns every record, oldest first within a code.
    pub fn records(&self) -> &[DivisionRecord] {
        &self.records
    }

    /// Returns the year of the oldest list in the history.
    pub fn first_year(&self) -> i32 {
        self.first_year
    }

    /// Returns the year of the newest list in the history.
    pub fn last_year(&self) -> i32 {
        self.last_year
    }

    /// Returns the records of `code`, oldest first; empty if the code was never used.
    pub fn history_of(&self, code: DivisionCode) -> Vec<&DivisionRecord> {
        self.by_code
            .get(&code)
            .map(|indexes| indexes.iter().map(|index| &self.records[*index]).collect())
            .unwrap_or_default()
    }

    /// Returns whether `code` was in use at any time since the first list.
    pub fn ever_used(&self, code: DivisionCode) -> bool {
        self.by_code.contains_key(&code)
    }

    /// Returns the record of `code` in use in `year`, if any.
    pub fn in_use(&self, code: DivisionCode, year: i32) -> Option<&DivisionRecord> {
        self.history_of(code)
            .into_iter()
            .rev()
            .find(|record| record.in_use_in(year, self.first_year))
    }

    /// Returns the newest record of `code`, if the code was ever used.
    pub fn latest(&self, code: DivisionCode) -> Option<&DivisionRecord> {
        self.history_of(code).into_iter().last()
    }

    /// Looks up a code typed as text: it must be six digits and in the history.
    ///
    /// # Errors
    /// [`DivisionError::Format`] for anything but six digits, [`DivisionError::Unknown`] for a
    /// code never used since the first list.
    pub fn check(&self, input: &str) -> Result<Vec<&DivisionRecord>, DivisionError> {
        let code = DivisionCode::parse(input.trim())?;
        let history = self.history_of(code);
        if history.is_empty() {
            return Err(DivisionError::Unknown {
                code,
                first_year: self.first_year,
            });
        }
        Ok(history)
    }
}

/// Why a division code was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DivisionError {
    /// Not six ASCII digits.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Format {
        /// What was given.
        input: String,
    },
    /// Six digits, but never a GB/T 2260 code since the first list.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Unknown {
        /// The code.
        code: DivisionCode,
        /// Year of the oldest list searched.
        first_year: i32,
    },
}

impl RuleViolation for DivisionError {
    fn rule(&self) -> &'static str {
        match self {
            DivisionError::Format { .. } => "division-format",
            DivisionError::Unknown { .. } => "division-unknown",
        }
    }

    fn message(&self) -> Message {
        let message = Message::new(self.rule());
        match self {
            DivisionError::Format { input } => message.arg("input", input.as_str()),
            DivisionError::Unknown { code, first_year } => message
                .arg("code", code.to_string())
                .arg("first_year", *first_year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(code: u32, name: &str, start: i32, end: Option<i32>) -> DivisionRecord {
        DivisionRecord {
            code: DivisionCode(code),
            name: name.to_owned(),
            province_name: "天津市".to_owned(),
            prefecture_name: None,
            level: DivisionLevel::County,
            status: if end.is_some() {
                DivisionStatus::Changed
            } else {
                DivisionStatus::Active
            },
            start_year: start,
            end_year: end,
            successors: Vec::new(),
        }
    }

    #[test]
    fn code_parse_needs_six_digits() {
        assert!(DivisionCode::parse("440305").is_ok());
        assert!(DivisionCode::parse("44030").is_err());
        assert!(DivisionCode::parse("4403051").is_err());
        assert!(DivisionCode::parse("+44030").is_err());
        assert!(DivisionCode::parse("44O305").is_err());
    }

    #[test]
    fn code_parts_and_display() {
        let code = DivisionCode::parse("440305").unwrap();
        assert_eq!(code.province().to_string(), "440000");
        assert_eq!(code.prefecture().to_string(), "440300");
        assert_eq!(DivisionCode::parse("010101").unwrap().to_string(), "010101");
    }

    #[test]
    fn renamed_code_answers_with_name_of_year() {
        let divisions = Divisions::new(
            vec![
                record(120110, "东郊区", 1981, Some(1992)),
                record(120110, "东丽区", 1992, None),
            ],
            1981,
            2024,
        );
        let code = DivisionCode(120110);
        assert_eq!(
            divisions.in_use(code, 1980).map(|r| r.name.as_str()),
            Some("东郊区")
        );
        assert_eq!(
            divisions.in_use(code, 1991).map(|r| r.name.as_str()),
            Some("东郊区")
        );
        assert_eq!(
            divisions.in_use(code, 1992).map(|r| r.name.as_str()),
            Some("东丽区")
        );
        assert_eq!(
            divisions.latest(code).map(|r| r.name.as_str()),
            Some("东丽区")
        );
    }

    #[test]
    fn record_created_later_is_not_in_use_before() {
        let divisions = Divisions::new(vec![record(110111, "房山区", 1986, None)], 1981, 2024);
        assert!(divisions.in_use(DivisionCode(110111), 1980).is_none());
        assert!(divisions.in_use(DivisionCode(110111), 1986).is_some());
    }

    #[test]
    fn check_names_unknown_code() {
        let divisions = Divisions::new(vec![], 1981, 2024);
        let error = divisions.check("999999").unwrap_err();
        assert_eq!(error.rule(), "division-unknown");
    }
}
