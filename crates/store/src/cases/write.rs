//! Inserting a case and changing it under optimistic concurrency.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};
use tongban_domain::case::CaseStatus;

use super::CaseRecord;
use super::row::date_text;
use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::to_millis;

fn encode_form(case: &CaseRecord) -> Result<String, StoreError> {
    serde_json::to_string(&case.form_data)
        .map_err(|error| StoreError::invalid_input("form_data", &case.id, error))
}

fn revision_column(case: &CaseRecord) -> Result<Option<i64>, StoreError> {
    case.due_calendar_revision
        .map(|revision| {
            i64::try_from(revision).map_err(|error| {
                StoreError::invalid_input("due_calendar_revision", revision, error)
            })
        })
        .transpose()
}

/// Inserts `case` as it is, version included.
///
/// # Errors
/// [`StoreError::InvalidInput`] when the form data cannot be encoded, [`StoreError::Query`]
/// when the insert fails, including for an id or case number already taken.
pub async fn insert_case<'e, E>(executor: E, case: &CaseRecord) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let applicant = &case.applicant;
    sqlx::query(
        "INSERT INTO cases (id, case_number, implementation_id, department, department_code, \
             applicant_subject, applicant_name, applicant_id_type, applicant_id_number, \
             acting_for_credit_code, acting_for_name, status, case_type, form_data, received_on, \
             accepted_on, decided_on, closed_on, statutory_days, promised_days, yellow_days, \
             statutory_due, promised_due, due_calendar_revision, version, created_at, updated_at, \
             receiving_place, handling_place, receiving_reference) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
             $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)",
    )
    .bind(case.id.as_str())
    .bind(case.case_number.as_deref())
    .bind(case.implementation_id.as_str())
    .bind(case.department.as_str())
    .bind(case.department_code.as_deref())
    .bind(applicant.subject.as_str())
    .bind(applicant.name.as_str())
    .bind(applicant.id_type.as_str())
    .bind(applicant.id_number.as_str())
    .bind(applicant.acting_for_credit_code.as_deref())
    .bind(applicant.acting_for_name.as_deref())
    .bind(case.status.as_str())
    .bind(case.case_type.as_deref())
    .bind(encode_form(case)?)
    .bind(date_text(case.received_on))
    .bind(date_text(case.accepted_on))
    .bind(date_text(case.decided_on))
    .bind(date_text(case.closed_on))
    .bind(case.statutory_days.map(i64::from))
    .bind(case.promised_days.map(i64::from))
    .bind(i64::from(case.yellow_days))
    .bind(date_text(case.statutory_due))
    .bind(date_text(case.promised_due))
    .bind(revision_column(case)?)
    .bind(case.version)
    .bind(to_millis(case.created_at))
    .bind(to_millis(case.updated_at))
    .bind(case.receiving_place.as_deref())
    .bind(case.handling_place.as_deref())
    .bind(case.receiving_reference.as_deref())
    .execute(executor)
    .await
    .with_context(|| format!("insert case {}", case.id))?;
    Ok(())
}

/// Writes the changeable state of `case` (status, form data, case number, dates, time limits
/// and due dates, `updated_at`) and sets its version to `seen_version + 1`, but only if the
/// stored version is still `seen_version`. Returns whether the row was changed; `false` means
/// another writer changed the case since it was read, or it does not exist.
///
/// The applicant, implementation, department and places never change after the draft is
/// created, so they are not written.
///
/// # Errors
/// [`StoreError::InvalidInput`] when the form data cannot be encoded, [`StoreError::Query`]
/// when the update fails, including for a case number already taken.
pub async fn update_case_if_unchanged<'e, E>(
    executor: E,
    case: &CaseRecord,
    seen_version: i64,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE cases SET case_number = $3, status = $4, case_type = $5, form_data = $6, \
             received_on = $7, accepted_on = $8, decided_on = $9, closed_on = $10, \
             statutory_days = $11, promised_days = $12, yellow_days = $13, statutory_due = $14, \
             promised_due = $15, due_calendar_revision = $16, version = $2 + 1, updated_at = $17 \
         WHERE id = $1 AND version = $2",
    )
    .bind(case.id.as_str())
    .bind(seen_version)
    .bind(case.case_number.as_deref())
    .bind(case.status.as_str())
    .bind(case.case_type.as_deref())
    .bind(encode_form(case)?)
    .bind(date_text(case.received_on))
    .bind(date_text(case.accepted_on))
    .bind(date_text(case.decided_on))
    .bind(date_text(case.closed_on))
    .bind(case.statutory_days.map(i64::from))
    .bind(case.promised_days.map(i64::from))
    .bind(i64::from(case.yellow_days))
    .bind(date_text(case.statutory_due))
    .bind(date_text(case.promised_due))
    .bind(revision_column(case)?)
    .bind(to_millis(case.updated_at))
    .execute(executor)
    .await
    .with_context(|| format!("update case {}", case.id))?;
    Ok(result.rows_affected() == 1)
}

/// Raises the version of case `id` and sets `updated_at`, if its status is one of `statuses`,
/// and returns the new version and the status, or `None` when the case is missing or in
/// another status.
///
/// For changes beside the case row, such as an attached material: concurrent writers queue
/// on the row instead of failing, while a status change in between is noticed.
///
/// # Errors
/// [`StoreError::Query`] when the update fails.
pub async fn touch_case<'e, E>(
    executor: E,
    id: &str,
    statuses: &[CaseStatus],
    now: DateTime<Utc>,
) -> Result<Option<(i64, CaseStatus)>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    if statuses.is_empty() {
        return Ok(None);
    }
    // The statuses are fixed names from `CaseStatus::as_str`, so listing them in the statement
    // cannot inject SQL.
    let allowed: Vec<String> = statuses
        .iter()
        .map(|status| format!("'{}'", status.as_str()))
        .collect();
    let sql = format!(
        "UPDATE cases SET version = version + 1, updated_at = $2 \
         WHERE id = $1 AND status IN ({}) RETURNING version, status",
        allowed.join(", ")
    );
    let row: Option<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(to_millis(now))
        .fetch_optional(executor)
        .await
        .with_context(|| format!("mark case {id} as changed"))?;
    row.map(|(version, name)| {
        let status = CaseStatus::parse(&name).ok_or_else(|| {
            StoreError::invalid_stored_value("cases.status", &name, "unknown case status")
        })?;
        Ok((version, status))
    })
    .transpose()
}
