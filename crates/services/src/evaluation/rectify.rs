//! The steps of a rectification at the handling node: verify, rectify or explain, and report
//! back. The department may instead appeal a mistaken or malicious rating, which a supervisor
//! reviews.

use chrono::NaiveDate;
use tongban_domain::evaluation::{
    RectificationFlag, RectificationStatus, RectificationStep, rectification_flag,
    rectification_transition,
};
use tongban_i18n::Message;
use tongban_store::Store;
use tongban_store::evaluation::{self as stored, RectificationEvent, RectificationRecord};

use super::EvaluationError;
use super::rate::{Env, send_report};
use crate::cases::{CaseContext, Clerk};

/// Maximum length of a step's reason, in characters.
pub const MAX_REASON_CHARS: usize = 1000;

/// The staff role that reviews appeals.
pub const REVIEW_ROLE: &str = "supervisor";

/// A step as a staff member takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepInput {
    pub step: RectificationStep,
    /// Why: the contact note, what was rectified, the explanation, the feedback, the ground of
    /// the appeal or of its review.
    pub reason: String,
    /// The version the staff member saw; a step on a changed rectification is rejected.
    pub expected_version: i64,
}

/// A rectification with its history and its flag today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RectificationView {
    pub record: RectificationRecord,
    pub events: Vec<RectificationEvent>,
    pub flag: RectificationFlag,
}

/// Returns whether `clerk` may see rectifications of `department`.
fn may_see(clerk: &Clerk, department: &str) -> bool {
    clerk
        .department
        .as_deref()
        .is_none_or(|own| own == department)
}

/// Returns rectification `id` of this node with its history, if `clerk` may see it.
///
/// # Errors
/// [`EvaluationError::NotFound`] when it does not exist or is of another department,
/// [`EvaluationError::Calendar`] when its flag reaches a year without a schedule, and store
/// failures.
pub async fn rectification_view(
    context: &CaseContext,
    clerk: &Clerk,
    id: &str,
) -> Result<RectificationView, EvaluationError> {
    let node_id = context.node_id().unwrap_or("local");
    let record = stored::find_rectification(context.store.pool(), node_id, id)
        .await?
        .filter(|record| may_see(clerk, &record.department))
        .ok_or(EvaluationError::NotFound)?;
    let events = stored::list_rectification_events(context.store.pool(), id).await?;
    let flag = flag_of(&record, context.today(), &context.calendar)?;
    Ok(RectificationView {
        record,
        events,
        flag,
    })
}

/// Returns the flag of `record` on `today`.
///
/// # Errors
/// [`EvaluationError::Calendar`] when counting reaches a year without a schedule.
pub fn flag_of(
    record: &RectificationRecord,
    today: NaiveDate,
    calendar: &tongban_domain::calendar::WorkCalendar,
) -> Result<RectificationFlag, EvaluationError> {
    let status = RectificationStatus::parse(&record.status).unwrap_or(RectificationStatus::Open);
    Ok(rectification_flag(status, record.due_on, today, calendar)?)
}

/// Returns the rectifications of `store` kept for node `reporter` that `clerk` may see, each
/// with its flag on `today`, the earliest due first.
///
/// # Errors
/// [`EvaluationError::Calendar`] and store failures.
pub async fn list_open_rectifications(
    store: &Store,
    reporter: &str,
    clerk: &Clerk,
    today: NaiveDate,
    calendar: &tongban_domain::calendar::WorkCalendar,
) -> Result<Vec<(RectificationRecord, RectificationFlag)>, EvaluationError> {
    let mut listed = Vec::new();
    for record in stored::list_rectifications(store.pool(), Some(reporter)).await? {
        if !may_see(clerk, &record.department) {
            continue;
        }
        let flag = flag_of(&record, today, calendar)?;
        listed.push((record, flag));
    }
    Ok(listed)
}

/// Takes `input` on rectification `id` as `clerk`, records the step with who, when and why,
/// and reports the new state to the hub, in one transaction. The department's steps need a
/// clerk of the department or of the whole node; the review of an appeal needs the
/// supervisor role.
///
/// # Errors
/// [`EvaluationError::NotFound`], [`EvaluationError::RoleMissing`],
/// [`EvaluationError::StepNotAllowed`], [`EvaluationError::Changed`],
/// [`EvaluationError::Invalid`] for a missing or long reason, and store or passage failures.
pub async fn take_step(
    context: &CaseContext,
    clerk: &Clerk,
    id: &str,
    input: &StepInput,
) -> Result<RectificationRecord, EvaluationError> {
    let reason = input.reason.trim();
    check_reason(reason)?;
    if input.step.is_review() && !clerk.has_role(REVIEW_ROLE) {
        return Err(EvaluationError::RoleMissing { role: REVIEW_ROLE });
    }
    let env = Env::of(context);
    let now = env.now;
    let mut transaction = context.store.begin().await?;

    let before = stored::find_rectification(&mut *transaction, env.node_id, id)
        .await?
        .filter(|record| may_see(clerk, &record.department))
        .ok_or(EvaluationError::NotFound)?;
    if before.version != input.expected_version {
        return Err(EvaluationError::Changed);
    }
    let from = RectificationStatus::parse(&before.status).unwrap_or(RectificationStatus::Open);
    let before_appeal = RectificationStatus::parse(&before.status_before_appeal).unwrap_or(from);
    let to = rectification_transition(from, input.step, before_appeal).ok_or(
        EvaluationError::StepNotAllowed {
            status: from.as_str(),
            step: input.step.as_str(),
        },
    )?;

    let mut after = before.clone();
    after.status = to.as_str().to_owned();
    after.status_before_appeal = if input.step == RectificationStep::Appeal {
        from.as_str().to_owned()
    } else {
        to.as_str().to_owned()
    };
    after.finished_on = to.is_done().then(|| env.today());
    after.version = before.version + 1;
    after.updated_at = now;
    if !stored::update_rectification(&mut *transaction, &after, before.version).await? {
        return Err(EvaluationError::Changed);
    }
    let event = RectificationEvent {
        rectification_id: after.id.clone(),
        version: after.version,
        step: input.step.as_str().to_owned(),
        from_status: from.as_str().to_owned(),
        to_status: to.as_str().to_owned(),
        actor_kind: if input.step.is_review() {
            "supervisor"
        } else {
            "clerk"
        }
        .to_owned(),
        actor: clerk.login_name.clone(),
        reason: reason.to_owned(),
        at: now,
    };
    stored::append_rectification_event(&mut *transaction, &event).await?;
    send_report(&mut transaction, &env, None, Some(&after)).await?;
    tongban_store::commit(transaction).await?;
    if let Some(passage) = env.passage {
        passage.wake();
    }
    tracing::info!(rectification = %after.id, step = input.step.as_str(), actor = %clerk.login_name,
        to = to.as_str(), "rectification step taken");
    Ok(after)
}

fn check_reason(reason: &str) -> Result<(), EvaluationError> {
    let length = reason.chars().count();
    let message = if reason.is_empty() {
        Message::new("rectification-reason-missing")
    } else if length > MAX_REASON_CHARS {
        Message::new("rectification-reason-too-long")
            .arg("max", MAX_REASON_CHARS as i64)
            .arg("length", length as i64)
    } else {
        return Ok(());
    };
    Err(EvaluationError::Invalid(crate::fields::single(
        "reason", message,
    )))
}
