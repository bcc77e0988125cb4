//! Deemed acceptance (行政许可法 art. 32): an application the authority neither accepted,
//! rejected nor asked to correct within five working days counts as accepted from the day it
//! was received.

use std::time::Duration;

use chrono::{NaiveDate, Utc};
use tokio::sync::watch;
use tongban_domain::calendar::WorkCalendar;
use tongban_domain::case::{Action, ActorRole, correction_notice_due, transition};
use tongban_store::Store;
use tongban_store::cases::{self as stored, CaseRecord};
use tongban_store::job_locks::{self, Job};

use super::CaseError;
use super::clock::{due_dates, system_reason};
use super::steps::{Actor, Change};
use crate::case_index::Reporter;

const REASON_KEY: &str = "case-reason-deemed-acceptance";

/// Accepts, as the system, every submitted case without a correction request whose
/// correction window ([`correction_notice_due`] of the day of receipt) ended before `today`.
/// The day of acceptance is the day of receipt, and the due dates count from it. Returns the
/// ids of the cases accepted.
///
/// A case a clerk changes meanwhile is left to the clerk, and one whose window or due date
/// reaches a year without a schedule is left as it is; both are logged. With a `reporter`,
/// each acceptance is reported to the hub's case index in its transaction.
///
/// # Errors
/// [`CaseError::Store`] when the database fails; cases accepted before the failure stay
/// accepted.
pub async fn accept_overdue_applications(
    store: &Store,
    calendar: &WorkCalendar,
    today: NaiveDate,
    reporter: Option<&Reporter>,
) -> Result<Vec<String>, CaseError> {
    let mut accepted = Vec::new();
    for case in stored::list_submitted_without_correction(store.pool()).await? {
        let Some(received_on) = case.received_on else {
            continue;
        };
        let window_end = match correction_notice_due(received_on, calendar) {
            Ok(day) => day,
            Err(error) => {
                tracing::warn!(case = %case.id, %error, "deemed acceptance not checked");
                continue;
            }
        };
        if today <= window_end {
            continue;
        }
        match accept_as_system(store, calendar, &case, (received_on, window_end), reporter).await {
            Ok(()) => accepted.push(case.id),
            Err(CaseError::Changed) => {
                tracing::info!(case = %case.id, "not deemed accepted: a clerk acted meanwhile");
            }
            Err(CaseError::Calendar(error)) => {
                tracing::warn!(case = %case.id, %error, "not deemed accepted");
            }
            Err(error) => return Err(error),
        }
    }
    Ok(accepted)
}

async fn accept_as_system(
    store: &Store,
    calendar: &WorkCalendar,
    case: &CaseRecord,
    (received_on, window_end): (NaiveDate, NaiveDate),
    reporter: Option<&Reporter>,
) -> Result<(), CaseError> {
    let status = transition(case.status, Action::Accept, ActorRole::System)?;
    let mut change = Change::step(
        case,
        Action::Accept,
        Actor::system("deemed-acceptance"),
        Utc::now(),
    );
    change.after.status = status;
    change.after.accepted_on = Some(received_on);
    let (statutory, promised) = due_dates(&change.after, &[], calendar)?;
    change.after.statutory_due = statutory;
    change.after.promised_due = promised;
    change.after.due_calendar_revision = Some(calendar.revision());
    change.reason = Some(system_reason(REASON_KEY));
    change.details = Some(serde_json::json!({
        "reason_key": REASON_KEY,
        "received_on": received_on,
        "correction_notice_due": window_end,
    }));
    change.commit_unqueued(store, reporter).await?;
    Ok(())
}

/// Runs [`accept_overdue_applications`] at once and then every `every` until `stopped` turns
/// true, each time on the calendar of `published` with the stored replacements applied and
/// with today's date in Asia/Shanghai, reporting with `reporter`. Failures are logged and the
/// next run tries again.
///
/// Every instance of a node runs this task. A run first takes the job lock of
/// [`Job::DeemedAcceptance`], and an instance that finds it held skips the run, so instances
/// sharing a PostgreSQL database do not sweep the same cases side by side. The version check
/// of each case keeps an acceptance single even without the lock.
pub async fn run_deemed_acceptance(
    store: Store,
    published: WorkCalendar,
    reporter: Option<Reporter>,
    every: Duration,
    mut stopped: watch::Receiver<bool>,
) {
    let mut interval = tokio::time::interval(every);
    loop {
        tokio::select! {
            _ = interval.tick() => {
                let today = tongban_domain::time::today_in_china();
                match sweep_once(&store, &published, reporter.as_ref(), today).await {
                    Ok(None) => tracing::debug!(
                        "deemed acceptance skipped: another instance is running it"),
                    Ok(Some(accepted)) if accepted.is_empty() => {}
                    Ok(Some(accepted)) => tracing::info!(count = accepted.len(),
                        cases = ?accepted, "applications deemed accepted"),
                    Err(error) => tracing::warn!(%error, "deemed acceptance failed"),
                }
            }
            // The only change ever sent is the stop signal.
            _ = stopped.changed() => return,
        }
    }
}

/// Runs one sweep under the job lock and returns the cases accepted, or `None` when another
/// instance holds the lock.
async fn sweep_once(
    store: &Store,
    published: &WorkCalendar,
    reporter: Option<&Reporter>,
    today: NaiveDate,
) -> Result<Option<Vec<String>>, CaseError> {
    let Some(lock) = job_locks::try_lock(store, Job::DeemedAcceptance).await? else {
        return Ok(None);
    };

    let swept = async {
        let calendar = crate::calendar::effective_calendar(store, published.clone()).await?;
        accept_overdue_applications(store, &calendar, today, reporter).await
    }
    .await;

    if let Err(error) = lock.release().await {
        tracing::warn!(%error, "releasing the lock of deemed acceptance failed");
    }
    swept.map(Some)
}
