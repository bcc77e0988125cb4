//! `POST /api/cases/{case_id}/withdraw`: withdraw a case before the decision.

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

/// The reason for a withdrawal.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct WithdrawalJson {
    /// The reason, if the applicant gives one.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Withdraws a case of the caller. A running correction request or special procedure ends
/// today, and so does the case.
#[utoipa::path(
    post,
    path = "/api/cases/{case_id}/withdraw",
    tag = APPLICANT_TAG,
    params(("case_id" = String, Path, description = "The case's id")),
    request_body = WithdrawalJson,
    responses(
        (status = 200, description = "Withdrawn", body = CaseJson),
        (status = 401, description = "Not logged in through the hub", body = ApiErrorJson),
        (status = 403, description = "No X-Requested-With header", body = ApiErrorJson),
        (status = 404, description = "No case of the caller with this id", body = ApiErrorJson),
        (status = 409, description = "Not submitted yet, already decided or ended, or changed meanwhile", body = ApiErrorJson),
    )
)]
pub async fn withdraw(
    State(state): State<NodeState>,
    ApiApplicant(applicant): ApiApplicant,
    Path(case_id): Path<String>,
    ApiJson(body): ApiJson<WithdrawalJson>,
) -> Result<Json<CaseJson>, WebError> {
    let context = state.cases.context().await?;
    let case = cases::withdraw(&context, &case_id, &applicant, body.reason.as_deref()).await?;
    let json = case_json(&state, &context, &mut ServiceNames::default(), &case, false).await?;
    Ok(Json(json))
}
