//! Submitting an application whose item another node handles: the receiving place keeps the
//! application without a case number and forwards it, materials included, through the
//! passage in the submission's transaction.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use object_store::ObjectStoreExt;
use object_store::path::Path as ObjectPath;
use serde_json::{Map, Value};
use tongban_domain::implementation::RemoteImplementation;
use tongban_store::cases::{self as stored, CaseMaterial, CaseRecord};

use super::steps::Change;
use super::turn::Write;
use super::{CaseContext, CaseError};
use crate::crossing::{
    APPLICATION_TYPE, ApplicantBody, ApplicationBody, MATERIAL_PART_TYPE, MaterialEntry,
    MaterialPartBody, PART_BYTES,
};
use crate::passage::{OutgoingMessage, PassageError, enqueue};

/// Returns whether `case` is an application this node took in and forwarded to another node,
/// which decides it there. Such a case has a handling place other than its receiving place and
/// no reference to an application elsewhere, which a case forwarded to this node has.
pub(super) fn forwarded_out(case: &CaseRecord) -> bool {
    case.receiving_reference.is_none() && case.handling_place != case.receiving_place
}

/// Commits `change`, the submission of an application for an item of `remote`, with the
/// messages that forward it there.
///
/// # Errors
/// [`CaseError::ImplementationUnavailable`] on a node without a passage,
/// [`CaseError::Objects`] when a material file cannot be read, [`CaseError::Passage`] when
/// a message cannot be enqueued, and [`CaseError::Changed`] or [`CaseError::Store`] as for
/// every change.
pub(super) async fn forward(
    context: &CaseContext,
    change: Change,
    remote: &RemoteImplementation,
) -> Result<CaseRecord, CaseError> {
    let mut files = Vec::new();
    for material in stored::list_materials(context.store.pool(), &change.after.id).await? {
        let key = ObjectPath::from(material.object_key.as_str());
        let content = context.objects.get(&key).await?.bytes().await?;
        files.push((material, content));
    }
    let mut write = context.turn.begin(&context.store).await?;
    change.write(&mut write.transaction).await?;
    enqueue_forwarding(context, &mut write, &change.after, remote, &files).await?;
    change.finish(write).await
}

/// Enqueues on the transaction of `write` the messages that forward `case` with its material
/// `files` to `remote`: a piece message per [`PART_BYTES`] of each file, then the
/// application.
///
/// # Errors
/// [`CaseError::ImplementationUnavailable`] on a node without a passage and
/// [`CaseError::Passage`] when a message cannot be enqueued.
pub(super) async fn enqueue_forwarding(
    context: &CaseContext,
    write: &mut Write,
    case: &CaseRecord,
    remote: &RemoteImplementation,
    files: &[(CaseMaterial, Bytes)],
) -> Result<(), CaseError> {
    let Some(reporter) = &context.reporter else {
        return Err(CaseError::ImplementationUnavailable {
            id: case.implementation_id.clone(),
        });
    };
    let mut entries = Vec::new();
    let mut parts = Vec::new();
    for (index, (material, content)) in files.iter().enumerate() {
        let index = u32::try_from(index).map_err(|_| CaseError::InvalidStored {
            what: "material count",
            detail: format!("{index} materials"),
        })?;
        let mut count = 0;
        for (part_index, piece) in content.chunks(PART_BYTES).enumerate() {
            parts.push(MaterialPartBody {
                application_id: case.id.clone(),
                material_index: index,
                part_index: u32::try_from(part_index).unwrap_or(u32::MAX),
                content: STANDARD.encode(piece),
            });
            count += 1;
        }
        entries.push(MaterialEntry {
            index,
            material_name: material.material_name.clone(),
            file_name: material.file_name.clone(),
            content_type: material.content_type.clone(),
            size_bytes: material.size_bytes,
            sm3: material.sm3.clone(),
            parts: count,
        });
    }
    let application = ApplicationBody {
        application_id: case.id.clone(),
        implementation_id: remote.implementation.clone(),
        applicant: ApplicantBody {
            subject: case.applicant.subject.clone(),
            name: case.applicant.name.clone(),
            id_type: case.applicant.id_type.clone(),
            id_number: case.applicant.id_number.clone(),
            acting_for_credit_code: case.applicant.acting_for_credit_code.clone(),
            acting_for_name: case.applicant.acting_for_name.clone(),
        },
        form_data: case.form_data.clone(),
        materials: entries,
        submitted_at: case.updated_at,
    };
    for part in &parts {
        send(
            write,
            reporter,
            &remote.node,
            MATERIAL_PART_TYPE,
            &case.id,
            part,
        )
        .await?;
    }
    send(
        write,
        reporter,
        &remote.node,
        APPLICATION_TYPE,
        &case.id,
        &application,
    )
    .await?;
    tracing::info!(application = %case.id, handling_place = %remote.node,
        materials = application.materials.len(), pieces = parts.len(), "application forwarded");
    Ok(())
}

/// Enqueues `body` as a message of `message_type` to `receiver` on the transaction of `write`.
async fn send(
    write: &mut Write,
    reporter: &crate::case_index::Reporter,
    receiver: &str,
    message_type: &str,
    ordering_key: &str,
    body: &impl serde::Serialize,
) -> Result<(), CaseError> {
    let passage_error = |error: PassageError| CaseError::Passage(Box::new(error));
    let body = object_of(body).map_err(passage_error)?;
    let message = OutgoingMessage {
        receiver,
        message_type,
        ordering_key,
        body,
    };
    enqueue(&mut write.transaction, reporter.passage(), message)
        .await
        .map_err(passage_error)?;
    Ok(())
}

/// Returns `body` as a JSON object.
pub(crate) fn object_of(body: &impl serde::Serialize) -> Result<Map<String, Value>, PassageError> {
    match serde_json::to_value(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(PassageError::InvalidStored {
            what: "message body",
            detail: "not a JSON object".to_owned(),
        }),
        Err(error) => Err(PassageError::InvalidStored {
            what: "message body",
            detail: error.to_string(),
        }),
    }
}
