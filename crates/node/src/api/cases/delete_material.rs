//! `DELETE /api/cases/{case_id}/materials/{material_id}`: remove a file from a draft.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use tongban_services::cases;
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;

use super::APPLICANT_TAG;
use super::auth::ApiApplicant;
use crate::NodeState;

/// Removes a file from a draft of the caller.
#[utoipa::path(
    delete,
    path = "/api/cases/{case_id}/materials/{material_id}",
    tag = APPLICANT_TAG,
    params(
        ("case_id" = String, Path, description = "The case's id"),
        ("material_id" = String, Path, description = "The file's id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not logged in through the hub", body = ApiErrorJson),
        (status = 403, description = "No X-Requested-With header", body = ApiErrorJson),
        (status = 404, description = "No such file in a case of the caller", body = ApiErrorJson),
        (status = 409, description = "The case was submitted", body = ApiErrorJson),
    )
)]
pub async fn delete(
    State(state): State<NodeState>,
    ApiApplicant(applicant): ApiApplicant,
    Path((case_id, material_id)): Path<(String, String)>,
) -> Result<StatusCode, WebError> {
    let context = state.cases.context().await?;
    cases::remove_material(&context, &case_id, &applicant, &material_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
