//! `GET /oidc/jwks`: the public keys ID tokens are signed with (RFC 7517 section 5).

use axum::Json;
use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use axum::response::IntoResponse;

use crate::HubState;

/// `GET /oidc/jwks`: the ES256 and EdDSA public keys with their `kid`s. Relying parties may
/// cache the set for five minutes.
pub async fn show(State(state): State<HubState>) -> impl IntoResponse {
    (
        [(CACHE_CONTROL, "public, max-age=300")],
        Json(state.oidc_keys.key_set().clone()),
    )
}
