//! Replacing a year's holiday schedule at run time, and the calendar that results.
//!
//! The reference data holds the schedules as published. When the State Council revises an
//! arrangement, an operator loads the revision; it is stored as a numbered revision with who
//! loaded it and why, and it takes precedence over the published schedule from then on. Every
//! time limit records the calendar revision it was computed with, so it can be computed again.

use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tongban_domain::calendar::{DayKind, WorkCalendar, YearSchedule};
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::{Store, calendar as stored};

use crate::ServiceError;

#[derive(Debug, Serialize, Deserialize)]
struct StoredDay {
    date: NaiveDate,
    kind: DayKind,
}

/// Stores `schedule` as the newest revision of its year, recorded as done by `actor` for
/// `reason`, and returns the revision number.
///
/// # Errors
/// [`ServiceError`] when the database fails; nothing is stored then.
pub async fn replace_schedule(
    store: &Store,
    schedule: &YearSchedule,
    actor: &str,
    reason: &str,
) -> Result<i32, ServiceError> {
    let days: Vec<StoredDay> = schedule
        .days()
        .map(|(date, kind)| StoredDay { date, kind })
        .collect();
    let days_json = serde_json::to_string(&days).map_err(|source| ServiceError::Encode {
        what: format!("schedule of {}", schedule.year()),
        source,
    })?;
    let now = Utc::now();

    let mut transaction = store.begin().await?;
    let revision = stored::save_schedule(
        &mut transaction,
        schedule.year(),
        &days_json,
        schedule.source(),
        actor,
        reason,
        now,
    )
    .await?;
    let event = NewAuditEvent {
        occurred_at: now,
        actor: actor.to_owned(),
        action: "calendar.replace_schedule".to_owned(),
        subject: format!("calendar/{}", schedule.year()),
        reason: Some(reason.to_owned()),
        details: Some(
            json!({ "revision": revision, "days": days.len(), "source": schedule.source() }),
        ),
    };
    audit::record_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;
    Ok(revision)
}

/// Applies the newest stored revision of every replaced year to `published`, the calendar of
/// the reference data, and returns the calendar time limits are counted in.
///
/// # Errors
/// [`ServiceError`] when the database fails or a stored revision no longer forms a valid
/// schedule.
pub async fn effective_calendar(
    store: &Store,
    published: WorkCalendar,
) -> Result<WorkCalendar, ServiceError> {
    let mut calendar = published;
    for revision in stored::latest_schedules(store.pool()).await? {
        let days: Vec<StoredDay> =
            serde_json::from_str(&revision.days_json).map_err(|source| ServiceError::Encode {
                what: format!("stored schedule of {}", revision.year),
                source,
            })?;
        let source = format!(
            "revision {} of {}: {}",
            revision.revision, revision.year, revision.source
        );
        let schedule = YearSchedule::new(
            revision.year,
            days.into_iter().map(|day| (day.date, day.kind)),
            source,
        )
        .map_err(|error| ServiceError::InvalidStoredSchedule {
            year: revision.year,
            reason: error.to_string(),
        })?;
        calendar.replace_year(schedule);
    }
    Ok(calendar)
}
