//! `POST /api/cases`: start a draft application.

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tongban_services::cases;
use tongban_store::implementations;
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;
use utoipa::ToSchema;

use super::auth::{ApiApplicant, ApiJson};
use super::json::CaseJson;
use super::{APPLICANT_TAG, case_json};
use crate::NodeState;
use crate::cases::views::ServiceNames;

/// The service to apply for.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewDraftJson {
    /// Id in the node's implementation list.
    #[schema(example = "zj-energy-review")]
    pub implementation_id: String,
}

/// Starts an empty draft of the logged-in person, or of the legal person they act for, for a
/// service of the node.
#[utoipa::path(
    post,
    path = "/api/cases",
    tag = APPLICANT_TAG,
    request_body = NewDraftJson,
    responses(
        (status = 201, description = "The draft; `Location` is its path", body = CaseJson),
        (status = 400, description = "The body is not a service to apply for", body = ApiErrorJson),
        (status = 401, description = "Not logged in through the hub", body = ApiErrorJson),
        (status = 403, description = "No X-Requested-With header, or an account that cannot apply", body = ApiErrorJson),
        (status = 404, description = "The node offers no such service", body = ApiErrorJson),
    )
)]
pub async fn create(
    State(state): State<NodeState>,
    ApiApplicant(applicant): ApiApplicant,
    ApiJson(body): ApiJson<NewDraftJson>,
) -> Result<Response, WebError> {
    implementations::find_implementation(state.store.pool(), &body.implementation_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let context = state.cases.context().await?;

    let case = cases::create_draft(&context, &applicant, &body.implementation_id).await?;

    let json = case_json(&state, &context, &mut ServiceNames::default(), &case, false).await?;
    let location = format!("/api/cases/{}", case.id);
    Ok((
        StatusCode::CREATED,
        [(LOCATION, location)],
        axum::Json(json),
    )
        .into_response())
}
