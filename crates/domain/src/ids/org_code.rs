//! Organization codes (组织机构代码, GB 11714-1997): 8 body characters and a check character.

use std::fmt;

use serde::Serialize;
use tongban_i18n::Message;

use super::{InputMode, iso7064, normalise_form_input};
use crate::RuleViolation;

const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// A valid 9-character organization code, such as `776049653`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub struct OrgCode(String);

impl OrgCode {
    /// Parses an organization code. In [`InputMode::Form`] the usual hyphen before the check
    /// character (`77604965-3`), spaces, full-width characters and lowercase letters are
    /// normalised.
    ///
    /// # Errors
    /// An [`OrgCodeError`] naming the broken rule.
    pub fn parse(input: &str, mode: InputMode) -> Result<OrgCode, OrgCodeError> {
        let text = match mode {
            InputMode::Form => normalise_form_input(input, true),
            InputMode::Strict => input.to_owned(),
        };
        let found = text.chars().count();
        if found != 9 {
            return Err(OrgCodeError::Length { found });
        }
        for (index, c) in text.chars().enumerate() {
            let allowed = if index < 8 {
                c.is_ascii_digit() || c.is_ascii_uppercase()
            } else {
                c.is_ascii_digit() || c == 'X'
            };
            if !allowed {
                return Err(OrgCodeError::Character {
                    position: index + 1,
                    found: c,
                });
            }
        }
        let expected = check_character(&text.as_bytes()[..8]).ok_or(OrgCodeError::Character {
            position: 1,
            found: '?',
        })?;
        let found = char::from(text.as_bytes()[8]);
        if found != expected {
            return Err(OrgCodeError::CheckCharacter { expected, found });
        }
        Ok(OrgCode(text))
    }

    /// Returns the code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Returns the GB 11714 check character of 8 body characters: `11 − (Σ vᵢwᵢ mod 11)`, where 10
/// is written `X` and 11 is written `0`.
pub fn check_character(body: &[u8]) -> Option<char> {
    if body.len() != WEIGHTS.len() {
        return None;
    }
    let mut sum = 0;
    for (byte, weight) in body.iter().zip(WEIGHTS) {
        sum += iso7064::alphanumeric_value(*byte)? * weight;
    }
    match 11 - sum % 11 {
        10 => Some('X'),
        11 => Some('0'),
        value => char::from_digit(value, 10),
    }
}

impl fmt::Display for OrgCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<OrgCode> for String {
    fn from(code: OrgCode) -> Self {
        code.0
    }
}

/// Why an organization code was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OrgCodeError {
    /// Not 9 characters.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Length {
        /// Number of characters found.
        found: usize,
    },
    /// A character outside `0-9A-Z`, or a letter other than `X` in the check position.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Character {
        /// 1-based position.
        position: usize,
        /// The character found.
        found: char,
    },
    /// The 9th character is not the check character of the first 8.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    CheckCharacter {
        /// What the body calls for.
        expected: char,
        /// What the code has.
        found: char,
    },
}

impl RuleViolation for OrgCodeError {
    fn rule(&self) -> &'static str {
        match self {
            OrgCodeError::Length { .. } => "orgcode-length",
            OrgCodeError::Character { .. } => "orgcode-character",
            OrgCodeError::CheckCharacter { .. } => "orgcode-check-character",
        }
    }

    fn message(&self) -> Message {
        let message = Message::new(self.rule());
        match self {
            OrgCodeError::Length { found } => message.arg("found", *found),
            OrgCodeError::Character { position, found } => message
                .arg("position", *position)
                .arg("found", found.to_string()),
            OrgCodeError::CheckCharacter { expected, found } => message
                .arg("expected", expected.to_string())
                .arg("found", found.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_codes_of_real_credit_codes_pass() {
        for code in ["776049653", "072831954", "000013338"] {
            assert!(OrgCode::parse(code, InputMode::Strict).is_ok(), "{code}");
        }
    }

    #[test]
    fn form_mode_accepts_hyphen_and_lowercase() {
        assert_eq!(
            OrgCode::parse("77604965-3", InputMode::Form)
                .unwrap()
                .as_str(),
            "776049653"
        );
        assert!(OrgCode::parse("77604965-3", InputMode::Strict).is_err());
    }

    #[test]
    fn wrong_check_character_names_expected() {
        let error = OrgCode::parse("776049654", InputMode::Strict).unwrap_err();
        assert_eq!(
            error,
            OrgCodeError::CheckCharacter {
                expected: '3',
                found: '4'
            }
        );
    }

    #[test]
    fn check_value_ten_is_x_and_eleven_is_zero() {
        // Body sums chosen so that 11 − sum mod 11 is 10 and 11.
        let ten = (0..u32::MAX)
            .map(|n| format!("{n:08}"))
            .find(|body| check_character(body.as_bytes()) == Some('X'))
            .unwrap();
        assert!(OrgCode::parse(&format!("{ten}X"), InputMode::Strict).is_ok());
        let eleven = (0..u32::MAX)
            .map(|n| format!("{n:08}"))
            .find(|body| check_character(body.as_bytes()) == Some('0'))
            .unwrap();
        assert!(OrgCode::parse(&format!("{eleven}0"), InputMode::Strict).is_ok());
    }
}
