//! Evaluation at a node: the applicant rates a closed case; clerks follow up bad ratings,
//! supervisors review appeals; staff see the local supervision statistics, export them and
//! read their alerts.

mod alerts;
mod rating;
mod rectifications;
mod supervision;

use axum::Router;
use axum::routing::get;

use crate::NodeState;

/// Path of the supervision page.
pub const SUPERVISION_PATH: &str = "/staff/supervision";

/// Path of the rectification list.
pub const RECTIFICATIONS_PATH: &str = "/staff/rectifications";

/// Path of the alerts page.
pub const ALERTS_PATH: &str = "/staff/alerts";

/// Routes of the rating, rectification, supervision and alert pages.
pub fn routes() -> Router<NodeState> {
    Router::new()
        .route(
            "/cases/{case_id}/rating",
            get(rating::show).post(rating::submit),
        )
        .route(SUPERVISION_PATH, get(supervision::show))
        .route("/staff/supervision/export", get(supervision::export))
        .route(RECTIFICATIONS_PATH, get(rectifications::list))
        .route(
            "/staff/rectifications/{id}",
            get(rectifications::show).post(rectifications::step),
        )
        .route(ALERTS_PATH, get(alerts::show))
}

/// Returns the path of the rating page of case `case_id`.
pub fn rating_path(case_id: &str) -> String {
    format!("{}/rating", crate::cases::case_path(case_id))
}
