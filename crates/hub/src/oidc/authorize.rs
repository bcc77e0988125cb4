//! `GET|POST /oidc/authorize`: the authorization endpoint (OpenID Connect Core 1.0 section
//! 3.1.2), authorization code flow only, with PKCE S256 required.
//!
//! Until the client and its redirect URI are known to be registered, an error is shown on an
//! error page without any redirect (RFC 6749 section 4.1.2.1). After that every
//! error goes back to the client's redirect URI.

use axum::Form;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use tongban_i18n::{Lang, Message};
use tongban_services::oidc_grants::{self, CodeRequest, is_pkce_value};
use tongban_web::{Chrome, PageError, RequestLang, WebError};

use super::AUTHORIZE_PATH;
use super::claims::RESIDENT_ID_SCOPE;
use super::protocol::{Parameters, RedirectTarget, unique_parameters};
use crate::HubState;
use crate::pages::see_other;
use crate::session::{Visitor, service_error};

/// Scopes the hub supports. Other requested scopes are left out of the grant (RFC 6749
/// section 3.3). `resident_id` adds the person's resident ID number to the ID token, which a
/// node needs to record who applies for a case.
const KNOWN_SCOPES: [&str; 3] = ["openid", "profile", RESIDENT_ID_SCOPE];

/// `GET /oidc/authorize` with the request in the query.
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
    authorize(&state, lang, &uri, &headers, pairs).await
}

/// `POST /oidc/authorize` with the request form-encoded, which OpenID Connect Core section
/// 3.1.2.1 requires providers to accept too.
pub async fn from_form(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    authorize(&state, lang, &uri, &headers, pairs).await
}

async fn authorize(
    state: &HubState,
    lang: Lang,
    uri: &Uri,
    headers: &HeaderMap,
    pairs: Vec<(String, String)>,
) -> Response {
    let frame = Chrome::new(lang, state.settings.name(lang), "oidc-error-title", uri);
    let page_error = |message: Message| {
        PageError {
            chrome: frame.clone(),
            error: WebError::BadRequest(message),
        }
        .into_response()
    };

    // The client and the redirect URI first: until both check out there is nowhere safe to
    // send an error to.
    let parameters = match unique_parameters(pairs) {
        Ok(parameters) => parameters,
        Err(name) => {
            return page_error(Message::new("oidc-parameter-repeated").arg("name", name));
        }
    };
    let get = |name: &str| parameters.get(name).map(String::as_str);
    let Some(client_id) = get("client_id") else {
        return page_error(Message::new("oidc-client-id-missing"));
    };
    let client = match oidc_grants::find_active_client(&state.store, client_id).await {
        Ok(Some(client)) => client,
        Ok(None) => {
            return page_error(Message::new("oidc-client-unknown").arg("client_id", client_id));
        }
        Err(error) => {
            return PageError {
                chrome: frame.clone(),
                error: service_error(error),
            }
            .into_response();
        }
    };
    let Some(redirect_uri) = get("redirect_uri") else {
        return page_error(Message::new("oidc-redirect-uri-missing"));
    };
    // Simple string comparison (RFC 6749 section 3.1.2.3): a trailing slash, another case or
    // an extra query parameter makes a different URI.
    if !client
        .redirect_uris
        .iter()
        .any(|registered| registered == redirect_uri)
    {
        return page_error(
            Message::new("oidc-redirect-uri-unregistered").arg("redirect_uri", redirect_uri),
        );
    }
    let target = RedirectTarget {
        redirect_uri: redirect_uri.to_owned(),
        state: get("state").map(str::to_owned),
        issuer: state.settings.public_url.clone(),
    };

    let request = match check_request(&parameters) {
        Ok(request) => request,
        Err((error, description)) => return target.error(error, description),
    };

    let visitor = match Visitor::load(state, headers).await {
        Ok(visitor) => visitor,
        Err(error) => {
            return PageError {
                chrome: frame,
                error,
            }
            .into_response();
        }
    };
    let too_old = match (request.max_age, visitor.auth_time()) {
        (Some(max_age), Some(auth_time)) => Utc::now() - auth_time > max_age,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let needs_login = visitor.account.is_none() || request.prompt_login || too_old;
    if needs_login {
        if request.prompt_none {
            return target.error("login_required", "the person is not logged in at the hub");
        }
        return see_other(&login_url(&parameters, lang), []);
    }
    let Some(account) = &visitor.account else {
        return target.error("login_required", "the person is not logged in at the hub");
    };

    let acting_for = match visitor.acting_for_in_force(state).await {
        Ok(acting_for) => acting_for,
        Err(error) => {
            tracing::error!(%error, account = %account.id, "reading the acting-for choice failed");
            return target.error(
                "server_error",
                "the hub could not read the session; try again",
            );
        }
    };
    let auth_time = visitor
        .auth_time()
        .unwrap_or_else(|| visitor.session.created_at());
    let code_request = CodeRequest {
        client_id: &client.client_id,
        account_id: &account.id,
        redirect_uri,
        scope: &request.scope,
        nonce: get("nonce"),
        code_challenge: request.code_challenge,
        auth_time,
        acting_for: acting_for.as_ref(),
    };
    match oidc_grants::issue_authorization_code(&state.store, &code_request).await {
        Ok(code) => target.redirect(&[("code", &code)]),
        Err(error) => {
            tracing::error!(%error, client = %client.client_id, "issuing an authorization code failed");
            target.error("server_error", "the hub could not issue a code; try again")
        }
    }
}

/// An authorization request whose parameters passed the checks.
#[derive(Debug)]
struct CheckedRequest<'a> {
    /// The known scopes requested, `openid` among them.
    scope: String,
    code_challenge: &'a str,
    prompt_none: bool,
    prompt_login: bool,
    max_age: Option<Duration>,
}

