//! What applicants and clerks may read of cases.

use chrono::NaiveDate;
use tongban_domain::calendar::WorkCalendar;
use tongban_domain::case::{CaseStatus, DeadlineFlag};
use tongban_store::Store;
use tongban_store::cases::{
    self as stored, CaseEvent, CaseMaterial, CaseOrder, CaseQuery, CaseRecord, SuspensionRecord,
};

use super::clock::{Deadlines, deadlines};
use super::forward::forwarded_out;
use super::steps::load_visible;
use super::{Applicant, CaseError, Clerk, Viewer};

/// Returns up to `limit` cases of `applicant`, drafts included, newest first: those applied
/// for on behalf of the legal person they act for now, or their own ones when they act for
/// nobody, with those a window took in for their resident ID number.
///
/// # Errors
/// [`CaseError::Store`] when the database fails.
pub async fn list_applicant_cases(
    store: &Store,
    applicant: &Applicant,
    limit: u32,
) -> Result<Vec<CaseRecord>, CaseError> {
    let acting_for = applicant
        .acting_for
        .as_ref()
        .map(|legal_person| legal_person.credit_code.as_str());
    let window = super::window_subject(&applicant.id_number);
    let mut found = Vec::new();
    for subject in [applicant.subject.as_str(), window.as_str()] {
        let query = CaseQuery {
            applicant_subject: Some(subject),
            acting_for: Some(acting_for),
            include_drafts: true,
            order: CaseOrder::NewestFirst,
            limit,
            ..CaseQuery::default()
        };
        found.extend(stored::list_cases(store.pool(), &query).await?);
    }
    found.sort_by_key(|case| std::cmp::Reverse(case.created_at));
    found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(found)
}

/// Returns case `case_id` if it is `applicant`'s, as [`list_applicant_cases`] decides.
///
/// # Errors
/// [`CaseError::NotFound`] for any other case, whether it exists or not;
/// [`CaseError::Store`] when the database fails.
pub async fn find_applicant_case(
    store: &Store,
    applicant: &Applicant,
    case_id: &str,
) -> Result<CaseRecord, CaseError> {
    load_visible(store, Viewer::Applicant(applicant), case_id).await
}

/// Returns the case numbered `case_number` if it is `applicant`'s, as
/// [`find_applicant_case`] decides.
///
/// # Errors
/// As [`find_applicant_case`].
pub async fn find_applicant_case_by_number(
    store: &Store,
    applicant: &Applicant,
    case_number: &str,
) -> Result<CaseRecord, CaseError> {
    let id = stored::find_case_id_by_number(store.pool(), case_number)
        .await?
        .ok_or(CaseError::NotFound)?;
    load_visible(store, Viewer::Applicant(applicant), &id).await
}

/// Returns case `case_id` if `clerk` may see it: submitted, and of the clerk's department
/// unless the clerk works for the whole node.
///
/// # Errors
/// [`CaseError::NotFound`] for any other case, whether it exists or not;
/// [`CaseError::Store`] when the database fails.
pub async fn find_clerk_case(
    store: &Store,
    clerk: &Clerk,
    case_id: &str,
) -> Result<CaseRecord, CaseError> {
    load_visible(store, Viewer::Clerk(clerk), case_id).await
}

/// Which cases a clerk's queue shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClerkQueue {
    /// Only cases in these states; empty for every state but draft.
    pub statuses: Vec<CaseStatus>,
    /// Only cases with this deadline flag.
    pub flag: Option<DeadlineFlag>,
    /// At most this many.
    pub limit: u32,
}

/// A case in a queue with its deadlines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueEntry {
    /// The case.
    pub case: CaseRecord,
    /// Its time limits on the day asked about.
    pub deadlines: Deadlines,
}

/// Largest number of cases a flag filter looks through. The flag depends on working days, so
/// it is computed here rather than in SQL.
const FLAG_SCAN_LIMIT: u32 = 10_000;

/// Returns the cases of `clerk`'s queue on `today`, nearest due date first, then oldest
/// submission first: submitted cases of the clerk's department (or of the whole node for a
/// clerk without one) that `queue` selects.
///
/// # Errors
/// [`CaseError::Calendar`] when counting working days reaches a year without a schedule,
/// [`CaseError::Store`] when the database fails.
pub async fn list_clerk_queue(
    store: &Store,
    calendar: &WorkCalendar,
    clerk: &Clerk,
    queue: &ClerkQueue,
    today: NaiveDate,
) -> Result<Vec<QueueEntry>, CaseError> {
    let query = CaseQuery {
        department: clerk.department.as_deref(),
        statuses: &queue.statuses,
        include_drafts: false,
        order: CaseOrder::NearestDueFirst,
        limit: if queue.flag.is_some() {
            FLAG_SCAN_LIMIT
        } else {
            queue.limit
        },
        ..CaseQuery::default()
    };
    let mut entries = Vec::new();
    for case in stored::list_cases(store.pool(), &query).await? {
        if forwarded_out(&case) {
            continue;
        }
        let deadlines = deadlines(&case, calendar, today)?;
        if queue.flag.is_none_or(|flag| flag == deadlines.flag) {
            entries.push(QueueEntry { case, deadlines });
        }
        if entries.len() >= usize::try_from(queue.limit).unwrap_or(usize::MAX) {
            break;
        }
    }
    Ok(entries)
}

/// Returns the cases of `query` that this node took in and forwarded to another node.
///
/// # Errors
/// [`CaseError::Store`] when the database fails.
pub async fn list_forwarded(
    store: &Store,
    query: &CaseQuery<'_>,
) -> Result<Vec<CaseRecord>, CaseError> {
    let mut found = stored::list_cases(store.pool(), query).await?;
    found.retain(forwarded_out);
    Ok(found)
}

/// Returns the history of case `case_id`, oldest event first, if `viewer` may see the case.
///
/// # Errors
/// [`CaseError::NotFound`] when the case is not visible to `viewer`; [`CaseError::Store`]
/// when the database fails.
pub async fn case_history(
    store: &Store,
    viewer: Viewer<'_>,
    case_id: &str,
) -> Result<Vec<CaseEvent>, CaseError> {
    load_visible(store, viewer, case_id).await?;
    Ok(stored::list_case_events(store.pool(), case_id).await?)
}

/// Returns the materials of case `case_id` in upload order, if `viewer` may see the case.
///
/// # Errors
/// As [`case_history`].
pub async fn case_materials(
    store: &Store,
    viewer: Viewer<'_>,
    case_id: &str,
) -> Result<Vec<CaseMaterial>, CaseError> {
    load_visible(store, viewer, case_id).await?;
    Ok(stored::list_materials(store.pool(), case_id).await?)
}

/// Returns the correction requests and special procedures of case `case_id`, oldest first,
/// if `viewer` may see the case. The open correction request lists what to supply.
///
/// # Errors
/// As [`case_history`].
pub async fn case_suspensions(
    store: &Store,
    viewer: Viewer<'_>,
    case_id: &str,
) -> Result<Vec<SuspensionRecord>, CaseError> {
    load_visible(store, viewer, case_id).await?;
    Ok(stored::list_suspensions(store.pool(), case_id).await?)
}
