//! `POST /api/staff/cases/{case_id}/actions`: a clerk takes a step on a case.

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use tongban_i18n::Message;
use tongban_services::cases::{self, SpecialProcedure, SpecialProcedureKind, StepDetails};
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;
use utoipa::ToSchema;

use super::auth::{ApiClerk, ApiJson};
use super::json::CaseJson;
use super::{CLERK_TAG, case_json};
use crate::NodeState;
use crate::cases::views::ServiceNames;
use crate::staff::cases::clerk_action;

/// A special procedure to start.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SpecialProcedureJson {
    /// GB/T 39046 A.7 type: `1` 延长审批 (extension of the approval period) or `2` any other
    /// (hearing, inspection, testing, appraisal, expert review).
    #[schema(example = "2")]
    pub kind: String,
    /// Its name, such as 专家评审.
    #[schema(example = "专家评审")]
    pub name: String,
}

/// A step and what it needs.
#[derive(Debug, Deserialize, ToSchema)]
pub struct StepRequestJson {
    /// `accept`, `reject`, `request_correction`, `start_review`, `start_special_procedure`,
    /// `end_special_procedure`, `approve`, `deny` or `close`.
    #[schema(example = "accept")]
    pub action: String,
    /// The reason or opinion; required for `reject`, `request_correction`,
    /// `start_special_procedure` and `deny`.
    #[serde(default)]
    pub reason: Option<String>,
    /// Everything a correction request asks for, one entry each; required for
    /// `request_correction`.
    #[serde(default)]
    pub correction_items: Vec<String>,
    /// Required for `start_special_procedure`.
    #[serde(default)]
    pub special_procedure: Option<SpecialProcedureJson>,
    /// Further facts to record with the step, such as a decision document's number.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub note: Option<serde_json::Value>,
    /// The case's `version` the decision rests on; a case changed since is not touched (409).
    pub expected_version: i64,
}

/// Takes a step on a case the clerk may handle, if the clerk's roles and the case's state
/// allow it. Nothing changes on any error.
#[utoipa::path(
    post,
    path = "/api/staff/cases/{case_id}/actions",
    tag = CLERK_TAG,
    params(("case_id" = String, Path, description = "The case's id")),
    request_body = StepRequestJson,
    responses(
        (status = 200, description = "The case after the step", body = CaseJson),
        (status = 400, description = "Unknown action or special procedure type, or a malformed body", body = ApiErrorJson),
        (status = 401, description = "No staff login", body = ApiErrorJson),
        (status = 403, description = "No X-Requested-With header, or the clerk lacks the step's role", body = ApiErrorJson),
        (status = 404, description = "No case the clerk may see with this id", body = ApiErrorJson),
        (status = 409, description = "The state does not allow the step, or the case changed since `expected_version`", body = ApiErrorJson),
        (status = 422, description = "A required reason, correction list or procedure is missing", body = ApiErrorJson),
    )
)]
pub async fn act(
    State(state): State<NodeState>,
    ApiClerk(clerk): ApiClerk,
    Path(case_id): Path<String>,
    ApiJson(body): ApiJson<StepRequestJson>,
) -> Result<Json<CaseJson>, WebError> {
    let action = clerk_action(&body.action).ok_or_else(|| {
        WebError::BadRequest(
            Message::new("case-api-action-unknown").arg("action", body.action.as_str()),
        )
    })?;
    let special_procedure = match body.special_procedure {
        None => None,
        Some(procedure) => {
            let kind = match procedure.kind.as_str() {
                "1" => SpecialProcedureKind::Extension,
                "2" => SpecialProcedureKind::Other,
                _ => {
                    return Err(WebError::BadRequest(Message::new(
                        "case-api-procedure-kind",
                    )));
                }
            };
            Some(SpecialProcedure {
                kind,
                name: procedure.name,
            })
        }
    };
    let details = StepDetails {
        correction_items: body.correction_items,
        special_procedure,
        note: body.note,
        expected_version: Some(body.expected_version),
    };
    let context = state.cases.context().await?;

    let case = cases::act(
        &context,
        &case_id,
        &clerk,
        action,
        body.reason.as_deref(),
        details,
    )
    .await?;

    let json = case_json(&state, &context, &mut ServiceNames::default(), &case, true).await?;
    Ok(Json(json))
}
