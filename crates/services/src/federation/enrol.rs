//! Enrolment of a node at the hub (`POST /api/federation/enroll`): the request a node sends,
//! the grant the hub returns, and the records each side stores.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tongban_crypto::PublicKey;
use tongban_crypto::trust_list::NodeNames;
use tongban_domain::RuleViolation;
use tongban_domain::ids::DivisionCode;
use tongban_domain::node::{NodeKind, check_node_id};
use tongban_i18n::Message;
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::enrolment::{self, Enrolment};
use tongban_store::enrolment_tokens::{self, EnrolmentToken};
use tongban_store::nodes::{self, NodeKey, NodeStatus, RegisteredNode};
use tongban_store::{Store, StoreTransaction};

use super::FederationError;
use super::checks::{check_endpoint, check_name};
use crate::fields::FieldErrors;
use crate::oidc_clients::{self, NewClient};

/// Algorithm of the ID tokens the hub signs for a node.
const NODE_ID_TOKEN_ALGORITHM: &str = "ES256";

/// The request a node sends to enrol. `Debug` hides the token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentRequest {
    /// The one-time token from `tongban hub enroll-node`.
    pub token: String,
    /// The node's id; must be the one the token was issued for.
    pub node_id: String,
    /// `region` or `department`; must be what the token was issued for.
    pub kind: String,
    /// GB/T 2260 division code; must be what the token was issued for.
    pub division_code: String,
    /// Public URL of the node, without a trailing slash.
    pub endpoint: String,
    /// The node's SM2 public key, SEC1 uncompressed, lowercase hex.
    pub public_key: String,
    /// Names of the node's portal as its configuration has them. The registry keeps the names
    /// the hub operator gave when issuing the token.
    pub names: NodeNames,
}

impl fmt::Debug for EnrolmentRequest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("EnrolmentRequest")
            .field("token", &"[redacted]")
            .field("node_id", &self.node_id)
            .field("kind", &self.kind)
            .field("division_code", &self.division_code)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

/// The hub's response to an accepted enrolment. `Debug` hides the client secret.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentGrant {
    /// The enrolled node.
    pub node_id: String,
    /// The node's client id at the hub's OpenID Provider: the node id.
    pub client_id: String,
    /// The client secret, shown this once; the hub keeps only its digest.
    pub client_secret: String,
    /// Instance id of the hub, the `issuer` of its trust lists.
    pub hub_id: String,
    /// The hub's SM2 public key, which signs the trust list; SEC1 uncompressed, hex.
    pub hub_public_key: String,
    /// Id of that key.
    pub hub_key_id: String,
}

impl fmt::Debug for EnrolmentGrant {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("EnrolmentGrant")
            .field("node_id", &self.node_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("hub_id", &self.hub_id)
            .field("hub_key_id", &self.hub_key_id)
            .finish_non_exhaustive()
    }
}

/// The hub that accepts enrolments.
#[derive(Debug, Clone, Copy)]
pub struct Hub<'a> {
    /// Instance id of the hub.
    pub id: &'a str,
    /// The hub's signing key's public half.
    pub public_key: &'a PublicKey,
}

/// Enrols the node of `request` at `now`. It uses up the token and registers the node and its
/// key, which ends the validity of the node's earlier keys. It registers the node as an OIDC
/// client with redirect URI `<endpoint>/auth/callback` and records all of it in the audit
/// trail. Either all of it is stored or, on any error, none of it.
///
/// # Errors
/// - [`FederationError::Invalid`] for fields that break their rules.
/// - `TokenUnknown`, `TokenUsed`, `TokenCancelled`, `TokenExpired` or `TokenMismatch` when the
///   token does not allow this enrolment.
/// - [`FederationError::KeyInUse`] when another node has the key.
/// - [`FederationError::Store`] or [`FederationError::Service`] when the database fails.
pub async fn enrol_node(
    store: &Store,
    request: &EnrolmentRequest,
    hub: Hub<'_>,
    now: DateTime<Utc>,
) -> Result<EnrolmentGrant, FederationError> {
    let public_key = check_request(request)?;
    let now = super::now_millis(now);
    let digest = tongban_crypto::sm3_hex(request.token.as_bytes());

    // The claim is the first statement, so SQLite takes the write lock before any read and a
    // concurrent enrolment with the same token waits, then finds it used. Returning early
    // drops the transaction, which rolls the claim back.
    let mut transaction = store.begin().await?;
    let Some(token) = enrolment_tokens::claim_token(&mut *transaction, &digest, now).await? else {
        return Err(why_unclaimable(&mut transaction, &digest).await?);
    };
    check_token_matches(&token, request)?;

    let key_id = public_key.key_id().to_string();
    if let Some(existing) = nodes::find_key(&mut *transaction, &key_id).await?
        && existing.node_id != request.node_id
    {
        return Err(FederationError::KeyInUse {
            key_id,
            owner: existing.node_id,
        });
    }
    let previous = nodes::find_node(&mut *transaction, &request.node_id).await?;
    let node = RegisteredNode {
        node_id: token.node_id.clone(),
        kind: token.kind.clone(),
        division_code: token.division_code.clone(),
        name_zh: token.name_zh.clone(),
        name_en: token.name_en.clone(),
        endpoint: request.endpoint.clone(),
        status: NodeStatus::Active,
        enrolled_at: now,
        updated_at: now,
        revoked_at: None,
        revocation_reason: None,
    };
    nodes::upsert_node(&mut *transaction, &node).await?;
    let key = NodeKey {
        key_id: key_id.clone(),
        node_id: node.node_id.clone(),
        public_key: public_key.to_hex(),
        valid_from: now,
        valid_until: None,
    };
    nodes::upsert_key(&mut *transaction, &key).await?;
    let retired_keys =
        nodes::retire_other_keys(&mut *transaction, &node.node_id, &key_id, now).await?;

    let actor = format!("node:{}", node.node_id);
    let client = NewClient {
        client_id: node.node_id.clone(),
        name_zh: node.name_zh.clone(),
        name_en: node.name_en.clone(),
        redirect_uris: vec![format!("{}/auth/callback", node.endpoint)],
        post_logout_redirect_uris: vec![format!("{}/", node.endpoint)],
        id_token_signed_response_alg: NODE_ID_TOKEN_ALGORITHM.to_owned(),
        node_id: Some(node.node_id.clone()),
    };
    let client_secret =
        oidc_clients::register_client_in(&mut transaction, client, &actor, now).await?;

    let event = NewAuditEvent {
        occurred_at: now,
        actor,
        action: "federation.enrol_node".to_owned(),
        subject: format!("node/{}", node.node_id),
        reason: Some(format!(
            "enrolment token issued by {} at {}",
            token.issued_by,
            token.issued_at.to_rfc3339()
        )),
        details: Some(json!({
            "kind": node.kind,
            "division_code": node.division_code,
            "endpoint": node.endpoint,
            "key_id": key_id,
            "retired_keys": retired_keys,
            "previous_status": previous.map(|previous| previous.status.as_str()),
            "token_digest_prefix": &digest[..16],
        })),
    };
    audit::record_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;

    tracing::info!(node_id = %node.node_id, %key_id, endpoint = %node.endpoint, "node enrolled");
    Ok(EnrolmentGrant {
        client_id: node.node_id.clone(),
        node_id: node.node_id,
        client_secret,
        hub_id: hub.id.to_owned(),
        hub_public_key: hub.public_key.to_hex(),
        hub_key_id: hub.public_key.key_id().to_string(),
    })
}

