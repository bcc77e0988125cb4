//! `GET|POST /oidc/logout`: RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0). A
//! relying party sends the person here to end their hub session, and gets them back at one
//! of its registered `post_logout_redirect_uris` with its `state`.
//!
//! With a valid `id_token_hint` for the person logged in, the session ends at once. Otherwise
//! the person confirms on a page first, so another site cannot log them out unasked.

use askama::Template;
use axum::Form;
use axum::extract::{RawQuery, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openidconnect::core::CoreJwsSigningAlgorithm;
use serde::Deserialize;
use tongban_i18n::{Lang, Message};
use tongban_services::accounts;
use tongban_services::oidc_grants;
use tongban_web::{Chrome, PageError, RequestLang, WebError};
use url::Url;

use super::protocol::{Parameters, unique_parameters};
use crate::HubState;
use crate::pages::chrome;
use crate::session::{Visitor, service_error};

/// Parameters the confirmation form carries on to the POST.
const CARRIED: [&str; 4] = [
    "post_logout_redirect_uri",
    "state",
    "client_id",
    "id_token_hint",
];

#[derive(Template)]
#[template(path = "logout_confirm.html")]
struct ConfirmPage {
    chrome: Chrome,
    csrf: String,
    hidden: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "logged_out.html")]
struct LoggedOutPage {
    chrome: Chrome,
}

/// The facts of an ID token hint whose signature is ours.
#[derive(Debug, Deserialize)]
struct Hint {
    iss: String,
    sub: String,
    #[serde(deserialize_with = "one_or_many")]
    aud: Vec<String>,
}

/// `GET /oidc/logout` with the request in the query.
pub async fn from_query(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let pairs = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    log_out(&state, lang, &uri, &headers, pairs, false).await
}

/// `POST /oidc/logout`: the request form-encoded, or the confirmation with its CSRF token.
pub async fn from_form(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    log_out(&state, lang, &uri, &headers, pairs, true).await
}

async fn log_out(
    state: &HubState,
    lang: Lang,
    uri: &Uri,
    headers: &HeaderMap,
    pairs: Vec<(String, String)>,
    posted: bool,
) -> Response {
    let frame = Chrome::new(lang, state.settings.name(lang), "oidc-error-title", uri);
    let page_error = |error: WebError| {
        PageError {
            chrome: frame.clone(),
            error,
        }
        .into_response()
    };
    let bad_request = |message: Message| page_error(WebError::BadRequest(message));

    let parameters = match unique_parameters(pairs) {
        Ok(parameters) => parameters,
        Err(name) => return bad_request(Message::new("oidc-parameter-repeated").arg("name", name)),
    };
    let get = |name: &str| parameters.get(name).map(String::as_str);

    let hint = match get("id_token_hint") {
        Some(token) => match verify_hint(state, token) {
            Some(hint) => Some(hint),
            None => return bad_request(Message::new("oidc-logout-hint-invalid")),
        },
        None => None,
    };
    let client_id = match (
        hint.as_ref().and_then(|hint| hint.aud.first()),
        get("client_id"),
    ) {
        (Some(from_hint), Some(given)) if from_hint != given => {
            return bad_request(Message::new("oidc-logout-client-mismatch"));
        }
        (Some(from_hint), _) => Some(from_hint.as_str()),
        (None, given) => given,
    };
    let redirect = match get("post_logout_redirect_uri") {
        Some(uri) => {
            let Some(client_id) = client_id else {
                return bad_request(Message::new("oidc-logout-client-unknown"));
            };
            let client = match oidc_grants::find_active_client(&state.store, client_id).await {
                Ok(Some(client)) => client,
                Ok(None) => return bad_request(Message::new("oidc-logout-client-unknown")),
                Err(error) => return page_error(service_error(error)),
            };
            if !client
                .post_logout_redirect_uris
                .iter()
                .any(|registered| registered == uri)
            {
                return bad_request(
                    Message::new("oidc-logout-redirect-unregistered").arg("uri", uri),
                );
            }
            Some(uri.to_owned())
        }
        None => None,
    };

    let visitor = match Visitor::load(state, headers).await {
        Ok(visitor) => visitor,
        Err(error) => return page_error(error),
    };
    let hint_matches = hint.as_ref().is_some_and(|hint| {
        visitor
            .account
            .as_ref()
            .is_none_or(|account| account.id == hint.sub)
    });
    let confirmed = posted
        && visitor.session.is_stored()
        && get("csrf").is_some_and(|token| visitor.session.csrf_matches(token));
    if visitor.account.is_some() && !hint_matches && !confirmed {
        return confirmation_page(state, lang, uri, visitor, &parameters).await;
    }

    if let Some(account) = &visitor.account {
        let via = client_id.unwrap_or("unknown client");
        if let Err(error) = accounts::record_log_out(&state.store, &account.id, via).await {
            return page_error(service_error(error));
        }
    }
    let removal = match state.sessions.end(&visitor.session).await {
        Ok(removal) => removal,
        Err(error) => return page_error(error),
    };
    let mut response = match redirect {
        Some(target) => redirect_back(&target, get("state")),
        None => {
            let visitor = Visitor {
                account: None,
                ..visitor
            };
            let page = LoggedOutPage {
                chrome: chrome(state, lang, "logged-out-title", uri, &visitor),
            };
            tongban_web::html(&page)
        }
    };
    response
        .headers_mut()
        .append(axum::http::header::SET_COOKIE, removal);
    response
}

