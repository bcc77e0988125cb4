//! Drafts: an applicant starts an application and fills in the form, in as many sittings as
//! they need.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use tongban_domain::case::CaseStatus;
use tongban_domain::implementation::Implementation;
use tongban_store::cases::{self as stored, CaseApplicant, CaseRecord, ID_TYPE_RESIDENT_CARD};

use super::form::{Completeness, check_form};
use super::steps::{Actor, Change, load_visible};
use super::{Applicant, CaseContext, CaseError, Viewer};
use crate::fields::FieldErrors;

/// Creates an empty draft of `applicant` for the implementation `implementation_id`.
///
/// # Errors
/// [`CaseError::ImplementationUnavailable`] when the node does not offer the implementation
/// (any more), [`CaseError::Store`] when the database fails.
pub async fn create_draft(
    context: &CaseContext,
    applicant: &Applicant,
    implementation_id: &str,
) -> Result<CaseRecord, CaseError> {
    let offer = context
        .offers
        .get(&context.store, implementation_id)
        .await?;
    let now = context.now();
    let case = new_draft(
        context,
        &offer.implementation,
        case_applicant(applicant),
        now,
    );
    let mut change = Change::edit(&case, "create_draft", Actor::applicant(applicant), now);
    change.before_status = None;
    change.after = case;

    let mut write = context.turn.begin(&context.store).await?;
    stored::insert_case(&mut **write.transaction, &change.after).await?;
    change.finish(write).await
}

/// Returns `applicant` as a case records them.
pub(super) fn case_applicant(applicant: &Applicant) -> CaseApplicant {
    let acting_for = applicant.acting_for.as_ref();
    CaseApplicant {
        subject: applicant.subject.clone(),
        name: applicant.name.clone(),
        id_type: ID_TYPE_RESIDENT_CARD.to_owned(),
        id_number: applicant.id_number.clone(),
        acting_for_credit_code: acting_for.map(|legal_person| legal_person.credit_code.clone()),
        acting_for_name: acting_for.map(|legal_person| legal_person.name.clone()),
    }
}

/// Returns a new empty draft of `applicant` for `implementation` at version 1, received at
/// this node and handled at the implementation's handling place.
pub(super) fn new_draft(
    context: &CaseContext,
    implementation: &Implementation,
    applicant: CaseApplicant,
    now: DateTime<Utc>,
) -> CaseRecord {
    CaseRecord {
        id: format!("case-{}", tongban_crypto::random_token(16)),
        case_number: None,
        implementation_id: implementation.id.clone(),
        department: implementation.department.clone(),
        department_code: implementation.department_code.clone(),
        applicant,
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
        version: 1,
        created_at: now,
        updated_at: now,
        receiving_place: context.node_id().map(str::to_owned),
        handling_place: implementation
            .handled_at
            .as_ref()
            .map(|remote| remote.node.clone())
            .or_else(|| context.node_id().map(str::to_owned)),
        receiving_reference: None,
    }
}

/// Replaces the form values of draft `case_id` with `values` and returns the rules they break.
///
/// The draft keeps invalid values as typed, so the person can correct them later, and
/// [`submit`](super::submit) rejects them; missing required values are reported only at
/// submission. Valid identifiers and dates are stored in their canonical form, values for
/// fields the form does not have are dropped and reported under `form`.
///
/// # Errors
/// [`CaseError::NotFound`] unless the draft is the applicant's, [`CaseError::NotEditable`]
/// once it was submitted, [`CaseError::ImplementationUnavailable`] when the implementation
/// was withdrawn, [`CaseError::Changed`] when it changed meanwhile, [`CaseError::Store`] when
/// the database fails.
pub async fn save_draft(
    context: &CaseContext,
    case_id: &str,
    applicant: &Applicant,
    values: &BTreeMap<String, String>,
) -> Result<FieldErrors, CaseError> {
    let case = load_visible(&context.store, Viewer::Applicant(applicant), case_id).await?;
    if case.status != CaseStatus::Draft {
        return Err(CaseError::NotEditable {
            status: case.status,
        });
    }
    let offer = context
        .offers
        .get(&context.store, &case.implementation_id)
        .await?;
    let checked = check_form(
        &offer.implementation.form,
        values,
        Completeness::Draft,
        &context.divisions,
        context.today(),
    );

    let mut change = Change::edit(
        &case,
        "save_draft",
        Actor::applicant(applicant),
        context.now(),
    );
    let invalid: Vec<&str> = checked.errors.iter().map(|error| error.field).collect();
    change.details = Some(serde_json::json!({
        "fields": checked.values.keys().collect::<Vec<_>>(),
        "invalid": invalid,
    }));
    change.after.form_data = checked.values;
    change.commit(context).await?;
    Ok(checked.errors)
}
