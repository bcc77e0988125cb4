//! Off-site collection (异地代收代办): a window clerk of the receiving place takes in an
//! application for an item another node handles, on behalf of a person who came to the
//! window, checks their identity and the form, and forwards it.

use std::collections::BTreeMap;

use bytes::Bytes;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStoreExt, PutPayload};
use tongban_domain::case::{Action, CaseStatus};
use tongban_domain::ids::{InputMode, RegionPolicy, ResidentId};
use tongban_i18n::Message;
use tongban_store::cases::{
    self as stored, CaseApplicant, CaseMaterial, CaseRecord, ID_TYPE_RESIDENT_CARD,
};

use super::content_type::detect;
use super::form::{Completeness, check_form, material_key};
use super::forward::enqueue_forwarding;
use super::steps::{Actor, Change};
use super::submit::case_type;
use super::{CaseContext, CaseError, Clerk};
use crate::fields::FieldErrors;
use tongban_domain::RuleViolation;

/// A file handed in at the window.
#[derive(Debug, Clone)]
pub struct CollectedFile {
    /// The material of the service guide it is for.
    pub material_name: String,
    /// The file's name.
    pub file_name: String,
    /// The content.
    pub content: Bytes,
}

/// An application a window clerk takes in.
#[derive(Debug, Clone)]
pub struct Collection {
    /// The implementation of this node that forwards to the handling place.
    pub implementation_id: String,
    /// The person's name, as on the identity card the clerk checked.
    pub applicant_name: String,
    /// The person's resident ID number, as on that card.
    pub applicant_id_number: String,
    /// Form values by field name.
    pub values: BTreeMap<String, String>,
    /// The material files.
    pub files: Vec<CollectedFile>,
}

/// Returns the holder subject of an application taken in at a window for the person with
/// resident ID number `id_number`. The window has no hub account of the person, so the
/// subject is the SM3 digest of the number. The person's own views match it with the resident
/// ID number of their login.
pub fn window_subject(id_number: &str) -> String {
    format!(
        "resident-sm3/{}",
        tongban_crypto::sm3_hex(id_number.as_bytes())
    )
}

