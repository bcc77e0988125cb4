//! The hub's node registry as operators see it: listing and revoking nodes.

use chrono::Utc;
use serde_json::json;
use tongban_store::Store;
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::enrolment_tokens;
use tongban_store::nodes::{self, NodeKey, RegisteredNode};

use super::FederationError;
use crate::oidc_clients;

/// A node with its keys, current and past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeEntry {
    /// The node.
    pub node: RegisteredNode,
    /// Its keys, oldest first.
    pub keys: Vec<NodeKey>,
}

/// The outcome of revoking a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revocation {
    /// The node was active and is revoked now.
    Revoked {
        /// Unused enrolment tokens of the node that were cancelled with it.
        cancelled_tokens: u64,
    },
    /// The node was revoked before; nothing changed.
    AlreadyRevoked,
}

/// Returns every node of the registry, active and revoked, ordered by id, with its keys.
///
/// # Errors
/// [`FederationError::Store`] when the database fails.
pub async fn list_nodes(store: &Store) -> Result<Vec<NodeEntry>, FederationError> {
    let registered = nodes::list_nodes(store.pool()).await?;
    let mut keys = nodes::list_keys(store.pool()).await?;
    Ok(registered
        .into_iter()
        .map(|node| {
            let (own, rest): (Vec<NodeKey>, Vec<NodeKey>) =
                keys.drain(..).partition(|key| key.node_id == node.node_id);
            keys = rest;
            NodeEntry { node, keys: own }
        })
        .collect())
}

/// Revokes node `node_id` on behalf of `actor` for `reason`. The node leaves the next trust
/// list, and its OIDC client is revoked so its logins stop. Its unused enrolment tokens are
/// cancelled, so it cannot enrol again without a new token. Everything commits together with
/// its audit events.
///
/// # Errors
/// [`FederationError::NodeNotFound`] when the registry has no such node,
/// [`FederationError::Invalid`] for a blank reason, and [`FederationError::Store`] or
/// [`FederationError::Service`] when the database fails.
pub async fn revoke_node(
    store: &Store,
    node_id: &str,
    reason: &str,
    actor: &str,
) -> Result<Revocation, FederationError> {
    if reason.trim().is_empty() {
        return Err(FederationError::Invalid(crate::fields::single(
            "reason",
            tongban_i18n::Message::new("federation-rule-required").arg("field", "reason"),
        )));
    }
    let now = super::now_millis(Utc::now());
    let mut transaction = store.begin().await?;
    let revoked = nodes::revoke_node(&mut *transaction, node_id, reason, now).await?;
    if !revoked {
        return match nodes::find_node(&mut *transaction, node_id).await? {
            Some(_) => Ok(Revocation::AlreadyRevoked),
            None => Err(FederationError::NodeNotFound {
                node_id: node_id.to_owned(),
            }),
        };
    }
    let cancelled_tokens =
        enrolment_tokens::cancel_tokens_of_node(&mut *transaction, node_id, now).await?;
    let client_revoked =
        oidc_clients::revoke_client_in(&mut transaction, node_id, actor, reason, now).await?;
    let event = NewAuditEvent {
        occurred_at: now,
        actor: actor.to_owned(),
        action: "federation.revoke_node".to_owned(),
        subject: format!("node/{node_id}"),
        reason: Some(reason.to_owned()),
        details: Some(json!({
            "cancelled_tokens": cancelled_tokens,
            "oidc_client_revoked": client_revoked,
        })),
    };
    audit::record_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;

    tracing::info!(%node_id, cancelled_tokens, "node revoked");
    Ok(Revocation::Revoked { cancelled_tokens })
}
