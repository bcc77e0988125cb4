//! A node's record of its enrolment with the hub.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// What a node keeps from its enrolment.
#[derive(Clone, PartialEq, Eq)]
pub struct Enrolment {
    /// The node's id at the hub.
    pub node_id: String,
    /// The hub it enrolled with.
    pub hub_url: String,
    /// The hub's SM2 public key, SEC1 uncompressed, hex.
    pub hub_public_key: String,
    /// The node's client id at the hub's OpenID Provider.
    pub client_id: String,
    /// The node's client secret there.
    pub client_secret: String,
    /// When the node enrolled.
    pub enrolled_at: DateTime<Utc>,
}

impl std::fmt::Debug for Enrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enrolment")
            .field("node_id", &self.node_id)
            .field("hub_url", &self.hub_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("enrolled_at", &self.enrolled_at)
            .finish()
    }
}

/// Stores `enrolment`, replacing an earlier one.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn save_enrolment<'e, E>(executor: E, enrolment: &Enrolment) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO node_enrolment \
             (singleton, node_id, hub_url, hub_public_key, client_id, client_secret, enrolled_at) \
         VALUES (1, $1, $2, $3, $4, $5, $6) \
         ON CONFLICT (singleton) DO UPDATE SET node_id = excluded.node_id, \
             hub_url = excluded.hub_url, hub_public_key = excluded.hub_public_key, \
             client_id = excluded.client_id, client_secret = excluded.client_secret, \
             enrolled_at = excluded.enrolled_at",
    )
    .bind(enrolment.node_id.as_str())
    .bind(enrolment.hub_url.as_str())
    .bind(enrolment.hub_public_key.as_str())
    .bind(enrolment.client_id.as_str())
    .bind(enrolment.client_secret.as_str())
    .bind(to_millis(enrolment.enrolled_at))
    .execute(executor)
    .await
    .context("store the enrolment")?;
    Ok(())
}

/// Returns the node's enrolment, if it enrolled.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn load_enrolment<'e, E>(executor: E) -> Result<Option<Enrolment>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT node_id, hub_url, hub_public_key, client_id, client_secret, enrolled_at \
         FROM node_enrolment WHERE singleton = 1",
    )
    .fetch_optional(executor)
    .await
    .context("load the enrolment")?;
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(Some(Enrolment {
        node_id: row.try_get("node_id").context("read the enrolment")?,
        hub_url: row.try_get("hub_url").context("read the enrolment")?,
        hub_public_key: row
            .try_get("hub_public_key")
            .context("read the enrolment")?,
        client_id: row.try_get("client_id").context("read the enrolment")?,
        client_secret: row.try_get("client_secret").context("read the enrolment")?,
        enrolled_at: from_millis(
            "enrolled_at",
            row.try_get("enrolled_at").context("read the enrolment")?,
        )?,
    }))
}
