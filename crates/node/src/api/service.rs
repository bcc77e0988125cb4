//! `GET /api/services/{implementation_id}`: one service as this node offers it.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use tongban_domain::implementation::FormField;
use tongban_store::{catalog, implementations};
use tongban_web::WebError;
use tongban_web::catalog::api::CatalogItemJson;
use tongban_web::openapi::ApiErrorJson;
use utoipa::ToSchema;

use crate::NodeState;
use crate::services::{apply_path, guide_path};

/// A service of the node: its implementation and the catalog entry with its guide.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceJson {
    /// Id in the node's implementation list.
    #[schema(example = "zj-fitness-facility")]
    pub implementation_id: String,
    /// Department that handles the cases.
    pub department: String,
    /// Unified social credit code of that department, when known.
    pub department_code: Option<String>,
    /// Statutory time limit at this node, in working days from acceptance.
    pub statutory_days: Option<u32>,
    /// Promised time limit at this node, in working days from acceptance.
    pub promised_days: Option<u32>,
    /// The guide page.
    pub page_href: String,
    /// The application form's page. A person who is not logged in is sent to log in first.
    pub apply_href: String,
    /// Fields of the application form, besides who applies.
    pub form: Vec<FormFieldJson>,
    /// The catalog entry and its service guide.
    pub item: CatalogItemJson,
}

/// A field of the application form.
#[derive(Debug, Serialize, ToSchema)]
pub struct FormFieldJson {
    /// Name in the form.
    pub name: String,
    /// Label in Simplified Chinese.
    pub label_zh: String,
    /// Label in English.
    pub label_en: String,
    /// `text`, `textarea`, `number`, `date`, `select`, `phone`, `resident_id` or `credit_code`.
    pub kind: String,
    /// The values a `select` field offers.
    pub options: Vec<String>,
    /// Whether it must be filled in.
    pub required: bool,
    /// Maximum length of the value in characters.
    pub max_length: usize,
}

impl FormFieldJson {
    fn new(field: &FormField) -> FormFieldJson {
        // The kind's serde name is the wire name of the implementation list file.
        let kind = serde_json::to_value(field.kind)
            .ok()
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default();
        FormFieldJson {
            name: field.name.clone(),
            label_zh: field.label_zh.clone(),
            label_en: field.label_en.clone(),
            kind,
            options: field.options.clone(),
            required: field.required,
            max_length: field.max_length,
        }
    }
}

/// Returns one service with the node's department, time limits and form, and the catalog's
/// guide.
#[utoipa::path(
    get,
    path = "/api/services/{implementation_id}",
    tag = "services",
    params(("implementation_id" = String, Path, description = "Id in the node's implementation list")),
    responses(
        (status = 200, description = "The service", body = ServiceJson),
        (status = 404, description = "The node offers no such service", body = ApiErrorJson),
    )
)]
pub async fn show(
    State(state): State<NodeState>,
    Path(id): Path<String>,
) -> Result<Json<ServiceJson>, WebError> {
    let implementation = implementations::find_implementation(state.store.pool(), &id)
        .await?
        .ok_or(WebError::NotFound)?;
    let item = catalog::find_service_item(
        state.store.pool(),
        &implementation.source,
        &implementation.record_id,
    )
    .await?
    .ok_or(WebError::NotFound)?;
    Ok(Json(ServiceJson {
        page_href: guide_path(&implementation.id),
        apply_href: apply_path(&implementation.id),
        form: implementation.form.iter().map(FormFieldJson::new).collect(),
        implementation_id: implementation.id,
        department: implementation.department,
        department_code: implementation.department_code,
        statutory_days: implementation.statutory_days,
        promised_days: implementation.promised_days,
        item: CatalogItemJson::new(&item),
    }))
}
