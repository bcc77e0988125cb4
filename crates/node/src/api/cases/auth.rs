//! Authentication of the case API, and the header that keeps other sites from calling it.
//!
//! The API is authenticated by the browser sessions of the pages: the hub login's session for
//! applicant endpoints, the staff session for clerk endpoints. Every request that changes data
//! must carry `X-Requested-With: tongban`. A form or link on another site cannot add a header,
//! and a script on another origin needs a CORS preflight to add one, which the node never
//! grants, so such requests fail before any session cookie is used.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::Method;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use tongban_i18n::Message;
use tongban_services::cases::{Applicant, Clerk};
use tongban_web::WebError;

use crate::NodeState;
use crate::auth::Viewer;
use crate::cases::applicant_of;
use crate::staff::StaffVisitor;

/// The header a request that changes data must carry, and its value.
pub const CSRF_HEADER: (&str, &str) = ("x-requested-with", "tongban");

/// Rejects a request that changes data without [`CSRF_HEADER`].
fn check_csrf_header(parts: &Parts) -> Result<(), WebError> {
    if matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let (name, expected) = CSRF_HEADER;
    let sent = parts
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok());
    if sent.is_some_and(|value| value.eq_ignore_ascii_case(expected)) {
        Ok(())
    } else {
        Err(WebError::Denied(Message::new("case-api-csrf-header")))
    }
}

/// The applicant of a request: a person logged in through the hub.
#[derive(Debug)]
pub struct ApiApplicant(pub Applicant);

impl FromRequestParts<NodeState> for ApiApplicant {
    type Rejection = WebError;

    /// # Errors
    /// 401 without a login, 403 for an account without a resident ID number or a change
    /// without [`CSRF_HEADER`].
    async fn from_request_parts(
        parts: &mut Parts,
        state: &NodeState,
    ) -> Result<ApiApplicant, WebError> {
        let session = state
            .sessions
            .load(&parts.headers)
            .await?
            .ok_or(WebError::Unauthorized)?;
        let viewer = Viewer::of(&session).ok_or(WebError::Unauthorized)?;
        check_csrf_header(parts)?;
        let applicant = applicant_of(&viewer)
            .ok_or_else(|| WebError::Denied(Message::new("case-page-no-resident-id")))?;
        Ok(ApiApplicant(applicant))
    }
}

/// The clerk of a request: a staff member logged in at the node.
#[derive(Debug)]
pub struct ApiClerk(pub Clerk);

impl FromRequestParts<NodeState> for ApiClerk {
    type Rejection = WebError;

    /// # Errors
    /// 401 without a staff login, 403 for a change without [`CSRF_HEADER`].
    async fn from_request_parts(
        parts: &mut Parts,
        state: &NodeState,
    ) -> Result<ApiClerk, WebError> {
        let visitor = StaffVisitor::load(state, &parts.headers).await?;
        let clerk = visitor.staff.ok_or(WebError::Unauthorized)?;
        check_csrf_header(parts)?;
        Ok(ApiClerk(clerk))
    }
}

/// A JSON body whose rejection is an API error naming what is wrong, in both languages.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    /// # Errors
    /// 400 for a body that is not JSON of the endpoint's shape.
    async fn from_request(request: Request, state: &S) -> Result<ApiJson<T>, WebError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(WebError::BadRequest(
                Message::new("case-api-body-invalid").arg("detail", rejection.body_text()),
            )),
        }
    }
}
