//! The HTTP client a node talks to the hub with, and the hub's JSON errors.

use std::time::Duration;

/// Seconds to wait for the hub to accept a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Seconds a whole request to the hub may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// Builds the client for calls to the hub. Redirects are not followed, so an enrolment token
/// is only ever sent to the configured hub URL.
pub(crate) fn http_client() -> Result<reqwest::Client, reqwest::Error> {
    // reqwest is built without a TLS provider of its own and uses the process default. The
    // only possible error is that a provider is installed already, which is what is needed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
}

/// The error the hub responded with when it rejected a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubRejection {
    /// HTTP status.
    pub status: u16,
    /// The stable code of the hub's JSON error, or empty when the body is not one.
    pub code: String,
    /// The English message of the hub's JSON error, or the start of the body.
    pub message: String,
}

/// Reads the error the hub responded with.
pub(crate) async fn rejection(response: reqwest::Response) -> HubRejection {
    const MAX_BODY_CHARS: usize = 300;
    let status = response.status().as_u16();
    let body = response.text().await.unwrap_or_default();
    let parsed: Option<serde_json::Value> = serde_json::from_str(&body).ok();
    let error = parsed.as_ref().and_then(|value| value.get("error"));
    let code = error
        .and_then(|error| error.get("code"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let message = error
        .and_then(|error| error.pointer("/message/en"))
        .and_then(serde_json::Value::as_str)
        .map_or_else(
            || body.chars().take(MAX_BODY_CHARS).collect(),
            str::to_owned,
        );
    HubRejection {
        status,
        code,
        message,
    }
}
