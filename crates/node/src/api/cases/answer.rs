//! `POST /api/cases/{case_id}/correction`: answer a correction request.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use tongban_services::cases;
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;
use utoipa::ToSchema;

use super::auth::{ApiApplicant, ApiJson};
use super::json::CaseJson;
use super::{APPLICANT_TAG, case_json};
use crate::NodeState;
use crate::cases::views::ServiceNames;

/// The changes to the form.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct CorrectionJson {
    /// The changed values by field name; an empty value removes one. Fields left out keep
    /// their values.
    #[serde(default)]
    pub changes: BTreeMap<String, String>,
}

/// Answers the correction request of a case of the caller, after the missing files were
/// uploaded with `POST /api/cases/{case_id}/materials`. The case goes back to intake with
/// its number.
#[utoipa::path(
    post,
    path = "/api/cases/{case_id}/correction",
    tag = APPLICANT_TAG,
    params(("case_id" = String, Path, description = "The case's id")),
    request_body = CorrectionJson,
    responses(
        (status = 200, description = "Answered; the case is submitted again", body = CaseJson),
        (status = 401, description = "Not logged in through the hub", body = ApiErrorJson),
        (status = 403, description = "No X-Requested-With header", body = ApiErrorJson),
        (status = 404, description = "No case of the caller with this id", body = ApiErrorJson),
        (status = 409, description = "No correction was requested, or the case changed meanwhile", body = ApiErrorJson),
        (status = 422, description = "A field or required material is still missing or invalid", body = ApiErrorJson),
    )
)]
pub async fn answer(
    State(state): State<NodeState>,
    ApiApplicant(applicant): ApiApplicant,
    Path(case_id): Path<String>,
    ApiJson(body): ApiJson<CorrectionJson>,
) -> Result<Json<CaseJson>, WebError> {
    let context = state.cases.context().await?;
    let case = cases::answer_correction(&context, &case_id, &applicant, &body.changes).await?;
    let json = case_json(&state, &context, &mut ServiceNames::default(), &case, false).await?;
    Ok(Json(json))
}
