//! The inbox: every envelope a receiver accepted, keyed by message id, and the next sequence
//! number it applies for each sender and ordering key.

use std::fmt;

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// Where a received message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InboxStatus {
    /// Stored until the messages before it in its ordering key are applied.
    Waiting,
    /// Applied by its handler.
    Applied,
    /// Its handler rejected it when its turn came.
    Rejected,
    /// Its sequence number was applied already under another message id.
    Stale,
}

impl InboxStatus {
    /// Returns the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            InboxStatus::Waiting => "waiting",
            InboxStatus::Applied => "applied",
            InboxStatus::Rejected => "rejected",
            InboxStatus::Stale => "stale",
        }
    }

    fn parse(text: &str) -> Result<InboxStatus, StoreError> {
        match text {
            "waiting" => Ok(InboxStatus::Waiting),
            "applied" => Ok(InboxStatus::Applied),
            "rejected" => Ok(InboxStatus::Rejected),
            "stale" => Ok(InboxStatus::Stale),
            _ => Err(StoreError::invalid_stored_value(
                "passage_inbox.status",
                text,
                "expected waiting, applied, rejected or stale",
            )),
        }
    }
}

impl fmt::Display for InboxStatus {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// A message to put in the inbox, waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInboxMessage<'a> {
    /// The message id of the envelope.
    pub message_id: &'a str,
    /// The envelope's sender.
    pub sender: &'a str,
    /// The envelope's ordering key.
    pub ordering_key: &'a str,
    /// The envelope's sequence number.
    pub sequence: i64,
    /// The envelope's message type.
    pub message_type: &'a str,
    /// The envelope as received, canonical JSON.
    pub envelope: &'a str,
    /// When it was received.
    pub received_at: DateTime<Utc>,
}

/// A row of the inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxMessage {
    /// The message id of the envelope.
    pub message_id: String,
    /// The envelope's sender.
    pub sender: String,
    /// The envelope's ordering key.
    pub ordering_key: String,
    /// The envelope's sequence number.
    pub sequence: i64,
    /// The envelope's message type.
    pub message_type: String,
    /// The envelope as received, canonical JSON.
    pub envelope: String,
    /// Waiting, applied, rejected or stale.
    pub status: InboxStatus,
    /// When it was received.
    pub received_at: DateTime<Utc>,
    /// When it was applied.
    pub applied_at: Option<DateTime<Utc>>,
    /// Why it was rejected or is stale.
    pub detail: Option<String>,
}

/// Puts `message` in the inbox as waiting, and returns `false` without a change when the
/// inbox has its message id already.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn insert_message<'e, E>(
    executor: E,
    message: &NewInboxMessage<'_>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "INSERT INTO passage_inbox (message_id, sender, ordering_key, sequence, message_type, \
             envelope, status, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'waiting', $7) \
         ON CONFLICT (message_id) DO NOTHING",
    )
    .bind(message.message_id)
    .bind(message.sender)
    .bind(message.ordering_key)
    .bind(message.sequence)
    .bind(message.message_type)
    .bind(message.envelope)
    .bind(to_millis(message.received_at))
    .execute(executor)
    .await
    .with_context(|| format!("put message {} in the inbox", message.message_id))?;
    Ok(result.rows_affected() == 1)
}

/// Puts `message` in the inbox already settled as `status` at `now`, with a detail for a
/// stale message, and returns `false` without a change when the inbox has its message id
/// already. For a message whose fate is known when it arrives, this saves [`settle`].
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn insert_settled<'e, E>(
    executor: E,
    message: &NewInboxMessage<'_>,
    status: InboxStatus,
    detail: Option<&str>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let received_at = to_millis(message.received_at);
    let applied_at = (status == InboxStatus::Applied).then_some(received_at);
    let result = sqlx::query(
        "INSERT INTO passage_inbox (message_id, sender, ordering_key, sequence, message_type, \
             envelope, status, received_at, applied_at, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (message_id) DO NOTHING",
    )
    .bind(message.message_id)
    .bind(message.sender)
    .bind(message.ordering_key)
    .bind(message.sequence)
    .bind(message.message_type)
    .bind(message.envelope)
    .bind(status.as_str())
    .bind(received_at)
    .bind(applied_at)
    .bind(detail)
    .execute(executor)
    .await
    .with_context(|| format!("put message {} in the inbox", message.message_id))?;
    Ok(result.rows_affected() == 1)
}

/// Counts the waiting messages of `sender` and `ordering_key`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn count_waiting<'e, E>(
    executor: E,
    sender: &str,
    ordering_key: &str,
) -> Result<i64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM passage_inbox \
         WHERE sender = $1 AND ordering_key = $2 AND status = 'waiting'",
    )
    .bind(sender)
    .bind(ordering_key)
    .fetch_one(executor)
    .await
    .context("count the waiting messages of an ordering key")
}

/// Returns the senders and ordering keys that have waiting messages.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn keys_with_waiting<'e, E>(executor: E) -> Result<Vec<(String, String)>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT DISTINCT sender, ordering_key FROM passage_inbox WHERE status = 'waiting' \
         ORDER BY sender, ordering_key",
    )
    .fetch_all(executor)
    .await
    .context("list the ordering keys with waiting messages")?;
    rows.iter()
        .map(|row| {
            let sender: String = row.try_get("sender").context("read sender")?;
            let ordering_key: String = row.try_get("ordering_key").context("read ordering_key")?;
            Ok((sender, ordering_key))
        })
        .collect()
}

