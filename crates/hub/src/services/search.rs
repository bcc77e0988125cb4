//! `GET /services`: search the national catalog.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use tongban_web::catalog::{ResultsView, SearchForm, SearchParams, search_failed};
use tongban_web::{Chrome, PageError, RequestLang};

use super::{SEARCH_PATH, hit_path};
use crate::HubState;
use crate::pages::chrome;
use crate::session::Visitor;

#[derive(Template)]
#[template(path = "services.html")]
struct SearchPage {
    chrome: Chrome,
    form: SearchForm,
    view: ResultsView,
}

/// `GET /services?q=&type=&department=&complete=&page=`: the search form and one page of
/// catalog entries, 20 a page. Without text or filters it lists the whole catalog.
pub(super) async fn show(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let frame = Chrome::new(
        lang,
        state.settings.name(lang),
        "catalog-search-title",
        &uri,
    );
    let visitor = Visitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    let chrome = chrome(&state, lang, "catalog-search-title", &uri, &visitor);

    let params = SearchParams::from_page_query(uri.query()).map_err(PageError::in_page(&chrome))?;
    let results = state
        .search
        .search(&params.to_query(None))
        .await
        .map_err(|error| PageError::in_page(&chrome)(search_failed(error)))?;
    let departments = state
        .search
        .departments()
        .await
        .map_err(|error| PageError::in_page(&chrome)(search_failed(error)))?;

    let form = SearchForm::new(&params, SEARCH_PATH, &departments, lang);
    let view = ResultsView::new(&params, &results, SEARCH_PATH, lang, hit_path);
    Ok(tongban_web::html(&SearchPage { chrome, form, view }))
}
