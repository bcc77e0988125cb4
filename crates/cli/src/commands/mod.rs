//! One module per top-level subcommand.

pub mod audit;
pub mod calendar;
pub mod cert;
pub mod data;
pub mod demo;
pub mod evidence;
pub mod hub;
pub mod ids;
pub mod import;
pub mod passage;
pub mod registry;
pub mod serve;
pub mod simulate;

use tongban_i18n::Lang;
use tongban_refdata::ReferenceData;

use crate::args::GlobalArgs;
use crate::output::{self, Outcome};

/// Opens the reference data directory the options name, or reports why it cannot.
pub fn reference_data(
    global: &GlobalArgs,
    lang: Lang,
    json: bool,
) -> Result<ReferenceData, Outcome> {
    ReferenceData::locate(global.reference_data.as_deref())
        .map_err(|error| output::data_error(&error, lang, json))
}

/// A failure the person at the terminal can fix, with a message of its own: printed in their
/// language alone, without the English detail of other errors.
#[derive(Debug)]
pub struct UserError(pub tongban_i18n::Message);

impl std::fmt::Display for UserError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.0.render(Lang::En))
    }
}

impl std::error::Error for UserError {}

/// Runs `work` on a new runtime; a failure is printed in `lang` and becomes a data error.
pub fn block_on<T>(
    lang: Lang,
    json: bool,
    work: impl std::future::Future<Output = anyhow::Result<T>>,
) -> Result<T, Outcome> {
    let result = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(anyhow::Error::from)
        .and_then(|runtime| runtime.block_on(work));
    result.map_err(|error| {
        let message = match error.downcast_ref::<UserError>() {
            Some(UserError(message)) => message.clone(),
            None => tongban_i18n::Message::new("cli-out-failed").arg("error", format!("{error:#}")),
        };
        eprintln!("{}", message.render(lang));
        if json {
            output::print_json(&serde_json::json!({
                "error": { "rule": "failed", "message": output::message_json(&message) }
            }));
        }
        Outcome::UsageOrDataError
    })
}

/// The actor recorded for a command run by hand: `cli:` and the login name.
pub fn default_actor() -> String {
    format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "operator".to_owned())
    )
}

/// Creates the folder of a SQLite file, so `sqlite://data/tongban.sqlite` works in a fresh
/// checkout.
pub fn prepare_sqlite_folder(url: &str) {
    let Some(rest) = url.strip_prefix("sqlite://") else {
        return;
    };
    let path = std::path::Path::new(rest.split('?').next().unwrap_or(rest));
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        && let Err(error) = std::fs::create_dir_all(parent)
    {
        tracing::warn!(folder = %parent.display(), %error, "cannot create the database folder");
    }
}
