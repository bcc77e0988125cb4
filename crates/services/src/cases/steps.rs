//! What every change of a case shares: loading it for a viewer, the actor and step record of
//! its event, and the transaction that writes both.

use chrono::{DateTime, Utc};
use tongban_domain::case::{Action, CaseStatus};
use tongban_store::cases::{
    self as stored, ActorKind, CaseRecord, NewCaseEvent, StepRecord, StepStatus,
};
use tongban_store::{Store, StoreTransaction};

use super::pending_files::PendingFiles;
use super::turn::Write;
use super::{Applicant, CaseContext, CaseError, Clerk, Viewer};

/// Who makes a change, as its event records them.
#[derive(Debug, Clone)]
pub(super) struct Actor {
    pub kind: ActorKind,
    pub id: String,
    pub name: String,
}

impl Actor {
    pub(super) fn applicant(applicant: &Applicant) -> Actor {
        Actor {
            kind: ActorKind::Applicant,
            id: applicant.subject.clone(),
            name: applicant.name.clone(),
        }
    }

    pub(super) fn clerk(clerk: &Clerk) -> Actor {
        Actor {
            kind: ActorKind::Clerk,
            id: clerk.id.clone(),
            name: clerk.name.clone(),
        }
    }

    /// A job of tongban itself, named by `job`, such as `deemed-acceptance`.
    pub(super) fn system(job: &str) -> Actor {
        Actor {
            kind: ActorKind::System,
            id: format!("system/{job}"),
            name: "tongban".to_owned(),
        }
    }
}

/// Returns whether `applicant`, acting as they do now, may see `case`: it is theirs, or a
/// window took it in for their resident ID number, and it was applied for on behalf of the
/// same legal person or of nobody.
pub(super) fn applicant_may_see(case: &CaseRecord, applicant: &Applicant) -> bool {
    let acting_for = applicant
        .acting_for
        .as_ref()
        .map(|legal_person| legal_person.credit_code.as_str());
    let own = case.applicant.subject == applicant.subject
        || case.applicant.subject == super::window_subject(&applicant.id_number);
    own && case.applicant.acting_for_credit_code.as_deref() == acting_for
}

/// Returns whether `clerk` may see `case`: it was submitted, it is decided at this node, and
/// it is of the clerk's department, or the clerk works for the whole node.
pub(super) fn clerk_may_see(case: &CaseRecord, clerk: &Clerk) -> bool {
    case.status != CaseStatus::Draft
        && !super::forward::forwarded_out(case)
        && clerk
            .department
            .as_ref()
            .is_none_or(|department| *department == case.department)
}

/// Loads case `id` if `viewer` may see it.
///
/// # Errors
/// [`CaseError::NotFound`] when it does not exist or is not visible to `viewer`.
pub(super) async fn load_visible(
    store: &Store,
    viewer: Viewer<'_>,
    id: &str,
) -> Result<CaseRecord, CaseError> {
    let case = stored::find_case(store.pool(), id)
        .await?
        .ok_or(CaseError::NotFound)?;
    let visible = match viewer {
        Viewer::Applicant(applicant) => applicant_may_see(&case, applicant),
        Viewer::Clerk(clerk) => clerk_may_see(&case, clerk),
    };
    if visible {
        Ok(case)
    } else {
        Err(CaseError::NotFound)
    }
}

/// Returns 环节名称, the name of the handling step an action takes, as GB/T 39046 exchanges
/// step records.
fn step_name(action: Action) -> &'static str {
    match action {
        Action::Submit => "申请",
        Action::Accept | Action::Reject => "受理",
        Action::RequestCorrection => "补正告知",
        Action::AnswerCorrection => "补正",
        Action::StartReview => "审查",
        Action::StartSpecialProcedure | Action::EndSpecialProcedure => "特别程序",
        Action::Approve | Action::Deny => "决定",
        Action::Close => "办结",
        Action::Withdraw => "撤回",
    }
}

/// Returns the step record of `action` on `case`. A correction notice and a special procedure
/// stay pending (待办) until they are answered or ended; every other step is done (已办).
fn step_record(case: &CaseRecord, action: Action) -> StepRecord {
    let status = match action {
        Action::RequestCorrection | Action::StartSpecialProcedure => StepStatus::Pending,
        _ => StepStatus::Done,
    };
    StepRecord {
        name: step_name(action).to_owned(),
        action: action.step_action(),
        status,
        handling_unit: Some(case.department.clone()),
        handling_unit_code: case.department_code.clone(),
    }
}

