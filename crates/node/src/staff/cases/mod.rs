//! The clerk workbench: queues of the cases a clerk may handle, one case in full with the
//! forms of the steps the clerk's roles allow in its state, and its material files.
//!
//! A clerk sees the submitted cases of their department, or of the whole node when they have
//! none. Any other case is not found (404), whether it exists or not.

mod act;
mod action_forms;
mod data_check;
mod detail;
mod material;
mod queue;

use axum::Router;
use axum::http::{HeaderMap, Uri};
use axum::routing::{get, post};
use tongban_i18n::{Lang, Message};
use tongban_services::staff::Staff;
use tongban_web::{Chrome, PageError, Session, WebError};

use super::StaffVisitor;
use crate::NodeState;

pub(crate) use action_forms::clerk_action;
pub(crate) use queue::parse_queue;

/// Path of the queues.
pub const QUEUE_PATH: &str = "/staff/cases";

/// Routes of the workbench.
pub fn routes() -> Router<NodeState> {
    Router::new()
        .route(QUEUE_PATH, get(queue::show))
        .route("/staff/cases/{case_id}", get(detail::show))
        .route("/staff/cases/{case_id}/act", post(act::submit))
        .route(
            "/staff/cases/{case_id}/data-checks",
            post(data_check::submit),
        )
        .route(
            "/staff/cases/{case_id}/materials/{material_id}",
            get(material::download),
        )
}

/// Returns the workbench page of case `id`.
pub fn clerk_case_path(id: &str) -> String {
    format!(
        "{QUEUE_PATH}/{}",
        tongban_web::catalog::encode_path_segment(id)
    )
}

/// A page request of a logged-in clerk.
pub(crate) struct ClerkPage {
    /// The frame, with the staff navigation, the clerk's name and the logout form.
    pub chrome: Chrome,
    /// The staff session, whose CSRF token the forms carry.
    pub session: Session,
    /// The clerk.
    pub clerk: Staff,
}

impl ClerkPage {
    /// Loads the clerk of the request for a page titled by message `title_key`; `None` when
    /// no clerk is logged in.
    ///
    /// # Errors
    /// A [`PageError`] when the database fails.
    pub(crate) async fn load(
        state: &NodeState,
        lang: Lang,
        title_key: &'static str,
        uri: &Uri,
        headers: &HeaderMap,
    ) -> Result<Option<ClerkPage>, PageError> {
        let mut chrome = Chrome::new(lang, state.settings.name(lang), title_key, uri)
            .link("/staff", "staff-home-title")
            .link(QUEUE_PATH, "case-queue-title")
            .link(super::CERTIFICATES_PATH, "certificate-staff-title")
            .link(
                crate::evaluation::RECTIFICATIONS_PATH,
                "rectification-list-title",
            )
            .link(crate::evaluation::ALERTS_PATH, "alerts-title")
            .link(crate::evaluation::SUPERVISION_PATH, "supervision-title");
        let visitor = StaffVisitor::load(state, headers)
            .await
            .map_err(PageError::in_page(&chrome))?;
        let Some(clerk) = visitor.staff else {
            return Ok(None);
        };
        if clerk.has_role(super::grants::ADMIN_ROLE) {
            chrome = chrome.link(super::GRANTS_PATH, "data-grants-title");
        }
        chrome.user_name = Some(clerk.name.clone());
        chrome.logout_action = Some("/staff/logout".to_owned());
        chrome.csrf_token = Some(visitor.session.csrf_token().to_owned());
        Ok(Some(ClerkPage {
            chrome,
            session: visitor.session,
            clerk,
        }))
    }

    /// Wraps `error` in this page's frame.
    pub(crate) fn error(&self, error: impl Into<WebError>) -> PageError {
        PageError {
            chrome: self.chrome.clone(),
            error: error.into(),
        }
    }

    /// Returns the error of a form whose CSRF token is not the session's.
    pub(crate) fn csrf_error(&self) -> PageError {
        self.error(WebError::BadRequest(Message::new("error-csrf")))
    }
}

/// Returns the redirect to the staff login.
pub(crate) fn staff_login() -> axum::response::Response {
    crate::cases::see_other("/staff/login")
}