/// Asks the person to confirm, carrying the request on in hidden fields.
async fn confirmation_page(
    state: &HubState,
    lang: Lang,
    uri: &Uri,
    mut visitor: Visitor,
    parameters: &Parameters,
) -> Response {
    let cookie = match state.sessions.save(&mut visitor.session).await {
        Ok(cookie) => cookie,
        Err(error) => {
            let frame = chrome(state, lang, "logout-confirm-title", uri, &visitor);
            return PageError {
                chrome: frame,
                error,
            }
            .into_response();
        }
    };
    let hidden = CARRIED
        .iter()
        .filter_map(|name| parameters.get(*name).map(|value| (*name, value.clone())))
        .collect();
    let page = ConfirmPage {
        chrome: chrome(state, lang, "logout-confirm-title", uri, &visitor),
        csrf: visitor.session.csrf_token().to_owned(),
        hidden,
    };
    let mut response = tongban_web::html(&page);
    tongban_web::session::set_cookie(response.headers_mut(), cookie);
    response
}

/// Redirects to the registered `target` with `state` added to its query.
fn redirect_back(target: &str, state: Option<&str>) -> Response {
    let Ok(mut url) = Url::parse(target) else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "invalid registered logout URI",
        )
            .into_response();
    };
    if let Some(state) = state {
        url.query_pairs_mut().append_pair("state", state);
    }
    (StatusCode::SEE_OTHER, [(LOCATION, url.to_string())]).into_response()
}

/// Returns the claims of `token` if the hub signed it and names the hub as issuer. Expiry is
/// not checked: RP-Initiated Logout 1.0 section 2 lets an expired ID token serve as the hint.
fn verify_hint(state: &HubState, token: &str) -> Option<Hint> {
    let mut parts = token.split('.');
    let (header, payload, signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let header: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).ok()?).ok()?;
    let algorithm = match header.get("alg")?.as_str()? {
        "ES256" => CoreJwsSigningAlgorithm::EcdsaP256Sha256,
        "EdDSA" => CoreJwsSigningAlgorithm::EdDsa,
        _ => return None,
    };
    let kid = header.get("kid").and_then(serde_json::Value::as_str);
    let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
    // The signature covers `header.payload`, everything before the last dot.
    let (signing_input, _) = token.rsplit_once('.')?;
    if !state
        .oidc_keys
        .verify(kid, &algorithm, signing_input.as_bytes(), &signature)
    {
        return None;
    }
    let hint: Hint = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()?;
    (hint.iss == state.settings.public_url).then_some(hint)
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}
