//! The application form as pages show it: the implementation's fields, a file input per
//! material of the guide, and the errors of a post linked to the inputs they are about.
//!
//! Inputs of form fields are named `field-<name>` and material inputs `material-<order>`, so
//! no field of an implementation list can collide with the page's own controls.

use std::collections::BTreeMap;

use tongban_domain::catalog::Material;
use tongban_domain::implementation::{FieldKind, FormField};
use tongban_i18n::{Lang, Message};
use tongban_services::cases::{self, Applicant, CaseContext, CaseError, CaseMaterial};
use tongban_services::fields::FieldErrors;
use tongban_web::WebError;

use super::upload::PostedForm;
use super::views::{MaterialRow, format_size, material_rows};

/// Id of the form element, which errors about the form as a whole link to.
pub(crate) const FORM_ID: &str = "application-form";

/// File types a material input accepts, as extensions and media types; the content decides.
pub(crate) const ACCEPTED_FILES: &str =
    ".pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png,application/ofd";

/// An error of a post, linked from the summary to the input it is about.
#[derive(Debug, Clone)]
pub(crate) struct ErrorItem {
    /// The id of the input.
    pub field: String,
    /// The message, in the page's language.
    pub text: String,
}

/// The errors of a post, one per input, in the order found.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageErrors {
    items: Vec<ErrorItem>,
}

impl PageErrors {
    /// Records `message` for the input with id `field`, unless it has an error already.
    pub(crate) fn add(&mut self, field: String, message: &Message, lang: Lang) {
        if self.get(&field).is_none() {
            self.items.push(ErrorItem {
                field,
                text: message.render(lang),
            });
        }
    }

    /// Records the errors of a use case, moving each to the input it is about: a form field to
    /// `field-<name>`, the rejected file to `file_input`, the form as a whole to [`FORM_ID`].
    pub(crate) fn add_case_errors(
        &mut self,
        errors: &FieldErrors,
        file_input: Option<&str>,
        lang: Lang,
    ) {
        for error in errors.iter() {
            let field = match error.field {
                cases::MATERIAL_FIELD => file_input.unwrap_or(FORM_ID).to_owned(),
                "form" => FORM_ID.to_owned(),
                name if name.starts_with("material-") => name.to_owned(),
                name => field_input(name),
            };
            self.add(field, &error.message, lang);
        }
    }

    /// Returns the error of input `field`.
    pub(crate) fn get(&self, field: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|item| item.field == field)
            .map(|item| item.text.as_str())
    }

    /// Returns whether there is no error.
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Returns the errors for the summary.
    pub(crate) fn items(&self) -> Vec<ErrorItem> {
        self.items.clone()
    }
}

/// Returns the name and id of the input of form field `name`.
pub(crate) fn field_input(name: &str) -> String {
    format!("field-{name}")
}

/// Returns the name and id of the file input of the guide's material at position `order`.
pub(crate) fn material_input(order: u32) -> String {
    format!("material-{order}")
}

/// A field of the application form.
#[derive(Debug, Clone)]
pub(crate) struct InputView {
    /// Name and id of the control.
    pub id: String,
    /// The label.
    pub label: String,
    /// `input`, `textarea` or `select`.
    pub control: &'static str,
    /// `type` of an input.
    pub input_type: &'static str,
    /// `inputmode` of an input, or empty.
    pub inputmode: &'static str,
    /// The choices of a select.
    pub options: Vec<String>,
    /// The value to show.
    pub value: String,
    /// Whether it must be filled in before submitting.
    pub required: bool,
    /// Maximum length of the value in characters.
    pub max_length: usize,
    /// How to write the value, if the kind has a format.
    pub hint: Option<String>,
    /// The rule the value breaks.
    pub error: Option<String>,
}

impl InputView {
    /// Returns the ids of the hint and the error, for `aria-describedby`.
    pub(crate) fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-hint", self.id));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.id));
        }
        ids.join(" ")
    }
}

