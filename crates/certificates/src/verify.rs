//! Verification of a certificate with the seals of a trust list and no network: the seal is
//! known and certified by the hub, the seal's signature matches, the seal was neither expired
//! nor revoked when it signed, the identifier's check character is right, and the certificate
//! is valid now.
//!
//! A certificate signed before its seal was revoked stays valid: the seal was valid when it
//! signed, the usual rule for signatures with a trusted time. The reference is the signing
//! time inside the signed metadata, which the issuing node's clock set.
//!
//! NOTE: Whoever holds a compromised seal key can write any signing time, including one before
//! the revocation. Until the hub records the time it relays each certificate, that time is
//! only as trustworthy as the issuing node, so the hub should revoke with the time of the
//! compromise when it is known.
//!
//! The issuer's own revocation or cancellation of a certificate is not in the trust list; only
//! the issuing node knows it (see its `/verify`).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use tongban_crypto::seal::SealCertificate;
use tongban_domain::ids::{CertificateId, InputMode};
use tongban_i18n::Message;

use crate::document::SignedCertificate;
use crate::metadata::CertificateMetadata;
use crate::qr::QrPayload;
use crate::seal_book::{SealBook, SealEntry};
use crate::validity::{Validity, validity_at};

/// Why a certificate failed verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Problem {
    /// The input is not a certificate document or QR payload.
    #[error("malformed: {detail}")]
    Malformed {
        /// What is wrong.
        detail: String,
    },
    /// The identifier breaks GB/T 36904, such as a wrong check character, or does not agree
    /// with the type and issuer codes of the metadata.
    #[error("invalid identifier: {detail}")]
    IdentifierInvalid {
        /// What is wrong.
        detail: String,
    },
    /// The trust list has no certificate for the seal.
    #[error("unknown seal {serial}")]
    UnknownSeal {
        /// Serial of the seal.
        serial: String,
    },
    /// The seal's signature does not match: something was changed after signing.
    #[error("the seal signature does not match: the certificate was changed")]
    Tampered,
    /// The seal belongs to another department than the issuer the certificate names.
    #[error("issuer {issuer_code} is not the department {seal_department_code} of the seal")]
    IssuerMismatch {
        /// Credit code of the issuer in the certificate.
        issuer_code: String,
        /// Credit code of the seal's department.
        seal_department_code: String,
    },
    /// The seal was not yet valid, or no longer, when it signed.
    #[error("the seal was not valid at {signed_at}")]
    SealNotValid {
        /// When it signed.
        signed_at: DateTime<Utc>,
        /// From when it may sign.
        valid_from: DateTime<Utc>,
        /// Until when it may sign.
        valid_until: DateTime<Utc>,
    },
    /// The seal had been revoked when it signed.
    #[error("the seal was revoked at {revoked_at}, before it signed at {signed_at}")]
    SealRevoked {
        /// When it was revoked.
        revoked_at: DateTime<Utc>,
        /// When it signed.
        signed_at: DateTime<Utc>,
    },
    /// The certificate's validity has not started.
    #[error("the certificate is valid from {starts_at}")]
    NotYetValid {
        /// When it starts.
        starts_at: DateTime<Utc>,
    },
    /// The certificate expired.
    #[error("the certificate expired at {ended_at}")]
    Expired {
        /// When it ended.
        ended_at: DateTime<Utc>,
    },
}

