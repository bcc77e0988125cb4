//! Checking application form values against the implementation's form.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Mutex, OnceLock, PoisonError};

use chrono::NaiveDate;
use tongban_domain::RuleViolation;
use tongban_domain::ids::{CreditCode, Divisions, InputMode, RegionPolicy, ResidentId};
use tongban_domain::implementation::{FieldKind, FormField};
use tongban_i18n::Message;

use crate::accounts::normalise_phone;
use crate::fields::FieldErrors;

/// The key of errors about values the form has no field for.
pub(super) const UNKNOWN_FIELD_KEY: &str = "form";

/// How much a check demands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Completeness {
    /// A draft: values given must be valid, missing ones are fine.
    Draft,
    /// A submission: every required field must be filled in too.
    Submission,
}

/// Values as they are kept, and the rules they break.
#[derive(Debug)]
pub(super) struct CheckedForm {
    /// The values of the form's fields: valid ones in their canonical form, invalid ones as
    /// typed, so the person can fix them. Empty values and unknown fields are left out.
    pub values: BTreeMap<String, String>,
    /// One error per field in form order, under the field's name.
    pub errors: FieldErrors,
}

/// Checks `input` against `form`. Resident ID numbers are checked against `divisions` with
/// `today` as the latest possible birth date.
pub(super) fn check_form(
    form: &[FormField],
    input: &BTreeMap<String, String>,
    completeness: Completeness,
    divisions: &Divisions,
    today: NaiveDate,
) -> CheckedForm {
    let mut values = BTreeMap::new();
    let mut errors = FieldErrors::new();

    for field in form {
        let value = input.get(&field.name).map_or("", |value| value.trim());
        if value.is_empty() {
            if field.required && completeness == Completeness::Submission {
                errors.add(
                    field_key(&field.name),
                    labelled("case-field-required", field),
                );
            }
            continue;
        }
        match check_value(field, value, divisions, today) {
            Ok(canonical) => {
                values.insert(field.name.clone(), canonical);
            }
            Err(message) => {
                errors.add(field_key(&field.name), message);
                values.insert(field.name.clone(), value.to_owned());
            }
        }
    }

    for name in input.keys() {
        if !form.iter().any(|field| field.name == *name) {
            errors.add(
                UNKNOWN_FIELD_KEY,
                Message::new("case-field-unknown").arg("name", name.as_str()),
            );
        }
    }
    CheckedForm { values, errors }
}

/// Starts a message that names `field` by its label in the reader's language.
fn labelled(key: &'static str, field: &FormField) -> Message {
    Message::new(key)
        .arg("label_zh", field.label_zh.as_str())
        .arg("label_en", field.label_en.as_str())
}

/// Returns the value in canonical form, or the message saying which rule it breaks.
fn check_value(
    field: &FormField,
    value: &str,
    divisions: &Divisions,
    today: NaiveDate,
) -> Result<String, Message> {
    let length = value.chars().count();
    if length > field.max_length {
        return Err(labelled("case-field-too-long", field)
            .arg("max", field.max_length)
            .arg("length", length));
    }
    match field.kind {
        FieldKind::Text | FieldKind::Textarea => Ok(value.to_owned()),
        FieldKind::Number => is_decimal(value)
            .then(|| value.to_owned())
            .ok_or_else(|| labelled("case-field-number", field)),
        FieldKind::Date => {
            let parsed = NaiveDate::parse_from_str(value, "%Y-%m-%d");
            match parsed {
                // The length check rejects forms chrono accepts, such as 2025-1-9.
                Ok(date) if value.len() == 10 => Ok(date.format("%Y-%m-%d").to_string()),
                _ => Err(labelled("case-field-date", field)),
            }
        }
        FieldKind::Select => field
            .options
            .iter()
            .find(|option| option.as_str() == value)
            .cloned()
            .ok_or_else(|| {
                labelled("case-field-option", field).arg("options", field.options.join("、"))
            }),
        FieldKind::Phone => {
            normalise_phone(value).ok_or_else(|| labelled("case-field-phone", field))
        }
        FieldKind::ResidentId => ResidentId::parse(
            value,
            InputMode::Form,
            divisions,
            today,
            RegionPolicy::default(),
        )
        .map(|id| id.as_str().to_owned())
        .map_err(|error| labelled("case-field-identifier", field).arg("reason", error.message())),
        FieldKind::CreditCode => CreditCode::parse(value, InputMode::Form, divisions)
            .map(|code| code.as_str().to_owned())
            .map_err(|error| {
                labelled("case-field-identifier", field).arg("reason", error.message())
            }),
    }
}

/// Returns whether `value` is a plain decimal number: an optional minus sign, digits, and at
/// most one decimal point followed by digits. Exponents, `inf` and `NaN` are not amounts.
fn is_decimal(value: &str) -> bool {
    let unsigned = value.strip_prefix('-').unwrap_or(value);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits)
}

/// Returns the error key of a form field: its name, kept for the life of the process.
///
/// [`FieldErrors`] keys are `&'static str`. Field names come only from stored implementation
/// lists, whose import allows at most 40 characters of `a-z0-9_`, never from what an
/// applicant sends, so the names kept are bounded by the forms the node offers.
pub(super) fn field_key(name: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(kept) = names.get(name) {
        return kept;
    }
    let kept: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(kept);
    kept
}

/// Returns the error key of the material at position `order` of a service guide, such as
/// `material-2`.
pub(super) fn material_key(order: u32) -> &'static str {
    field_key(&format!("material-{order}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_plain_numbers() {
        for valid in ["0", "12", "-3", "3.25", "5000.0"] {
            assert!(is_decimal(valid), "{valid}");
        }
        for invalid in [
            "", "-", "1.", ".5", "1e5", "1.2.3", "NaN", "inf", "12a", "+3",
        ] {
            assert!(!is_decimal(invalid), "{invalid}");
        }
    }

    #[test]
    fn field_keys_are_kept_once() {
        let first = field_key("project_name");
        let second = field_key(&String::from("project_name"));
        assert!(std::ptr::eq(first, second));
        assert_eq!(material_key(2), "material-2");
    }
}
