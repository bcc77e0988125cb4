//! Material files of a case: checked by content, kept in an object store, described in the
//! database.

use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt};
use tongban_domain::case::CaseStatus;
use tongban_i18n::Message;
use tongban_store::cases::{self as stored, CaseMaterial, CaseRecord};

use super::handed_in::{HandedInFile, check_file, material_record};
use super::pending_files::{PendingFiles, write_files};
use super::steps::{Actor, Change, load_visible};
use super::{Applicant, CaseContext, CaseError, Viewer};
use crate::fields::single;

/// The error key of a rejected material file.
pub const MATERIAL_FIELD: &str = "material";

/// Longest file name kept, in characters; longer names are cut.
const MAX_FILE_NAME_CHARS: usize = 200;

/// States in which the applicant may hand in files: while drafting and while answering a
/// correction request.
const ATTACHABLE: [CaseStatus; 2] = [CaseStatus::Draft, CaseStatus::CorrectionRequested];

/// Opens the folder `<data_dir>/objects` as the object store of material files, creating it
/// when missing. Every file written is synced to the disk with its folder.
///
/// # Errors
/// [`CaseError::Objects`] when the folder cannot be created or opened.
pub fn local_object_store(data_dir: &Path) -> Result<Arc<dyn ObjectStore>, CaseError> {
    let folder = data_dir.join("objects");
    std::fs::create_dir_all(&folder).map_err(|source| object_store::Error::Generic {
        store: "LocalFileSystem",
        source: Box::new(source),
    })?;
    // Each file reaches the disk before its put returns, and so before the transaction that
    // records it commits.
    Ok(Arc::new(
        LocalFileSystem::new_with_prefix(folder)?.with_fsync(true),
    ))
}

/// Returns the last part of the name an uploader gave, without any folder, cut to
/// [`MAX_FILE_NAME_CHARS`].
pub(super) fn clean_file_name(file_name: &str) -> String {
    let base = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim();
    let base: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_FILE_NAME_CHARS)
        .collect();
    if base.is_empty() {
        "material".to_owned()
    } else {
        base
    }
}

/// Returns where the file of material `material_id`, handed in at `uploaded_at`, is kept:
/// `materials/<day in Asia/Shanghai>/<shard>/<material id>`, where the shard is the first byte
/// of the id's SM3 digest in two hex digits. One folder a day lets operators back up and
/// archive by day. The 256 shards keep a day's folder small, and spare concurrent uploads
/// from waiting on one folder's lock, which Linux takes to create or rename a file in it.
pub(super) fn material_object_key(uploaded_at: DateTime<Utc>, material_id: &str) -> ObjectPath {
    let day = tongban_domain::time::date_in_china(uploaded_at);
    let shard = tongban_crypto::sm3_digest(material_id.as_bytes())[0];
    ObjectPath::from(format!("materials/{day}/{shard:02x}/{material_id}"))
}

fn rejected(message: Message) -> CaseError {
    CaseError::Invalid(single(MATERIAL_FIELD, message))
}

/// Attaches `file` to case `case_id` as the material it names, when the case is a draft of
/// the applicant or waits for their correction.
///
/// The material must be one the service guide lists, and the content must be a PDF, JPEG,
/// PNG or OFD file, as told by its first bytes, of at most the implementation's
/// `max_material_bytes`. The file's name and declared media type must not claim another
/// type than its content has. The file is stored before the database row, and removed again
/// when the row cannot be written or the request is dropped before the commit begins, so a
/// stored row always has its file.
///
/// # Errors
/// [`CaseError::Invalid`] under [`MATERIAL_FIELD`] naming the material and the rule for an
/// unknown material, an empty or oversized file, content of another type or content that
/// its name or declared type contradicts, with nothing stored. [`CaseError::NotFound`],
/// [`CaseError::NotEditable`] and [`CaseError::Changed`] as for drafts, and
/// [`CaseError::Objects`] or [`CaseError::Store`] when storing fails.
pub async fn attach_material(
    context: &CaseContext,
    case_id: &str,
    applicant: &Applicant,
    file: HandedInFile,
) -> Result<CaseMaterial, CaseError> {
    let case = load_visible(&context.store, Viewer::Applicant(applicant), case_id).await?;
    if !ATTACHABLE.contains(&case.status) {
        return Err(CaseError::NotEditable {
            status: case.status,
        });
    }
    let offer = context
        .offers
        .get(&context.store, &case.implementation_id)
        .await?;
    let Some(material) = offer
        .materials
        .iter()
        .find(|material| material.name == file.material_name)
    else {
        return Err(rejected(
            Message::new("case-material-unknown").arg("material", file.material_name.as_str()),
        ));
    };
    let checked = check_file(
        &material.name,
        &file,
        offer.implementation.max_material_bytes,
    )
    .map_err(rejected)?;

    let record = material_record(&case.id, &checked, &applicant.subject, context.now());
    let key = ObjectPath::from(record.object_key.as_str());
    let pending = write_files(&context.objects, &case.id, vec![(key, checked.content)]).await?;

    match record_attachment(context, &case, applicant, &record, &pending).await {
        Ok(()) => Ok(record),
        Err(error) => {
            pending.discard().await;
            Err(error)
        }
    }
}

