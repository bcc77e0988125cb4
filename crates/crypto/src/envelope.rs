//! The signed envelope of the passage: the only thing that crosses between platforms.
//!
//! An envelope names its sender, receiver, message type, a random message id, the time it was
//! sealed, an ordering key with a sequence number, and carries a JSON object as its body. The
//! sender signs the canonical JSON (RFC 8785) of every member except `signature` and
//! `attestation` with SM2 over SM3 (signer ID [`DIST_ID`](crate::DIST_ID)). The hub, when it
//! forwards envelopes, attests them as one batch: it puts the envelopes as received (the
//! sender's signature included) in a Merkle tree ([`tree`]) and signs the root once. Each
//! envelope then carries an `attestation`: the hub's id and key id, the relay time, its place
//! in the tree, the path from its leaf to the root and the hub's signature. So each envelope
//! can be checked on its own.
//!
//! On the wire an envelope is exactly its canonical JSON. [`Envelope::from_wire`] rejects
//! anything else: unknown or missing members, white space, another number or string form, a
//! second encoding of a signature. So every byte of a received envelope is either covered by a
//! signature or makes the parse fail.

mod fields;
pub mod tree;
mod verify;

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::signing::{PublicKey, Signature, SignatureError, SigningKey};
use tree::Hash;

pub use fields::{MessageId, check_message_type, check_node_id, check_ordering_key};
pub use verify::{SenderKey, SenderStatus};

/// Version of the wire format, the `version` member of every envelope. Version 2 attests
/// batches with a Merkle path; version 1, where the hub signed each envelope, is rejected.
pub const ENVELOPE_VERSION: u64 = 2;

/// Largest envelope accepted on the wire, in bytes.
pub const MAX_ENVELOPE_BYTES: usize = 1024 * 1024;

/// The header of an envelope: everything but the body and the signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Node id of the sender, or the hub's instance id.
    pub sender: String,
    /// Node id of the receiver, or the hub's instance id.
    pub receiver: String,
    /// Message type, such as `test.ping`; the receiver applies the body with the handler
    /// registered under this name.
    pub message_type: String,
    /// Random id, unique across the federation.
    pub message_id: MessageId,
    /// When the sender sealed the envelope, with millisecond precision.
    pub sent_at: DateTime<Utc>,
    /// Messages with the same sender, receiver and ordering key (such as a case number) are
    /// applied in the order of their sequence numbers.
    pub ordering_key: String,
    /// Position of the message among those of its ordering key, from 1.
    pub sequence: u64,
}

/// The hub's attestation that it received the envelope from its sender and relayed it.
#[derive(Clone, PartialEq, Eq)]
pub struct Attestation {
    /// Instance id of the hub.
    pub hub: String,
    /// Id of the hub key that signed.
    pub key_id: String,
    /// When the hub accepted the envelope, with millisecond precision.
    pub relayed_at: DateTime<Utc>,
    /// Place of the envelope's leaf in the batch's tree, from 0.
    pub leaf_index: u64,
    /// Number of envelopes in the batch.
    pub tree_size: u64,
    /// Hashes from the leaf's sibling up to the root's child.
    pub path: Vec<Hash>,
    /// The hub's signature of the batch head: the three members above and the tree's root.
    pub signature: Signature,
}

impl fmt::Debug for Attestation {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Attestation")
            .field("hub", &self.hub)
            .field("key_id", &self.key_id)
            .field("relayed_at", &self.relayed_at)
            .field("leaf_index", &self.leaf_index)
            .field("tree_size", &self.tree_size)
            .finish_non_exhaustive()
    }
}

/// A sealed envelope. `Debug` shows the header and the key ids, never the signatures.
#[derive(Clone, PartialEq)]
pub struct Envelope {
    header: Header,
    body: Map<String, Value>,
    key_id: String,
    signature: Signature,
    attestation: Option<Attestation>,
    /// The canonical JSON of the whole envelope, kept because it is what travels, is hashed
    /// for the evidence log and is stored.
    wire: Vec<u8>,
}

