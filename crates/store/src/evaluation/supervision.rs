//! The per-case facts of performance supervision.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Any, Executor, FromRow};

use super::{date_text, parse_date};
use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// What supervision counts of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupervisionCase {
    /// Node id of the handling node.
    pub reporter: String,
    /// 办件编号.
    pub case_number: String,
    /// The handling department and its unified social credit code.
    pub department: String,
    pub department_code: Option<String>,
    /// 实施编码, or the implementation id when there is none.
    pub item_code: String,
    /// 事项名称.
    pub item_name: String,
    /// Status name, as `CaseStatus::as_str` writes it.
    pub status: String,
    pub received_on: Option<NaiveDate>,
    pub accepted_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    /// The promised due date, or the statutory one when nothing is promised.
    pub due_on: Option<NaiveDate>,
    /// Whether the decision came by the due date; `None` while undecided or without a limit.
    pub on_time: Option<bool>,
    /// Working days from acceptance to the decision; `None` while undecided.
    pub handling_days: Option<u32>,
    /// The case's version at the node.
    pub case_version: i64,
    /// When the case last changed at the node.
    pub changed_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct SupervisionRow {
    reporter: String,
    case_number: String,
    department: String,
    department_code: Option<String>,
    item_code: String,
    item_name: String,
    status: String,
    received_on: Option<String>,
    accepted_on: Option<String>,
    decided_on: Option<String>,
    closed_on: Option<String>,
    due_on: Option<String>,
    on_time: Option<i64>,
    handling_days: Option<i64>,
    case_version: i64,
    changed_at: i64,
}

const COLUMNS: &str = "reporter, case_number, department, department_code, item_code, item_name, \
    status, received_on, accepted_on, decided_on, closed_on, due_on, on_time, handling_days, \
    case_version, changed_at";

impl SupervisionRow {
    fn into_case(self) -> Result<SupervisionCase, StoreError> {
        let handling_days = self
            .handling_days
            .map(|days| {
                u32::try_from(days).map_err(|error| {
                    StoreError::invalid_stored_value("supervision_cases.handling_days", days, error)
                })
            })
            .transpose()?;
        Ok(SupervisionCase {
            received_on: parse_date("supervision_cases.received_on", self.received_on)?,
            accepted_on: parse_date("supervision_cases.accepted_on", self.accepted_on)?,
            decided_on: parse_date("supervision_cases.decided_on", self.decided_on)?,
            closed_on: parse_date("supervision_cases.closed_on", self.closed_on)?,
            due_on: parse_date("supervision_cases.due_on", self.due_on)?,
            changed_at: from_millis("supervision_cases.changed_at", self.changed_at)?,
            on_time: self.on_time.map(|value| value != 0),
            handling_days,
            reporter: self.reporter,
            case_number: self.case_number,
            department: self.department,
            department_code: self.department_code,
            item_code: self.item_code,
            item_name: self.item_name,
            status: self.status,
            case_version: self.case_version,
        })
    }
}

/// Inserts `case`, or replaces the stored row of the same reporter and case number when `case`
/// has a higher case version. Returns whether a row was written.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn upsert_supervision_case<'e, E>(
    executor: E,
    case: &SupervisionCase,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO supervision_cases ({COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
         ON CONFLICT (reporter, case_number) DO UPDATE SET \
             department = excluded.department, department_code = excluded.department_code, \
             item_code = excluded.item_code, item_name = excluded.item_name, \
             status = excluded.status, received_on = excluded.received_on, \
             accepted_on = excluded.accepted_on, decided_on = excluded.decided_on, \
             closed_on = excluded.closed_on, due_on = excluded.due_on, \
             on_time = excluded.on_time, handling_days = excluded.handling_days, \
             case_version = excluded.case_version, changed_at = excluded.changed_at \
         WHERE supervision_cases.case_version < excluded.case_version"
    )))
    .bind(case.reporter.as_str())
    .bind(case.case_number.as_str())
    .bind(case.department.as_str())
    .bind(case.department_code.as_deref())
    .bind(case.item_code.as_str())
    .bind(case.item_name.as_str())
    .bind(case.status.as_str())
    .bind(date_text(case.received_on))
    .bind(date_text(case.accepted_on))
    .bind(date_text(case.decided_on))
    .bind(date_text(case.closed_on))
    .bind(date_text(case.due_on))
    .bind(case.on_time.map(i64::from))
    .bind(case.handling_days.map(i64::from))
    .bind(case.case_version)
    .bind(to_millis(case.changed_at))
    .execute(executor)
    .await
    .with_context(|| format!("record the supervision facts of case {}", case.case_number))?;
    Ok(result.rows_affected() == 1)
}

/// Returns the facts of case `case_number` of node `reporter`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a
/// malformed stored value.
pub async fn find_supervision_case<'e, E>(
    executor: E,
    reporter: &str,
    case_number: &str,
) -> Result<Option<SupervisionCase>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row: Option<SupervisionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM supervision_cases WHERE reporter = $1 AND case_number = $2"
    )))
    .bind(reporter)
    .bind(case_number)
    .fetch_optional(executor)
    .await
    .context("read the supervision facts of a case")?;
    row.map(SupervisionRow::into_case).transpose()
}

/// Returns the facts of every case received from `from` to `to`, both days included and
/// either bound left open when `None`, ordered by reporter and case number. A case not yet
/// received (no `received_on`) is never listed.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a
/// malformed stored value.
pub async fn list_supervision_cases<'e, E>(
    executor: E,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<SupervisionCase>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    // `YYYY-MM-DD` text orders as the dates do.
    let rows: Vec<SupervisionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM supervision_cases \
         WHERE received_on IS NOT NULL \
           AND (CAST($1 AS TEXT) IS NULL OR received_on >= CAST($1 AS TEXT)) \
           AND (CAST($2 AS TEXT) IS NULL OR received_on <= CAST($2 AS TEXT)) \
         ORDER BY reporter, case_number"
    )))
    .bind(date_text(from))
    .bind(date_text(to))
    .fetch_all(executor)
    .await
    .context("list the supervision facts of cases")?;
    rows.into_iter().map(SupervisionRow::into_case).collect()
}
