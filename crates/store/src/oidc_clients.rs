//! Relying parties registered with the hub's OpenID Provider.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// A registered client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcClient {
    /// Client id.
    pub client_id: String,
    /// Name shown to people in Simplified Chinese.
    pub name_zh: String,
    /// Name shown to people in English.
    pub name_en: String,
    /// SM3 digest of the client secret, in hex.
    pub secret_hash: String,
    /// Redirect URIs, compared exactly.
    pub redirect_uris: Vec<String>,
    /// Where RP-initiated logout may return to, compared exactly.
    pub post_logout_redirect_uris: Vec<String>,
    /// `ES256` or `EdDSA`.
    pub id_token_signed_response_alg: String,
    /// The node this client belongs to, if it is a node.
    pub node_id: Option<String>,
    /// `active` or `revoked`.
    pub status: String,
    /// When the client was registered.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// Stores `client`, replacing a client with the same id.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn upsert_client<'e, E>(executor: E, client: &OidcClient) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let redirect_uris = serde_json::to_string(&client.redirect_uris).map_err(|error| {
        StoreError::invalid_input("redirect_uris", client.client_id.as_str(), error)
    })?;
    let post_logout =
        serde_json::to_string(&client.post_logout_redirect_uris).map_err(|error| {
            StoreError::invalid_input(
                "post_logout_redirect_uris",
                client.client_id.as_str(),
                error,
            )
        })?;
    sqlx::query(
        "INSERT INTO oidc_clients (client_id, name_zh, name_en, secret_hash, redirect_uris, \
             post_logout_redirect_uris, id_token_signed_response_alg, node_id, status, created_at, \
             updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (client_id) DO UPDATE SET name_zh = excluded.name_zh, \
             name_en = excluded.name_en, secret_hash = excluded.secret_hash, \
             redirect_uris = excluded.redirect_uris, \
             post_logout_redirect_uris = excluded.post_logout_redirect_uris, \
             id_token_signed_response_alg = excluded.id_token_signed_response_alg, \
             node_id = excluded.node_id, status = excluded.status, updated_at = excluded.updated_at",
    )
    .bind(client.client_id.as_str())
    .bind(client.name_zh.as_str())
    .bind(client.name_en.as_str())
    .bind(client.secret_hash.as_str())
    .bind(redirect_uris)
    .bind(post_logout)
    .bind(client.id_token_signed_response_alg.as_str())
    .bind(client.node_id.as_deref())
    .bind(client.status.as_str())
    .bind(to_millis(client.created_at))
    .bind(to_millis(client.updated_at))
    .execute(executor)
    .await
    .with_context(|| format!("store OIDC client {}", client.client_id))?;
    Ok(())
}

/// Returns the client `client_id`, whatever its status.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a row
/// that cannot be read.
pub async fn find_client<'e, E>(
    executor: E,
    client_id: &str,
) -> Result<Option<OidcClient>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT client_id, name_zh, name_en, secret_hash, redirect_uris, post_logout_redirect_uris, \
             id_token_signed_response_alg, node_id, status, created_at, updated_at \
         FROM oidc_clients WHERE client_id = $1",
    )
    .bind(client_id)
    .fetch_optional(executor)
    .await
    .context("look up an OIDC client")?;
    let Some(row) = row else {
        return Ok(None);
    };
    let read = |column: &'static str| -> Result<String, StoreError> {
        row.try_get::<String, _>(column)
            .context("read an OIDC client")
    };
    let uris = |column: &'static str| -> Result<Vec<String>, StoreError> {
        let text = read(column)?;
        serde_json::from_str(&text)
            .map_err(|error| StoreError::invalid_stored_value(column, text, error))
    };
    Ok(Some(OidcClient {
        client_id: read("client_id")?,
        name_zh: read("name_zh")?,
        name_en: read("name_en")?,
        secret_hash: read("secret_hash")?,
        redirect_uris: uris("redirect_uris")?,
        post_logout_redirect_uris: uris("post_logout_redirect_uris")?,
        id_token_signed_response_alg: read("id_token_signed_response_alg")?,
        node_id: row.try_get("node_id").context("read an OIDC client")?,
        status: read("status")?,
        created_at: from_millis(
            "created_at",
            row.try_get("created_at").context("read an OIDC client")?,
        )?,
        updated_at: from_millis(
            "updated_at",
            row.try_get("updated_at").context("read an OIDC client")?,
        )?,
    }))
}

/// Sets the status of client `client_id` and returns whether it exists.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn set_client_status<'e, E>(
    executor: E,
    client_id: &str,
    status: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result =
        sqlx::query("UPDATE oidc_clients SET status = $2, updated_at = $3 WHERE client_id = $1")
            .bind(client_id)
            .bind(status)
            .bind(to_millis(now))
            .execute(executor)
            .await
            .context("set the status of an OIDC client")?;
    Ok(result.rows_affected() == 1)
}
