//! `GET /`: the hub portal's home page, with the search of the national catalog.

use askama::Template;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use tongban_web::{Chrome, RequestLang};

use crate::HubState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
}

/// `GET /`: the national portal's home page, whose search box sends to `/services`.
pub async fn show(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
) -> Response {
    let chrome = Chrome::new(lang, state.settings.name(lang), "hub-home-title", &uri);
    tongban_web::html(&HomePage { chrome })
}