/// Checks everything but the client and redirect URI, returning the OAuth error code and
/// description of the first problem.
fn check_request(
    parameters: &Parameters,
) -> Result<CheckedRequest<'_>, (&'static str, &'static str)> {
    let get = |name: &str| parameters.get(name).map(String::as_str);
    if get("request").is_some() {
        return Err(("request_not_supported", "request objects are not supported"));
    }
    if get("request_uri").is_some() {
        return Err(("request_uri_not_supported", "request_uri is not supported"));
    }
    if get("response_type") != Some("code") {
        return Err((
            "unsupported_response_type",
            "only response_type=code is supported",
        ));
    }
    if get("response_mode").is_some_and(|mode| mode != "query") {
        return Err(("invalid_request", "only response_mode=query is supported"));
    }
    let requested: Vec<&str> = get("scope")
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    if !requested.contains(&"openid") {
        return Err(("invalid_scope", "the scope must include openid"));
    }
    let scope = KNOWN_SCOPES
        .iter()
        .filter(|known| requested.contains(known))
        .copied()
        .collect::<Vec<_>>()
        .join(" ");

    let Some(code_challenge) = get("code_challenge") else {
        return Err(("invalid_request", "PKCE is required: send code_challenge"));
    };
    if get("code_challenge_method") != Some("S256") {
        return Err((
            "invalid_request",
            "code_challenge_method must be S256; plain is not accepted",
        ));
    }
    if !is_pkce_value(code_challenge) {
        return Err(("invalid_request", "code_challenge is malformed"));
    }

    let prompts: Vec<&str> = get("prompt")
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    let prompt_none = prompts.contains(&"none");
    if prompt_none && prompts.len() > 1 {
        return Err(("invalid_request", "prompt=none cannot be combined"));
    }
    let max_age = match get("max_age") {
        Some(text) => match text.parse::<i64>() {
            Ok(seconds) if seconds >= 0 => Some(Duration::seconds(seconds)),
            _ => return Err(("invalid_request", "max_age must be a number of seconds")),
        },
        None => None,
    };
    Ok(CheckedRequest {
        scope,
        code_challenge,
        prompt_none,
        prompt_login: prompts.contains(&"login"),
        max_age,
    })
}

