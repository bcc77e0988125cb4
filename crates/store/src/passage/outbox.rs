//! The outbox: envelopes to deliver, with their attempts, and the sequence numbers a sender
//! gives the messages of each receiver and ordering key.

use std::collections::HashSet;
use std::fmt;

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};
use crate::{Backend, StoreError};

/// Where a row of the outbox stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutboxStatus {
    /// Waiting for its next attempt.
    Pending,
    /// The destination acknowledged it.
    Delivered,
    /// Given up: too many attempts, or the destination rejected it for good. An operator can
    /// put it back with a retry.
    Dead,
}

impl OutboxStatus {
    /// Returns the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Pending => "pending",
            OutboxStatus::Delivered => "delivered",
            OutboxStatus::Dead => "dead",
        }
    }

    fn parse(text: &str) -> Result<OutboxStatus, StoreError> {
        match text {
            "pending" => Ok(OutboxStatus::Pending),
            "delivered" => Ok(OutboxStatus::Delivered),
            "dead" => Ok(OutboxStatus::Dead),
            _ => Err(StoreError::invalid_stored_value(
                "passage_outbox.status",
                text,
                "expected pending, delivered or dead",
            )),
        }
    }
}

impl fmt::Display for OutboxStatus {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// An envelope to put in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOutboxMessage<'a> {
    /// The message id of the envelope.
    pub message_id: &'a str,
    /// The instance to deliver to: the hub's id at a node, the receiver's id at the hub.
    pub destination: &'a str,
    /// The envelope's sender.
    pub sender: &'a str,
    /// The envelope's receiver.
    pub receiver: &'a str,
    /// The envelope's message type.
    pub message_type: &'a str,
    /// The envelope's ordering key.
    pub ordering_key: &'a str,
    /// The envelope's sequence number.
    pub sequence: i64,
    /// The signed envelope, canonical JSON.
    pub envelope: &'a str,
    /// When it was put in the outbox; the first attempt is due then.
    pub created_at: DateTime<Utc>,
}

/// A row of the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    /// Row id; rows put in later have larger ids.
    pub id: i64,
    /// The message id of the envelope.
    pub message_id: String,
    /// The instance it is delivered to.
    pub destination: String,
    /// The envelope's sender.
    pub sender: String,
    /// The envelope's receiver.
    pub receiver: String,
    /// The envelope's message type.
    pub message_type: String,
    /// The envelope's ordering key.
    pub ordering_key: String,
    /// The envelope's sequence number.
    pub sequence: i64,
    /// The signed envelope, canonical JSON.
    pub envelope: String,
    /// Pending, delivered or dead.
    pub status: OutboxStatus,
    /// Failed attempts so far.
    pub attempts: i32,
    /// When the next attempt is due.
    pub next_attempt_at: DateTime<Utc>,
    /// When it was put in the outbox.
    pub created_at: DateTime<Utc>,
    /// When the destination acknowledged it.
    pub delivered_at: Option<DateTime<Utc>>,
    /// When it was given up.
    pub dead_at: Option<DateTime<Utc>>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
}

/// Gives the next sequence number of `ordering_key` towards `receiver`: 1 for the first
/// message, then one more each time.
///
/// Call it in the transaction that puts the message in the outbox: on PostgreSQL the row
/// stays locked until that transaction ends, so two transactions never get the same number,
/// and a rollback gives the number back.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn next_sequence<'e, E>(
    executor: E,
    receiver: &str,
    ordering_key: &str,
) -> Result<i64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_scalar(
        "INSERT INTO passage_sequences (receiver, ordering_key, last_sequence) \
         VALUES ($1, $2, 1) \
         ON CONFLICT (receiver, ordering_key) \
             DO UPDATE SET last_sequence = passage_sequences.last_sequence + 1 \
         RETURNING last_sequence",
    )
    .bind(receiver)
    .bind(ordering_key)
    .fetch_one(executor)
    .await
    .context("give the next sequence number of an ordering key")
}

/// Puts `message` in the outbox, pending and due at once, and returns `false` without a
/// change when a row with its message id exists.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn insert_message<'e, E>(
    executor: E,
    message: &NewOutboxMessage<'_>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let created_at = to_millis(message.created_at);
    let result = sqlx::query(
        "INSERT INTO passage_outbox (message_id, destination, sender, receiver, message_type, \
             ordering_key, sequence, envelope, status, attempts, next_attempt_at, lease_until, \
             created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0, $9, 0, $9) \
         ON CONFLICT (message_id) DO NOTHING",
    )
    .bind(message.message_id)
    .bind(message.destination)
    .bind(message.sender)
    .bind(message.receiver)
    .bind(message.message_type)
    .bind(message.ordering_key)
    .bind(message.sequence)
    .bind(message.envelope)
    .bind(created_at)
    .execute(executor)
    .await
    .with_context(|| format!("put message {} in the outbox", message.message_id))?;
    Ok(result.rows_affected() == 1)
}

