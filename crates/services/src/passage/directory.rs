//! Who may send and where to deliver: at the hub the node registry, at a node the cached
//! trust list and the hub saved at enrolment. Read from the database at most once per
//! `directory_ttl`, so a revocation or a new trust list takes effect within that time.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::Mutex;
use tongban_crypto::PublicKey;
use tongban_crypto::envelope::{SenderKey, SenderStatus};
use tongban_store::enrolment;
use tongban_store::nodes::{self, NodeStatus};

use super::{Passage, PassageError, Role};
use crate::federation;

/// The hub as a node knows it.
#[derive(Debug, Clone)]
pub(super) struct HubLink {
    /// The URL the node enrolled at.
    pub url: String,
    /// The hub key saved at enrolment.
    pub key: PublicKey,
}

/// A snapshot of the senders and endpoints.
#[derive(Debug)]
pub(super) struct Directory {
    loaded_at: Instant,
    senders: HashMap<String, SenderStatus>,
    endpoints: HashMap<String, String>,
    /// At a node: the hub, when the node has enrolled.
    pub hub: Option<HubLink>,
    /// At a node: whether a valid trust list is cached.
    pub trust_list_valid: bool,
}

impl Directory {
    /// Returns what is known of `sender`.
    pub fn sender(&self, sender: &str) -> SenderStatus {
        self.senders
            .get(sender)
            .cloned()
            .unwrap_or(SenderStatus::Unknown)
    }

    /// Returns the endpoint of the active node `node_id`.
    pub fn endpoint(&self, node_id: &str) -> Option<&str> {
        self.endpoints.get(node_id).map(String::as_str)
    }
}

/// The snapshot in use and the lock that lets one task at a time replace it.
#[derive(Debug)]
pub(super) struct DirectoryCache {
    ttl: Duration,
    current: RwLock<Option<Arc<Directory>>>,
    reload: Mutex<()>,
}

impl DirectoryCache {
    pub fn new(ttl: Duration) -> DirectoryCache {
        DirectoryCache {
            ttl,
            current: RwLock::new(None),
            reload: Mutex::new(()),
        }
    }

    /// Returns a snapshot no older than the TTL, reading the database when needed.
    pub async fn get(&self, passage: &Passage) -> Result<Arc<Directory>, PassageError> {
        if let Some(fresh) = self.fresh() {
            return Ok(fresh);
        }
        let _only_one = self.reload.lock().await;
        if let Some(fresh) = self.fresh() {
            return Ok(fresh);
        }
        let loaded = Arc::new(load(passage, Utc::now()).await?);
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Some(loaded.clone());
        Ok(loaded)
    }

    fn fresh(&self) -> Option<Arc<Directory>> {
        let current = self.current.read().unwrap_or_else(PoisonError::into_inner);
        current
            .as_ref()
            .filter(|directory| directory.loaded_at.elapsed() < self.ttl)
            .cloned()
    }
}

async fn load(passage: &Passage, now: DateTime<Utc>) -> Result<Directory, PassageError> {
    match passage.role() {
        Role::Hub => load_registry(passage).await,
        Role::Node => load_trust_list(passage, now).await,
    }
}

/// The hub's view: every node of the registry, revoked ones as revoked.
async fn load_registry(passage: &Passage) -> Result<Directory, PassageError> {
    let store = passage.store();
    let registered = nodes::list_nodes(store.pool()).await?;
    let keys = nodes::list_keys(store.pool()).await?;
    let mut senders = HashMap::new();
    let mut endpoints = HashMap::new();
    for node in registered {
        if node.status == NodeStatus::Revoked {
            senders.insert(node.node_id, SenderStatus::Revoked);
            continue;
        }
        let own_keys = keys
            .iter()
            .filter(|key| key.node_id == node.node_id)
            .filter_map(|key| {
                sender_key(
                    &node.node_id,
                    &key.key_id,
                    &key.public_key,
                    key.valid_from,
                    key.valid_until,
                )
            })
            .collect();
        endpoints.insert(node.node_id.clone(), node.endpoint);
        senders.insert(node.node_id, SenderStatus::Active(own_keys));
    }
    Ok(Directory {
        loaded_at: Instant::now(),
        senders,
        endpoints,
        hub: None,
        trust_list_valid: true,
    })
}

/// A node's view: the nodes of its cached trust list while the list is valid, and the hub,
/// which signs with the key saved at enrolment.
async fn load_trust_list(passage: &Passage, now: DateTime<Utc>) -> Result<Directory, PassageError> {
    let store = passage.store();
    let mut senders = HashMap::new();
    let mut endpoints = HashMap::new();
    let Some(enrolment) = enrolment::load_enrolment(store.pool()).await? else {
        return Ok(Directory {
            loaded_at: Instant::now(),
            senders,
            endpoints,
            hub: None,
            trust_list_valid: false,
        });
    };
    let hub_key = PublicKey::from_hex(&enrolment.hub_public_key).map_err(|error| {
        PassageError::InvalidStored {
            what: "hub public key",
            detail: error.to_string(),
        }
    })?;
    let list = federation::cached_trust_list(store, now)
        .await
        .map_err(|error| PassageError::InvalidStored {
            what: "cached trust list",
            detail: error.to_string(),
        })?;
    let trust_list_valid = list.is_some();
    if let Some(list) = list {
        for node in list.nodes {
            let keys = node
                .keys
                .iter()
                .filter_map(|key| {
                    sender_key(
                        &node.id,
                        &key.key_id,
                        &key.public_key,
                        key.valid_from,
                        key.valid_until,
                    )
                })
                .collect();
            endpoints.insert(node.id.clone(), node.endpoint);
            senders.insert(node.id, SenderStatus::Active(keys));
        }
        // The hub seals its own messages with the key it signs trust lists with.
        senders.insert(
            list.issuer,
            SenderStatus::Active(vec![SenderKey {
                public_key: hub_key.clone(),
                valid_from: DateTime::<Utc>::MIN_UTC,
                valid_until: None,
            }]),
        );
    }
    Ok(Directory {
        loaded_at: Instant::now(),
        senders,
        endpoints,
        hub: Some(HubLink {
            url: enrolment.hub_url,
            key: hub_key,
        }),
        trust_list_valid,
    })
}

/// Parses a listed key, leaving out one whose text is not a key or whose id does not match,
/// with a warning: signatures by it are then rejected as made with an unknown key.
fn sender_key(
    node_id: &str,
    key_id: &str,
    public_key: &str,
    valid_from: DateTime<Utc>,
    valid_until: Option<DateTime<Utc>>,
) -> Option<SenderKey> {
    match PublicKey::from_hex(public_key) {
        Ok(parsed) if parsed.key_id().as_str() == key_id => Some(SenderKey {
            public_key: parsed,
            valid_from,
            valid_until,
        }),
        Ok(parsed) => {
            tracing::warn!(%node_id, %key_id, computed = %parsed.key_id(),
                "a listed key does not match its key id and is ignored");
            None
        }
        Err(error) => {
            tracing::warn!(%node_id, %key_id, %error, "a listed key is invalid and is ignored");
            None
        }
    }
}
