//! Form fields and the error summary as templates show them, with the messages already in the
//! page's language. `forms.html` renders them accessibly: labels, hints and errors linked with
//! `aria-describedby`, and a summary that links to each field in error.

use tongban_i18n::{Lang, Message};

/// Errors of a form by field name, as the use cases report them.
pub trait FieldMessages {
    /// Returns the message of field `name`, if it has an error.
    fn message_of(&self, name: &str) -> Option<&Message>;

    /// Returns every error in the order found, as field name and message.
    fn all(&self) -> Vec<(&'static str, &Message)>;
}

impl FieldMessages for tongban_services::fields::FieldErrors {
    fn message_of(&self, name: &str) -> Option<&Message> {
        self.get(name)
    }

    fn all(&self) -> Vec<(&'static str, &Message)> {
        self.iter()
            .map(|error| (error.field, &error.message))
            .collect()
    }
}

/// A form field as a template shows it.
#[derive(Debug, Clone)]
pub struct FieldView {
    /// `name` and `id` of the input.
    pub name: &'static str,
    /// Label text.
    pub label: String,
    /// `type` of the input.
    pub input_type: &'static str,
    /// `autocomplete` token.
    pub autocomplete: &'static str,
    /// The value typed before, shown again. Password fields never get one.
    pub value: String,
    /// Help under the label.
    pub hint: Option<String>,
    /// The rule the value breaks, in the page's language.
    pub error: Option<String>,
}

impl FieldView {
    /// Starts a text field with the label of message `label_key`.
    pub fn new(name: &'static str, label_key: &'static str, lang: Lang) -> FieldView {
        FieldView {
            name,
            label: Message::new(label_key).render(lang),
            input_type: "text",
            autocomplete: "off",
            value: String::new(),
            hint: None,
            error: None,
        }
    }

    /// Sets the input type.
    pub fn input_type(mut self, input_type: &'static str) -> FieldView {
        self.input_type = input_type;
        self
    }

    /// Sets the autocomplete token.
    pub fn autocomplete(mut self, token: &'static str) -> FieldView {
        self.autocomplete = token;
        self
    }

    /// Sets the value typed before.
    pub fn value(mut self, value: &str) -> FieldView {
        self.value = value.to_owned();
        self
    }

    /// Adds help text from message `hint_key`.
    pub fn hint(mut self, hint_key: &'static str, lang: Lang) -> FieldView {
        self.hint = Some(Message::new(hint_key).render(lang));
        self
    }

    /// Adds this field's error from `errors`, if it has one.
    pub fn error_from(mut self, errors: &impl FieldMessages, lang: Lang) -> FieldView {
        self.error = errors
            .message_of(self.name)
            .map(|message| message.render(lang));
        self
    }

    /// Returns the ids the input's `aria-describedby` lists: its hint and its error.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-hint", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.name));
        }
        ids.join(" ")
    }
}

/// An error listed in the summary at the top of a form, linking to its field.
#[derive(Debug, Clone)]
pub struct SummaryItem {
    /// The field's id.
    pub field: &'static str,
    /// The message.
    pub text: String,
}

/// Returns the error summary of `errors`, in the order the fields were checked.
pub fn summary(errors: &impl FieldMessages, lang: Lang) -> Vec<SummaryItem> {
    errors
        .all()
        .into_iter()
        .map(|(field, message)| SummaryItem {
            field,
            text: message.render(lang),
        })
        .collect()
}
