//! Finding and listing cases.

use sqlx::{Any, Executor};
use tongban_domain::case::CaseStatus;

use super::CaseRecord;
use super::row::{CASE_COLUMNS, case_from_row};
use crate::StoreError;
use crate::error::QueryContext;

/// Returns case `id`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a row
/// this version cannot read.
pub async fn find_case<'e, E>(executor: E, id: &str) -> Result<Option<CaseRecord>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(executor)
        .await
        .with_context(|| format!("look up case {id}"))?;
    row.as_ref().map(case_from_row).transpose()
}

/// Returns the id of the case numbered `case_number`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn find_case_id_by_number<'e, E>(
    executor: E,
    case_number: &str,
) -> Result<Option<String>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let id: Option<(String,)> = sqlx::query_as("SELECT id FROM cases WHERE case_number = $1")
        .bind(case_number)
        .fetch_optional(executor)
        .await
        .with_context(|| format!("look up case number {case_number}"))?;
    Ok(id.map(|(id,)| id))
}

/// The order of a case list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseOrder {
    /// Most recently created first.
    #[default]
    NewestFirst,
    /// Earliest due date (statutory or promised, whichever is earlier) first; cases without a
    /// due date last, oldest submission first among them.
    NearestDueFirst,
}

/// A filter and order for listing cases. Every condition given must hold.
#[derive(Debug, Clone, Default)]
pub struct CaseQuery<'a> {
    /// Only cases of this applicant subject.
    pub applicant_subject: Option<&'a str>,
    /// `Some(Some(code))`: only cases applied for on behalf of this legal person;
    /// `Some(None)`: only cases the applicant applied for themselves; `None`: either.
    pub acting_for: Option<Option<&'a str>>,
    /// Only cases of this department.
    pub department: Option<&'a str>,
    /// Only cases in one of these states; empty for any state.
    pub statuses: &'a [CaseStatus],
    /// Whether drafts are listed too; they are private to their applicant.
    pub include_drafts: bool,
    /// The order.
    pub order: CaseOrder,
    /// At most this many.
    pub limit: u32,
}

/// Returns the cases that `query` selects.
///
/// # Errors
/// As [`find_case`].
pub async fn list_cases<'e, E>(
    executor: E,
    query: &CaseQuery<'_>,
) -> Result<Vec<CaseRecord>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let mut conditions = Vec::new();
    let mut values: Vec<&str> = Vec::new();
    let mut placeholder = |value| {
        values.push(value);
        format!("${}", values.len())
    };

    if let Some(subject) = query.applicant_subject {
        conditions.push(format!("applicant_subject = {}", placeholder(subject)));
    }
    match query.acting_for {
        Some(Some(code)) => {
            conditions.push(format!("acting_for_credit_code = {}", placeholder(code)));
        }
        Some(None) => conditions.push("acting_for_credit_code IS NULL".to_owned()),
        None => {}
    }
    if let Some(department) = query.department {
        conditions.push(format!("department = {}", placeholder(department)));
    }
    if !query.include_drafts {
        conditions.push("status <> 'draft'".to_owned());
    }
    if !query.statuses.is_empty() {
        // Fixed names from `CaseStatus::as_str`, so listing them cannot inject SQL.
        let names: Vec<String> = query
            .statuses
            .iter()
            .map(|status| format!("'{}'", status.as_str()))
            .collect();
        conditions.push(format!("status IN ({})", names.join(", ")));
    }

    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    // Dates are stored as YYYY-MM-DD, so text order is date order. PostgreSQL allows an
    // output column's alias in ORDER BY only on its own, so the expression is repeated.
    let nearest_due = "CASE WHEN promised_due IS NULL THEN statutory_due \
        WHEN statutory_due IS NULL OR promised_due < statutory_due THEN promised_due \
        ELSE statutory_due END";
    let order = match query.order {
        CaseOrder::NewestFirst => "ORDER BY created_at DESC, id".to_owned(),
        CaseOrder::NearestDueFirst => {
            format!("ORDER BY ({nearest_due}) IS NULL, {nearest_due}, received_on, created_at, id")
        }
    };
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases {filter} {order} {}",
        crate::limit(query.limit)
    );

    let mut statement = sqlx::query(sqlx::AssertSqlSafe(sql));
    for value in values {
        statement = statement.bind(value);
    }
    let rows = statement.fetch_all(executor).await.context("list cases")?;
    rows.iter().map(case_from_row).collect()
}

/// Returns every accepted case whose time limits still run or are stopped: accepted, under
/// review or in a special procedure.
///
/// # Errors
/// As [`find_case`].
pub async fn list_open_cases<'e, E>(executor: E) -> Result<Vec<CaseRecord>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases \
         WHERE status IN ('accepted', 'under_review', 'special_procedure') ORDER BY id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(executor)
        .await
        .context("list the open cases")?;
    rows.iter().map(case_from_row).collect()
}

/// Returns every submitted case that never had a correction request, oldest submission first:
/// the cases deemed acceptance may apply to.
///
/// # Errors
/// As [`find_case`].
pub async fn list_submitted_without_correction<'e, E>(
    executor: E,
) -> Result<Vec<CaseRecord>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases c \
         WHERE c.status = 'submitted' AND NOT EXISTS ( \
             SELECT 1 FROM case_suspensions s \
             WHERE s.case_id = c.id AND s.kind = 'correction') \
         ORDER BY c.received_on, c.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(executor)
        .await
        .context("list the submitted cases without a correction request")?;
    rows.iter().map(case_from_row).collect()
}
