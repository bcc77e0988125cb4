//! `POST /api/cases/{case_id}/materials`: hand in a file for a material of the service guide.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tongban_i18n::Message;
use tongban_services::cases;
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;
use utoipa::ToSchema;

use super::auth::ApiApplicant;
use super::json::CaseFileJson;
use super::{APPLICANT_TAG, applicant_files};
use crate::NodeState;
use crate::cases::upload::read_multipart;

/// The parts of the upload, as the OpenAPI document lists them.
#[derive(Debug, ToSchema)]
#[expect(
    dead_code,
    reason = "only describes the request in the OpenAPI document"
)]
pub struct UploadParts {
    /// The material's name, exactly as the service guide lists it, such as 申请书.
    material: String,
    /// The file: PDF, JPEG, PNG or OFD as its content shows, at most the implementation's
    /// size limit (20 MiB unless the node's list says otherwise).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Attaches a file to a draft, or to a case whose correction was requested. A rejected file
/// stores nothing.
#[utoipa::path(
    post,
    path = "/api/cases/{case_id}/materials",
    tag = APPLICANT_TAG,
    params(("case_id" = String, Path, description = "The case's id")),
    request_body(content = UploadParts, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "The file handed in", body = CaseFileJson),
        (status = 400, description = "No `file` or `material` part", body = ApiErrorJson),
        (status = 401, description = "Not logged in through the hub", body = ApiErrorJson),
        (status = 403, description = "No X-Requested-With header", body = ApiErrorJson),
        (status = 404, description = "No case of the caller with this id", body = ApiErrorJson),
        (status = 409, description = "The case takes no files in its state", body = ApiErrorJson),
        (status = 413, description = "The body is larger than 64 MiB", body = ApiErrorJson),
        (status = 422, description = "Unknown material, empty or oversized file, content of another type, or content that the file name or the part's Content-Type contradicts", body = ApiErrorJson),
    )
)]
pub async fn upload(
    State(state): State<NodeState>,
    ApiApplicant(applicant): ApiApplicant,
    Path(case_id): Path<String>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let posted = read_multipart(multipart).await?;
    let file = posted
        .files
        .iter()
        .find(|file| file.field == "file")
        .filter(|_| !posted.text("material").is_empty())
        .ok_or_else(|| WebError::BadRequest(Message::new("case-api-file-missing")))?;
    let context = state.cases.context().await?;

    let material = cases::attach_material(
        &context,
        &case_id,
        &applicant,
        file.handed_in(posted.text("material")),
    )
    .await?;

    let json = CaseFileJson::new(&material, &applicant_files(&case_id));
    Ok((StatusCode::CREATED, axum::Json(json)).into_response())
}
