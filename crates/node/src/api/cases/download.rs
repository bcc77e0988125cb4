//! `GET /api/cases/{case_id}/materials/{material_id}`: a file the caller handed in.

use axum::extract::{Path, State};
use axum::response::Response;
use tongban_services::cases::{self, Viewer};
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;

use super::APPLICANT_TAG;
use super::auth::ApiApplicant;
use crate::NodeState;
use crate::cases::download::material_response;

/// Returns a file of a case of the caller, with its detected type.
#[utoipa::path(
    get,
    path = "/api/cases/{case_id}/materials/{material_id}",
    tag = APPLICANT_TAG,
    params(
        ("case_id" = String, Path, description = "The case's id"),
        ("material_id" = String, Path, description = "The file's id"),
    ),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 401, description = "Not logged in through the hub", body = ApiErrorJson),
        (status = 404, description = "No such file in a case of the caller", body = ApiErrorJson),
    )
)]
pub async fn download(
    State(state): State<NodeState>,
    ApiApplicant(applicant): ApiApplicant,
    Path((case_id, material_id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let context = state.cases.context().await?;
    let viewer = Viewer::Applicant(&applicant);
    let (material, content) =
        cases::read_material(&context, viewer, &case_id, &material_id).await?;
    Ok(material_response(&material, content, false))
}
