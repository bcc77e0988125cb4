//! `GET /api/services`: list and search the node's implementation list.

use axum::Json;
use axum::extract::{RawQuery, State};
use serde::{Deserialize, Serialize};
use tongban_search::Hit;
use tongban_store::implementations;
use tongban_web::WebError;
use tongban_web::catalog::api::ItemTypeJson;
use tongban_web::catalog::{SearchParams, encode_path_segment, search_failed};
use tongban_web::openapi::ApiErrorJson;
use utoipa::{IntoParams, ToSchema};

use crate::NodeState;
use crate::services::hit_path;

/// Query parameters, as the OpenAPI document lists them. The handler reads the raw query
/// string itself, so that an invalid value gets an error naming its parameter.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "only describes the parameters in the OpenAPI document"
)]
pub struct ServicesQuery {
    /// Free text, at most 200 characters. Every word is required; synonyms count. Without
    /// text every service that passes the filters is listed.
    q: Option<String>,
    /// Item type, a two-digit code of GB/T 39046 list A.1 such as `01` or `20`.
    #[serde(rename = "type")]
    item_type: Option<String>,
    /// Handling department, exactly as the implementation list writes it.
    department: Option<String>,
    /// `true` for services with a complete service guide only.
    complete: Option<bool>,
    /// Hits to skip, 0 to 10000; default 0.
    offset: Option<usize>,
    /// Hits to return, 1 to 100; default 20.
    limit: Option<usize>,
}

/// One page of the node's services.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServicePage {
    /// Services that match, on all pages together.
    pub total: usize,
    /// Hits skipped.
    pub offset: usize,
    /// Page size asked for.
    pub limit: usize,
    /// This page, best match first, or in implementation order without text.
    pub items: Vec<ServiceHit>,
}

/// A service that matches.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceHit {
    /// Id in the node's implementation list.
    #[schema(example = "zj-fitness-facility")]
    pub implementation_id: String,
    /// Item name.
    pub name: String,
    /// Item name as HTML: escaped, matched words in `<mark>`.
    pub name_html: String,
    /// The guide passage with the most matched words as HTML, or empty.
    pub snippet_html: String,
    /// Item type, when the catalog's type is an A.1 type.
    pub item_type: Option<ItemTypeJson>,
    /// Department that handles it at this node.
    pub department: Option<String>,
    /// Region of the catalog entry.
    pub region_name: Option<String>,
    /// Whether the service guide is complete.
    pub guide_complete: bool,
    /// Statutory time limit at this node, in working days.
    pub statutory_days: Option<u32>,
    /// Promised time limit at this node, in working days.
    pub promised_days: Option<u32>,
    /// This service in the API.
    pub href: String,
    /// Its guide page.
    pub page_href: String,
}

/// Searches the services this node offers.
#[utoipa::path(
    get,
    path = "/api/services",
    tag = "services",
    params(ServicesQuery),
    responses(
        (status = 200, description = "One page of matching services", body = ServicePage),
        (status = 400, description = "A parameter is invalid; the message names it", body = ApiErrorJson),
    )
)]
pub async fn list(
    State(state): State<NodeState>,
    RawQuery(query): RawQuery,
) -> Result<Json<ServicePage>, WebError> {
    let params = SearchParams::from_api_query(query.as_deref())?;
    let results = state
        .search
        .search(&params.to_query(None))
        .await
        .map_err(search_failed)?;

    let mut items = Vec::with_capacity(results.hits.len());
    for hit in &results.hits {
        items.push(service_hit(&state, hit).await?);
    }
    Ok(Json(ServicePage {
        total: results.total,
        offset: params.offset,
        limit: params.limit,
        items,
    }))
}

/// Completes a hit with the time limits of its implementation. One lookup per hit, at most
/// 100 a page, against a table of one node's services.
async fn service_hit(state: &NodeState, hit: &Hit) -> Result<ServiceHit, WebError> {
    let id = hit.offer_id.clone().unwrap_or_default();
    let implementation = implementations::find_implementation(state.store.pool(), &id).await?;
    Ok(ServiceHit {
        href: format!("/api/services/{}", encode_path_segment(&id)),
        page_href: hit_path(hit),
        implementation_id: id,
        name: hit.name.clone(),
        name_html: hit.name_html.clone(),
        snippet_html: hit.snippet.clone(),
        item_type: hit.item_type.map(ItemTypeJson::new),
        department: hit.department.clone(),
        region_name: hit.region_name.clone(),
        guide_complete: hit.guide_complete,
        statutory_days: implementation
            .as_ref()
            .and_then(|found| found.statutory_days),
        promised_days: implementation
            .as_ref()
            .and_then(|found| found.promised_days),
    })
}
