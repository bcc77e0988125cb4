//! `GET /api/catalog/items/{source}/{record_id}`: one catalog entry with its service guide.

use axum::Json;
use axum::extract::{Path, State};
use tongban_store::catalog;
use tongban_web::WebError;
use tongban_web::catalog::api::CatalogItemJson;
use tongban_web::openapi::ApiErrorJson;

use crate::HubState;

/// Returns one catalog entry with every part of its guide that the source published.
#[utoipa::path(
    get,
    path = "/api/catalog/items/{source}/{record_id}",
    tag = "catalog",
    params(
        ("source" = String, Path, description = "Data set of the entry, such as guangxi-api-payload"),
        ("record_id" = String, Path, description = "Id of the entry within its data set"),
    ),
    responses(
        (status = 200, description = "The entry and its guide", body = CatalogItemJson),
        (status = 404, description = "No such entry", body = ApiErrorJson),
    )
)]
pub async fn show(
    State(state): State<HubState>,
    Path((source, record_id)): Path<(String, String)>,
) -> Result<Json<CatalogItemJson>, WebError> {
    let item = catalog::find_service_item(state.store.pool(), &source, &record_id)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(Json(CatalogItemJson::new(&item)))
}
