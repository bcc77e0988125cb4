//! The data access log: a hash chain of every query about a person's data, as provider, hub
//! or consumer saw it.
//!
//! Entries are only ever appended: this module has no function to change or delete one, and
//! the database rejects `UPDATE` and `DELETE` with a trigger. The caller computes the hashes,
//! because the store has no cryptography code.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, FromRow, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// An entry of the data access log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessEntry {
    /// Position in the chain, from 1 without gaps.
    pub sequence: i64,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// `provider`, `hub` or `consumer`.
    pub recorded_as: String,
    /// The request's id.
    pub request_id: String,
    /// The data service.
    pub service_id: String,
    /// Node id of the provider.
    pub provider_node: String,
    /// Node id of the consumer, or the hub's id.
    pub consumer: String,
    /// The grant the query named.
    pub grant_id: String,
    /// Resident ID number of the person the query is about.
    pub subject: String,
    /// JSON array of the field names asked for.
    pub fields: String,
    /// Purpose of the use.
    pub purpose: String,
    /// 办件编号 of the case the query serves, if any.
    pub case_number: Option<String>,
    /// `requested`, `answered` or `rejected`.
    pub outcome: String,
    /// The rejection code, such as `no-grant`.
    pub reason: Option<String>,
    /// The entry hash of the entry before, or 64 zeros for the first.
    pub previous_hash: String,
    /// The hash of this entry.
    pub entry_hash: String,
}

#[derive(FromRow)]
struct EntryRow {
    sequence: i64,
    recorded_at: i64,
    recorded_as: String,
    request_id: String,
    service_id: String,
    provider_node: String,
    consumer: String,
    grant_id: String,
    subject: String,
    fields: String,
    purpose: String,
    case_number: Option<String>,
    outcome: String,
    reason: Option<String>,
    previous_hash: String,
    entry_hash: String,
}

impl EntryRow {
    fn into_entry(self) -> Result<AccessEntry, StoreError> {
        Ok(AccessEntry {
            recorded_at: from_millis("data_access_log.recorded_at", self.recorded_at)?,
            sequence: self.sequence,
            recorded_as: self.recorded_as,
            request_id: self.request_id,
            service_id: self.service_id,
            provider_node: self.provider_node,
            consumer: self.consumer,
            grant_id: self.grant_id,
            subject: self.subject,
            fields: self.fields,
            purpose: self.purpose,
            case_number: self.case_number,
            outcome: self.outcome,
            reason: self.reason,
            previous_hash: self.previous_hash,
            entry_hash: self.entry_hash,
        })
    }
}

const COLUMNS: &str = "sequence, recorded_at, recorded_as, request_id, service_id, \
    provider_node, consumer, grant_id, subject, fields, purpose, case_number, outcome, reason, \
    previous_hash, entry_hash";

/// The last entry of the chain: its sequence (0 before the first) and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessHead {
    /// Sequence of the last entry.
    pub sequence: i64,
    /// Its entry hash, or 64 zeros when the log is empty.
    pub entry_hash: String,
}

/// Takes the head for an append of one entry: returns the sequence it gets and the hash it
/// links to. The head row stays locked until the transaction ends. Call [`insert_entry`] and
/// [`set_head`] in the same transaction.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails, [`StoreError::InvalidStoredValue`] when the
/// head row is missing.
pub async fn take_head<'e, E>(executor: E) -> Result<AccessHead, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    // Writing first takes SQLite's write lock at once, so the read cannot be outdated.
    let row = sqlx::query(
        "UPDATE data_access_log_head SET sequence = sequence + 1 WHERE singleton = 1 \
         RETURNING sequence, entry_hash",
    )
    .fetch_optional(executor)
    .await
    .context("take the head of the data access log")?;
    let row = row.ok_or_else(|| {
        StoreError::invalid_stored_value("data_access_log_head", "no row", "the row is missing")
    })?;
    let sequence: i64 = row
        .try_get("sequence")
        .context("read the head of the data access log")?;
    let entry_hash: String = row
        .try_get("entry_hash")
        .context("read the head of the data access log")?;
    Ok(AccessHead {
        sequence,
        entry_hash,
    })
}

