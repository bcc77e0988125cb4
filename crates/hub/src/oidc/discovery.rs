//! `GET /.well-known/openid-configuration`: the discovery document (OpenID Connect Discovery
//! 1.0 section 3), from which relying parties learn the endpoints and the signing keys.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use openidconnect::core::{
    CoreAuthDisplay, CoreClaimName, CoreClaimType, CoreClientAuthMethod, CoreGrantType,
    CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm,
    CoreJwsSigningAlgorithm, CoreResponseMode, CoreResponseType, CoreSubjectIdentifierType,
};
use openidconnect::{
    AdditionalProviderMetadata, AuthUrl, IssuerUrl, JsonWebKeySetUrl, LanguageTag,
    ProviderMetadata, ResponseTypes, Scope, TokenUrl, UserInfoUrl,
};
use serde::{Deserialize, Serialize};

use super::claims::RESIDENT_ID_SCOPE;
use super::{AUTHORIZE_PATH, JWKS_PATH, LOGOUT_PATH, TOKEN_PATH, USERINFO_PATH};
use crate::HubState;

/// Discovery fields openidconnect's core metadata has no place for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HubMetadataExtras {
    /// RP-Initiated Logout 1.0 section 2.1.
    pub end_session_endpoint: String,
    /// RFC 8414 section 2: only `S256`.
    pub code_challenge_methods_supported: Vec<String>,
    /// RFC 9207 section 3: authorization responses carry `iss`.
    pub authorization_response_iss_parameter_supported: bool,
}

impl AdditionalProviderMetadata for HubMetadataExtras {}

/// The hub's discovery document.
pub type HubProviderMetadata = ProviderMetadata<
    HubMetadataExtras,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// `GET /.well-known/openid-configuration`.
///
/// NOTE: OpenID Connect Discovery 1.0 section 3 requires `RS256` among the ID token signing
/// algorithms, and the hub signs only ES256 and EdDSA. Relying parties that check the document
/// strictly, such as authlib's `OpenIDProviderMetadata.validate()`, reject it.
pub async fn show(State(state): State<HubState>) -> Response {
    match metadata(&state.settings.public_url) {
        Ok(metadata) => ([(CACHE_CONTROL, "public, max-age=300")], Json(metadata)).into_response(),
        Err(error) => {
            tracing::error!(%error, "the public URL gives no valid endpoint URLs");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Builds the discovery document of the hub reached at `public_url`.
///
/// # Errors
/// The URL parser's error when `public_url` is not an absolute URL.
pub fn metadata(public_url: &str) -> Result<HubProviderMetadata, url::ParseError> {
    let at = |path: &str| format!("{public_url}{path}");
    let claims = [
        "sub",
        "iss",
        "aud",
        "exp",
        "iat",
        "auth_time",
        "nonce",
        "name",
        "assurance_level",
        "account_type",
        "acting_for",
        "resident_id",
    ];

    let extras = HubMetadataExtras {
        end_session_endpoint: at(LOGOUT_PATH),
        code_challenge_methods_supported: vec!["S256".to_owned()],
        authorization_response_iss_parameter_supported: true,
    };

    let metadata = HubProviderMetadata::new(
        IssuerUrl::new(public_url.to_owned())?,
        AuthUrl::new(at(AUTHORIZE_PATH))?,
        JsonWebKeySetUrl::new(at(JWKS_PATH))?,
        vec![ResponseTypes::new(vec![CoreResponseType::Code])],
        vec![CoreSubjectIdentifierType::Public],
        vec![
            CoreJwsSigningAlgorithm::EcdsaP256Sha256,
            CoreJwsSigningAlgorithm::EdDsa,
        ],
        extras,
    )
    .set_token_endpoint(Some(TokenUrl::new(at(TOKEN_PATH))?))
    .set_userinfo_endpoint(Some(UserInfoUrl::new(at(USERINFO_PATH))?))
    .set_scopes_supported(Some(vec![
        Scope::new("openid".to_owned()),
        Scope::new("profile".to_owned()),
        Scope::new(RESIDENT_ID_SCOPE.to_owned()),
    ]))
    .set_response_modes_supported(Some(vec![CoreResponseMode::Query]))
    .set_grant_types_supported(Some(vec![CoreGrantType::AuthorizationCode]))
    .set_token_endpoint_auth_methods_supported(Some(vec![
        CoreClientAuthMethod::ClientSecretBasic,
        CoreClientAuthMethod::ClientSecretPost,
    ]))
    .set_claims_supported(Some(
        claims
            .iter()
            .map(|claim| CoreClaimName::new((*claim).to_owned()))
            .collect(),
    ))
    .set_ui_locales_supported(Some(vec![
        LanguageTag::new("zh-CN".to_owned()),
        LanguageTag::new("en".to_owned()),
    ]))
    .set_claims_parameter_supported(Some(false))
    .set_request_parameter_supported(Some(false))
    .set_request_uri_parameter_supported(Some(false));
    Ok(metadata)
}
