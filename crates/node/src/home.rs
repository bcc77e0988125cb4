//! `GET /`: the node portal's home page, with a search box and the services offered here.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use tongban_search::Query;
use tongban_web::catalog::search_failed;
use tongban_web::{Chrome, PageError, RequestLang};

use crate::NodeState;
use crate::auth::Viewer;
use crate::chrome::page_chrome;
use crate::services::hit_path;

/// Services listed on the home page; the list page has the rest.
const OFFERED_ON_HOME: usize = 10;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    viewer: Option<Viewer>,
    offered: Vec<Offered>,
    offered_total: usize,
}

/// A service in the home page's list.
struct Offered {
    href: String,
    name: String,
    department: String,
}

/// `GET /`: the portal's home page, greeting the person when logged in.
pub async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let chrome = page_chrome(&state, lang, "node-home-title", &uri, None);
    let session = state
        .sessions
        .load(&headers)
        .await
        .map_err(PageError::in_page(&chrome))?;
    let chrome = page_chrome(&state, lang, "node-home-title", &uri, session.as_ref());
    let viewer = session.as_ref().and_then(Viewer::of);

    let listing = Query {
        limit: OFFERED_ON_HOME,
        ..Query::default()
    };
    let results = state
        .search
        .search(&listing)
        .await
        .map_err(|error| PageError::in_page(&chrome)(search_failed(error)))?;
    let offered = results
        .hits
        .iter()
        .map(|hit| Offered {
            href: hit_path(hit),
            name: hit.name.clone(),
            department: hit.department.clone().unwrap_or_default(),
        })
        .collect();
    Ok(tongban_web::html(&HomePage {
        chrome,
        viewer,
        offered,
        offered_total: results.total,
    }))
}
