//! Web plumbing shared by the hub and the nodes: the page layout and its languages, browser
//! sessions with CSRF tokens, the error type that becomes a response, security headers, the
//! health check, the catalog search and guide views, and the API documentation. Routes of each role live in `tongban-hub` and `tongban-node`.

pub mod assets;
pub mod case_index;
pub mod catalog;
pub mod chrome;
pub mod error;
pub mod evaluation;
pub mod form;
pub mod health;
pub mod lang;
pub mod observe;
pub mod openapi;
pub mod passage;
pub mod random;
pub mod security;
pub mod session;
#[cfg(test)]
mod template_keys;

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

/// Adds what every router of a role needs around its routes: security headers, remembering
/// a `?lang=` choice, request ids and request logging.
pub fn finish(router: axum::Router) -> axum::Router {
    let mut router = router.layer(axum::middleware::from_fn(lang::remember_language));
    for layer in security::headers() {
        router = router.layer(layer);
    }
    observe::layer(router)
}
