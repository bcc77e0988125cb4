//! The hub's side of the federation API: nodes enrol here, fetch the signed trust list and
//! have their departments' e-seals certified.

mod enroll;
mod error;
mod hub_key;
mod seals;
mod trust_list;

use axum::Router;
use axum::routing::{get, post};

use crate::HubState;

/// Routes of the federation API.
pub fn routes() -> Router<HubState> {
    Router::new()
        .route("/api/federation/enroll", post(enroll::enroll))
        .route("/api/federation/trust-list", get(trust_list::show))
        .route("/api/federation/seals", post(seals::certify))
        .route("/api/federation/hub-key", get(hub_key::show))
}
