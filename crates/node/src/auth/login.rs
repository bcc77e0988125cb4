//! `GET /login`: send the person to the hub to log in.

use axum::Extension;
use axum::extract::{Query, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use openidconnect::core::CoreAuthenticationFlow;
use openidconnect::{CsrfToken, Nonce, PkceCodeChallenge, Scope};
use serde::Deserialize;
use serde_json::Value;
use tongban_web::{PageError, RequestLang};

use super::{RelyingParty, keys, local_path};
use crate::NodeState;
use crate::chrome::page_chrome;

/// Query of the login link.
#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    /// Local path to return to after login.
    return_to: Option<String>,
}

/// `GET /login`: starts the authorization code flow with PKCE and a nonce, keeping state,
/// nonce and verifier in the session, and redirects to the hub.
pub async fn start(
    State(state): State<NodeState>,
    Extension(relying_party): Extension<RelyingParty>,
    RequestLang(lang): RequestLang,
    Query(query): Query<LoginQuery>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let mut session = state
        .sessions
        .load_or_new(&headers)
        .await
        .map_err(|error| PageError {
            chrome: page_chrome(&state, lang, "node-login-title", &uri, None),
            error,
        })?;
    let chrome = page_chrome(&state, lang, "node-login-title", &uri, Some(&session));
    let client = relying_party
        .client(&state)
        .await
        .map_err(PageError::in_page(&chrome))?;

    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("profile".to_owned()))
        // Cases record the applicant's resident ID number, which the hub releases only for
        // this scope.
        .add_scope(Scope::new("resident_id".to_owned()))
        .add_extra_param("ui_locales", lang.tag())
        .set_pkce_challenge(challenge)
        .url();

    session
        .data
        .insert(keys::STATE.to_owned(), Value::String(csrf.secret().clone()));
    session.data.insert(
        keys::NONCE.to_owned(),
        Value::String(nonce.secret().clone()),
    );
    session.data.insert(
        keys::PKCE_VERIFIER.to_owned(),
        Value::String(verifier.secret().clone()),
    );
    session.data.insert(
        keys::RETURN_TO.to_owned(),
        Value::String(local_path(query.return_to.as_deref())),
    );
    let cookie = state
        .sessions
        .save(&mut session)
        .await
        .map_err(PageError::in_page(&chrome))?;

    let mut response = (StatusCode::SEE_OTHER, [(LOCATION, url.to_string())]).into_response();
    tongban_web::session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}
