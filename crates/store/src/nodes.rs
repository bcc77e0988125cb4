//! The hub's registry of nodes and their SM2 signing keys.

use std::fmt;

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// Whether a node takes part in the federation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeStatus {
    /// Enrolled and listed in the trust list.
    Active,
    /// Removed by an operator: absent from the trust list, its OIDC client revoked.
    Revoked,
}

impl NodeStatus {
    /// Returns the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeStatus::Active => "active",
            NodeStatus::Revoked => "revoked",
        }
    }

    fn parse(text: &str) -> Result<NodeStatus, StoreError> {
        match text {
            "active" => Ok(NodeStatus::Active),
            "revoked" => Ok(NodeStatus::Revoked),
            _ => Err(StoreError::invalid_stored_value(
                "nodes.status",
                text,
                "expected active or revoked",
            )),
        }
    }
}

impl fmt::Display for NodeStatus {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// A node in the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredNode {
    /// Node id, such as `gd`.
    pub node_id: String,
    /// `region` or `department`.
    pub kind: String,
    /// GB/T 2260 division code.
    pub division_code: String,
    /// Portal name in Simplified Chinese.
    pub name_zh: String,
    /// Portal name in English.
    pub name_en: String,
    /// Public URL of the node, without a trailing slash.
    pub endpoint: String,
    /// Active or revoked.
    pub status: NodeStatus,
    /// When the node last enrolled.
    pub enrolled_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// When the node was revoked, if it is.
    pub revoked_at: Option<DateTime<Utc>>,
    /// The reason given for the revocation.
    pub revocation_reason: Option<String>,
}

/// A node's SM2 signing key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeKey {
    /// Key id: the first 16 hex digits of the SM3 digest of the public key.
    pub key_id: String,
    /// The node that signs with it.
    pub node_id: String,
    /// SEC1 uncompressed point, lowercase hex.
    pub public_key: String,
    /// From when the key is valid.
    pub valid_from: DateTime<Utc>,
    /// Until when it is valid; `None` while it is current.
    pub valid_until: Option<DateTime<Utc>>,
}

/// Stores `node`, replacing the row of a node with the same id.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn upsert_node<'e, E>(executor: E, node: &RegisteredNode) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO nodes (node_id, kind, division_code, name_zh, name_en, endpoint, status, \
             enrolled_at, updated_at, revoked_at, revocation_reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (node_id) DO UPDATE SET kind = excluded.kind, \
             division_code = excluded.division_code, name_zh = excluded.name_zh, \
             name_en = excluded.name_en, endpoint = excluded.endpoint, status = excluded.status, \
             enrolled_at = excluded.enrolled_at, updated_at = excluded.updated_at, \
             revoked_at = excluded.revoked_at, revocation_reason = excluded.revocation_reason",
    )
    .bind(node.node_id.as_str())
    .bind(node.kind.as_str())
    .bind(node.division_code.as_str())
    .bind(node.name_zh.as_str())
    .bind(node.name_en.as_str())
    .bind(node.endpoint.as_str())
    .bind(node.status.as_str())
    .bind(to_millis(node.enrolled_at))
    .bind(to_millis(node.updated_at))
    .bind(node.revoked_at.map(to_millis))
    .bind(node.revocation_reason.as_deref())
    .execute(executor)
    .await
    .with_context(|| format!("store node {}", node.node_id))?;
    Ok(())
}

/// Returns the node `node_id`, whatever its status.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a row
/// that cannot be read.
pub async fn find_node<'e, E>(
    executor: E,
    node_id: &str,
) -> Result<Option<RegisteredNode>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT node_id, kind, division_code, name_zh, name_en, endpoint, status, enrolled_at, \
             updated_at, revoked_at, revocation_reason \
         FROM nodes WHERE node_id = $1",
    )
    .bind(node_id)
    .fetch_optional(executor)
    .await
    .context("look up a node")?;
    row.as_ref().map(node_from_row).transpose()
}

/// Returns every node, active and revoked, ordered by id.
///
/// # Errors
/// As [`find_node`].
pub async fn list_nodes<'e, E>(executor: E) -> Result<Vec<RegisteredNode>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT node_id, kind, division_code, name_zh, name_en, endpoint, status, enrolled_at, \
             updated_at, revoked_at, revocation_reason \
         FROM nodes ORDER BY node_id",
    )
    .fetch_all(executor)
    .await
    .context("list nodes")?;
    rows.iter().map(node_from_row).collect()
}

