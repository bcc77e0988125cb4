//! `GET /auth/callback`: the hub sends the person back with an authorization code.

use axum::Extension;
use axum::extract::{Query, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use openidconnect::core::CoreJwsSigningAlgorithm;
use openidconnect::{
    AuthorizationCode, Nonce, OAuth2TokenResponse, PkceCodeVerifier, TokenResponse,
};
use serde::Deserialize;
use serde_json::Value;
use tongban_i18n::Message;
use tongban_web::{PageError, RequestLang, WebError};
use tracing::{info, warn};

use super::relying_party::verified_payload;
use super::{RelyingParty, keys};
use crate::NodeState;
use crate::chrome::page_chrome;

/// Query the hub redirects with: a code, or an error, and the state sent.
#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /auth/callback`: checks the state against the session, redeems the code with the
/// node's client secret and the PKCE verifier, verifies the ID token (signature from the hub's
/// published keys, issuer, audience, expiry, nonce) and logs the session in as its subject.
pub async fn finish(
    State(state): State<NodeState>,
    Extension(relying_party): Extension<RelyingParty>,
    RequestLang(lang): RequestLang,
    Query(query): Query<CallbackQuery>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let chrome = page_chrome(&state, lang, "node-login-title", &uri, None);
    let in_page = |error: WebError| PageError {
        chrome: chrome.clone(),
        error,
    };
    let bad = |key: &'static str| in_page(WebError::BadRequest(Message::new(key)));

    let mut session = state
        .sessions
        .load(&headers)
        .await
        .map_err(in_page)?
        .ok_or_else(|| bad("node-login-expired"))?;
    let expected_state = session
        .get_str(keys::STATE)
        .ok_or_else(|| bad("node-login-expired"))?
        .to_owned();
    if query.state.as_deref() != Some(expected_state.as_str()) {
        return Err(bad("node-login-state-mismatch"));
    }
    if let Some(error) = &query.error {
        info!(%error, "the hub refused the login");
        return Err(bad("node-login-refused"));
    }
    let code = query
        .code
        .clone()
        .ok_or_else(|| bad("node-login-expired"))?;
    let nonce = Nonce::new(session.get_str(keys::NONCE).unwrap_or_default().to_owned());
    let verifier = PkceCodeVerifier::new(
        session
            .get_str(keys::PKCE_VERIFIER)
            .unwrap_or_default()
            .to_owned(),
    );

    let client = relying_party.client(&state).await.map_err(in_page)?;
    let http = relying_party.http_client();
    let token_request = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|error| {
            in_page(WebError::Internal(format!(
                "the hub publishes no token endpoint: {error}"
            )))
        })?;
    let tokens = token_request
        .set_pkce_verifier(verifier)
        .request_async(&http)
        .await
        .map_err(|error| {
            warn!(%error, "redeeming the authorization code failed");
            bad("node-login-refused")
        })?;
    let id_token = tokens.id_token().ok_or_else(|| bad("node-login-refused"))?;
    let verifier = client.id_token_verifier().set_allowed_algs([
        CoreJwsSigningAlgorithm::EcdsaP256Sha256,
        CoreJwsSigningAlgorithm::EdDsa,
    ]);
    let claims = match id_token.claims(&verifier, &nonce) {
        Ok(claims) => claims,
        Err(error) => {
            warn!(%error, "the ID token failed verification");
            // The hub may have rotated its keys; fetch them again on the next login.
            relying_party.forget_metadata().await;
            return Err(bad("node-login-refused"));
        }
    };

    let subject = claims.subject().as_str().to_owned();
    let id_token_text = id_token.to_string();
    let extra = verified_payload(&id_token_text).unwrap_or(Value::Null);
    let name = claims
        .name()
        .and_then(|names| names.get(None))
        .map(|name| name.as_str().to_owned())
        .unwrap_or_default();
    let return_to = session.get_str(keys::RETURN_TO).unwrap_or("/").to_owned();

    for key in [
        keys::STATE,
        keys::NONCE,
        keys::PKCE_VERIFIER,
        keys::RETURN_TO,
    ] {
        session.data.remove(key);
    }
    session
        .data
        .insert(keys::NAME.to_owned(), Value::String(name));
    session
        .data
        .insert(keys::ID_TOKEN.to_owned(), Value::String(id_token_text));
    for (claim, key) in [
        ("assurance_level", keys::ASSURANCE_LEVEL),
        ("account_type", keys::ACCOUNT_TYPE),
        ("acting_for", keys::ACTING_FOR),
        ("resident_id", keys::RESIDENT_ID),
    ] {
        // A claim this token leaves out must not survive from an earlier login in the session.
        session.data.remove(key);
        if let Some(value) = extra.get(claim).filter(|value| !value.is_null()) {
            session.data.insert(key.to_owned(), value.clone());
        }
    }
    // The access token is kept for reading the person's cases at other nodes from the hub's
    // case index, which answers only for the person the token speaks for.
    session.data.insert(
        keys::HUB_ACCESS_TOKEN.to_owned(),
        Value::String(tokens.access_token().secret().clone()),
    );
    let cookie = state
        .sessions
        .log_in(&mut session, &subject)
        .await
        .map_err(in_page)?;
    info!(subject = %subject, "logged in through the hub");

    let mut response = (StatusCode::SEE_OTHER, [(LOCATION, return_to)]).into_response();
    tongban_web::session::set_cookie(response.headers_mut(), Some(cookie));
    Ok(response)
}
