//! States, actions and the transition table.

use std::fmt;

use serde::{Deserialize, Serialize};
use tongban_i18n::Message;

use crate::RuleViolation;

/// The state of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Being filled in by the applicant; not yet a case anyone handles.
    Draft,
    /// Submitted and waiting for intake (申请).
    Submitted,
    /// The clerk asked for missing materials in one notice (补正); the clock stops.
    CorrectionRequested,
    /// Not accepted at intake, with reasons (不予受理).
    RejectedAtIntake,
    /// Accepted (受理); the time limits run from here.
    Accepted,
    /// Under review (审查).
    UnderReview,
    /// In a special procedure such as a hearing or expert review (特别程序); the clock stops.
    SpecialProcedure,
    /// Approved (准予).
    Approved,
    /// Denied (不予许可).
    Denied,
    /// Closed (办结).
    Closed,
    /// Withdrawn by the applicant before the decision (撤回).
    Withdrawn,
}

impl CaseStatus {
    /// Every state, in the order of the main path.
    pub const ALL: [CaseStatus; 11] = [
        CaseStatus::Draft,
        CaseStatus::Submitted,
        CaseStatus::CorrectionRequested,
        CaseStatus::RejectedAtIntake,
        CaseStatus::Accepted,
        CaseStatus::UnderReview,
        CaseStatus::SpecialProcedure,
        CaseStatus::Approved,
        CaseStatus::Denied,
        CaseStatus::Closed,
        CaseStatus::Withdrawn,
    ];

    /// Returns the name stored and sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Draft => "draft",
            CaseStatus::Submitted => "submitted",
            CaseStatus::CorrectionRequested => "correction_requested",
            CaseStatus::RejectedAtIntake => "rejected_at_intake",
            CaseStatus::Accepted => "accepted",
            CaseStatus::UnderReview => "under_review",
            CaseStatus::SpecialProcedure => "special_procedure",
            CaseStatus::Approved => "approved",
            CaseStatus::Denied => "denied",
            CaseStatus::Closed => "closed",
            CaseStatus::Withdrawn => "withdrawn",
        }
    }

    /// Returns the state of a stored name.
    pub fn parse(name: &str) -> Option<CaseStatus> {
        CaseStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == name)
    }

    /// Returns the message key of the state's name for people.
    pub fn label_key(self) -> &'static str {
        match self {
            CaseStatus::Draft => "case-status-draft",
            CaseStatus::Submitted => "case-status-submitted",
            CaseStatus::CorrectionRequested => "case-status-correction-requested",
            CaseStatus::RejectedAtIntake => "case-status-rejected-at-intake",
            CaseStatus::Accepted => "case-status-accepted",
            CaseStatus::UnderReview => "case-status-under-review",
            CaseStatus::SpecialProcedure => "case-status-special-procedure",
            CaseStatus::Approved => "case-status-approved",
            CaseStatus::Denied => "case-status-denied",
            CaseStatus::Closed => "case-status-closed",
            CaseStatus::Withdrawn => "case-status-withdrawn",
        }
    }

    /// Returns whether nothing can follow.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            CaseStatus::Closed | CaseStatus::Withdrawn | CaseStatus::RejectedAtIntake
        )
    }

    /// Returns whether the statutory clock stops in this state.
    pub fn suspends_clock(self) -> bool {
        matches!(
            self,
            CaseStatus::CorrectionRequested | CaseStatus::SpecialProcedure
        )
    }
}

impl fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who takes a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorRole {
    /// The person or company that applied, or their agent.
    Applicant,
    /// A clerk of the handling authority.
    Clerk,
    /// tongban itself, such as deemed acceptance after five working days.
    System,
}

