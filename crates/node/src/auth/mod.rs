//! Login at a node through the hub: the node is a relying party of the hub's OpenID Provider
//! (authorization code flow with PKCE), so a person who logged in at any portal is recognised
//! here without typing a password again.

mod callback;
mod login;
mod logout;
mod relying_party;

use axum::Router;
use axum::routing::{get, post};

pub use relying_party::{ActingFor, RelyingParty, Viewer};

use crate::NodeState;

/// Routes of login and logout.
pub fn routes() -> Router<NodeState> {
    Router::new()
        .route("/login", get(login::start))
        .route("/auth/callback", get(callback::finish))
        .route("/logout", post(logout::end))
}

/// Session keys of a login in progress and of a logged-in person.
pub(crate) mod keys {
    pub const STATE: &str = "login_state";
    pub const NONCE: &str = "login_nonce";
    pub const PKCE_VERIFIER: &str = "login_pkce_verifier";
    pub const RETURN_TO: &str = "login_return_to";
    pub const NAME: &str = "name";
    pub const ASSURANCE_LEVEL: &str = "assurance_level";
    pub const ACCOUNT_TYPE: &str = "account_type";
    pub const ACTING_FOR: &str = "acting_for";
    pub const RESIDENT_ID: &str = "resident_id";
    pub const ID_TOKEN: &str = "id_token";
    pub const HUB_ACCESS_TOKEN: &str = "hub_access_token";
}

/// Returns `target` if it is a path on this portal (`/…` but not `//…`), else `/`, so a login
/// can never send someone to another site.
pub(crate) fn local_path(target: Option<&str>) -> String {
    match target {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_kept() {
        assert_eq!(local_path(Some("/cases?id=1")), "/cases?id=1");
        assert_eq!(local_path(Some("//evil.example/x")), "/");
        assert_eq!(local_path(Some("https://evil.example/")), "/");
        assert_eq!(local_path(Some("/\\evil.example")), "/");
        assert_eq!(local_path(None), "/");
    }
}
