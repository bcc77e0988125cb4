//! Resident ID numbers (公民身份号码, GB 11643-1999).
//!
//! 18 characters: a 6-digit GB/T 2260 region code, the birth date `YYYYMMDD`, a 3-digit sequence
//! whose parity gives the sex (odd male, even female) and an ISO 7064 MOD 11-2 check character
//! (`0-9` or `X`). Legacy numbers issued before 1999 have 15 digits: no century and no check
//! character; they are validated and converted to 18.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tongban_i18n::Message;

use super::division::{DivisionCode, Divisions};
use super::{InputMode, iso7064, normalise_form_input};
use crate::RuleViolation;

/// Region codes of 港澳台居民居住证 (residence permits for residents of Hong Kong, Macao and
/// Taiwan, issued since 2018). They are valid whatever the birth year, and 830000 is not a
/// GB/T 2260 division at all.
const RESIDENCE_PERMIT_REGIONS: [u32; 3] = [810_000, 820_000, 830_000];

/// The year numbers were first assigned: the resident identity card was introduced under the
/// 居民身份证条例 of 1985. People born earlier received their number then, with the region code
/// in use at that time.
const FIRST_ASSIGNMENT_YEAR: i32 = 1985;

/// Which years a number's region code must have been in use in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegionPolicy {
    /// The code was in use when the number was assigned: in the birth year for people born
    /// since 1985, at some time from the birth year to 1985 for people born earlier. A number
    /// keeps its code after the division is renamed or abolished, so an abolished code stays
    /// valid for the people who received it, and a code created later is invalid. Codes in the
    /// oldest list (1981) count as in use before it.
    #[default]
    InUseWhenAssigned,
    /// The code was in use in any year of the history, whatever the birth year. Numbers that
    /// were re-issued after a move can carry a code younger than their holder; choose this
    /// where such numbers must pass.
    InUseAnyYear,
}

/// Sex as encoded by the parity of the sequence number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Odd sequence number.
    Male,
    /// Even sequence number.
    Female,
}

/// A valid resident ID number in its canonical 18-character form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResidentId {
    number: String,
    legacy_number: Option<String>,
    region: DivisionCode,
    region_name: Option<String>,
    residence_permit: bool,
    birth_date: NaiveDate,
    sex: Sex,
}

impl ResidentId {
    /// Parses and validates a resident ID number.
    ///
    /// In [`InputMode::Form`] full-width digits, spaces and a lowercase `x` are normalised and a
    /// 15-digit legacy number is converted; in [`InputMode::Strict`] only the canonical
    /// 18-character form passes. `today` is the current date in Asia/Shanghai: a birth date
    /// after it is invalid.
    ///
    /// # Errors
    /// A [`ResidentIdError`] naming the first rule the input breaks, checked in this order:
    /// characters, length, check character, birth date, region code.
    pub fn parse(
        input: &str,
        mode: InputMode,
        divisions: &Divisions,
        today: NaiveDate,
        policy: RegionPolicy,
    ) -> Result<ResidentId, ResidentIdError> {
        let text = match mode {
            InputMode::Form => normalise_form_input(input, false),
            InputMode::Strict => input.to_owned(),
        };
        if text.is_empty() {
            return Err(ResidentIdError::Empty);
        }
        check_characters(&text)?;

        let (number, legacy_number) = match text.len() {
            18 => (text, None),
            15 if mode == InputMode::Form => (upgrade_legacy(&text)?, Some(text)),
            15 => return Err(ResidentIdError::LegacyInStrictMode),
            found => return Err(ResidentIdError::Length { found }),
        };
        check_check_character(&number)?;

        let birth_date = parse_birth_date(&number[6..14], today)?;
        let region =
            DivisionCode::parse(&number[..6]).map_err(|_| ResidentIdError::RegionUnknown {
                code: number[..6].to_owned(),
            })?;
        let (region_name, residence_permit) = check_region(region, birth_date, divisions, policy)?;

        let sequence_digit = number.as_bytes()[16] - b'0';
        let sex = if sequence_digit % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        };
        Ok(ResidentId {
            number,
            legacy_number,
            region,
            region_name,
            residence_permit,
            birth_date,
            sex,
        })
    }

    /// Returns the canonical 18-character number.
    pub fn as_str(&self) -> &str {
        &self.number
    }

    /// Returns the 15-digit number this one was converted from, if it was a legacy number.
    pub fn legacy_number(&self) -> Option<&str> {
        self.legacy_number.as_deref()
    }

    /// Returns the region code.
    pub fn region(&self) -> DivisionCode {
        self.region
    }

    /// Returns the full name of the region when the number was assigned, where the history has
    /// it.
    pub fn region_name(&self) -> Option<&str> {
        self.region_name.as_deref()
    }

    /// Returns whether this is the number of a 港澳台居民居住证 (810000, 820000 or 830000).
    pub fn is_residence_permit(&self) -> bool {
        self.residence_permit
    }

    /// Returns the birth date.
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// Returns the sex.
    pub fn sex(&self) -> Sex {
        self.sex
    }
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.number)
    }
}

