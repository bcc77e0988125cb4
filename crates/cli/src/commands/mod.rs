//! One module per top-level subcommand.

pub mod calendar;
pub mod data;
pub mod ids;
pub mod import;

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
