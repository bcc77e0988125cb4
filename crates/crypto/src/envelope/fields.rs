//! The rules of the envelope's members, checked when an envelope is sealed and when it is read.

use std::fmt;

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;

use super::tree::{Hash, MAX_TREE_SIZE};
use super::{
    Attestation, ENVELOPE_VERSION, Envelope, EnvelopeError, Header, WireAttestation, WireEnvelope,
};
use crate::signing::Signature;

/// Maximum length of a node id, in bytes.
const NODE_ID_MAX: usize = 32;

/// Maximum length of a message type, in bytes.
const MESSAGE_TYPE_MAX: usize = 64;

/// Maximum length of an ordering key, in characters.
const ORDERING_KEY_MAX_CHARS: usize = 128;

/// Length of a message id: 128 random bits in lowercase hex.
const MESSAGE_ID_LEN: usize = 32;

/// Length of a key id: 16 lowercase hex digits.
const KEY_ID_LEN: usize = 16;

/// Length of an SM3 digest in bytes.
const HASH_LEN: usize = 32;

/// Most hashes on the path of a leaf: the depth of a tree of [`MAX_TREE_SIZE`] leaves.
const MAX_PATH_LEN: usize = MAX_TREE_SIZE.ilog2() as usize;

/// The id of a message: 128 random bits as 32 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct MessageId(String);

impl MessageId {
    /// Generates a new id from the operating system's random source.
    ///
    /// # Panics
    /// When the operating system has no random source, which leaves nothing safe to do.
    pub fn generate() -> MessageId {
        let mut bytes = [0u8; MESSAGE_ID_LEN / 2];
        #[expect(
            clippy::expect_used,
            reason = "without randomness message ids could collide"
        )]
        getrandom::fill(&mut bytes).expect("the operating system random source is available");
        MessageId(hex::encode(bytes))
    }

    /// Parses 32 lowercase hex digits.
    ///
    /// # Errors
    /// [`EnvelopeError::Malformed`] for any other text.
    pub fn parse(text: &str) -> Result<MessageId, EnvelopeError> {
        if is_lower_hex(text, MESSAGE_ID_LEN) {
            Ok(MessageId(text.to_owned()))
        } else {
            Err(EnvelopeError::Malformed(format!(
                "id {:?} is not 32 lowercase hex digits",
                shorten(text)
            )))
        }
    }

    /// Returns the id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// Checks a node or hub id: 1 to 32 lowercase letters, digits and hyphens, the rule of
/// instance ids in the configuration.
///
/// # Errors
/// [`EnvelopeError::Malformed`] naming `member`.
pub fn check_node_id(member: &str, id: &str) -> Result<(), EnvelopeError> {
    let valid = !id.is_empty()
        && id.len() <= NODE_ID_MAX
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(EnvelopeError::Malformed(format!(
            "{member} {:?} is not 1 to {NODE_ID_MAX} lowercase letters, digits and hyphens",
            shorten(id)
        )))
    }
}

/// Checks a message type: 1 to 64 bytes, a lowercase letter first, then lowercase letters,
/// digits, `.`, `_` and `-`, such as `case.status`.
///
/// # Errors
/// [`EnvelopeError::Malformed`] for any other text.
pub fn check_message_type(message_type: &str) -> Result<(), EnvelopeError> {
    let valid = message_type.len() <= MESSAGE_TYPE_MAX
        && message_type
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase())
        && message_type.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_' || b == b'-'
        });
    if valid {
        Ok(())
    } else {
        Err(EnvelopeError::Malformed(format!(
            "type {:?} is not 1 to {MESSAGE_TYPE_MAX} lowercase letters, digits, dots, \
             underscores and hyphens starting with a letter",
            shorten(message_type)
        )))
    }
}

/// Checks an ordering key: 1 to 128 characters without control characters.
///
/// # Errors
/// [`EnvelopeError::Malformed`] for any other text.
pub fn check_ordering_key(key: &str) -> Result<(), EnvelopeError> {
    let valid = !key.is_empty()
        && key.chars().count() <= ORDERING_KEY_MAX_CHARS
        && !key.chars().any(char::is_control);
    if valid {
        Ok(())
    } else {
        Err(EnvelopeError::Malformed(format!(
            "ordering_key {:?} is not 1 to {ORDERING_KEY_MAX_CHARS} characters without \
             control characters",
            shorten(key)
        )))
    }
}

/// Checks every member of `header`.
pub(super) fn check_header(header: &Header) -> Result<(), EnvelopeError> {
    check_node_id("sender", &header.sender)?;
    check_node_id("receiver", &header.receiver)?;
    check_message_type(&header.message_type)?;
    check_ordering_key(&header.ordering_key)?;
    if header.sequence == 0 || i64::try_from(header.sequence).is_err() {
        return Err(EnvelopeError::Malformed(format!(
            "sequence {} is not between 1 and {}",
            header.sequence,
            i64::MAX
        )));
    }
    Ok(())
}

