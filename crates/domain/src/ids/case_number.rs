//! Case numbers (办件编号): nationally unique without asking anyone.
//!
//! 22 characters, within the an..50 of GB/T 39046:
//!
//! | part | length | content |
//! |---|---|---|
//! | node code | 6 | the node that received the application (see [`NodeCode`]) |
//! | date | 8 | `YYYYMMDD` of receipt in Asia/Shanghai |
//! | sequence | 7 | the receiving node's counter for that day, from `0000001` |
//! | check | 1 | ISO 7064 MOD 37,36 over the first 21 characters |
//!
//! Each node owns its code and its daily counter, so two nodes never issue the same number and a
//! number stays the same when the case moves to another node for handling. Example:
//! `440000202510090000001` followed by its check character.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;
use tongban_i18n::Message;

use super::{InputMode, iso7064, normalise_form_input};
use crate::RuleViolation;

/// Highest daily sequence number a node can issue.
pub const MAX_SEQUENCE: u32 = 9_999_999;

/// The six-character code of a node within case numbers: a region node uses its GB/T 2260
/// division code (`440000`); a department node gets a code that starts with a letter at
/// onboarding (`MPS000`), so it can never collide with a division.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub struct NodeCode(String);

impl NodeCode {
    /// Parses six characters of `0-9A-Z`.
    ///
    /// # Errors
    /// [`CaseNumberError::NodeCode`] otherwise.
    pub fn parse(input: &str) -> Result<NodeCode, CaseNumberError> {
        let valid = input.len() == 6
            && input
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
        if !valid {
            return Err(CaseNumberError::NodeCode {
                text: input.to_owned(),
            });
        }
        Ok(NodeCode(input.to_owned()))
    }

    /// Returns the six characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NodeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<NodeCode> for String {
    fn from(code: NodeCode) -> Self {
        code.0
    }
}

/// A valid case number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CaseNumber {
    number: String,
    node: NodeCode,
    date: NaiveDate,
    sequence: u32,
}

impl CaseNumber {
    /// Builds the number of the `sequence`-th case a node received on `date`.
    ///
    /// # Errors
    /// [`CaseNumberError::Sequence`] for a sequence of 0 or above [`MAX_SEQUENCE`], and
    /// [`CaseNumberError::Date`] for a year outside 1000–9999.
    pub fn build(
        node: &NodeCode,
        date: NaiveDate,
        sequence: u32,
    ) -> Result<CaseNumber, CaseNumberError> {
        if !(1..=MAX_SEQUENCE).contains(&sequence) {
            return Err(CaseNumberError::Sequence {
                text: sequence.to_string(),
            });
        }
        let date_text = date.format("%Y%m%d").to_string();
        if date_text.len() != 8 {
            return Err(CaseNumberError::Date { text: date_text });
        }
        let body = format!("{node}{date_text}{sequence:07}");
        let check =
            iso7064::mod_37_36_check(body.as_bytes()).ok_or_else(|| CaseNumberError::NodeCode {
                text: node.to_string(),
            })?;
        Ok(CaseNumber {
            number: format!("{body}{}", char::from(check)),
            node: node.clone(),
            date,
            sequence,
        })
    }

    /// Parses and verifies a case number.
    ///
    /// # Errors
    /// A [`CaseNumberError`] naming the broken rule.
    pub fn parse(input: &str, mode: InputMode) -> Result<CaseNumber, CaseNumberError> {
        let text = match mode {
            InputMode::Form => normalise_form_input(input, true),
            InputMode::Strict => input.to_owned(),
        };
        let found = text.chars().count();
        if found != 22 || !text.is_ascii() {
            return Err(CaseNumberError::Length { found });
        }
        let node = NodeCode::parse(&text[..6])?;
        let date = NaiveDate::parse_from_str(&text[6..14], "%Y%m%d")
            .ok()
            .filter(|_| text[6..14].bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| CaseNumberError::Date {
                text: text[6..14].to_owned(),
            })?;
        let sequence = text[14..21]
            .parse::<u32>()
            .ok()
            .filter(|sequence| *sequence >= 1 && text[14..21].bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| CaseNumberError::Sequence {
                text: text[14..21].to_owned(),
            })?;
        let expected = CaseNumber::build(&node, date, sequence)?;
        if expected.number != text {
            return Err(CaseNumberError::CheckCharacter {
                expected: expected.number[21..].to_owned(),
                found: text[21..].to_owned(),
            });
        }
        Ok(expected)
    }

