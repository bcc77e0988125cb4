//! The hub's account pages: registration, login and logout, and the account page that shows
//! the person's profile and lets them register legal persons and choose whom to act for.

mod acting;
mod data_access;
mod legal_persons;
mod login;
mod logout;
mod profile;
mod register;
mod verify;

use axum::Router;
use axum::routing::{get, post};
use serde::Deserialize;

use crate::HubState;

/// Returns the routes of the account pages.
pub fn routes() -> Router<HubState> {
    Router::new()
        .route("/register", get(register::show).post(register::submit))
        .route("/login", get(login::show).post(login::submit))
        .route("/logout", post(logout::submit))
        .route("/account", get(profile::show))
        .route("/account/acting", get(acting::show).post(acting::submit))
        .route("/account/legal-persons", post(legal_persons::submit))
        .route("/account/verify", post(verify::submit))
        .route("/account/data-access", get(data_access::show))
}

/// The `return_to` query parameter of a page that sends the person on afterwards.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ReturnTo {
    return_to: Option<String>,
}

/// Returns the login page's URL that comes back to `path` afterwards.
pub fn login_url(path: &str) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    serializer.append_pair("return_to", path);
    format!("/login?{}", serializer.finish())
}
