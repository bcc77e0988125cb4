//! A node's copy of the hub's trust list: accepting a fetched list, and lookups in the cached
//! list while it is valid, also when the hub cannot be reached.

use chrono::{DateTime, Utc};
use serde_json::json;
use tongban_crypto::PublicKey;
use tongban_crypto::trust_list::{SignedTrustList, TrustList, TrustListError, TrustedNode};
use tongban_store::Store;
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::trust_list_cache::{self, CachedTrustList};

use super::FederationError;

/// The outcome of accepting a fetched list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustListUpdate {
    /// The list is newer than the cached one and replaced it.
    Stored {
        /// Its sequence.
        sequence: i64,
        /// When it stops being valid.
        valid_until: DateTime<Utc>,
    },
    /// The node has this list already.
    Unchanged {
        /// Its sequence.
        sequence: i64,
    },
}

/// The state of the node's cached trust list, as `/healthz` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustListStatus {
    /// A list is cached and valid.
    Valid,
    /// The cached list is past its `valid_until`, so the node has no list to go by.
    Expired,
    /// No list was ever fetched.
    Missing,
}

impl TrustListStatus {
    /// Returns `valid`, `expired` or `missing`.
    pub fn as_str(self) -> &'static str {
        match self {
            TrustListStatus::Valid => "valid",
            TrustListStatus::Expired => "expired",
            TrustListStatus::Missing => "missing",
        }
    }
}

/// Checks `document`, a signed trust list as fetched from the hub, against `hub_key` and
/// caches it at `now` if it is newer than the cached list.
///
/// # Errors
/// [`FederationError::TrustList`] when the document is not a signed trust list or its
/// signature or key does not match, [`FederationError::TrustListExpired`] for a list past its
/// validity, [`FederationError::TrustListStale`] for a list older than the cached one, and
/// [`FederationError::Store`] when the database fails.
pub async fn accept_trust_list(
    store: &Store,
    hub_key: &PublicKey,
    document: &str,
    now: DateTime<Utc>,
) -> Result<TrustListUpdate, FederationError> {
    let signed: SignedTrustList = serde_json::from_str(document)
        .map_err(|error| TrustListError::Malformed(error.to_string()))?;
    let list = signed.verify(hub_key)?;
    if !list.is_valid_at(now) {
        return Err(FederationError::TrustListExpired {
            valid_until: list.valid_until,
        });
    }
    let sequence = i64::try_from(list.sequence).map_err(|_| {
        TrustListError::Malformed(format!("sequence {} is too large", list.sequence))
    })?;
    if let Some(cached) = trust_list_cache::load_cached(store.pool()).await? {
        check_not_older(sequence, cached.sequence)?;
        if sequence == cached.sequence {
            return Ok(TrustListUpdate::Unchanged { sequence });
        }
    }

    let cached = CachedTrustList {
        sequence,
        issued_at: list.issued_at,
        valid_until: list.valid_until,
        fetched_at: now,
        document: document.to_owned(),
    };
    let mut transaction = store.begin().await?;
    let stored = trust_list_cache::save_if_newer(&mut *transaction, &cached).await?;
    if stored {
        let event = NewAuditEvent {
            occurred_at: now,
            actor: "system:trust-list-refresh".to_owned(),
            action: "federation.accept_trust_list".to_owned(),
            subject: format!("trust_list/{sequence}"),
            reason: Some("fetched from the hub with a valid signature".to_owned()),
            details: Some(json!({
                "issuer": list.issuer,
                "key_id": signed.key_id,
                "issued_at": list.issued_at.to_rfc3339(),
                "valid_until": list.valid_until.to_rfc3339(),
                "nodes": list.nodes.iter().map(|node| node.id.as_str()).collect::<Vec<_>>(),
            })),
        };
        audit::record_event(&mut *transaction, &event).await?;
    }
    tongban_store::commit(transaction).await?;

    if stored {
        return Ok(TrustListUpdate::Stored {
            sequence,
            valid_until: list.valid_until,
        });
    }
    // Another instance of this node stored a list between our read and our write.
    if let Some(cached) = trust_list_cache::load_cached(store.pool()).await? {
        check_not_older(sequence, cached.sequence)?;
    }
    Ok(TrustListUpdate::Unchanged { sequence })
}

fn check_not_older(received: i64, cached: i64) -> Result<(), FederationError> {
    if received < cached {
        return Err(FederationError::TrustListStale { received, cached });
    }
    Ok(())
}

/// Returns the cached trust list if it is valid at `at`. An expired list counts as none.
///
/// The list was verified before it was cached, so it is read here without checking the
/// signature again.
///
/// # Errors
/// [`FederationError::InvalidStored`] when the cached document cannot be read, and
/// [`FederationError::Store`] when the database fails.
pub async fn cached_trust_list(
    store: &Store,
    at: DateTime<Utc>,
) -> Result<Option<TrustList>, FederationError> {
    let Some(cached) = trust_list_cache::load_cached(store.pool()).await? else {
        return Ok(None);
    };
    if at >= cached.valid_until {
        return Ok(None);
    }
    let invalid = |detail: String| FederationError::InvalidStored {
        what: "cached trust list",
        detail,
    };
    let signed: SignedTrustList =
        serde_json::from_str(&cached.document).map_err(|error| invalid(error.to_string()))?;
    let list: TrustList =
        serde_json::from_value(signed.list).map_err(|error| invalid(error.to_string()))?;
    Ok(Some(list))
}

/// Returns node `node_id` as the cached trust list describes it, if the list is valid at
/// `at` and has the node. The passage uses it to find a peer's endpoint and keys.
///
/// # Errors
/// As [`cached_trust_list`].
pub async fn trusted_node(
    store: &Store,
    node_id: &str,
    at: DateTime<Utc>,
) -> Result<Option<TrustedNode>, FederationError> {
    let list = cached_trust_list(store, at).await?;
    Ok(list.and_then(|list| list.nodes.into_iter().find(|node| node.id == node_id)))
}

/// Returns whether the cached trust list is valid, expired or missing at `at`.
///
/// # Errors
/// [`FederationError::Store`] when the database fails.
pub async fn trust_list_status(
    store: &Store,
    at: DateTime<Utc>,
) -> Result<TrustListStatus, FederationError> {
    Ok(match trust_list_cache::load_cached(store.pool()).await? {
        None => TrustListStatus::Missing,
        Some(cached) if at < cached.valid_until => TrustListStatus::Valid,
        Some(_) => TrustListStatus::Expired,
    })
}
