//! The parts that the case pages of applicants and clerks share, in the page's language:
//! states, dates, time limits, history, materials, suspensions and form values.

mod deadlines;
mod facts;
mod history;
mod materials;
mod names;
mod places;

use chrono::{DateTime, NaiveDate, Utc};
use tongban_domain::case::CaseStatus;
use tongban_domain::implementation::Implementation;
use tongban_domain::time::CHINA_STANDARD_TIME;
use tongban_i18n::{Lang, Message};
use tongban_services::cases::CaseRecord;

pub(crate) use deadlines::{DeadlinesView, case_deadlines};
pub(crate) use facts::{FactRow, case_facts};
pub(crate) use history::{HistoryRow, history_rows};
pub(crate) use materials::{MaterialRow, SuspensionRow, material_rows, suspension_rows};
pub(crate) use names::ServiceNames;
pub(crate) use places::PlaceNames;

/// Returns the name of `status` in `lang`.
pub(crate) fn status_label(status: CaseStatus, lang: Lang) -> String {
    Message::new(status.label_key()).render(lang)
}

/// Returns `at` in Asia/Shanghai as `YYYY-MM-DD HH:MM`.
pub(crate) fn format_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&CHINA_STANDARD_TIME)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Returns `day` as `YYYY-MM-DD`, or a dash when there is none.
pub(crate) fn format_date(day: Option<NaiveDate>) -> String {
    day.map_or_else(|| "—".to_owned(), |day| day.to_string())
}

/// Returns a resident ID number with every character but the last four hidden.
pub(crate) fn mask_id_number(number: &str) -> String {
    let count = number.chars().count();
    number
        .chars()
        .enumerate()
        .map(|(index, c)| if index + 4 < count { '*' } else { c })
        .collect()
}

/// A form value with its label.
#[derive(Debug, Clone)]
pub(crate) struct ValueRow {
    /// The field's label in the page's language, or its name when the form no longer has it.
    pub label: String,
    /// The value as stored.
    pub value: String,
}

/// Returns the form values of `case` with the labels of `implementation`'s form, in form
/// order, then any value whose field the form no longer has.
pub(crate) fn value_rows(
    case: &CaseRecord,
    implementation: Option<&Implementation>,
    lang: Lang,
) -> Vec<ValueRow> {
    let form = implementation.map_or(&[][..], |implementation| &implementation.form[..]);
    let mut rows: Vec<ValueRow> = form
        .iter()
        .filter_map(|field| {
            case.form_data.get(&field.name).map(|value| ValueRow {
                label: field.label(lang).to_owned(),
                value: value.clone(),
            })
        })
        .collect();
    for (name, value) in &case.form_data {
        if !form.iter().any(|field| field.name == *name) {
            rows.push(ValueRow {
                label: name.clone(),
                value: value.clone(),
            });
        }
    }
    rows
}

/// Returns a size in bytes as people read it, such as `20 MiB` or `312 KiB`.
pub(crate) fn format_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        let tenths = bytes * 10 / MIB;
        if tenths.is_multiple_of(10) {
            format!("{} MiB", tenths / 10)
        } else {
            format!("{}.{} MiB", tenths / 10, tenths % 10)
        }
    } else if bytes >= KIB {
        format!("{} KiB", bytes.div_ceil(KIB))
    } else {
        format!("{bytes} B")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_show_last_four() {
        assert_eq!(mask_id_number("11010519491231002X"), "**************002X");
        assert_eq!(mask_id_number("123"), "123");
    }

    #[test]
    fn sizes_read_in_binary_units() {
        assert_eq!(format_size(20 * 1024 * 1024), "20 MiB");
        assert_eq!(format_size(1536 * 1024), "1.5 MiB");
        assert_eq!(format_size(2000), "2 KiB");
        assert_eq!(format_size(12), "12 B");
    }
}
