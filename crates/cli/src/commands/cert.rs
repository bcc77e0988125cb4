//! `tongban cert verify | trust-list save`: offline verification of e-certificates against a
//! saved trust list, and saving that list.

mod trust_list;
mod verify;

use tongban_i18n::Lang;

use crate::args::{CertCommand, TrustListCommand};
use crate::output::Outcome;

pub fn run(lang: Lang, command: CertCommand) -> Outcome {
    match command {
        CertCommand::Verify(args) => verify::run(lang, &args),
        CertCommand::TrustList(TrustListCommand::Save(args)) => trust_list::save(lang, &args),
    }
}

/// Prints `message` as a usage or data error, on standard error and, with `json`, as JSON.
fn fail(lang: Lang, json: bool, rule: &str, message: &tongban_i18n::Message) -> Outcome {
    eprintln!("{}", message.render(lang));
    if json {
        crate::output::print_json(&serde_json::json!({
            "error": { "rule": rule, "message": crate::output::message_json(message) }
        }));
    }
    Outcome::UsageOrDataError
}

/// Reads `--hub-key`: a key id of 16 hex digits, or the public key in hex. Returns the key id
/// to compare and, for a full key, the key to pin.
fn pinned_key(text: Option<&str>) -> (Option<String>, Option<String>) {
    match text.map(str::trim) {
        None => (None, None),
        Some(id) if id.len() == 16 => (Some(id.to_ascii_lowercase()), None),
        Some(key) => (None, Some(key.to_owned())),
    }
}
