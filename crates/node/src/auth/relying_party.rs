//! The node as a client of the hub's OpenID Provider: discovery, the HTTP adapter, and the
//! person a session belongs to.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderMap;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openidconnect::core::{CoreClient, CoreProviderMetadata};
use openidconnect::{
    AsyncHttpClient, ClientId, ClientSecret, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    HttpRequest, HttpResponse, IssuerUrl, RedirectUrl,
};
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;
use tongban_store::enrolment;
use tongban_web::{Session, WebError};

use super::keys;
use crate::NodeState;

/// The client type after discovery: authorization and token endpoints set, user info maybe.
pub type HubClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// How long the hub's discovery document and keys are kept before they are fetched again.
const METADATA_LIFETIME: Duration = Duration::from_secs(300);

/// The legal person someone acts for as its agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActingFor {
    /// Its unified social credit code.
    pub credit_code: String,
    /// Its name.
    pub name: String,
}

/// The person a session belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    /// The hub's subject identifier.
    pub subject: String,
    /// Name.
    pub name: String,
    /// Assurance level, such as `self_asserted`.
    pub assurance_level: Option<String>,
    /// The legal person the person acts for, if any.
    pub acting_for: Option<ActingFor>,
    /// The resident ID number the hub verified, if it released one.
    pub resident_id: Option<String>,
}

impl Viewer {
    /// Returns the person of a logged-in session.
    pub fn of(session: &Session) -> Option<Viewer> {
        let subject = session.account_id.clone()?;
        Some(Viewer {
            subject,
            name: session.get_str(keys::NAME).unwrap_or_default().to_owned(),
            assurance_level: session.get_str(keys::ASSURANCE_LEVEL).map(str::to_owned),
            acting_for: session
                .data
                .get(keys::ACTING_FOR)
                .and_then(|value| serde_json::from_value(value.clone()).ok()),
            resident_id: session.get_str(keys::RESIDENT_ID).map(str::to_owned),
        })
    }

    /// Returns the name to show, with the legal person when acting for one.
    pub fn display_name(&self) -> String {
        match &self.acting_for {
            Some(legal) => format!("{}（{}）", self.name, legal.name),
            None => self.name.clone(),
        }
    }
}

/// Discovery cache and HTTP client for talking to the hub.
#[derive(Debug, Clone)]
pub struct RelyingParty {
    http: reqwest::Client,
    metadata: Arc<RwLock<Option<(CoreProviderMetadata, std::time::Instant)>>>,
}

impl RelyingParty {
    /// Builds the HTTP client: no redirects followed, short time-outs.
    ///
    /// # Errors
    /// When the TLS back end cannot be set up.
    pub fn new() -> Result<RelyingParty, reqwest::Error> {
        // Both ring and another provider can be linked in; pick ring once per process.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(15))
            .build()?;
        Ok(RelyingParty {
            http,
            metadata: Arc::new(RwLock::new(None)),
        })
    }

    /// Returns the HTTP client for calls to the hub.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// Returns the OpenID client of this node, from the hub's (cached) discovery document and
    /// the credentials the node received at enrolment.
    ///
    /// # Errors
    /// [`WebError::Unavailable`]-like internal errors when the node has not enrolled or the hub
    /// cannot be reached.
    pub async fn client(&self, state: &NodeState) -> Result<HubClient, WebError> {
        let enrolment = enrolment::load_enrolment(state.store.pool())
            .await?
            .ok_or_else(|| {
                WebError::Internal("the node has not enrolled with the hub".to_owned())
            })?;
        let metadata = self.metadata(&state.settings.hub_url).await?;
        let redirect = RedirectUrl::new(format!("{}/auth/callback", state.settings.public_url))
            .map_err(|error| WebError::Internal(format!("invalid redirect URL: {error}")))?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(enrolment.client_id),
            Some(ClientSecret::new(enrolment.client_secret)),
        )
        .set_redirect_uri(redirect))
    }

    /// Returns the hub's discovery document, fetching it when the cached one is old.
    async fn metadata(&self, hub_url: &str) -> Result<CoreProviderMetadata, WebError> {
        if let Some((metadata, fetched)) = self.metadata.read().await.as_ref()
            && fetched.elapsed() < METADATA_LIFETIME
        {
            return Ok(metadata.clone());
        }
        let issuer = IssuerUrl::new(hub_url.to_owned())
            .map_err(|error| WebError::Internal(format!("invalid hub URL: {error}")))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http_client())
            .await
            .map_err(|error| WebError::Internal(format!("discovery at the hub failed: {error}")))?;
        *self.metadata.write().await = Some((metadata.clone(), std::time::Instant::now()));
        Ok(metadata)
    }

    /// Forgets the discovery document, so the next login fetches the hub's keys again.
    pub async fn forget_metadata(&self) {
        *self.metadata.write().await = None;
    }

    /// Returns the HTTP client in the form the OpenID library calls.
    pub fn http_client(&self) -> HubHttp {
        HubHttp(self.http.clone())
    }
}

/// The reqwest client as the OpenID library's HTTP client.
#[derive(Debug, Clone)]
pub struct HubHttp(reqwest::Client);

impl<'c> AsyncHttpClient<'c> for HubHttp {
    type Error = reqwest::Error;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, reqwest::Error>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(send(self.0.clone(), request))
    }
}

/// Sends one request of the OpenID library with reqwest.
async fn send(http: reqwest::Client, request: HttpRequest) -> Result<HttpResponse, reqwest::Error> {
    let (parts, body) = request.into_parts();
    let response = http
        .request(parts.method, parts.uri.to_string())
        .headers(parts.headers)
        .body(body)
        .send()
        .await?;
    let status = response.status();
    let headers: HeaderMap = response.headers().clone();
    let body = response.bytes().await?.to_vec();
    let mut converted = HttpResponse::new(body);
    *converted.status_mut() = status;
    *converted.headers_mut() = headers;
    Ok(converted)
}

/// Returns the claims of a compact JWS whose signature the OpenID library has verified, to read
/// the claims it has no types for.
pub(crate) fn verified_payload(token: &str) -> Option<serde_json::Value> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
    serde_json::from_slice(&bytes).ok()
}
