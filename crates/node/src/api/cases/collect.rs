//! `POST /api/staff/collections` and `GET /api/staff/collections`: off-site collection at a
//! window, where a clerk takes in an application for an item another node handles, and the
//! applications taken in this way with the status their handling place reports.

use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tongban_domain::case::CaseStatus;
use tongban_services::cases::{self, Collection};
use tongban_store::cases::{CaseOrder, CaseQuery};
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;
use utoipa::ToSchema;

use super::auth::ApiClerk;
use super::json::{CaseJson, CaseListJson};
use super::{CLERK_TAG, case_json};
use crate::NodeState;
use crate::cases::upload::read_multipart;
use crate::cases::views::ServiceNames;

/// Applications listed; older ones are left out.
const LIST_LIMIT: u32 = 200;

/// The parts of a collection, as the OpenAPI document lists them.
#[derive(Debug, ToSchema)]
#[expect(
    dead_code,
    reason = "only describes the request in the OpenAPI document"
)]
pub struct CollectionParts {
    /// The implementation of this node that forwards to the handling place.
    implementation_id: String,
    /// The person's name, as on the identity card checked at the window.
    applicant_name: String,
    /// The person's resident ID number, as on that card.
    applicant_id_number: String,
    /// One text part `form.<field name>` per form value.
    #[schema(rename = "form.<field name>")]
    form_value: String,
    /// One file part `material.<material name>` per file: PDF, JPEG, PNG or OFD.
    #[schema(rename = "material.<material name>", value_type = String, format = Binary)]
    material_file: Vec<u8>,
}

/// Takes in an application at the window for a person whose identity card the clerk checked,
/// and forwards it to the node that handles the item. Needs the intake role.
#[utoipa::path(
    post,
    path = "/api/staff/collections",
    tag = CLERK_TAG,
    request_body(content = CollectionParts, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "The application, submitted and forwarded", body = CaseJson),
        (status = 401, description = "No staff login", body = ApiErrorJson),
        (status = 403, description = "The clerk lacks the intake role, or no X-Requested-With header", body = ApiErrorJson),
        (status = 404, description = "This node forwards no such implementation", body = ApiErrorJson),
        (status = 413, description = "The body is larger than 64 MiB", body = ApiErrorJson),
        (status = 422, description = "An invalid name, resident ID number, form value or file, or a missing material", body = ApiErrorJson),
    )
)]
pub async fn collect(
    State(state): State<NodeState>,
    ApiClerk(clerk): ApiClerk,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let posted = read_multipart(multipart).await?;
    let collection = Collection {
        implementation_id: posted.text("implementation_id").to_owned(),
        applicant_name: posted.text("applicant_name").to_owned(),
        applicant_id_number: posted.text("applicant_id_number").to_owned(),
        values: posted.form_values(),
        files: posted.material_files(),
    };
    let context = state.cases.context().await?;
    let case = cases::collect_application(&context, &clerk, collection).await?;
    let json = case_json(&state, &context, &mut ServiceNames::default(), &case, true).await?;
    Ok((StatusCode::CREATED, Json(json)).into_response())
}

/// Lists the applications this node took in and forwarded to another node, newest first,
/// with the status their handling place last reported. Any clerk of the node may list them.
#[utoipa::path(
    get,
    path = "/api/staff/collections",
    tag = CLERK_TAG,
    responses(
        (status = 200, description = "The forwarded applications", body = CaseListJson),
        (status = 401, description = "No staff login", body = ApiErrorJson),
    )
)]
pub async fn list(
    State(state): State<NodeState>,
    ApiClerk(_clerk): ApiClerk,
) -> Result<Json<CaseListJson>, WebError> {
    let context = state.cases.context().await?;
    // Every clerk of the node sees the window's applications: they belong to the handling
    // place's departments, not to one of this node.
    let query = CaseQuery {
        statuses: &CaseStatus::ALL,
        include_drafts: false,
        order: CaseOrder::NewestFirst,
        limit: LIST_LIMIT,
        ..CaseQuery::default()
    };
    let mut names = ServiceNames::default();
    let mut listed = Vec::new();
    for case in cases::list_forwarded(&state.store, &query).await? {
        listed.push(case_json(&state, &context, &mut names, &case, true).await?);
    }
    Ok(Json(CaseListJson { cases: listed }))
}