/// Digits everywhere; an `X` only as the 18th character.
fn check_characters(text: &str) -> Result<(), ResidentIdError> {
    let length = text.chars().count();
    for (index, c) in text.chars().enumerate() {
        let is_check_position = index == 17 && length == 18;
        let allowed = c.is_ascii_digit() || (is_check_position && c == 'X');
        if !allowed {
            return Err(ResidentIdError::Character {
                position: index + 1,
                found: c,
            });
        }
    }
    Ok(())
}

/// Converts a 15-digit legacy number: insert the century `19` before the 2-digit year and
/// append the check character.
fn upgrade_legacy(legacy: &str) -> Result<String, ResidentIdError> {
    let mut body = String::with_capacity(18);
    body.push_str(&legacy[..6]);
    body.push_str("19");
    body.push_str(&legacy[6..]);
    let check = iso7064::mod_11_2_check(body.as_bytes()).ok_or(ResidentIdError::Length {
        found: legacy.len(),
    })?;
    body.push(char::from(check));
    Ok(body)
}

fn check_check_character(number: &str) -> Result<(), ResidentIdError> {
    let bytes = number.as_bytes();
    let expected = iso7064::mod_11_2_check(&bytes[..17]).ok_or(ResidentIdError::Character {
        position: 1,
        found: '?',
    })?;
    if bytes[17] != expected {
        return Err(ResidentIdError::CheckCharacter {
            expected: char::from(expected),
            found: char::from(bytes[17]),
        });
    }
    Ok(())
}

fn parse_birth_date(text: &str, today: NaiveDate) -> Result<NaiveDate, ResidentIdError> {
    let invalid = || ResidentIdError::BirthDate {
        text: text.to_owned(),
    };
    let year = text[..4].parse::<i32>().map_err(|_| invalid())?;
    let month = text[4..6].parse::<u32>().map_err(|_| invalid())?;
    let day = text[6..8].parse::<u32>().map_err(|_| invalid())?;
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(invalid)?;
    if date > today {
        return Err(ResidentIdError::BirthInFuture { date, today });
    }
    Ok(date)
}

fn check_region(
    region: DivisionCode,
    birth_date: NaiveDate,
    divisions: &Divisions,
    policy: RegionPolicy,
) -> Result<(Option<String>, bool), ResidentIdError> {
    let year = birth_date.year();
    let latest_name = divisions.latest(region).map(|record| record.full_name());
    if RESIDENCE_PERMIT_REGIONS.contains(&region.value()) {
        return Ok((latest_name, true));
    }

    let history = divisions.history_of(region);
    let (Some(first), Some(last)) = (history.first(), history.last()) else {
        return Err(ResidentIdError::RegionUnknown {
            code: region.to_string(),
        });
    };
    let last_assignment_year = year.max(FIRST_ASSIGNMENT_YEAR);
    let in_use = (year..=last_assignment_year).find_map(|year| divisions.in_use(region, year));
    if let Some(record) = in_use {
        return Ok((Some(record.full_name()), false));
    }
    match policy {
        RegionPolicy::InUseAnyYear => Ok((latest_name, false)),
        RegionPolicy::InUseWhenAssigned => Err(ResidentIdError::RegionNotInUse {
            code: region.to_string(),
            name: last.full_name(),
            birth_year: year,
            from: first.start_year,
            until: last.end_year,
        }),
    }
}

