//! `GET /api/federation/hub-key`: the hub's id and SM2 public key, which verify its trust
//! lists and seal certificates.

use axum::Json;
use axum::extract::State;
use serde::Serialize;

use crate::HubState;

/// The hub's signing key.
#[derive(Debug, Serialize)]
pub struct HubKeyJson {
    /// Instance id of the hub.
    pub hub_id: String,
    /// Id of the key: the first 16 hex digits of the SM3 digest of the public key.
    pub key_id: String,
    /// The SM2 public key, SEC1 uncompressed, lowercase hex.
    pub public_key: String,
}

/// `GET /api/federation/hub-key`: 200 with [`HubKeyJson`]. A verifier that saves a trust list
/// compares `key_id` with the id the hub's operator publishes before it trusts the key.
pub async fn show(State(state): State<HubState>) -> Json<HubKeyJson> {
    Json(HubKeyJson {
        hub_id: state.settings.id.clone(),
        key_id: state.signing_key.key_id().to_string(),
        public_key: state.signing_key.public_key().to_hex(),
    })
}
