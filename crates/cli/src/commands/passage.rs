//! `tongban passage dead-letters | ping | status`: operating an instance's passage from its
//! configuration file, while the instance runs or not.

mod dead_letters;
mod ping;
mod status;

use std::path::Path;

use serde_json::json;
use tongban_i18n::{Lang, Message};
use tongban_server::Config;
use tongban_store::Store;

use crate::args::PassageCommand;
use crate::output::{self, Outcome};

pub fn run(lang: Lang, command: PassageCommand) -> Outcome {
    match command {
        PassageCommand::DeadLetters(command) => dead_letters::run(lang, command),
        PassageCommand::Ping(args) => ping::run(lang, &args),
        PassageCommand::Status(args) => status::run(lang, &args),
    }
}

/// Loads the configuration of a hub or node, printing why it is rejected.
pub fn load_config(path: &Path, lang: Lang, json: bool) -> Result<Config, Outcome> {
    Config::load(path).map_err(|error| {
        let message = error.message();
        eprintln!("{}", message.render(lang));
        if json {
            output::print_json(&json!({
                "error": { "rule": "config-invalid", "message": output::message_json(&message) }
            }));
        }
        Outcome::UsageOrDataError
    })
}

/// Opens the instance's database. A SQLite file must exist already: these commands operate
/// an instance that has started at least once.
pub async fn connect(config: &Config) -> anyhow::Result<Store> {
    let url = config.database_url();
    if let Some(path) = url.strip_prefix("sqlite://") {
        let path = Path::new(path.split('?').next().unwrap_or(path));
        if !path.exists() {
            let message =
                Message::new("cli-out-passage-no-database").arg("path", path.display().to_string());
            return Err(crate::commands::UserError(message).into());
        }
    }
    Ok(Store::connect(&url).await?)
}
