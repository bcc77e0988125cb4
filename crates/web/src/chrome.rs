//! What every page shares: language, site name, navigation, the account box and the language
//! switch. Page templates hold a [`Chrome`] and extend `layout.html`.

use axum::http::Uri;
use tongban_i18n::{Lang, Message};

/// A link in the navigation bar.
#[derive(Debug, Clone)]
pub struct NavLink {
    /// Target.
    pub href: String,
    /// Text, already in the page's language.
    pub label: String,
}

/// The frame of a page.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// Language of the page.
    pub lang: Lang,
    /// Name of the portal in the page's language, such as 广东省政务服务网.
    pub site_name: String,
    /// Title of this page, already in the page's language.
    pub title: String,
    /// Navigation links.
    pub nav: Vec<NavLink>,
    /// Name of the person logged in, if anyone.
    pub user_name: Option<String>,
    /// Where the logout form posts, when someone is logged in.
    pub logout_action: Option<String>,
    /// Where the login link points, when nobody is logged in.
    pub login_href: Option<String>,
    /// CSRF token for the forms of the page, such as logout.
    pub csrf_token: Option<String>,
    /// Path and query of the page, for the language switch.
    uri: String,
}

impl Chrome {
    /// Starts the frame of the page at `uri` with the title of message `title_key`.
    pub fn new(
        lang: Lang,
        site_name: impl Into<String>,
        title_key: &'static str,
        uri: &Uri,
    ) -> Chrome {
        Chrome {
            lang,
            site_name: site_name.into(),
            title: Message::new(title_key).render(lang),
            nav: Vec::new(),
            user_name: None,
            logout_action: None,
            login_href: None,
            csrf_token: None,
            uri: uri
                .path_and_query()
                .map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned()),
        }
    }

    /// Returns the text of message `key` in the page's language.
    pub fn t(&self, key: &str) -> String {
        tongban_i18n::lookup(self.lang, key).unwrap_or_else(|| key.to_owned())
    }

    /// Renders `message` in the page's language.
    pub fn render(&self, message: &Message) -> String {
        message.render(self.lang)
    }

    /// Returns the BCP 47 tag for the `lang` attribute.
    pub fn lang_tag(&self) -> &'static str {
        self.lang.tag()
    }

    /// Returns the link to this page in the other language, and that language's own name.
    pub fn other_language(&self) -> (String, &'static str, &'static str) {
        let other = match self.lang {
            Lang::ZhCn => Lang::En,
            Lang::En => Lang::ZhCn,
        };
        let name = match other {
            Lang::ZhCn => "中文",
            Lang::En => "English",
        };
        (
            with_query_param(&self.uri, "lang", other.tag()),
            name,
            other.tag(),
        )
    }

    /// Adds a navigation link with the text of message `label_key`.
    pub fn link(mut self, href: impl Into<String>, label_key: &str) -> Chrome {
        let label = self.t(label_key);
        self.nav.push(NavLink {
            href: href.into(),
            label,
        });
        self
    }
}

/// Returns `uri` with query parameter `name` set to `value`, other parameters kept.
fn with_query_param(uri: &str, name: &str, value: &str) -> String {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (key, existing) in url::form_urlencoded::parse(query.as_bytes()) {
        if key != name {
            serializer.append_pair(&key, &existing);
        }
    }
    serializer.append_pair(name, value);
    format!("{path}?{}", serializer.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_switch_keeps_other_parameters() {
        assert_eq!(
            with_query_param("/search?q=社保&lang=zh-CN", "lang", "en"),
            "/search?q=%E7%A4%BE%E4%BF%9D&lang=en"
        );
        assert_eq!(with_query_param("/", "lang", "en"), "/?lang=en");
    }
}
