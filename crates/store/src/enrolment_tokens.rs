//! One-time tokens with which nodes enrol at the hub, kept as SM3 digests.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// An enrolment token as stored: its digest and what it was issued for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentToken {
    /// SM3 digest of the token, hex.
    pub token_digest: String,
    /// The node id the token is for.
    pub node_id: String,
    /// `region` or `department`.
    pub kind: String,
    /// GB/T 2260 division code.
    pub division_code: String,
    /// Portal name in Simplified Chinese, as the operator gave it.
    pub name_zh: String,
    /// Portal name in English.
    pub name_en: String,
    /// The operator who issued the token.
    pub issued_by: String,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// When a node used it, if one did.
    pub used_at: Option<DateTime<Utc>>,
    /// When it was cancelled unused, such as by revoking its node.
    pub cancelled_at: Option<DateTime<Utc>>,
}

/// Stores a new token.
///
/// # Errors
/// [`StoreError::Query`] when the insert fails, such as for a digest that exists already.
pub async fn insert_token<'e, E>(executor: E, token: &EnrolmentToken) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO enrolment_tokens (token_digest, node_id, kind, division_code, name_zh, \
             name_en, issued_by, issued_at, expires_at, used_at, cancelled_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(token.token_digest.as_str())
    .bind(token.node_id.as_str())
    .bind(token.kind.as_str())
    .bind(token.division_code.as_str())
    .bind(token.name_zh.as_str())
    .bind(token.name_en.as_str())
    .bind(token.issued_by.as_str())
    .bind(to_millis(token.issued_at))
    .bind(to_millis(token.expires_at))
    .bind(token.used_at.map(to_millis))
    .bind(token.cancelled_at.map(to_millis))
    .execute(executor)
    .await
    .with_context(|| format!("store an enrolment token for node {}", token.node_id))?;
    Ok(())
}

/// Marks the token with `token_digest` used at `now` and returns it, if it is neither used,
/// cancelled nor expired. The check and the change are one statement, so of several
/// concurrent claims exactly one succeeds. Run it first in its transaction, so SQLite takes the
/// write lock before reading anything.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn claim_token<'e, E>(
    executor: E,
    token_digest: &str,
    now: DateTime<Utc>,
) -> Result<Option<EnrolmentToken>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "UPDATE enrolment_tokens SET used_at = $2 \
         WHERE token_digest = $1 AND used_at IS NULL AND cancelled_at IS NULL \
             AND expires_at > $2 \
         RETURNING token_digest, node_id, kind, division_code, name_zh, name_en, issued_by, \
             issued_at, expires_at, used_at, cancelled_at",
    )
    .bind(token_digest)
    .bind(to_millis(now))
    .fetch_optional(executor)
    .await
    .context("claim an enrolment token")?;
    row.as_ref().map(token_from_row).transpose()
}

/// Returns the token with `token_digest`, whatever its state.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn find_token<'e, E>(
    executor: E,
    token_digest: &str,
) -> Result<Option<EnrolmentToken>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT token_digest, node_id, kind, division_code, name_zh, name_en, issued_by, \
             issued_at, expires_at, used_at, cancelled_at \
         FROM enrolment_tokens WHERE token_digest = $1",
    )
    .bind(token_digest)
    .fetch_optional(executor)
    .await
    .context("look up an enrolment token")?;
    row.as_ref().map(token_from_row).transpose()
}

/// Cancels the unused tokens of node `node_id` at `now` and returns how many there were.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn cancel_tokens_of_node<'e, E>(
    executor: E,
    node_id: &str,
    now: DateTime<Utc>,
) -> Result<u64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE enrolment_tokens SET cancelled_at = $2 \
         WHERE node_id = $1 AND used_at IS NULL AND cancelled_at IS NULL",
    )
    .bind(node_id)
    .bind(to_millis(now))
    .execute(executor)
    .await
    .context("cancel the enrolment tokens of a node")?;
    Ok(result.rows_affected())
}

fn token_from_row(row: &AnyRow) -> Result<EnrolmentToken, StoreError> {
    let text = |column: &'static str| -> Result<String, StoreError> {
        row.try_get::<String, _>(column)
            .context("read an enrolment token")
    };
    let time = |column: &'static str| -> Result<DateTime<Utc>, StoreError> {
        let millis = row
            .try_get::<i64, _>(column)
            .context("read an enrolment token")?;
        from_millis(column, millis)
    };
    let optional_time = |column: &'static str| -> Result<Option<DateTime<Utc>>, StoreError> {
        row.try_get::<Option<i64>, _>(column)
            .context("read an enrolment token")?
            .map(|millis| from_millis(column, millis))
            .transpose()
    };
    Ok(EnrolmentToken {
        token_digest: text("token_digest")?,
        node_id: text("node_id")?,
        kind: text("kind")?,
        division_code: text("division_code")?,
        name_zh: text("name_zh")?,
        name_en: text("name_en")?,
        issued_by: text("issued_by")?,
        issued_at: time("issued_at")?,
        expires_at: time("expires_at")?,
        used_at: optional_time("used_at")?,
        cancelled_at: optional_time("cancelled_at")?,
    })
}
