//! `GET /api/staff/cases/{case_id}/materials/{material_id}`: a file of a case, for a clerk.

use axum::extract::{Path, State};
use axum::response::Response;
use tongban_services::cases::{self, Viewer};
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;

use super::CLERK_TAG;
use super::auth::ApiClerk;
use crate::NodeState;
use crate::cases::download::material_response;

/// Returns a file of a case the clerk may handle, with its detected type.
#[utoipa::path(
    get,
    path = "/api/staff/cases/{case_id}/materials/{material_id}",
    tag = CLERK_TAG,
    params(
        ("case_id" = String, Path, description = "The case's id"),
        ("material_id" = String, Path, description = "The file's id"),
    ),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 401, description = "No staff login", body = ApiErrorJson),
        (status = 404, description = "No such file in a case the clerk may see", body = ApiErrorJson),
    )
)]
pub async fn download(
    State(state): State<NodeState>,
    ApiClerk(clerk): ApiClerk,
    Path((case_id, material_id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let context = state.cases.context().await?;
    let (material, content) =
        cases::read_material(&context, Viewer::Clerk(&clerk), &case_id, &material_id).await?;
    Ok(material_response(&material, content, false))
}
