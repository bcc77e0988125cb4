//! `GET /services`: list and search the node's implementation list.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use tongban_web::catalog::{ResultsView, SearchForm, SearchParams, search_failed};
use tongban_web::{Chrome, PageError, RequestLang};

use super::{LIST_PATH, hit_path};
use crate::NodeState;
use crate::chrome::page_chrome;

#[derive(Template)]
#[template(path = "services.html")]
struct ListPage {
    chrome: Chrome,
    form: SearchForm,
    view: ResultsView,
}

/// `GET /services?q=&type=&department=&complete=&page=`: the search form, with the node's
/// departments as the department filter, and one page of its services.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let frame = page_chrome(&state, lang, "catalog-list-title", &uri, None);
    let session = state
        .sessions
        .load(&headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    let chrome = page_chrome(&state, lang, "catalog-list-title", &uri, session.as_ref());

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

    let form = SearchForm::new(&params, LIST_PATH, &departments, lang);
    let view = ResultsView::new(&params, &results, LIST_PATH, lang, hit_path);
    Ok(tongban_web::html(&ListPage { chrome, form, view }))
}
