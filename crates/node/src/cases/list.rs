//! `GET /cases`: "my cases", newest first.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use tongban_domain::case::CaseStatus;
use tongban_services::cases;
use tongban_web::{Chrome, PageError, RequestLang};

use super::elsewhere::{Elsewhere, ElsewhereRow, other_nodes_cases};
use super::views::{DeadlinesView, ServiceNames, case_deadlines, format_date, status_label};
use super::{PersonPage, case_path, login_redirect};
use crate::NodeState;
use crate::auth::RelyingParty;

/// Cases listed; older ones are not shown.
const LIST_LIMIT: u32 = 200;

#[derive(Template)]
#[template(path = "case_list.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<CaseRow>,
    elsewhere: Vec<ElsewhereRow>,
    elsewhere_login_needed: bool,
    elsewhere_unavailable: bool,
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
/// dates; drafts link to their form. Below them, the person's cases at other nodes from the
/// hub's case index.
pub(super) async fn show(
    State(state): State<NodeState>,
    Extension(relying_party): Extension<RelyingParty>,
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
    let (elsewhere, login_needed, unavailable) =
        match other_nodes_cases(&state, &relying_party, &person.session, lang).await {
            Elsewhere::Listed(rows) => (rows, false, false),
            Elsewhere::LoginNeeded => (Vec::new(), true, false),
            Elsewhere::Unavailable => (Vec::new(), false, true),
        };
    Ok(tongban_web::html(&ListPage {
        chrome: person.chrome,
        rows,
        elsewhere,
        elsewhere_login_needed: login_needed,
        elsewhere_unavailable: unavailable,
    }))
}