/// Checks every field of `request` and returns its parsed public key.
fn check_request(request: &EnrolmentRequest) -> Result<PublicKey, FederationError> {
    let mut errors = FieldErrors::new();
    if request.token.is_empty() {
        errors.add(
            "token",
            Message::new("federation-rule-required").arg("field", "token"),
        );
    }
    if let Err(error) = check_node_id(&request.node_id) {
        errors.add("node_id", error.message());
    }
    if let Err(error) = NodeKind::parse(&request.kind) {
        errors.add("kind", error.message());
    }
    if let Err(error) = DivisionCode::parse(&request.division_code) {
        errors.add("division_code", error.message());
    }
    check_endpoint(&mut errors, "endpoint", &request.endpoint);
    check_name(&mut errors, "names.zh-CN", &request.names.zh_cn);
    check_name(&mut errors, "names.en", &request.names.en);
    let public_key = PublicKey::from_hex(&request.public_key);
    if public_key.is_err() {
        errors.add("public_key", Message::new("federation-rule-public-key"));
    }
    match public_key {
        Ok(public_key) if errors.is_empty() => Ok(public_key),
        _ => Err(FederationError::Invalid(errors)),
    }
}

/// Tells why the token with `digest` could not be claimed.
async fn why_unclaimable(
    transaction: &mut StoreTransaction,
    digest: &str,
) -> Result<FederationError, FederationError> {
    let Some(token) = enrolment_tokens::find_token(&mut **transaction, digest).await? else {
        return Ok(FederationError::TokenUnknown);
    };
    Ok(if token.used_at.is_some() {
        FederationError::TokenUsed
    } else if token.cancelled_at.is_some() {
        FederationError::TokenCancelled
    } else {
        FederationError::TokenExpired {
            expired_at: token.expires_at,
        }
    })
}

fn check_token_matches(
    token: &EnrolmentToken,
    request: &EnrolmentRequest,
) -> Result<(), FederationError> {
    let pairs = [
        ("node_id", &token.node_id, &request.node_id),
        ("kind", &token.kind, &request.kind),
        (
            "division_code",
            &token.division_code,
            &request.division_code,
        ),
    ];
    for (field, expected, given) in pairs {
        if expected != given {
            return Err(FederationError::TokenMismatch {
                field,
                expected: expected.clone(),
                given: given.clone(),
            });
        }
    }
    Ok(())
}

/// Stores, at the node, what it learned from enrolling, and records it in the audit trail.
///
/// # Errors
/// [`FederationError::Store`] when the database fails.
pub async fn record_enrolment(store: &Store, enrolment: &Enrolment) -> Result<(), FederationError> {
    let mut transaction = store.begin().await?;
    enrolment::save_enrolment(&mut *transaction, enrolment).await?;
    let hub_key_id = PublicKey::from_hex(&enrolment.hub_public_key)
        .map(|key| key.key_id().to_string())
        .map_err(|error| FederationError::InvalidStored {
            what: "hub public key",
            detail: error.to_string(),
        })?;
    let event = NewAuditEvent {
        occurred_at: enrolment.enrolled_at,
        actor: "system:enrolment".to_owned(),
        action: "federation.record_enrolment".to_owned(),
        subject: format!("enrolment/{}", enrolment.node_id),
        reason: Some("the hub accepted the enrolment token".to_owned()),
        details: Some(json!({
            "hub_url": enrolment.hub_url,
            "hub_key_id": hub_key_id,
            "client_id": enrolment.client_id,
        })),
    };
    audit::record_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;
    Ok(())
}