/// Returns the next sequence number to apply for `sender` and `ordering_key`, 1 for a key not
/// seen before. On PostgreSQL the key's row stays locked until the transaction ends, so two
/// deliveries of the same key apply one after the other.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn lock_next_sequence<'e, E>(
    executor: E,
    sender: &str,
    ordering_key: &str,
) -> Result<i64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_scalar(
        "INSERT INTO passage_inbox_keys (sender, ordering_key, next_sequence) \
         VALUES ($1, $2, 1) \
         ON CONFLICT (sender, ordering_key) \
             DO UPDATE SET next_sequence = passage_inbox_keys.next_sequence \
         RETURNING next_sequence",
    )
    .bind(sender)
    .bind(ordering_key)
    .fetch_one(executor)
    .await
    .context("lock the next sequence number of an ordering key")
}

/// Sets the next sequence number to apply for `sender` and `ordering_key`.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn set_next_sequence<'e, E>(
    executor: E,
    sender: &str,
    ordering_key: &str,
    next_sequence: i64,
) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "UPDATE passage_inbox_keys SET next_sequence = $3 \
         WHERE sender = $1 AND ordering_key = $2",
    )
    .bind(sender)
    .bind(ordering_key)
    .bind(next_sequence)
    .execute(executor)
    .await
    .context("advance the next sequence number of an ordering key")?;
    Ok(())
}

/// Sets the status of the waiting message `message_id` at `now`, with a detail for a
/// rejected or stale message.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn settle<'e, E>(
    executor: E,
    message_id: &str,
    status: InboxStatus,
    now: DateTime<Utc>,
    detail: Option<&str>,
) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let applied_at = (status == InboxStatus::Applied).then(|| to_millis(now));
    sqlx::query(
        "UPDATE passage_inbox SET status = $2, applied_at = $3, detail = $4 \
         WHERE message_id = $1 AND status = 'waiting'",
    )
    .bind(message_id)
    .bind(status.as_str())
    .bind(applied_at)
    .bind(detail)
    .execute(executor)
    .await
    .with_context(|| format!("mark inbox message {message_id} {status}"))?;
    Ok(())
}

/// Returns the waiting message of `sender` and `ordering_key` with `sequence`, if there is
/// one.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a row
/// that cannot be read.
pub async fn find_waiting<'e, E>(
    executor: E,
    sender: &str,
    ordering_key: &str,
    sequence: i64,
) -> Result<Option<InboxMessage>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT message_id, sender, ordering_key, sequence, message_type, envelope, status, \
             received_at, applied_at, detail \
         FROM passage_inbox \
         WHERE sender = $1 AND ordering_key = $2 AND sequence = $3 AND status = 'waiting' \
         ORDER BY received_at LIMIT 1",
    )
    .bind(sender)
    .bind(ordering_key)
    .bind(sequence)
    .fetch_optional(executor)
    .await
    .context("look up the next waiting inbox message")?;
    row.as_ref().map(message_from_row).transpose()
}

/// Returns the inbox row of `message_id`.
///
/// # Errors
/// As [`find_waiting`].
pub async fn find_message<'e, E>(
    executor: E,
    message_id: &str,
) -> Result<Option<InboxMessage>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT message_id, sender, ordering_key, sequence, message_type, envelope, status, \
             received_at, applied_at, detail \
         FROM passage_inbox WHERE message_id = $1",
    )
    .bind(message_id)
    .fetch_optional(executor)
    .await
    .context("look up an inbox message")?;
    row.as_ref().map(message_from_row).transpose()
}

/// The number of inbox rows in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InboxCounts {
    /// Messages waiting for their turn.
    pub waiting: i64,
    /// Messages applied.
    pub applied: i64,
    /// Messages their handler rejected.
    pub rejected: i64,
    /// Messages whose sequence number was applied under another message id.
    pub stale: i64,
}

/// Counts the inbox rows in each status.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn count_messages<'e, E>(executor: E) -> Result<InboxCounts, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query("SELECT status, COUNT(*) AS count FROM passage_inbox GROUP BY status")
        .fetch_all(executor)
        .await
        .context("count the inbox messages")?;
    let mut counts = InboxCounts::default();
    for row in rows {
        let status: String = row.try_get("status").context("read an inbox count")?;
        let count: i64 = row.try_get("count").context("read an inbox count")?;
        match InboxStatus::parse(&status)? {
            InboxStatus::Waiting => counts.waiting = count,
            InboxStatus::Applied => counts.applied = count,
            InboxStatus::Rejected => counts.rejected = count,
            InboxStatus::Stale => counts.stale = count,
        }
    }
    Ok(counts)
}

fn message_from_row(row: &AnyRow) -> Result<InboxMessage, StoreError> {
    let read = "read an inbox message";
    let text = |column: &'static str| -> Result<String, StoreError> {
        row.try_get::<String, _>(column).context(read)
    };
    let applied_at = row
        .try_get::<Option<i64>, _>("applied_at")
        .context(read)?
        .map(|millis| from_millis("passage_inbox.applied_at", millis))
        .transpose()?;
    Ok(InboxMessage {
        message_id: text("message_id")?,
        sender: text("sender")?,
        ordering_key: text("ordering_key")?,
        sequence: row.try_get("sequence").context(read)?,
        message_type: text("message_type")?,
        envelope: text("envelope")?,
        status: InboxStatus::parse(&text("status")?)?,
        received_at: from_millis(
            "passage_inbox.received_at",
            row.try_get("received_at").context(read)?,
        )?,
        applied_at,
        detail: row.try_get("detail").context(read)?,
    })
}
