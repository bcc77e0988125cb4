//! Evaluation at the hub: the national supervision statistics and their export, and rating a
//! case of the national case index at the hub portal.

mod rating;
mod supervision;

use axum::Router;
use axum::routing::get;

use crate::HubState;

/// Path of the national supervision page.
pub const SUPERVISION_PATH: &str = "/supervision";

/// Returns the routes of the supervision and rating pages.
pub fn routes() -> Router<HubState> {
    Router::new()
        .route(SUPERVISION_PATH, get(supervision::show))
        .route("/supervision/export", get(supervision::export))
        .route(
            "/cases/{case_number}/rating",
            get(rating::show).post(rating::submit),
        )
}

/// Returns the path of the hub's rating page of case `case_number`.
pub fn rating_path(case_number: &str) -> String {
    format!(
        "/cases/{}/rating",
        tongban_web::catalog::encode_path_segment(case_number)
    )
}
