//! The node's JSON API and its OpenAPI document.
//!
//! [`ApiDoc`] contains what the document says about the API as a whole. Each module adds its
//! paths and schemas through its handlers' `#[utoipa::path]` attributes and one `.routes(…)`
//! line in [`api_routes`], and `/api/openapi.json` and `/api/docs` then show them.

mod cases;
mod certificates;
pub mod data_sharing;
mod service;
mod services;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use utoipa::OpenApi;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::NodeState;

/// The parts of the node's OpenAPI document that no single endpoint owns.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "tongban node API",
        description = "JSON API of a provincial, city or department node. Errors are JSON with \
                       the HTTP status and a message in Simplified Chinese and English (schema \
                       ApiErrorJson); a 422 lists every invalid field in `fields`.\n\n\
                       The case endpoints use the browser sessions of the node's pages: the \
                       session cookie of the login through the hub for `/api/cases`, the staff \
                       session cookie for `/api/staff/cases`. Every POST, PUT and DELETE must \
                       carry the header `X-Requested-With: tongban`; without it the request is \
                       rejected with 403, so forms and scripts of other sites cannot use a \
                       visitor's session."
    ),
    tags(
        (name = "services", description = "The node's implementation list and its service guides"),
        (name = "cases", description = "An applicant's cases: drafts, files, submission, correction and withdrawal"),
        (name = "clerk cases", description = "The clerk workbench: queues, cases and the steps of handling them"),
        (name = "certificates", description = "E-certificates: the holder's wallet, verification, and revocation by clerks"),
    ),
    components(schemas(tongban_web::openapi::ApiErrorJson, tongban_web::openapi::ApiFieldError))
)]
pub struct ApiDoc;

/// Collects the API's routes with their OpenAPI descriptions. Add a module's routes here.
fn api_routes() -> OpenApiRouter<NodeState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(services::list))
        .routes(routes!(service::show))
        .routes(routes!(cases::create::create))
        .routes(routes!(cases::apply::apply).layer(DefaultBodyLimit::max(
            crate::cases::upload::UPLOAD_BODY_LIMIT,
        )))
        .routes(routes!(cases::list::list))
        .routes(routes!(cases::show::show))
        .routes(routes!(cases::save_form::save))
        .routes(routes!(cases::upload::upload).layer(DefaultBodyLimit::max(
            crate::cases::upload::UPLOAD_BODY_LIMIT,
        )))
        .routes(routes!(cases::delete_material::delete))
        .routes(routes!(cases::download::download))
        .routes(routes!(cases::submit::submit))
        .routes(routes!(cases::lend::lend))
        .routes(routes!(cases::answer::answer))
        .routes(routes!(cases::withdraw::withdraw))
        .routes(routes!(cases::queue::queue))
        .routes(routes!(cases::clerk_show::show))
        .routes(routes!(cases::act::act))
        .routes(routes!(cases::clerk_download::download))
        .routes(routes!(cases::contributions::request))
        .routes(routes!(cases::contributions::list))
        .routes(routes!(cases::contributions::contribute))
        .routes(
            routes!(cases::collect::collect, cases::collect::list).layer(DefaultBodyLimit::max(
                crate::cases::upload::UPLOAD_BODY_LIMIT,
            )),
        )
        .routes(routes!(certificates::list::list))
        .routes(routes!(certificates::show::show))
        .routes(routes!(certificates::pdf::download))
        .routes(routes!(certificates::verify::verify))
        .routes(routes!(certificates::end::end))
}

/// Returns the node's OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_routes().into_openapi()
}

/// Builds the API's routes together with `/api/openapi.json` and `/api/docs`.
pub fn router(state: NodeState) -> Router {
    let (routes, document) = api_routes().split_for_parts();
    routes
        .with_state(state)
        .merge(tongban_web::openapi::docs_router(document))
}
