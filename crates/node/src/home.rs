//! `GET /`: the node portal's home page.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use tongban_web::{Chrome, PageError, RequestLang};

use crate::NodeState;
use crate::auth::Viewer;
use crate::chrome::page_chrome;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    viewer: Option<Viewer>,
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
    Ok(tongban_web::html(&HomePage { chrome, viewer }))
}
