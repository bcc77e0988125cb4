//! Grants of data services at a node, as staff pages. `GET /staff/data/grants` lists the
//! grants the node has and gave, with a decision form for each request it provides. `GET`
//! and `POST /staff/data/grants/new` request a grant from a provider, and `POST
//! /staff/data/grants/{grant_id}/decision` approves or denies one. As in the staff API,
//! requesting and deciding need the admin role.

mod decide;
mod list;
mod nodes;
mod request;

use axum::Router;
use axum::http::{HeaderMap, Uri};
use axum::routing::{get, post};
use tongban_i18n::{Lang, Message};
use tongban_web::{PageError, WebError};

use crate::NodeState;
use crate::staff::cases::ClerkPage;

/// Path of the grant list.
pub const GRANTS_PATH: &str = "/staff/data/grants";

/// Path of the request form.
const REQUEST_PATH: &str = "/staff/data/grants/new";

/// The role that may request and decide grants.
pub(crate) const ADMIN_ROLE: &str = "admin";

/// Routes of the grant pages.
pub fn routes() -> Router<NodeState> {
    Router::new()
        .route(GRANTS_PATH, get(list::show))
        .route(REQUEST_PATH, get(request::show).post(request::submit))
        .route(
            "/staff/data/grants/{grant_id}/decision",
            post(decide::submit),
        )
}

/// Loads the clerk of a page that needs the admin role; `None` when no clerk is logged in.
///
/// # Errors
/// The 403 page for a clerk without the admin role, or a [`PageError`] when the database
/// fails.
async fn load_admin(
    state: &NodeState,
    lang: Lang,
    title_key: &'static str,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<Option<ClerkPage>, PageError> {
    let Some(clerk) = ClerkPage::load(state, lang, title_key, uri, headers).await? else {
        return Ok(None);
    };
    if !clerk.clerk.has_role(ADMIN_ROLE) {
        return Err(clerk.error(WebError::Denied(Message::new("data-grant-admin-only"))));
    }
    Ok(Some(clerk))
}