    /// Returns the 22 characters.
    pub fn as_str(&self) -> &str {
        &self.number
    }

    /// Returns the code of the receiving node.
    pub fn node(&self) -> &NodeCode {
        &self.node
    }

    /// Returns the date of receipt.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// Returns the node's daily sequence number.
    pub fn sequence(&self) -> u32 {
        self.sequence
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.number)
    }
}

/// Why a case number was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CaseNumberError {
    /// Not 22 ASCII characters.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Length {
        /// Number of characters found.
        found: usize,
    },
    /// The node code is not six characters of `0-9A-Z`.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    NodeCode {
        /// The part found.
        text: String,
    },
    /// Characters 7 to 14 are not a real date.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Date {
        /// The part found.
        text: String,
    },
    /// Characters 15 to 21 are not a sequence from 1 to 9999999.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Sequence {
        /// The part found.
        text: String,
    },
    /// The 22nd character is not the check character.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    CheckCharacter {
        /// What the first 21 characters call for.
        expected: String,
        /// What the number has.
        found: String,
    },
}

impl RuleViolation for CaseNumberError {
    fn rule(&self) -> &'static str {
        match self {
            CaseNumberError::Length { .. } => "casenumber-length",
            CaseNumberError::NodeCode { .. } => "casenumber-node-code",
            CaseNumberError::Date { .. } => "casenumber-date",
            CaseNumberError::Sequence { .. } => "casenumber-sequence",
            CaseNumberError::CheckCharacter { .. } => "casenumber-check-character",
        }
    }

    fn message(&self) -> Message {
        let message = Message::new(self.rule());
        match self {
            CaseNumberError::Length { found } => message.arg("found", *found),
            CaseNumberError::NodeCode { text }
            | CaseNumberError::Date { text }
            | CaseNumberError::Sequence { text } => message.arg("text", text.as_str()),
            CaseNumberError::CheckCharacter { expected, found } => message
                .arg("expected", expected.as_str())
                .arg("found", found.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node() -> NodeCode {
        NodeCode::parse("440000").unwrap()
    }

    #[test]
    fn build_then_parse_round_trips() {
        let date = NaiveDate::from_ymd_opt(2025, 10, 9).unwrap();
        let number = CaseNumber::build(&node(), date, 1).unwrap();
        assert_eq!(number.as_str().len(), 22);
        assert!(number.as_str().starts_with("440000202510090000001"));
        let parsed = CaseNumber::parse(number.as_str(), InputMode::Strict).unwrap();
        assert_eq!(parsed, number);
    }

    #[test]
    fn every_single_character_change_is_detected() {
        let date = NaiveDate::from_ymd_opt(2026, 2, 25).unwrap();
        let number = CaseNumber::build(&NodeCode::parse("MPS000").unwrap(), date, 4711).unwrap();
        let text = number.as_str().as_bytes();
        for position in 0..text.len() {
            for replacement in b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
                if *replacement == text[position] {
                    continue;
                }
                let mut changed = text.to_vec();
                changed[position] = *replacement;
                let changed = String::from_utf8(changed).unwrap();
                assert!(
                    CaseNumber::parse(&changed, InputMode::Strict).is_err(),
                    "{changed}"
                );
            }
        }
    }

    #[test]
    fn sequence_zero_and_overflow_are_rejected() {
        let date = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        assert!(CaseNumber::build(&node(), date, 0).is_err());
        assert!(CaseNumber::build(&node(), date, MAX_SEQUENCE + 1).is_err());
        assert!(CaseNumber::build(&node(), date, MAX_SEQUENCE).is_ok());
    }

    #[test]
    fn node_code_rejects_lowercase_and_length() {
        assert!(NodeCode::parse("mps000").is_err());
        assert!(NodeCode::parse("44000").is_err());
    }
}
