//! Joint handling (多地联办) in the clerk API: `POST /api/staff/cases/{case_id}/contributions`
//! requests a step of another node, `GET /api/staff/contributions` lists what other nodes asked
//! of this one, and `POST /api/staff/contributions/{id}` makes the step asked for.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tongban_services::crossing::joint;
use tongban_store::contributions::Contribution;
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;
use utoipa::ToSchema;

use super::CLERK_TAG;
use super::auth::{ApiClerk, ApiJson};
use crate::NodeState;

/// A contribution asked for, and made once `opinion` is set.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContributionJson {
    /// Its id.
    pub id: String,
    /// Node id of the requesting node: the case's handling place.
    pub requester: String,
    /// Node id of the node that contributes.
    pub contributor: String,
    /// 办件编号.
    pub case_number: String,
    /// 事项名称.
    pub item_name: String,
    /// The applicant's name.
    pub applicant_name: String,
    /// The request text.
    pub request: String,
    /// The clerk who asked.
    pub requested_by: String,
    /// When it was asked, RFC 3339.
    pub requested_at: String,
    /// The opinion or the result of the check, once made.
    pub opinion: Option<String>,
    /// The clerk who made it.
    pub answered_by: Option<String>,
    /// When it was made, RFC 3339.
    pub answered_at: Option<String>,
}

impl ContributionJson {
    fn new(contribution: Contribution) -> ContributionJson {
        ContributionJson {
            requested_at: contribution.requested_at.to_rfc3339(),
            answered_at: contribution.answered_at.map(|at| at.to_rfc3339()),
            id: contribution.id,
            requester: contribution.requester,
            contributor: contribution.contributor,
            case_number: contribution.case_number,
            item_name: contribution.item_name,
            applicant_name: contribution.applicant_name,
            request: contribution.request,
            requested_by: contribution.requested_by,
            opinion: contribution.opinion,
            answered_by: contribution.answered_by,
        }
    }
}

/// The contributions asked of this node.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContributionListJson {
    /// Newest first.
    pub contributions: Vec<ContributionJson>,
}

/// A request for a contribution.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RequestInput {
    /// Node id of the node asked, such as `gd`.
    pub contributor: String,
    /// The request text, such as for an opinion or a check; 1 to 2000 characters.
    pub request: String,
}

/// A contribution made.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OpinionInput {
    /// The opinion or the result of the check; 1 to 2000 characters.
    pub opinion: String,
}

/// Asks another node to contribute a step to an accepted case that is not yet decided; the
/// request goes into the case's history. Needs the reviewer role.
#[utoipa::path(
    post,
    path = "/api/staff/cases/{case_id}/contributions",
    tag = CLERK_TAG,
    params(("case_id" = String, Path, description = "The case's id")),
    request_body = RequestInput,
    responses(
        (status = 201, description = "The request, sent", body = ContributionJson),
        (status = 401, description = "No staff login", body = ApiErrorJson),
        (status = 403, description = "The clerk lacks the reviewer role, or no X-Requested-With header", body = ApiErrorJson),
        (status = 404, description = "No case of the clerk with this id", body = ApiErrorJson),
        (status = 409, description = "The case is not accepted, or decided already", body = ApiErrorJson),
        (status = 422, description = "An empty or too long request, or this node as contributor", body = ApiErrorJson),
    )
)]
pub async fn request(
    State(state): State<NodeState>,
    ApiClerk(clerk): ApiClerk,
    Path(case_id): Path<String>,
    ApiJson(input): ApiJson<RequestInput>,
) -> Result<Response, WebError> {
    let context = state.cases.context().await?;
    let contribution = joint::request_contribution(
        &context,
        &clerk,
        &case_id,
        input.contributor.trim(),
        &input.request,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(ContributionJson::new(contribution)),
    )
        .into_response())
}

/// Lists the contributions other nodes asked of this node, newest first, made or not.
#[utoipa::path(
    get,
    path = "/api/staff/contributions",
    tag = CLERK_TAG,
    responses(
        (status = 200, description = "The contributions", body = ContributionListJson),
        (status = 401, description = "No staff login", body = ApiErrorJson),
    )
)]
pub async fn list(
    State(state): State<NodeState>,
    ApiClerk(_clerk): ApiClerk,
) -> Result<Json<ContributionListJson>, WebError> {
    let context = state.cases.context().await?;
    let contributions = joint::list_asked(&context)
        .await?
        .into_iter()
        .map(ContributionJson::new)
        .collect();
    Ok(Json(ContributionListJson { contributions }))
}

/// Makes the contribution asked of this node and sends it to the case's handling place.
/// Needs the reviewer role.
#[utoipa::path(
    post,
    path = "/api/staff/contributions/{id}",
    tag = CLERK_TAG,
    params(("id" = String, Path, description = "The contribution's id")),
    request_body = OpinionInput,
    responses(
        (status = 200, description = "The contribution, made and sent", body = ContributionJson),
        (status = 401, description = "No staff login", body = ApiErrorJson),
        (status = 403, description = "The clerk lacks the reviewer role, or no X-Requested-With header", body = ApiErrorJson),
        (status = 404, description = "No contribution with this id was asked of this node", body = ApiErrorJson),
        (status = 409, description = "The contribution was made already", body = ApiErrorJson),
        (status = 422, description = "An empty or too long opinion", body = ApiErrorJson),
    )
)]
pub async fn contribute(
    State(state): State<NodeState>,
    ApiClerk(clerk): ApiClerk,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<OpinionInput>,
) -> Result<Json<ContributionJson>, WebError> {
    let context = state.cases.context().await?;
    let contribution = joint::contribute(&context, &clerk, &id, &input.opinion).await?;
    Ok(Json(ContributionJson::new(contribution)))
}
