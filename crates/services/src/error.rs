//! The error type of the use cases.

use tongban_store::StoreError;

/// Why a use case failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServiceError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A value could not be encoded, for example to compute its digest.
    #[error("cannot encode {what}: {source}")]
    Encode {
        /// What was being encoded.
        what: String,
        /// The encoder's error.
        source: serde_json::Error,
    },
    /// A client registration breaks a rule.
    #[error("invalid OIDC client: {0}")]
    InvalidClient(String),
    /// A stored schedule revision does not form a valid schedule any more.
    #[error("the stored holiday schedule of {year} is invalid: {reason}")]
    InvalidStoredSchedule {
        /// The year.
        year: i32,
        /// The rule it breaks.
        reason: String,
    },
}
