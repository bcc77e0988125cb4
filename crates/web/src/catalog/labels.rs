//! Names of the catalog's code values in the reader's language: item types (GB/T 39046 list
//! A.1), exercise levels (list A.2) and time limit units.

use tongban_domain::catalog::ItemType;
use tongban_i18n::{Lang, Message};

/// Unit code of working days in published service guides.
pub const WORKING_DAYS_UNIT: &str = "1";

/// Returns the message that names `item_type`.
pub fn item_type_message(item_type: ItemType) -> Message {
    Message::new(match item_type {
        ItemType::AdministrativeLicensing => "item-type-01",
        ItemType::AdministrativePenalty => "item-type-02",
        ItemType::AdministrativeCoercion => "item-type-03",
        ItemType::AdministrativeLevy => "item-type-04",
        ItemType::AdministrativePayment => "item-type-05",
        ItemType::AdministrativeInspection => "item-type-06",
        ItemType::AdministrativeConfirmation => "item-type-07",
        ItemType::AdministrativeReward => "item-type-08",
        ItemType::AdministrativeAdjudication => "item-type-09",
        ItemType::OtherAdministrativePower => "item-type-10",
        ItemType::PublicService => "item-type-20",
    })
}

/// Returns the name of `item_type` in `lang`.
pub fn item_type_name(item_type: ItemType, lang: Lang) -> String {
    item_type_message(item_type).render(lang)
}

/// Returns the message that names the exercise level with A.2 code `code`, or `None` for a
/// code outside the list.
pub fn exercise_level_message(code: &str) -> Option<Message> {
    let key = match code.trim() {
        "1" => "exercise-level-1",
        "2" => "exercise-level-2",
        "3" => "exercise-level-3",
        "4" => "exercise-level-4",
        "5" => "exercise-level-5",
        "6" => "exercise-level-6",
        "7" => "exercise-level-7",
        _ => return None,
    };
    Some(Message::new(key))
}

/// Returns a time limit as people read it: working days for unit code 1, and otherwise the
/// number with the unit code as published, because the other codes' units are not known here.
pub fn time_limit_text(value: u32, unit_code: Option<&str>, lang: Lang) -> String {
    let message = match unit_code.map(str::trim) {
        Some(WORKING_DAYS_UNIT) => Message::new("guide-working-days").arg("days", value),
        Some(unit) if !unit.is_empty() => Message::new("guide-limit-unit-code")
            .arg("value", value)
            .arg("unit", unit),
        _ => Message::new("guide-limit-unit-missing").arg("value", value),
    };
    message.render(lang)
}

/// Returns "N working days" in `lang`.
pub fn working_days_text(days: u32, lang: Lang) -> String {
    time_limit_text(days, Some(WORKING_DAYS_UNIT), lang)
}

/// Returns the text shown where the source left a value out.
pub fn not_stated(lang: Lang) -> String {
    Message::new("guide-not-stated").render(lang)
}

/// Returns yes or no in `lang`.
pub fn yes_no(value: bool, lang: Lang) -> String {
    Message::new(if value { "guide-yes" } else { "guide-no" }).render(lang)
}
