//! Trust lists the hub signed, kept so every hub instance serves the same signed document.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// A signed trust list as stored by the hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTrustList {
    /// Number of the list; higher is newer.
    pub sequence: i64,
    /// When it was signed.
    pub issued_at: DateTime<Utc>,
    /// When it stops being valid.
    pub valid_until: DateTime<Utc>,
    /// Id of the hub key that signed it.
    pub key_id: String,
    /// SM3 digest of the canonical JSON of the listed nodes, hex.
    pub nodes_digest: String,
    /// The signed envelope, JSON.
    pub document: String,
}

/// Returns the list with the highest sequence, if the hub signed any.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn latest_trust_list<'e, E>(executor: E) -> Result<Option<StoredTrustList>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT sequence, issued_at, valid_until, key_id, nodes_digest, document \
         FROM trust_lists ORDER BY sequence DESC LIMIT 1",
    )
    .fetch_optional(executor)
    .await
    .context("load the latest trust list")?;
    row.as_ref().map(list_from_row).transpose()
}

/// Stores `list` unless a list with its sequence exists, and returns whether it was stored.
/// When two hub instances sign the same sequence at once, exactly one of them stores it.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn insert_trust_list<'e, E>(
    executor: E,
    list: &StoredTrustList,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "INSERT INTO trust_lists (sequence, issued_at, valid_until, key_id, nodes_digest, document) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (sequence) DO NOTHING",
    )
    .bind(list.sequence)
    .bind(to_millis(list.issued_at))
    .bind(to_millis(list.valid_until))
    .bind(list.key_id.as_str())
    .bind(list.nodes_digest.as_str())
    .bind(list.document.as_str())
    .execute(executor)
    .await
    .with_context(|| format!("store trust list {}", list.sequence))?;
    Ok(result.rows_affected() == 1)
}

fn list_from_row(row: &AnyRow) -> Result<StoredTrustList, StoreError> {
    let read = "read a trust list";
    Ok(StoredTrustList {
        sequence: row.try_get("sequence").context(read)?,
        issued_at: from_millis(
            "trust_lists.issued_at",
            row.try_get("issued_at").context(read)?,
        )?,
        valid_until: from_millis(
            "trust_lists.valid_until",
            row.try_get("valid_until").context(read)?,
        )?,
        key_id: row.try_get("key_id").context(read)?,
        nodes_digest: row.try_get("nodes_digest").context(read)?,
        document: row.try_get("document").context(read)?,
    })
}
