//! The error of the passage, with a message for people in both languages and a stable code
//! that the sending instance reads.

use chrono::SecondsFormat;
use tongban_crypto::envelope::EnvelopeError;
use tongban_i18n::{Lang, Message};
use tongban_store::StoreError;

/// The failure of a passage use case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PassageError {
    /// The envelope failed a check: its form, its receiver, its sender, the sender's key or
    /// signature, or the hub's attestation.
    #[error("{}", self.message().render(Lang::En))]
    Envelope(#[from] EnvelopeError),
    /// The node's trust list does not list the sender, or not the key it signed with. The hub
    /// checked both against its registry, so the node's cached list is most likely older than
    /// the sender's enrolment or key: the hub retries.
    #[error("{}", self.message().render(Lang::En))]
    NotYetTrusted(EnvelopeError),
    /// The hub's registry has no active node the envelope could be forwarded to.
    #[error("{}", self.message().render(Lang::En))]
    UnknownReceiver {
        /// The receiver the envelope names.
        receiver: String,
    },
    /// No handler is registered for the message type.
    #[error("{}", self.message().render(Lang::En))]
    UnknownType {
        /// The message type.
        message_type: String,
    },
    /// The handler of the message type rejected the body.
    #[error("{}", self.message().render(Lang::En))]
    Rejected {
        /// The message type.
        message_type: String,
        /// The handler's reason.
        reason: String,
    },
    /// A handler for the message type is registered already.
    #[error("a handler for message type {message_type:?} is registered already")]
    HandlerExists {
        /// The message type.
        message_type: String,
    },
    /// The node has not enrolled with the hub, so it has no hub to send to or key to check.
    #[error("{}", self.message().render(Lang::En))]
    NotEnrolled,
    /// The node has no valid trust list, so it cannot check senders.
    #[error("{}", self.message().render(Lang::En))]
    NoTrustList,
    /// A stored envelope, key or trust list cannot be read back.
    #[error("the stored {what} is invalid: {detail}")]
    InvalidStored {
        /// What was read, such as `outbox envelope`.
        what: &'static str,
        /// The rule it breaks.
        detail: String,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl PassageError {
    /// Returns whether the sender should give the message up rather than try again: the
    /// envelope or its body will fail the same way every time.
    pub fn is_permanent(&self) -> bool {
        match self {
            PassageError::Envelope(_)
            | PassageError::UnknownReceiver { .. }
            | PassageError::UnknownType { .. }
            | PassageError::Rejected { .. } => true,
            PassageError::NotYetTrusted(_)
            | PassageError::HandlerExists { .. }
            | PassageError::NotEnrolled
            | PassageError::NoTrustList
            | PassageError::InvalidStored { .. }
            | PassageError::Store(_) => false,
        }
    }

    /// Returns the stable code of the failure, as the JSON error carries it.
    pub fn code(&self) -> &'static str {
        match self {
            PassageError::Envelope(error) | PassageError::NotYetTrusted(error) => {
                envelope_code(error)
            }
            PassageError::UnknownReceiver { .. } => "unknown-receiver",
            PassageError::UnknownType { .. } => "unknown-type",
            PassageError::Rejected { .. } => "rejected",
            PassageError::NotEnrolled => "not-enrolled",
            PassageError::NoTrustList => "no-trust-list",
            PassageError::Store(error) if error.is_unavailable() => "unavailable",
            PassageError::HandlerExists { .. }
            | PassageError::InvalidStored { .. }
            | PassageError::Store(_) => "internal",
        }
    }

    /// Returns the message for people. Failures of the database or of stored data get a
    /// general message; their detail is for the log.
    pub fn message(&self) -> Message {
        match self {
            PassageError::Envelope(error) | PassageError::NotYetTrusted(error) => {
                envelope_message(error)
            }
            PassageError::UnknownReceiver { receiver } => {
                Message::new("passage-unknown-receiver").arg("receiver", receiver.as_str())
            }
            PassageError::UnknownType { message_type } => {
                Message::new("passage-unknown-type").arg("type", message_type.as_str())
            }
            PassageError::Rejected {
                message_type,
                reason,
            } => Message::new("passage-rejected")
                .arg("type", message_type.as_str())
                .arg("reason", reason.as_str()),
            PassageError::NotEnrolled => Message::new("passage-not-enrolled"),
            PassageError::NoTrustList => Message::new("passage-no-trust-list"),
            PassageError::HandlerExists { .. }
            | PassageError::InvalidStored { .. }
            | PassageError::Store(_) => Message::new("passage-internal"),
        }
    }
}

fn envelope_code(error: &EnvelopeError) -> &'static str {
    match error {
        EnvelopeError::TooLarge { .. } => "too-large",
        EnvelopeError::Malformed(_) => "malformed",
        EnvelopeError::NotCanonical => "not-canonical",
        EnvelopeError::WrongReceiver { .. } => "wrong-receiver",
        EnvelopeError::UnknownSender { .. } => "unknown-sender",
        EnvelopeError::SenderRevoked { .. } => "sender-revoked",
        EnvelopeError::KeyNotValid { .. } => "key-not-valid",
        EnvelopeError::BadSignature { .. } => "bad-signature",
        EnvelopeError::MissingAttestation => "missing-attestation",
        EnvelopeError::UnexpectedAttestation => "unexpected-attestation",
        EnvelopeError::AttestationKey { .. } => "attestation-key",
        EnvelopeError::BadAttestation => "bad-attestation",
        _ => "malformed",
    }
}