/// Returns the head without taking it.
///
/// # Errors
/// As [`take_head`].
pub async fn load_head<'e, E>(executor: E) -> Result<AccessHead, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query("SELECT sequence, entry_hash FROM data_access_log_head")
        .fetch_optional(executor)
        .await
        .context("read the head of the data access log")?;
    let row = row.ok_or_else(|| {
        StoreError::invalid_stored_value("data_access_log_head", "no row", "the row is missing")
    })?;
    Ok(AccessHead {
        sequence: row
            .try_get("sequence")
            .context("read the head of the data access log")?,
        entry_hash: row
            .try_get("entry_hash")
            .context("read the head of the data access log")?,
    })
}

/// Sets the hash of the head to the entry just inserted.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn set_head<'e, E>(executor: E, entry_hash: &str) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query("UPDATE data_access_log_head SET entry_hash = $1 WHERE singleton = 1")
        .bind(entry_hash)
        .execute(executor)
        .await
        .context("move the head of the data access log")?;
    Ok(())
}

/// Appends `entry`.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn insert_entry<'e, E>(executor: E, entry: &AccessEntry) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO data_access_log ({COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    )))
    .bind(entry.sequence)
    .bind(to_millis(entry.recorded_at))
    .bind(entry.recorded_as.as_str())
    .bind(entry.request_id.as_str())
    .bind(entry.service_id.as_str())
    .bind(entry.provider_node.as_str())
    .bind(entry.consumer.as_str())
    .bind(entry.grant_id.as_str())
    .bind(entry.subject.as_str())
    .bind(entry.fields.as_str())
    .bind(entry.purpose.as_str())
    .bind(entry.case_number.as_deref())
    .bind(entry.outcome.as_str())
    .bind(entry.reason.as_deref())
    .bind(entry.previous_hash.as_str())
    .bind(entry.entry_hash.as_str())
    .execute(executor)
    .await
    .with_context(|| format!("append entry {} to the data access log", entry.sequence))?;
    Ok(())
}

/// Returns up to `limit` entries after sequence `after`, in order.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn list_entries<'e, E>(
    executor: E,
    after: i64,
    limit: i64,
) -> Result<Vec<AccessEntry>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query_as::<_, EntryRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM data_access_log WHERE sequence > $1 ORDER BY sequence {}",
        crate::limit(limit)
    )))
    .bind(after)
    .fetch_all(executor)
    .await
    .context("read the data access log")?;
    rows.into_iter().map(EntryRow::into_entry).collect()
}

/// Returns the entries about `subject`, newest first.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn entries_about<'e, E>(
    executor: E,
    subject: &str,
) -> Result<Vec<AccessEntry>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query_as::<_, EntryRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM data_access_log WHERE subject = $1 ORDER BY sequence DESC"
    )))
    .bind(subject)
    .fetch_all(executor)
    .await
    .context("read the data access log of a person")?;
    rows.into_iter().map(EntryRow::into_entry).collect()
}

/// Returns how many answered entries recorded as `recorded_as` grant `grant_id` has since
/// `since`: what the rate limit counts.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn count_answered_since<'e, E>(
    executor: E,
    grant_id: &str,
    recorded_as: &str,
    since: DateTime<Utc>,
) -> Result<i64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM data_access_log WHERE grant_id = $1 AND recorded_as = $2 \
         AND outcome = 'answered' AND recorded_at >= $3",
    )
    .bind(grant_id)
    .bind(recorded_as)
    .bind(to_millis(since))
    .fetch_one(executor)
    .await
    .with_context(|| format!("count the answered queries of grant {grant_id}"))
}
