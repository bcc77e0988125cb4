//! The passage of an instance: its settings from the `[passage]` section and the HTTP
//! transport its delivery worker posts envelopes with.

use std::time::Duration;

use tongban_services::passage::BoxFuture;
use tongban_services::passage::worker::{DeliveryError, Transport};

/// Seconds to wait for the next instance to accept a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Characters of an error response kept for the outbox row and the log.
const MAX_DETAIL_CHARS: usize = 300;

/// Posts envelopes over HTTP with one connection pool for the whole instance.
#[derive(Debug, Clone)]
pub struct HttpTransport {
    client: reqwest::Client,
}

impl HttpTransport {
    /// Builds the transport; a post may take `request_timeout` in all. Redirects are not
    /// followed, so an envelope only goes to the URL of the registry or the enrolment.
    ///
    /// # Errors
    /// When the HTTP client cannot be built.
    pub fn new(request_timeout: Duration) -> Result<HttpTransport, reqwest::Error> {
        // reqwest is built without a TLS provider of its own and uses the process default.
        // The only possible error is that a provider is installed already.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT.min(request_timeout))
            .timeout(request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(HttpTransport { client })
    }
}

impl Transport for HttpTransport {
    fn post<'a>(
        &'a self,
        url: &'a str,
        envelope: &'a [u8],
    ) -> BoxFuture<'a, Result<(), DeliveryError>> {
        Box::pin(async move {
            let response = self
                .client
                .post(url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(envelope.to_vec())
                .send()
                .await
                .map_err(|error| DeliveryError::transient(format!("POST {url}: {error}")))?;
            let status = response.status();
            if status.is_success() {
                return Ok(());
            }
            let body = response.text().await.unwrap_or_default();
            let detail = format!(
                "POST {url}: status {}: {}",
                status.as_u16(),
                error_code(&body)
            );
            if retry_later(status) {
                Err(DeliveryError::transient(detail))
            } else {
                Err(DeliveryError::permanent(detail))
            }
        })
    }

    fn post_batch<'a>(
        &'a self,
        url: &'a str,
        batch_url: &'a str,
        envelopes: &'a [&'a [u8]],
    ) -> BoxFuture<'a, Vec<Result<(), DeliveryError>>> {
        Box::pin(self.send_batch(url, batch_url, envelopes))
    }
}

impl HttpTransport {
    /// Posts `envelopes` to `batch_url`, one per line, and reads the outcome of each. A
    /// receiver without the batch route (404 or 405) gets them one at a time at `url`.
    async fn send_batch(
        &self,
        url: &str,
        batch_url: &str,
        envelopes: &[&[u8]],
    ) -> Vec<Result<(), DeliveryError>> {
        let body = envelopes.join(&b'\n');
        let sent = self
            .client
            .post(batch_url)
            .header(reqwest::header::CONTENT_TYPE, "application/x-ndjson")
            .body(body)
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(error) => {
                let error = DeliveryError::transient(format!("POST {batch_url}: {error}"));
                return envelopes.iter().map(|_| Err(error.clone())).collect();
            }
        };
        let status = response.status();
        if status == reqwest::StatusCode::NOT_FOUND
            || status == reqwest::StatusCode::METHOD_NOT_ALLOWED
        {
            let mut outcomes = Vec::with_capacity(envelopes.len());
            for envelope in envelopes {
                outcomes.push(self.post(url, envelope).await);
            }
            return outcomes;
        }
        let body = response.text().await.unwrap_or_default();
        if !status.is_success() {
            // The whole batch failed, as when the receiver's database is unavailable, so
            // every envelope is tried again, whatever the status.
            let error = DeliveryError::transient(format!(
                "POST {batch_url}: status {}: {}",
                status.as_u16(),
                error_code(&body)
            ));
            return envelopes.iter().map(|_| Err(error.clone())).collect();
        }
        match batch_outcomes(batch_url, &body, envelopes.len()) {
            Ok(outcomes) => outcomes,
            Err(error) => envelopes.iter().map(|_| Err(error.clone())).collect(),
        }
    }
}

/// Reads the outcome of each of `count` envelopes from the body of a 200 batch response:
/// `{"results": [...]}` with a receipt or a JSON error per envelope.
fn batch_outcomes(
    batch_url: &str,
    body: &str,
    count: usize,
) -> Result<Vec<Result<(), DeliveryError>>, DeliveryError> {
    let parsed: serde_json::Value = serde_json::from_str(body).map_err(|error| {
        DeliveryError::transient(format!("POST {batch_url}: invalid JSON response: {error}"))
    })?;
    let results = parsed
        .get("results")
        .and_then(serde_json::Value::as_array)
        .filter(|results| results.len() == count)
        .ok_or_else(|| {
            DeliveryError::transient(format!(
                "POST {batch_url}: the response has no \"results\" array of {count} members"
            ))
        })?;
    Ok(results
        .iter()
        .map(|result| item_outcome(batch_url, result))
        .collect())
}

/// Classifies one member of a batch response as [`HttpTransport::post`] classifies a
/// response status.
fn item_outcome(batch_url: &str, result: &serde_json::Value) -> Result<(), DeliveryError> {
    if result.get("receipt").is_some() {
        return Ok(());
    }
    let status = result
        .pointer("/error/status")
        .and_then(serde_json::Value::as_u64)
        .and_then(|status| u16::try_from(status).ok())
        .and_then(|status| reqwest::StatusCode::from_u16(status).ok())
        .unwrap_or(reqwest::StatusCode::INTERNAL_SERVER_ERROR);
    let detail = format!(
        "POST {batch_url}: status {}: {}",
        status.as_u16(),
        error_code(&result.to_string())
    );
    if retry_later(status) {
        Err(DeliveryError::transient(detail))
    } else {
        Err(DeliveryError::permanent(detail))
    }
}

/// Returns whether a post that got `status` should be tried again.
fn retry_later(status: reqwest::StatusCode) -> bool {
    status.is_server_error()
        || status == reqwest::StatusCode::REQUEST_TIMEOUT
        || status == reqwest::StatusCode::TOO_MANY_REQUESTS
}

/// Returns the code and English message of a JSON error, or the start of another body.
fn error_code(body: &str) -> String {
    let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let error = parsed.as_ref().and_then(|value| value.get("error"));
    let code = error
        .and_then(|error| error.get("code"))
        .and_then(serde_json::Value::as_str);
    let message = error
        .and_then(|error| error.pointer("/message/en"))
        .and_then(serde_json::Value::as_str);
    match (code, message) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (Some(code), None) => code.to_owned(),
        _ => body.chars().take(MAX_DETAIL_CHARS).collect(),
    }
}
