//! `POST /logout`: end the node session, then the hub's.

use axum::Form;
use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tongban_i18n::Message;
use tongban_store::enrolment;
use tongban_web::{PageError, RequestLang, WebError};

use super::keys;
use crate::NodeState;
use crate::chrome::page_chrome;

/// The logout form.
#[derive(Debug, Deserialize)]
pub struct LogoutForm {
    csrf: String,
}

/// `POST /logout`: checks the CSRF token, deletes the node session and sends the person to the
/// hub's logout endpoint (RP-initiated logout) with the ID token as hint, to come back to the
/// node's home page.
pub async fn end(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    headers: HeaderMap,
    uri: Uri,
    Form(form): Form<LogoutForm>,
) -> Result<Response, PageError> {
    let chrome = page_chrome(&state, lang, "node-logout-title", &uri, None);
    let in_page = |error: WebError| PageError {
        chrome: chrome.clone(),
        error,
    };

    let Some(session) = state.sessions.load(&headers).await.map_err(in_page)? else {
        return Ok((StatusCode::SEE_OTHER, [(LOCATION, "/")]).into_response());
    };
    if !session.csrf_matches(&form.csrf) {
        return Err(in_page(WebError::BadRequest(Message::new("error-csrf"))));
    }
    let id_token = session.get_str(keys::ID_TOKEN).map(str::to_owned);
    let removal = state.sessions.end(&session).await.map_err(in_page)?;

    let client_id = enrolment::load_enrolment(state.store.pool())
        .await
        .map_err(|error| in_page(error.into()))?
        .map(|e| e.client_id);
    let mut target = url::Url::parse(&format!("{}/oidc/logout", state.settings.hub_url))
        .map_err(|error| in_page(WebError::Internal(format!("invalid hub URL: {error}"))))?;
    {
        let mut pairs = target.query_pairs_mut();
        if let Some(hint) = &id_token {
            pairs.append_pair("id_token_hint", hint);
        }
        if let Some(client_id) = &client_id {
            pairs.append_pair("client_id", client_id);
        }
        pairs.append_pair(
            "post_logout_redirect_uri",
            &format!("{}/", state.settings.public_url),
        );
    }
    let mut response = (StatusCode::SEE_OTHER, [(LOCATION, target.to_string())]).into_response();
    tongban_web::session::set_cookie(response.headers_mut(), Some(removal));
    Ok(response)
}
