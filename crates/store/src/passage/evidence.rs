//! The evidence log: every envelope sent and received, with its signatures, as entries of a
//! hash chain.
//!
//! Entries are only ever appended. This module has no function to change or delete one, and
//! the database rejects `UPDATE` and `DELETE` on the table with a trigger. The hashes are
//! computed by the caller, because the store knows no cryptography.

use std::fmt;

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// Whether this platform sent or received the envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Sealed here, or attested here and forwarded by the hub.
    Sent,
    /// Accepted from a peer.
    Received,
}

impl Direction {
    /// Returns the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Sent => "sent",
            Direction::Received => "received",
        }
    }

    fn parse(text: &str) -> Result<Direction, StoreError> {
        match text {
            "sent" => Ok(Direction::Sent),
            "received" => Ok(Direction::Received),
            _ => Err(StoreError::invalid_stored_value(
                "passage_evidence.direction",
                text,
                "expected sent or received",
            )),
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// An entry of the evidence log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceEntry {
    /// Position in the chain, from 1 without gaps.
    pub sequence: i64,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Sent or received.
    pub direction: Direction,
    /// The envelope's message id.
    pub message_id: String,
    /// The envelope's sender.
    pub sender: String,
    /// The envelope's receiver.
    pub receiver: String,
    /// The envelope's message type.
    pub message_type: String,
    /// SM3 of the envelope's canonical JSON, hex.
    pub envelope_sm3: String,
    /// Id of the sender's key.
    pub sender_key_id: String,
    /// The sender's signature, unpadded base64url.
    pub sender_signature: String,
    /// Id of the hub key that attested the envelope, if it was attested.
    pub hub_key_id: Option<String>,
    /// The hub's attestation signature, if it was attested.
    pub hub_signature: Option<String>,
    /// The entry hash of the entry before, or 64 zeros for the first.
    pub previous_hash: String,
    /// The hash of this entry.
    pub entry_hash: String,
}

/// The last entry of the chain: its sequence (0 before the first) and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceHead {
    /// Sequence of the last entry.
    pub sequence: i64,
    /// Its entry hash, or 64 zeros when the log is empty.
    pub entry_hash: String,
}

/// Takes the head of the chain for an append: returns the sequence the next entry gets and
/// the hash it links to. The head row stays locked until the transaction ends, so appenders
/// in other transactions, also of other instances on PostgreSQL, wait and then link to this
/// append. Call [`insert_entry`] and [`set_head`] in the same transaction.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails, [`StoreError::InvalidStoredValue`] when the
/// head row is missing.
pub async fn take_head<'e, E>(executor: E) -> Result<EvidenceHead, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    take_head_for(executor, 1).await
}

/// Takes the head of the chain for an append of `entries` entries (at least 1), as
/// [`take_head`] does for one: returns the sequence the first of them gets and the hash it
/// links to. The others get the sequences that follow. Call [`insert_entries`] and
/// [`set_head`] in the same transaction.
///
/// # Errors
/// As [`take_head`].
pub async fn take_head_for<'e, E>(executor: E, entries: i64) -> Result<EvidenceHead, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    // Writing first takes SQLite's write lock at once, so the read below cannot be outdated
    // by another connection's append.
    let row = sqlx::query(
        "UPDATE passage_evidence_head SET sequence = sequence + $1 WHERE singleton = 1 \
         RETURNING sequence, entry_hash",
    )
    .bind(entries)
    .fetch_optional(executor)
    .await
    .context("take the head of the evidence log")?;
    let row = row.ok_or_else(|| {
        StoreError::invalid_stored_value("passage_evidence_head", "no row", "the row is missing")
    })?;
    let last: i64 = row
        .try_get("sequence")
        .context("read the head of the evidence log")?;
    Ok(EvidenceHead {
        sequence: last - entries + 1,
        entry_hash: row
            .try_get("entry_hash")
            .context("read the head of the evidence log")?,
    })
}

/// Records `hash` as the hash of the last entry, after [`take_head`] and [`insert_entry`].
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn set_head<'e, E>(executor: E, hash: &str) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query("UPDATE passage_evidence_head SET entry_hash = $1 WHERE singleton = 1")
        .bind(hash)
        .execute(executor)
        .await
        .context("move the head of the evidence log")?;
    Ok(())
}

/// Returns the head of the chain without locking it.
///
/// # Errors
/// As [`take_head`].
pub async fn load_head<'e, E>(executor: E) -> Result<EvidenceHead, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row =
        sqlx::query("SELECT sequence, entry_hash FROM passage_evidence_head WHERE singleton = 1")
            .fetch_optional(executor)
            .await
            .context("load the head of the evidence log")?;
    let row = row.ok_or_else(|| {
        StoreError::invalid_stored_value("passage_evidence_head", "no row", "the row is missing")
    })?;
    Ok(EvidenceHead {
        sequence: row
            .try_get("sequence")
            .context("read the head of the evidence log")?,
        entry_hash: row
            .try_get("entry_hash")
            .context("read the head of the evidence log")?,
    })
}

