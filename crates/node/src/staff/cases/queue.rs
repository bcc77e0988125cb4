//! `GET /staff/cases`: the clerk's queues, filtered by state and by deadline flag, nearest due
//! date first.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use tongban_domain::case::{CaseStatus, DeadlineFlag};
use tongban_i18n::{Lang, Message};
use tongban_services::cases::{self, ClerkQueue};
use tongban_web::{Chrome, PageError, RequestLang, WebError};

use super::{ClerkPage, QUEUE_PATH, clerk_case_path, staff_login};
use crate::NodeState;
use crate::cases::views::{DeadlinesView, ServiceNames, format_date, status_label};

/// Cases a queue page lists.
const QUEUE_LIMIT: u32 = 200;

/// The states a queue tab shows, by the tab's name in the query.
pub(crate) const TABS: [(&str, &str, &[CaseStatus]); 8] = [
    (
        "open",
        "case-queue-tab-open",
        &[
            CaseStatus::Submitted,
            CaseStatus::CorrectionRequested,
            CaseStatus::Accepted,
            CaseStatus::UnderReview,
            CaseStatus::SpecialProcedure,
        ],
    ),
    (
        "submitted",
        "case-queue-tab-submitted",
        &[CaseStatus::Submitted],
    ),
    (
        "correction_requested",
        "case-queue-tab-correction-requested",
        &[CaseStatus::CorrectionRequested],
    ),
    (
        "accepted",
        "case-queue-tab-accepted",
        &[CaseStatus::Accepted],
    ),
    (
        "under_review",
        "case-queue-tab-under-review",
        &[CaseStatus::UnderReview],
    ),
    (
        "special_procedure",
        "case-queue-tab-special-procedure",
        &[CaseStatus::SpecialProcedure],
    ),
    (
        "decided",
        "case-queue-tab-decided",
        &[CaseStatus::Approved, CaseStatus::Denied],
    ),
    (
        "ended",
        "case-queue-tab-ended",
        &[
            CaseStatus::Closed,
            CaseStatus::RejectedAtIntake,
            CaseStatus::Withdrawn,
        ],
    ),
];

/// Returns the queue of tab `tab` with flag `flag` (`yellow`, `red` or empty), at most `limit`
/// cases.
///
/// # Errors
/// [`WebError::BadRequest`] naming the parameter for an unknown tab or flag.
pub(crate) fn parse_queue(tab: &str, flag: &str, limit: u32) -> Result<ClerkQueue, WebError> {
    let tab = if tab.is_empty() { "open" } else { tab };
    let statuses = TABS
        .iter()
        .find(|(name, _, _)| *name == tab)
        .map(|(_, _, statuses)| statuses.to_vec())
        .ok_or_else(|| unknown("status", tab))?;
    let flag = match flag {
        "" => None,
        "yellow" => Some(DeadlineFlag::Yellow),
        "red" => Some(DeadlineFlag::Red),
        other => return Err(unknown("flag", other)),
    };
    Ok(ClerkQueue {
        statuses,
        flag,
        limit,
    })
}

fn unknown(parameter: &str, value: &str) -> WebError {
    WebError::BadRequest(
        Message::new("case-queue-unknown-filter")
            .arg("parameter", parameter)
            .arg("value", value),
    )
}

#[derive(Template)]
#[template(path = "staff_queue.html")]
struct QueuePage {
    chrome: Chrome,
    tabs: Vec<FilterLink>,
    flags: Vec<FilterLink>,
    rows: Vec<QueueRow>,
    full: bool,
}

/// A tab or a flag filter.
struct FilterLink {
    href: String,
    label: String,
    current: bool,
}

/// A case in the queue.
struct QueueRow {
    href: String,
    number: String,
    service: String,
    applicant: String,
    status: String,
    received: String,
    deadlines: DeadlinesView,
}

/// Query of the queue page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct QueueQuery {
    status: String,
    flag: String,
}

/// `GET /staff/cases?status=&flag=`: the cases of the tab (`open` when none is given) with the
/// flag chosen, if any.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Query(query): Query<QueueQuery>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(clerk) = ClerkPage::load(&state, lang, "case-queue-title", &uri, &headers).await?
    else {
        return Ok(staff_login());
    };
    let queue =
        parse_queue(&query.status, &query.flag, QUEUE_LIMIT).map_err(|error| clerk.error(error))?;
    let context = state.cases.context().await.map_err(|e| clerk.error(e))?;
    let entries = cases::list_clerk_queue(
        &state.store,
        &context.calendar,
        &clerk.clerk,
        &queue,
        context.today(),
    )
    .await
    .map_err(|error| clerk.error(error))?;

    let mut names = ServiceNames::default();
    let mut rows = Vec::new();
    for entry in &entries {
        let case = &entry.case;
        let applicant = match &case.applicant.acting_for_name {
            Some(legal) => format!("{legal}（{}）", case.applicant.name),
            None => case.applicant.name.clone(),
        };
        rows.push(QueueRow {
            href: clerk_case_path(&case.id),
            number: case.case_number.clone().unwrap_or_default(),
            service: names
                .name(&state.store, &case.implementation_id)
                .await
                .map_err(|error| clerk.error(error))?,
            applicant,
            status: status_label(case.status, lang),
            received: format_date(case.received_on),
            deadlines: DeadlinesView::new(case, &entry.deadlines, lang),
        });
    }
    let tab = if query.status.is_empty() {
        "open"
    } else {
        query.status.as_str()
    };
    Ok(tongban_web::html(&QueuePage {
        tabs: tab_links(tab, &query.flag, lang),
        flags: flag_links(tab, &query.flag, lang),
        full: entries.len() >= QUEUE_LIMIT as usize,
        rows,
        chrome: clerk.chrome,
    }))
}

fn queue_href(tab: &str, flag: &str) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("status", tab);
    if !flag.is_empty() {
        query.append_pair("flag", flag);
    }
    format!("{QUEUE_PATH}?{}", query.finish())
}

fn tab_links(current: &str, flag: &str, lang: Lang) -> Vec<FilterLink> {
    TABS.iter()
        .map(|(name, key, _)| FilterLink {
            href: queue_href(name, flag),
            label: Message::new(key).render(lang),
            current: *name == current,
        })
        .collect()
}

fn flag_links(tab: &str, current: &str, lang: Lang) -> Vec<FilterLink> {
    [
        ("", "case-queue-flag-any"),
        ("yellow", "deadline-flag-yellow"),
        ("red", "deadline-flag-red"),
    ]
    .iter()
    .map(|(flag, key)| FilterLink {
        href: queue_href(tab, flag),
        label: Message::new(key).render(lang),
        current: *flag == current,
    })
    .collect()
}
