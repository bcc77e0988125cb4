//! The steps clerks take on a case: intake, review, special procedures and the decision.

use tongban_domain::case::{Action, ActorRole, transition};
use tongban_i18n::Message;
use tongban_store::cases::{self as stored, NewSuspension, SuspensionKind};

use super::clock::due_dates;
use super::steps::{Actor, Change, load_visible};
use super::{CaseContext, CaseError, CaseRecord, Clerk, Viewer};
use crate::fields::single;

/// Special procedure type, GB/T 39046 A.7 (特别程序种类).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialProcedureKind {
    /// 1 延长审批: the decision period is extended.
    Extension,
    /// 2 除延长审批之外的情况: a hearing, inspection, test, appraisal or expert review
    /// (行政许可法 art. 45).
    Other,
}

impl SpecialProcedureKind {
    /// Returns the A.7 code.
    pub fn code(self) -> &'static str {
        match self {
            SpecialProcedureKind::Extension => "1",
            SpecialProcedureKind::Other => "2",
        }
    }
}

/// A special procedure that starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialProcedure {
    /// Its A.7 type.
    pub kind: SpecialProcedureKind,
    /// Its name, such as 专家评审 or 听证.
    pub name: String,
}

/// What a clerk gives besides the action and the reason.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StepDetails {
    /// Everything a correction request asks for, one entry each (一次性告知); required for
    /// [`Action::RequestCorrection`].
    pub correction_items: Vec<String>,
    /// The procedure; required for [`Action::StartSpecialProcedure`].
    pub special_procedure: Option<SpecialProcedure>,
    /// Further facts to record with the step, such as the number of the decision document.
    pub note: Option<serde_json::Value>,
    /// The case version the clerk's decision rests on. When given and the case changed since,
    /// the step is rejected with [`CaseError::Changed`].
    pub expected_version: Option<i64>,
}

/// Returns the staff role clerk step `action` needs, or `None` for a step of the applicant;
/// `admin` may take every step.
pub fn required_role(action: Action) -> Option<&'static str> {
    match action {
        Action::Accept | Action::Reject | Action::RequestCorrection => Some("intake"),
        Action::StartReview | Action::StartSpecialProcedure | Action::EndSpecialProcedure => {
            Some("reviewer")
        }
        Action::Approve | Action::Deny | Action::Close => Some("approver"),
        Action::Submit | Action::AnswerCorrection | Action::Withdraw => None,
    }
}

fn invalid(field: &'static str, message: Message) -> CaseError {
    CaseError::Invalid(single(field, message))
}