/// Appends `entry`.
///
/// # Errors
/// [`StoreError::Query`] when the insert fails, as when its sequence is taken.
pub async fn insert_entry<'e, E>(executor: E, entry: &EvidenceEntry) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO passage_evidence (sequence, recorded_at, direction, message_id, sender, \
             receiver, message_type, envelope_sm3, sender_key_id, sender_signature, \
             hub_key_id, hub_signature, previous_hash, entry_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(entry.sequence)
    .bind(to_millis(entry.recorded_at))
    .bind(entry.direction.as_str())
    .bind(entry.message_id.as_str())
    .bind(entry.sender.as_str())
    .bind(entry.receiver.as_str())
    .bind(entry.message_type.as_str())
    .bind(entry.envelope_sm3.as_str())
    .bind(entry.sender_key_id.as_str())
    .bind(entry.sender_signature.as_str())
    .bind(entry.hub_key_id.as_deref())
    .bind(entry.hub_signature.as_deref())
    .bind(entry.previous_hash.as_str())
    .bind(entry.entry_hash.as_str())
    .execute(executor)
    .await
    .with_context(|| format!("append evidence entry {}", entry.sequence))?;
    Ok(())
}

/// Entries written per `INSERT` by [`insert_entries`]. sqlx looks up every numbered
/// parameter of a SQLite statement by name, and SQLite scans the statement's parameter
/// list for each lookup, so the cost grows with the square of the parameters. With 100
/// entries per insert, that lookup took 8% of the hub's CPU time in the passage benchmark.
const ENTRIES_PER_INSERT: usize = 16;

/// Appends `entries` with multi-row inserts, on `connection`, which must be inside a
/// transaction.
///
/// # Errors
/// [`StoreError::Query`] when an insert fails, as when a sequence is taken.
pub async fn insert_entries(
    connection: &mut sqlx::AnyConnection,
    entries: &[EvidenceEntry],
) -> Result<(), StoreError> {
    for chunk in entries.chunks(ENTRIES_PER_INSERT) {
        let mut sql = String::from(
            "INSERT INTO passage_evidence (sequence, recorded_at, direction, message_id, \
                 sender, receiver, message_type, envelope_sm3, sender_key_id, \
                 sender_signature, hub_key_id, hub_signature, previous_hash, entry_hash) \
             VALUES ",
        );
        crate::value_rows::push_value_rows(&mut sql, chunk.len(), 14);
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for entry in chunk {
            query = query
                .bind(entry.sequence)
                .bind(to_millis(entry.recorded_at))
                .bind(entry.direction.as_str())
                .bind(entry.message_id.as_str())
                .bind(entry.sender.as_str())
                .bind(entry.receiver.as_str())
                .bind(entry.message_type.as_str())
                .bind(entry.envelope_sm3.as_str())
                .bind(entry.sender_key_id.as_str())
                .bind(entry.sender_signature.as_str())
                .bind(entry.hub_key_id.as_deref())
                .bind(entry.hub_signature.as_deref())
                .bind(entry.previous_hash.as_str())
                .bind(entry.entry_hash.as_str());
        }
        query
            .execute(&mut *connection)
            .await
            .with_context(|| format!("append {} evidence entries", chunk.len()))?;
    }
    Ok(())
}

/// Returns up to `limit` entries with a sequence above `after`, in order.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a row
/// that cannot be read.
pub async fn list_entries<'e, E>(
    executor: E,
    after: i64,
    limit: u32,
) -> Result<Vec<EvidenceEntry>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT sequence, recorded_at, direction, message_id, sender, receiver, message_type, \
             envelope_sm3, sender_key_id, sender_signature, hub_key_id, hub_signature, \
             previous_hash, entry_hash \
         FROM passage_evidence WHERE sequence > $1 ORDER BY sequence {}",
        crate::limit(limit)
    )))
    .bind(after)
    .fetch_all(executor)
    .await
    .context("list evidence entries")?;
    rows.iter().map(entry_from_row).collect()
}

fn entry_from_row(row: &AnyRow) -> Result<EvidenceEntry, StoreError> {
    let read = "read an evidence entry";
    let text = |column: &'static str| -> Result<String, StoreError> {
        row.try_get::<String, _>(column).context(read)
    };
    Ok(EvidenceEntry {
        sequence: row.try_get("sequence").context(read)?,
        recorded_at: from_millis(
            "passage_evidence.recorded_at",
            row.try_get("recorded_at").context(read)?,
        )?,
        direction: Direction::parse(&text("direction")?)?,
        message_id: text("message_id")?,
        sender: text("sender")?,
        receiver: text("receiver")?,
        message_type: text("message_type")?,
        envelope_sm3: text("envelope_sm3")?,
        sender_key_id: text("sender_key_id")?,
        sender_signature: text("sender_signature")?,
        hub_key_id: row.try_get("hub_key_id").context(read)?,
        hub_signature: row.try_get("hub_signature").context(read)?,
        previous_hash: text("previous_hash")?,
        entry_hash: text("entry_hash")?,
    })
}
