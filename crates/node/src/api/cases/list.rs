//! `GET /api/cases`: the caller's cases.

use axum::Json;
use axum::extract::State;
use tongban_services::cases;
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;

use super::auth::ApiApplicant;
use super::json::CaseListJson;
use super::{APPLICANT_TAG, case_json};
use crate::NodeState;
use crate::cases::views::ServiceNames;

/// Cases listed; older ones are left out.
const LIST_LIMIT: u32 = 200;

/// Lists the caller's cases, drafts included, newest first: those of the legal person the
/// session acts for, or the person's own when it acts for nobody. At most 200.
#[utoipa::path(
    get,
    path = "/api/cases",
    tag = APPLICANT_TAG,
    responses(
        (status = 200, description = "The cases", body = CaseListJson),
        (status = 401, description = "Not logged in through the hub", body = ApiErrorJson),
    )
)]
pub async fn list(
    State(state): State<NodeState>,
    ApiApplicant(applicant): ApiApplicant,
) -> Result<Json<CaseListJson>, WebError> {
    let context = state.cases.context().await?;
    let found = cases::list_applicant_cases(&state.store, &applicant, LIST_LIMIT).await?;

    let mut names = ServiceNames::default();
    let mut listed = Vec::with_capacity(found.len());
    for case in &found {
        listed.push(case_json(&state, &context, &mut names, case, false).await?);
    }
    Ok(Json(CaseListJson { cases: listed }))
}
