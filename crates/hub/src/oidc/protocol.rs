//! Responses the OAuth 2.0 and OpenID Connect specifications fix: error bodies, error
//! redirects and the headers that keep tokens out of caches.

use std::collections::BTreeMap;

use axum::Json;
use axum::http::header::{CACHE_CONTROL, LOCATION, PRAGMA};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use url::Url;

/// Request parameters by name. Each may appear once (RFC 6749 section 3.1).
pub type Parameters = BTreeMap<String, String>;

/// Returns the parameters of `pairs`, or the name of the first parameter that appears twice.
pub fn unique_parameters(pairs: Vec<(String, String)>) -> Result<Parameters, String> {
    let mut parameters = Parameters::new();
    for (name, value) in pairs {
        if parameters.contains_key(&name) {
            return Err(name);
        }
        // An empty value counts as absent (RFC 6749 section 3.1).
        if !value.is_empty() {
            parameters.insert(name, value);
        }
    }
    Ok(parameters)
}

/// Adds `Cache-Control: no-store` and `Pragma: no-cache`, which every response carrying a token
/// or user data needs (RFC 6749 section 5.1).
pub fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

/// Returns a token-endpoint style error: JSON with `error` and `error_description`
/// (RFC 6749 section 5.2).
pub fn json_error(status: StatusCode, error: &str, description: &str) -> Response {
    let body = serde_json::json!({ "error": error, "error_description": description });
    no_store((status, Json(body)).into_response())
}

/// The destination of authorization responses: the client's checked redirect URI. Every
/// response adds the request's `state` and the issuer (RFC 9207).
#[derive(Debug, Clone)]
pub struct RedirectTarget {
    /// The registered redirect URI the request named.
    pub redirect_uri: String,
    /// The request's `state`, returned unchanged.
    pub state: Option<String>,
    /// The issuer identifier.
    pub issuer: String,
}

impl RedirectTarget {
    /// Redirects with `parameters` plus `state` and `iss` added to the redirect URI's query,
    /// keeping any query the registered URI has.
    pub fn redirect(&self, parameters: &[(&str, &str)]) -> Response {
        let Ok(mut url) = Url::parse(&self.redirect_uri) else {
            // Registered URIs are absolute URLs; one that is not cannot be redirected to.
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "invalid registered redirect URI",
            )
                .into_response();
        };
        {
            let mut query = url.query_pairs_mut();
            for (name, value) in parameters {
                query.append_pair(name, value);
            }
            if let Some(state) = &self.state {
                query.append_pair("state", state);
            }
            query.append_pair("iss", &self.issuer);
        }
        let response = (StatusCode::SEE_OTHER, [(LOCATION, url.to_string())]).into_response();
        no_store(response)
    }

    /// Redirects with an error code and description (RFC 6749 section 4.1.2.1).
    pub fn error(&self, error: &str, description: &str) -> Response {
        self.redirect(&[("error", error), ("error_description", description)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_named_and_empty_values_dropped() {
        let pairs = |list: &[(&str, &str)]| {
            list.iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            unique_parameters(pairs(&[("a", "1"), ("b", "2"), ("a", "3")])),
            Err("a".to_owned())
        );
        let parameters = unique_parameters(pairs(&[("a", "1"), ("b", "")])).unwrap();
        assert_eq!(parameters.get("a").map(String::as_str), Some("1"));
        assert!(!parameters.contains_key("b"));
    }

    #[test]
    fn redirect_keeps_the_registered_query_and_encodes_state() {
        let target = RedirectTarget {
            redirect_uri: "https://rp.example/cb?tenant=gd".to_owned(),
            state: Some("a b&c=d/é".to_owned()),
            issuer: "https://hub.example".to_owned(),
        };
        let response = target.redirect(&[("code", "xyz")]);
        let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
        let url = Url::parse(&location).unwrap();
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(
            pairs,
            [
                ("tenant".to_owned(), "gd".to_owned()),
                ("code".to_owned(), "xyz".to_owned()),
                ("state".to_owned(), "a b&c=d/é".to_owned()),
                ("iss".to_owned(), "https://hub.example".to_owned()),
            ]
        );
        assert_eq!(response.headers()[CACHE_CONTROL], "no-store");
    }
}
