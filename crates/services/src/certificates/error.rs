//! The error of the e-certificate use cases, with a message for people in both languages.

use chrono::{DateTime, Utc};
use tongban_i18n::{Lang, Message};
use tongban_store::StoreError;

use crate::keys::KeyFileError;

/// The failure of an e-certificate or e-seal use case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CertificateError {
    /// No certificate with this id is visible to the caller. A certificate of another holder
    /// or department is reported the same way, so its existence is not revealed.
    #[error("{}", self.message().render(Lang::En))]
    NotFound,
    /// The caller lacks the staff role the step needs.
    #[error("{}", self.message().render(Lang::En))]
    RoleMissing {
        /// The role needed.
        role: &'static str,
    },
    /// A reason is required and was blank.
    #[error("{}", self.message().render(Lang::En))]
    ReasonRequired,
    /// The certificate was revoked or cancelled before.
    #[error("{}", self.message().render(Lang::En))]
    AlreadyEnded {
        /// `revoked` or `cancelled`.
        status: &'static str,
    },
    /// The department has no seal key, or the hub has not certified it yet.
    #[error("{}", self.message().render(Lang::En))]
    SealNotCertified {
        /// Credit code of the department.
        department_code: String,
    },
    /// The department's seal was not valid at the instant of issue: expired, not yet valid,
    /// or revoked by the hub.
    #[error("{}", self.message().render(Lang::En))]
    SealNotValid {
        /// Serial of the seal.
        serial: String,
        /// The instant of issue.
        at: DateTime<Utc>,
    },
    /// The implementation's data cannot make a certificate, such as a missing credit code.
    #[error("cannot issue the certificate: {0}")]
    Unissuable(String),
    /// The node has not enrolled with the hub or holds no valid trust list.
    #[error("{}", self.message().render(Lang::En))]
    NoTrustList,
    /// A seal key file cannot be read or written.
    #[error(transparent)]
    KeyFile(#[from] KeyFileError),
    /// A stored or received document cannot be read or does not match.
    #[error("the {what} is invalid: {detail}")]
    Invalid {
        /// What was read, such as `seal certificate`.
        what: &'static str,
        /// The rule it breaks.
        detail: String,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl CertificateError {
    /// Returns the message for the person who made the request. Failures of files, stored
    /// data and the database get a general message; their detail is for the log.
    pub fn message(&self) -> Message {
        match self {
            CertificateError::NotFound => Message::new("certificate-not-found"),
            CertificateError::RoleMissing { role } => {
                Message::new("certificate-role-missing").arg("role", *role)
            }
            CertificateError::ReasonRequired => Message::new("certificate-reason-required"),
            CertificateError::AlreadyEnded { status } => {
                Message::new("certificate-already-ended").arg("status", *status)
            }
            CertificateError::SealNotCertified { department_code } => {
                Message::new("certificate-seal-not-certified")
                    .arg("department_code", department_code.as_str())
            }
            CertificateError::SealNotValid { serial, .. } => {
                Message::new("certificate-seal-not-valid").arg("serial", serial.as_str())
            }
            CertificateError::NoTrustList => Message::new("certificate-no-trust-list"),
            CertificateError::Unissuable(_)
            | CertificateError::KeyFile(_)
            | CertificateError::Invalid { .. }
            | CertificateError::Store(_) => Message::new("certificate-internal"),
        }
    }
}
