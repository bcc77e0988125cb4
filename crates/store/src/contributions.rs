//! Contributions of joint handling: the steps a handling place requests of other nodes.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, FromRow};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// A contribution asked for, and made once `opinion` is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    /// Random id, given by the requester.
    pub id: String,
    /// Node id of the requesting node.
    pub requester: String,
    /// Node id of the node that contributes.
    pub contributor: String,
    /// The case at the requester; `None` at the contributor.
    pub case_id: Option<String>,
    /// 办件编号.
    pub case_number: String,
    /// 事项名称.
    pub item_name: String,
    /// The applicant's name.
    pub applicant_name: String,
    /// The request text.
    pub request: String,
    /// The clerk who asked.
    pub requested_by: String,
    /// When it was asked.
    pub requested_at: DateTime<Utc>,
    /// The contribution, once made.
    pub opinion: Option<String>,
    /// The clerk who made it.
    pub answered_by: Option<String>,
    /// When it was made.
    pub answered_at: Option<DateTime<Utc>>,
}

#[derive(FromRow)]
struct ContributionRow {
    id: String,
    requester: String,
    contributor: String,
    case_id: Option<String>,
    case_number: String,
    item_name: String,
    applicant_name: String,
    request: String,
    requested_by: String,
    requested_at: i64,
    opinion: Option<String>,
    answered_by: Option<String>,
    answered_at: Option<i64>,
}

impl ContributionRow {
    fn into_contribution(self) -> Result<Contribution, StoreError> {
        Ok(Contribution {
            requested_at: from_millis("case_contributions.requested_at", self.requested_at)?,
            answered_at: self
                .answered_at
                .map(|millis| from_millis("case_contributions.answered_at", millis))
                .transpose()?,
            id: self.id,
            requester: self.requester,
            contributor: self.contributor,
            case_id: self.case_id,
            case_number: self.case_number,
            item_name: self.item_name,
            applicant_name: self.applicant_name,
            request: self.request,
            requested_by: self.requested_by,
            opinion: self.opinion,
            answered_by: self.answered_by,
        })
    }
}

const COLUMNS: &str = "id, requester, contributor, case_id, case_number, item_name, \
    applicant_name, request, requested_by, requested_at, opinion, answered_by, answered_at";

/// Inserts `contribution`, unless its id is stored already. Returns whether it was stored.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn insert_contribution<'e, E>(
    executor: E,
    contribution: &Contribution,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "INSERT INTO case_contributions (id, requester, contributor, case_id, case_number, \
             item_name, applicant_name, request, requested_by, requested_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING",
    )
    .bind(contribution.id.as_str())
    .bind(contribution.requester.as_str())
    .bind(contribution.contributor.as_str())
    .bind(contribution.case_id.as_deref())
    .bind(contribution.case_number.as_str())
    .bind(contribution.item_name.as_str())
    .bind(contribution.applicant_name.as_str())
    .bind(contribution.request.as_str())
    .bind(contribution.requested_by.as_str())
    .bind(to_millis(contribution.requested_at))
    .execute(executor)
    .await
    .with_context(|| format!("store contribution {}", contribution.id))?;
    Ok(result.rows_affected() == 1)
}

/// Returns contribution `id`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn find_contribution<'e, E>(
    executor: E,
    id: &str,
) -> Result<Option<Contribution>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM case_contributions WHERE id = $1");
    let row: Option<ContributionRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(executor)
        .await
        .with_context(|| format!("look up contribution {id}"))?;
    row.map(ContributionRow::into_contribution).transpose()
}

/// Returns the contributions asked of `contributor`, newest first, at most `limit`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn list_asked_of<'e, E>(
    executor: E,
    contributor: &str,
    limit: i64,
) -> Result<Vec<Contribution>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!(
        "SELECT {COLUMNS} FROM case_contributions WHERE contributor = $1 \
         ORDER BY requested_at DESC, id {}",
        crate::limit(limit)
    );
    let rows: Vec<ContributionRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(contributor)
        .fetch_all(executor)
        .await
        .with_context(|| format!("list the contributions asked of {contributor}"))?;
    rows.into_iter()
        .map(ContributionRow::into_contribution)
        .collect()
}

/// Records the contribution `opinion` of `answered_by` on contribution `id`, if it has none
/// yet. Returns whether it was recorded.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn record_opinion<'e, E>(
    executor: E,
    id: &str,
    opinion: &str,
    answered_by: &str,
    at: DateTime<Utc>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE case_contributions SET opinion = $2, answered_by = $3, answered_at = $4 \
         WHERE id = $1 AND opinion IS NULL",
    )
    .bind(id)
    .bind(opinion)
    .bind(answered_by)
    .bind(to_millis(at))
    .execute(executor)
    .await
    .with_context(|| format!("record the opinion of contribution {id}"))?;
    Ok(result.rows_affected() == 1)
}
