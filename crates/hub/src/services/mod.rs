//! The national service catalog as pages: search every catalog entry, and read its service
//! guide.

mod guide;
mod search;

use axum::Router;
use axum::routing::get;
use tongban_search::Hit;
use tongban_web::catalog::encode_path_segment;

use crate::HubState;

/// Path of the search page.
pub const SEARCH_PATH: &str = "/services";

/// Routes of the catalog pages.
pub fn routes() -> Router<HubState> {
    Router::new()
        .route(SEARCH_PATH, get(search::show))
        .route("/services/{source}/{record_id}", get(guide::show))
}

/// Returns the guide page of the entry with `source` and `record_id`.
pub fn guide_path(source: &str, record_id: &str) -> String {
    format!(
        "{SEARCH_PATH}/{}/{}",
        encode_path_segment(source),
        encode_path_segment(record_id)
    )
}

/// Returns the guide page of `hit`.
pub fn hit_path(hit: &Hit) -> String {
    guide_path(&hit.record.source, &hit.record.record_id)
}
