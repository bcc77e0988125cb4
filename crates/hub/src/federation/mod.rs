//! The hub's side of the federation API: nodes enrol here and fetch the signed trust list.

mod enroll;
mod error;
mod trust_list;

use axum::Router;
use axum::routing::{get, post};

use crate::HubState;

/// Routes of the federation API.
pub fn routes() -> Router<HubState> {
    Router::new()
        .route("/api/federation/enroll", post(enroll::enroll))
        .route("/api/federation/trust-list", get(trust_list::show))
}
