//! A node: a provincial, city or department platform that handles the cases of its own
//! authorities. This crate holds its routes; the use cases are in `tongban-services`.

pub mod api;
pub mod auth;
mod case_desk;
pub mod cases;
mod certificates;
mod chrome;
mod evaluation;
pub mod federation;
mod home;
mod passage;
mod services;
pub mod staff;
mod state;

use axum::Router;
use axum::routing::get;

pub use case_desk::{CaseClock, CaseDesk};
pub use state::{NodeKind, NodeSettings, NodeState};

/// Builds the node's router.
pub fn router(state: NodeState) -> Router {
    let health = Router::new()
        .route("/healthz", get(federation::healthz))
        .with_state(state.clone());
    let relying_party = match auth::RelyingParty::new() {
        Ok(relying_party) => relying_party,
        Err(error) => {
            tracing::error!(%error, "the HTTP client for the hub cannot be built; login will fail");
            return Router::new();
        }
    };
    let api = api::router(state.clone());
    let passage = passage::routes().with_state(state.clone());
    let data_sharing = api::data_sharing::routes().with_state(state.clone());
    let pages = Router::new()
        .route("/", get(home::show))
        .merge(services::routes())
        .merge(auth::routes())
        .merge(staff::routes())
        .merge(cases::routes())
        .merge(certificates::routes())
        .merge(evaluation::routes())
        .layer(axum::Extension(relying_party))
        .fallback(not_found)
        .with_state(state);
    let router = health
        .route("/static/app.css", get(tongban_web::assets::app_css))
        .merge(api)
        .merge(data_sharing)
        .merge(passage)
        .merge(pages);
    tongban_web::finish(router)
}

/// Any other path: the error page in the visitor's language, with status 404.
async fn not_found(
    axum::extract::State(state): axum::extract::State<NodeState>,
    tongban_web::RequestLang(lang): tongban_web::RequestLang,
    uri: axum::http::Uri,
) -> tongban_web::PageError {
    let chrome = tongban_web::Chrome::new(
        lang,
        state.settings.name(lang),
        "error-title-not-found",
        &uri,
    );
    tongban_web::PageError {
        chrome,
        error: tongban_web::WebError::NotFound,
    }
}