/// A step someone takes on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The applicant submits the application.
    Submit,
    /// The clerk accepts it; or the system does when five working days passed without a
    /// correction notice (行政许可法 art. 32).
    Accept,
    /// The clerk rejects it at intake, with reasons.
    Reject,
    /// The clerk asks, in one notice, for everything missing.
    RequestCorrection,
    /// The applicant supplies what the notice asked for.
    AnswerCorrection,
    /// The clerk starts the review.
    StartReview,
    /// The clerk starts a special procedure (hearing, inspection, expert review).
    StartSpecialProcedure,
    /// The special procedure ends; the review goes on.
    EndSpecialProcedure,
    /// The clerk approves.
    Approve,
    /// The clerk denies, with reasons.
    Deny,
    /// The clerk closes the case after the decision.
    Close,
    /// The applicant withdraws before the decision.
    Withdraw,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 12] = [
        Action::Submit,
        Action::Accept,
        Action::Reject,
        Action::RequestCorrection,
        Action::AnswerCorrection,
        Action::StartReview,
        Action::StartSpecialProcedure,
        Action::EndSpecialProcedure,
        Action::Approve,
        Action::Deny,
        Action::Close,
        Action::Withdraw,
    ];

    /// Returns the name stored and sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Accept => "accept",
            Action::Reject => "reject",
            Action::RequestCorrection => "request_correction",
            Action::AnswerCorrection => "answer_correction",
            Action::StartReview => "start_review",
            Action::StartSpecialProcedure => "start_special_procedure",
            Action::EndSpecialProcedure => "end_special_procedure",
            Action::Approve => "approve",
            Action::Deny => "deny",
            Action::Close => "close",
            Action::Withdraw => "withdraw",
        }
    }

    /// Returns the action of a stored name.
    pub fn parse(name: &str) -> Option<Action> {
        Action::ALL
            .into_iter()
            .find(|action| action.as_str() == name)
    }

    /// Returns the message key of the action's name for people.
    pub fn label_key(self) -> &'static str {
        match self {
            Action::Submit => "case-action-submit",
            Action::Accept => "case-action-accept",
            Action::Reject => "case-action-reject",
            Action::RequestCorrection => "case-action-request-correction",
            Action::AnswerCorrection => "case-action-answer-correction",
            Action::StartReview => "case-action-start-review",
            Action::StartSpecialProcedure => "case-action-start-special-procedure",
            Action::EndSpecialProcedure => "case-action-end-special-procedure",
            Action::Approve => "case-action-approve",
            Action::Deny => "case-action-deny",
            Action::Close => "case-action-close",
            Action::Withdraw => "case-action-withdraw",
        }
    }

    /// Returns whether the step needs a reason: a rejection, a correction notice (the list of
    /// what is missing), a special procedure's ground and a denial.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            Action::Reject
                | Action::RequestCorrection
                | Action::StartSpecialProcedure
                | Action::Deny
        )
    }

    /// Returns the GB/T 39046 业务动作 of the step record.
    pub fn step_action(self) -> StepAction {
        match self {
            Action::Accept | Action::Approve | Action::Submit | Action::AnswerCorrection => {
                StepAction::Pass
            }
            Action::Reject | Action::RequestCorrection | Action::Deny => StepAction::Return,
            _ => StepAction::Other,
        }
    }
}

/// 业务动作 of a GB/T 39046 step record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepAction {
    /// 通过.
    Pass,
    /// 退回.
    Return,
    /// 其他.
    Other,
}

impl StepAction {
    /// Returns the standard's wording.
    pub fn name_zh(self) -> &'static str {
        match self {
            StepAction::Pass => "通过",
            StepAction::Return => "退回",
            StepAction::Other => "其他",
        }
    }
}

/// Returns the state after `action` taken by `role` on a case in `from`.
///
/// # Errors
/// [`TransitionError::NotAllowed`] when the step cannot follow `from`, and
/// [`TransitionError::WrongActor`] when it can, but not by `role`.
pub fn transition(
    from: CaseStatus,
    action: Action,
    role: ActorRole,
) -> Result<CaseStatus, TransitionError> {
    use Action as A;
    use CaseStatus as S;

    let to = match (from, action) {
        (S::Draft, A::Submit) => S::Submitted,
        (S::Submitted, A::Accept) => S::Accepted,
        (S::Submitted, A::Reject) => S::RejectedAtIntake,
        (S::Submitted, A::RequestCorrection) => S::CorrectionRequested,
        (S::CorrectionRequested, A::AnswerCorrection) => S::Submitted,
        (S::Accepted, A::StartReview) => S::UnderReview,
        (S::UnderReview, A::StartSpecialProcedure) => S::SpecialProcedure,
        (S::SpecialProcedure, A::EndSpecialProcedure) => S::UnderReview,
        (S::UnderReview, A::Approve) => S::Approved,
        (S::UnderReview, A::Deny) => S::Denied,
        (S::Approved | S::Denied, A::Close) => S::Closed,
        (
            S::Submitted
            | S::CorrectionRequested
            | S::Accepted
            | S::UnderReview
            | S::SpecialProcedure,
            A::Withdraw,
        ) => S::Withdrawn,
        _ => return Err(TransitionError::NotAllowed { from, action }),
    };

    let allowed_role = match action {
        A::Submit | A::AnswerCorrection | A::Withdraw => role == ActorRole::Applicant,
        // Deemed acceptance is the only step the system takes on its own.
        A::Accept => matches!(role, ActorRole::Clerk | ActorRole::System),
        _ => role == ActorRole::Clerk,
    };
    if !allowed_role {
        return Err(TransitionError::WrongActor { action, role });
    }
    Ok(to)
}

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransitionError {
    /// The step cannot follow the case's state.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    NotAllowed {
        /// The case's state.
        from: CaseStatus,
        /// The step.
        action: Action,
    },
    /// The step is not for this kind of actor.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    WrongActor {
        /// The step.
        action: Action,
        /// Who tried.
        role: ActorRole,
    },
}

impl RuleViolation for TransitionError {
    fn rule(&self) -> &'static str {
        match self {
            TransitionError::NotAllowed { .. } => "case-transition-not-allowed",
            TransitionError::WrongActor { .. } => "case-transition-wrong-actor",
        }
    }

    fn message(&self) -> Message {
        match self {
            TransitionError::NotAllowed { from, action } => Message::new(self.rule())
                .arg("action", Message::new(action.label_key()))
                .arg("status", Message::new(from.label_key())),
            TransitionError::WrongActor { action, .. } => {
                Message::new(self.rule()).arg("action", Message::new(action.label_key()))
            }
        }
    }
}

#[cfg(test)]
mod tests;
