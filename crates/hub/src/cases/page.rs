//! `GET /cases`: the logged-in person's cases at every node, from the national case index.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use tongban_i18n::Lang;
use tongban_web::case_index::{IndexedCaseJson, status_label};
use tongban_web::{Chrome, PageError, RequestLang};

use crate::HubState;
use crate::pages::{chrome, see_other};
use crate::session::{Visitor, service_error};

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    chrome: Chrome,
    rows: Vec<CaseRow>,
}

/// A case in the list.
struct CaseRow {
    number: String,
    href: Option<String>,
    item: String,
    status: String,
    receiving_place: String,
    handling: String,
    changed_at: String,
    /// The rating page, for a closed case.
    rating_href: Option<String>,
}

/// `GET /cases`: the list, or the login page for someone not logged in.
pub(super) async fn show(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let frame = Chrome::new(lang, state.settings.name(lang), "case-index-title", &uri);
    let visitor = Visitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    let Some(account) = &visitor.account else {
        return Ok(see_other(&crate::accounts::login_url("/cases"), []));
    };
    let frame = chrome(&state, lang, "case-index-title", &uri, &visitor);
    let cases = super::holder_cases(&state, account)
        .await
        .map_err(|error| PageError {
            chrome: frame.clone(),
            error: service_error(error),
        })?;
    let rows = cases.iter().map(|case| case_row(case, lang)).collect();
    Ok(tongban_web::html(&CasesPage {
        chrome: frame,
        rows,
    }))
}

fn case_row(case: &IndexedCaseJson, lang: Lang) -> CaseRow {
    CaseRow {
        number: case.case_number.clone(),
        href: case.url.clone(),
        item: case.item_name.clone(),
        status: status_label(&case.status, lang),
        receiving_place: case.receiving_label(lang),
        handling: case.handling_label(lang),
        changed_at: tongban_web::case_index::format_time(&case.changed_at),
        rating_href: (case.status == "closed")
            .then(|| crate::evaluation::rating_path(&case.case_number)),
    }
}
