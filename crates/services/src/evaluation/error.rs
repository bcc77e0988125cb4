//! The error of the evaluation use cases, with a message for people in both languages.

use tongban_domain::RuleViolation;
use tongban_domain::calendar::CalendarError;
use tongban_i18n::{Lang, Message};
use tongban_store::StoreError;

use crate::fields::FieldErrors;

/// The failure of an evaluation use case. Nothing was changed when one is returned.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvaluationError {
    /// No case or rectification with this id is visible to the person asking.
    #[error("{}", self.message().render(Lang::En))]
    NotFound,
    /// Only a closed case can be rated; the message names its state.
    #[error("{}", self.message().render(Lang::En))]
    NotClosed,
    /// The case already has a rating of this channel and kind.
    #[error("{}", self.message().render(Lang::En))]
    AlreadyRated,
    /// The step cannot follow the rectification's state.
    #[error("{}", self.message().render(Lang::En))]
    StepNotAllowed {
        /// The rectification's state.
        status: &'static str,
        /// The step.
        step: &'static str,
    },
    /// The staff account lacks the role the step needs.
    #[error("{}", self.message().render(Lang::En))]
    RoleMissing {
        /// The role.
        role: &'static str,
    },
    /// Someone else changed the rectification since it was read.
    #[error("{}", self.message().render(Lang::En))]
    Changed,
    /// Fields of the input break rules; the errors name each.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// A deadline reaches into a year without a holiday schedule.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The passage could not enqueue the report of the change.
    #[error("the passage failed: {0}")]
    Passage(Box<crate::passage::PassageError>),
}

impl From<crate::passage::PassageError> for EvaluationError {
    fn from(error: crate::passage::PassageError) -> EvaluationError {
        EvaluationError::Passage(Box::new(error))
    }
}

impl EvaluationError {
    /// Returns the message for the person who asked. Failures of the database and the
    /// passage get a general message; their detail is for the log.
    pub fn message(&self) -> Message {
        match self {
            EvaluationError::NotFound => Message::new("evaluation-not-found"),
            EvaluationError::NotClosed => Message::new("evaluation-not-closed"),
            EvaluationError::AlreadyRated => Message::new("evaluation-already-rated"),
            EvaluationError::StepNotAllowed { status, step } => {
                Message::new("rectification-step-not-allowed")
                    .arg("step", Message::new(step_key(step)))
                    .arg("status", Message::new(status_key(status)))
            }
            EvaluationError::RoleMissing { role } => {
                Message::new("evaluation-role-missing").arg("role", *role)
            }
            EvaluationError::Changed => Message::new("evaluation-changed-meanwhile"),
            EvaluationError::Invalid(errors) => match errors.iter().next() {
                Some(first) => first.message.clone(),
                None => Message::new("evaluation-invalid"),
            },
            EvaluationError::Calendar(error) => error.message(),
            EvaluationError::Store(_) | EvaluationError::Passage(_) => {
                Message::new("evaluation-internal")
            }
        }
    }
}

fn step_key(step: &str) -> &'static str {
    tongban_domain::evaluation::RectificationStep::parse(step)
        .map_or("evaluation-invalid", |step| step.label_key())
}

fn status_key(status: &str) -> &'static str {
    tongban_domain::evaluation::RectificationStatus::parse(status)
        .map_or("evaluation-invalid", |status| status.label_key())
}
