//! The hub's OpenID Provider: the unified identity every node and outside system logs people in
//! with. Authorization code flow with PKCE (S256) only, confidential clients authenticated with
//! `client_secret_basic` or `client_secret_post`, ID tokens signed ES256 or EdDSA, and
//! RP-initiated logout.

mod authorize;
pub mod claims;
mod discovery;
mod es256;
mod jwks;
pub mod keys;
mod logout;
mod protocol;
mod token;
pub(crate) mod userinfo;

use axum::Router;
use axum::routing::get;

use crate::HubState;

pub use claims::{HubIdToken, TongbanClaims};
pub use es256::Es256SigningKey;
pub use keys::{KeyFileError, OidcKeys};

/// Path of the discovery document (OpenID Connect Discovery 1.0 section 4).
pub const DISCOVERY_PATH: &str = "/.well-known/openid-configuration";
/// Path of the authorization endpoint.
pub const AUTHORIZE_PATH: &str = "/oidc/authorize";
/// Path of the token endpoint.
pub const TOKEN_PATH: &str = "/oidc/token";
/// Path of the userinfo endpoint.
pub const USERINFO_PATH: &str = "/oidc/userinfo";
/// Path of the published signing keys.
pub const JWKS_PATH: &str = "/oidc/jwks";
/// Path of the end-session endpoint of RP-initiated logout.
pub const LOGOUT_PATH: &str = "/oidc/logout";

/// Returns the routes of the OpenID Provider.
pub fn routes() -> Router<HubState> {
    Router::new()
        .route(DISCOVERY_PATH, get(discovery::show))
        .route(JWKS_PATH, get(jwks::show))
        .route(
            AUTHORIZE_PATH,
            get(authorize::from_query).post(authorize::from_form),
        )
        .route(TOKEN_PATH, axum::routing::post(token::exchange))
        .route(USERINFO_PATH, get(userinfo::show).post(userinfo::show))
        .route(LOGOUT_PATH, get(logout::from_query).post(logout::from_form))
}
