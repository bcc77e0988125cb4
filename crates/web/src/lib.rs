//! Web plumbing shared by the hub and the nodes: the page layout and its languages, browser
//! sessions with CSRF tokens, the error type that becomes a response, security headers and
//! the health check. Routes of each role live in `tongban-hub` and `tongban-node`.

pub mod assets;
pub mod chrome;
pub mod error;
pub mod form;
pub mod health;
pub mod lang;
pub mod random;
pub mod security;
pub mod session;

pub use chrome::Chrome;
pub use error::{PageError, WebError};
pub use lang::RequestLang;
pub use session::{Session, SessionConfig, Sessions};

/// Renders a page template as an HTML response; a template that fails to render becomes a 500
/// and a log entry.
pub fn html(template: &impl askama::Template) -> axum::response::Response {
    use axum::response::IntoResponse;
    match template.render() {
        Ok(body) => axum::response::Html(body).into_response(),
        Err(error) => {
            tracing::error!(%error, "template failed to render");
            (
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "internal error",
            )
                .into_response()
        }
    }
}
