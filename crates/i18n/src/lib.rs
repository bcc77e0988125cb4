//! Messages that people read, kept as Fluent files in Simplified Chinese (the default) and English.
//!
//! Code never builds a sentence for a person. It names a message by key with its arguments
//! ([`Message`]) and renders it in the reader's language ([`Lang`]) at the edge: a page, a JSON
//! error, a command's output.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use serde::{Deserialize, Serialize};
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "zh-CN",
        // Without this every placeholder is wrapped in invisible U+2068/U+2069 marks, which
        // end up in HTML, JSON and terminal output.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language that every screen and message exists in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Every supported language, the default first.
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// Returns the BCP 47 tag, as used in `lang` attributes and `Accept-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Picks the language for a tag such as `en-US`, `zh`, `zh-Hans-CN` or a POSIX locale such
    /// as `en_US.UTF-8`; returns `None` for a language tongban does not speak.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_', '.'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::ZhCn),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::ZhCn => langid!("zh-CN"),
            Lang::En => langid!("en"),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A value placed into a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Text shown as it is.
    Text(String),
    /// A number, formatted by the language's rules.
    Number(i64),
    /// Another message, rendered in the same language, such as the reason inside a wrapper.
    Nested(Box<Message>),
}

impl From<Message> for Arg {
    fn from(value: Message) -> Self {
        Arg::Nested(Box::new(value))
    }
}

impl From<&str> for Arg {
    fn from(value: &str) -> Self {
        Arg::Text(value.to_owned())
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Self {
        Arg::Text(value)
    }
}

impl From<i64> for Arg {
    fn from(value: i64) -> Self {
        Arg::Number(value)
    }
}

impl From<i32> for Arg {
    fn from(value: i32) -> Self {
        Arg::Number(i64::from(value))
    }
}

impl From<u32> for Arg {
    fn from(value: u32) -> Self {
        Arg::Number(i64::from(value))
    }
}

impl From<usize> for Arg {
    fn from(value: usize) -> Self {
        Arg::Number(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

/// A message for a person: a Fluent key and its arguments, rendered later in their language.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

impl Message {
    /// Starts a message with the Fluent key `key`.
    pub fn new(key: &'static str) -> Self {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// Adds the argument `name`, referenced in the Fluent text as `{ $name }`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// Returns the Fluent key.
    pub fn key(&self) -> &'static str {
        self.key
    }

    /// Renders the message in `lang`. A key missing from the catalogs renders as the key itself,
    /// and the catalog test fails on it.
    pub fn render(&self, lang: Lang) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = self
            .args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Text(text) => FluentValue::from(text.as_str()),
                    Arg::Number(number) => FluentValue::from(*number),
                    Arg::Nested(message) => FluentValue::from(message.render(lang)),
                };
                (Cow::Borrowed(*name), value)
            })
            .collect();
        LOCALES
            .try_lookup_with_args(&lang.langid(), self.key, &args)
            .unwrap_or_else(|| self.key.to_owned())
    }

    /// Renders the message in every language, keyed by tag, for JSON output read by people of
    /// either language.
    pub fn render_all(&self) -> Vec<(Lang, String)> {
        Lang::ALL
            .iter()
            .map(|lang| (*lang, self.render(*lang)))
            .collect()
    }
}

/// Returns the text of a message without arguments, or `None` when `key` is missing from the
/// catalog of `lang` and of the fallback language. For keys built at run time, such as the help
/// text of a command-line option.
pub fn lookup(lang: Lang, key: &str) -> Option<String> {
    LOCALES.try_lookup(&lang.langid(), key)
}

#[cfg(test)]
mod tests;
