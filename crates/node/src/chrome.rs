//! The frame of the node's pages: portal name, navigation and the account box.

use axum::http::Uri;
use tongban_i18n::Lang;
use tongban_web::{Chrome, Session};

use crate::NodeState;
use crate::auth::Viewer;

/// Returns the frame of a node page titled by message `title_key`, with the logged-in person
/// of `session`, if any.
pub fn page_chrome(
    state: &NodeState,
    lang: Lang,
    title_key: &'static str,
    uri: &Uri,
    session: Option<&Session>,
) -> Chrome {
    let mut chrome = Chrome::new(lang, state.settings.name(lang), title_key, uri)
        .link("/", "node-nav-home")
        .link("/services", "catalog-nav-services")
        .link(crate::certificates::VERIFY_PATH, "certificate-verify-title");
    match session.and_then(|session| Viewer::of(session).map(|viewer| (session, viewer))) {
        Some((session, viewer)) => {
            chrome = chrome
                .link(crate::cases::CASES_PATH, "case-list-title")
                .link(
                    crate::certificates::CERTIFICATES_PATH,
                    "certificate-wallet-title",
                );
            chrome.user_name = Some(viewer.display_name());
            chrome.logout_action = Some("/logout".to_owned());
            chrome.csrf_token = Some(session.csrf_token().to_owned());
        }
        None => {
            let here = uri.path_and_query().map_or("/", |pq| pq.as_str());
            let encoded: String = url::form_urlencoded::byte_serialize(here.as_bytes()).collect();
            chrome.login_href = Some(format!("/login?return_to={encoded}"));
        }
    }
    chrome
}
