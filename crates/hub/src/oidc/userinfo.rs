//! `GET|POST /oidc/userinfo`: the claims about the person an access token speaks for (OpenID
//! Connect Core 1.0 section 5.3), with the token as a Bearer token (RFC 6750 section 2.1).

use axum::Json;
use axum::extract::State;
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tongban_services::oidc_grants;

use super::claims::userinfo_json;
use super::protocol::no_store;
use crate::HubState;

/// `GET|POST /oidc/userinfo`: `sub`, `name` and the tongban claims, or 401 with a Bearer
/// challenge for a missing, expired or revoked token.
pub async fn show(State(state): State<HubState>, headers: HeaderMap) -> Response {
    let Some(token) = bearer_token(&headers) else {
        return challenge(None);
    };
    match oidc_grants::find_access_token(&state.store, token).await {
        Ok(Some(info)) => no_store(
            Json(userinfo_json(
                &info.account,
                info.acting_for.as_ref(),
                &info.scope,
            ))
            .into_response(),
        ),
        Ok(None) => challenge(Some("invalid_token")),
        Err(error) => {
            tracing::error!(%error, "the userinfo endpoint failed");
            no_store(StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
    }
}

/// Returns the token of `Authorization: Bearer <token>`.
pub(crate) fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// 401 with the challenge of RFC 6750 section 3: no error code when no token came, `error`
/// when the token was bad.
pub(crate) fn challenge(error: Option<&str>) -> Response {
    let value = match error {
        Some(code) => format!(
            "Bearer realm=\"tongban-hub\", error=\"{code}\", error_description=\"the access token is invalid, expired or revoked\""
        ),
        None => "Bearer realm=\"tongban-hub\"".to_owned(),
    };
    let mut response = StatusCode::UNAUTHORIZED.into_response();
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().insert(WWW_AUTHENTICATE, value);
    }
    no_store(response)
}
