//! Submitting an application: the checks it must pass and the case number it gets.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use tongban_domain::case::{Action, ActorRole, CaseStatus, transition};
use tongban_domain::ids::CaseNumber;
use tongban_domain::implementation::Implementation;
use tongban_i18n::Message;
use tongban_store::cases::{self as stored, CaseRecord};

use super::form::{Completeness, check_form, material_key};
use super::offer::Offer;
use super::steps::{Actor, Change, load_visible};
use super::turn::Write;
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

/// Makes `case` a submitted application of `implementation` with the form `values`, received
/// `today`. The time limits of the implementation are copied into the case, so a later change
/// of the list does not move them.
pub(super) fn mark_submitted(
    case: &mut CaseRecord,
    implementation: &Implementation,
    values: BTreeMap<String, String>,
    today: NaiveDate,
) {
    case.status = CaseStatus::Submitted;
    case.form_data = values;
    case.case_type = Some(case_type(implementation).to_owned());
    case.received_on = Some(today);
    case.statutory_days = implementation.statutory_days;
    case.promised_days = implementation.promised_days;
    case.yellow_days = implementation.yellow_days;
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

/// Returns what draft `case_id` of `applicant` still lacks for a submission: every missing or
/// invalid form field and every missing material, as [`submit`] would report them. Nothing is
/// written. An empty list means the draft can be submitted.
///
/// # Errors
/// [`CaseError::NotFound`] unless the draft is the applicant's, [`CaseError::Transition`] when
/// it is not a draft, [`CaseError::ImplementationUnavailable`] when the implementation was
/// withdrawn, and [`CaseError::Store`] when the database fails.
pub async fn check_submission(
    context: &CaseContext,
    case_id: &str,
    applicant: &Applicant,
) -> Result<FieldErrors, CaseError> {
    Ok(load_checked_draft(context, case_id, applicant)
        .await?
        .errors)
}

/// A draft of the applicant loaded for submission, with the offer it applies for and the
/// outcome of [`check_complete`].
struct CheckedDraft {
    case: CaseRecord,
    offer: Arc<Offer>,
    values: BTreeMap<String, String>,
    errors: FieldErrors,
}

/// Loads draft `case_id` of `applicant` and checks it as a submission.
///
/// # Errors
/// As [`check_submission`].
async fn load_checked_draft(
    context: &CaseContext,
    case_id: &str,
    applicant: &Applicant,
) -> Result<CheckedDraft, CaseError> {
    let case = load_visible(&context.store, Viewer::Applicant(applicant), case_id).await?;
    transition(case.status, Action::Submit, ActorRole::Applicant)?;
    let offer = context
        .offers
        .get(&context.store, &case.implementation_id)
        .await?;
    let (values, errors) = check_complete(context, &case, &offer, &case.form_data).await?;
    Ok(CheckedDraft {
        case,
        offer,
        values,
        errors,
    })
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
    let CheckedDraft {
        case,
        offer,
        values,
        errors,
    } = load_checked_draft(context, case_id, applicant).await?;
    let implementation = &offer.implementation;
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
    mark_submitted(&mut change.after, implementation, values, today);
    if let Some(remote) = &implementation.handled_at {
        return super::forward::forward(context, change, remote).await;
    }

    let numbering = Numbering::prepare(context, today).await?;
    let mut write = context.turn.begin(&context.store).await?;
    let number = numbering.assign(context, &mut write, &mut change).await?;
    change.write(&mut write.transaction).await?;
    super::lending::request_loans(
        context,
        &mut write.transaction,
        &case.id,
        &number,
        applicant,
    )
    .await?;
    change.finish(write).await
}

/// The number of a submission's case, taken before its transaction on PostgreSQL.
pub(super) struct Numbering {
    today: NaiveDate,
    reserved: Option<u32>,
}

impl Numbering {
    /// Takes the node's next case number of `today` when the database is PostgreSQL; see
    /// [`stored::reserve_case_sequence`]. Call it before the submission's transaction begins.
    ///
    /// # Errors
    /// [`CaseError::Store`] when the database fails.
    pub(super) async fn prepare(
        context: &CaseContext,
        today: NaiveDate,
    ) -> Result<Numbering, CaseError> {
        let reserved =
            stored::reserve_case_sequence(&context.store, context.node_code.as_str(), today)
                .await?;
        Ok(Numbering { today, reserved })
    }

    /// Gives the case of `change` its number, taken in the transaction of `write` unless it
    /// was taken before, records it in the change's details and returns it.
    ///
    /// On SQLite the counter row stays locked until the commit, so nothing slow may follow it
    /// in the transaction. Every submission in this module takes it before writing the case
    /// row, so two submissions do not wait on each other's rows in opposite order.
    ///
    /// # Errors
    /// [`CaseError::Store`] when the database fails, [`CaseError::InvalidStored`] when the
    /// counter has run past the numbers of a day.
    pub(super) async fn assign(
        self,
        context: &CaseContext,
        write: &mut Write,
        change: &mut Change,
    ) -> Result<String, CaseError> {
        let sequence = match self.reserved {
            Some(sequence) => sequence,
            None => {
                stored::next_case_sequence(
                    &mut **write.transaction,
                    context.node_code.as_str(),
                    self.today,
                )
                .await?
            }
        };
        let number =
            CaseNumber::build(&context.node_code, self.today, sequence).map_err(|error| {
                CaseError::InvalidStored {
                    what: "case number counter",
                    detail: error.to_string(),
                }
            })?;
        change.details = Some(serde_json::json!({ "case_number": number.as_str() }));
        change.after.case_number = Some(number.as_str().to_owned());
        Ok(number.as_str().to_owned())
    }
}
