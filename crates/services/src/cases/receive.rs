//! Creating the case of an application another node took in and forwarded, at the handling
//! place, inside the transaction of the passage's inbox.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use tongban_domain::case::{Action, CaseStatus};
use tongban_domain::ids::{CaseNumber, NodeCode};
use tongban_store::cases::{self as stored, CaseApplicant, CaseMaterial, CaseRecord};
use tongban_store::passage::StoreConnection;
use tongban_store::{catalog, crossing, implementations};

use super::steps::{Actor, Change};
use super::submit::case_type;
use crate::case_index::Reporter;
use crate::crossing::{ApplicationBody, MaterialEntry};
use crate::passage::HandlerError;

/// The context in which the handling place creates forwarded cases.
#[derive(Debug, Clone)]
pub struct ForwardedCases {
    /// The node's code in case numbers.
    pub node_code: NodeCode,
    /// The object store of material files.
    pub objects: Arc<dyn ObjectStore>,
}

impl ForwardedCases {
    /// Creates the submitted case of `application`, forwarded by the receiving place `sender`,
    /// with its materials joined from the pieces that came before it, on `connection`, and
    /// reports it with `reporter`. Returns the case.
    ///
    /// The material files are written to the object store before the transaction commits; a
    /// rollback leaves them behind unreferenced.
    ///
    /// # Errors
    /// [`HandlerError::Rejected`] for an implementation this node does not handle, a missing
    /// or damaged material, or a bad applicant; [`HandlerError::Store`] when the database or
    /// the object store fails, which makes the sender try again.
    pub async fn create(
        &self,
        connection: &mut StoreConnection,
        reporter: &Reporter,
        sender: &str,
        application: &ApplicationBody,
        now: DateTime<Utc>,
    ) -> Result<CaseRecord, HandlerError> {
        let rejected = |reason: String| HandlerError::Rejected(reason);
        let implementation =
            implementations::find_implementation(&mut *connection, &application.implementation_id)
                .await?
                .filter(|implementation| implementation.handled_at.is_none())
                .ok_or_else(|| {
                    rejected(format!(
                        "implementation {} is not handled at this node",
                        application.implementation_id
                    ))
                })?;
        let guide_materials = catalog::list_service_item_materials(
            &mut *connection,
            &implementation.source,
            &implementation.record_id,
        )
        .await?;

        let today = tongban_domain::time::date_in_china(now);
        let case_id = format!("case-{}", tongban_crypto::random_token(16));
        let applicant = &application.applicant;
        let draft = CaseRecord {
            id: case_id.clone(),
            case_number: None,
            implementation_id: implementation.id.clone(),
            department: implementation.department.clone(),
            department_code: implementation.department_code.clone(),
            applicant: CaseApplicant {
                subject: applicant.subject.clone(),
                name: applicant.name.clone(),
                id_type: applicant.id_type.clone(),
                id_number: applicant.id_number.clone(),
                acting_for_credit_code: applicant.acting_for_credit_code.clone(),
                acting_for_name: applicant.acting_for_name.clone(),
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
            receiving_place: Some(sender.to_owned()),
            handling_place: Some(reporter.node_id().to_owned()),
            receiving_reference: Some(application.application_id.clone()),
        };
        let actor = Actor {
            kind: stored::ActorKind::Applicant,
            id: applicant.subject.clone(),
            name: applicant.name.clone(),
        };
        let mut change = Change::step(&draft, Action::Submit, actor, now);
        change.before_status = None;
        let sequence =
            stored::next_case_sequence(&mut *connection, self.node_code.as_str(), today).await?;
        let number = CaseNumber::build(&self.node_code, today, sequence)
            .map_err(|error| rejected(format!("no case number: {error}")))?;
        let after = &mut change.after;
        after.version = 1;
        after.status = CaseStatus::Submitted;
        after.case_number = Some(number.as_str().to_owned());
        after.form_data = application.form_data.clone();
        after.case_type = Some(case_type(&implementation).to_owned());
        after.received_on = Some(today);
        after.statutory_days = implementation.statutory_days;
        after.promised_days = implementation.promised_days;
        change.details = Some(serde_json::json!({
            "case_number": number.as_str(),
            "receiving_place": sender,
            "application_id": application.application_id,
        }));
        stored::insert_case(&mut *connection, &change.after).await?;

        for entry in &application.materials {
            if !guide_materials
                .iter()
                .any(|material| material.name == entry.material_name)
            {
                return Err(rejected(format!(
                    "unknown material {}",
                    entry.material_name
                )));
            }
            let content = self
                .join_parts(connection, sender, application, entry)
                .await?;
            let record = CaseMaterial {
                id: format!("material-{}", tongban_crypto::random_token(12)),
                case_id: case_id.clone(),
                material_name: entry.material_name.clone(),
                file_name: entry.file_name.clone(),
                content_type: entry.content_type.clone(),
                size_bytes: entry.size_bytes,
                sm3: entry.sm3.clone(),
                object_key: String::new(),
                uploaded_at: now,
                uploaded_by: applicant.subject.clone(),
            };
            let key = super::materials::material_object_key(now, &record.id);
            self.objects
                .put(&key, PutPayload::from(content))
                .await
                .map_err(|error| {
                    HandlerError::Rejected(format!("storing a material failed: {error}"))
                })?;
            let record = CaseMaterial {
                object_key: key.to_string(),
                ..record
            };
            stored::insert_material(&mut *connection, &record).await?;
        }
        crossing::delete_parts(&mut *connection, sender, &application.application_id).await?;

        stored::append_case_event(&mut *connection, &change.event()).await?;
        reporter
            .report(connection, &change.after)
            .await
            .map_err(|error| rejected(format!("reporting the case failed: {error}")))?;
        Ok(change.after)
    }

    /// Returns the content of material `entry`, joined from its stored pieces and checked
    /// against its size and SM3 digest.
    async fn join_parts(
        &self,
        connection: &mut StoreConnection,
        sender: &str,
        application: &ApplicationBody,
        entry: &MaterialEntry,
    ) -> Result<Vec<u8>, HandlerError> {
        let parts = crossing::list_parts(
            &mut *connection,
            sender,
            &application.application_id,
            i64::from(entry.index),
        )
        .await?;
        let complete = parts.len() == usize::try_from(entry.parts).unwrap_or(usize::MAX)
            && parts
                .iter()
                .enumerate()
                .all(|(position, (index, _))| usize::try_from(*index).ok() == Some(position));
        if !complete {
            return Err(HandlerError::Rejected(format!(
                "material {} has {} of {} pieces",
                entry.material_name,
                parts.len(),
                entry.parts
            )));
        }
        let content: Vec<u8> = parts.into_iter().flat_map(|(_, piece)| piece).collect();
        let size_matches = u64::try_from(content.len()).ok() == Some(entry.size_bytes);
        if !size_matches || tongban_crypto::sm3_hex(&content) != entry.sm3 {
            return Err(HandlerError::Rejected(format!(
                "material {} does not match its size and SM3 digest",
                entry.material_name
            )));
        }
        Ok(content)
    }
}
