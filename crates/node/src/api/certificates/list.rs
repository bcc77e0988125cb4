//! `GET /api/certificates`: the caller's certificates at this node.

use axum::Json;
use axum::extract::State;
use tongban_services::certificates;
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;

use super::CERTIFICATE_TAG;
use super::json::{CertificateJson, CertificateListJson};
use crate::NodeState;
use crate::api::cases::auth::ApiApplicant;

/// Lists the certificates this node issued to the caller, newest first: those of the legal
/// person the session acts for, or the person's own when it acts for nobody.
///
/// TODO: the JSON lists this node's certificates only; the page `/certificates` adds those of
/// other nodes from the hub's index.
#[utoipa::path(
    get,
    path = "/api/certificates",
    tag = CERTIFICATE_TAG,
    responses(
        (status = 200, description = "The certificates", body = CertificateListJson),
        (status = 401, description = "Not logged in through the hub", body = ApiErrorJson),
    )
)]
pub async fn list(
    State(state): State<NodeState>,
    ApiApplicant(applicant): ApiApplicant,
) -> Result<Json<CertificateListJson>, WebError> {
    let found = certificates::list_holder_certificates(&state.store, &applicant).await?;
    Ok(Json(CertificateListJson {
        certificates: found
            .iter()
            .map(|certificate| CertificateJson::of(certificate, "/api/certificates"))
            .collect(),
    }))
}
