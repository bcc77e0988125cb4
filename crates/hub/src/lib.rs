//! The hub: the national entrance (accounts and single sign-on), the passage between nodes
//! and the common support. This crate holds its routes; the use cases are in
//! `tongban-services`.

mod accounts;
pub mod api;
mod cases;
pub mod certificates;
mod data_sharing;
mod evaluation;
mod federation;
mod home;
pub mod oidc;
mod pages;
mod passage;
mod services;
mod session;
mod state;

use axum::Router;
use axum::routing::get;
use tongban_web::health::{self, HealthInfo};

pub use state::{HubSettings, HubState};

/// Builds the hub's router.
pub fn router(state: HubState) -> Router {
    let health = HealthInfo {
        role: "hub",
        instance_id: state.settings.id.clone(),
        store: state.store.clone(),
    };
    let api = api::router(state.clone());
    let pages = Router::new()
        .route("/", get(home::show))
        .merge(services::routes())
        .merge(cases::routes())
        .merge(evaluation::routes())
        .merge(data_sharing::routes())
        .merge(federation::routes())
        .merge(passage::routes())
        .merge(accounts::routes())
        .merge(oidc::routes())
        .fallback(not_found)
        .with_state(state);
    let router = Router::new()
        .route("/healthz", get(health::healthz))
        .with_state(health)
        .route("/static/app.css", get(tongban_web::assets::app_css))
        .merge(api)
        .merge(pages);
    tongban_web::finish(router)
}

/// Any other path: the error page in the visitor's language, with status 404.
async fn not_found(
    axum::extract::State(state): axum::extract::State<HubState>,
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
