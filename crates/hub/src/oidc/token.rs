//! `POST /oidc/token`: the token endpoint (RFC 6749 section 3.2, OpenID Connect Core 1.0
//! section 3.1.3), grant type `authorization_code` only.

use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use openidconnect::IssuerUrl;
use serde_json::json;
use tongban_services::oidc_clients::authenticate_client;
use tongban_services::oidc_grants::{
    self, ACCESS_TOKEN_LIFETIME_SECONDS, CodeExchange, ExchangeOutcome, is_pkce_value,
};
use tongban_store::oidc_clients::OidcClient;

use super::claims::{IdTokenFacts, sign_id_token};
use super::protocol::{Parameters, json_error, no_store, unique_parameters};
use crate::HubState;

/// Credentials a client presented.
struct ClientCredentials {
    client_id: String,
    secret: String,
    /// Whether they came in the `Authorization: Basic` header.
    basic: bool,
}

/// `POST /oidc/token`: authenticates the client, trades the code for an access token and an
/// ID token, and responds with `Cache-Control: no-store`.
pub async fn exchange(
    State(state): State<HubState>,
    headers: HeaderMap,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let Ok(Form(pairs)) = form else {
        return json_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the body must be application/x-www-form-urlencoded",
        );
    };
    let parameters = match unique_parameters(pairs) {
        Ok(parameters) => parameters,
        Err(name) => {
            return json_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                &format!("parameter {name} appears more than once"),
            );
        }
    };

    let credentials = match client_credentials(&headers, &parameters) {
        Ok(Some(credentials)) => credentials,
        Ok(None) => return invalid_client(false),
        Err(description) => {
            return json_error(StatusCode::BAD_REQUEST, "invalid_request", description);
        }
    };
    let client = match authenticate_client(
        &state.store,
        &credentials.client_id,
        &credentials.secret,
    )
    .await
    {
        Ok(Some(client)) => client,
        Ok(None) => return invalid_client(credentials.basic),
        Err(error) => return server_error(&error.to_string()),
    };

    let get = |name: &str| parameters.get(name).map(String::as_str);
    match get("grant_type") {
        Some("authorization_code") => {}
        Some(_) => {
            return json_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "only authorization_code is supported",
            );
        }
        None => {
            return json_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "grant_type is missing",
            );
        }
    }
    let (Some(code), Some(redirect_uri)) = (get("code"), get("redirect_uri")) else {
        return json_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "code and redirect_uri are required",
        );
    };
    let Some(code_verifier) = get("code_verifier") else {
        return json_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "PKCE is required: send code_verifier",
        );
    };
    if !is_pkce_value(code_verifier) {
        return invalid_grant();
    }

    let exchange = CodeExchange {
        code,
        client_id: &client.client_id,
        redirect_uri,
        code_verifier,
    };
    let grant = match oidc_grants::exchange_code(&state.store, &exchange).await {
        Ok(ExchangeOutcome::Granted(grant)) => grant,
        Ok(ExchangeOutcome::Rejected(rejection)) => {
            tracing::info!(client = %client.client_id, ?rejection, "authorization code rejected");
            return invalid_grant();
        }
        Err(error) => return server_error(&error.to_string()),
    };

    match token_response(&state, &client, &grant) {
        Ok(response) => response,
        Err(error) => server_error(&error),
    }
}

/// Builds the successful token response with a freshly signed ID token.
fn token_response(
    state: &HubState,
    client: &OidcClient,
    grant: &oidc_grants::Grant,
) -> Result<Response, String> {
    let issuer =
        IssuerUrl::new(state.settings.public_url.clone()).map_err(|error| error.to_string())?;
    let facts = IdTokenFacts {
        issuer: &issuer,
        client_id: &client.client_id,
        account: &grant.account,
        acting_for: grant.acting_for.as_ref(),
        scope: &grant.scope,
        nonce: grant.nonce.as_deref(),
        auth_time: grant.auth_time,
        access_token: &grant.access_token,
    };
    let id_token = sign_id_token(
        &state.oidc_keys,
        &client.id_token_signed_response_alg,
        &facts,
    )
    .map_err(|error| format!("signing the ID token failed: {error}"))?;
    let body = json!({
        "access_token": grant.access_token,
        "token_type": "Bearer",
        "expires_in": ACCESS_TOKEN_LIFETIME_SECONDS,
        "id_token": id_token.to_string(),
        "scope": grant.scope,
    });
    Ok(no_store(axum::Json(body).into_response()))
}

