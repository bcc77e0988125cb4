//! The applicant's case pages: the application form of a service, "my cases", one case with
//! its history, and the forms to answer a correction request and to withdraw.
//!
//! Every page needs a login through the hub; a person who is not logged in is sent there and
//! back. A case that is not the person's own, acting as they do now, is not found (404), so
//! case ids cannot be probed.

mod answer;
mod apply;
mod by_number;
mod detail;
pub(crate) mod download;
mod elsewhere;
mod lend_views;
pub(crate) use lend_views::{LoanRow, loan_rows};
pub(crate) mod form_views;
mod list;
mod material;
pub(crate) mod upload;
pub(crate) mod views;
mod withdraw;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tongban_i18n::{Lang, Message};
use tongban_services::cases::{ActingFor, Applicant};
use tongban_web::{Chrome, PageError, Session, WebError};

use crate::NodeState;
use crate::auth::Viewer;
use crate::chrome::page_chrome;

/// Path of "my cases".
pub const CASES_PATH: &str = "/cases";

/// Routes of the applicant's case pages.
pub fn routes() -> Router<NodeState> {
    Router::new()
        .route(
            "/services/{implementation_id}/apply",
            get(apply::show)
                .post(apply::save)
                .layer(DefaultBodyLimit::max(upload::UPLOAD_BODY_LIMIT)),
        )
        .route(CASES_PATH, get(list::show))
        .route("/cases/{case_id}", get(detail::show))
        .route("/cases/by-number/{case_number}", get(by_number::show))
        .route(
            "/cases/{case_id}/correction",
            post(answer::submit).layer(DefaultBodyLimit::max(upload::UPLOAD_BODY_LIMIT)),
        )
        .route("/cases/{case_id}/withdraw", post(withdraw::submit))
        .route(
            "/cases/{case_id}/materials/{material_id}",
            get(material::download),
        )
}

/// Returns the page of case `id`.
pub fn case_path(id: &str) -> String {
    format!(
        "{CASES_PATH}/{}",
        tongban_web::catalog::encode_path_segment(id)
    )
}

/// Returns the applicant a person logged in through the hub applies as: themselves, or the
/// legal person the session acts for as its agent. `None` when the hub released no resident
/// ID number, as for operator accounts.
pub(crate) fn applicant_of(viewer: &Viewer) -> Option<Applicant> {
    Some(Applicant {
        subject: viewer.subject.clone(),
        name: viewer.name.clone(),
        id_number: viewer.resident_id.clone()?,
        acting_for: viewer.acting_for.as_ref().map(|legal_person| ActingFor {
            credit_code: legal_person.credit_code.clone(),
            name: legal_person.name.clone(),
        }),
    })
}

/// A page request of a person logged in through the hub.
pub(crate) struct PersonPage {
    /// The frame, with the person's name and the logout form.
    pub chrome: Chrome,
    /// The session, whose CSRF token the page's forms carry.
    pub session: Session,
    /// The applicant the person applies as.
    pub applicant: Applicant,
}

impl PersonPage {
    /// Loads the person of the request for a page titled by message `title_key`. Returns
    /// `None` when nobody is logged in.
    ///
    /// # Errors
    /// A [`PageError`] when the database fails, or 403 when the account has no resident ID
    /// number to apply with.
    pub(crate) async fn load(
        state: &NodeState,
        lang: Lang,
        title_key: &'static str,
        uri: &Uri,
        headers: &HeaderMap,
    ) -> Result<Option<PersonPage>, PageError> {
        let frame = page_chrome(state, lang, title_key, uri, None);
        let session = state
            .sessions
            .load(headers)
            .await
            .map_err(PageError::in_page(&frame))?;
        let Some((session, viewer)) =
            session.and_then(|session| Viewer::of(&session).map(|viewer| (session, viewer)))
        else {
            return Ok(None);
        };
        let chrome = page_chrome(state, lang, title_key, uri, Some(&session));
        let Some(applicant) = applicant_of(&viewer) else {
            return Err(PageError {
                chrome,
                error: WebError::Denied(Message::new("case-page-no-resident-id")),
            });
        };
        Ok(Some(PersonPage {
            chrome,
            session,
            applicant,
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

/// Returns the redirect to the hub login that comes back to the page at `uri`. A form post
/// comes back to `page` instead, because the login cannot repeat the post.
pub(crate) fn login_redirect(uri: &Uri, page: Option<&str>) -> Response {
    let here = page.unwrap_or_else(|| uri.path_and_query().map_or("/", |pq| pq.as_str()));
    let encoded: String = url::form_urlencoded::byte_serialize(here.as_bytes()).collect();
    see_other(&format!("/login?return_to={encoded}"))
}

/// Returns `303 See Other` to `target`.
pub(crate) fn see_other(target: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, target.to_owned())]).into_response()
}
