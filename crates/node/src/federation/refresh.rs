//! Fetching the hub's trust list every `trust_list_refresh_seconds`, verifying it with the
//! hub key saved at enrolment, and caching it. A node that has not enrolled yet enrols first.

use std::time::Duration;

use chrono::Utc;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tongban_crypto::{KeyError, PublicKey};
use tongban_services::federation::{self, FederationError, TrustListStatus, TrustListUpdate};
use tongban_store::StoreError;
use tongban_store::enrolment;

use super::client::{self, HubRejection};
use super::enrol;
use crate::NodeState;

/// Largest trust list accepted, in bytes: far above what thousands of nodes need, and a bound
/// on what a misbehaving server can make the node hold.
const MAX_TRUST_LIST_BYTES: usize = 8 * 1024 * 1024;

/// A failed fetch is logged as a warning the first time and then every this many times, so a
/// hub that is down for a day does not flood the log.
const WARN_EVERY_FAILURES: u32 = 10;

/// The failure to fetch or accept the trust list.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RefreshError {
    /// The node has not enrolled, so it has no hub key to verify with.
    #[error("the node has not enrolled with the hub")]
    NotEnrolled,
    /// The hub key saved at enrolment cannot be read.
    #[error("the hub public key saved at enrolment is invalid: {0}")]
    HubKey(#[from] KeyError),
    /// The hub could not be reached or did not respond in time.
    #[error("cannot reach the hub at {url}: {source}")]
    Unreachable {
        /// The URL called.
        url: String,
        /// The cause.
        source: reqwest::Error,
    },
    /// The hub responded with an error.
    #[error("the hub answered the trust list request with status {} ({}): {}", .0.status, .0.code, .0.message)]
    Rejected(HubRejection),
    /// The list is larger than the node accepts.
    #[error("the trust list has more than {MAX_TRUST_LIST_BYTES} bytes")]
    TooLarge,
    /// The list failed verification, is expired, is older than the cached one, or could not
    /// be stored.
    #[error(transparent)]
    Federation(#[from] FederationError),
    /// Reading the enrolment failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Fetches the trust list from the hub once, verifies it with the hub key saved at
/// enrolment, and caches it if it is newer than the cached list.
///
/// # Errors
/// [`RefreshError::NotEnrolled`] before enrolment, [`RefreshError::Unreachable`],
/// [`RefreshError::Rejected`] or [`RefreshError::TooLarge`] when the fetch fails, and
/// [`RefreshError::Federation`] when the list is rejected: a bad signature, another key, an
/// expired list or a lower sequence than the cached one.
pub async fn refresh_trust_list(state: &NodeState) -> Result<TrustListUpdate, RefreshError> {
    let enrolment = enrolment::load_enrolment(state.store.pool())
        .await?
        .ok_or(RefreshError::NotEnrolled)?;
    let hub_key = PublicKey::from_hex(&enrolment.hub_public_key)?;
    let url = format!("{}/api/federation/trust-list", enrolment.hub_url);
    let unreachable = |source| RefreshError::Unreachable {
        url: url.clone(),
        source,
    };

    let http = client::http_client().map_err(unreachable)?;
    let response = http.get(&url).send().await.map_err(unreachable)?;
    if !response.status().is_success() {
        return Err(RefreshError::Rejected(client::rejection(response).await));
    }
    if response
        .content_length()
        .is_some_and(|length| length > MAX_TRUST_LIST_BYTES as u64)
    {
        return Err(RefreshError::TooLarge);
    }
    let body = response.bytes().await.map_err(unreachable)?;
    if body.len() > MAX_TRUST_LIST_BYTES {
        return Err(RefreshError::TooLarge);
    }
    let document = String::from_utf8_lossy(&body);

    let now = Utc::now();
    let update = federation::accept_trust_list(&state.store, &hub_key, &document, now).await?;
    if let TrustListUpdate::Stored { sequence, .. } = update
        && federation::trusted_node(&state.store, &state.settings.id, now)
            .await?
            .is_none()
    {
        tracing::warn!(
            sequence,
            node_id = %state.settings.id,
            "the hub's trust list does not list this node; it may have been revoked"
        );
    }
    Ok(update)
}

/// Spawns the task that enrols the node if needed and then fetches the trust list every
/// `trust_list_refresh_seconds`, starting at once, until `stop` turns true or its sender is
/// dropped. The node keeps using its cached list while the hub is unreachable, until the
/// list's `valid_until`. The task logs when the list expires and when a valid one returns.
///
/// Every instance of a node runs this task. Instances sharing a database fetch the list each
/// on their own schedule, and a list is stored only when its sequence is higher than the
/// cached one, so no instance replaces a newer list with an older one.
pub fn spawn_trust_list_refresh(state: NodeState, stop: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(refresh_until_stopped(state, stop))
}

async fn refresh_until_stopped(state: NodeState, mut stop: watch::Receiver<bool>) {
    let period = Duration::from_secs(state.settings.trust_list_refresh_seconds.max(1));
    let mut interval = tokio::time::interval(period);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut progress = Progress::default();
    loop {
        if *stop.borrow() {
            return;
        }
        tokio::select! {
            _ = interval.tick() => {}
            changed = stop.changed() => {
                if changed.is_err() || *stop.borrow() {
                    return;
                }
                continue;
            }
        }
        // A fetch can wait for the hub's timeout; a stop signal does not wait for it. A
        // transaction cut off this way is rolled back.
        tokio::select! {
            () = run_once(&state, &mut progress) => {}
            _ = stop.changed() => return,
        }
    }
}

/// The state the task keeps between runs, to log changes rather than repeats.
#[derive(Debug, Default)]
struct Progress {
    enrolment_abandoned: bool,
    missing_token_logged: bool,
    failures: u32,
    status: Option<TrustListStatus>,
}

async fn run_once(state: &NodeState, progress: &mut Progress) {
    match enrolment::load_enrolment(state.store.pool()).await {
        Ok(Some(_)) => {
            fetch(state, progress).await;
            certify(state, progress).await;
        }
        Ok(None) => try_enrol(state, progress).await,
        Err(error) => tracing::warn!(%error, "cannot read the enrolment"),
    }
    log_status_change(state, progress).await;
}

async fn try_enrol(state: &NodeState, progress: &mut Progress) {
    if progress.enrolment_abandoned {
        return;
    }
    if state.settings.enrolment_token.is_none() {
        if !progress.missing_token_logged {
            tracing::warn!("{}", enrol::EnrolError::NoToken);
            progress.missing_token_logged = true;
        }
        return;
    }
    match enrol::enrol(state).await {
        Ok(_) => {
            fetch(state, progress).await;
            certify(state, progress).await;
        }
        Err(error) if error.is_permanent() => {
            tracing::error!(%error, "enrolment failed and is not tried again until restart");
            progress.enrolment_abandoned = true;
        }
        Err(error) => tracing::warn!(%error, "enrolment failed; trying again"),
    }
}

async fn fetch(state: &NodeState, progress: &mut Progress) {
    match refresh_trust_list(state).await {
        Ok(update) => {
            if progress.failures > 0 {
                tracing::info!(
                    failures = progress.failures,
                    "the trust list can be fetched again"
                );
            }
            progress.failures = 0;
            match update {
                TrustListUpdate::Stored {
                    sequence,
                    valid_until,
                } => tracing::info!(sequence, %valid_until, "trust list updated"),
                TrustListUpdate::Unchanged { sequence } => {
                    tracing::debug!(sequence, "trust list unchanged");
                }
            }
        }
        Err(error) => {
            progress.failures = progress.failures.saturating_add(1);
            if progress.failures == 1 || progress.failures.is_multiple_of(WARN_EVERY_FAILURES) {
                tracing::warn!(%error, failures = progress.failures, "fetching the trust list failed");
            } else {
                tracing::debug!(%error, failures = progress.failures, "fetching the trust list failed");
            }
        }
    }
}

/// Has new seal keys certified and, when the hub certified one, fetches the trust list again
/// so the node verifies its own certificates at once.
async fn certify(state: &NodeState, progress: &mut Progress) {
    match super::seals::certify_seals(state).await {
        Ok(0) => {}
        Ok(stored) => {
            tracing::info!(stored, "seal certificates stored");
            fetch(state, progress).await;
        }
        Err(error) => tracing::warn!(%error, "certifying the seals failed; trying again later"),
    }
}

async fn log_status_change(state: &NodeState, progress: &mut Progress) {
    let status = match federation::trust_list_status(&state.store, Utc::now()).await {
        Ok(status) => status,
        Err(error) => {
            tracing::warn!(%error, "cannot read the cached trust list");
            return;
        }
    };
    if progress.status == Some(status) {
        return;
    }
    match status {
        TrustListStatus::Expired => tracing::warn!(
            "the cached trust list expired and the hub has not sent a newer one; \
             the node trusts no peer until it does"
        ),
        TrustListStatus::Valid => tracing::info!("a valid trust list is cached"),
        TrustListStatus::Missing => tracing::debug!("no trust list cached yet"),
    }
    progress.status = Some(status);
}
