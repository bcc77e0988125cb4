//! `GET /api/staff/cases/{case_id}`: one case in full for a clerk.

use axum::Json;
use axum::extract::{Path, State};
use tongban_services::cases::{self, Viewer};
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;

use super::auth::ApiClerk;
use super::json::CaseDetailJson;
use super::{CLERK_TAG, clerk_files, detail_json};
use crate::NodeState;

/// Returns a case the clerk may handle, with the applicant's document number in full.
#[utoipa::path(
    get,
    path = "/api/staff/cases/{case_id}",
    tag = CLERK_TAG,
    params(("case_id" = String, Path, description = "The case's id")),
    responses(
        (status = 200, description = "The case", body = CaseDetailJson),
        (status = 401, description = "No staff login", body = ApiErrorJson),
        (status = 404, description = "No case the clerk may see with this id", body = ApiErrorJson),
    )
)]
pub async fn show(
    State(state): State<NodeState>,
    ApiClerk(clerk): ApiClerk,
    Path(case_id): Path<String>,
) -> Result<Json<CaseDetailJson>, WebError> {
    let context = state.cases.context().await?;
    let case = cases::find_clerk_case(&state.store, &clerk, &case_id).await?;
    let viewer = Viewer::Clerk(&clerk);
    Ok(Json(
        detail_json(&state, &context, viewer, &case, &clerk_files(&case.id)).await?,
    ))
}
