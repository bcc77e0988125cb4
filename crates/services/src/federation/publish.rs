//! The hub's signed trust list: built from the registry, signed when it changed or half its
//! validity has passed, and stored so every hub instance serves the same document.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;
use serde_json::json;
use tongban_crypto::SigningKey;
use tongban_crypto::seal::{RevokedSeal, SignedSealCertificate};
use tongban_crypto::trust_list::{NodeNames, SignedTrustList, TrustList, TrustedKey, TrustedNode};
use tongban_store::Store;
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::nodes::NodeStatus;
use tongban_store::seal_certificates;
use tongban_store::trust_lists::{self, StoredTrustList};

use super::FederationError;

/// The actor recorded when the hub signs a trust list by itself.
const SIGNER_ACTOR: &str = "system:trust-list";

/// Returns the trust list to serve at `now`, signing a new one with `signer` first when the
/// registry or the seal certificates and revocations changed since the newest stored list, half of that list's validity has passed,
/// or there is none. A new list has the next sequence number and is valid for `validity`.
///
/// Hub instances that share the database serve the same list: each new sequence number is
/// stored once, and an instance that loses the race serves the winner's list.
///
/// # Errors
/// [`FederationError::HubKeyChanged`] when the newest list was signed with another key than
/// `signer`, [`FederationError::Invalid`] for a validity under a second or beyond the range of
/// dates, and [`FederationError::Store`] when the database fails.
pub async fn current_trust_list(
    store: &Store,
    signer: &SigningKey,
    issuer: &str,
    validity: Duration,
    now: DateTime<Utc>,
) -> Result<StoredTrustList, FederationError> {
    let now = super::now_millis(now);
    let valid_until = TimeDelta::from_std(validity)
        .ok()
        .filter(|validity| *validity >= TimeDelta::seconds(1))
        .and_then(|validity| now.checked_add_signed(validity))
        .ok_or_else(|| {
            FederationError::Invalid(crate::fields::single(
                "trust_list_validity",
                tongban_i18n::Message::new("federation-rule-validity"),
            ))
        })?;
    let listed = listed_nodes(store, now).await?;
    let seals = listed_seals(store).await?;
    let digest = registry_digest(&listed, &seals)?;

    let latest = trust_lists::latest_trust_list(store.pool()).await?;
    if let Some(latest) = &latest {
        check_same_key(latest, signer)?;
        let fresh = now < latest.issued_at + (latest.valid_until - latest.issued_at) / 2;
        if latest.nodes_digest == digest && fresh {
            return Ok(latest.clone());
        }
    }

    let sequence = latest.as_ref().map_or(1, |latest| latest.sequence + 1);
    let stored = sign(
        signer,
        issuer,
        sequence,
        (now, valid_until),
        listed,
        seals,
        digest,
    )?;
    let mut transaction = store.begin().await?;
    let inserted = trust_lists::insert_trust_list(&mut *transaction, &stored).await?;
    if inserted {
        let event = NewAuditEvent {
            occurred_at: now,
            actor: SIGNER_ACTOR.to_owned(),
            action: "federation.sign_trust_list".to_owned(),
            subject: format!("trust_list/{sequence}"),
            reason: Some(
                match &latest {
                    None => "first trust list",
                    Some(latest) if latest.nodes_digest != stored.nodes_digest => {
                        "the node registry or the seals changed"
                    }
                    Some(_) => "half of the validity of the previous list passed",
                }
                .to_owned(),
            ),
            details: Some(json!({
                "key_id": stored.key_id,
                "valid_until": stored.valid_until.to_rfc3339(),
                "nodes_digest": stored.nodes_digest,
            })),
        };
        audit::record_event(&mut *transaction, &event).await?;
    }
    tongban_store::commit(transaction).await?;

    if inserted {
        tracing::info!(sequence, valid_until = %stored.valid_until, "trust list signed");
        return Ok(stored);
    }
    // Another hub instance stored this sequence first; its list is as new as ours.
    let winner = trust_lists::latest_trust_list(store.pool()).await?;
    winner.ok_or_else(|| FederationError::InvalidStored {
        what: "trust list",
        detail: format!("sequence {sequence} was taken but no list is stored"),
    })
}