/// Why a resident ID number was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResidentIdError {
    /// Nothing was given.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Empty,
    /// A character other than a digit, or an `X` elsewhere than in the 18th place.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Character {
        /// 1-based position.
        position: usize,
        /// The character found.
        found: char,
    },
    /// Neither 18 nor 15 characters.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Length {
        /// Number of characters found.
        found: usize,
    },
    /// A 15-digit legacy number in a strict field.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    LegacyInStrictMode,
    /// The 18th character is not the MOD 11-2 check character of the first 17.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    CheckCharacter {
        /// What the first 17 digits call for.
        expected: char,
        /// What the number has.
        found: char,
    },
    /// Characters 7 to 14 are not a real date.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    BirthDate {
        /// The eight digits.
        text: String,
    },
    /// The birth date is after today in Asia/Shanghai.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    BirthInFuture {
        /// The birth date.
        date: NaiveDate,
        /// Today in Asia/Shanghai.
        today: NaiveDate,
    },
    /// The region code was never a GB/T 2260 code since 1981.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    RegionUnknown {
        /// The six digits.
        code: String,
    },
    /// The region code exists, but was not in use when a number with this birth year was
    /// assigned.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    RegionNotInUse {
        /// The six digits.
        code: String,
        /// Its newest name.
        name: String,
        /// The birth year.
        birth_year: i32,
        /// First year of use.
        from: i32,
        /// Year it went out of use, exclusive; `None` while in use.
        until: Option<i32>,
    },
}

impl RuleViolation for ResidentIdError {
    fn rule(&self) -> &'static str {
        match self {
            ResidentIdError::Empty => "resident-empty",
            ResidentIdError::Character { .. } => "resident-character",
            ResidentIdError::Length { .. } => "resident-length",
            ResidentIdError::LegacyInStrictMode => "resident-legacy-strict",
            ResidentIdError::CheckCharacter { .. } => "resident-check-character",
            ResidentIdError::BirthDate { .. } => "resident-birth-date",
            ResidentIdError::BirthInFuture { .. } => "resident-birth-future",
            ResidentIdError::RegionUnknown { .. } => "resident-region-unknown",
            ResidentIdError::RegionNotInUse { .. } => "resident-region-not-in-use",
        }
    }

    fn message(&self) -> Message {
        let message = Message::new(self.rule());
        match self {
            ResidentIdError::Empty | ResidentIdError::LegacyInStrictMode => message,
            ResidentIdError::Character { position, found } => message
                .arg("position", *position)
                .arg("found", found.to_string()),
            ResidentIdError::Length { found } => message.arg("found", *found),
            ResidentIdError::CheckCharacter { expected, found } => message
                .arg("expected", expected.to_string())
                .arg("found", found.to_string()),
            ResidentIdError::BirthDate { text } => message.arg("text", text.as_str()),
            ResidentIdError::BirthInFuture { date, today } => message
                .arg("date", date.to_string())
                .arg("today", today.to_string()),
            ResidentIdError::RegionUnknown { code } => message.arg("code", code.as_str()),
            ResidentIdError::RegionNotInUse {
                code,
                name,
                birth_year,
                from,
                until,
            } => message
                .arg("code", code.as_str())
                .arg("name", name.as_str())
                .arg("birth_year", *birth_year)
                .arg("from", *from)
                // The history stores the year use ended; people read the last year in use.
                .arg(
                    "last",
                    until.map_or_else(|| "none".to_owned(), |end| (end - 1).to_string()),
                ),
        }
    }
}

#[cfg(test)]
mod tests;
