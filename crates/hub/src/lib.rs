//! The hub: the national entrance (accounts and single sign-on), the passage between nodes
//! and the common support. This crate holds its routes; the use cases are in
//! `tongban-services`.

mod accounts;
mod federation;
mod home;
pub mod oidc;
mod pages;
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
    let pages = Router::new()
        .route("/", get(home::show))
        .merge(federation::routes())
        .merge(accounts::routes())
        .merge(oidc::routes())
        .with_state(state);
    let router = Router::new()
        .route("/healthz", get(health::healthz))
        .with_state(health)
        .route("/static/app.css", get(tongban_web::assets::app_css))
        .merge(pages);
    tongban_web::finish(router)
}