async fn record_attachment(
    context: &CaseContext,
    case: &CaseRecord,
    applicant: &Applicant,
    record: &CaseMaterial,
    file: &PendingFiles,
) -> Result<(), CaseError> {
    let mut write = context.turn.begin(&context.store).await?;
    // Raising the version first queues concurrent uploads on the case row, and a submission
    // that came first leaves the case in a state without uploads.
    let Some((version, status)) = stored::touch_case(
        &mut **write.transaction,
        &case.id,
        &ATTACHABLE,
        record.uploaded_at,
    )
    .await?
    else {
        return Err(CaseError::Changed);
    };
    stored::insert_material(&mut **write.transaction, record).await?;
    let mut change = Change::edit(
        case,
        "attach_material",
        Actor::applicant(applicant),
        record.uploaded_at,
    );
    change.before_status = Some(status);
    change.after.status = status;
    change.after.version = version;
    change.details = Some(serde_json::json!({
        "material_id": record.id,
        "material_name": record.material_name,
        "file_name": record.file_name,
        "content_type": record.content_type,
        "size_bytes": record.size_bytes,
        "sm3": record.sm3,
    }));
    change.finish_naming(write, file).await?;
    Ok(())
}

/// Removes material `material_id` from draft `case_id`, and then its file.
///
/// # Errors
/// [`CaseError::NotFound`] unless the draft is the applicant's and has the material,
/// [`CaseError::NotEditable`] once submitted, [`CaseError::Changed`] when it was submitted
/// meanwhile, [`CaseError::Store`] when the database fails. A file that cannot be deleted
/// after the commit is logged and left behind.
pub async fn remove_material(
    context: &CaseContext,
    case_id: &str,
    applicant: &Applicant,
    material_id: &str,
) -> Result<(), CaseError> {
    let case = load_visible(&context.store, Viewer::Applicant(applicant), case_id).await?;
    if case.status != CaseStatus::Draft {
        return Err(CaseError::NotEditable {
            status: case.status,
        });
    }
    let material = stored::find_material(context.store.pool(), case_id, material_id)
        .await?
        .ok_or(CaseError::NotFound)?;

    let now = context.now();
    let mut write = context.turn.begin(&context.store).await?;
    let Some((version, _)) =
        stored::touch_case(&mut **write.transaction, case_id, &[CaseStatus::Draft], now).await?
    else {
        return Err(CaseError::Changed);
    };
    if !stored::delete_material(&mut **write.transaction, case_id, material_id).await? {
        return Err(CaseError::NotFound);
    }
    let mut change = Change::edit(&case, "remove_material", Actor::applicant(applicant), now);
    change.after.version = version;
    change.details = Some(serde_json::json!({
        "material_id": material.id,
        "material_name": material.material_name,
        "file_name": material.file_name,
        "sm3": material.sm3,
    }));
    change.finish(write).await?;

    let key = ObjectPath::from(material.object_key.as_str());
    if let Err(error) = context.objects.delete(&key).await {
        tracing::warn!(case = %case_id, key = %key, %error, "deleting a removed material's file failed");
    }
    Ok(())
}

/// Returns material `material_id` of case `case_id` with its content, if `viewer` may see the
/// case.
///
/// # Errors
/// [`CaseError::NotFound`] when the case is not visible to `viewer` or has no such material,
/// [`CaseError::Objects`] when the file cannot be read, [`CaseError::Store`] when the database
/// fails.
pub async fn read_material(
    context: &CaseContext,
    viewer: Viewer<'_>,
    case_id: &str,
    material_id: &str,
) -> Result<(CaseMaterial, Bytes), CaseError> {
    load_visible(&context.store, viewer, case_id).await?;
    let material = stored::find_material(context.store.pool(), case_id, material_id)
        .await?
        .ok_or(CaseError::NotFound)?;
    let key = ObjectPath::from(material.object_key.as_str());
    let content = context.objects.get(&key).await?.bytes().await?;
    Ok((material, content))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_folders_and_control_characters() {
        assert_eq!(clean_file_name("C:\\扫描\\申请书.pdf"), "申请书.pdf");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\u{0}b.png"), "ab.png");
        assert_eq!(clean_file_name("  "), "material");
        assert_eq!(
            clean_file_name(&"长".repeat(300)).chars().count(),
            MAX_FILE_NAME_CHARS
        );
    }

    #[test]
    fn object_key_has_china_day_and_shard() {
        // 00:30 on 3 November in China; SM3("material-abc") begins with the byte 0x73.
        let uploaded_at = "2025-11-02T16:30:00Z".parse().unwrap();

        let key = material_object_key(uploaded_at, "material-abc");

        assert_eq!(key.as_ref(), "materials/2025-11-03/73/material-abc");
    }
}
