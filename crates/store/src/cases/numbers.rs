//! The daily counter behind case numbers.

use chrono::NaiveDate;
use sqlx::{Any, Executor};

use super::row::date_text;
use crate::error::QueryContext;
use crate::{Store, StoreError};

/// Raises the counter of `node_code` for `day` by one and returns the new value: 1 for the
/// first case of the day.
///
/// One upsert does it. On PostgreSQL concurrent callers queue on the counter's row lock and
/// each sees the value the previous one committed, so instances that share the database
/// never get the same number; on SQLite the database's single writer lock does the same. The
/// row stays locked until the caller's transaction ends, so keep that transaction short.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails, [`StoreError::InvalidStoredValue`] when the
/// counter is beyond `u32`.
pub async fn next_case_sequence<'e, E>(
    executor: E,
    node_code: &str,
    day: NaiveDate,
) -> Result<u32, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sequence: i64 = sqlx::query_scalar(
        "INSERT INTO case_number_counters (node_code, day, last_sequence) VALUES ($1, $2, 1) \
         ON CONFLICT (node_code, day) \
         DO UPDATE SET last_sequence = case_number_counters.last_sequence + 1 \
         RETURNING last_sequence",
    )
    .bind(node_code)
    .bind(date_text(Some(day)))
    .fetch_one(executor)
    .await
    .with_context(|| format!("allocate a case number of node {node_code} for {day}"))?;
    u32::try_from(sequence).map_err(|error| {
        StoreError::invalid_stored_value("case_number_counters.last_sequence", sequence, error)
    })
}

/// Raises the counter of `node_code` for `day` by one in a statement of its own and returns
/// the new value, on PostgreSQL only. On SQLite it returns `None`, and the caller takes the
/// number in its own transaction with [`next_case_sequence`].
///
/// On PostgreSQL the counter row stays locked until the commit, and a commit waits for the
/// log to reach the disk, so submissions that took their number in their own transaction
/// would queue one disk write after another. This statement runs on a connection whose
/// commits do not wait: PostgreSQL writes its log in order, so the counter is on disk by the
/// time the case that uses the number commits. A number whose case then fails to commit stays
/// unused, so numbers can have gaps.
///
/// # Errors
/// As [`next_case_sequence`].
pub async fn reserve_case_sequence(
    store: &Store,
    node_code: &str,
    day: NaiveDate,
) -> Result<Option<u32>, StoreError> {
    match store.unsynced_pool() {
        Some(pool) => Ok(Some(next_case_sequence(pool, node_code, day).await?)),
        None => Ok(None),
    }
}
