//! A virtual user's browser: one HTTP client with a cookie jar that can be emptied between
//! logins, no automatic redirects, and just enough HTML parsing to fill a login form.

use std::net::IpAddr;
use std::sync::{Arc, PoisonError, RwLock};

use anyhow::{Context, bail, ensure};
use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{HeaderValue, LOCATION};
use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};
use url::{Host, Url};

/// A cookie jar that [`Browser::forget_cookies`] replaces with an empty one, so one client (and
/// its keep-alive connection) serves many logins that each start without a session.
#[derive(Debug, Default)]
struct ResettableJar {
    jar: RwLock<Jar>,
}

impl CookieStore for ResettableJar {
    fn set_cookies(&self, cookie_headers: &mut dyn Iterator<Item = &HeaderValue>, url: &Url) {
        let jar = self.jar.read().unwrap_or_else(PoisonError::into_inner);
        jar.set_cookies(cookie_headers, url);
    }

    fn cookies(&self, url: &Url) -> Option<HeaderValue> {
        let jar = self.jar.read().unwrap_or_else(PoisonError::into_inner);
        jar.cookies(url)
    }
}

/// One virtual user's browser.
#[derive(Debug, Clone)]
pub struct Browser {
    client: Client,
    cookies: Arc<ResettableJar>,
}

impl Browser {
    /// Builds a browser whose pages come in `language` (an `Accept-Language` value).
    pub fn new(language: &str) -> anyhow::Result<Browser> {
        let cookies = Arc::new(ResettableJar::default());
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::ACCEPT_LANGUAGE,
            HeaderValue::from_str(language).context("invalid Accept-Language value")?,
        );
        let client = Client::builder()
            .cookie_provider(Arc::clone(&cookies))
            .redirect(Policy::none())
            .default_headers(headers)
            .build()?;
        Ok(Browser { client, cookies })
    }

    /// Empties the cookie jar, as a new private browser window would start.
    pub fn forget_cookies(&self) {
        let mut jar = self
            .cookies
            .jar
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        *jar = Jar::default();
    }

    /// Sends `GET url`.
    pub async fn get(&self, url: &Url) -> anyhow::Result<Response> {
        ensure_loopback(url)?;
        let response = self.client.get(url.clone()).send().await;
        response.with_context(|| format!("GET {url} failed"))
    }

    /// Sends `POST url` with a form body.
    pub async fn post_form(
        &self,
        url: &Url,
        form: &[(String, String)],
    ) -> anyhow::Result<Response> {
        let response = self.client.post(url.clone()).form(form).send().await;
        response.with_context(|| format!("POST {url} failed"))
    }
}

/// Rejects a URL whose host is not on the loopback interface, so a provider's redirect can
/// never send the driver to another machine.
pub fn ensure_loopback(url: &Url) -> anyhow::Result<()> {
    let loopback = match url.host() {
        Some(Host::Ipv4(address)) => IpAddr::V4(address).is_loopback(),
        Some(Host::Ipv6(address)) => IpAddr::V6(address).is_loopback(),
        Some(Host::Domain(name)) => name == "localhost",
        None => false,
    };
    ensure!(
        loopback,
        "{url} is not on the loopback interface; the benchmark only sends to 127.0.0.0/8, [::1] or localhost"
    );
    Ok(())
}

/// Returns the absolute URL a `303 See Other` (or another redirect) points to, resolved against
/// the request URL. Any other status is an error that shows the start of the body.
pub async fn redirect_target(response: Response, request_url: &Url) -> anyhow::Result<Url> {
    let status = response.status();
    if !status.is_redirection() {
        let body = response.text().await.unwrap_or_default();
        bail!(
            "expected a redirect from {request_url}, got {status}: {}",
            excerpt(&body)
        );
    }
    let location = response
        .headers()
        .get(LOCATION)
        .with_context(|| format!("the redirect from {request_url} has no Location header"))?
        .to_str()
        .context("the Location header is not ASCII")?;
    request_url
        .join(location)
        .with_context(|| format!("invalid Location {location:?} from {request_url}"))
}