/// Why an envelope was rejected, in the order a receiver checks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// The envelope is larger than [`MAX_ENVELOPE_BYTES`].
    #[error("the envelope has {bytes} bytes, more than the {MAX_ENVELOPE_BYTES} accepted")]
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// The envelope is not JSON of the envelope's shape, or a member breaks its rule.
    #[error("malformed envelope: {0}")]
    Malformed(String),
    /// The envelope is valid JSON but not in its canonical form (RFC 8785), which is the only
    /// form accepted.
    #[error("the envelope is not canonical JSON (RFC 8785)")]
    NotCanonical,
    /// The envelope is addressed to another platform.
    #[error("the envelope is addressed to {receiver:?}, not to {expected:?}")]
    WrongReceiver {
        /// The receiver it names.
        receiver: String,
        /// This platform's id.
        expected: String,
    },
    /// The sender is not in the trust list or the registry.
    #[error("the sender {sender:?} is not a trusted node")]
    UnknownSender {
        /// The sender it names.
        sender: String,
    },
    /// The sender was revoked.
    #[error("the sender {sender:?} is revoked")]
    SenderRevoked {
        /// The sender it names.
        sender: String,
    },
    /// The sender has no key with this id that was valid when the envelope was sealed.
    #[error("node {sender:?} had no valid key {key_id:?} at {sent_at}")]
    KeyNotValid {
        /// The sender.
        sender: String,
        /// The key id the envelope names.
        key_id: String,
        /// When the envelope says it was sealed.
        sent_at: DateTime<Utc>,
    },
    /// The sender's signature does not match the envelope.
    #[error("the signature of {sender:?} with key {key_id:?} does not match the envelope")]
    BadSignature {
        /// The sender.
        sender: String,
        /// The key id the envelope names.
        key_id: String,
    },
    /// The envelope came through the hub but has no attestation.
    #[error("the envelope has no attestation by the hub")]
    MissingAttestation,
    /// The envelope has an attestation where none belongs, as in an envelope a node sends to
    /// the hub.
    #[error("the envelope has an attestation, but it was not relayed by the hub")]
    UnexpectedAttestation,
    /// The attestation names another hub key than the one saved at enrolment.
    #[error("the attestation names hub key {found:?}, but the hub's key is {expected}")]
    AttestationKey {
        /// Id of the hub key saved at enrolment.
        expected: String,
        /// Id the attestation names.
        found: String,
    },
    /// The hub's signature does not match the envelope, or its path does not fit its tree.
    #[error("the hub's attestation signature does not match the envelope")]
    BadAttestation,
    /// A value could not be written as canonical JSON.
    #[error("cannot write the envelope as canonical JSON: {0}")]
    Json(String),
}

impl From<SignatureError> for EnvelopeError {
    fn from(error: SignatureError) -> EnvelopeError {
        EnvelopeError::Json(error.to_string())
    }
}

/// The members of an envelope as they travel, read with every member required and no other
/// allowed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireEnvelope {
    version: u64,
    sender: String,
    receiver: String,
    #[serde(rename = "type")]
    message_type: String,
    id: String,
    sent_at: String,
    ordering_key: String,
    sequence: u64,
    body: Map<String, Value>,
    key_id: String,
    signature: String,
    #[serde(default)]
    attestation: Option<WireAttestation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireAttestation {
    hub: String,
    key_id: String,
    relayed_at: String,
    leaf_index: u64,
    tree_size: u64,
    path: Vec<String>,
    signature: String,
}

impl Envelope {
    /// Seals `body` under `header` with the sender's `key`.
    ///
    /// # Errors
    /// [`EnvelopeError::Malformed`] when a header member breaks its rule (see
    /// [`check_node_id`], [`check_message_type`], [`check_ordering_key`]) or the sequence is 0
    /// or beyond `i64::MAX`, and [`EnvelopeError::Json`] when the body cannot be written as
    /// canonical JSON.
    pub fn seal(
        header: Header,
        body: Map<String, Value>,
        key: &SigningKey,
    ) -> Result<Envelope, EnvelopeError> {
        let header = Header {
            sent_at: fields::to_millis(header.sent_at),
            ..header
        };
        fields::check_header(&header)?;
        let key_id = key.key_id().to_string();
        let signed = signed_members(&header, &body, &key_id);
        let signature = key.sign(&canonical(&Value::Object(signed))?);
        let mut envelope = Envelope {
            header,
            body,
            key_id,
            signature,
            attestation: None,
            wire: Vec::new(),
        };
        envelope.wire = canonical(&envelope.wire_value())?;
        Ok(envelope)
    }

    /// Adds the hub's attestation, signed with the hub's `key` at `relayed_at`, replacing an
    /// earlier one: the attestation of a batch of one.
    ///
    /// # Errors
    /// As [`Envelope::attest_batch`].
    pub fn attest(
        &mut self,
        hub: &str,
        key: &SigningKey,
        relayed_at: DateTime<Utc>,
    ) -> Result<(), EnvelopeError> {
        Envelope::attest_batch(std::slice::from_mut(self), hub, key, relayed_at)
    }