/// Drops the precision below a millisecond, which the wire form does not carry.
pub(super) fn to_millis(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(3)
}

/// Writes a time in the one form the wire carries: RFC 3339 in UTC with milliseconds, such as
/// `2026-12-05T08:30:00.250Z`.
pub(super) fn format_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Reads a time written by [`format_time`], and nothing else.
fn parse_time(member: &str, text: &str) -> Result<DateTime<Utc>, EnvelopeError> {
    let invalid = || {
        EnvelopeError::Malformed(format!(
            "{member} {:?} is not an RFC 3339 UTC time with milliseconds, such as \
             2026-12-05T08:30:00.250Z",
            shorten(text)
        ))
    };
    let parsed = DateTime::parse_from_rfc3339(text)
        .map_err(|_| invalid())?
        .with_timezone(&Utc);
    if format_time(parsed) == text {
        Ok(parsed)
    } else {
        Err(invalid())
    }
}

fn parse_key_id(member: &str, text: &str) -> Result<String, EnvelopeError> {
    if is_lower_hex(text, KEY_ID_LEN) {
        Ok(text.to_owned())
    } else {
        Err(EnvelopeError::Malformed(format!(
            "{member} {:?} is not 16 lowercase hex digits",
            shorten(text)
        )))
    }
}

fn parse_signature(member: &str, text: &str) -> Result<Signature, EnvelopeError> {
    Signature::from_base64url(text)
        .map_err(|error| EnvelopeError::Malformed(format!("{member}: {error}")))
}

/// Checks the members read from the wire and builds the envelope, without its wire bytes.
pub(super) fn from_wire_members(wire: WireEnvelope) -> Result<Envelope, EnvelopeError> {
    if wire.version != ENVELOPE_VERSION {
        return Err(EnvelopeError::Malformed(format!(
            "version {} is not {ENVELOPE_VERSION}",
            wire.version
        )));
    }
    let header = Header {
        sender: wire.sender,
        receiver: wire.receiver,
        message_type: wire.message_type,
        message_id: MessageId::parse(&wire.id)?,
        sent_at: parse_time("sent_at", &wire.sent_at)?,
        ordering_key: wire.ordering_key,
        sequence: wire.sequence,
    };
    check_header(&header)?;
    let attestation = wire.attestation.map(attestation_from_wire).transpose()?;
    Ok(Envelope {
        header,
        body: wire.body,
        key_id: parse_key_id("key_id", &wire.key_id)?,
        signature: parse_signature("signature", &wire.signature)?,
        attestation,
        wire: Vec::new(),
    })
}

fn attestation_from_wire(wire: WireAttestation) -> Result<Attestation, EnvelopeError> {
    check_node_id("attestation.hub", &wire.hub)?;
    if wire.tree_size == 0 || wire.tree_size > MAX_TREE_SIZE {
        return Err(EnvelopeError::Malformed(format!(
            "attestation.tree_size {} is not between 1 and {MAX_TREE_SIZE}",
            wire.tree_size
        )));
    }
    if wire.leaf_index >= wire.tree_size {
        return Err(EnvelopeError::Malformed(format!(
            "attestation.leaf_index {} is not below the tree_size {}",
            wire.leaf_index, wire.tree_size
        )));
    }
    if wire.path.len() > MAX_PATH_LEN {
        return Err(EnvelopeError::Malformed(format!(
            "attestation.path has {} hashes, more than the {MAX_PATH_LEN} of the largest tree",
            wire.path.len()
        )));
    }
    let path = wire
        .path
        .iter()
        .map(|text| parse_hash("attestation.path", text))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Attestation {
        hub: wire.hub,
        key_id: parse_key_id("attestation.key_id", &wire.key_id)?,
        relayed_at: parse_time("attestation.relayed_at", &wire.relayed_at)?,
        leaf_index: wire.leaf_index,
        tree_size: wire.tree_size,
        path,
        signature: parse_signature("attestation.signature", &wire.signature)?,
    })
}

/// Reads an SM3 digest written as 64 lowercase hex digits.
fn parse_hash(member: &str, text: &str) -> Result<Hash, EnvelopeError> {
    let invalid = || {
        EnvelopeError::Malformed(format!(
            "{member} {:?} is not 64 lowercase hex digits",
            shorten(text)
        ))
    };
    if !is_lower_hex(text, 2 * HASH_LEN) {
        return Err(invalid());
    }
    let mut hash = [0u8; HASH_LEN];
    hex::decode_to_slice(text, &mut hash).map_err(|_| invalid())?;
    Ok(hash)
}

fn is_lower_hex(text: &str, len: usize) -> bool {
    text.len() == len
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Keeps error messages short when a member is long.
fn shorten(text: &str) -> String {
    const MAX_CHARS: usize = 80;
    if text.chars().count() <= MAX_CHARS {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(MAX_CHARS).collect();
    short.push('…');
    short
}