/// Returns the body of a `200 OK` HTML page, or an error with the status and body start.
pub async fn page_body(response: Response, request_url: &Url) -> anyhow::Result<String> {
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    if status != StatusCode::OK {
        bail!(
            "expected a page from {request_url}, got {status}: {}",
            excerpt(&body)
        );
    }
    Ok(body)
}

/// The first form of a page: where it posts to and the values of its hidden inputs.
#[derive(Debug)]
pub struct HtmlForm {
    /// The form's `action`, resolved against the page URL.
    pub action: Url,
    /// `(name, value)` of every `type="hidden"` input, in page order.
    pub hidden: Vec<(String, String)>,
}

/// Reads the first `<form>` of `html`, a page served at `page_url`.
///
/// NOTE: this reads the markup the two benchmarked providers write (double-quoted attributes,
/// one form per page); it is no general HTML parser.
pub fn first_form(html: &str, page_url: &Url) -> anyhow::Result<HtmlForm> {
    let form_start = html
        .find("<form")
        .with_context(|| format!("no form on {page_url}: {}", excerpt(html)))?;
    let form_html = &html[form_start..];
    let form_end = form_html.find("</form>").unwrap_or(form_html.len());
    let form_html = &form_html[..form_end];
    let form_tag = &form_html[..form_html.find('>').unwrap_or(form_html.len())];
    let action = attribute(form_tag, "action").unwrap_or_default();
    let action = page_url
        .join(&action)
        .with_context(|| format!("invalid form action {action:?} on {page_url}"))?;

    let mut hidden = Vec::new();
    for (index, _) in form_html.match_indices("<input") {
        let tag = &form_html[index..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        if attribute(tag, "type").as_deref() != Some("hidden") {
            continue;
        }
        if let Some(name) = attribute(tag, "name") {
            hidden.push((name, attribute(tag, "value").unwrap_or_default()));
        }
    }
    Ok(HtmlForm { action, hidden })
}

/// Returns the unescaped value of the double-quoted attribute `name` in the start tag `tag`.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    let end = tag[start..].find('"')?;
    Some(unescape_html(&tag[start..start + end]))
}

/// Replaces the character references an HTML template engine writes into attribute values:
/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and numeric ones such as `&#x27;` or `&#39;`.
fn unescape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let decoded = after.find(';').and_then(|end| {
            let entity = &after[..end];
            let character = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => numeric_reference(entity),
            };
            character.map(|character| (character, end))
        });
        match decoded {
            Some((character, end)) => {
                out.push(character);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes `#39` or `#x27` to its character.
fn numeric_reference(entity: &str) -> Option<char> {
    let digits = entity.strip_prefix('#')?;
    let code = match digits.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => digits.parse().ok()?,
    };
    char::from_u32(code)
}

/// Returns the first 300 characters of `body` on one line, for error messages.
pub fn excerpt(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.chars().take(300).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly where it stops")]

    use super::*;

    #[test]
    fn first_form_reads_action_and_hidden_inputs() {
        let html = r#"<p>x</p><form method="post" action="/login" novalidate>
  <input type="hidden" name="csrf" value="abc">
  <input type="hidden" name="return_to" value="/oidc/authorize?a=1&amp;b=&#x27;2&#x27;">
  <input id="identifier" name="identifier" type="text" value="">
</form><form action="/other"><input type="hidden" name="no" value="no"></form>"#;
        let page = Url::parse("http://127.0.0.1:8400/login?return_to=x").unwrap();
        let form = first_form(html, &page).unwrap();
        assert_eq!(form.action.as_str(), "http://127.0.0.1:8400/login");
        assert_eq!(
            form.hidden,
            vec![
                ("csrf".to_owned(), "abc".to_owned()),
                (
                    "return_to".to_owned(),
                    "/oidc/authorize?a=1&b='2'".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn unescape_keeps_unknown_references() {
        assert_eq!(
            unescape_html("a &amp; b &#39;c&#39; &nbsp; &"),
            "a & b 'c' &nbsp; &"
        );
    }
}
