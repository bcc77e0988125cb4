//! Reads for checking, after traffic has settled, that every message sent was applied once:
//! the message ids an instance sent, the ones it received, and sequence numbers applied more
//! than once.

use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;

/// A message an instance sent itself, as stored in its outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMessage {
    /// The envelope's message id.
    pub message_id: String,
    /// The final receiver.
    pub receiver: String,
    /// `pending`, `delivered` or `dead`.
    pub status: String,
}

/// Lists the outbox rows whose sender is `sender`, which leaves out what a hub relays for
/// others.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn sent_by<'e, E>(executor: E, sender: &str) -> Result<Vec<SentMessage>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT message_id, receiver, status FROM passage_outbox WHERE sender = $1 \
         ORDER BY id",
    )
    .bind(sender)
    .fetch_all(executor)
    .await
    .context("list the messages sent")?;
    rows.iter()
        .map(|row| {
            let read = "read a message sent";
            Ok(SentMessage {
                message_id: row.try_get("message_id").context(read)?,
                receiver: row.try_get("receiver").context(read)?,
                status: row.try_get("status").context(read)?,
            })
        })
        .collect()
}

/// Lists the inbox's message ids with their status: `waiting`, `applied`, `rejected` or
/// `stale`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn received<'e, E>(executor: E) -> Result<Vec<(String, String)>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query("SELECT message_id, status FROM passage_inbox")
        .fetch_all(executor)
        .await
        .context("list the messages received")?;
    rows.iter()
        .map(|row| {
            let read = "read a message received";
            Ok((
                row.try_get("message_id").context(read)?,
                row.try_get("status").context(read)?,
            ))
        })
        .collect()
}

/// Counts the (sender, ordering key, sequence number) triples applied under more than one
/// message id: an effect taken twice.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn applied_twice<'e, E>(executor: E) -> Result<i64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT sender, ordering_key, sequence FROM passage_inbox \
         WHERE status = 'applied' GROUP BY sender, ordering_key, sequence \
         HAVING COUNT(*) > 1) AS twice",
    )
    .fetch_one(executor)
    .await
    .context("count sequence numbers applied twice")
}

/// Counts the applications forwarded from another node that became more than one case here.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn cases_received_twice<'e, E>(executor: E) -> Result<i64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT receiving_place, receiving_reference FROM cases \
         WHERE receiving_reference IS NOT NULL GROUP BY receiving_place, receiving_reference \
         HAVING COUNT(*) > 1) AS twice",
    )
    .fetch_one(executor)
    .await
    .context("count applications received twice")
}

/// Lists the message ids of the outbox rows still waiting for delivery, whoever sent them.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn pending_ids<'e, E>(executor: E) -> Result<Vec<String>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_scalar("SELECT message_id FROM passage_outbox WHERE status = 'pending'")
        .fetch_all(executor)
        .await
        .context("list the messages waiting for delivery")
}