/// A change of a case: the state before, the state after and what the event records.
#[derive(Debug)]
pub(super) struct Change {
    pub before_status: Option<CaseStatus>,
    pub after: CaseRecord,
    pub seen_version: i64,
    pub actor: Actor,
    pub action: String,
    pub reason: Option<String>,
    pub details: Option<serde_json::Value>,
    pub step: Option<StepRecord>,
}

impl Change {
    /// Starts the change of `before` by the handling step `action`; `after` starts as a copy
    /// of `before` at the next version, and the caller edits it.
    pub(super) fn step(
        before: &CaseRecord,
        action: Action,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> Change {
        Change {
            before_status: Some(before.status),
            after: CaseRecord {
                version: before.version + 1,
                updated_at: now,
                ..before.clone()
            },
            seen_version: before.version,
            actor,
            action: action.as_str().to_owned(),
            reason: None,
            details: None,
            step: Some(step_record(before, action)),
        }
    }

    /// Starts an edit of `before` that is no handling step, such as saving a draft.
    pub(super) fn edit(
        before: &CaseRecord,
        action: &str,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> Change {
        Change {
            step: None,
            action: action.to_owned(),
            ..Change::step(before, Action::Submit, actor, now)
        }
    }

    pub(super) fn event(&self) -> NewCaseEvent {
        NewCaseEvent {
            case_id: self.after.id.clone(),
            occurred_at: self.after.updated_at,
            actor_kind: self.actor.kind,
            actor_id: self.actor.id.clone(),
            actor_name: self.actor.name.clone(),
            action: self.action.clone(),
            from_status: self.before_status,
            to_status: self.after.status,
            reason: self.reason.clone(),
            details: self.details.clone(),
            step: self.step.clone(),
        }
    }

    /// Begins the transaction of the change in the writers' turn of `context` and writes the
    /// case row, if nobody changed the case since it was read. The caller adds its own
    /// statements and then calls [`Change::finish`].
    ///
    /// # Errors
    /// [`CaseError::Changed`] when the case changed meanwhile; the transaction is rolled back.
    pub(super) async fn begin(&self, context: &CaseContext) -> Result<Write, CaseError> {
        let mut write = context.turn.begin(&context.store).await?;
        self.write(&mut write.transaction).await?;
        Ok(write)
    }

    /// Writes the case row in `transaction`, if nobody changed the case since it was read.
    ///
    /// # Errors
    /// [`CaseError::Changed`] when the case changed meanwhile; roll the transaction back.
    pub(super) async fn write(&self, transaction: &mut StoreTransaction) -> Result<(), CaseError> {
        if stored::update_case_if_unchanged(&mut **transaction, &self.after, self.seen_version)
            .await?
        {
            Ok(())
        } else {
            Err(CaseError::Changed)
        }
    }

    /// Records the event and commits, returning the case as it now is.
    ///
    /// # Errors
    /// [`CaseError::Store`] when the insert or the commit fails; nothing is stored then.
    pub(super) async fn finish(self, mut write: Write) -> Result<CaseRecord, CaseError> {
        self.record(&mut write).await?;
        write.commit().await?;
        Ok(self.after)
    }

    /// Records the event and commits as [`Change::finish`] does, and keeps `files` from the
    /// moment the commit begins, because the rows written in `write` name them.
    ///
    /// # Errors
    /// As [`Change::finish`]. When the commit itself fails, `files` stay kept.
    pub(super) async fn finish_naming(
        self,
        mut write: Write,
        files: &PendingFiles,
    ) -> Result<CaseRecord, CaseError> {
        self.record(&mut write).await?;
        files.keep();
        write.commit().await?;
        Ok(self.after)
    }

    /// Appends the event of the change and its report to the case index in `write`.
    async fn record(&self, write: &mut Write) -> Result<(), CaseError> {
        stored::append_case_event(&mut **write.transaction, &self.event()).await?;
        super::report::report_change(write, self).await
    }

    /// Writes the change with nothing else and commits.
    ///
    /// # Errors
    /// As [`Change::begin`] and [`Change::finish`].
    pub(super) async fn commit(self, context: &CaseContext) -> Result<CaseRecord, CaseError> {
        let write = self.begin(context).await?;
        self.finish(write).await
    }

    /// Writes the change with nothing else and commits, outside the writers' turn, for jobs
    /// of the system that run without a [`CaseContext`]; `reporter` reports a status change.
    ///
    /// # Errors
    /// As [`Change::commit`].
    pub(super) async fn commit_unqueued(
        self,
        store: &Store,
        reporter: Option<&crate::case_index::Reporter>,
    ) -> Result<CaseRecord, CaseError> {
        let mut write = Write::unqueued(store.begin().await?);
        write.reporter = reporter.cloned();
        self.write(&mut write.transaction).await?;
        self.finish(write).await
    }
}