/// Takes step `action` on case `case_id` as `clerk`, for `reason`, and returns the case as it
/// is afterwards.
///
/// Acceptance sets the day of acceptance and the due dates, counted in working days from it;
/// a correction request and a special procedure open a suspension, and the end of the
/// procedure closes it and moves the due dates by the working days it took; approval and
/// denial set the day of decision, closing the day the case ended. Approval of an
/// implementation with a certificate type issues the certificate in the same transaction.
///
/// # Errors
/// [`CaseError::NotFound`] when the case is not visible to the clerk (another department's,
/// or a draft), [`CaseError::Changed`] when it changed since `details.expected_version` or
/// while the step was written, [`CaseError::RoleMissing`] when the clerk lacks the role,
/// [`CaseError::Transition`] when the step cannot follow the case's state,
/// [`CaseError::Invalid`] for a missing reason, correction list or procedure,
/// [`CaseError::Certificate`] when approval should issue a certificate and cannot, such as
/// with a seal that is revoked or expired, and [`CaseError::Store`] when the database fails. Nothing is changed on any error. A due date
/// that reaches a year without a holiday schedule stays pending instead of failing the step.
pub async fn act(
    context: &CaseContext,
    case_id: &str,
    clerk: &Clerk,
    action: Action,
    reason: Option<&str>,
    details: StepDetails,
) -> Result<CaseRecord, CaseError> {
    let case = load_visible(&context.store, Viewer::Clerk(clerk), case_id).await?;
    if details
        .expected_version
        .is_some_and(|version| version != case.version)
    {
        return Err(CaseError::Changed);
    }
    if let Some(role) = required_role(action)
        && !clerk.has_role(role)
        && !clerk.has_role("admin")
    {
        return Err(CaseError::RoleMissing { action, role });
    }
    let status = transition(case.status, action, ActorRole::Clerk)?;
    let reason = reason.map(str::trim).filter(|reason| !reason.is_empty());
    if action.needs_reason() && reason.is_none() {
        return Err(invalid(
            "reason",
            Message::new("case-reason-required").arg("action", Message::new(action.label_key())),
        ));
    }

    let today = context.today();
    let mut change = Change::step(&case, action, Actor::clerk(clerk), context.now());
    change.after.status = status;
    change.reason = reason.map(str::to_owned);
    let mut facts = serde_json::Map::new();
    if let Some(note) = details.note {
        facts.insert("note".to_owned(), note);
    }
    let mut opens: Option<NewSuspension> = None;
    let mut closes: Option<SuspensionKind> = None;

    match action {
        Action::Accept => {
            change.after.accepted_on = Some(today);
            set_due_dates(context, &mut change.after, &[]).await?;
        }
        Action::Reject => {
            change.after.decided_on = Some(today);
            change.after.closed_on = Some(today);
        }
        Action::RequestCorrection => {
            let items: Vec<String> = details
                .correction_items
                .iter()
                .map(|item| item.trim().to_owned())
                .filter(|item| !item.is_empty())
                .collect();
            if items.is_empty() {
                return Err(invalid(
                    "correction_items",
                    Message::new("case-correction-items-required"),
                ));
            }
            facts.insert("items".to_owned(), serde_json::json!(items));
            opens = Some(suspension(
                &case,
                SuspensionKind::Correction,
                reason,
                items,
                None,
                &change,
            ));
        }
        Action::StartSpecialProcedure => {
            let Some(procedure) = details
                .special_procedure
                .filter(|procedure| !procedure.name.trim().is_empty())
            else {
                return Err(invalid(
                    "special_procedure",
                    Message::new("case-special-procedure-required"),
                ));
            };
            facts.insert(
                "special_procedure".to_owned(),
                serde_json::json!({ "code": procedure.kind.code(), "name": procedure.name.trim() }),
            );
            opens = Some(suspension(
                &case,
                SuspensionKind::SpecialProcedure,
                reason,
                Vec::new(),
                Some(procedure),
                &change,
            ));
            // The clock stops: no due date is known until the procedure ends.
            change.after.statutory_due = None;
            change.after.promised_due = None;
        }
        Action::EndSpecialProcedure => {
            closes = Some(SuspensionKind::SpecialProcedure);
            set_due_dates(
                context,
                &mut change.after,
                &[(SuspensionKind::SpecialProcedure, today)],
            )
            .await?;
        }
        Action::Approve | Action::Deny => change.after.decided_on = Some(today),
        Action::Close => change.after.closed_on = Some(today),
        Action::StartReview | Action::Submit | Action::AnswerCorrection | Action::Withdraw => {}
    }
    let certificate = match (action, &context.issuer) {
        (Action::Approve, Some(issuer)) => {
            crate::certificates::prepare_certificate(
                &context.store,
                issuer,
                &case,
                reason,
                change.after.updated_at,
            )
            .await?
        }
        _ => None,
    };
    if let Some(prepared) = &certificate {
        facts.insert(
            "certificate_id".to_owned(),
            serde_json::json!(prepared.stored.id),
        );
    }
    if !facts.is_empty() {
        change.details = Some(serde_json::Value::Object(facts));
    }

    let mut write = change.begin(context).await?;
    if let Some(prepared) = &certificate {
        tongban_store::certificates::insert_certificate(&mut **write.transaction, &prepared.stored)
            .await?;
        if let Some(reporter) = &context.reporter {
            crate::certificates::report_to_hub(
                &mut write.transaction,
                reporter.passage(),
                &prepared.stored,
                &case.applicant.subject,
            )
            .await?;
        }
    }
    if let Some(opened) = &opens {
        stored::open_suspension(&mut **write.transaction, opened).await?;
    }
    if let Some(kind) = closes {
        stored::close_open_suspension(&mut **write.transaction, &case.id, kind, today).await?;
    }
    change.finish(write).await
}

fn suspension(
    case: &CaseRecord,
    kind: SuspensionKind,
    reason: Option<&str>,
    items: Vec<String>,
    procedure: Option<SpecialProcedure>,
    change: &Change,
) -> NewSuspension {
    NewSuspension {
        case_id: case.id.clone(),
        kind,
        started_on: tongban_domain::time::date_in_china(change.after.updated_at),
        reason: reason.unwrap_or_default().to_owned(),
        items,
        special_procedure_code: procedure.as_ref().map(|p| p.kind.code().to_owned()),
        special_procedure_name: procedure.map(|p| p.name.trim().to_owned()),
        created_at: change.after.updated_at,
    }
}

/// Computes the due dates of `case` from its special procedures, with the running ones of the
/// kinds in `ending` ended on the given day.
async fn set_due_dates(
    context: &CaseContext,
    case: &mut CaseRecord,
    ending: &[(SuspensionKind, chrono::NaiveDate)],
) -> Result<(), CaseError> {
    let mut suspensions = stored::list_suspensions(context.store.pool(), &case.id).await?;
    for suspension in &mut suspensions {
        if let Some((_, day)) = ending
            .iter()
            .find(|(kind, _)| *kind == suspension.opened.kind && suspension.ended_on.is_none())
        {
            suspension.ended_on = Some(*day);
        }
    }
    let (statutory, promised) = due_dates(case, &suspensions, &context.calendar)?;
    case.statutory_due = statutory;
    case.promised_due = promised;
    case.due_calendar_revision = Some(context.calendar.revision());
    Ok(())
}
