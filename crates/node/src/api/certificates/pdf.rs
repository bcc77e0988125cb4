//! `GET /api/certificates/{id}/pdf`: the PDF of one of the caller's certificates.

use axum::extract::{Path, State};
use axum::response::Response;
use tongban_services::certificates;
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;

use super::CERTIFICATE_TAG;
use crate::NodeState;
use crate::api::cases::auth::ApiApplicant;
use crate::certificates::views::pdf_response;

/// Renders the PDF of a certificate the caller holds: the face with the seal and the QR code,
/// and the signed document as an attachment inside.
#[utoipa::path(
    get,
    path = "/api/certificates/{id}/pdf",
    tag = CERTIFICATE_TAG,
    params(("id" = String, Path, description = "The certificate identifier")),
    responses(
        (status = 200, description = "The PDF", content_type = "application/pdf"),
        (status = 401, description = "Not logged in through the hub", body = ApiErrorJson),
        (status = 404, description = "No certificate of the caller with this id", body = ApiErrorJson),
    )
)]
pub async fn download(
    State(state): State<NodeState>,
    ApiApplicant(applicant): ApiApplicant,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let certificate = certificates::find_holder_certificate(&state.store, &applicant, &id).await?;
    pdf_response(&certificate)
}
