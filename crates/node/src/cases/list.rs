//! `GET /cases`: "my cases", newest first.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use tongban_domain::case::CaseStatus;
use tongban_services::cases;
use tongban_web::{Chrome, PageError, RequestLang};

use super::views::{DeadlinesView, ServiceNames, case_deadlines, format_date, status_label};
use super::{PersonPage, case_path, login_redirect};
use crate::NodeState;

/// Cases listed; older ones are not shown.
const LIST_LIMIT: u32 = 200;

#[derive(Template)]
#[template(path = "case_list.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<CaseRow>,
}

/// A case in the list.
struct CaseRow {
    href: String,
    number: Option<String>,
    service: String,
    status: String,
    received: String,
    deadlines: DeadlinesView,
}

/// `GET /cases`: the cases of the person, acting as they do now, with their state and due
/// dates; drafts link to their form.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(person) = PersonPage::load(&state, lang, "case-list-title", &uri, &headers).await?
    else {
        return Ok(login_redirect(&uri, None));
    };
    let context = state.cases.context().await.map_err(|e| person.error(e))?;
    let found = cases::list_applicant_cases(&state.store, &person.applicant, LIST_LIMIT)
        .await
        .map_err(|error| person.error(error))?;

    let mut names = ServiceNames::default();
    let mut rows = Vec::new();
    for case in found {
        let service = names
            .name(&state.store, &case.implementation_id)
            .await
            .map_err(|error| person.error(error))?;
        let href = if case.status == CaseStatus::Draft {
            crate::services::apply_path(&case.implementation_id)
        } else {
            case_path(&case.id)
        };
        let deadlines = case_deadlines(&case, &context.calendar, context.today());
        rows.push(CaseRow {
            href,
            number: case.case_number.clone(),
            service,
            status: status_label(case.status, lang),
            received: format_date(case.received_on),
            deadlines: DeadlinesView::new(&case, &deadlines, lang),
        });
    }
    Ok(tongban_web::html(&ListPage {
        chrome: person.chrome,
        rows,
    }))
}
