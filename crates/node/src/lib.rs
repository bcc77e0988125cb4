//! A node: a provincial, city or department platform that handles the cases of its own
//! authorities. This crate holds its routes; the use cases are in `tongban-services`.

pub mod auth;
mod chrome;
pub mod federation;
mod home;
pub mod staff;
mod state;

use axum::Router;
use axum::routing::get;

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
    let pages = Router::new()
        .route("/", get(home::show))
        .merge(auth::routes())
        .merge(staff::routes())
        .layer(axum::Extension(relying_party))
        .with_state(state);
    let router = health
        .route("/static/app.css", get(tongban_web::assets::app_css))
        .merge(pages);
    tongban_web::finish(router)
}
