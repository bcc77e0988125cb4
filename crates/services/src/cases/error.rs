//! The error of the case use cases, with a message for people in both languages.

use tongban_domain::RuleViolation;
use tongban_domain::calendar::CalendarError;
use tongban_domain::case::{Action, CaseStatus, TransitionError};
use tongban_i18n::{Lang, Message};
use tongban_store::StoreError;

use crate::ServiceError;
use crate::fields::FieldErrors;

/// The failure of a case use case. Nothing was changed when one is returned.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CaseError {
    /// No case with this id is visible to the person asking, whether or not it exists.
    #[error("{}", self.message().render(Lang::En))]
    NotFound,
    /// Someone else changed the case since it was read; reload it and try again.
    #[error("{}", self.message().render(Lang::En))]
    Changed,
    /// The step cannot follow the case's state, or is not for this kind of actor.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// The clerk lacks the role the step needs.
    #[error("{}", self.message().render(Lang::En))]
    RoleMissing {
        /// The step.
        action: Action,
        /// The role it needs, among the staff roles.
        role: &'static str,
    },
    /// The case can no longer be edited by its applicant.
    #[error("{}", self.message().render(Lang::En))]
    NotEditable {
        /// Its state.
        status: CaseStatus,
    },
    /// Fields, materials or step inputs break rules; the errors name each.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// The implementation applied for is withdrawn or unknown.
    #[error("{}", self.message().render(Lang::En))]
    ImplementationUnavailable {
        /// Its id.
        id: String,
    },
    /// Approval should issue an e-certificate and cannot.
    #[error(transparent)]
    Certificate(#[from] crate::certificates::CertificateError),
    /// A time limit reaches into a year without a holiday schedule.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The object store holding material files failed.
    #[error("the material store failed: {0}")]
    Objects(#[from] object_store::Error),
    /// A use case this one builds on failed, such as replacing a holiday schedule.
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// The passage could not enqueue a message the change sends, such as its status report.
    #[error("the passage failed: {0}")]
    Passage(Box<crate::passage::PassageError>),
    /// A stored value cannot be used, such as a case number that no longer parses.
    #[error("the stored {what} is invalid: {detail}")]
    InvalidStored {
        /// What was read.
        what: &'static str,
        /// The rule it breaks.
        detail: String,
    },
}

impl CaseError {
    /// Returns the message for the person who asked. Failures of the database, the object
    /// store or stored data get a general message; their detail is for the log.
    pub fn message(&self) -> Message {
        match self {
            CaseError::NotFound => Message::new("case-not-found"),
            CaseError::Changed => Message::new("case-changed-meanwhile"),
            CaseError::Transition(error) => error.message(),
            CaseError::RoleMissing { action, role } => Message::new("case-role-missing")
                .arg("action", Message::new(action.label_key()))
                .arg("role", role_label(role)),
            CaseError::NotEditable { status } => {
                Message::new("case-not-editable").arg("status", Message::new(status.label_key()))
            }
            CaseError::Invalid(errors) => match errors.iter().next() {
                Some(first) => first.message.clone(),
                None => Message::new("case-invalid"),
            },
            CaseError::ImplementationUnavailable { id } => {
                Message::new("case-implementation-unavailable").arg("id", id.as_str())
            }
            CaseError::Calendar(error) => error.message(),
            CaseError::Certificate(error) => error.message(),
            CaseError::Store(_)
            | CaseError::Objects(_)
            | CaseError::Service(_)
            | CaseError::Passage(_)
            | CaseError::InvalidStored { .. } => Message::new("case-internal"),
        }
    }
}

/// Returns the name of a staff role for people.
pub(super) fn role_label(role: &str) -> Message {
    match role {
        "intake" => Message::new("case-role-intake"),
        "reviewer" => Message::new("case-role-reviewer"),
        "approver" => Message::new("case-role-approver"),
        "supervisor" => Message::new("case-role-supervisor"),
        _ => Message::new("case-role-admin"),
    }
}
