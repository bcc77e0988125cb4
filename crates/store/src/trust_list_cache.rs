//! The trust list a node fetched from the hub and verified, kept for when the hub is away.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// The node's cached trust list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedTrustList {
    /// Number of the list.
    pub sequence: i64,
    /// When the hub signed it.
    pub issued_at: DateTime<Utc>,
    /// When it stops being valid.
    pub valid_until: DateTime<Utc>,
    /// When the node fetched it.
    pub fetched_at: DateTime<Utc>,
    /// The signed envelope as received, JSON.
    pub document: String,
}

/// Stores `list` if the cache is empty or contains a list with a lower sequence, and returns
/// whether it did. The comparison is part of the statement, so two node instances sharing
/// the database never replace a newer list with an older one.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn save_if_newer<'e, E>(executor: E, list: &CachedTrustList) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "INSERT INTO trust_list_cache \
             (singleton, sequence, issued_at, valid_until, fetched_at, document) \
         VALUES (1, $1, $2, $3, $4, $5) \
         ON CONFLICT (singleton) DO UPDATE SET sequence = excluded.sequence, \
             issued_at = excluded.issued_at, valid_until = excluded.valid_until, \
             fetched_at = excluded.fetched_at, document = excluded.document \
         WHERE excluded.sequence > trust_list_cache.sequence",
    )
    .bind(list.sequence)
    .bind(to_millis(list.issued_at))
    .bind(to_millis(list.valid_until))
    .bind(to_millis(list.fetched_at))
    .bind(list.document.as_str())
    .execute(executor)
    .await
    .context("store the fetched trust list")?;
    Ok(result.rows_affected() == 1)
}

/// Returns the cached list, expired or not.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn load_cached<'e, E>(executor: E) -> Result<Option<CachedTrustList>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT sequence, issued_at, valid_until, fetched_at, document \
         FROM trust_list_cache WHERE singleton = 1",
    )
    .fetch_optional(executor)
    .await
    .context("load the cached trust list")?;
    let Some(row) = row else {
        return Ok(None);
    };
    let read = "read the cached trust list";
    Ok(Some(CachedTrustList {
        sequence: row.try_get("sequence").context(read)?,
        issued_at: from_millis(
            "trust_list_cache.issued_at",
            row.try_get("issued_at").context(read)?,
        )?,
        valid_until: from_millis(
            "trust_list_cache.valid_until",
            row.try_get("valid_until").context(read)?,
        )?,
        fetched_at: from_millis(
            "trust_list_cache.fetched_at",
            row.try_get("fetched_at").context(read)?,
        )?,
        document: row.try_get("document").context(read)?,
    }))
}
