//! `GET /account/data-access`: who used the logged-in person's data, when, for which case and
//! purpose, from the hub's data access log. The page reads only the entries whose subject is
//! the person's own resident ID number.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use tongban_domain::time::CHINA_STANDARD_TIME;
use tongban_i18n::{Lang, Message};
use tongban_services::data_sharing::{access_log, catalog};
use tongban_store::data_sharing::access_log::AccessEntry;
use tongban_store::nodes;
use tongban_web::{Chrome, PageError, RequestLang};

use crate::HubState;
use crate::pages::{chrome, see_other};
use crate::session::Visitor;

#[derive(Template)]
#[template(path = "data_access.html")]
struct DataAccessPage {
    chrome: Chrome,
    rows: Vec<AccessRow>,
}

/// A call in the list.
struct AccessRow {
    request_id: String,
    at: String,
    consumer: String,
    service: String,
    fields: String,
    purpose: String,
    case_number: String,
    outcome: String,
}

/// `GET /account/data-access`: the list, or the login page for someone not logged in.
pub(super) async fn show(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let frame = Chrome::new(lang, state.settings.name(lang), "data-access-title", &uri);
    let visitor = Visitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    let Some(account) = &visitor.account else {
        return Ok(see_other(&super::login_url("/account/data-access"), []));
    };
    let frame = chrome(&state, lang, "data-access-title", &uri, &visitor);
    let failed = |error| PageError::in_page(&frame)(crate::data_sharing::web_error(error));
    let entries = match &account.resident_id {
        Some(resident_id) => access_log::calls_about(&state.store, resident_id)
            .await
            .map_err(failed)?,
        None => Vec::new(),
    };
    let names = Names::load(&state, lang).await.map_err(failed)?;
    let rows = entries
        .iter()
        .map(|entry| access_row(entry, &names, &state.settings.id, lang))
        .collect();
    Ok(tongban_web::html(&DataAccessPage {
        chrome: frame,
        rows,
    }))
}

/// Names of nodes and data services in the page's language.
struct Names {
    nodes: HashMap<String, String>,
    services: HashMap<String, String>,
}

impl Names {
    async fn load(
        state: &HubState,
        lang: Lang,
    ) -> Result<Names, tongban_services::data_sharing::DataSharingError> {
        let registered = nodes::list_nodes(state.store.pool()).await?;
        let services = catalog::list_services(&state.store).await?;
        Ok(Names {
            nodes: registered
                .into_iter()
                .map(|node| {
                    let name = match lang {
                        Lang::ZhCn => node.name_zh,
                        Lang::En => node.name_en,
                    };
                    (node.node_id, name)
                })
                .collect(),
            services: services
                .into_iter()
                .map(|service| {
                    let name = match lang {
                        Lang::ZhCn => service.name_zh,
                        Lang::En => service.name_en,
                    };
                    (service.id, name)
                })
                .collect(),
        })
    }
}

fn access_row(entry: &AccessEntry, names: &Names, hub_id: &str, lang: Lang) -> AccessRow {
    let consumer = if entry.consumer == hub_id {
        Message::new("data-access-consumer-hub").render(lang)
    } else {
        names
            .nodes
            .get(&entry.consumer)
            .cloned()
            .unwrap_or_else(|| entry.consumer.clone())
    };
    let fields: Vec<String> = serde_json::from_str(&entry.fields).unwrap_or_default();
    let outcome = match (entry.outcome.as_str(), entry.reason.as_deref()) {
        ("answered", _) => Message::new("data-access-answered"),
        (_, reason) => Message::new("data-access-rejected").arg("reason", reason.unwrap_or("-")),
    };
    AccessRow {
        request_id: entry.request_id.clone(),
        at: entry
            .recorded_at
            .with_timezone(&CHINA_STANDARD_TIME)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        consumer,
        service: names
            .services
            .get(&entry.service_id)
            .cloned()
            .unwrap_or_else(|| entry.service_id.clone()),
        fields: fields.join(", "),
        purpose: entry.purpose.clone(),
        case_number: entry.case_number.clone().unwrap_or_else(|| "-".to_owned()),
        outcome: outcome.render(lang),
    }
}