/// Returns the inputs of `form` with `values` and the errors of `errors`.
pub(crate) fn input_views(
    form: &[FormField],
    values: &BTreeMap<String, String>,
    errors: &PageErrors,
    lang: Lang,
) -> Vec<InputView> {
    form.iter()
        .map(|field| {
            let id = field_input(&field.name);
            let (control, input_type, inputmode, hint) = match field.kind {
                FieldKind::Text => ("input", "text", "", None),
                FieldKind::Textarea => ("textarea", "text", "", None),
                FieldKind::Number => ("input", "text", "decimal", Some("case-page-hint-number")),
                FieldKind::Date => ("input", "date", "", Some("case-page-hint-date")),
                FieldKind::Select => ("select", "text", "", None),
                FieldKind::Phone => ("input", "tel", "numeric", Some("case-page-hint-phone")),
                FieldKind::ResidentId => ("input", "text", "", Some("case-page-hint-resident-id")),
                FieldKind::CreditCode => ("input", "text", "", Some("case-page-hint-credit-code")),
            };
            InputView {
                label: field.label(lang).to_owned(),
                control,
                input_type,
                inputmode,
                options: field.options.clone(),
                value: values.get(&field.name).cloned().unwrap_or_default(),
                required: field.required,
                max_length: field.max_length,
                hint: hint.map(|key| Message::new(key).render(lang)),
                error: errors.get(&id).map(str::to_owned),
                id,
            }
        })
        .collect()
}

/// A material of the guide with its file input and the files handed in for it.
#[derive(Debug, Clone)]
pub(crate) struct MaterialSlot {
    /// Name and id of the file input.
    pub id: String,
    /// The material's name.
    pub name: String,
    /// Whether the guide requires it.
    pub required: bool,
    /// The files handed in for it so far.
    pub attached: Vec<MaterialRow>,
    /// Accepted types and size limit.
    pub hint: String,
    /// The reason the last file was rejected.
    pub error: Option<String>,
}

/// Returns the slots of the guide's `materials`, with the files of `attached` that download
/// under `href_prefix`.
pub(crate) fn material_slots(
    materials: &[Material],
    attached: &[CaseMaterial],
    href_prefix: &str,
    max_bytes: u64,
    errors: &PageErrors,
    lang: Lang,
) -> Vec<MaterialSlot> {
    let hint = Message::new("case-page-material-hint")
        .arg("max", format_size(max_bytes))
        .render(lang);
    materials
        .iter()
        .map(|material| {
            let id = material_input(material.order);
            let files: Vec<CaseMaterial> = attached
                .iter()
                .filter(|file| file.material_name == material.name)
                .cloned()
                .collect();
            MaterialSlot {
                name: material.name.clone(),
                required: material.required,
                attached: material_rows(&files, href_prefix),
                hint: hint.clone(),
                error: errors.get(&id).map(str::to_owned),
                id,
            }
        })
        .collect()
}

/// Returns the values posted for `form`'s fields; a field not posted is empty.
pub(crate) fn posted_values(form: &[FormField], posted: &PostedForm) -> BTreeMap<String, String> {
    form.iter()
        .map(|field| {
            let value = posted.text(&field_input(&field.name)).to_owned();
            (field.name.clone(), value)
        })
        .collect()
}

/// Attaches every file of `posted` to case `case_id` as the guide's material its input is
/// for. A rejected file stores nothing, and its error goes to its input in `errors`.
///
/// # Errors
/// [`WebError`] for anything but a rejected file, such as a case that can no longer take
/// files.
pub(crate) async fn attach_posted_files(
    context: &CaseContext,
    case_id: &str,
    applicant: &Applicant,
    posted: &PostedForm,
    materials: &[Material],
    errors: &mut PageErrors,
    lang: Lang,
) -> Result<(), WebError> {
    for file in &posted.files {
        let Some(material) = materials
            .iter()
            .find(|material| material_input(material.order) == file.field)
        else {
            let message =
                Message::new("case-material-unknown").arg("material", file.field.as_str());
            errors.add(FORM_ID.to_owned(), &message, lang);
            continue;
        };
        let attached =
            cases::attach_material(context, case_id, applicant, file.handed_in(&material.name))
                .await;
        match attached {
            Ok(_) => {}
            Err(CaseError::Invalid(rejected)) => {
                errors.add_case_errors(&rejected, Some(&file.field), lang);
            }
            Err(other) => return Err(other.into()),
        }
    }
    Ok(())
}
