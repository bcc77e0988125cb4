//! The receiver's checks of an envelope, in their fixed order.

use chrono::{DateTime, Utc};

use super::{Envelope, EnvelopeError};
use crate::signing::PublicKey;

/// A key of a sender with its validity, as the trust list or the registry has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderKey {
    /// The public key; its id is [`PublicKey::key_id`].
    pub public_key: PublicKey,
    /// From when signatures by this key are accepted.
    pub valid_from: DateTime<Utc>,
    /// Until when they are accepted; `None` while the key is current.
    pub valid_until: Option<DateTime<Utc>>,
}

impl SenderKey {
    /// Returns whether the key is valid at `at`.
    pub fn is_valid_at(&self, at: DateTime<Utc>) -> bool {
        self.valid_from <= at && self.valid_until.is_none_or(|until| at < until)
    }
}

/// What the receiver knows of the sender an envelope names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SenderStatus {
    /// Neither the trust list nor the registry has the sender.
    Unknown,
    /// The registry has the sender, but it was revoked. Nodes never see this status, because
    /// the trust list leaves revoked nodes out.
    Revoked,
    /// The sender is trusted with these keys, current and past.
    Active(Vec<SenderKey>),
}

impl Envelope {
    /// Runs a receiver's checks in this order, stopping at the first that fails:
    ///
    /// 1. the envelope is addressed to `receiver`;
    /// 2. the sender is known and not revoked (`sender`, which the caller looked up by
    ///    [`Header::sender`](super::Header::sender));
    /// 3. the sender had the key the envelope names, valid at the time the envelope says it
    ///    was sealed;
    /// 4. the sender's signature matches;
    /// 5. with `hub_key`, the hub's attestation is present, names that key and matches;
    ///    without it, the envelope has no attestation.
    ///
    /// # Errors
    /// The [`EnvelopeError`] of the first check that fails: `WrongReceiver`, `UnknownSender`
    /// or `SenderRevoked`, `KeyNotValid`, `BadSignature`, and then `MissingAttestation`,
    /// `AttestationKey`, `BadAttestation` or `UnexpectedAttestation`.
    pub fn verify(
        &self,
        receiver: &str,
        sender: &SenderStatus,
        hub_key: Option<&PublicKey>,
    ) -> Result<(), EnvelopeError> {
        let header = self.header();
        if header.receiver != receiver {
            return Err(EnvelopeError::WrongReceiver {
                receiver: header.receiver.clone(),
                expected: receiver.to_owned(),
            });
        }

        let keys = match sender {
            SenderStatus::Unknown => {
                return Err(EnvelopeError::UnknownSender {
                    sender: header.sender.clone(),
                });
            }
            SenderStatus::Revoked => {
                return Err(EnvelopeError::SenderRevoked {
                    sender: header.sender.clone(),
                });
            }
            SenderStatus::Active(keys) => keys,
        };

        let key = keys
            .iter()
            .find(|key| {
                key.public_key.key_id().as_str() == self.key_id() && key.is_valid_at(header.sent_at)
            })
            .ok_or_else(|| EnvelopeError::KeyNotValid {
                sender: header.sender.clone(),
                key_id: self.key_id().to_owned(),
                sent_at: header.sent_at,
            })?;

        self.verify_signature(&key.public_key)?;

        match hub_key {
            Some(hub_key) => self.verify_attestation(hub_key),
            None if self.attestation().is_some() => Err(EnvelopeError::UnexpectedAttestation),
            None => Ok(()),
        }
    }
}
