//! Submitting an application: the checks it must pass and the case number it gets.

use std::collections::BTreeMap;

use tongban_domain::case::{Action, ActorRole, transition};
use tongban_domain::ids::CaseNumber;
use tongban_domain::implementation::Implementation;
use tongban_i18n::Message;
use tongban_store::cases::{self as stored, CaseRecord};

use super::form::{Completeness, check_form, material_key};
use super::offer::Offer;
use super::steps::{Actor, Change, load_visible};
use super::{Applicant, CaseContext, CaseError, Viewer};
use crate::fields::FieldErrors;

/// 办件类型代码 of GB/T 39046 A.6: 1 即办件 for an item promised on the day, 2 承诺件 for
/// one with a promised time limit, 9 其他 otherwise.
pub(super) fn case_type(implementation: &Implementation) -> &'static str {
    match implementation.promised_days {
        Some(0) => "1",
        Some(_) => "2",
        None => "9",
    }
}

/// Checks what a submission needs: every required field filled in with a valid value and every
/// required material of the guide attached. Returns the canonical values and the errors.
///
/// # Errors
/// [`CaseError::Store`] when the database fails.
pub(super) async fn check_complete(
    context: &CaseContext,
    case: &CaseRecord,
    offer: &Offer,
    values: &BTreeMap<String, String>,
) -> Result<(BTreeMap<String, String>, FieldErrors), CaseError> {
    let checked = check_form(
        &offer.implementation.form,
        values,
        Completeness::Submission,
        &context.divisions,
        context.today(),
    );
    let mut errors = checked.errors;

    let attached = stored::list_materials(context.store.pool(), &case.id).await?;
    let lent = super::lending::lent_materials(context, &case.id).await?;
    for material in &offer.materials {
        let present = attached
            .iter()
            .any(|file| file.material_name == material.name)
            || lent.contains(&material.name);
        if material.required && !present {
            errors.add(
                material_key(material.order),
                Message::new("case-material-missing").arg("material", material.name.as_str()),
            );
        }
    }
    Ok((checked.values, errors))
}

/// Submits draft `case_id`: checks it, gives it the node's next case number of today in
/// Asia/Shanghai and records today as the day of receipt. The time limits of the
/// implementation are copied into the case, so a later change of the list does not move
/// them.
///
/// # Errors
/// [`CaseError::NotFound`] unless the draft is the applicant's, [`CaseError::Transition`]
/// when it is not a draft, [`CaseError::Invalid`] naming every missing or invalid field and
/// every missing material, [`CaseError::ImplementationUnavailable`] when the implementation
/// was withdrawn, [`CaseError::Changed`] when the draft changed meanwhile and
/// [`CaseError::Store`] when the database fails.
pub async fn submit(
    context: &CaseContext,
    case_id: &str,
    applicant: &Applicant,
) -> Result<CaseRecord, CaseError> {
    let case = load_visible(&context.store, Viewer::Applicant(applicant), case_id).await?;
    let status = transition(case.status, Action::Submit, ActorRole::Applicant)?;
    let offer = context
        .offers
        .get(&context.store, &case.implementation_id)
        .await?;
    let implementation = &offer.implementation;
    let (values, errors) = check_complete(context, &case, &offer, &case.form_data).await?;
    if !errors.is_empty() {
        return Err(CaseError::Invalid(errors));
    }

    let today = context.today();
    let mut change = Change::step(
        &case,
        Action::Submit,
        Actor::applicant(applicant),
        context.now(),
    );
    let after = &mut change.after;
    after.status = status;
    after.form_data = values;
    after.case_type = Some(case_type(implementation).to_owned());
    after.received_on = Some(today);
    after.statutory_days = implementation.statutory_days;
    after.promised_days = implementation.promised_days;
    after.yellow_days = implementation.yellow_days;
    if let Some(remote) = &implementation.handled_at {
        return super::forward::forward(context, change, remote).await;
    }

    // The counter row stays locked until the commit, so nothing slow may follow it; taking it
    // before the case row, in every submission alike, keeps two submissions from waiting on
    // each other's rows.
    let mut write = context.turn.begin(&context.store).await?;
    let sequence =
        stored::next_case_sequence(&mut *write.transaction, context.node_code.as_str(), today)
            .await?;
    let number = CaseNumber::build(&context.node_code, today, sequence).map_err(|error| {
        CaseError::InvalidStored {
            what: "case number counter",
            detail: error.to_string(),
        }
    })?;
    change.after.case_number = Some(number.as_str().to_owned());
    change.details = Some(serde_json::json!({ "case_number": number.as_str() }));
    change.write(&mut write.transaction).await?;
    super::lending::request_loans(
        context,
        &mut write.transaction,
        &case.id,
        number.as_str(),
        applicant,
    )
    .await?;
    change.finish(write).await
}
