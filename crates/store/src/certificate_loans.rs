//! E-certificates lent to cases (用证) in place of material files, with the outcome of the
//! handling node's check.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, FromRow};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// A certificate lent to a case for one material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateLoan {
    /// Random id, also the ordering key of its passage messages.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// The material of the service guide the certificate stands for.
    pub material_name: String,
    /// 证照标识 (GB/T 36904).
    pub certificate_id: String,
    /// The issuer's name.
    pub issuer: String,
    /// The node id of the issuing node.
    pub issuer_node: String,
    /// `chosen`, `requested`, `satisfied` or `not_satisfied`.
    pub status: String,
    /// The check's code, such as `valid` or `revoked`, once checked.
    pub result: Option<String>,
    /// The reason the material is not satisfied.
    pub reason: Option<String>,
    /// The certificate document (JSON), once the issuing node sent it.
    pub document: Option<String>,
    /// The subject at the hub of the applicant who chose it.
    pub chosen_by: String,
    /// When it was chosen.
    pub chosen_at: DateTime<Utc>,
    /// When the handling node checked it.
    pub checked_at: Option<DateTime<Utc>>,
}

#[derive(FromRow)]
struct LoanRow {
    id: String,
    case_id: String,
    material_name: String,
    certificate_id: String,
    issuer: String,
    issuer_node: String,
    status: String,
    result: Option<String>,
    reason: Option<String>,
    document: Option<String>,
    chosen_by: String,
    chosen_at: i64,
    checked_at: Option<i64>,
}

impl LoanRow {
    fn into_loan(self) -> Result<CertificateLoan, StoreError> {
        Ok(CertificateLoan {
            chosen_at: from_millis("certificate_loans.chosen_at", self.chosen_at)?,
            checked_at: self
                .checked_at
                .map(|millis| from_millis("certificate_loans.checked_at", millis))
                .transpose()?,
            id: self.id,
            case_id: self.case_id,
            material_name: self.material_name,
            certificate_id: self.certificate_id,
            issuer: self.issuer,
            issuer_node: self.issuer_node,
            status: self.status,
            result: self.result,
            reason: self.reason,
            document: self.document,
            chosen_by: self.chosen_by,
        })
    }
}

const COLUMNS: &str = "id, case_id, material_name, certificate_id, issuer, issuer_node, status, \
    result, reason, document, chosen_by, chosen_at, checked_at";

/// Stores `loan`, replacing the loan of the same case and material.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn upsert_loan<'e, E>(executor: E, loan: &CertificateLoan) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO certificate_loans (id, case_id, material_name, certificate_id, issuer, \
             issuer_node, status, chosen_by, chosen_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (case_id, material_name) DO UPDATE SET id = excluded.id, \
             certificate_id = excluded.certificate_id, issuer = excluded.issuer, \
             issuer_node = excluded.issuer_node, status = excluded.status, result = NULL, \
             reason = NULL, document = NULL, chosen_by = excluded.chosen_by, \
             chosen_at = excluded.chosen_at, checked_at = NULL",
    )
    .bind(loan.id.as_str())
    .bind(loan.case_id.as_str())
    .bind(loan.material_name.as_str())
    .bind(loan.certificate_id.as_str())
    .bind(loan.issuer.as_str())
    .bind(loan.issuer_node.as_str())
    .bind(loan.status.as_str())
    .bind(loan.chosen_by.as_str())
    .bind(to_millis(loan.chosen_at))
    .execute(executor)
    .await
    .with_context(|| format!("store certificate loan {}", loan.id))?;
    Ok(())
}

/// Returns the loans of case `case_id`, by material name.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn list_case_loans<'e, E>(
    executor: E,
    case_id: &str,
) -> Result<Vec<CertificateLoan>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!(
        "SELECT {COLUMNS} FROM certificate_loans WHERE case_id = $1 ORDER BY material_name"
    );
    let rows: Vec<LoanRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(case_id)
        .fetch_all(executor)
        .await
        .with_context(|| format!("list the certificate loans of case {case_id}"))?;
    rows.into_iter().map(LoanRow::into_loan).collect()
}

/// Returns loan `id`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn find_loan<'e, E>(executor: E, id: &str) -> Result<Option<CertificateLoan>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM certificate_loans WHERE id = $1");
    let row: Option<LoanRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(executor)
        .await
        .with_context(|| format!("read certificate loan {id}"))?;
    row.map(LoanRow::into_loan).transpose()
}

/// Marks loan `id` as requested from the issuing node.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn mark_requested<'e, E>(executor: E, id: &str) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query("UPDATE certificate_loans SET status = 'requested' WHERE id = $1")
        .bind(id)
        .execute(executor)
        .await
        .with_context(|| format!("mark certificate loan {id} requested"))?;
    Ok(())
}

/// The outcome of checking a lent certificate.
#[derive(Debug, Clone, Copy)]
pub struct LoanCheck<'a> {
    /// `satisfied` or `not_satisfied`.
    pub status: &'a str,
    /// The check's code.
    pub result: &'a str,
    /// The reason the material is not satisfied.
    pub reason: Option<&'a str>,
    /// The document as received, if any.
    pub document: Option<&'a str>,
    /// When it was checked.
    pub checked_at: DateTime<Utc>,
}

/// Records the outcome of the check of loan `id`, unless it was checked before. Returns
/// whether it was recorded.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn record_check<'e, E>(
    executor: E,
    id: &str,
    check: &LoanCheck<'_>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE certificate_loans SET status = $2, result = $3, reason = $4, document = $5, \
             checked_at = $6 \
         WHERE id = $1 AND status = 'requested'",
    )
    .bind(id)
    .bind(check.status)
    .bind(check.result)
    .bind(check.reason)
    .bind(check.document)
    .bind(to_millis(check.checked_at))
    .execute(executor)
    .await
    .with_context(|| format!("record the check of certificate loan {id}"))?;
    Ok(result.rows_affected() == 1)
}
