//! The steps an applicant takes after submitting: answering a correction request and
//! withdrawing.

use std::collections::BTreeMap;

use tongban_domain::case::{Action, ActorRole, transition};
use tongban_store::cases::{self as stored, SuspensionKind};

use super::steps::{Actor, Change, load_visible};
use super::submit::check_complete;
use super::{Applicant, CaseContext, CaseError, CaseRecord, Viewer};

/// Answers the correction request of case `case_id` with `changes` to the form (an empty
/// value removes one), after the missing materials were attached with
/// [`attach_material`](super::attach_material). The request ends today and the case is
/// submitted again, to be accepted by a clerk; it keeps its case number and day of receipt.
///
/// # Errors
/// [`CaseError::NotFound`] unless the case is the applicant's, [`CaseError::Transition`]
/// when no correction was requested, [`CaseError::Invalid`] when a field or a required
/// material is still missing or invalid, [`CaseError::Changed`] when it changed meanwhile and
/// [`CaseError::Store`] when the database fails.
pub async fn answer_correction(
    context: &CaseContext,
    case_id: &str,
    applicant: &Applicant,
    changes: &BTreeMap<String, String>,
) -> Result<CaseRecord, CaseError> {
    let case = load_visible(&context.store, Viewer::Applicant(applicant), case_id).await?;
    let status = transition(case.status, Action::AnswerCorrection, ActorRole::Applicant)?;
    let offer = context
        .offers
        .get(&context.store, &case.implementation_id)
        .await?;

    let mut values = case.form_data.clone();
    for (name, value) in changes {
        if value.trim().is_empty() {
            values.remove(name);
        } else {
            values.insert(name.clone(), value.clone());
        }
    }
    let (values, errors) = check_complete(context, &case, &offer, &values).await?;
    if !errors.is_empty() {
        return Err(CaseError::Invalid(errors));
    }

    let requested_at = stored::list_suspensions(context.store.pool(), &case.id)
        .await?
        .into_iter()
        .rev()
        .find(|suspension| suspension.opened.kind == SuspensionKind::Correction)
        .map(|suspension| suspension.opened.created_at);
    let materials: Vec<String> = stored::list_materials(context.store.pool(), &case.id)
        .await?
        .into_iter()
        .filter(|material| requested_at.is_some_and(|at| material.uploaded_at >= at))
        .map(|material| material.id)
        .collect();

    let today = context.today();
    let mut change = Change::step(
        &case,
        Action::AnswerCorrection,
        Actor::applicant(applicant),
        context.now(),
    );
    change.after.status = status;
    change.after.form_data = values;
    change.details = Some(serde_json::json!({
        "changed_fields": changes.keys().collect::<Vec<_>>(),
        "materials_added": materials,
    }));

    let mut write = change.begin(context).await?;
    stored::close_open_suspension(
        &mut **write.transaction,
        &case.id,
        SuspensionKind::Correction,
        today,
    )
    .await?;
    change.finish(write).await
}

/// Withdraws case `case_id` for `reason`, if given. A running correction request or special
/// procedure ends today, and so does the case.
///
/// # Errors
/// [`CaseError::NotFound`] unless the case is the applicant's, [`CaseError::Transition`]
/// after the decision or before submission, [`CaseError::Changed`] when it changed meanwhile
/// and [`CaseError::Store`] when the database fails.
pub async fn withdraw(
    context: &CaseContext,
    case_id: &str,
    applicant: &Applicant,
    reason: Option<&str>,
) -> Result<CaseRecord, CaseError> {
    let case = load_visible(&context.store, Viewer::Applicant(applicant), case_id).await?;
    let status = transition(case.status, Action::Withdraw, ActorRole::Applicant)?;

    let today = context.today();
    let mut change = Change::step(
        &case,
        Action::Withdraw,
        Actor::applicant(applicant),
        context.now(),
    );
    change.after.status = status;
    change.after.closed_on = Some(today);
    change.reason = reason
        .map(str::trim)
        .filter(|reason| !reason.is_empty())
        .map(str::to_owned);

    let mut write = change.begin(context).await?;
    for kind in [SuspensionKind::Correction, SuspensionKind::SpecialProcedure] {
        stored::close_open_suspension(&mut **write.transaction, &case.id, kind, today).await?;
    }
    change.finish(write).await
}
