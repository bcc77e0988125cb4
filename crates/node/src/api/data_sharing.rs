//! Data sharing in the staff API of a node: `GET /api/staff/data/grants` lists the grants the
//! node has and gave, `POST /api/staff/data/grants` requests one from a provider, `POST
//! /api/staff/data/grants/{id}/decision` approves or denies one this node provides, and `POST
//! /api/staff/cases/{case_id}/data-checks` calls a granted data service about a case's
//! applicant. Requesting and deciding grants needs the admin role; calls need the reviewer
//! role.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tongban_i18n::Message;
use tongban_services::cases::Clerk;
use tongban_services::data_sharing::grants::{self, Decision, GrantView, NewGrantRequest};
use tongban_services::data_sharing::{DataSharingError, case_checks};
use tongban_web::WebError;

use super::cases::auth::{ApiClerk, ApiJson};
use crate::NodeState;

/// Returns the routes.
pub fn routes() -> Router<NodeState> {
    Router::new()
        .route("/api/staff/data/grants", get(list).post(request))
        .route("/api/staff/data/grants/{grant_id}/decision", post(decide))
        .route("/api/staff/cases/{case_id}/data-checks", post(check))
}

fn web_error(error: DataSharingError) -> WebError {
    match error {
        DataSharingError::Store(error) => WebError::Store(error),
        DataSharingError::NotFound(_) => WebError::NotFound,
        DataSharingError::Invalid(detail) => {
            WebError::BadRequest(Message::new("data-grant-invalid").arg("detail", detail))
        }
        other => WebError::Internal(other.to_string()),
    }
}

fn require_admin(clerk: &Clerk) -> Result<(), WebError> {
    if clerk.has_role("admin") {
        Ok(())
    } else {
        Err(WebError::Denied(Message::new("data-grant-admin-only")))
    }
}

/// The grants, newest first.
#[derive(Debug, Serialize)]
struct GrantList {
    grants: Vec<GrantView>,
}

/// `GET /api/staff/data/grants`.
async fn list(
    State(state): State<NodeState>,
    ApiClerk(_clerk): ApiClerk,
) -> Result<Json<GrantList>, WebError> {
    let grants = grants::list_grants(&state.passage.store().clone())
        .await
        .map_err(web_error)?;
    Ok(Json(GrantList { grants }))
}

/// A grant request.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GrantRequestInput {
    service_id: String,
    provider_node: String,
    purpose: String,
    legal_basis: String,
    fields: Vec<String>,
    valid_until: DateTime<Utc>,
    rate_limit_per_minute: i64,
}

/// `POST /api/staff/data/grants`: 202 with the grant as requested.
async fn request(
    State(state): State<NodeState>,
    ApiClerk(clerk): ApiClerk,
    ApiJson(input): ApiJson<GrantRequestInput>,
) -> Result<Response, WebError> {
    require_admin(&clerk)?;
    let request = NewGrantRequest {
        service_id: input.service_id,
        provider_node: input.provider_node,
        purpose: input.purpose,
        legal_basis: input.legal_basis,
        fields: input.fields,
        valid_until: input.valid_until,
        rate_limit_per_minute: input.rate_limit_per_minute,
        requested_by: format!("staff:{}", clerk.id),
    };
    let grant = grants::request_grant(&state.passage, &request)
        .await
        .map_err(web_error)?;
    Ok((StatusCode::ACCEPTED, Json(grant)).into_response())
}

/// A decision on a grant.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionInput {
    approve: bool,
    fields: Option<Vec<String>>,
    valid_until: Option<DateTime<Utc>>,
    rate_limit_per_minute: Option<i64>,
    reason: Option<String>,
}

/// `POST /api/staff/data/grants/{grant_id}/decision`: the grant as decided.
async fn decide(
    State(state): State<NodeState>,
    ApiClerk(clerk): ApiClerk,
    Path(grant_id): Path<String>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> Result<Json<GrantView>, WebError> {
    require_admin(&clerk)?;
    let decision = Decision {
        approve: input.approve,
        fields: input.fields,
        valid_until: input.valid_until,
        rate_limit_per_minute: input.rate_limit_per_minute,
        decided_by: format!("staff:{}", clerk.id),
        reason: input.reason,
    };
    let grant = grants::decide_grant(&state.passage, &grant_id, &decision)
        .await
        .map_err(web_error)?;
    Ok(Json(grant))
}

/// A call of a data service about a case's applicant.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckInput {
    service_id: String,
    fields: Vec<String>,
}

/// The call as sent; the response arrives in the case history.
#[derive(Debug, Serialize)]
struct CheckSent {
    query_id: String,
    service_id: String,
    provider_node: String,
    fields: Vec<String>,
    status: String,
}

/// `POST /api/staff/cases/{case_id}/data-checks`: 202 with the call as sent.
async fn check(
    State(state): State<NodeState>,
    ApiClerk(clerk): ApiClerk,
    Path(case_id): Path<String>,
    ApiJson(input): ApiJson<CheckInput>,
) -> Result<Response, WebError> {
    let context = state.cases.context().await?;
    let sent =
        case_checks::check_applicant(&context, &clerk, &case_id, &input.service_id, &input.fields)
            .await?;
    let body = CheckSent {
        query_id: sent.id,
        service_id: sent.service_id,
        provider_node: sent.provider_node,
        fields: input.fields,
        status: sent.status,
    };
    Ok((StatusCode::ACCEPTED, Json(body)).into_response())
}
