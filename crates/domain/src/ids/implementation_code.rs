//! Implementation codes (实施编码): which body implements which catalog item at which level.
//!
//! 31 characters: the credit code of the implementing body (18), the exercise level of
//! GB/T 39046 code list A.2 (1), and the 12-character base catalog code (基本编码). This is the
//! structure of real codes published by provincial platforms; the normative text of
//! GB/T 39554.1 was not available to check it against.

use std::fmt;

use serde::Serialize;
use tongban_i18n::Message;

use super::division::Divisions;
use super::uscc::{CreditCode, CreditCodeError};
use super::{InputMode, normalise_form_input};
use crate::RuleViolation;

/// Exercise level (行使层级), GB/T 39046 code list A.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExerciseLevel {
    /// 1 国家级.
    National,
    /// 2 省级.
    Provincial,
    /// 3 市级.
    Municipal,
    /// 4 县级.
    County,
    /// 5 镇（乡、街道）级.
    Township,
    /// 6 村（社区）级.
    Village,
    /// 7 分级管理.
    Tiered,
}

impl ExerciseLevel {
    /// Returns the level of an A.2 code digit.
    pub fn from_code(code: char) -> Option<ExerciseLevel> {
        Some(match code {
            '1' => ExerciseLevel::National,
            '2' => ExerciseLevel::Provincial,
            '3' => ExerciseLevel::Municipal,
            '4' => ExerciseLevel::County,
            '5' => ExerciseLevel::Township,
            '6' => ExerciseLevel::Village,
            '7' => ExerciseLevel::Tiered,
            _ => return None,
        })
    }

    /// Returns the A.2 code digit.
    pub fn code(self) -> char {
        match self {
            ExerciseLevel::National => '1',
            ExerciseLevel::Provincial => '2',
            ExerciseLevel::Municipal => '3',
            ExerciseLevel::County => '4',
            ExerciseLevel::Township => '5',
            ExerciseLevel::Village => '6',
            ExerciseLevel::Tiered => '7',
        }
    }
}

/// A valid implementation code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImplementationCode {
    code: String,
    implementing_body: CreditCode,
    level: ExerciseLevel,
    catalog_code: String,
}

impl ImplementationCode {
    /// Parses an implementation code.
    ///
    /// # Errors
    /// An [`ImplementationCodeError`]: wrong length, an invalid credit code in the first 18
    /// characters, a level outside A.2, or a catalog code outside `0-9A-Z`.
    pub fn parse(
        input: &str,
        mode: InputMode,
        divisions: &Divisions,
    ) -> Result<ImplementationCode, ImplementationCodeError> {
        let code = match mode {
            InputMode::Form => normalise_form_input(input, false),
            InputMode::Strict => input.to_owned(),
        };
        let found = code.chars().count();
        if found != 31 || !code.is_ascii() {
            return Err(ImplementationCodeError::Length { found });
        }
        let implementing_body = CreditCode::parse(&code[..18], InputMode::Strict, divisions)
            .map_err(ImplementationCodeError::ImplementingBody)?;
        let level_char = char::from(code.as_bytes()[18]);
        let level = ExerciseLevel::from_code(level_char)
            .ok_or(ImplementationCodeError::Level { found: level_char })?;
        let catalog_code = &code[19..];
        if !catalog_code
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        {
            return Err(ImplementationCodeError::CatalogCode {
                text: catalog_code.to_owned(),
            });
        }
        Ok(ImplementationCode {
            catalog_code: catalog_code.to_owned(),
            code,
            implementing_body,
            level,
        })
    }

    /// Returns the 31 characters.
    pub fn as_str(&self) -> &str {
        &self.code
    }

    /// Returns the credit code of the implementing body.
    pub fn implementing_body(&self) -> &CreditCode {
        &self.implementing_body
    }

    /// Returns the exercise level.
    pub fn level(&self) -> ExerciseLevel {
        self.level
    }

    /// Returns the 12-character base catalog code.
    pub fn catalog_code(&self) -> &str {
        &self.catalog_code
    }
}

impl fmt::Display for ImplementationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

/// Why an implementation code was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImplementationCodeError {
    /// Not 31 ASCII characters.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Length {
        /// Number of characters found.
        found: usize,
    },
    /// The first 18 characters are no valid credit code.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    ImplementingBody(CreditCodeError),
    /// The 19th character is no A.2 exercise level.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Level {
        /// The character found.
        found: char,
    },
    /// The last 12 characters have one outside `0-9A-Z`.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    CatalogCode {
        /// The 12 characters.
        text: String,
    },
}

impl RuleViolation for ImplementationCodeError {
    fn rule(&self) -> &'static str {
        match self {
            ImplementationCodeError::Length { .. } => "implcode-length",
            ImplementationCodeError::ImplementingBody(_) => "implcode-implementing-body",
            ImplementationCodeError::Level { .. } => "implcode-level",
            ImplementationCodeError::CatalogCode { .. } => "implcode-catalog-code",
        }
    }

    fn message(&self) -> Message {
        let message = Message::new(self.rule());
        match self {
            ImplementationCodeError::Length { found } => message.arg("found", *found),
            ImplementationCodeError::ImplementingBody(inner) => {
                message.arg("reason", inner.message())
            }
            ImplementationCodeError::Level { found } => message.arg("found", found.to_string()),
            ImplementationCodeError::CatalogCode { text } => message.arg("text", text.as_str()),
        }
    }
}
