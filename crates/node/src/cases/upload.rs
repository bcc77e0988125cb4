//! Reading `multipart/form-data` posts, by which pages and the API hand in material files.

use std::collections::BTreeMap;

use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use axum::http::StatusCode;
use bytes::Bytes;
use tongban_i18n::Message;
use tongban_services::cases::HandedInFile;
use tongban_web::WebError;

/// Largest request body a post with files may have. Every material file may be as large as its
/// implementation allows (20 MiB unless the list says otherwise), and a page posts several.
///
/// NOTE: an implementation list that allows files near or above this size needs it raised.
pub(crate) const UPLOAD_BODY_LIMIT: usize = 64 * 1024 * 1024;

/// A file of a post.
#[derive(Debug, Clone)]
pub(crate) struct PostedFile {
    /// The name of the form field it came in.
    pub field: String,
    /// The file name the browser or client gave.
    pub file_name: String,
    /// The `Content-Type` of its part, if the browser or client sent one.
    pub declared_type: Option<String>,
    /// The content.
    pub content: Bytes,
}

impl PostedFile {
    /// Returns the file as handed in for material `material_name`.
    pub(crate) fn handed_in(&self, material_name: &str) -> HandedInFile {
        let file = HandedInFile::new(material_name, &self.file_name, self.content.clone());
        match &self.declared_type {
            Some(media_type) => file.declared_as(media_type),
            None => file,
        }
    }
}

/// The text fields and files of a post.
#[derive(Debug, Default)]
pub(crate) struct PostedForm {
    /// Text fields by name; a name sent twice keeps its last value.
    pub texts: BTreeMap<String, String>,
    /// Files in the order sent. A file input left empty sends no file.
    pub files: Vec<PostedFile>,
}

/// Prefix of the text parts of a whole application that carry form values:
/// `form.<field name>`.
pub(crate) const FORM_PREFIX: &str = "form.";

/// Prefix of the file parts of a whole application: `material.<material name>`, the name
/// exactly as the service guide lists it.
pub(crate) const MATERIAL_PREFIX: &str = "material.";

impl PostedForm {
    /// Returns text field `name`, or an empty string.
    pub(crate) fn text(&self, name: &str) -> &str {
        self.texts.get(name).map_or("", String::as_str)
    }

    /// Returns the form values of a whole application, from its `form.<field name>` parts.
    pub(crate) fn form_values(&self) -> BTreeMap<String, String> {
        self.texts
            .iter()
            .filter_map(|(name, value)| {
                name.strip_prefix(FORM_PREFIX)
                    .map(|field| (field.to_owned(), value.clone()))
            })
            .collect()
    }

    /// Returns the files of a whole application, from its `material.<material name>` parts.
    pub(crate) fn material_files(&self) -> Vec<HandedInFile> {
        self.files
            .iter()
            .filter_map(|file| {
                file.field
                    .strip_prefix(MATERIAL_PREFIX)
                    .map(|material| file.handed_in(material))
            })
            .collect()
    }
}

/// Reads every part of `multipart`: parts with a file name are files, the others text.
///
/// # Errors
/// [`WebError::PayloadTooLarge`] when the body exceeds [`UPLOAD_BODY_LIMIT`], and
/// [`WebError::BadRequest`] when it is not valid `multipart/form-data` or a text field is not
/// UTF-8.
pub(crate) async fn read_multipart(mut multipart: Multipart) -> Result<PostedForm, WebError> {
    let mut form = PostedForm::default();
    while let Some(field) = multipart.next_field().await.map_err(rejected)? {
        let name = field.name().unwrap_or_default().to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file_name) => {
                let declared_type = field.content_type().map(str::to_owned);
                let content = field.bytes().await.map_err(rejected)?;
                // A browser sends an empty part without a name for a file input left empty.
                if !(file_name.is_empty() && content.is_empty()) {
                    form.files.push(PostedFile {
                        field: name,
                        file_name,
                        declared_type,
                        content,
                    });
                }
            }
            None => {
                let text = field.text().await.map_err(rejected)?;
                form.texts.insert(name, text);
            }
        }
    }
    Ok(form)
}

fn rejected(error: MultipartError) -> WebError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        WebError::PayloadTooLarge(
            Message::new("case-page-upload-too-large")
                .arg("max", super::views::format_size(UPLOAD_BODY_LIMIT as u64)),
        )
    } else {
        tracing::debug!(%error, "a multipart body was rejected");
        WebError::BadRequest(Message::new("case-page-upload-malformed"))
    }
}