/// Rows written per `INSERT` by [`insert_messages`], few for the reason given at
/// `ENTRIES_PER_INSERT` of the evidence log.
const MESSAGES_PER_INSERT: usize = 32;

/// Rows marked per `UPDATE` by [`mark_delivered_many`].
const IDS_PER_UPDATE: usize = 128;

/// Puts `messages` in the outbox as [`insert_message`] does, with multi-row inserts on
/// `connection`, and returns for each whether it was put in: `false` when a row with its
/// message id exists, or when an earlier message of `messages` has the same id.
///
/// # Errors
/// [`StoreError::Query`] when a statement fails.
pub async fn insert_messages(
    connection: &mut sqlx::AnyConnection,
    messages: &[NewOutboxMessage<'_>],
) -> Result<Vec<bool>, StoreError> {
    let mut seen = HashSet::new();
    let firsts: Vec<bool> = messages
        .iter()
        .map(|message| seen.insert(message.message_id))
        .collect();
    let unique: Vec<&NewOutboxMessage<'_>> = messages
        .iter()
        .zip(&firsts)
        .filter_map(|(message, first)| first.then_some(message))
        .collect();

    let mut inserted = HashSet::new();
    for chunk in unique.chunks(MESSAGES_PER_INSERT) {
        let mut sql = String::from(
            "INSERT INTO passage_outbox (message_id, destination, sender, receiver, \
                 message_type, ordering_key, sequence, envelope, status, attempts, \
                 next_attempt_at, lease_until, created_at) \
             VALUES ",
        );
        for row in 0..chunk.len() {
            if row > 0 {
                sql.push_str(", ");
            }
            let first = row * 9;
            let placeholders: Vec<String> = (1..=8)
                .map(|column| format!("${}", first + column))
                .collect();
            let created_at = first + 9;
            sql.push_str(&format!(
                "({}, 'pending', 0, ${created_at}, 0, ${created_at})",
                placeholders.join(", ")
            ));
        }
        sql.push_str(" ON CONFLICT (message_id) DO NOTHING RETURNING message_id");
        let mut query = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql));
        for message in chunk {
            query = query
                .bind(message.message_id)
                .bind(message.destination)
                .bind(message.sender)
                .bind(message.receiver)
                .bind(message.message_type)
                .bind(message.ordering_key)
                .bind(message.sequence)
                .bind(message.envelope)
                .bind(to_millis(message.created_at));
        }
        let ids = query
            .fetch_all(&mut *connection)
            .await
            .with_context(|| format!("put {} messages in the outbox", chunk.len()))?;
        inserted.extend(ids);
    }

    Ok(messages
        .iter()
        .zip(firsts)
        .map(|(message, first)| first && inserted.contains(message.message_id))
        .collect())
}

/// Claims up to `limit` pending rows that are due at `now` and not claimed by another worker,
/// oldest first, and leases them to the caller until `lease_until`. A worker that stops
/// before it records the outcome leaves the row to be claimed again when the lease ends.
///
/// On PostgreSQL the rows are selected with `FOR UPDATE SKIP LOCKED`, so workers of several
/// instances sharing the database claim different rows without waiting for each other. On
/// SQLite the single statement runs under the database's write lock, which has the same
/// effect for workers of one database file.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails, [`StoreError::InvalidStoredValue`] for a
/// row that cannot be read.
pub async fn claim_due<'e, E>(
    executor: E,
    backend: Backend,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<OutboxMessage>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let limit = crate::limit(limit);
    let sql = match backend {
        Backend::Postgres => format!(
            "UPDATE passage_outbox SET lease_until = $2 \
             WHERE id IN (SELECT id FROM passage_outbox \
                 WHERE status = 'pending' AND next_attempt_at <= $1 AND lease_until <= $1 \
                 ORDER BY next_attempt_at, id {limit} FOR UPDATE SKIP LOCKED) \
             RETURNING id, message_id, destination, sender, receiver, message_type, \
                 ordering_key, sequence, envelope, status, attempts, next_attempt_at, \
                 created_at, delivered_at, dead_at, last_error"
        ),
        Backend::Sqlite => format!(
            "UPDATE passage_outbox SET lease_until = $2 \
             WHERE id IN (SELECT id FROM passage_outbox \
                 WHERE status = 'pending' AND next_attempt_at <= $1 AND lease_until <= $1 \
                 ORDER BY next_attempt_at, id {limit}) \
             RETURNING id, message_id, destination, sender, receiver, message_type, \
                 ordering_key, sequence, envelope, status, attempts, next_attempt_at, \
                 created_at, delivered_at, dead_at, last_error"
        ),
    };
    let now = to_millis(now);
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(now)
        .bind(to_millis(lease_until))
        .fetch_all(executor)
        .await
        .context("claim due messages of the outbox")?;
    let mut messages = rows
        .iter()
        .map(message_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    // RETURNING gives no order; deliver the oldest first.
    messages.sort_by_key(|message| (message.next_attempt_at, message.id));
    Ok(messages)
}

