//! Registering relying parties with the hub's OpenID Provider and checking their secrets.

use chrono::{DateTime, Utc};
use serde_json::json;
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::oidc_clients::{self, OidcClient};
use tongban_store::{Store, StoreTransaction};

use crate::ServiceError;

/// Algorithms an ID token can be signed with.
pub const ID_TOKEN_ALGORITHMS: [&str; 2] = ["ES256", "EdDSA"];

/// A client to register.
#[derive(Debug, Clone)]
pub struct NewClient {
    /// Client id, such as the node id `gd`.
    pub client_id: String,
    /// Name in Simplified Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// Redirect URIs, compared exactly.
    pub redirect_uris: Vec<String>,
    /// Where logout may return to.
    pub post_logout_redirect_uris: Vec<String>,
    /// `ES256` or `EdDSA`.
    pub id_token_signed_response_alg: String,
    /// The node, if the client is one.
    pub node_id: Option<String>,
}

/// Registers `client` (replacing one with the same id, whose old secret stops working) on
/// behalf of `actor`, and returns its new secret. The secret is shown once: only its digest is
/// kept.
///
/// # Errors
/// [`ServiceError::InvalidClient`] for an unknown signing algorithm or a client without a
/// redirect URI, [`ServiceError::Store`] when the database fails.
pub async fn register_client(
    store: &Store,
    client: NewClient,
    actor: &str,
) -> Result<String, ServiceError> {
    let mut transaction = store.begin().await?;
    let secret = register_client_in(&mut transaction, client, actor, Utc::now()).await?;
    tongban_store::commit(transaction).await?;
    Ok(secret)
}

/// Registers `client` as [`register_client`] does, inside `transaction`, so a caller can
/// commit the registration together with changes of its own, such as a node's enrolment.
///
/// # Errors
/// As [`register_client`].
pub async fn register_client_in(
    transaction: &mut StoreTransaction,
    client: NewClient,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    if !ID_TOKEN_ALGORITHMS.contains(&client.id_token_signed_response_alg.as_str()) {
        return Err(ServiceError::InvalidClient(format!(
            "id_token_signed_response_alg must be one of {ID_TOKEN_ALGORITHMS:?}"
        )));
    }
    if client.redirect_uris.is_empty() {
        return Err(ServiceError::InvalidClient(
            "a client needs at least one redirect URI".to_owned(),
        ));
    }
    let secret = tongban_crypto::random_token(32);
    let created_at = oidc_clients::find_client(&mut **transaction, &client.client_id)
        .await?
        .map_or(now, |existing| existing.created_at);
    let stored = OidcClient {
        client_id: client.client_id.clone(),
        name_zh: client.name_zh,
        name_en: client.name_en,
        secret_hash: tongban_crypto::sm3_hex(secret.as_bytes()),
        redirect_uris: client.redirect_uris,
        post_logout_redirect_uris: client.post_logout_redirect_uris,
        id_token_signed_response_alg: client.id_token_signed_response_alg,
        node_id: client.node_id,
        status: "active".to_owned(),
        created_at,
        updated_at: now,
    };

    oidc_clients::upsert_client(&mut **transaction, &stored).await?;
    let event = NewAuditEvent {
        occurred_at: now,
        actor: actor.to_owned(),
        action: "oidc.register_client".to_owned(),
        subject: format!("oidc_client/{}", stored.client_id),
        reason: None,
        details: Some(json!({
            "redirect_uris": stored.redirect_uris,
            "post_logout_redirect_uris": stored.post_logout_redirect_uris,
            "node_id": stored.node_id,
        })),
    };
    audit::record_event(&mut **transaction, &event).await?;
    Ok(secret)
}

/// Returns the active client `client_id` if `secret` is its secret. The digests are compared
/// in constant time.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails.
pub async fn authenticate_client(
    store: &Store,
    client_id: &str,
    secret: &str,
) -> Result<Option<OidcClient>, ServiceError> {
    let Some(client) = oidc_clients::find_client(store.pool(), client_id).await? else {
        return Ok(None);
    };
    let presented = tongban_crypto::sm3_hex(secret.as_bytes());
    let matches = constant_time_eq(presented.as_bytes(), client.secret_hash.as_bytes());
    Ok((matches && client.status == "active").then_some(client))
}

/// Marks client `client_id` revoked on behalf of `actor`: its secret stops working. Returns
/// whether it existed.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails.
pub async fn revoke_client(
    store: &Store,
    client_id: &str,
    actor: &str,
    reason: &str,
) -> Result<bool, ServiceError> {
    let mut transaction = store.begin().await?;
    let existed = revoke_client_in(&mut transaction, client_id, actor, reason, Utc::now()).await?;
    tongban_store::commit(transaction).await?;
    Ok(existed)
}

/// Revokes client `client_id` as [`revoke_client`] does, inside `transaction`, so a caller can
/// commit it together with changes of its own, such as revoking a node.
///
/// # Errors
/// As [`revoke_client`].
pub async fn revoke_client_in(
    transaction: &mut StoreTransaction,
    client_id: &str,
    actor: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let existed =
        oidc_clients::set_client_status(&mut **transaction, client_id, "revoked", now).await?;
    if existed {
        let event = NewAuditEvent {
            occurred_at: now,
            actor: actor.to_owned(),
            action: "oidc.revoke_client".to_owned(),
            subject: format!("oidc_client/{client_id}"),
            reason: Some(reason.to_owned()),
            details: None,
        };
        audit::record_event(&mut **transaction, &event).await?;
    }
    Ok(existed)
}

/// Compares two byte strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
