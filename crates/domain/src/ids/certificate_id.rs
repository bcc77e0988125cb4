//! E-certificate identifiers (电子证照标识, GB/T 36904-2018).
//!
//! `1.2.156.3005.2.<type code>.<issuer code>.<serial>.<version>.<check>`: the fixed root OID of
//! e-certificates, the 21-character certificate type code (the credit code of the department
//! that defines the type and a 3-digit sequence), the 18-character credit code of the issuer, a
//! serial chosen by the issuer, a 3-digit version starting at `001`, and an ISO 7064 MOD 37,36
//! check character over the four parts without their dots.

use std::fmt;

use serde::Serialize;
use tongban_i18n::Message;

use super::{InputMode, iso7064, normalise_form_input};
use crate::RuleViolation;

/// Root OID of every e-certificate identifier.
pub const ROOT: &str = "1.2.156.3005.2";

/// Longest serial accepted. GB/T 36904 leaves the length to the issuer; real serials run from 10
/// to 32 characters, and the whole identifier must fit the 100-character columns of the
/// exchange formats.
pub const MAX_SERIAL_LENGTH: usize = 40;

/// A verified e-certificate identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CertificateId {
    id: String,
    type_code: String,
    issuer_code: String,
    serial: String,
    version: u16,
    check: char,
}

impl CertificateId {
    /// Builds the identifier of a certificate, computing its check character.
    ///
    /// # Errors
    /// A [`CertificateIdError`] when a part is malformed.
    pub fn build(
        type_code: &str,
        issuer_code: &str,
        serial: &str,
        version: u16,
    ) -> Result<CertificateId, CertificateIdError> {
        if !(1..=999).contains(&version) {
            return Err(CertificateIdError::Version {
                text: version.to_string(),
            });
        }
        let version_text = format!("{version:03}");
        check_parts(type_code, issuer_code, serial, &version_text)?;
        let check = compute_check(type_code, issuer_code, serial, &version_text)?;
        Ok(CertificateId {
            id: format!("{ROOT}.{type_code}.{issuer_code}.{serial}.{version_text}.{check}"),
            type_code: type_code.to_owned(),
            issuer_code: issuer_code.to_owned(),
            serial: serial.to_owned(),
            version,
            check,
        })
    }

    /// Parses and verifies an identifier. In [`InputMode::Form`] spaces, full-width characters
    /// and lowercase letters are normalised.
    ///
    /// # Errors
    /// A [`CertificateIdError`] naming the broken rule.
    pub fn parse(input: &str, mode: InputMode) -> Result<CertificateId, CertificateIdError> {
        let text = match mode {
            InputMode::Form => normalise_form_input(input, false),
            InputMode::Strict => input.to_owned(),
        };
        let rest = text
            .strip_prefix(ROOT)
            .and_then(|rest| rest.strip_prefix('.'))
            .ok_or(CertificateIdError::Root)?;
        let parts: Vec<&str> = rest.split('.').collect();
        let [type_code, issuer_code, serial, version_text, check] = parts[..] else {
            return Err(CertificateIdError::PartCount { found: parts.len() });
        };
        check_parts(type_code, issuer_code, serial, version_text)?;
        let version = version_text
            .parse::<u16>()
            .ok()
            .filter(|version| *version >= 1)
            .ok_or_else(|| CertificateIdError::Version {
                text: version_text.to_owned(),
            })?;

        let expected = compute_check(type_code, issuer_code, serial, version_text)?;
        let mut found = check.chars();
        let found = match (found.next(), found.next()) {
            (Some(c), None) => c,
            _ => '?',
        };
        if found != expected {
            return Err(CertificateIdError::CheckCharacter {
                expected,
                found: check.to_owned(),
            });
        }
        Ok(CertificateId {
            id: text.clone(),
            type_code: type_code.to_owned(),
            issuer_code: issuer_code.to_owned(),
            serial: serial.to_owned(),
            version,
            check: expected,
        })
    }

    /// Returns the whole identifier.
    pub fn as_str(&self) -> &str {
        &self.id
    }

    /// Returns the certificate type code (21 characters).
    pub fn type_code(&self) -> &str {
        &self.type_code
    }

    /// Returns the credit code of the issuer.
    pub fn issuer_code(&self) -> &str {
        &self.issuer_code
    }

    /// Returns the serial.
    pub fn serial(&self) -> &str {
        &self.serial
    }

    /// Returns the version, 1 for the first.
    pub fn version(&self) -> u16 {
        self.version
    }
}

impl fmt::Display for CertificateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

fn is_code_text(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

fn check_parts(
    type_code: &str,
    issuer_code: &str,
    serial: &str,
    version_text: &str,
) -> Result<(), CertificateIdError> {
    if type_code.len() != 21 || !is_code_text(type_code) {
        return Err(CertificateIdError::TypeCode {
            text: type_code.to_owned(),
        });
    }
    if issuer_code.len() != 18 || !is_code_text(issuer_code) {
        return Err(CertificateIdError::IssuerCode {
            text: issuer_code.to_owned(),
        });
    }
    if serial.is_empty() || serial.len() > MAX_SERIAL_LENGTH || !is_code_text(serial) {
        return Err(CertificateIdError::Serial {
            text: serial.to_owned(),
            max: MAX_SERIAL_LENGTH,
        });
    }
    if version_text.len() != 3 || !version_text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CertificateIdError::Version {
            text: version_text.to_owned(),
        });
    }
    Ok(())
}

