//! The data resource catalog at the hub: `GET /data/services`, the page in the visitor's
//! language, and `GET /api/data/services`, the same as JSON. Nodes publish their entries
//! through the passage.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use tongban_i18n::{Lang, Message};
use tongban_services::data_sharing::DataSharingError;
use tongban_services::data_sharing::catalog::{self, ServiceEntry};
use tongban_web::{Chrome, PageError, RequestLang, WebError};

use crate::HubState;
use crate::pages::chrome;
use crate::session::Visitor;

/// Returns the routes of the catalog page and its JSON.
pub fn routes() -> Router<HubState> {
    Router::new()
        .route("/data/services", get(show))
        .route("/api/data/services", get(list))
}

/// Returns the web error of a data sharing failure.
pub(crate) fn web_error(error: DataSharingError) -> WebError {
    match error {
        DataSharingError::Store(error) => WebError::Store(error),
        DataSharingError::NotFound(_) => WebError::NotFound,
        other => WebError::Internal(other.to_string()),
    }
}

/// `GET /api/data/services`: every data service of the catalog, by id.
async fn list(State(state): State<HubState>) -> Result<Json<Vec<ServiceEntry>>, WebError> {
    let services = catalog::list_services(&state.store)
        .await
        .map_err(web_error)?;
    Ok(Json(services))
}

#[derive(Template)]
#[template(path = "data_services.html")]
struct ServicesPage {
    chrome: Chrome,
    rows: Vec<ServiceRow>,
}

/// A data service in the table.
struct ServiceRow {
    id: String,
    name: String,
    provider: String,
    fields: String,
    sharing_class: String,
    legal_basis: String,
}

/// `GET /data/services`: the catalog as a table.
async fn show(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let frame = Chrome::new(lang, state.settings.name(lang), "data-services-title", &uri);
    let visitor = Visitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    let frame = chrome(&state, lang, "data-services-title", &uri, &visitor);
    let services = catalog::list_services(&state.store)
        .await
        .map_err(|error| PageError::in_page(&frame)(web_error(error)))?;
    let rows = services.iter().map(|entry| row(entry, lang)).collect();
    Ok(tongban_web::html(&ServicesPage {
        chrome: frame,
        rows,
    }))
}

fn row(entry: &ServiceEntry, lang: Lang) -> ServiceRow {
    let (name, department) = match lang {
        Lang::ZhCn => (&entry.name_zh, &entry.provider_department_zh),
        Lang::En => (&entry.name_en, &entry.provider_department_en),
    };
    ServiceRow {
        id: entry.id.clone(),
        name: name.clone(),
        provider: format!("{department} ({})", entry.provider_node),
        fields: entry.fields.join(", "),
        sharing_class: Message::new(match entry.sharing_class.as_str() {
            "unconditional" => "data-sharing-class-unconditional",
            "conditional" => "data-sharing-class-conditional",
            _ => "data-sharing-class-not-shareable",
        })
        .render(lang),
        legal_basis: entry.legal_basis.clone(),
    }
}
