//! Files handed in with a whole application at once, online or at a window: checked against
//! the service guide and stored before the application's transaction, pending until it
//! commits.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use object_store::path::Path as ObjectPath;
use tongban_i18n::Message;
use tongban_store::cases::{self as stored, CaseMaterial, CaseRecord};

use super::content_type::{contradicted_claim, detect};
use super::form::material_key;
use super::offer::Offer;
use super::pending_files::{PendingFiles, write_files};
use super::turn::Write;
use super::{CaseContext, CaseError};
use crate::fields::FieldErrors;

/// A file handed in for a material.
#[derive(Debug, Clone)]
pub struct HandedInFile {
    /// The material of the service guide it is for, named exactly as the guide lists it.
    pub material_name: String,
    /// The file's name.
    pub file_name: String,
    /// The media type that the upload declared, such as the `Content-Type` of its part.
    pub declared_type: Option<String>,
    /// The content.
    pub content: Bytes,
}

impl HandedInFile {
    /// Returns the file `file_name` with `content` for material `material_name`, with no
    /// declared media type.
    pub fn new(material_name: &str, file_name: &str, content: Bytes) -> HandedInFile {
        HandedInFile {
            material_name: material_name.to_owned(),
            file_name: file_name.to_owned(),
            declared_type: None,
            content,
        }
    }

    /// Returns the file with the media type its upload declared.
    #[must_use]
    pub fn declared_as(self, media_type: &str) -> HandedInFile {
        HandedInFile {
            declared_type: Some(media_type.to_owned()),
            ..self
        }
    }
}

/// A file that passed the checks, with the material it is for.
pub(super) struct CheckedFile {
    pub material_name: String,
    /// The file's name without the folders that some browsers send with it.
    pub file_name: String,
    /// The media type detected from the content.
    pub content_type: &'static str,
    pub content: Bytes,
}

/// Checks `file` for material `material_name`: not empty, at most `max_bytes` long, of an
/// accepted type by its content, and of the type that its name and declared media type claim.
///
/// # Errors
/// The message that names the material and the rule the file broke.
pub(super) fn check_file(
    material_name: &str,
    file: &HandedInFile,
    max_bytes: u64,
) -> Result<CheckedFile, Message> {
    let named = |message: &'static str| Message::new(message).arg("material", material_name);

    let size = u64::try_from(file.content.len()).unwrap_or(u64::MAX);
    if size == 0 {
        return Err(named("case-material-empty"));
    }
    if size > max_bytes {
        return Err(named("case-material-too-large")
            .arg("size", size.to_string())
            .arg("max", max_bytes.to_string()));
    }

    let file_name = super::materials::clean_file_name(&file.file_name);
    let Some(detected) = detect(&file.content) else {
        return Err(named("case-material-type").arg("file", file_name.as_str()));
    };
    if let Some(claimed) = contradicted_claim(&file_name, file.declared_type.as_deref(), detected) {
        return Err(named("case-material-type-mismatch")
            .arg("file", file_name.as_str())
            .arg("claimed", claimed)
            .arg("detected", detected.media_type()));
    }

    Ok(CheckedFile {
        material_name: material_name.to_owned(),
        file_name,
        content_type: detected.media_type(),
        content: file.content.clone(),
    })
}

/// Checks each file against the guide's materials, the size limit and the accepted types, and
/// that every required material has a file. Returns the files that passed, and adds an error
/// for each problem.
pub(super) fn check_files(
    offer: &Offer,
    files: &[HandedInFile],
    errors: &mut FieldErrors,
) -> Vec<CheckedFile> {
    let mut checked = Vec::new();
    for material in &offer.materials {
        let key = material_key(material.order);
        let named =
            |message: &'static str| Message::new(message).arg("material", material.name.as_str());
        let handed_in: Vec<&HandedInFile> = files
            .iter()
            .filter(|file| file.material_name == material.name)
            .collect();
        if material.required && handed_in.is_empty() {
            errors.add(key, named("case-material-missing"));
        }
        for file in handed_in {
            match check_file(
                &material.name,
                file,
                offer.implementation.max_material_bytes,
            ) {
                Ok(passed) => checked.push(passed),
                Err(message) => errors.add(key, message),
            }
        }
    }
    for file in files {
        if !offer
            .materials
            .iter()
            .any(|material| material.name == file.material_name)
        {
            errors.add(
                "materials",
                Message::new("case-material-unknown").arg("material", file.material_name.as_str()),
            );
        }
    }
    checked
}

/// Stores `files` in the object store as materials of case `case_id`, handed in by
/// `uploaded_by` at `now`, and returns their rows with their contents, and the files pending
/// until the transaction that names them commits. When one file fails, the others are
/// removed.
///
/// # Errors
/// [`CaseError::Objects`] when a file cannot be stored.
pub(super) async fn store_files(
    context: &CaseContext,
    case_id: &str,
    files: Vec<CheckedFile>,
    uploaded_by: &str,
    now: DateTime<Utc>,
) -> Result<(Vec<(CaseMaterial, Bytes)>, PendingFiles), CaseError> {
    let records: Vec<(CaseMaterial, Bytes)> = files
        .into_iter()
        .map(|file| {
            (
                material_record(case_id, &file, uploaded_by, now),
                file.content,
            )
        })
        .collect();

    let contents = records
        .iter()
        .map(|(record, content)| {
            (
                ObjectPath::from(record.object_key.as_str()),
                content.clone(),
            )
        })
        .collect();
    let pending = write_files(&context.objects, case_id, contents).await?;
    Ok((records, pending))
}

/// Returns the row of `file` as a material of case `case_id`, under a new id.
pub(super) fn material_record(
    case_id: &str,
    file: &CheckedFile,
    uploaded_by: &str,
    now: DateTime<Utc>,
) -> CaseMaterial {
    let id = format!("material-{}", tongban_crypto::random_token(12));
    CaseMaterial {
        object_key: super::materials::material_object_key(now, &id).to_string(),
        id,
        case_id: case_id.to_owned(),
        material_name: file.material_name.clone(),
        file_name: file.file_name.clone(),
        content_type: file.content_type.to_owned(),
        size_bytes: u64::try_from(file.content.len()).unwrap_or(u64::MAX),
        sm3: tongban_crypto::sm3_hex(&file.content),
        uploaded_at: now,
        uploaded_by: uploaded_by.to_owned(),
    }
}

/// Inserts the new `case` and the rows of its stored `files` in the transaction of `write`.
///
/// # Errors
/// [`CaseError::Store`] when an insert fails; roll the transaction back.
pub(super) async fn insert_case_with_files(
    write: &mut Write,
    case: &CaseRecord,
    files: &[(CaseMaterial, Bytes)],
) -> Result<(), CaseError> {
    stored::insert_case(&mut **write.transaction, case).await?;
    let records: Vec<&CaseMaterial> = files.iter().map(|(record, _)| record).collect();
    stored::insert_materials(&mut write.transaction, &records).await?;
    Ok(())
}