fn compute_check(
    type_code: &str,
    issuer_code: &str,
    serial: &str,
    version_text: &str,
) -> Result<char, CertificateIdError> {
    let body = [type_code, issuer_code, serial, version_text].concat();
    iso7064::mod_37_36_check(body.as_bytes())
        .map(char::from)
        .ok_or_else(|| CertificateIdError::Serial {
            text: serial.to_owned(),
            max: MAX_SERIAL_LENGTH,
        })
}

/// Why an e-certificate identifier was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CertificateIdError {
    /// It does not start with the root OID `1.2.156.3005.2.`.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Root,
    /// Not five parts after the root.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    PartCount {
        /// Number of parts found.
        found: usize,
    },
    /// The type code is not 21 characters of `0-9A-Z`.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    TypeCode {
        /// The part found.
        text: String,
    },
    /// The issuer code is not 18 characters of `0-9A-Z`.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    IssuerCode {
        /// The part found.
        text: String,
    },
    /// The serial is empty, too long or has a character outside `0-9A-Z`.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Serial {
        /// The part found.
        text: String,
        /// Longest serial accepted.
        max: usize,
    },
    /// The version is not three digits from `001`.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Version {
        /// The part found.
        text: String,
    },
    /// The last part is not the MOD 37,36 check character.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    CheckCharacter {
        /// What the parts call for.
        expected: char,
        /// What the identifier has.
        found: String,
    },
}

impl RuleViolation for CertificateIdError {
    fn rule(&self) -> &'static str {
        match self {
            CertificateIdError::Root => "certid-root",
            CertificateIdError::PartCount { .. } => "certid-part-count",
            CertificateIdError::TypeCode { .. } => "certid-type-code",
            CertificateIdError::IssuerCode { .. } => "certid-issuer-code",
            CertificateIdError::Serial { .. } => "certid-serial",
            CertificateIdError::Version { .. } => "certid-version",
            CertificateIdError::CheckCharacter { .. } => "certid-check-character",
        }
    }

    fn message(&self) -> Message {
        let message = Message::new(self.rule());
        match self {
            CertificateIdError::Root => message.arg("root", ROOT),
            CertificateIdError::PartCount { found } => message.arg("found", *found),
            CertificateIdError::TypeCode { text }
            | CertificateIdError::IssuerCode { text }
            | CertificateIdError::Version { text } => message.arg("text", text.as_str()),
            CertificateIdError::Serial { text, max } => {
                message.arg("text", text.as_str()).arg("max", *max)
            }
            CertificateIdError::CheckCharacter { expected, found } => message
                .arg("expected", expected.to_string())
                .arg("found", found.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REAL_IDS: [&str; 2] = [
        "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0",
        "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
    ];

    #[test]
    fn real_identifiers_verify() {
        for id in REAL_IDS {
            let parsed = CertificateId::parse(id, InputMode::Strict).unwrap();
            assert_eq!(parsed.as_str(), id);
        }
    }

    #[test]
    fn build_reproduces_real_identifiers() {
        let built = CertificateId::build(
            "11100000000013338W011",
            "11430000006122244L",
            "20230000403",
            1,
        )
        .unwrap();
        assert_eq!(built.as_str(), REAL_IDS[1]);
    }

    #[test]
    fn every_single_character_change_is_detected() {
        let id = REAL_IDS[0];
        let alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for position in ROOT.len() + 1..id.len() {
            if id.as_bytes()[position] == b'.' {
                continue;
            }
            for replacement in alphabet {
                if *replacement == id.as_bytes()[position] {
                    continue;
                }
                let mut changed = id.as_bytes().to_vec();
                changed[position] = *replacement;
                let changed = String::from_utf8(changed).unwrap();
                assert!(
                    CertificateId::parse(&changed, InputMode::Strict).is_err(),
                    "{changed}"
                );
            }
        }
    }

    #[test]
    fn wrong_root_and_part_count_are_named() {
        let error = CertificateId::parse("1.2.156.3005.3.X", InputMode::Strict).unwrap_err();
        assert_eq!(error.rule(), "certid-root");
        let error = CertificateId::parse("1.2.156.3005.2.A.B", InputMode::Strict).unwrap_err();
        assert_eq!(error.rule(), "certid-part-count");
    }

    #[test]
    fn form_mode_accepts_lowercase_serial() {
        let lower = REAL_IDS[0].to_lowercase();
        assert!(CertificateId::parse(&lower, InputMode::Form).is_ok());
        assert!(CertificateId::parse(&lower, InputMode::Strict).is_err());
    }
}
