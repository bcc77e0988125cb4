//! What a command prints, in which language, and the exit status it ends with.

use serde_json::{Map, Value, json};
use tongban_domain::RuleViolation;
use tongban_i18n::{Lang, Message};

/// How a command ended; the exit status is 0, 1 and 2 in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The value is valid or the work is done.
    Valid,
    /// The value is invalid.
    Invalid,
    /// The arguments or the data the command needs are wrong.
    UsageOrDataError,
}

/// Picks the language of messages before the arguments are parsed, because the help text
/// itself is localized: `--lang`, then `TONGBAN_LANG`, then the POSIX locale variables, then
/// Simplified Chinese.
pub fn pick_language(args: impl IntoIterator<Item = String>) -> Lang {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let value = match arg.strip_prefix("--lang=") {
            Some(value) => Some(value.to_owned()),
            None if arg == "--lang" => args.next(),
            None => None,
        };
        if let Some(lang) = value.as_deref().and_then(Lang::from_tag) {
            return lang;
        }
    }
    ["TONGBAN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find_map(|value| Lang::from_tag(&value))
        .unwrap_or_default()
}

/// A message in every language, for JSON read by people of either.
pub fn message_json(message: &Message) -> Value {
    let mut map = Map::new();
    for (lang, text) in message.render_all() {
        map.insert(lang.tag().to_owned(), Value::String(text));
    }
    Value::Object(map)
}

/// The JSON of a broken rule: its stable code and its message.
pub fn violation_json(violation: &dyn RuleViolation) -> Value {
    json!({ "rule": violation.rule(), "message": message_json(&violation.message()) })
}

/// Prints `value` as one line of JSON on standard output.
pub fn print_json(value: &Value) {
    println!("{value}");
}

/// Prints a data error on standard error in `lang`, and as JSON on standard output when the
/// command was asked for JSON. Returns [`Outcome::UsageOrDataError`].
pub fn data_error(violation: &dyn RuleViolation, lang: Lang, json: bool) -> Outcome {
    eprintln!("{}", violation.message().render(lang));
    if json {
        print_json(&json!({ "error": violation_json(violation) }));
    }
    Outcome::UsageOrDataError
}
