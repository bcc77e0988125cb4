//! `GET /api/catalog/items`: search the national catalog.

use axum::Json;
use axum::extract::{RawQuery, State};
use serde::{Deserialize, Serialize};
use tongban_search::Hit;
use tongban_web::WebError;
use tongban_web::catalog::api::ItemTypeJson;
use tongban_web::catalog::{SearchParams, encode_path_segment, search_failed};
use tongban_web::openapi::ApiErrorJson;
use utoipa::{IntoParams, ToSchema};

use crate::HubState;
use crate::services::hit_path;

/// Query parameters, as the OpenAPI document lists them. The handler reads the raw query
/// string itself, so that an invalid value gets an error naming its parameter.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "only describes the parameters in the OpenAPI document"
)]
pub struct CatalogItemsQuery {
    /// Free text, at most 200 characters. Every word is required; synonyms count, so 社保卡
    /// finds 社会保障卡. Without text every entry that passes the filters is listed.
    q: Option<String>,
    /// Item type, a two-digit code of GB/T 39046 list A.1 such as `01` or `20`.
    #[serde(rename = "type")]
    item_type: Option<String>,
    /// Implementing body, exactly as the catalog writes it.
    department: Option<String>,
    /// `true` for entries with a complete service guide only.
    complete: Option<bool>,
    /// Hits to skip, 0 to 10000; default 0.
    offset: Option<usize>,
    /// Hits to return, 1 to 100; default 20.
    limit: Option<usize>,
}

/// One page of catalog entries.
#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogItemPage {
    /// Entries that match, on all pages together.
    pub total: usize,
    /// Hits skipped.
    pub offset: usize,
    /// Page size asked for.
    pub limit: usize,
    /// This page, best match first, or in source and record id order without text.
    pub items: Vec<CatalogItemHit>,
}

/// A catalog entry that matches.
#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogItemHit {
    /// Data set the entry comes from.
    pub source: String,
    /// Id of the entry within it.
    pub record_id: String,
    /// Item name.
    pub name: String,
    /// Item name as HTML: escaped, matched words in `<mark>`.
    pub name_html: String,
    /// The guide passage with the most matched words as HTML, or empty.
    pub snippet_html: String,
    /// Item type, when the catalog's type is an A.1 type.
    pub item_type: Option<ItemTypeJson>,
    /// Implementing body.
    pub department: Option<String>,
    /// Region whose list the entry belongs to.
    pub region_name: Option<String>,
    /// Whether the service guide is complete.
    pub guide_complete: bool,
    /// This entry in the API.
    pub href: String,
    /// Its guide page.
    pub page_href: String,
}

impl CatalogItemHit {
    fn new(hit: &Hit) -> CatalogItemHit {
        CatalogItemHit {
            source: hit.record.source.clone(),
            record_id: hit.record.record_id.clone(),
            name: hit.name.clone(),
            name_html: hit.name_html.clone(),
            snippet_html: hit.snippet.clone(),
            item_type: hit.item_type.map(ItemTypeJson::new),
            department: hit.department.clone(),
            region_name: hit.region_name.clone(),
            guide_complete: hit.guide_complete,
            href: format!(
                "/api/catalog/items/{}/{}",
                encode_path_segment(&hit.record.source),
                encode_path_segment(&hit.record.record_id)
            ),
            page_href: hit_path(hit),
        }
    }
}

/// Searches the national catalog.
#[utoipa::path(
    get,
    path = "/api/catalog/items",
    tag = "catalog",
    params(CatalogItemsQuery),
    responses(
        (status = 200, description = "One page of matching entries", body = CatalogItemPage),
        (status = 400, description = "A parameter is invalid; the message names it", body = ApiErrorJson),
    )
)]
pub async fn list(
    State(state): State<HubState>,
    RawQuery(query): RawQuery,
) -> Result<Json<CatalogItemPage>, WebError> {
    let params = SearchParams::from_api_query(query.as_deref())?;
    let results = state
        .search
        .search(&params.to_query(None))
        .await
        .map_err(search_failed)?;
    Ok(Json(CatalogItemPage {
        total: results.total,
        offset: params.offset,
        limit: params.limit,
        items: results.hits.iter().map(CatalogItemHit::new).collect(),
    }))
}
