//! Certifying the departments' e-seals: the node creates a seal key for every department whose
//! implementations issue certificates and sends each uncertified key to the hub,
//! `POST <hub_url>/api/federation/seals`, with a request signed by the node's key.

use chrono::Utc;
use tongban_crypto::PublicKey;
use tongban_crypto::seal::SignedSealCertificate;
use tongban_services::certificates::{self, CertificateError};
use tongban_store::StoreError;
use tongban_store::enrolment;

use super::client::{self, HubRejection};
use crate::NodeState;

/// The failure to have the seals certified.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SealSyncError {
    /// The node has not enrolled with the hub.
    #[error("the node has not enrolled with the hub")]
    NotEnrolled,
    /// The hub could not be reached or did not respond in time.
    #[error("cannot reach the hub at {url}: {source}")]
    Unreachable {
        /// The URL called.
        url: String,
        /// The cause.
        source: reqwest::Error,
    },
    /// The hub rejected a request.
    #[error("the hub rejected the seal of {department_code} with status {} ({}): {}", .rejection.status, .rejection.code, .rejection.message)]
    Rejected {
        /// Credit code of the department.
        department_code: String,
        /// The hub's error.
        rejection: HubRejection,
    },
    /// The hub's key in the enrolment cannot be read.
    #[error("the stored hub key is invalid: {0}")]
    HubKey(String),
    /// Preparing a key, signing a request or storing the certificate failed.
    #[error(transparent)]
    Certificate(#[from] CertificateError),
    /// Reading the enrolment failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Prepares the seal keys and has every uncertified one certified by the hub. Returns the
/// number of certificates stored.
///
/// # Errors
/// The first [`SealSyncError`]; certificates stored before it stay stored.
pub async fn certify_seals(state: &NodeState) -> Result<usize, SealSyncError> {
    let now = Utc::now();
    let enrolment = enrolment::load_enrolment(state.store.pool())
        .await?
        .ok_or(SealSyncError::NotEnrolled)?;
    let hub_key = PublicKey::from_hex(&enrolment.hub_public_key)
        .map_err(|error| SealSyncError::HubKey(error.to_string()))?;
    certificates::prepare_department_seals(&state.store, &state.settings.data_dir, now).await?;
    let pending = certificates::pending_seal_requests(
        &state.store,
        &state.settings.id,
        &state.signing_key,
        now,
    )
    .await?;
    if pending.is_empty() {
        return Ok(0);
    }

    let url = format!("{}/api/federation/seals", enrolment.hub_url);
    let unreachable = |source| SealSyncError::Unreachable {
        url: url.clone(),
        source,
    };
    let http = client::http_client().map_err(unreachable)?;
    let mut stored = 0;
    for seal in &pending {
        let response = http
            .post(&url)
            .json(&seal.request)
            .send()
            .await
            .map_err(unreachable)?;
        if !response.status().is_success() {
            return Err(SealSyncError::Rejected {
                department_code: seal.department_code.clone(),
                rejection: client::rejection(response).await,
            });
        }
        let signed: SignedSealCertificate = response.json().await.map_err(unreachable)?;
        certificates::record_seal_certificate(
            &state.store,
            &state.settings.id,
            &hub_key,
            seal,
            &signed,
            Utc::now(),
        )
        .await?;
        stored += 1;
    }
    Ok(stored)
}