/// Marks the active node `node_id` revoked at `now` for `reason`, and returns whether it was
/// active.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn revoke_node<'e, E>(
    executor: E,
    node_id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE nodes SET status = 'revoked', revoked_at = $2, revocation_reason = $3, \
             updated_at = $2 \
         WHERE node_id = $1 AND status = 'active'",
    )
    .bind(node_id)
    .bind(to_millis(now))
    .bind(reason)
    .execute(executor)
    .await
    .context("revoke a node")?;
    Ok(result.rows_affected() == 1)
}

/// Returns the key `key_id`, whichever node it belongs to.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn find_key<'e, E>(executor: E, key_id: &str) -> Result<Option<NodeKey>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT key_id, node_id, public_key, valid_from, valid_until \
         FROM node_keys WHERE key_id = $1",
    )
    .bind(key_id)
    .fetch_optional(executor)
    .await
    .context("look up a node key")?;
    row.as_ref().map(key_from_row).transpose()
}

/// Stores `key` as a current key of its node. A key the same node had before becomes current
/// again; a key of another node is left unchanged and `false` is returned.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn upsert_key<'e, E>(executor: E, key: &NodeKey) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "INSERT INTO node_keys (key_id, node_id, public_key, valid_from, valid_until) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (key_id) DO UPDATE SET valid_until = excluded.valid_until \
         WHERE node_keys.node_id = excluded.node_id",
    )
    .bind(key.key_id.as_str())
    .bind(key.node_id.as_str())
    .bind(key.public_key.as_str())
    .bind(to_millis(key.valid_from))
    .bind(key.valid_until.map(to_millis))
    .execute(executor)
    .await
    .with_context(|| format!("store key {} of node {}", key.key_id, key.node_id))?;
    Ok(result.rows_affected() == 1)
}

/// Ends at `now` the validity of every current key of `node_id` except `keep_key_id`, and
/// returns how many keys it ended.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn retire_other_keys<'e, E>(
    executor: E,
    node_id: &str,
    keep_key_id: &str,
    now: DateTime<Utc>,
) -> Result<u64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE node_keys SET valid_until = $3 \
         WHERE node_id = $1 AND key_id <> $2 AND (valid_until IS NULL OR valid_until > $3)",
    )
    .bind(node_id)
    .bind(keep_key_id)
    .bind(to_millis(now))
    .execute(executor)
    .await
    .context("retire the old keys of a node")?;
    Ok(result.rows_affected())
}

/// Returns every key of every node, ordered by node id and then by start of validity.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn list_keys<'e, E>(executor: E) -> Result<Vec<NodeKey>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT key_id, node_id, public_key, valid_from, valid_until \
         FROM node_keys ORDER BY node_id, valid_from, key_id",
    )
    .fetch_all(executor)
    .await
    .context("list node keys")?;
    rows.iter().map(key_from_row).collect()
}

fn node_from_row(row: &AnyRow) -> Result<RegisteredNode, StoreError> {
    let text = |column: &'static str| -> Result<String, StoreError> {
        row.try_get::<String, _>(column).context("read a node")
    };
    let time = |column: &'static str| -> Result<DateTime<Utc>, StoreError> {
        from_millis(column, row.try_get(column).context("read a node")?)
    };
    let revoked_at = row
        .try_get::<Option<i64>, _>("revoked_at")
        .context("read a node")?
        .map(|millis| from_millis("nodes.revoked_at", millis))
        .transpose()?;
    Ok(RegisteredNode {
        node_id: text("node_id")?,
        kind: text("kind")?,
        division_code: text("division_code")?,
        name_zh: text("name_zh")?,
        name_en: text("name_en")?,
        endpoint: text("endpoint")?,
        status: NodeStatus::parse(&text("status")?)?,
        enrolled_at: time("enrolled_at")?,
        updated_at: time("updated_at")?,
        revoked_at,
        revocation_reason: row.try_get("revocation_reason").context("read a node")?,
    })
}

fn key_from_row(row: &AnyRow) -> Result<NodeKey, StoreError> {
    let text = |column: &'static str| -> Result<String, StoreError> {
        row.try_get::<String, _>(column).context("read a node key")
    };
    let valid_until = row
        .try_get::<Option<i64>, _>("valid_until")
        .context("read a node key")?
        .map(|millis| from_millis("node_keys.valid_until", millis))
        .transpose()?;
    Ok(NodeKey {
        key_id: text("key_id")?,
        node_id: text("node_id")?,
        public_key: text("public_key")?,
        valid_from: from_millis(
            "node_keys.valid_from",
            row.try_get("valid_from").context("read a node key")?,
        )?,
        valid_until,
    })
}
