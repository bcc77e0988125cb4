//! Browser sessions, keyed by the digest of the token in the session cookie.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// A stored session.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSession {
    /// Digest of the cookie token.
    pub id_hash: String,
    /// The account logged in, if any.
    pub account_id: Option<String>,
    /// Role-specific values.
    pub data: serde_json::Value,
    /// The token forms must send back.
    pub csrf_token: String,
    /// When the session began.
    pub created_at: DateTime<Utc>,
    /// The last request seen.
    pub last_seen_at: DateTime<Utc>,
    /// When the session ends unless a request extends it.
    pub expires_at: DateTime<Utc>,
}

/// Inserts `session`.
///
/// # Errors
/// [`StoreError::Query`] when the insert fails, including for a digest already stored.
pub async fn insert_session<'e, E>(executor: E, session: &StoredSession) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO web_sessions \
         (id_hash, account_id, data, csrf_token, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(session.id_hash.as_str())
    .bind(session.account_id.as_deref())
    .bind(session.data.to_string())
    .bind(session.csrf_token.as_str())
    .bind(to_millis(session.created_at))
    .bind(to_millis(session.last_seen_at))
    .bind(to_millis(session.expires_at))
    .execute(executor)
    .await
    .context("insert a session")?;
    Ok(())
}

/// Returns the session with digest `id_hash` unless it expired before `now`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a row
/// that cannot be read.
pub async fn find_session<'e, E>(
    executor: E,
    id_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<StoredSession>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT id_hash, account_id, data, csrf_token, created_at, last_seen_at, expires_at \
         FROM web_sessions WHERE id_hash = $1 AND expires_at > $2",
    )
    .bind(id_hash)
    .bind(to_millis(now))
    .fetch_optional(executor)
    .await
    .context("look up a session")?;
    let Some(row) = row else {
        return Ok(None);
    };
    let data_text: String = row.try_get("data").context("read a session")?;
    let data = serde_json::from_str(&data_text)
        .map_err(|error| StoreError::invalid_stored_value("web_sessions.data", data_text, error))?;
    Ok(Some(StoredSession {
        id_hash: row.try_get("id_hash").context("read a session")?,
        account_id: row.try_get("account_id").context("read a session")?,
        data,
        csrf_token: row.try_get("csrf_token").context("read a session")?,
        created_at: from_millis(
            "created_at",
            row.try_get("created_at").context("read a session")?,
        )?,
        last_seen_at: from_millis(
            "last_seen_at",
            row.try_get("last_seen_at").context("read a session")?,
        )?,
        expires_at: from_millis(
            "expires_at",
            row.try_get("expires_at").context("read a session")?,
        )?,
    }))
}

/// Writes the account, data, last request and expiry of a stored session.
///
/// # Errors
/// [`StoreError::Query`] when the update fails.
pub async fn update_session<'e, E>(executor: E, session: &StoredSession) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "UPDATE web_sessions SET account_id = $2, data = $3, last_seen_at = $4, expires_at = $5 \
         WHERE id_hash = $1",
    )
    .bind(session.id_hash.as_str())
    .bind(session.account_id.as_deref())
    .bind(session.data.to_string())
    .bind(to_millis(session.last_seen_at))
    .bind(to_millis(session.expires_at))
    .execute(executor)
    .await
    .context("update a session")?;
    Ok(())
}

/// Deletes the session with digest `id_hash`.
///
/// # Errors
/// [`StoreError::Query`] when the delete fails.
pub async fn delete_session<'e, E>(executor: E, id_hash: &str) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query("DELETE FROM web_sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(executor)
        .await
        .context("delete a session")?;
    Ok(())
}

/// Deletes every session of `account_id`, as on logout everywhere or a locked account, and
/// returns how many there were.
///
/// # Errors
/// [`StoreError::Query`] when the delete fails.
pub async fn delete_sessions_of_account<'e, E>(
    executor: E,
    account_id: &str,
) -> Result<u64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query("DELETE FROM web_sessions WHERE account_id = $1")
        .bind(account_id)
        .execute(executor)
        .await
        .context("delete the sessions of an account")?;
    Ok(result.rows_affected())
}

/// Deletes the sessions that expired before `now` and returns how many.
///
/// # Errors
/// [`StoreError::Query`] when the delete fails.
pub async fn delete_expired_sessions<'e, E>(
    executor: E,
    now: DateTime<Utc>,
) -> Result<u64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query("DELETE FROM web_sessions WHERE expires_at <= $1")
        .bind(to_millis(now))
        .execute(executor)
        .await
        .context("delete expired sessions")?;
    Ok(result.rows_affected())
}
