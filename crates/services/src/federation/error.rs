//! The error of the federation use cases, with a message for people in both languages.

use chrono::{DateTime, Utc};
use tongban_crypto::trust_list::TrustListError;
use tongban_i18n::{Lang, Message};
use tongban_store::StoreError;

use crate::ServiceError;
use crate::fields::FieldErrors;

/// The failure of a federation use case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FederationError {
    /// Fields of a request or command break rules.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// No enrolment token has this value.
    #[error("{}", self.message().render(Lang::En))]
    TokenUnknown,
    /// The token enrolled a node already.
    #[error("{}", self.message().render(Lang::En))]
    TokenUsed,
    /// The token was cancelled because its node was revoked.
    #[error("{}", self.message().render(Lang::En))]
    TokenCancelled,
    /// The token expired unused.
    #[error("{}", self.message().render(Lang::En))]
    TokenExpired {
        /// When it expired.
        expired_at: DateTime<Utc>,
    },
    /// The request names another node id, kind or division than the token was issued for.
    #[error("{}", self.message().render(Lang::En))]
    TokenMismatch {
        /// `node_id`, `kind` or `division_code`.
        field: &'static str,
        /// The value the token was issued for.
        expected: String,
        /// The value in the request.
        given: String,
    },
    /// The public key is registered to another node.
    #[error("{}", self.message().render(Lang::En))]
    KeyInUse {
        /// The key id.
        key_id: String,
        /// The node that has it.
        owner: String,
    },
    /// The registry has no such node.
    #[error("{}", self.message().render(Lang::En))]
    NodeNotFound {
        /// The node id asked for.
        node_id: String,
    },
    /// The hub signed its trust lists with another key than the one it has now, so nodes
    /// that enrolled before would reject the lists it signs.
    #[error("{}", self.message().render(Lang::En))]
    HubKeyChanged {
        /// Id of the key of the newest stored trust list.
        stored: String,
        /// Id of the key this hub instance holds.
        current: String,
    },
    /// A received trust list failed its checks.
    #[error("trust list rejected: {0}")]
    TrustList(#[from] TrustListError),
    /// A received trust list is valid but expired already.
    #[error("the trust list expired at {valid_until}")]
    TrustListExpired {
        /// When it expired.
        valid_until: DateTime<Utc>,
    },
    /// A received trust list is older than the one the node holds, as in a replay.
    #[error("trust list {received} is older than the cached list {cached}")]
    TrustListStale {
        /// Sequence of the received list.
        received: i64,
        /// Sequence of the cached list.
        cached: i64,
    },
    /// A node's signed request names a key that is not the node's, or its signature does
    /// not match.
    #[error("{}", self.message().render(Lang::En))]
    SignatureRejected {
        /// The node the request names.
        node_id: String,
        /// What failed.
        detail: String,
    },
    /// The hub has no seal with this serial.
    #[error("{}", self.message().render(Lang::En))]
    SealNotFound {
        /// The serial asked for.
        serial: String,
    },
    /// The node has not enrolled with the hub.
    #[error("this node has not enrolled with the hub")]
    NotEnrolled,
    /// A stored document or key cannot be read back.
    #[error("the stored {what} is invalid: {detail}")]
    InvalidStored {
        /// The value read, such as `cached trust list`.
        what: &'static str,
        /// The rule it breaks.
        detail: String,
    },
    /// A use case this one builds on failed, such as registering the OIDC client.
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl FederationError {
    /// Returns the message for the person who made the request or ran the command. Failures
    /// of the database or of stored data get a general message; their detail is for the log.
    pub fn message(&self) -> Message {
        match self {
            FederationError::Invalid(errors) => match errors.iter().next() {
                Some(first) => first.message.clone(),
                None => {
                    Message::new("federation-request-invalid").arg("detail", errors.to_string())
                }
            },
            FederationError::TokenUnknown => Message::new("federation-token-unknown"),
            FederationError::TokenUsed => Message::new("federation-token-used"),
            FederationError::TokenCancelled => Message::new("federation-token-cancelled"),
            FederationError::TokenExpired { expired_at } => {
                Message::new("federation-token-expired").arg("expired_at", expired_at.to_rfc3339())
            }
            FederationError::TokenMismatch {
                field,
                expected,
                given,
            } => Message::new("federation-token-mismatch")
                .arg("field", *field)
                .arg("expected", expected.as_str())
                .arg("given", given.as_str()),
            FederationError::KeyInUse { key_id, owner } => Message::new("federation-key-in-use")
                .arg("key_id", key_id.as_str())
                .arg("owner", owner.as_str()),
            FederationError::NodeNotFound { node_id } => {
                Message::new("federation-node-not-found").arg("node_id", node_id.as_str())
            }
            FederationError::HubKeyChanged { stored, current } => {
                Message::new("federation-hub-key-changed")
                    .arg("stored", stored.as_str())
                    .arg("current", current.as_str())
            }
            FederationError::TrustList(_)
            | FederationError::TrustListExpired { .. }
            | FederationError::TrustListStale { .. } => {
                Message::new("federation-trust-list-rejected")
            }
            FederationError::SignatureRejected { node_id, .. } => {
                Message::new("federation-signature-rejected").arg("node_id", node_id.as_str())
            }
            FederationError::SealNotFound { serial } => {
                Message::new("federation-seal-not-found").arg("serial", serial.as_str())
            }
            FederationError::NotEnrolled => Message::new("federation-not-enrolled"),
            FederationError::InvalidStored { .. }
            | FederationError::Service(_)
            | FederationError::Store(_) => Message::new("federation-internal"),
        }
    }
}