/// Takes in `collection` at the window of `clerk`: checks the resident ID number, the form and
/// the materials, and stores the application, submitted and forwarded to the handling place in
/// one transaction. Returns it.
///
/// # Errors
/// [`CaseError::RoleMissing`] unless the clerk has the intake role,
/// [`CaseError::ImplementationUnavailable`] for an implementation that this node does not
/// forward, [`CaseError::Invalid`] naming every invalid identity field, form field and
/// material, and the errors of forwarding.
pub async fn collect_application(
    context: &CaseContext,
    clerk: &Clerk,
    collection: Collection,
) -> Result<CaseRecord, CaseError> {
    if !clerk.has_role("intake") && !clerk.has_role("admin") {
        return Err(CaseError::RoleMissing {
            action: Action::Submit,
            role: "intake",
        });
    }
    let offer = context
        .offers
        .get(&context.store, &collection.implementation_id)
        .await?;
    let implementation = &offer.implementation;
    let Some(remote) = &implementation.handled_at else {
        return Err(CaseError::ImplementationUnavailable {
            id: implementation.id.clone(),
        });
    };

    let today = context.today();
    let checked = check_form(
        &implementation.form,
        &collection.values,
        Completeness::Submission,
        &context.divisions,
        today,
    );
    let mut errors = checked.errors;
    let name = collection.applicant_name.trim().to_owned();
    if name.is_empty() {
        errors.add("applicant_name", Message::new("case-collect-name-missing"));
    }
    let id_number = match ResidentId::parse(
        &collection.applicant_id_number,
        InputMode::Form,
        &context.divisions,
        today,
        RegionPolicy::default(),
    ) {
        Ok(id) => id.as_str().to_owned(),
        Err(error) => {
            errors.add(
                "applicant_id_number",
                Message::new("case-collect-id-invalid").arg("reason", error.message()),
            );
            String::new()
        }
    };
    let files = check_files(&offer, &collection.files, &mut errors);
    if !errors.is_empty() {
        return Err(CaseError::Invalid(errors));
    }

    let now = context.now();
    let case_id = format!("case-{}", tongban_crypto::random_token(16));
    let draft = CaseRecord {
        id: case_id.clone(),
        case_number: None,
        implementation_id: implementation.id.clone(),
        department: implementation.department.clone(),
        department_code: implementation.department_code.clone(),
        applicant: CaseApplicant {
            subject: window_subject(&id_number),
            name,
            id_type: ID_TYPE_RESIDENT_CARD.to_owned(),
            id_number,
            acting_for_credit_code: None,
            acting_for_name: None,
        },
        status: CaseStatus::Draft,
        case_type: None,
        form_data: BTreeMap::new(),
        received_on: None,
        accepted_on: None,
        decided_on: None,
        closed_on: None,
        statutory_days: None,
        promised_days: None,
        yellow_days: implementation.yellow_days,
        statutory_due: None,
        promised_due: None,
        due_calendar_revision: None,
        version: 0,
        created_at: now,
        updated_at: now,
        receiving_place: context.node_id().map(str::to_owned),
        handling_place: Some(remote.node.clone()),
        receiving_reference: None,
    };
    let mut change = Change::step(&draft, Action::Submit, Actor::clerk(clerk), now);
    change.before_status = None;
    change.after.version = 1;
    change.after.status = CaseStatus::Submitted;
    change.after.form_data = checked.values;
    change.after.case_type = Some(case_type(implementation).to_owned());
    change.after.received_on = Some(today);
    change.after.statutory_days = implementation.statutory_days;
    change.after.promised_days = implementation.promised_days;
    change.details = Some(serde_json::json!({
        "collected_at_window": true,
        "identity_checked": "resident_id",
    }));

    let mut stored_files = Vec::new();
    for (material_name, file) in files {
        let record = CaseMaterial {
            id: format!("material-{}", tongban_crypto::random_token(12)),
            case_id: case_id.clone(),
            material_name,
            file_name: file.file_name.clone(),
            content_type: file.content_type.to_owned(),
            size_bytes: u64::try_from(file.content.len()).unwrap_or(u64::MAX),
            sm3: tongban_crypto::sm3_hex(&file.content),
            object_key: format!("cases/{case_id}/{}", file.id),
            uploaded_at: now,
            uploaded_by: clerk.id.clone(),
        };
        let key = ObjectPath::from(record.object_key.as_str());
        context
            .objects
            .put(&key, PutPayload::from(file.content.clone()))
            .await?;
        stored_files.push((record, file.content));
    }

    let outcome = async {
        let mut write = context.turn.begin(&context.store).await?;
        stored::insert_case(&mut *write.transaction, &change.after).await?;
        for (record, _) in &stored_files {
            stored::insert_material(&mut *write.transaction, record).await?;
        }
        enqueue_forwarding(context, &mut write, &change.after, remote, &stored_files).await?;
        change.finish(write).await
    }
    .await;
    if outcome.is_err() {
        for (record, _) in &stored_files {
            let key = ObjectPath::from(record.object_key.as_str());
            if let Err(error) = context.objects.delete(&key).await {
                tracing::warn!(case = %case_id, key = %key, %error,
                    "removing the file of an application that was not stored failed");
            }
        }
    }
    outcome
}

/// A file that passed the checks.
struct CheckedFile {
    id: String,
    file_name: String,
    content_type: &'static str,
    content: Bytes,
}

/// Checks each file against the guide's materials, the size limit and the accepted types, and
/// that every required material has a file. Returns the files that passed with their
/// materials' names, and adds an error for each problem.
fn check_files(
    offer: &super::offer::Offer,
    files: &[CollectedFile],
    errors: &mut FieldErrors,
) -> Vec<(String, CheckedFile)> {
    let mut checked = Vec::new();
    for material in &offer.materials {
        let key = material_key(material.order);
        let named =
            |message: &'static str| Message::new(message).arg("material", material.name.as_str());
        let handed_in: Vec<&CollectedFile> = files
            .iter()
            .filter(|file| file.material_name == material.name)
            .collect();
        if material.required && handed_in.is_empty() {
            errors.add(key, named("case-material-missing"));
        }
        for file in handed_in {
            let size = u64::try_from(file.content.len()).unwrap_or(u64::MAX);
            if size == 0 {
                errors.add(key, named("case-material-empty"));
                continue;
            }
            if size > offer.implementation.max_material_bytes {
                errors.add(
                    key,
                    named("case-material-too-large")
                        .arg("size", size.to_string())
                        .arg("max", offer.implementation.max_material_bytes.to_string()),
                );
                continue;
            }
            let Some(detected) = detect(&file.content) else {
                errors.add(
                    key,
                    named("case-material-type").arg("file", file.file_name.as_str()),
                );
                continue;
            };
            checked.push((
                material.name.clone(),
                CheckedFile {
                    id: format!("material-{}", tongban_crypto::random_token(12)),
                    file_name: super::materials::clean_file_name(&file.file_name),
                    content_type: detected.media_type(),
                    content: file.content.clone(),
                },
            ));
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
