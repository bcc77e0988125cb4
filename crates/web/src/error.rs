//! The error of a web handler and the response it becomes.
//!
//! Which type to use where: handlers return [`WebError`]; library errors convert into it with
//! `?`. A failure the user caused becomes a 4xx with a message in their language; anything
//! unexpected becomes a 500 whose detail goes to the log, never to the response.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tongban_i18n::{Lang, Message};
use tongban_services::cases::CaseError;
use tongban_services::certificates::CertificateError;
use tongban_services::fields::FieldErrors;
use tongban_store::StoreError;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebError {
    /// The request is malformed or breaks a rule; the message says which, in both languages.
    #[error("bad request: {}", .0.render(Lang::En))]
    BadRequest(Message),
    /// No session, or the session is not logged in.
    #[error("login required")]
    Unauthorized,
    /// Logged in, but not allowed to do this.
    #[error("forbidden")]
    Forbidden,
    /// Not allowed, for the reason the message gives, such as a missing staff role or a
    /// missing CSRF header.
    #[error("forbidden: {}", .0.render(Lang::En))]
    Denied(Message),
    /// The request cannot apply to the resource as it is now, such as a step the case's state
    /// does not allow or a case that changed since it was read.
    #[error("conflict: {}", .0.render(Lang::En))]
    Conflict(Message),
    /// Input that breaks rules, by field; the message of each names the field.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// The request body is larger than the endpoint accepts.
    #[error("payload too large: {}", .0.render(Lang::En))]
    PayloadTooLarge(Message),
    /// Nothing here, or nothing the requester may know of.
    #[error("not found")]
    NotFound,
    /// Too many attempts; try again later.
    #[error("too many requests")]
    TooManyRequests(Message),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else that should not happen.
    #[error("internal error: {0}")]
    Internal(String),
}

impl WebError {
    /// Returns the HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Unauthorized => StatusCode::UNAUTHORIZED,
            WebError::Forbidden | WebError::Denied(_) => StatusCode::FORBIDDEN,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Store(error) if is_pool_timeout(error) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Store(_) | WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Returns the message shown to the user.
    pub fn message(&self) -> Message {
        match self {
            WebError::BadRequest(message)
            | WebError::TooManyRequests(message)
            | WebError::Denied(message)
            | WebError::Conflict(message)
            | WebError::PayloadTooLarge(message) => message.clone(),
            WebError::Invalid(errors) => match errors.iter().next() {
                Some(first) => first.message.clone(),
                None => Message::new("error-invalid"),
            },
            WebError::Unauthorized => Message::new("error-unauthorized"),
            WebError::Forbidden => Message::new("error-forbidden"),
            WebError::NotFound => Message::new("error-not-found"),
            WebError::Store(error) if is_pool_timeout(error) => Message::new("error-unavailable"),
            WebError::Store(_) | WebError::Internal(_) => Message::new("error-internal"),
        }
    }
}

impl From<CaseError> for WebError {
    /// Maps a case error to its status. A case someone may not see is not found, whether it
    /// exists or not. A step the case's state does not allow, a case that changed meanwhile and
    /// a time limit the calendar does not cover yet are conflicts. A missing staff role is
    /// forbidden, and invalid input keeps its field errors. Failures of storage become 500s
    /// with the detail logged.
    fn from(error: CaseError) -> WebError {
        match error {
            CaseError::NotFound => WebError::NotFound,
            CaseError::Invalid(errors) => WebError::Invalid(errors),
            CaseError::RoleMissing { .. } => WebError::Denied(error.message()),
            CaseError::Changed
            | CaseError::Transition(_)
            | CaseError::NotEditable { .. }
            | CaseError::ImplementationUnavailable { .. }
            | CaseError::Calendar(_) => WebError::Conflict(error.message()),
            CaseError::Store(error) => WebError::Store(error),
            CaseError::Certificate(error) => WebError::from(error),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<CertificateError> for WebError {
    /// Maps a certificate error to its status. A certificate someone may not see is not
    /// found. A seal that cannot sign, a missing trust list and a certificate ended before are
    /// conflicts; a missing staff role is forbidden.
    fn from(error: CertificateError) -> WebError {
        match error {
            CertificateError::NotFound => WebError::NotFound,
            CertificateError::RoleMissing { .. } => WebError::Denied(error.message()),
            CertificateError::ReasonRequired => {
                WebError::Invalid(tongban_services::fields::single("reason", error.message()))
            }
            CertificateError::AlreadyEnded { .. }
            | CertificateError::SealNotCertified { .. }
            | CertificateError::SealNotValid { .. }
            | CertificateError::NoTrustList => WebError::Conflict(error.message()),
            CertificateError::Store(error) => WebError::Store(error),
            other => WebError::Internal(other.to_string()),
        }
    }
}

fn is_pool_timeout(error: &StoreError) -> bool {
    error.is_unavailable()
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, source = ?std::error::Error::source(&self), "request failed");
        } else {
            tracing::debug!(error = %self, "request rejected");
        }
        let mut error = serde_json::json!({
            "status": status.as_u16(),
            "message": localized(&self.message()),
        });
        if let (WebError::Invalid(errors), Some(object)) = (&self, error.as_object_mut()) {
            let fields: Vec<serde_json::Value> = errors
                .iter()
                .map(|field| {
                    serde_json::json!({
                        "field": field.field,
                        "message": localized(&field.message),
                    })
                })
                .collect();
            object.insert("fields".to_owned(), serde_json::Value::Array(fields));
        }
        (status, axum::Json(serde_json::json!({ "error": error }))).into_response()
    }
}

/// Returns `message` in both languages, keyed by language tag.
fn localized(message: &Message) -> serde_json::Value {
    serde_json::json!({
        "zh-CN": message.render(Lang::ZhCn),
        "en": message.render(Lang::En),
    })
}

/// A failed page request: the error and the frame to show it in.
#[derive(Debug)]
pub struct PageError {
    /// The page frame, in the requester's language.
    pub chrome: crate::Chrome,
    /// What failed.
    pub error: WebError,
}

impl PageError {
    /// Returns a closure that wraps an error for the page framed by `chrome`, for `map_err`.
    pub fn in_page<E: Into<WebError>>(chrome: &crate::Chrome) -> impl FnOnce(E) -> PageError + '_ {
        move |error| PageError {
            chrome: chrome.clone(),
            error: error.into(),
        }
    }
}

#[derive(askama::Template)]
#[template(path = "error.html")]
struct ErrorTemplate<'a> {
    chrome: &'a crate::Chrome,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.error.status();
        if status.is_server_error() {
            tracing::error!(error = %self.error, source = ?std::error::Error::source(&self.error), "page failed");
        }
        let mut chrome = self.chrome;
        chrome.title = Message::new(match status {
            StatusCode::NOT_FOUND => "error-title-not-found",
            StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED => "error-title-forbidden",
            StatusCode::CONFLICT => "error-title-conflict",
            status if status.is_client_error() => "error-title-bad-request",
            _ => "error-title-internal",
        })
        .render(chrome.lang);
        let message = self.error.message().render(chrome.lang);
        let page = ErrorTemplate {
            chrome: &chrome,
            message,
        };
        (status, crate::html(&page)).into_response()
    }
}
