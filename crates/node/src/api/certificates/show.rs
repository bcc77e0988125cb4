//! `GET /api/certificates/{id}`: one of the caller's certificates.

use axum::Json;
use axum::extract::{Path, State};
use tongban_services::certificates;
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;

use super::CERTIFICATE_TAG;
use super::json::CertificateJson;
use crate::NodeState;
use crate::api::cases::auth::ApiApplicant;

/// Returns a certificate the caller holds, acting as they do now.
#[utoipa::path(
    get,
    path = "/api/certificates/{id}",
    tag = CERTIFICATE_TAG,
    params(("id" = String, Path, description = "The certificate identifier")),
    responses(
        (status = 200, description = "The certificate", body = CertificateJson),
        (status = 401, description = "Not logged in through the hub", body = ApiErrorJson),
        (status = 404, description = "No certificate of the caller with this id", body = ApiErrorJson),
    )
)]
pub async fn show(
    State(state): State<NodeState>,
    ApiApplicant(applicant): ApiApplicant,
    Path(id): Path<String>,
) -> Result<Json<CertificateJson>, WebError> {
    let certificate = certificates::find_holder_certificate(&state.store, &applicant, &id).await?;
    Ok(Json(CertificateJson::of(&certificate, "/api/certificates")))
}
