//! The history of a case: events appended with the change they record, never changed.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};
use tongban_domain::case::{CaseStatus, StepAction};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// The kind of actor behind a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActorKind {
    /// The applicant or their agent.
    Applicant,
    /// A clerk of the node.
    Clerk,
    /// tongban itself, such as deemed acceptance.
    System,
}

impl ActorKind {
    /// Returns the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Applicant => "applicant",
            ActorKind::Clerk => "clerk",
            ActorKind::System => "system",
        }
    }

    fn parse(name: &str) -> Option<ActorKind> {
        [ActorKind::Applicant, ActorKind::Clerk, ActorKind::System]
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }
}

/// 环节办理状态 of a GB/T 39046 step record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepStatus {
    /// 1 待办: the step waits for someone, such as a correction notice awaiting the applicant's reply.
    Pending,
    /// 2 已办: the step is done.
    Done,
}

impl StepStatus {
    /// Returns the code of the standard: 1 or 2.
    pub fn code(self) -> i64 {
        match self {
            StepStatus::Pending => 1,
            StepStatus::Done => 2,
        }
    }

    fn from_code(code: i64) -> Option<StepStatus> {
        match code {
            1 => Some(StepStatus::Pending),
            2 => Some(StepStatus::Done),
            _ => None,
        }
    }
}

fn step_action_name(action: StepAction) -> &'static str {
    match action {
        StepAction::Pass => "pass",
        StepAction::Return => "return",
        StepAction::Other => "other",
    }
}

fn parse_step_action(name: &str) -> Option<StepAction> {
    [StepAction::Pass, StepAction::Return, StepAction::Other]
        .into_iter()
        .find(|action| step_action_name(*action) == name)
}

/// The step record of GB/T 39046 table 7 (事项办理) that an event carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRecord {
    /// 环节名称, such as 受理.
    pub name: String,
    /// 业务动作.
    pub action: StepAction,
    /// 环节办理状态.
    pub status: StepStatus,
    /// 处理单位: the department handling the case.
    pub handling_unit: Option<String>,
    /// Its unified social credit code.
    pub handling_unit_code: Option<String>,
}

/// A change of a case to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCaseEvent {
    /// The case.
    pub case_id: String,
    /// When the change happened. Stored with millisecond precision.
    pub occurred_at: DateTime<Utc>,
    /// The actor's kind.
    pub actor_kind: ActorKind,
    /// The actor's id: a subject at the hub, a staff id, or the name of a system job.
    pub actor_id: String,
    /// The actor's name as people read it.
    pub actor_name: String,
    /// The action, such as `accept` or `save_draft`.
    pub action: String,
    /// The status before; `None` when the case was created.
    pub from_status: Option<CaseStatus>,
    /// The status after.
    pub to_status: CaseStatus,
    /// The reason given, if any.
    pub reason: Option<String>,
    /// Further facts, stored as JSON text.
    pub details: Option<serde_json::Value>,
    /// The handling step, or `None` for an edit of a draft.
    pub step: Option<StepRecord>,
}

/// A recorded change of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseEvent {
    /// Position in the case's history, from 1.
    pub seq: i64,
    /// The change as recorded.
    pub event: NewCaseEvent,
}

/// Appends `event` to its case's history and returns its position.
///
/// Call it in the transaction that makes the change, after the update of the case row, which
/// keeps concurrent writers of the same case out until the commit.
///
/// # Errors
/// [`StoreError::Query`] when the insert fails.
pub async fn append_case_event<'e, E>(executor: E, event: &NewCaseEvent) -> Result<i64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let details = event.details.as_ref().map(serde_json::Value::to_string);
    let step = event.step.as_ref();
    sqlx::query_scalar(
        "INSERT INTO case_events (case_id, seq, occurred_at, actor_kind, actor_id, actor_name, \
             action, from_status, to_status, reason, details, step_name, step_action, \
             step_status, handling_unit, handling_unit_code) \
         VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM case_events WHERE case_id = $1), \
             $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         RETURNING seq",
    )
    .bind(event.case_id.as_str())
    .bind(to_millis(event.occurred_at))
    .bind(event.actor_kind.as_str())
    .bind(event.actor_id.as_str())
    .bind(event.actor_name.as_str())
    .bind(event.action.as_str())
    .bind(event.from_status.map(CaseStatus::as_str))
    .bind(event.to_status.as_str())
    .bind(event.reason.as_deref())
    .bind(details)
    .bind(step.map(|step| step.name.as_str()))
    .bind(step.map(|step| step_action_name(step.action)))
    .bind(step.map(|step| step.status.code()))
    .bind(step.and_then(|step| step.handling_unit.as_deref()))
    .bind(step.and_then(|step| step.handling_unit_code.as_deref()))
    .fetch_one(executor)
    .await
    .with_context(|| format!("record event {} of case {}", event.action, event.case_id))
}

