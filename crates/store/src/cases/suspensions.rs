//! Correction requests and special procedures: the spans in which a case waits.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use super::row::{date_text, parse_date};
use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::to_millis;

/// The kind of a suspension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SuspensionKind {
    /// A correction request (补正) before acceptance, until the applicant supplies what it lists.
    Correction,
    /// A special procedure (特别程序) after acceptance; the clock stops.
    SpecialProcedure,
}

impl SuspensionKind {
    /// Returns the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            SuspensionKind::Correction => "correction",
            SuspensionKind::SpecialProcedure => "special_procedure",
        }
    }

    fn parse(name: &str) -> Option<SuspensionKind> {
        [SuspensionKind::Correction, SuspensionKind::SpecialProcedure]
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }
}

/// A span to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSuspension {
    /// The case.
    pub case_id: String,
    /// Correction or special procedure.
    pub kind: SuspensionKind,
    /// First day of the span.
    pub started_on: NaiveDate,
    /// The reason given.
    pub reason: String,
    /// Items a correction request lists, one entry each; empty for special procedures.
    pub items: Vec<String>,
    /// 特别程序种类代码, GB/T 39046 A.7, for special procedures.
    pub special_procedure_code: Option<String>,
    /// The special procedure's name, such as 专家评审.
    pub special_procedure_name: Option<String>,
    /// When the span was opened.
    pub created_at: DateTime<Utc>,
}

/// A stored span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuspensionRecord {
    /// Row id; later spans have larger ids.
    pub id: i64,
    /// The span as opened.
    pub opened: NewSuspension,
    /// Last day of the span; `None` while it runs.
    pub ended_on: Option<NaiveDate>,
}

/// Opens `suspension`.
///
/// # Errors
/// [`StoreError::InvalidInput`] when the items cannot be encoded, [`StoreError::Query`] when
/// the insert fails.
pub async fn open_suspension<'e, E>(
    executor: E,
    suspension: &NewSuspension,
) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let items = if suspension.items.is_empty() {
        None
    } else {
        Some(
            serde_json::to_string(&suspension.items)
                .map_err(|error| StoreError::invalid_input("items", &suspension.case_id, error))?,
        )
    };
    sqlx::query(
        "INSERT INTO case_suspensions (case_id, kind, started_on, ended_on, reason, items, \
             special_procedure_code, special_procedure_name, created_at) \
         VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8)",
    )
    .bind(suspension.case_id.as_str())
    .bind(suspension.kind.as_str())
    .bind(date_text(Some(suspension.started_on)))
    .bind(suspension.reason.as_str())
    .bind(items)
    .bind(suspension.special_procedure_code.as_deref())
    .bind(suspension.special_procedure_name.as_deref())
    .bind(to_millis(suspension.created_at))
    .execute(executor)
    .await
    .with_context(|| format!("open a suspension of case {}", suspension.case_id))?;
    Ok(())
}

/// Ends every running span of `kind` of case `case_id` on `ended_on` and returns how many
/// there were.
///
/// # Errors
/// [`StoreError::Query`] when the update fails.
pub async fn close_open_suspension<'e, E>(
    executor: E,
    case_id: &str,
    kind: SuspensionKind,
    ended_on: NaiveDate,
) -> Result<u64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE case_suspensions SET ended_on = $3 \
         WHERE case_id = $1 AND kind = $2 AND ended_on IS NULL",
    )
    .bind(case_id)
    .bind(kind.as_str())
    .bind(date_text(Some(ended_on)))
    .execute(executor)
    .await
    .with_context(|| format!("end the running suspension of case {case_id}"))?;
    Ok(result.rows_affected())
}

/// Returns the spans of case `case_id`, oldest first.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, and [`StoreError::InvalidStoredValue`] for a
/// row this version cannot read.
pub async fn list_suspensions<'e, E>(
    executor: E,
    case_id: &str,
) -> Result<Vec<SuspensionRecord>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT id, case_id, kind, started_on, ended_on, reason, items, \
             special_procedure_code, special_procedure_name, created_at \
         FROM case_suspensions WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(executor)
    .await
    .with_context(|| format!("list the suspensions of case {case_id}"))?;
    rows.iter().map(suspension_from_row).collect()
}

fn suspension_from_row(row: &AnyRow) -> Result<SuspensionRecord, StoreError> {
    let read = || -> Result<_, sqlx::Error> {
        Ok((
            row.try_get::<i64, _>("id")?,
            row.try_get::<String, _>("case_id")?,
            row.try_get::<String, _>("kind")?,
            row.try_get::<String, _>("started_on")?,
            row.try_get::<Option<String>, _>("ended_on")?,
            row.try_get::<String, _>("reason")?,
            row.try_get::<Option<String>, _>("items")?,
            row.try_get::<Option<String>, _>("special_procedure_code")?,
            row.try_get::<Option<String>, _>("special_procedure_name")?,
            row.try_get::<i64, _>("created_at")?,
        ))
    };
    let (id, case_id, kind, started_on, ended_on, reason, items, code, name, created_at) =
        read().context("read a case suspension")?;

    let kind = SuspensionKind::parse(&kind).ok_or_else(|| {
        StoreError::invalid_stored_value("case_suspensions.kind", &kind, "unknown kind")
    })?;
    let items: Vec<String> = match items {
        None => Vec::new(),
        Some(text) => serde_json::from_str(&text).map_err(|error| {
            StoreError::invalid_stored_value("case_suspensions.items", &text, error)
        })?,
    };
    let started_on =
        parse_date("case_suspensions.started_on", Some(started_on))?.ok_or_else(|| {
            StoreError::invalid_stored_value("case_suspensions.started_on", "", "missing")
        })?;

    Ok(SuspensionRecord {
        id,
        opened: NewSuspension {
            case_id,
            kind,
            started_on,
            reason,
            items,
            special_procedure_code: code,
            special_procedure_name: name,
            created_at: crate::timestamp::from_millis("case_suspensions.created_at", created_at)?,
        },
        ended_on: parse_date("case_suspensions.ended_on", ended_on)?,
    })
}
