//! Errors of a form: which fields break which rule, in words for people.

use std::fmt;

use tongban_i18n::{Lang, Message};

/// A rule one field breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// The field's name in the form, such as `resident_id`.
    pub field: &'static str,
    /// The broken rule, naming the field, in both languages.
    pub message: Message,
}

/// The rules the fields of one form break, in the order found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldErrors {
    errors: Vec<FieldError>,
}

impl FieldErrors {
    /// Starts with no errors.
    pub fn new() -> FieldErrors {
        FieldErrors::default()
    }

    /// Records that `field` breaks the rule `message` states. A field keeps only its first
    /// error, so a form shows one message per field.
    pub fn add(&mut self, field: &'static str, message: Message) {
        if self.get(field).is_none() {
            self.errors.push(FieldError { field, message });
        }
    }

    /// Returns the error of `field`, if it has one.
    pub fn get(&self, field: &str) -> Option<&Message> {
        self.errors
            .iter()
            .find(|error| error.field == field)
            .map(|error| &error.message)
    }

    /// Returns whether no field has an error.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Returns the errors in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.errors.iter()
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let texts: Vec<String> = self
            .errors
            .iter()
            .map(|error| format!("{}: {}", error.field, error.message.render(Lang::En)))
            .collect();
        formatter.write_str(&texts.join("; "))
    }
}

/// Builds one field error, for a use case that rejects a single field.
pub fn single(field: &'static str, message: Message) -> FieldErrors {
    let mut errors = FieldErrors::new();
    errors.add(field, message);
    errors
}
