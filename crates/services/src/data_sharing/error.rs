//! The error type of data sharing.

use tongban_store::StoreError;

use crate::passage::PassageError;

/// The failure of a data sharing use case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataSharingError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The message could not be sealed or put in the outbox.
    #[error(transparent)]
    Passage(#[from] Box<PassageError>),
    /// A value could not be encoded as JSON.
    #[error("cannot encode a message body: {0}")]
    Encode(serde_json::Error),
    /// A value breaks a rule; the message names the value and the rule.
    #[error("{0}")]
    Invalid(String),
    /// The thing named does not exist here.
    #[error("{0} not found")]
    NotFound(String),
}

impl From<PassageError> for DataSharingError {
    fn from(error: PassageError) -> DataSharingError {
        DataSharingError::Passage(Box::new(error))
    }
}