    /// Attests `envelopes` as one batch with one signature of the hub's `key` at
    /// `relayed_at`, replacing earlier attestations. Nothing changes for an empty batch.
    ///
    /// # Errors
    /// [`EnvelopeError::Malformed`] for a hub id that breaks the node id rule or a batch
    /// larger than [`tree::MAX_TREE_SIZE`], and [`EnvelopeError::Json`] when an envelope
    /// cannot be written as canonical JSON.
    pub fn attest_batch(
        envelopes: &mut [Envelope],
        hub: &str,
        key: &SigningKey,
        relayed_at: DateTime<Utc>,
    ) -> Result<(), EnvelopeError> {
        check_node_id("attestation.hub", hub)?;
        if envelopes.is_empty() {
            return Ok(());
        }
        let tree_size = u64::try_from(envelopes.len())
            .ok()
            .filter(|size| *size <= tree::MAX_TREE_SIZE)
            .ok_or_else(|| {
                EnvelopeError::Malformed(format!(
                    "a batch of {} envelopes is larger than the {} one attestation covers",
                    envelopes.len(),
                    tree::MAX_TREE_SIZE
                ))
            })?;

        let leaves = envelopes
            .iter()
            .map(|envelope| Ok(tree::leaf_hash(&envelope.sealed_wire()?)))
            .collect::<Result<Vec<_>, EnvelopeError>>()?;
        let (root, paths) = tree::root_and_paths(&leaves);

        let relayed_at = fields::to_millis(relayed_at);
        let key_id = key.key_id().to_string();
        let head = batch_head(hub, &key_id, relayed_at, tree_size, &root);
        let signature = key.sign(&canonical(&Value::Object(head))?);

        for ((leaf_index, envelope), path) in (0..).zip(envelopes.iter_mut()).zip(paths) {
            envelope.attestation = Some(Attestation {
                hub: hub.to_owned(),
                key_id: key_id.clone(),
                relayed_at,
                leaf_index,
                tree_size,
                path,
                signature: signature.clone(),
            });
            envelope.wire = canonical(&envelope.wire_value())?;
        }
        Ok(())
    }

    /// Reads an envelope from the wire: at most [`MAX_ENVELOPE_BYTES`] of canonical JSON with
    /// exactly the members of an envelope, each valid. Signatures are parsed but not checked;
    /// that is [`Envelope::verify`].
    ///
    /// # Errors
    /// [`EnvelopeError::TooLarge`], [`EnvelopeError::Malformed`] naming the member or the JSON
    /// error, and [`EnvelopeError::NotCanonical`] for any other form of a valid envelope.
    pub fn from_wire(bytes: &[u8]) -> Result<Envelope, EnvelopeError> {
        if bytes.len() > MAX_ENVELOPE_BYTES {
            return Err(EnvelopeError::TooLarge { bytes: bytes.len() });
        }
        let wire: WireEnvelope = serde_json::from_slice(bytes)
            .map_err(|error| EnvelopeError::Malformed(error.to_string()))?;
        let envelope = fields::from_wire_members(wire)?;
        let canonical_form = canonical(&envelope.wire_value())?;
        if canonical_form != bytes {
            return Err(EnvelopeError::NotCanonical);
        }
        Ok(Envelope {
            wire: canonical_form,
            ..envelope
        })
    }

    /// Returns the wire form: the canonical JSON of the whole envelope.
    pub fn to_wire(&self) -> &[u8] {
        &self.wire
    }

    /// Returns the SM3 digest of the wire form, in hex.
    pub fn digest(&self) -> String {
        crate::sm3_hex(&self.wire)
    }

    /// Returns the header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Returns the body.
    pub fn body(&self) -> &Map<String, Value> {
        &self.body
    }

    /// Returns the id of the key the sender signed with.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Returns the sender's signature.
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// Returns the hub's attestation, if the envelope has one.
    pub fn attestation(&self) -> Option<&Attestation> {
        self.attestation.as_ref()
    }

    /// Checks the sender's signature with `key` alone, without the receiver and key validity
    /// checks of [`Envelope::verify`].
    ///
    /// # Errors
    /// [`EnvelopeError::BadSignature`] when it does not match.
    pub fn verify_signature(&self, key: &PublicKey) -> Result<(), EnvelopeError> {
        let signed = signed_members(&self.header, &self.body, &self.key_id);
        key.verify(&canonical(&Value::Object(signed))?, &self.signature)
            .map_err(|_| EnvelopeError::BadSignature {
                sender: self.header.sender.clone(),
                key_id: self.key_id.clone(),
            })
    }

    /// Checks the hub's attestation with `hub_key`.
    ///
    /// # Errors
    /// [`EnvelopeError::MissingAttestation`] without one, [`EnvelopeError::AttestationKey`]
    /// when it names another key, and [`EnvelopeError::BadAttestation`] when the signature
    /// does not match.
    pub fn verify_attestation(&self, hub_key: &PublicKey) -> Result<(), EnvelopeError> {
        let attestation = self
            .attestation
            .as_ref()
            .ok_or(EnvelopeError::MissingAttestation)?;
        if attestation.key_id != hub_key.key_id().as_str() {
            return Err(EnvelopeError::AttestationKey {
                expected: hub_key.key_id().to_string(),
                found: attestation.key_id.clone(),
            });
        }
        let leaf = tree::leaf_hash(&self.sealed_wire()?);
        let root = tree::root_from_path(
            &leaf,
            attestation.leaf_index,
            attestation.tree_size,
            &attestation.path,
        )
        .ok_or(EnvelopeError::BadAttestation)?;
        let head = batch_head(
            &attestation.hub,
            &attestation.key_id,
            attestation.relayed_at,
            attestation.tree_size,
            &root,
        );
        hub_key
            .verify_repeated(&canonical(&Value::Object(head))?, &attestation.signature)
            .map_err(|_| EnvelopeError::BadAttestation)
    }

