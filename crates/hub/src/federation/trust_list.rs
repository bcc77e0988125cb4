//! `GET /api/federation/trust-list`: the signed list of active nodes, their endpoints and keys.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use tongban_services::federation;

use super::error::ApiError;
use crate::HubState;

/// `GET /api/federation/trust-list`: 200 with the envelope `{"list", "key_id", "signature"}`
/// exactly as stored, signing a new list first when the registry changed or half the current
/// list's validity has passed.
pub async fn show(State(state): State<HubState>) -> Result<Response, ApiError> {
    let stored = federation::current_trust_list(
        &state.store,
        &state.signing_key,
        &state.settings.id,
        state.settings.trust_list_validity,
        Utc::now(),
    )
    .await?;

    // Nodes verify the signature themselves, so any cache may hold the list, but only
    // after asking whether a newer one exists.
    Ok((
        [
            (CONTENT_TYPE, "application/json"),
            (CACHE_CONTROL, "no-cache"),
        ],
        stored.document,
    )
        .into_response())
}
