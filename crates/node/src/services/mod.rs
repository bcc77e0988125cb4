//! The node's implementation list as pages: search what the node offers, and read the guide of
//! one implementation before applying.

mod guide;
mod list;

use axum::Router;
use axum::routing::get;
use tongban_search::Hit;
use tongban_web::catalog::encode_path_segment;

use crate::NodeState;

/// Path of the list and search page.
pub const LIST_PATH: &str = "/services";

/// Routes of the service pages.
pub fn routes() -> Router<NodeState> {
    Router::new()
        .route(LIST_PATH, get(list::show))
        .route("/services/{implementation_id}", get(guide::show))
}

/// Returns the guide page of implementation `id`.
pub fn guide_path(id: &str) -> String {
    format!("{LIST_PATH}/{}", encode_path_segment(id))
}

/// Returns the application form of implementation `id`, which the applications module
/// serves.
pub fn apply_path(id: &str) -> String {
    format!("{}/apply", guide_path(id))
}

/// Returns the guide page of `hit`, which the node indexed under its implementation id.
pub fn hit_path(hit: &Hit) -> String {
    guide_path(hit.offer_id.as_deref().unwrap_or_default())
}
