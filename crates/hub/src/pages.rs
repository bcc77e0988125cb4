//! Parts shared by the hub's pages: the frame with the account box, form fields with their
//! errors, the CSRF check and the `return_to` rule.

use axum::http::Uri;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use tongban_i18n::{Lang, Message};
use tongban_web::{Chrome, PageError, WebError};

use crate::HubState;
use crate::session::Visitor;

/// Longest `return_to` accepted; an authorization request with every parameter fits.
const MAX_RETURN_TO_CHARS: usize = 4096;

/// Returns the frame of a hub page for `visitor`.
pub fn chrome(
    state: &HubState,
    lang: Lang,
    title_key: &'static str,
    uri: &Uri,
    visitor: &Visitor,
) -> Chrome {
    let mut chrome = Chrome::new(lang, state.settings.name(lang), title_key, uri)
        .link("/", "hub-nav-home")
        .link("/services", "catalog-nav-services")
        .link("/cases", "case-index-nav")
        .link(crate::evaluation::SUPERVISION_PATH, "supervision-title")
        .link("/account", "hub-nav-account");
    match &visitor.account {
        Some(account) => {
            chrome.user_name = Some(account.name.clone());
            chrome.logout_action = Some("/logout".to_owned());
            chrome.csrf_token = Some(visitor.session.csrf_token().to_owned());
        }
        None => chrome.login_href = Some("/login".to_owned()),
    }
    chrome
}

/// Returns `value` if it is a path on this site: it starts with one `/`, and has no backslash
/// (which browsers read as `/`) and no control character. Anything else could send the person
/// to another site after login.
pub fn local_return_to(value: Option<&str>) -> Option<String> {
    let value = value?;
    let local = value.starts_with('/')
        && !value.starts_with("//")
        && !value.contains('\\')
        && !value.chars().any(char::is_control)
        && value.chars().count() <= MAX_RETURN_TO_CHARS;
    local.then(|| value.to_owned())
}

/// Returns a `303 See Other` to `location` with the `Set-Cookie` headers given.
pub fn see_other(
    location: &str,
    cookies: impl IntoIterator<Item = axum::http::HeaderValue>,
) -> Response {
    let mut response = (
        axum::http::StatusCode::SEE_OTHER,
        [(LOCATION, location.to_owned())],
    )
        .into_response();
    for cookie in cookies {
        response
            .headers_mut()
            .append(axum::http::header::SET_COOKIE, cookie);
    }
    response
}

/// Returns whether `submitted` is the CSRF token of the visitor's stored session.
pub fn csrf_ok(visitor: &Visitor, submitted: &str) -> bool {
    visitor.session.is_stored() && visitor.session.csrf_matches(submitted)
}

/// Returns the 400 page for a form whose CSRF token did not match: it expired or came from
/// another site.
pub fn csrf_rejected(chrome: &Chrome) -> PageError {
    PageError {
        chrome: chrome.clone(),
        error: WebError::BadRequest(Message::new("error-csrf")),
    }
}

pub use tongban_web::form::{FieldView, SummaryItem, summary};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_to_accepts_only_local_paths() {
        let cases = [
            (Some("/account"), true),
            (Some("/oidc/authorize?client_id=gd&state=a%2Fb"), true),
            (Some("/"), true),
            (Some("//evil.example/"), false),
            (Some("/\\evil.example/"), false),
            (Some("https://evil.example/"), false),
            (Some("account"), false),
            (Some("/a\nb"), false),
            (Some(""), false),
            (None, false),
        ];
        for (input, accepted) in cases {
            assert_eq!(local_return_to(input).is_some(), accepted, "{input:?}");
        }
        let long = format!("/{}", "a".repeat(MAX_RETURN_TO_CHARS));
        assert!(local_return_to(Some(&long)).is_none());
    }
}
