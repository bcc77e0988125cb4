//! `GET /api/staff/cases`: the clerk's queue.

use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;
use tongban_i18n::Message;
use tongban_services::cases;
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;
use utoipa::IntoParams;

use super::auth::ApiClerk;
use super::json::CaseListJson;
use super::{CLERK_TAG, case_json};
use crate::NodeState;
use crate::cases::views::ServiceNames;
use crate::staff::cases::parse_queue;

/// Largest page of a queue.
const MAX_LIMIT: u32 = 500;

/// Query of the queue.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct QueueParams {
    /// `open` (the default: submitted, correction_requested, accepted, under_review and
    /// special_procedure), one of those states, `decided` (approved or denied) or `ended`
    /// (closed, rejected_at_intake or withdrawn).
    status: String,
    /// `yellow` or `red` for cases with that deadline flag only.
    flag: String,
    /// Cases to return, 1 to 500; default 100.
    limit: String,
}

/// Lists the cases of the clerk's department, or of the whole node for a clerk without one,
/// nearest due date first, then oldest submission first.
#[utoipa::path(
    get,
    path = "/api/staff/cases",
    tag = CLERK_TAG,
    params(QueueParams),
    responses(
        (status = 200, description = "The cases, with the applicant's document number in full", body = CaseListJson),
        (status = 400, description = "An unknown status or flag, or a limit out of range", body = ApiErrorJson),
        (status = 401, description = "No staff login", body = ApiErrorJson),
    )
)]
pub async fn queue(
    State(state): State<NodeState>,
    ApiClerk(clerk): ApiClerk,
    Query(params): Query<QueueParams>,
) -> Result<Json<CaseListJson>, WebError> {
    let limit = match params.limit.as_str() {
        "" => 100,
        text => text
            .parse::<u32>()
            .ok()
            .filter(|limit| (1..=MAX_LIMIT).contains(limit))
            .ok_or_else(|| {
                WebError::BadRequest(Message::new("case-api-limit").arg("max", MAX_LIMIT))
            })?,
    };
    let queue = parse_queue(&params.status, &params.flag, limit)?;
    let context = state.cases.context().await?;

    let entries = cases::list_clerk_queue(
        &state.store,
        &context.calendar,
        &clerk,
        &queue,
        context.today(),
    )
    .await?;

    let mut names = ServiceNames::default();
    let mut listed = Vec::with_capacity(entries.len());
    for entry in &entries {
        listed.push(case_json(&state, &context, &mut names, &entry.case, true).await?);
    }
    Ok(Json(CaseListJson { cases: listed }))
}
