//! `POST /api/federation/enroll`: a node presents its one-time enrolment token and its SM2
//! public key, and receives its OIDC client credentials and the hub's public key.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use tongban_services::federation::{self, EnrolmentRequest, Hub};

use super::error::ApiError;
use crate::HubState;

/// `POST /api/federation/enroll` with a JSON [`EnrolmentRequest`]: 200 with the
/// [`EnrolmentGrant`](federation::EnrolmentGrant), 400 for invalid fields, 403 when the token
/// is unknown, used, cancelled, expired or issued for another node, 409 when another node has
/// the key.
pub async fn enroll(
    State(state): State<HubState>,
    payload: Result<Json<EnrolmentRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(request) = payload.map_err(ApiError::from_rejection)?;

    let hub = Hub {
        id: &state.settings.id,
        public_key: state.signing_key.public_key(),
    };
    let grant = federation::enrol_node(&state.store, &request, hub, Utc::now()).await?;

    // The response carries the client secret, so no cache may keep it.
    Ok(([(CACHE_CONTROL, "no-store")], Json(grant)).into_response())
}
