//! `GET /services/{source}/{record_id}`: the national service guide of one catalog entry.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use tongban_store::catalog;
use tongban_web::catalog::ItemView;
use tongban_web::{Chrome, PageError, RequestLang, WebError};

use super::SEARCH_PATH;
use crate::HubState;
use crate::pages::chrome;
use crate::session::Visitor;

#[derive(Template)]
#[template(path = "service_guide.html")]
struct GuidePage {
    chrome: Chrome,
    item: ItemView,
    search_href: &'static str,
}

/// `GET /services/{source}/{record_id}`: every part of the guide the catalog has, a notice
/// when it is incomplete, and 404 in the page's language for an unknown entry.
pub(super) async fn show(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    Path((source, record_id)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let frame = Chrome::new(lang, state.settings.name(lang), "guide-title", &uri);
    let visitor = Visitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    let mut chrome = chrome(&state, lang, "guide-title", &uri, &visitor);

    let item = catalog::find_service_item(state.store.pool(), &source, &record_id)
        .await
        .map_err(PageError::in_page(&chrome))?
        .ok_or_else(|| PageError::in_page(&chrome)(WebError::NotFound))?;

    chrome.title = item.name.clone();
    let item = ItemView::new(&item, lang);
    Ok(tongban_web::html(&GuidePage {
        chrome,
        item,
        search_href: SEARCH_PATH,
    }))
}
