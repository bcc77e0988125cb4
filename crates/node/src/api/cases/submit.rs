//! `POST /api/cases/{case_id}/submit`: submit a draft.

use axum::Json;
use axum::extract::{Path, State};
use tongban_services::cases;
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;

use super::auth::ApiApplicant;
use super::json::CaseJson;
use super::{APPLICANT_TAG, case_json};
use crate::NodeState;
use crate::cases::views::ServiceNames;

/// Submits a draft of the caller. It gets its case number and today as its day of receipt.
#[utoipa::path(
    post,
    path = "/api/cases/{case_id}/submit",
    tag = APPLICANT_TAG,
    params(("case_id" = String, Path, description = "The case's id")),
    responses(
        (status = 200, description = "Submitted, with its case number", body = CaseJson),
        (status = 401, description = "Not logged in through the hub", body = ApiErrorJson),
        (status = 403, description = "No X-Requested-With header", body = ApiErrorJson),
        (status = 404, description = "No case of the caller with this id", body = ApiErrorJson),
        (status = 409, description = "Not a draft, or changed meanwhile", body = ApiErrorJson),
        (status = 422, description = "Every missing or invalid field and missing material, in `fields`", body = ApiErrorJson),
    )
)]
pub async fn submit(
    State(state): State<NodeState>,
    ApiApplicant(applicant): ApiApplicant,
    Path(case_id): Path<String>,
) -> Result<Json<CaseJson>, WebError> {
    let context = state.cases.context().await?;
    let case = cases::submit(&context, &case_id, &applicant).await?;
    let json = case_json(&state, &context, &mut ServiceNames::default(), &case, false).await?;
    Ok(Json(json))
}
