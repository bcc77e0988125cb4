//! `GET /api/case-index`: the cases of the person an access token speaks for, for the "my
//! cases" pages of the nodes.
//!
//! A node can read only the index of a person who logged in there: it presents the access
//! token the hub issued to it at that login (RFC 6750 Bearer), and the hub answers with the
//! cases of that token's account and nobody else's.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use tongban_services::oidc_grants;
use tongban_web::case_index::CaseIndexJson;

use crate::HubState;
use crate::oidc::userinfo::{bearer_token, challenge};
use crate::session::service_error;

/// Returns the indexed cases of the access token's account, the most recently changed first.
#[utoipa::path(
    get,
    path = "/api/case-index",
    tag = "case index",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The person's cases at every node", body = CaseIndexJson),
        (status = 401, description = "The access token is missing, invalid, expired or revoked"),
    )
)]
pub async fn list(State(state): State<HubState>, headers: HeaderMap) -> Response {
    let Some(token) = bearer_token(&headers) else {
        return challenge(None);
    };
    let info = match oidc_grants::find_access_token(&state.store, token).await {
        Ok(Some(info)) => info,
        Ok(None) => return challenge(Some("invalid_token")),
        Err(error) => return service_error(error).into_response(),
    };
    match super::holder_cases(&state, &info.account).await {
        Ok(cases) => Json(CaseIndexJson { cases }).into_response(),
        Err(error) => service_error(error).into_response(),
    }
}
