//! Due dates of cases: computing them, flagging them and recomputing them when the holiday
//! calendar changes.

use chrono::NaiveDate;
use tongban_domain::calendar::{CalendarError, Suspension, TimeLimit, WorkCalendar, YearSchedule};
use tongban_domain::case::{CaseStatus, DeadlineFlag};
use tongban_store::Store;
use tongban_store::cases::{self as stored, CaseRecord, SuspensionKind, SuspensionRecord};

use super::CaseError;
use super::steps::{Actor, Change};

/// Returns the statutory and promised due dates of `case`: its limits in working days from
/// the day of acceptance, with every working day of a special procedure not counted, the
/// first and the last day of the procedure included. `None` for a limit the case does not
/// have, before acceptance, while a special procedure runs, and while the limit reaches a
/// year without a holiday schedule.
///
/// Correction requests come before acceptance and so never move these dates; they delay the
/// acceptance itself.
///
/// # Errors
/// [`CalendarError::YearNotCovered`] when a period reaches a year without a schedule.
pub(super) fn due_dates(
    case: &CaseRecord,
    suspensions: &[SuspensionRecord],
    calendar: &WorkCalendar,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), CalendarError> {
    let Some(accepted_on) = case.accepted_on else {
        return Ok((None, None));
    };
    let stops: Vec<Suspension> = suspensions
        .iter()
        .filter(|suspension| suspension.opened.kind == SuspensionKind::SpecialProcedure)
        .map(|suspension| Suspension {
            from: suspension.opened.started_on,
            until: suspension.ended_on,
        })
        .collect();
    let due = |days: Option<u32>| -> Result<Option<NaiveDate>, CalendarError> {
        let Some(working_days) = days else {
            return Ok(None);
        };
        let limit = TimeLimit {
            start: accepted_on,
            working_days,
            suspensions: stops.clone(),
        };
        // A due date in a year without a holiday schedule is not guessed: it stays pending,
        // and recomputing after the schedule is loaded fills it in.
        match limit.due_date(calendar) {
            Ok(due) => Ok(due.date),
            Err(CalendarError::YearNotCovered { year }) => {
                tracing::warn!(case = %case.id, year, "due date pending: no holiday schedule for the year");
                Ok(None)
            }
            Err(error) => Err(error),
        }
    };
    Ok((due(case.statutory_days)?, due(case.promised_days)?))
}

/// One time limit of a case and how close it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// The limit in working days.
    pub working_days: u32,
    /// The last day; `None` before acceptance and while the clock is stopped.
    pub due: Option<NaiveDate>,
    /// Green, yellow or red on the day asked about.
    pub flag: DeadlineFlag,
}

/// The time limits of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// The statutory limit (法定时限), if the item has one.
    pub statutory: Option<Deadline>,
    /// The promised limit (承诺时限), if the node promises one.
    pub promised: Option<Deadline>,
    /// The worse flag of the two.
    pub flag: DeadlineFlag,
    /// Whether a special procedure stops the clock.
    pub clock_stopped: bool,
    /// The year whose holiday schedule is missing, when the case runs but its due dates are
    /// pending because they reach that year.
    pub pending_schedule_year: Option<i32>,
}

/// Returns whether the time limits of a case in `status` still run: it was accepted and not
/// yet decided.
fn limits_run(status: CaseStatus) -> bool {
    matches!(
        status,
        CaseStatus::Accepted | CaseStatus::UnderReview | CaseStatus::SpecialProcedure
    )
}

fn severity(flag: DeadlineFlag) -> u8 {
    match flag {
        DeadlineFlag::Green => 0,
        DeadlineFlag::Yellow => 1,
        DeadlineFlag::Red => 2,
    }
}

/// Returns the deadlines of `case` on `today` from its stored due dates. A limit is red after
/// its due date, yellow when the case's `yellow_days` working days or fewer remain, and green
/// otherwise, while the clock is stopped, and once the case is decided or ended.
///
/// The stored due dates are those of the calendar at the time they were computed;
/// [`recompute_deadlines`] brings them up to date after a calendar change.
///
/// # Errors
/// [`CalendarError::YearNotCovered`] when counting the days left reaches a year without a
/// schedule.
pub fn deadlines(
    case: &CaseRecord,
    calendar: &WorkCalendar,
    today: NaiveDate,
) -> Result<Deadlines, CalendarError> {
    let running = limits_run(case.status);
    let deadline = |days: Option<u32>,
                    due: Option<NaiveDate>|
     -> Result<Option<Deadline>, CalendarError> {
        let Some(working_days) = days else {
            return Ok(None);
        };
        let flag = match due {
            Some(due) if running && today > due => DeadlineFlag::Red,
            Some(due)
                if running && calendar.working_days_between(today, due)? <= case.yellow_days =>
            {
                DeadlineFlag::Yellow
            }
            _ => DeadlineFlag::Green,
        };
        Ok(Some(Deadline {
            working_days,
            due,
            flag,
        }))
    };
    let statutory = deadline(case.statutory_days, case.statutory_due)?;
    let promised = deadline(case.promised_days, case.promised_due)?;
    let flag = [statutory, promised]
        .iter()
        .flatten()
        .map(|deadline| deadline.flag)
        .max_by_key(|flag| severity(*flag))
        .unwrap_or(DeadlineFlag::Green);
    let clock_stopped = case.status == CaseStatus::SpecialProcedure;
    let pending_schedule_year = match (case.accepted_on, statutory.or(promised)) {
        (Some(accepted_on), Some(limit)) if running && !clock_stopped && limit.due.is_none() => {
            match calendar.add_working_days(accepted_on, limit.working_days) {
                Err(CalendarError::YearNotCovered { year }) => Some(year),
                _ => None,
            }
        }
        _ => None,
    };
    Ok(Deadlines {
        statutory,
        promised,
        flag,
        clock_stopped,
        pending_schedule_year,
    })
}

