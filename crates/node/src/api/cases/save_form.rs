//! `PUT /api/cases/{case_id}/form`: save the fields of a draft.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use tongban_services::cases;
use tongban_web::WebError;
use tongban_web::openapi::{ApiErrorJson, ApiFieldError};
use utoipa::ToSchema;

use super::auth::{ApiApplicant, ApiJson};
use super::json::{CaseJson, localized};
use super::{APPLICANT_TAG, case_json};
use crate::NodeState;
use crate::cases::views::ServiceNames;

/// The form values of a draft.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FormValuesJson {
    /// Every value of the form by field name; a field left out or empty has no value.
    #[schema(example = json!({"project_name": "年产5万吨再生铝项目", "annual_energy_tce": "6200.5"}))]
    pub values: BTreeMap<String, String>,
}

/// The draft after saving, and the rules its values break.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedFormJson {
    /// The draft.
    pub case: CaseJson,
    /// Every value that breaks a rule, which the draft keeps as sent so it can be fixed;
    /// submission rejects them. Missing required values are reported only at submission.
    pub errors: Vec<ApiFieldError>,
}

/// Replaces the form values of a draft of the caller.
#[utoipa::path(
    put,
    path = "/api/cases/{case_id}/form",
    tag = APPLICANT_TAG,
    params(("case_id" = String, Path, description = "The case's id")),
    request_body = FormValuesJson,
    responses(
        (status = 200, description = "Saved; `errors` lists invalid values", body = SavedFormJson),
        (status = 401, description = "Not logged in through the hub", body = ApiErrorJson),
        (status = 403, description = "No X-Requested-With header", body = ApiErrorJson),
        (status = 404, description = "No draft of the caller with this id", body = ApiErrorJson),
        (status = 409, description = "The case was submitted, or changed meanwhile", body = ApiErrorJson),
    )
)]
pub async fn save(
    State(state): State<NodeState>,
    ApiApplicant(applicant): ApiApplicant,
    Path(case_id): Path<String>,
    ApiJson(body): ApiJson<FormValuesJson>,
) -> Result<Json<SavedFormJson>, WebError> {
    let context = state.cases.context().await?;

    let errors = cases::save_draft(&context, &case_id, &applicant, &body.values).await?;

    let case = cases::find_applicant_case(&state.store, &applicant, &case_id).await?;
    let mut names = ServiceNames::default();
    Ok(Json(SavedFormJson {
        case: case_json(&state, &context, &mut names, &case, false).await?,
        errors: errors
            .iter()
            .map(|error| ApiFieldError {
                field: error.field.to_owned(),
                message: localized(&error.message),
            })
            .collect(),
    }))
}
