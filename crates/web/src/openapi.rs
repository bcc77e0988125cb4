//! The API description of a role: its OpenAPI 3.1 document at `/api/openapi.json` and Swagger
//! UI at `/api/docs`, both served from the binary.
//!
//! Each role builds its document from its routes (an `ApiDoc` in its `api` module) and hands it
//! to [`docs_router`]. The JSON error every API endpoint returns is [`ApiErrorJson`].
//!
//! Swagger UI 5 loads only its own files, starts from `swagger-initializer.js` rather than an
//! inline script, and styles its elements through the DOM, so the site's Content-Security-Policy
//! (`script-src 'self'; style-src 'self'`) covers it unchanged. The page at `/api/docs` is this
//! crate's own, so it also works without JavaScript: it links to the JSON document.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use tongban_i18n::Lang;
use utoipa::ToSchema;
use utoipa::openapi::OpenApi;
use utoipa_swagger_ui::Config;

use crate::RequestLang;

/// Path of the OpenAPI document.
pub const OPENAPI_PATH: &str = "/api/openapi.json";

/// Path of the documentation page; Swagger UI's files are below it.
pub const DOCS_PATH: &str = "/api/docs";

/// The body of every error response of the JSON API.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiErrorJson {
    /// What failed.
    pub error: ApiErrorDetail,
}

/// Status and message of an API error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiErrorDetail {
    /// HTTP status code, repeated in the body.
    #[schema(example = 400)]
    pub status: u16,
    /// Message naming what failed and what to do, in both languages.
    pub message: LocalizedText,
    /// With status 422 only: every field that breaks a rule, in form order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<ApiFieldError>>,
}

/// A field of the request that breaks a rule.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiFieldError {
    /// The field's name, such as `project_name` or `reason`. A material of an application is
    /// `material-<order>`, with the `order` that `materials` of
    /// `GET /api/services/{implementation_id}` gives it, and the file of
    /// `POST /api/cases/{case_id}/materials` is `material`.
    pub field: String,
    /// The rule it breaks, naming the field, in both languages.
    pub message: LocalizedText,
}

/// A text in Simplified Chinese and English.
#[derive(Debug, Serialize, ToSchema)]
pub struct LocalizedText {
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
    /// English.
    pub en: String,
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct DocsPage {
    lang: Lang,
    title: String,
    intro: String,
    json_link: String,
}

/// Builds the routes of the OpenAPI document and the documentation page of `openapi`.
pub fn docs_router<S: Clone + Send + Sync + 'static>(openapi: OpenApi) -> Router<S> {
    let document = Arc::new(openapi);
    // The page documents this instance only. The validator badge would send the document to a
    // public validator, and the standalone layout's bar loads any URL typed into it.
    let config = Arc::new(
        Config::new([OPENAPI_PATH])
            .validator_url("none")
            .use_base_layout(),
    );
    Router::new()
        .route(
            OPENAPI_PATH,
            get(move || {
                let document = Arc::clone(&document);
                async move { axum::Json(document.as_ref().clone()) }
            }),
        )
        .route(DOCS_PATH, get(docs_page))
        .route(
            &format!("{DOCS_PATH}/{{*file}}"),
            get(move |Path(file): Path<String>| {
                let config = Arc::clone(&config);
                async move { swagger_file(&file, config) }
            }),
        )
}

/// `GET /api/docs`: the documentation page in the visitor's language.
async fn docs_page(RequestLang(lang): RequestLang) -> Response {
    let message = |key| tongban_i18n::Message::new(key).render(lang);
    crate::html(&DocsPage {
        lang,
        title: message("api-docs-title"),
        intro: message("api-docs-intro"),
        json_link: message("api-docs-json-link"),
    })
}

/// Serves one file of Swagger UI, with `swagger-initializer.js` pointing at our document.
fn swagger_file(file: &str, config: Arc<Config<'static>>) -> Response {
    match utoipa_swagger_ui::serve(file, config) {
        Ok(Some(found)) => {
            let mut response = (StatusCode::OK, found.bytes.into_owned()).into_response();
            let headers = response.headers_mut();
            if let Ok(value) = HeaderValue::from_str(&found.content_type) {
                headers.insert(CONTENT_TYPE, value);
            }
            if found.gzpipped {
                headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
            headers.insert(
                CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            );
            response
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, file, "a Swagger UI file failed to load");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