/// What [`recompute_deadlines`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecomputeReport {
    /// Open cases looked at.
    pub checked: usize,
    /// Cases whose due dates or calendar revision changed, by id.
    pub updated: Vec<String>,
    /// Cases left as they were because they changed meanwhile or a due date reaches a year
    /// without a schedule, by id; the log has the reason.
    pub skipped: Vec<String>,
}

/// Recomputes the stored due dates of every accepted, undecided case on `calendar`, and
/// records each change as an event of the system.
///
/// # Errors
/// [`CaseError::Store`] when the database fails; cases updated before the failure stay
/// updated.
pub async fn recompute_deadlines(
    store: &Store,
    calendar: &WorkCalendar,
) -> Result<RecomputeReport, CaseError> {
    let mut report = RecomputeReport::default();
    for case in stored::list_open_cases(store.pool()).await? {
        report.checked += 1;
        let suspensions = stored::list_suspensions(store.pool(), &case.id).await?;
        let (statutory, promised) = match due_dates(&case, &suspensions, calendar) {
            Ok(dates) => dates,
            Err(error) => {
                tracing::warn!(case = %case.id, %error, "due dates not recomputed");
                report.skipped.push(case.id);
                continue;
            }
        };
        let revision = Some(calendar.revision());
        let unchanged = statutory == case.statutory_due
            && promised == case.promised_due
            && revision == case.due_calendar_revision;
        if unchanged {
            continue;
        }

        let now = chrono::Utc::now();
        let mut change = Change::edit(&case, "recompute_deadlines", Actor::system("calendar"), now);
        change.after.statutory_due = statutory;
        change.after.promised_due = promised;
        change.after.due_calendar_revision = revision;
        change.reason = Some(system_reason("case-reason-calendar-replaced"));
        change.details = Some(serde_json::json!({
            "reason_key": "case-reason-calendar-replaced",
            "statutory_due": { "from": case.statutory_due, "to": statutory },
            "promised_due": { "from": case.promised_due, "to": promised },
            "calendar_revision": { "from": case.due_calendar_revision, "to": revision },
        }));
        match change.commit_unqueued(store, None).await {
            Ok(_) => report.updated.push(case.id),
            Err(CaseError::Changed) => {
                tracing::warn!(case = %case.id, "due dates not recomputed: the case changed meanwhile");
                report.skipped.push(case.id);
            }
            Err(error) => return Err(error),
        }
    }
    Ok(report)
}

/// Returns the reason a system step records: the message `key` in Chinese, the working
/// language of the records. Events also keep the key, to show it in other languages.
pub(super) fn system_reason(key: &'static str) -> String {
    tongban_i18n::Message::new(key).render(tongban_i18n::Lang::ZhCn)
}

/// Replaces the holiday schedule of a year as [`crate::calendar::replace_schedule`] does, then
/// recomputes the due dates of every open case on the calendar that results from `published`
/// (the reference data's calendar) and the stored replacements. Returns the schedule's new
/// revision and what the recomputation did.
///
/// # Errors
/// [`CaseError::Service`] when the schedule cannot be stored or the stored schedules no longer
/// form a calendar, [`CaseError::Store`] when the recomputation fails.
pub async fn replace_schedule_and_recompute(
    store: &Store,
    published: WorkCalendar,
    schedule: &YearSchedule,
    actor: &str,
    reason: &str,
) -> Result<(i32, RecomputeReport), CaseError> {
    let revision = crate::calendar::replace_schedule(store, schedule, actor, reason).await?;
    let calendar = crate::calendar::effective_calendar(store, published).await?;
    let report = recompute_deadlines(store, &calendar).await?;
    tracing::info!(
        year = schedule.year(),
        revision,
        checked = report.checked,
        updated = report.updated.len(),
        skipped = report.skipped.len(),
        "holiday schedule replaced and due dates recomputed"
    );
    Ok((revision, report))
}
