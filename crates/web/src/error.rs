//! The error of a web handler and the response it becomes.
//!
//! Which type to use where: handlers return [`WebError`]; library errors convert into it with
//! `?`. A failure the user caused becomes a 4xx with a message in their language; anything
//! unexpected becomes a 500 whose detail goes to the log, never to the response.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tongban_i18n::{Lang, Message};
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
            WebError::Forbidden => StatusCode::FORBIDDEN,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Store(error) if is_pool_timeout(error) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Store(_) | WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Returns the message shown to the user.
    pub fn message(&self) -> Message {
        match self {
            WebError::BadRequest(message) | WebError::TooManyRequests(message) => message.clone(),
            WebError::Unauthorized => Message::new("error-unauthorized"),
            WebError::Forbidden => Message::new("error-forbidden"),
            WebError::NotFound => Message::new("error-not-found"),
            WebError::Store(error) if is_pool_timeout(error) => Message::new("error-unavailable"),
            WebError::Store(_) | WebError::Internal(_) => Message::new("error-internal"),
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
        let body = serde_json::json!({
            "error": {
                "status": status.as_u16(),
                "message": {
                    "zh-CN": self.message().render(Lang::ZhCn),
                    "en": self.message().render(Lang::En),
                }
            }
        });
        (status, axum::Json(body)).into_response()
    }
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