/// Checks that this hub instance signs with the key of the stored trust lists, so a hub
/// started with a fresh or foreign key file fails at start-up instead of publishing lists
/// that every enrolled node rejects.
///
/// # Errors
/// [`FederationError::HubKeyChanged`] when the keys differ, [`FederationError::Store`] when
/// the database fails.
pub async fn check_signing_key(store: &Store, signer: &SigningKey) -> Result<(), FederationError> {
    match trust_lists::latest_trust_list(store.pool()).await? {
        Some(latest) => check_same_key(&latest, signer),
        None => Ok(()),
    }
}

fn check_same_key(latest: &StoredTrustList, signer: &SigningKey) -> Result<(), FederationError> {
    if latest.key_id == signer.key_id().as_str() {
        Ok(())
    } else {
        Err(FederationError::HubKeyChanged {
            stored: latest.key_id.clone(),
            current: signer.key_id().to_string(),
        })
    }
}

/// Returns the active nodes with the keys valid at `now` or later, ordered by node id.
async fn listed_nodes(
    store: &Store,
    now: DateTime<Utc>,
) -> Result<Vec<TrustedNode>, FederationError> {
    let entries = super::registry::list_nodes(store).await?;
    Ok(entries
        .into_iter()
        .filter(|entry| entry.node.status == NodeStatus::Active)
        .map(|entry| TrustedNode {
            id: entry.node.node_id,
            kind: entry.node.kind,
            division_code: entry.node.division_code,
            names: NodeNames {
                zh_cn: entry.node.name_zh,
                en: entry.node.name_en,
            },
            endpoint: entry.node.endpoint,
            keys: entry
                .keys
                .into_iter()
                .filter(|key| key.valid_until.is_none_or(|until| until > now))
                .map(|key| TrustedKey {
                    key_id: key.key_id,
                    public_key: key.public_key,
                    valid_from: key.valid_from,
                    valid_until: key.valid_until,
                })
                .collect(),
        })
        .collect())
}

/// The seal certificates and revocations a trust list carries.
#[derive(Debug, Default, Serialize)]
struct ListedSeals {
    seals: Vec<SignedSealCertificate>,
    revoked_seals: Vec<RevokedSeal>,
}

/// Returns every seal certificate the hub issued, revoked and expired ones included, and the
/// revocations, ordered by serial.
async fn listed_seals(store: &Store) -> Result<ListedSeals, FederationError> {
    let mut listed = ListedSeals::default();
    for seal in seal_certificates::list_seal_certificates(store.pool()).await? {
        listed.seals.push(super::seals::read_document(&seal)?);
        if let Some(revocation) = &seal.revocation {
            listed.revoked_seals.push(RevokedSeal {
                serial: seal.serial.clone(),
                revoked_at: revocation.revoked_at,
            });
        }
    }
    Ok(listed)
}

/// Returns the digest that decides whether the list must be signed again. Without seals it is
/// the digest of the nodes alone, as it was before lists carried seals, so a hub without seals
/// keeps serving the list it stored.
fn registry_digest(nodes: &[TrustedNode], seals: &ListedSeals) -> Result<String, FederationError> {
    let digest = if seals.seals.is_empty() && seals.revoked_seals.is_empty() {
        tongban_crypto::sm3_of_json(&nodes)
    } else {
        tongban_crypto::sm3_of_json(&json!({ "nodes": nodes, "seals": seals }))
    };
    digest.map_err(|error| FederationError::InvalidStored {
        what: "node registry",
        detail: error.to_string(),
    })
}

fn sign(
    signer: &SigningKey,
    issuer: &str,
    sequence: i64,
    (issued_at, valid_until): (DateTime<Utc>, DateTime<Utc>),
    nodes: Vec<TrustedNode>,
    seals: ListedSeals,
    nodes_digest: String,
) -> Result<StoredTrustList, FederationError> {
    let invalid = |detail: String| FederationError::InvalidStored {
        what: "trust list",
        detail,
    };
    let list = TrustList {
        issuer: issuer.to_owned(),
        sequence: u64::try_from(sequence).map_err(|error| invalid(error.to_string()))?,
        issued_at,
        valid_until,
        nodes,
        seals: seals.seals,
        revoked_seals: seals.revoked_seals,
    };
    let signed =
        SignedTrustList::sign(&list, signer).map_err(|error| invalid(error.to_string()))?;
    let document = serde_json::to_string(&signed).map_err(|error| invalid(error.to_string()))?;
    Ok(StoredTrustList {
        sequence,
        issued_at,
        valid_until,
        key_id: signed.key_id,
        nodes_digest,
        document,
    })
}
