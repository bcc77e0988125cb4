//! The holder's certificate pages and the public verification page. "My certificates" lists
//! this node's certificates and, from the hub's index, those of the others. One certificate
//! has its page with the QR code, and its PDF.
//!
//! A person sees only the certificates they hold, acting as they do now; any other id is not
//! found (404), so identifiers cannot be probed.

mod detail;
mod elsewhere;
mod list;
mod verify_page;
pub(crate) mod views;
pub(crate) mod wallet;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;

use crate::NodeState;

/// Path of "my certificates".
pub const CERTIFICATES_PATH: &str = "/certificates";

/// Path of the verification page.
pub const VERIFY_PATH: &str = "/verify";

/// Largest upload the verification page accepts: a certificate PDF with its font subset.
const VERIFY_BODY_LIMIT: usize = 5 * 1024 * 1024;

/// Routes of the certificate pages.
pub fn routes() -> Router<NodeState> {
    Router::new()
        .route(CERTIFICATES_PATH, get(list::show))
        .route("/certificates/{id}", get(detail::show))
        .route("/certificates/{id}/pdf", get(detail::pdf))
        .route("/certificates/{id}/qr.svg", get(detail::qr))
        .route(
            VERIFY_PATH,
            get(verify_page::show)
                .post(verify_page::check)
                .layer(DefaultBodyLimit::max(VERIFY_BODY_LIMIT)),
        )
}

/// Returns the page of certificate `id`.
pub fn certificate_path(id: &str) -> String {
    format!(
        "{CERTIFICATES_PATH}/{}",
        tongban_web::catalog::encode_path_segment(id)
    )
}