/// Returns the history of case `case_id`, oldest first.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, and [`StoreError::InvalidStoredValue`] for a
/// row this version cannot read.
pub async fn list_case_events<'e, E>(
    executor: E,
    case_id: &str,
) -> Result<Vec<CaseEvent>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT case_id, seq, occurred_at, actor_kind, actor_id, actor_name, action, \
             from_status, to_status, reason, details, step_name, step_action, step_status, \
             handling_unit, handling_unit_code \
         FROM case_events WHERE case_id = $1 ORDER BY seq",
    )
    .bind(case_id)
    .fetch_all(executor)
    .await
    .with_context(|| format!("list the events of case {case_id}"))?;
    rows.iter().map(event_from_row).collect()
}

fn status(column: &'static str, name: &str) -> Result<CaseStatus, StoreError> {
    CaseStatus::parse(name)
        .ok_or_else(|| StoreError::invalid_stored_value(column, name, "unknown case status"))
}

fn event_from_row(row: &AnyRow) -> Result<CaseEvent, StoreError> {
    let text = |column: &'static str| -> Result<String, StoreError> {
        row.try_get::<String, _>(column)
            .context("read a case event")
    };
    let optional = |column: &'static str| -> Result<Option<String>, StoreError> {
        row.try_get::<Option<String>, _>(column)
            .context("read a case event")
    };

    let actor_text = text("actor_kind")?;
    let actor_kind = ActorKind::parse(&actor_text).ok_or_else(|| {
        StoreError::invalid_stored_value("case_events.actor_kind", &actor_text, "unknown actor")
    })?;
    let from_status = optional("from_status")?
        .map(|name| status("case_events.from_status", &name))
        .transpose()?;
    let details = optional("details")?
        .map(|text| {
            serde_json::from_str(&text).map_err(|error| {
                StoreError::invalid_stored_value("case_events.details", &text, error)
            })
        })
        .transpose()?;
    let step = match optional("step_name")? {
        None => None,
        Some(name) => Some(step_from_row(row, name)?),
    };

    Ok(CaseEvent {
        seq: row.try_get("seq").context("read a case event")?,
        event: NewCaseEvent {
            case_id: text("case_id")?,
            occurred_at: from_millis(
                "case_events.occurred_at",
                row.try_get("occurred_at").context("read a case event")?,
            )?,
            actor_kind,
            actor_id: text("actor_id")?,
            actor_name: text("actor_name")?,
            action: text("action")?,
            from_status,
            to_status: status("case_events.to_status", &text("to_status")?)?,
            reason: optional("reason")?,
            details,
            step,
        },
    })
}

fn step_from_row(row: &AnyRow, name: String) -> Result<StepRecord, StoreError> {
    let action_text: Option<String> = row.try_get("step_action").context("read a case event")?;
    let action_text = action_text.unwrap_or_default();
    let action = parse_step_action(&action_text).ok_or_else(|| {
        StoreError::invalid_stored_value("case_events.step_action", &action_text, "unknown")
    })?;
    let status_code: Option<i64> = row.try_get("step_status").context("read a case event")?;
    let status_code = status_code.unwrap_or_default();
    let status = StepStatus::from_code(status_code).ok_or_else(|| {
        StoreError::invalid_stored_value("case_events.step_status", status_code, "not 1 or 2")
    })?;
    Ok(StepRecord {
        name,
        action,
        status,
        handling_unit: row.try_get("handling_unit").context("read a case event")?,
        handling_unit_code: row
            .try_get("handling_unit_code")
            .context("read a case event")?,
    })
}
