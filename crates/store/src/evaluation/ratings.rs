//! Ratings of cases.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, FromRow};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// One rating (GB/T 39046 table 9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingRecord {
    /// Random id.
    pub id: String,
    /// Node id of the handling node.
    pub reporter: String,
    /// 办件编号.
    pub case_number: String,
    /// 评价渠道, as `Channel::as_str` writes it.
    pub channel: String,
    /// Id of the portal the rating was given at.
    pub portal: String,
    /// Whether this rates a rectification's handling rather than the case.
    pub follow_up: bool,
    /// 满意度代码, 1 to 5.
    pub satisfaction: u8,
    /// Sub-ratings as a JSON object of satisfaction codes.
    pub sub_ratings: String,
    /// 文字评价.
    pub comment: Option<String>,
    /// The rater's subject at the hub.
    pub rater_subject: String,
    /// The rater's name.
    pub rater_name: String,
    /// When the rating was given.
    pub rated_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct RatingRow {
    id: String,
    reporter: String,
    case_number: String,
    channel: String,
    portal: String,
    follow_up: i64,
    satisfaction: i64,
    sub_ratings: String,
    comment: Option<String>,
    rater_subject: String,
    rater_name: String,
    rated_at: i64,
}

const COLUMNS: &str = "id, reporter, case_number, channel, portal, follow_up, satisfaction, \
    sub_ratings, comment, rater_subject, rater_name, rated_at";

impl RatingRow {
    fn into_record(self) -> Result<RatingRecord, StoreError> {
        let satisfaction = u8::try_from(self.satisfaction).map_err(|error| {
            StoreError::invalid_stored_value("ratings.satisfaction", self.satisfaction, error)
        })?;
        Ok(RatingRecord {
            rated_at: from_millis("ratings.rated_at", self.rated_at)?,
            id: self.id,
            reporter: self.reporter,
            case_number: self.case_number,
            channel: self.channel,
            portal: self.portal,
            follow_up: self.follow_up != 0,
            satisfaction,
            sub_ratings: self.sub_ratings,
            comment: self.comment,
            rater_subject: self.rater_subject,
            rater_name: self.rater_name,
        })
    }
}

/// Inserts `rating` unless the case already has a rating of the same channel and kind, or a
/// rating with the same id. Returns whether it was inserted.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn insert_rating<'e, E>(executor: E, rating: &RatingRecord) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO ratings ({COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING"
    )))
    .bind(rating.id.as_str())
    .bind(rating.reporter.as_str())
    .bind(rating.case_number.as_str())
    .bind(rating.channel.as_str())
    .bind(rating.portal.as_str())
    .bind(i64::from(rating.follow_up))
    .bind(i64::from(rating.satisfaction))
    .bind(rating.sub_ratings.as_str())
    .bind(rating.comment.as_deref())
    .bind(rating.rater_subject.as_str())
    .bind(rating.rater_name.as_str())
    .bind(to_millis(rating.rated_at))
    .execute(executor)
    .await
    .with_context(|| format!("record a rating of case {}", rating.case_number))?;
    Ok(result.rows_affected() == 1)
}

/// Returns the rating of case `case_number` of node `reporter` in `channel`, of the kind
/// `follow_up` says.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a
/// malformed stored value.
pub async fn find_rating<'e, E>(
    executor: E,
    reporter: &str,
    case_number: &str,
    channel: &str,
    follow_up: bool,
) -> Result<Option<RatingRecord>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row: Option<RatingRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM ratings \
         WHERE reporter = $1 AND case_number = $2 AND channel = $3 AND follow_up = $4"
    )))
    .bind(reporter)
    .bind(case_number)
    .bind(channel)
    .bind(i64::from(follow_up))
    .fetch_optional(executor)
    .await
    .context("read a rating")?;
    row.map(RatingRow::into_record).transpose()
}

/// Returns the ratings of case `case_number` of node `reporter`, the earliest first.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a
/// malformed stored value.
pub async fn list_case_ratings<'e, E>(
    executor: E,
    reporter: &str,
    case_number: &str,
) -> Result<Vec<RatingRecord>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows: Vec<RatingRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM ratings WHERE reporter = $1 AND case_number = $2 \
         ORDER BY rated_at, id"
    )))
    .bind(reporter)
    .bind(case_number)
    .fetch_all(executor)
    .await
    .context("list the ratings of a case")?;
    rows.into_iter().map(RatingRow::into_record).collect()
}

/// Returns every rating, ordered by reporter, case number and time.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a
/// malformed stored value.
pub async fn list_ratings<'e, E>(executor: E) -> Result<Vec<RatingRecord>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    // TODO: statistics read every rating and filter in memory; page by date once counts grow.
    let rows: Vec<RatingRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM ratings ORDER BY reporter, case_number, rated_at, id"
    )))
    .fetch_all(executor)
    .await
    .context("list ratings")?;
    rows.into_iter().map(RatingRow::into_record).collect()
}
