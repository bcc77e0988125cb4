//! `POST /api/applications`: apply in one step, with the form and every file at once.

use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use tongban_services::cases::{self, Application};
use tongban_store::implementations;
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;
use utoipa::ToSchema;

use super::auth::ApiApplicant;
use super::json::CaseJson;
use super::{APPLICANT_TAG, case_json};
use crate::NodeState;
use crate::cases::upload::read_multipart;
use crate::cases::views::ServiceNames;

/// The parts of a whole application, as the OpenAPI document lists them.
#[derive(Debug, ToSchema)]
#[expect(
    dead_code,
    reason = "only describes the request in the OpenAPI document"
)]
pub struct ApplicationParts {
    /// Id in the node's implementation list.
    #[schema(example = "zj-energy-review")]
    implementation_id: String,
    /// One text part `form.<field name>` per form value.
    #[schema(rename = "form.<field name>")]
    form_value: String,
    /// One file part `material.<material name>` per file, the name exactly as the service
    /// guide lists it: PDF, JPEG, PNG or OFD.
    #[schema(rename = "material.<material name>", value_type = String, format = Binary)]
    material_file: Vec<u8>,
}

/// Applies in one step for the logged-in person, or for the legal person they act for. The
/// form and every material file come in one request. They are checked together and stored as
/// a submitted application with its case number, or not stored at all. Certificates of the
/// wallet cannot stand in for a material here, which needs a draft.
#[utoipa::path(
    post,
    path = "/api/applications",
    tag = APPLICANT_TAG,
    request_body(content = ApplicationParts, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "The submitted application; `Location` is its path", body = CaseJson),
        (status = 400, description = "The body is not valid multipart/form-data", body = ApiErrorJson),
        (status = 401, description = "Not logged in through the hub", body = ApiErrorJson),
        (status = 403, description = "No X-Requested-With header, or an account that cannot apply", body = ApiErrorJson),
        (status = 404, description = "The node offers no such service", body = ApiErrorJson),
        (status = 409, description = "The service was withdrawn", body = ApiErrorJson),
        (status = 413, description = "The body is larger than 64 MiB", body = ApiErrorJson),
        (status = 422, description = "Invalid or missing form values, or missing or rejected files; nothing was stored", body = ApiErrorJson),
    )
)]
pub async fn apply(
    State(state): State<NodeState>,
    ApiApplicant(applicant): ApiApplicant,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let posted = read_multipart(multipart).await?;
    let application = Application {
        implementation_id: posted.text("implementation_id").to_owned(),
        values: posted.form_values(),
        files: posted.material_files(),
    };
    implementations::find_implementation(state.store.pool(), &application.implementation_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let context = state.cases.context().await?;

    let case = cases::apply(&context, &applicant, application).await?;

    let json = case_json(&state, &context, &mut ServiceNames::default(), &case, false).await?;
    let location = format!("/api/cases/{}", case.id);
    Ok((StatusCode::CREATED, [(LOCATION, location)], Json(json)).into_response())
}
