//! Evaluation (好差评) and performance supervision: per-case facts, ratings, rectifications
//! and their steps. A handling node writes its own rows. The hub keeps copies of every node's
//! rows in the same tables, keyed by the reporting node.

mod ratings;
mod rectifications;
mod supervision;

use chrono::NaiveDate;

pub use ratings::{RatingRecord, find_rating, insert_rating, list_case_ratings, list_ratings};
pub use rectifications::{
    RectificationEvent, RectificationRecord, append_rectification_event, find_case_rectification,
    find_rectification, insert_rectification, list_rectification_events, list_rectifications,
    update_rectification, upsert_rectification_copy,
};
pub use supervision::{
    SupervisionCase, find_supervision_case, list_supervision_cases, upsert_supervision_case,
};

use crate::StoreError;

const DATE_FORMAT: &str = "%Y-%m-%d";

fn date_text(date: Option<NaiveDate>) -> Option<String> {
    date.map(|date| date.format(DATE_FORMAT).to_string())
}

fn parse_date(column: &'static str, text: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    text.map(|text| {
        NaiveDate::parse_from_str(&text, DATE_FORMAT)
            .map_err(|error| StoreError::invalid_stored_value(column, &text, error))
    })
    .transpose()
}

fn required_date(column: &'static str, text: String) -> Result<NaiveDate, StoreError> {
    parse_date(column, Some(text))?
        .ok_or_else(|| StoreError::invalid_stored_value(column, "", "missing"))
}