impl Problem {
    /// Returns the stable code, such as `tampered` or `seal-revoked`.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Malformed { .. } => "malformed",
            Problem::IdentifierInvalid { .. } => "identifier-invalid",
            Problem::UnknownSeal { .. } => "unknown-seal",
            Problem::Tampered => "tampered",
            Problem::IssuerMismatch { .. } => "issuer-mismatch",
            Problem::SealNotValid { .. } => "seal-not-valid",
            Problem::SealRevoked { .. } => "seal-revoked",
            Problem::NotYetValid { .. } => "not-yet-valid",
            Problem::Expired { .. } => "expired",
        }
    }

    /// Returns the message for people; times are shown in Asia/Shanghai.
    pub fn message(&self) -> Message {
        let key = match self {
            Problem::Malformed { .. } => "certificate-problem-malformed",
            Problem::IdentifierInvalid { .. } => "certificate-problem-identifier-invalid",
            Problem::UnknownSeal { .. } => "certificate-problem-unknown-seal",
            Problem::Tampered => "certificate-problem-tampered",
            Problem::IssuerMismatch { .. } => "certificate-problem-issuer-mismatch",
            Problem::SealNotValid { .. } => "certificate-problem-seal-not-valid",
            Problem::SealRevoked { .. } => "certificate-problem-seal-revoked",
            Problem::NotYetValid { .. } => "certificate-problem-not-yet-valid",
            Problem::Expired { .. } => "certificate-problem-expired",
        };
        let message = Message::new(key);
        match self {
            Problem::Malformed { detail } | Problem::IdentifierInvalid { detail } => {
                message.arg("detail", detail.as_str())
            }
            Problem::UnknownSeal { serial } => message.arg("serial", serial.as_str()),
            Problem::Tampered => message,
            Problem::IssuerMismatch {
                issuer_code,
                seal_department_code,
            } => message
                .arg("issuer_code", issuer_code.as_str())
                .arg("seal_code", seal_department_code.as_str()),
            Problem::SealNotValid { signed_at, .. } => {
                message.arg("signed_at", beijing(*signed_at))
            }
            Problem::SealRevoked {
                revoked_at,
                signed_at,
            } => message
                .arg("revoked_at", beijing(*revoked_at))
                .arg("signed_at", beijing(*signed_at)),
            Problem::NotYetValid { starts_at } => message.arg("at", beijing(*starts_at)),
            Problem::Expired { ended_at } => message.arg("at", beijing(*ended_at)),
        }
    }
}

/// Returns `at` in Asia/Shanghai, to the second, with its offset.
pub fn beijing(at: DateTime<Utc>) -> String {
    at.with_timezone(&tongban_domain::time::CHINA_STANDARD_TIME)
        .format("%Y-%m-%d %H:%M:%S%:z")
        .to_string()
}

/// What a valid certificate shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// 证照标识.
    pub id: String,
    /// The holder: in full from a document, masked from a QR payload.
    pub holder: String,
    /// The issuing department.
    pub issuer: String,
    /// First day of validity.
    pub valid_from: NaiveDate,
    /// Last day, `None` for no end.
    pub valid_until: Option<NaiveDate>,
    /// When the seal signed.
    pub signed_at: DateTime<Utc>,
    /// The seal's certificate.
    pub seal: SealCertificate,
    /// When the seal was revoked after signing, if it was; the certificate stays valid.
    pub seal_revoked_later: Option<DateTime<Utc>>,
    /// The full metadata, when a document was verified.
    pub metadata: Option<CertificateMetadata>,
    /// SM3 digest of the canonical metadata.
    pub metadata_digest: [u8; 32],
}

/// Verifies a signed certificate document at `now`.
///
/// # Errors
/// The first [`Problem`] found, in the order of the module documentation.
pub fn verify_document(
    book: &SealBook,
    document: &SignedCertificate,
    now: DateTime<Utc>,
) -> Result<Verified, Problem> {
    let malformed = |detail: String| Problem::Malformed { detail };
    if document.format != crate::document::DOCUMENT_FORMAT {
        return Err(malformed(format!("unknown format {:?}", document.format)));
    }
    let metadata = document
        .metadata()
        .map_err(|error| malformed(error.to_string()))?;
    let canonical = document
        .canonical_metadata()
        .map_err(|error| malformed(error.to_string()))?;
    let signature = document
        .parsed_signature()
        .map_err(|error| malformed(error.to_string()))?;

    let seal = known_seal(book, &metadata.seal_serial)?;
    seal.public_key
        .verify(&canonical, &signature)
        .map_err(|_| Problem::Tampered)?;
    check_identifier(
        &metadata.id,
        Some((&metadata.type_code, &metadata.issuer_code)),
    )?;
    check_seal(book, seal, &metadata.issuer_code, metadata.signed_at)?;
    check_validity(metadata.valid_from, metadata.valid_until, now)?;

    Ok(Verified {
        id: metadata.id.clone(),
        holder: metadata.holder.clone(),
        issuer: metadata.issuer.clone(),
        valid_from: metadata.valid_from,
        valid_until: metadata.valid_until,
        signed_at: metadata.signed_at,
        seal: seal.certificate.clone(),
        seal_revoked_later: book.revoked_at(&metadata.seal_serial),
        metadata_digest: tongban_crypto::sm3_digest(&canonical),
        metadata: Some(metadata),
    })
}

