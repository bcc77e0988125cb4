//! The language of a request: `?lang=` first, then the language cookie, then
//! `Accept-Language`, then Simplified Chinese. A `?lang=` choice is remembered in the cookie.

use axum::extract::{FromRequestParts, Request};
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tongban_i18n::Lang;

/// Cookie that remembers the chosen language, for every portal on the same host.
pub const LANG_COOKIE: &str = "tongban_lang";

/// The language chosen for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for RequestLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestLang(negotiate(&parts.headers, parts.uri.query()).0))
    }
}

/// Returns the language of a request and whether the query chose it.
pub fn negotiate(headers: &HeaderMap, query: Option<&str>) -> (Lang, bool) {
    if let Some(lang) = query.and_then(query_lang) {
        return (lang, true);
    }
    if let Some(lang) = cookie_value(headers, LANG_COOKIE).and_then(|value| Lang::from_tag(&value))
    {
        return (lang, false);
    }
    (accept_language(headers).unwrap_or_default(), false)
}

fn query_lang(query: &str) -> Option<Lang> {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == "lang")
        .and_then(|(_, value)| Lang::from_tag(&value))
}

/// Returns the value of cookie `name` in the request headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// The first language of `Accept-Language` that tongban speaks, in the order of the header's
/// quality values.
fn accept_language(headers: &HeaderMap) -> Option<Lang> {
    let header = headers.get(ACCEPT_LANGUAGE)?.to_str().ok()?;
    let mut ranked: Vec<(f32, Lang)> = header
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let lang = Lang::from_tag(pieces.next()?.trim())?;
            let quality = pieces
                .find_map(|piece| piece.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            Some((quality, lang))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked.first().map(|(_, lang)| *lang)
}

/// Middleware that stores a `?lang=` choice in the language cookie for a year.
pub async fn remember_language(request: Request, next: Next) -> Response {
    let chosen = request.uri().query().and_then(query_lang);
    let mut response = next.run(request).await;
    if let Some(lang) = chosen {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.tag()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    #[test]
    fn query_beats_cookie_beats_header() {
        let all = headers(&[
            ("cookie", "a=b; tongban_lang=en"),
            ("accept-language", "zh-CN"),
        ]);
        assert_eq!(negotiate(&all, Some("lang=zh-CN")), (Lang::ZhCn, true));
        assert_eq!(negotiate(&all, None), (Lang::En, false));
        let header_only = headers(&[("accept-language", "fr;q=1, en;q=0.8, zh;q=0.5")]);
        assert_eq!(negotiate(&header_only, None), (Lang::En, false));
        assert_eq!(negotiate(&HeaderMap::new(), None), (Lang::ZhCn, false));
    }

    #[test]
    fn unknown_languages_fall_through() {
        let map = headers(&[("cookie", "tongban_lang=fr")]);
        assert_eq!(negotiate(&map, Some("lang=de")), (Lang::ZhCn, false));
    }
}
