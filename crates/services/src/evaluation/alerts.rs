//! Alerts for clerks and supervisors in the application: cases that turned yellow or red,
//! and rectifications near or past their deadline.

use chrono::NaiveDate;
use serde::Serialize;
use tongban_domain::case::DeadlineFlag;
use tongban_domain::evaluation::RectificationFlag;

use super::EvaluationError;
use super::rectify::list_open_rectifications;
use crate::cases::{CaseContext, Clerk};

/// The subject of an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// A case's deadline is near.
    CaseYellow,
    /// A case's deadline has passed.
    CaseRed,
    /// A rectification's deadline is near.
    RectificationNear,
    /// A rectification's deadline has passed.
    RectificationOverdue,
}

impl AlertKind {
    /// Returns the message key of the alert's text.
    pub fn label_key(self) -> &'static str {
        match self {
            AlertKind::CaseYellow => "alert-case-yellow",
            AlertKind::CaseRed => "alert-case-red",
            AlertKind::RectificationNear => "alert-rectification-near",
            AlertKind::RectificationOverdue => "alert-rectification-overdue",
        }
    }

    /// Returns whether the deadline has passed.
    pub fn is_overdue(self) -> bool {
        matches!(self, AlertKind::CaseRed | AlertKind::RectificationOverdue)
    }
}

/// One alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    pub kind: AlertKind,
    /// 办件编号.
    pub case_number: String,
    /// The case id for case alerts, the rectification id for rectification alerts.
    pub target_id: String,
    /// The due date concerned.
    pub due: Option<NaiveDate>,
}

/// Returns the alerts shown to `clerk` today: running cases of the clerk's department (or of the
/// whole node) that are yellow or red, and rectifications near or past their deadline, the
/// overdue ones first.
///
/// # Errors
/// [`EvaluationError::Calendar`] when a count reaches a year without a schedule, and store
/// failures.
pub async fn list_alerts(
    context: &CaseContext,
    clerk: &Clerk,
) -> Result<Vec<Alert>, EvaluationError> {
    let today = context.today();
    let mut alerts = Vec::new();
    for case in tongban_store::cases::list_open_cases(context.store.pool()).await? {
        let own = clerk
            .department
            .as_deref()
            .is_none_or(|department| department == case.department);
        let Some(case_number) = case.case_number.clone().filter(|_| own) else {
            continue;
        };
        let deadlines = crate::cases::deadlines(&case, &context.calendar, today)?;
        let kind = match deadlines.flag {
            DeadlineFlag::Red => AlertKind::CaseRed,
            DeadlineFlag::Yellow => AlertKind::CaseYellow,
            DeadlineFlag::Green => continue,
        };
        let due = [deadlines.promised, deadlines.statutory]
            .into_iter()
            .flatten()
            .filter_map(|deadline| deadline.due)
            .min();
        alerts.push(Alert {
            kind,
            case_number,
            target_id: case.id,
            due,
        });
    }

    let node_id = context.node_id().unwrap_or("local");
    let rectifications =
        list_open_rectifications(&context.store, node_id, clerk, today, &context.calendar).await?;
    for (record, flag) in rectifications {
        let kind = match flag {
            RectificationFlag::Overdue => AlertKind::RectificationOverdue,
            RectificationFlag::NearDeadline => AlertKind::RectificationNear,
            RectificationFlag::OnTrack => continue,
        };
        alerts.push(Alert {
            kind,
            case_number: record.case_number,
            target_id: record.id,
            due: Some(record.due_on),
        });
    }
    alerts.sort_by_key(|alert| (!alert.kind.is_overdue(), alert.due));
    Ok(alerts)
}