/// Verifies a QR payload at `now`.
///
/// # Errors
/// The first [`Problem`] found, in the order of the module documentation.
pub fn verify_qr(book: &SealBook, text: &str, now: DateTime<Utc>) -> Result<Verified, Problem> {
    let payload = QrPayload::parse(text.trim()).map_err(|error| Problem::Malformed {
        detail: error.to_string(),
    })?;
    let seal = known_seal(book, &payload.seal_serial)?;
    payload
        .verify_signature(&seal.public_key)
        .map_err(|_| Problem::Tampered)?;
    let id = check_identifier(&payload.id, None)?;
    check_seal(book, seal, id.issuer_code(), payload.signed_at)?;
    check_validity(payload.valid_from, payload.valid_until, now)?;
    Ok(Verified {
        id: payload.id.clone(),
        holder: payload.holder.clone(),
        issuer: payload.issuer.clone(),
        valid_from: payload.valid_from,
        valid_until: payload.valid_until,
        signed_at: payload.signed_at,
        seal: seal.certificate.clone(),
        seal_revoked_later: book.revoked_at(&payload.seal_serial),
        metadata: None,
        metadata_digest: payload.metadata_digest,
    })
}

fn known_seal<'b>(book: &'b SealBook, serial: &str) -> Result<&'b SealEntry, Problem> {
    book.get(serial).ok_or_else(|| Problem::UnknownSeal {
        serial: serial.to_owned(),
    })
}

/// Parses identifier `id` and, when `codes` gives the metadata's type and issuer codes, checks
/// that the identifier has the same.
fn check_identifier(id: &str, codes: Option<(&str, &str)>) -> Result<CertificateId, Problem> {
    let parsed = CertificateId::parse(id, InputMode::Strict).map_err(|error| {
        Problem::IdentifierInvalid {
            detail: error.to_string(),
        }
    })?;
    if let Some((type_code, issuer_code)) = codes
        && (parsed.type_code() != type_code || parsed.issuer_code() != issuer_code)
    {
        return Err(Problem::IdentifierInvalid {
            detail: "the type or issuer code differs from the metadata".to_owned(),
        });
    }
    Ok(parsed)
}

fn check_seal(
    book: &SealBook,
    seal: &SealEntry,
    issuer_code: &str,
    signed_at: DateTime<Utc>,
) -> Result<(), Problem> {
    let certificate = &seal.certificate;
    if certificate.department_code != issuer_code {
        return Err(Problem::IssuerMismatch {
            issuer_code: issuer_code.to_owned(),
            seal_department_code: certificate.department_code.clone(),
        });
    }
    if !certificate.is_valid_at(signed_at) {
        return Err(Problem::SealNotValid {
            signed_at,
            valid_from: certificate.valid_from,
            valid_until: certificate.valid_until,
        });
    }
    match book.revoked_at(&certificate.serial) {
        Some(revoked_at) if revoked_at <= signed_at => Err(Problem::SealRevoked {
            revoked_at,
            signed_at,
        }),
        _ => Ok(()),
    }
}

fn check_validity(
    first_day: NaiveDate,
    last_day: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<(), Problem> {
    match validity_at(first_day, last_day, now) {
        Validity::Valid => Ok(()),
        Validity::NotYetValid { starts_at } => Err(Problem::NotYetValid { starts_at }),
        Validity::Expired { ended_at } => Err(Problem::Expired { ended_at }),
    }
}

#[cfg(test)]
mod tests;
