//! Sending: sealing a message and putting it in the outbox in the caller's transaction.

use chrono::Utc;
use serde_json::{Map, Value};
use tongban_crypto::envelope::{
    Envelope, Header, MessageId, check_message_type, check_node_id, check_ordering_key,
};
use tongban_store::passage::StoreConnection;
use tongban_store::passage::evidence::Direction;
use tongban_store::passage::outbox::{self, NewOutboxMessage};

use super::{HUB_DESTINATION, Passage, PassageError, Role};

/// A message to send.
#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingMessage<'a> {
    /// The node id of the receiver, or the hub's id for a message to the hub.
    pub receiver: &'a str,
    /// The message type, such as `case.status`; the receiver needs a handler for it.
    pub message_type: &'a str,
    /// Messages with the same receiver and ordering key, such as a case number, are applied
    /// in the order they were enqueued.
    pub ordering_key: &'a str,
    /// The body.
    pub body: Map<String, Value>,
}

/// Seals `message` with the instance's key and puts it in the outbox on `transaction`, with
/// the next sequence number of its receiver and ordering key and an entry in the evidence
/// log. Pass the transaction of the change that causes the message, so the change and the
/// message commit together or not at all, and call [`Passage::wake`] after the commit.
///
/// On SQLite the transaction should take the write lock with its first statement (write
/// before reading), as the case use cases do, or another writer can make it fail with
/// "database is locked" when it turns from reading to writing.
///
/// # Errors
/// [`PassageError::Envelope`] when the receiver, type or key break their rules, and
/// [`PassageError::Store`] when the database fails; the caller's transaction should then be
/// rolled back.
pub async fn enqueue(
    transaction: &mut StoreConnection,
    passage: &Passage,
    message: OutgoingMessage<'_>,
) -> Result<MessageId, PassageError> {
    // Checked before a sequence number is taken, so a bad message leaves no trace.
    check_node_id("receiver", message.receiver)?;
    check_message_type(message.message_type)?;
    check_ordering_key(message.ordering_key)?;

    let sequence =
        outbox::next_sequence(&mut *transaction, message.receiver, message.ordering_key).await?;
    let header = Header {
        sender: passage.instance_id().to_owned(),
        receiver: message.receiver.to_owned(),
        message_type: message.message_type.to_owned(),
        message_id: MessageId::generate(),
        sent_at: Utc::now(),
        ordering_key: message.ordering_key.to_owned(),
        sequence: u64::try_from(sequence).map_err(|_| PassageError::InvalidStored {
            what: "sequence number",
            detail: format!("{sequence} is negative"),
        })?,
    };
    let sent_at = header.sent_at;
    let mut envelope = Envelope::seal(header, message.body, passage.signing_key())?;
    let destination = match passage.role() {
        Role::Node => HUB_DESTINATION,
        Role::Hub => {
            // A node accepts only attested envelopes, so the hub attests its own too.
            envelope.attest(passage.instance_id(), passage.signing_key(), sent_at)?;
            message.receiver
        }
    };
    put_in_outbox(transaction, &envelope, destination).await?;
    Ok(envelope.header().message_id.clone())
}

/// Enqueues `message` in a transaction of its own, commits and wakes the worker: for
/// messages that no other change goes with, such as the diagnostic pings.
///
/// # Errors
/// As [`enqueue`].
pub async fn send(
    passage: &Passage,
    message: OutgoingMessage<'_>,
) -> Result<MessageId, PassageError> {
    let _turn = passage.write_turn().await;
    let mut transaction = passage.store().begin().await?;
    let message_id = enqueue(&mut transaction, passage, message).await?;
    tongban_store::commit(transaction).await?;
    passage.wake();
    Ok(message_id)
}

/// Stores a sealed envelope in the outbox, due at once, with its evidence entry.
pub(super) async fn put_in_outbox(
    transaction: &mut StoreConnection,
    envelope: &Envelope,
    destination: &str,
) -> Result<bool, PassageError> {
    let header = envelope.header();
    let now = Utc::now();
    let text =
        std::str::from_utf8(envelope.to_wire()).map_err(|error| PassageError::InvalidStored {
            what: "envelope",
            detail: error.to_string(),
        })?;
    let sequence = i64::try_from(header.sequence).map_err(|_| PassageError::InvalidStored {
        what: "sequence number",
        detail: format!("{} is too large", header.sequence),
    })?;
    let row = NewOutboxMessage {
        message_id: header.message_id.as_str(),
        destination,
        sender: &header.sender,
        receiver: &header.receiver,
        message_type: &header.message_type,
        ordering_key: &header.ordering_key,
        sequence,
        envelope: text,
        created_at: now,
    };
    let inserted = outbox::insert_message(&mut *transaction, &row).await?;
    if inserted {
        super::evidence::record(transaction, Direction::Sent, envelope, now).await?;
    }
    Ok(inserted)
}
