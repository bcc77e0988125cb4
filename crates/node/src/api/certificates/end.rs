//! `POST /api/staff/certificates/{id}/status`: a clerk revokes or cancels a certificate.

use axum::Json;
use axum::extract::{Path, State};
use chrono::Utc;
use serde::Deserialize;
use tongban_i18n::Message;
use tongban_services::certificates;
use tongban_store::certificates::CertificateStatus;
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;
use utoipa::ToSchema;

use super::CERTIFICATE_TAG;
use super::json::CertificateJson;
use crate::NodeState;
use crate::api::cases::auth::{ApiClerk, ApiJson};

/// The new status and why.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EndRequestJson {
    /// `revoked` (吊销, as a sanction) or `cancelled` (注销).
    #[schema(example = "revoked")]
    pub status: String,
    /// The reason, recorded with the clerk and the time.
    pub reason: String,
}

/// Revokes or cancels a certificate of the clerk's department. Verification at the node
/// reports it at once with the reason. The hub's index follows once the passage delivered the
/// change. Needs the role `approver` or `admin`.
#[utoipa::path(
    post,
    path = "/api/staff/certificates/{id}/status",
    tag = CERTIFICATE_TAG,
    params(("id" = String, Path, description = "The certificate identifier")),
    request_body = EndRequestJson,
    responses(
        (status = 200, description = "The certificate with its new status", body = CertificateJson),
        (status = 400, description = "An unknown status", body = ApiErrorJson),
        (status = 401, description = "No staff login", body = ApiErrorJson),
        (status = 403, description = "No X-Requested-With header, or the clerk lacks the role", body = ApiErrorJson),
        (status = 404, description = "No certificate the clerk may see with this id", body = ApiErrorJson),
        (status = 409, description = "Revoked or cancelled before", body = ApiErrorJson),
        (status = 422, description = "A blank reason", body = ApiErrorJson),
    )
)]
pub async fn end(
    State(state): State<NodeState>,
    ApiClerk(clerk): ApiClerk,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<EndRequestJson>,
) -> Result<Json<CertificateJson>, WebError> {
    let status = match body.status.as_str() {
        "revoked" => CertificateStatus::Revoked,
        "cancelled" => CertificateStatus::Cancelled,
        other => {
            return Err(WebError::BadRequest(
                Message::new("certificate-api-status-unknown").arg("status", other),
            ));
        }
    };
    let certificate = certificates::end_certificate(
        &state.store,
        Some(&state.passage),
        &clerk,
        &id,
        (status, &body.reason),
        Utc::now(),
    )
    .await?;
    Ok(Json(CertificateJson::of(&certificate, "/api/certificates")))
}