/// Reads the client's credentials from `Authorization: Basic` (RFC 6749 section 2.3.1, where id
/// and secret are form-encoded before base64) or from the body. Using both is an error, and so
/// is a malformed header.
fn client_credentials(
    headers: &HeaderMap,
    parameters: &Parameters,
) -> Result<Option<ClientCredentials>, &'static str> {
    let from_body = parameters
        .get("client_secret")
        .map(|secret| (parameters.get("client_id"), secret));
    let Some(header) = headers.get(AUTHORIZATION) else {
        return Ok(match from_body {
            Some((Some(client_id), secret)) => Some(ClientCredentials {
                client_id: client_id.clone(),
                secret: secret.clone(),
                basic: false,
            }),
            _ => None,
        });
    };

    if from_body.is_some() {
        return Err("use one client authentication method, not two");
    }

    let text = header
        .to_str()
        .map_err(|_| "the Authorization header is malformed")?;
    let Some((scheme, encoded)) = text.split_once(' ') else {
        return Err("the Authorization header is malformed");
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err("the token endpoint takes Basic client authentication only");
    }
    let decoded = STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or("the Authorization header is malformed")?;
    let (id, secret) = decoded
        .split_once(':')
        .ok_or("the Authorization header is malformed")?;

    // Each part is form-encoded; a raw `&` would end the value early, so it is escaped first.
    let decode = |part: &str| -> String {
        let escaped = part.replace('&', "%26");
        url::form_urlencoded::parse(format!("v={escaped}").as_bytes())
            .next()
            .map(|(_, value)| value.into_owned())
            .unwrap_or_default()
    };
    let client_id = decode(id);

    if parameters
        .get("client_id")
        .is_some_and(|body_id| *body_id != client_id)
    {
        return Err("client_id differs from the authenticated client");
    }
    Ok(Some(ClientCredentials {
        client_id,
        secret: decode(secret),
        basic: true,
    }))
}

/// 401 `invalid_client`, with a Basic challenge when the client tried Basic (RFC 6749 section
/// 5.2).
fn invalid_client(tried_basic: bool) -> Response {
    let mut response = json_error(
        StatusCode::UNAUTHORIZED,
        "invalid_client",
        "client authentication failed",
    );
    if tried_basic {
        response.headers_mut().insert(
            WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"tongban-hub\""),
        );
    }
    response
}

fn invalid_grant() -> Response {
    json_error(
        StatusCode::BAD_REQUEST,
        "invalid_grant",
        "the authorization code is invalid, expired or used, or does not match this request",
    )
}

fn server_error(detail: &str) -> Response {
    tracing::error!(error = detail, "the token endpoint failed");
    json_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "server_error",
        "the hub could not complete the request; try again",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(pairs: &[(&str, &str)]) -> Parameters {
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect()
    }

    fn basic(id: &str, secret: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        let value = format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")));
        headers.insert(AUTHORIZATION, HeaderValue::from_str(&value).unwrap());
        headers
    }

    #[test]
    fn basic_credentials_are_form_decoded() {
        let credentials = client_credentials(&basic("gd%3Anode", "s%2Bc+r"), &body(&[]))
            .unwrap()
            .unwrap();
        assert_eq!(credentials.client_id, "gd:node");
        assert_eq!(credentials.secret, "s+c r");
        assert!(credentials.basic);
    }

    #[test]
    fn body_credentials_and_conflicts() {
        let credentials = client_credentials(
            &HeaderMap::new(),
            &body(&[("client_id", "gd"), ("client_secret", "s")]),
        )
        .unwrap()
        .unwrap();
        assert_eq!(credentials.client_id, "gd");
        assert!(!credentials.basic);

        assert!(
            client_credentials(&HeaderMap::new(), &body(&[("client_id", "gd")]))
                .unwrap()
                .is_none()
        );
        assert!(client_credentials(&basic("gd", "s"), &body(&[("client_secret", "s")])).is_err());
        assert!(client_credentials(&basic("gd", "s"), &body(&[("client_id", "zj")])).is_err());
        let mut bearer = HeaderMap::new();
        bearer.insert(AUTHORIZATION, HeaderValue::from_static("Bearer abc"));
        assert!(client_credentials(&bearer, &body(&[])).is_err());
    }
}
