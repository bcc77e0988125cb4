//! The node's staff: clerks and supervisors log in at the node with their own accounts and a
//! cookie of their own, separate from the people who apply.

pub mod cases;
mod certificates;
mod grants;
mod home;
mod login;

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use tongban_services::staff::{self, Staff};
use tongban_web::{Session, WebError};

use crate::NodeState;

pub use certificates::CERTIFICATES_PATH;
pub use grants::GRANTS_PATH;

/// Routes of the staff area.
pub fn routes() -> Router<NodeState> {
    Router::new()
        .route("/staff", get(home::show))
        .route("/staff/login", get(login::show).post(login::submit))
        .route("/staff/logout", post(login::log_out))
        .merge(cases::routes())
        .merge(grants::routes())
        .route(certificates::CERTIFICATES_PATH, get(certificates::show))
        .route("/staff/certificates/{id}/status", post(certificates::end))
}

/// The staff member of a request's staff session, with the session.
#[derive(Debug)]
pub struct StaffVisitor {
    /// The session.
    pub session: Session,
    /// The staff member logged in, if any.
    pub staff: Option<Staff>,
}

impl StaffVisitor {
    /// Loads the staff session of the request, or a new one.
    ///
    /// # Errors
    /// [`WebError::Store`] when the database fails.
    pub async fn load(state: &NodeState, headers: &HeaderMap) -> Result<StaffVisitor, WebError> {
        let session = state.staff_sessions.load_or_new(headers).await?;
        let staff = match &session.account_id {
            Some(id) => staff::find_staff(&state.store, id)
                .await
                .map_err(|error| WebError::Internal(error.to_string()))?,
            None => None,
        };
        Ok(StaffVisitor { session, staff })
    }
}
