//! `GET /staff`: the start page of the staff area, with links to the case queues.

use askama::Template;
use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tongban_services::staff::Staff;
use tongban_web::{Chrome, PageError, RequestLang};

use super::StaffVisitor;
use crate::NodeState;

#[derive(Template)]
#[template(path = "staff_home.html")]
struct HomePage {
    chrome: Chrome,
    staff: Staff,
    node_name: String,
}

/// `GET /staff`: who is logged in, with which roles, at which node, and the links to the case
/// queues; the login form for anyone else.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let chrome = Chrome::new(lang, state.settings.name(lang), "staff-home-title", &uri)
        .link("/", "node-nav-home");
    let visitor = StaffVisitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&chrome))?;
    let Some(staff) = visitor.staff else {
        return Ok((StatusCode::SEE_OTHER, [(LOCATION, "/staff/login")]).into_response());
    };
    let mut chrome = chrome.link(super::cases::QUEUE_PATH, "case-queue-title");
    if staff.has_role(super::grants::ADMIN_ROLE) {
        chrome = chrome.link(super::GRANTS_PATH, "data-grants-title");
    }
    chrome.user_name = Some(staff.name.clone());
    chrome.logout_action = Some("/staff/logout".to_owned());
    chrome.csrf_token = Some(visitor.session.csrf_token().to_owned());
    let node_name = state.settings.name(lang).to_owned();
    Ok(tongban_web::html(&HomePage {
        chrome,
        staff,
        node_name,
    }))
}
