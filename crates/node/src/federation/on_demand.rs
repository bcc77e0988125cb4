//! Fetching the trust list before its schedule, when the node meets a peer or an e-seal that
//! its cached list does not contain: a node or seal enrolled after the last fetch is then
//! trusted within seconds instead of at the next scheduled fetch.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::Mutex;
use tongban_services::certificates::{self, CertificateError, NodeVerification};
use tongban_services::federation::TrustListUpdate;

use super::refresh::refresh_trust_list;
use crate::NodeState;

/// Least time between two fetches on demand. Anyone can submit a certificate to `/verify`, so
/// this bounds how often the public pages can make the node call the hub. Each instance keeps
/// its own time, so a node of N instances calls the hub at most N times per interval.
const MIN_INTERVAL: Duration = Duration::from_secs(5);

/// The time of the last fetch on demand, shared by the node's handlers.
#[derive(Debug, Clone, Default)]
pub struct OnDemandRefresh {
    last_fetch: Arc<Mutex<Option<Instant>>>,
}

impl OnDemandRefresh {
    /// Fetches the trust list now unless a fetch on demand ran within the last five seconds.
    /// Returns true when the cached list may have changed since `since`: this call stored a
    /// newer list, or another caller fetched after `since` while this one waited.
    pub async fn refresh(&self, state: &NodeState, since: Instant) -> bool {
        let mut last_fetch = self.last_fetch.lock().await;
        if let Some(at) = *last_fetch {
            if at >= since {
                return true;
            }
            if at.elapsed() < MIN_INTERVAL {
                return false;
            }
        }
        *last_fetch = Some(Instant::now());

        match refresh_trust_list(state).await {
            Ok(TrustListUpdate::Stored { sequence, .. }) => {
                tracing::info!(sequence, "trust list fetched on demand");
                true
            }
            Ok(_) => false,
            Err(error) => {
                tracing::warn!(%error, "fetching the trust list on demand failed");
                false
            }
        }
    }

    /// Starts a fetch in the background, for a caller that cannot wait for it: the inbox,
    /// whose sender tries again anyway.
    pub fn refresh_in_background(&self, state: &NodeState) {
        let (this, state, since) = (self.clone(), state.clone(), Instant::now());
        tokio::spawn(async move {
            this.refresh(&state, since).await;
        });
    }
}

/// Verifies a certificate at the node, and once more after fetching the trust list when the
/// cached list does not contain the certificate's e-seal.
///
/// # Errors
/// What [`certificates::verify_at_node`] returns.
pub async fn verify_with_fresh_seals(
    state: &NodeState,
    input: &str,
    now: DateTime<Utc>,
) -> Result<NodeVerification, CertificateError> {
    let since = Instant::now();
    let outcome = certificates::verify_at_node(&state.store, input, now).await?;
    if outcome.code() != "unknown-seal" {
        return Ok(outcome);
    }
    if state.trust_list_on_demand.refresh(state, since).await {
        return certificates::verify_at_node(&state.store, input, now).await;
    }
    Ok(outcome)
}