/// Returns when the earliest pending row is due, if there is one.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn next_due_at<'e, E>(executor: E) -> Result<Option<DateTime<Utc>>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let millis: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(next_attempt_at) FROM passage_outbox WHERE status = 'pending'",
    )
    .fetch_one(executor)
    .await
    .context("find when the next outbox message is due")?;
    millis
        .map(|millis| from_millis("passage_outbox.next_attempt_at", millis))
        .transpose()
}

/// Marks the pending row `id` delivered at `now` and ends its lease.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn mark_delivered<'e, E>(
    executor: E,
    id: i64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE passage_outbox SET status = 'delivered', delivered_at = $2, lease_until = 0 \
         WHERE id = $1 AND status = 'pending'",
    )
    .bind(id)
    .bind(to_millis(now))
    .execute(executor)
    .await
    .context("mark an outbox message delivered")?;
    Ok(result.rows_affected() == 1)
}

/// Marks the pending rows `ids` delivered at `now` and ends their leases, with one statement
/// per [`IDS_PER_UPDATE`] rows, and returns how many were pending.
///
/// # Errors
/// [`StoreError::Query`] when a statement fails.
pub async fn mark_delivered_many(
    connection: &mut sqlx::AnyConnection,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let mut marked = 0;
    for chunk in ids.chunks(IDS_PER_UPDATE) {
        let placeholders: Vec<String> = (0..chunk.len())
            .map(|index| format!("${}", index + 2))
            .collect();
        let sql = format!(
            "UPDATE passage_outbox SET status = 'delivered', delivered_at = $1, lease_until = 0 \
             WHERE status = 'pending' AND id IN ({})",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(to_millis(now));
        for id in chunk {
            query = query.bind(*id);
        }
        let result = query
            .execute(&mut *connection)
            .await
            .with_context(|| format!("mark {} outbox messages delivered", chunk.len()))?;
        marked += result.rows_affected();
    }
    Ok(marked)
}

/// Records a failed attempt of the pending row `id`: `attempts` failures so far, the next
/// attempt due at `next_attempt_at`, and why it failed.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn schedule_retry<'e, E>(
    executor: E,
    id: i64,
    attempts: i32,
    next_attempt_at: DateTime<Utc>,
    error: &str,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE passage_outbox SET attempts = $2, next_attempt_at = $3, lease_until = 0, \
             last_error = $4 \
         WHERE id = $1 AND status = 'pending'",
    )
    .bind(id)
    .bind(attempts)
    .bind(to_millis(next_attempt_at))
    .bind(error)
    .execute(executor)
    .await
    .context("schedule the next attempt of an outbox message")?;
    Ok(result.rows_affected() == 1)
}

/// Gives up the pending row `id` at `now` after `attempts` failures, for `error`.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn mark_dead<'e, E>(
    executor: E,
    id: i64,
    attempts: i32,
    now: DateTime<Utc>,
    error: &str,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE passage_outbox SET status = 'dead', attempts = $2, dead_at = $3, \
             lease_until = 0, last_error = $4 \
         WHERE id = $1 AND status = 'pending'",
    )
    .bind(id)
    .bind(attempts)
    .bind(to_millis(now))
    .bind(error)
    .execute(executor)
    .await
    .context("give up an outbox message")?;
    Ok(result.rows_affected() == 1)
}