/// Returns the login page that comes back to this authorization request, without
/// `prompt=login` so the request goes on once the person has logged in. The page opens in the
/// first language of `ui_locales` the hub speaks, or in `lang`.
fn login_url(parameters: &Parameters, lang: Lang) -> String {
    let mut request = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in parameters {
        if name == "prompt" {
            let kept: Vec<&str> = value
                .split_whitespace()
                .filter(|prompt| *prompt != "login")
                .collect();
            if !kept.is_empty() {
                request.append_pair(name, &kept.join(" "));
            }
            continue;
        }
        request.append_pair(name, value);
    }
    let return_to = format!("{AUTHORIZE_PATH}?{}", request.finish());
    let page_lang = parameters
        .get("ui_locales")
        .and_then(|locales| locales.split_whitespace().find_map(Lang::from_tag))
        .unwrap_or(lang);
    let mut login = url::form_urlencoded::Serializer::new(String::new());
    login.append_pair("return_to", &return_to);
    login.append_pair("lang", page_lang.tag());
    format!("/login?{}", login.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parameters(pairs: &[(&str, &str)]) -> Parameters {
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect()
    }

    fn valid() -> Vec<(&'static str, &'static str)> {
        vec![
            ("response_type", "code"),
            ("client_id", "gd"),
            ("scope", "openid profile email"),
            (
                "code_challenge",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            ),
            ("code_challenge_method", "S256"),
        ]
    }

    #[test]
    fn valid_request_keeps_known_scopes() {
        let parameters = parameters(&valid());
        let request = check_request(&parameters).unwrap();
        assert_eq!(request.scope, "openid profile");
        assert!(!request.prompt_none);
        assert!(!request.prompt_login);
    }

    #[test]
    fn each_broken_rule_has_its_error() {
        let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
            (
                vec![("response_type", "token")],
                "unsupported_response_type",
            ),
            (vec![("scope", "profile")], "invalid_scope"),
            (vec![("code_challenge_method", "plain")], "invalid_request"),
            (vec![("code_challenge", "short")], "invalid_request"),
            (vec![("prompt", "none login")], "invalid_request"),
            (vec![("max_age", "-1")], "invalid_request"),
            (vec![("request", "eyJ")], "request_not_supported"),
            (vec![("response_mode", "fragment")], "invalid_request"),
        ];
        for (changes, expected) in cases {
            let mut pairs = parameters(&valid());
            for (name, value) in &changes {
                pairs.insert((*name).to_owned(), (*value).to_owned());
            }
            let error = check_request(&pairs).unwrap_err();
            assert_eq!(error.0, expected, "{changes:?}");
        }
        let mut without_challenge = parameters(&valid());
        without_challenge.remove("code_challenge");
        assert_eq!(
            check_request(&without_challenge).unwrap_err().0,
            "invalid_request"
        );
        let mut without_method = parameters(&valid());
        without_method.remove("code_challenge_method");
        assert_eq!(
            check_request(&without_method).unwrap_err().0,
            "invalid_request"
        );
    }

    #[test]
    fn login_url_drops_prompt_login() {
        let mut pairs = parameters(&valid());
        pairs.insert("prompt".to_owned(), "login consent".to_owned());
        pairs.insert("ui_locales".to_owned(), "fr en".to_owned());
        let url = login_url(&pairs, Lang::ZhCn);
        let query = url.strip_prefix("/login?").unwrap();
        let values: Parameters = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        assert_eq!(values["lang"], "en");
        let return_to = &values["return_to"];
        assert!(return_to.starts_with("/oidc/authorize?"), "{return_to}");
        assert!(return_to.contains("prompt=consent"), "{return_to}");
        assert!(!return_to.contains("login"), "{return_to}");
    }
}
