//! The hub's JSON API and its OpenAPI document.
//!
//! [`ApiDoc`] contains what the document says about the API as a whole. Each module adds its
//! paths and schemas through its handlers' `#[utoipa::path]` attributes and one `.routes(…)`
//! line in [`api_routes`], and `/api/openapi.json` and `/api/docs` then show them.

mod catalog_item;
mod catalog_items;

use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::HubState;

/// The parts of the hub's OpenAPI document that no single endpoint owns.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "tongban hub API",
        description = "JSON API of the national hub. Errors are JSON with the HTTP status and a \
                       message in Simplified Chinese and English (schema ApiErrorJson)."
    ),
    tags(
        (name = "catalog", description = "The national service catalog and its service guides"),
        (name = "case index", description = "The national case index: the status of every case at every node, without form data or materials"),
        (name = "certificates", description = "The certificate index: online verification and the wallets of every portal, without documents"),
    ),
    components(schemas(tongban_web::openapi::ApiErrorJson))
)]
pub struct ApiDoc;

/// Collects the API's routes with their OpenAPI descriptions. Add a module's routes here.
fn api_routes() -> OpenApiRouter<HubState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(catalog_items::list))
        .routes(routes!(catalog_item::show))
        .routes(routes!(crate::cases::api::list))
        .routes(routes!(crate::certificates::index_api::list))
        .routes(routes!(crate::certificates::verify::verify))
}

/// Returns the hub's OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_routes().into_openapi()
}

/// Builds the API's routes together with `/api/openapi.json` and `/api/docs`.
pub fn router(state: HubState) -> Router {
    let (routes, document) = api_routes().split_for_parts();
    routes
        .with_state(state)
        .merge(tongban_web::openapi::docs_router(document))
}
