//! `GET /`: the node portal's home page.

use askama::Template;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use tongban_web::{Chrome, RequestLang};

use crate::NodeState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
}

/// `GET /`: the node portal's home page.
pub async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
) -> Response {
    let chrome = Chrome::new(lang, state.settings.name(lang), "node-home-title", &uri);
    tongban_web::html(&HomePage { chrome })
}