/// Returns the dead rows, oldest first.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a row
/// that cannot be read.
pub async fn list_dead<'e, E>(executor: E) -> Result<Vec<OutboxMessage>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT id, message_id, destination, sender, receiver, message_type, ordering_key, \
             sequence, envelope, status, attempts, next_attempt_at, created_at, delivered_at, \
             dead_at, last_error \
         FROM passage_outbox WHERE status = 'dead' ORDER BY id",
    )
    .fetch_all(executor)
    .await
    .context("list the dead messages of the outbox")?;
    rows.iter().map(message_from_row).collect()
}

/// Returns the row of `message_id`, whatever its status.
///
/// # Errors
/// As [`list_dead`].
pub async fn find_message<'e, E>(
    executor: E,
    message_id: &str,
) -> Result<Option<OutboxMessage>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT id, message_id, destination, sender, receiver, message_type, ordering_key, \
             sequence, envelope, status, attempts, next_attempt_at, created_at, delivered_at, \
             dead_at, last_error \
         FROM passage_outbox WHERE message_id = $1",
    )
    .bind(message_id)
    .fetch_optional(executor)
    .await
    .context("look up an outbox message")?;
    row.as_ref().map(message_from_row).transpose()
}

/// Puts the dead row of `message_id` back in the queue, pending with no failed attempts and
/// due at `now`, and returns whether it was dead.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn revive<'e, E>(
    executor: E,
    message_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE passage_outbox SET status = 'pending', attempts = 0, next_attempt_at = $2, \
             lease_until = 0, dead_at = NULL \
         WHERE message_id = $1 AND status = 'dead'",
    )
    .bind(message_id)
    .bind(to_millis(now))
    .execute(executor)
    .await
    .context("retry a dead outbox message")?;
    Ok(result.rows_affected() == 1)
}

/// The number of outbox rows in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    /// Rows waiting for an attempt.
    pub pending: i64,
    /// Rows the destination acknowledged.
    pub delivered: i64,
    /// Rows given up.
    pub dead: i64,
}

/// Counts the outbox rows in each status.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn count_messages<'e, E>(executor: E) -> Result<OutboxCounts, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query("SELECT status, COUNT(*) AS count FROM passage_outbox GROUP BY status")
        .fetch_all(executor)
        .await
        .context("count the outbox messages")?;
    let mut counts = OutboxCounts::default();
    for row in rows {
        let status: String = row.try_get("status").context("read an outbox count")?;
        let count: i64 = row.try_get("count").context("read an outbox count")?;
        match OutboxStatus::parse(&status)? {
            OutboxStatus::Pending => counts.pending = count,
            OutboxStatus::Delivered => counts.delivered = count,
            OutboxStatus::Dead => counts.dead = count,
        }
    }
    Ok(counts)
}

fn message_from_row(row: &AnyRow) -> Result<OutboxMessage, StoreError> {
    let read = "read an outbox message";
    let text = |column: &'static str| -> Result<String, StoreError> {
        row.try_get::<String, _>(column).context(read)
    };
    let optional_time = |column: &'static str| -> Result<Option<DateTime<Utc>>, StoreError> {
        row.try_get::<Option<i64>, _>(column)
            .context(read)?
            .map(|millis| from_millis(column, millis))
            .transpose()
    };
    Ok(OutboxMessage {
        id: row.try_get("id").context(read)?,
        message_id: text("message_id")?,
        destination: text("destination")?,
        sender: text("sender")?,
        receiver: text("receiver")?,
        message_type: text("message_type")?,
        ordering_key: text("ordering_key")?,
        sequence: row.try_get("sequence").context(read)?,
        envelope: text("envelope")?,
        status: OutboxStatus::parse(&text("status")?)?,
        attempts: attempts_of(row)?,
        next_attempt_at: from_millis(
            "passage_outbox.next_attempt_at",
            row.try_get("next_attempt_at").context(read)?,
        )?,
        created_at: from_millis(
            "passage_outbox.created_at",
            row.try_get("created_at").context(read)?,
        )?,
        delivered_at: optional_time("delivered_at")?,
        dead_at: optional_time("dead_at")?,
        last_error: row.try_get("last_error").context(read)?,
    })
}

/// Reads `attempts`, an `INTEGER`: 64 bits wide in SQLite, 32 in PostgreSQL.
fn attempts_of(row: &AnyRow) -> Result<i32, StoreError> {
    let value = match row.try_get::<i32, _>("attempts") {
        Ok(value) => i64::from(value),
        Err(_) => row
            .try_get::<i64, _>("attempts")
            .context("read an outbox message")?,
    };
    i32::try_from(value)
        .map_err(|error| StoreError::invalid_stored_value("passage_outbox.attempts", value, error))
}