fn envelope_message(error: &EnvelopeError) -> Message {
    match error {
        EnvelopeError::TooLarge { bytes } => Message::new("passage-too-large")
            .arg("bytes", i64::try_from(*bytes).unwrap_or(i64::MAX))
            .arg(
                "max",
                i64::try_from(tongban_crypto::envelope::MAX_ENVELOPE_BYTES).unwrap_or(i64::MAX),
            ),
        EnvelopeError::Malformed(detail) => {
            Message::new("passage-malformed").arg("detail", detail.as_str())
        }
        EnvelopeError::NotCanonical => Message::new("passage-not-canonical"),
        EnvelopeError::WrongReceiver { receiver, expected } => {
            Message::new("passage-wrong-receiver")
                .arg("receiver", receiver.as_str())
                .arg("expected", expected.as_str())
        }
        EnvelopeError::UnknownSender { sender } => {
            Message::new("passage-unknown-sender").arg("sender", sender.as_str())
        }
        EnvelopeError::SenderRevoked { sender } => {
            Message::new("passage-sender-revoked").arg("sender", sender.as_str())
        }
        EnvelopeError::KeyNotValid {
            sender,
            key_id,
            sent_at,
        } => Message::new("passage-key-not-valid")
            .arg("sender", sender.as_str())
            .arg("key_id", key_id.as_str())
            .arg(
                "sent_at",
                sent_at.to_rfc3339_opts(SecondsFormat::Millis, true),
            ),
        EnvelopeError::BadSignature { sender, key_id } => Message::new("passage-bad-signature")
            .arg("sender", sender.as_str())
            .arg("key_id", key_id.as_str()),
        EnvelopeError::MissingAttestation => Message::new("passage-missing-attestation"),
        EnvelopeError::UnexpectedAttestation => Message::new("passage-unexpected-attestation"),
        EnvelopeError::AttestationKey { expected, found } => {
            Message::new("passage-attestation-key")
                .arg("expected", expected.as_str())
                .arg("found", found.as_str())
        }
        EnvelopeError::BadAttestation => Message::new("passage-bad-attestation"),
        EnvelopeError::Json(detail) => {
            Message::new("passage-malformed").arg("detail", detail.as_str())
        }
        _ => Message::new("passage-malformed").arg("detail", error.to_string()),
    }
}