    /// Returns the envelope as its sender sealed it, without an attestation: the leaf of its
    /// batch's tree.
    fn sealed_wire(&self) -> Result<Vec<u8>, EnvelopeError> {
        if self.attestation.is_none() {
            return Ok(self.wire.clone());
        }
        canonical(&Value::Object(self.sealed_members()))
    }

    /// Returns the members the sender sealed: the signed ones and the sender's signature.
    fn sealed_members(&self) -> Map<String, Value> {
        let mut members = signed_members(&self.header, &self.body, &self.key_id);
        members.insert(
            "signature".to_owned(),
            Value::String(self.signature.to_base64url()),
        );
        members
    }

    fn wire_value(&self) -> Value {
        let mut members = self.sealed_members();
        if let Some(attestation) = &self.attestation {
            let mut relay = Map::new();
            relay.insert("hub".to_owned(), Value::String(attestation.hub.clone()));
            relay.insert(
                "key_id".to_owned(),
                Value::String(attestation.key_id.clone()),
            );
            relay.insert(
                "relayed_at".to_owned(),
                Value::String(fields::format_time(attestation.relayed_at)),
            );
            relay.insert("leaf_index".to_owned(), Value::from(attestation.leaf_index));
            relay.insert("tree_size".to_owned(), Value::from(attestation.tree_size));
            relay.insert(
                "path".to_owned(),
                attestation.path.iter().map(hex::encode).collect(),
            );
            relay.insert(
                "signature".to_owned(),
                Value::String(attestation.signature.to_base64url()),
            );
            members.insert("attestation".to_owned(), Value::Object(relay));
        }
        Value::Object(members)
    }
}

impl fmt::Debug for Envelope {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Envelope")
            .field("header", &self.header)
            .field("key_id", &self.key_id)
            .field("attestation", &self.attestation)
            .finish_non_exhaustive()
    }
}

/// The members the sender signs: every member but `signature` and `attestation`.
fn signed_members(header: &Header, body: &Map<String, Value>, key_id: &str) -> Map<String, Value> {
    let mut members = Map::new();
    members.insert("version".to_owned(), Value::from(ENVELOPE_VERSION));
    members.insert("sender".to_owned(), Value::String(header.sender.clone()));
    members.insert(
        "receiver".to_owned(),
        Value::String(header.receiver.clone()),
    );
    members.insert(
        "type".to_owned(),
        Value::String(header.message_type.clone()),
    );
    members.insert(
        "id".to_owned(),
        Value::String(header.message_id.as_str().to_owned()),
    );
    members.insert(
        "sent_at".to_owned(),
        Value::String(fields::format_time(header.sent_at)),
    );
    members.insert(
        "ordering_key".to_owned(),
        Value::String(header.ordering_key.clone()),
    );
    members.insert("sequence".to_owned(), Value::from(header.sequence));
    members.insert("body".to_owned(), Value::Object(body.clone()));
    members.insert("key_id".to_owned(), Value::String(key_id.to_owned()));
    members
}

/// Returns the members the hub signs for a batch: its id and key id, the relay time, the
/// number of envelopes and the root of their tree, with `attests` naming what the signature
/// is for.
fn batch_head(
    hub: &str,
    key_id: &str,
    relayed_at: DateTime<Utc>,
    tree_size: u64,
    root: &Hash,
) -> Map<String, Value> {
    let mut members = Map::new();
    members.insert(
        "attests".to_owned(),
        Value::String("passage envelopes".to_owned()),
    );
    members.insert("hub".to_owned(), Value::String(hub.to_owned()));
    members.insert("key_id".to_owned(), Value::String(key_id.to_owned()));
    members.insert(
        "relayed_at".to_owned(),
        Value::String(fields::format_time(relayed_at)),
    );
    members.insert("tree_size".to_owned(), Value::from(tree_size));
    members.insert("root".to_owned(), Value::String(hex::encode(root)));
    members
}

fn canonical(value: &Value) -> Result<Vec<u8>, EnvelopeError> {
    crate::canonical_json(value).map_err(|error| EnvelopeError::Json(error.to_string()))
}

#[cfg(test)]
mod tests;
