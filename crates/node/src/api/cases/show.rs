//! `GET /api/cases/{case_id}`: one case of the caller, with its history and time limits.

use axum::Json;
use axum::extract::{Path, State};
use tongban_services::cases::{self, Viewer};
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;

use super::auth::ApiApplicant;
use super::json::CaseDetailJson;
use super::{APPLICANT_TAG, applicant_files, detail_json};
use crate::NodeState;

/// Returns a case of the caller with its form values, files, history, suspensions and time
/// limits.
#[utoipa::path(
    get,
    path = "/api/cases/{case_id}",
    tag = APPLICANT_TAG,
    params(("case_id" = String, Path, description = "The case's id")),
    responses(
        (status = 200, description = "The case", body = CaseDetailJson),
        (status = 401, description = "Not logged in through the hub", body = ApiErrorJson),
        (status = 404, description = "No case of the caller with this id", body = ApiErrorJson),
    )
)]
pub async fn show(
    State(state): State<NodeState>,
    ApiApplicant(applicant): ApiApplicant,
    Path(case_id): Path<String>,
) -> Result<Json<CaseDetailJson>, WebError> {
    let context = state.cases.context().await?;
    let case = cases::find_applicant_case(&state.store, &applicant, &case_id).await?;
    let viewer = Viewer::Applicant(&applicant);
    Ok(Json(
        detail_json(&state, &context, viewer, &case, &applicant_files(&case.id)).await?,
    ))
}
