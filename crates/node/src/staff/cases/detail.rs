//! `GET /staff/cases/{case_id}`: one case in full for a clerk, with the forms of the steps
//! the clerk may take.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use tongban_domain::case::Action;
use tongban_i18n::Message;
use tongban_services::cases::{self, CaseRecord, Viewer};
use tongban_web::{Chrome, PageError, RequestLang};

use super::action_forms::{ActionForm, action_forms, clerk_action};
use super::{ClerkPage, clerk_case_path, staff_login};
use crate::NodeState;
use crate::cases::form_views::{ErrorItem, PageErrors};
use crate::cases::views::{
    DeadlinesView, FactRow, HistoryRow, MaterialRow, PlaceNames, ServiceNames, SuspensionRow,
    ValueRow, case_deadlines, case_facts, history_rows, material_rows, suspension_rows, value_rows,
};

#[derive(Template)]
#[template(path = "staff_case.html")]
pub(super) struct ClerkCasePage {
    chrome: Chrome,
    csrf: String,
    notice: Option<String>,
    alert: Option<String>,
    summary: Vec<ErrorItem>,
    facts: Vec<FactRow>,
    deadlines: DeadlinesView,
    values: Vec<ValueRow>,
    materials: Vec<MaterialRow>,
    loans: Vec<crate::cases::LoanRow>,
    suspensions: Vec<SuspensionRow>,
    history: Vec<HistoryRow>,
    forms: Vec<ActionForm>,
    act_href: String,
    data_check_href: String,
    version: i64,
}

/// What a rejected step post shows again.
#[derive(Debug, Default)]
pub(super) struct Reshown {
    /// The step posted.
    pub action: Option<Action>,
    /// Its values.
    pub values: BTreeMap<String, String>,
    /// Errors of its fields.
    pub errors: PageErrors,
    /// Why the step was refused as a whole, such as a case that changed meanwhile.
    pub alert: Option<String>,
}

/// Query after a step.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct DetailQuery {
    done: String,
}

/// `GET /staff/cases/{case_id}[?done=<step>]`: the case; 404 for a case the clerk may not see.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(case_id): Path<String>,
    Query(query): Query<DetailQuery>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(clerk) = ClerkPage::load(&state, lang, "case-detail-title", &uri, &headers).await?
    else {
        return Ok(staff_login());
    };
    let case = cases::find_clerk_case(&state.store, &clerk.clerk, &case_id)
        .await
        .map_err(|error| clerk.error(error))?;
    let notice = clerk_action(&query.done).map(|action| {
        Message::new("case-act-done")
            .arg("action", Message::new(action.label_key()))
            .render(lang)
    });
    let page = clerk_case_page(&state, clerk, &case, Reshown::default(), notice).await?;
    Ok(tongban_web::html(&page))
}

/// Builds the workbench page of `case`, showing again what a step post sent.
pub(super) async fn clerk_case_page(
    state: &NodeState,
    mut clerk: ClerkPage,
    case: &CaseRecord,
    reshown: Reshown,
    notice: Option<String>,
) -> Result<ClerkCasePage, PageError> {
    let lang = clerk.chrome.lang;
    let store = &state.store;
    let viewer = Viewer::Clerk(&clerk.clerk);
    let history = cases::case_history(store, viewer, &case.id)
        .await
        .map_err(|error| clerk.error(error))?;
    let materials = cases::case_materials(store, viewer, &case.id)
        .await
        .map_err(|error| clerk.error(error))?;
    let suspensions = cases::case_suspensions(store, viewer, &case.id)
        .await
        .map_err(|error| clerk.error(error))?;
    let context = state.cases.context().await.map_err(|e| clerk.error(e))?;
    let loans = cases::case_loans(&context, viewer, &case.id)
        .await
        .map_err(|error| clerk.error(error))?;
    let mut names = ServiceNames::default();
    let service = names
        .get(store, &case.implementation_id)
        .await
        .map_err(|error| clerk.error(error))?
        .cloned();
    let implementation = service.as_ref().map(|(implementation, _)| implementation);
    let form = implementation.map_or(&[][..], |implementation| &implementation.form[..]);
    let service_name = service
        .as_ref()
        .map_or_else(|| case.implementation_id.clone(), |(_, name)| name.clone());

    let case_path = clerk_case_path(&case.id);
    clerk.chrome.title = Message::new("case-detail-heading")
        .arg("number", case.case_number.as_deref().unwrap_or_default())
        .render(lang);
    let deadlines = case_deadlines(case, &context.calendar, context.today());
    Ok(ClerkCasePage {
        csrf: clerk.session.csrf_token().to_owned(),
        notice,
        alert: reshown.alert,
        summary: reshown.errors.items(),
        facts: case_facts(
            case,
            &service_name,
            true,
            (
                &state.settings.id,
                &PlaceNames::load(&state.store, lang).await,
            ),
            lang,
        ),
        deadlines: DeadlinesView::new(case, &deadlines, lang),
        values: value_rows(case, implementation, lang),
        materials: material_rows(&materials, &format!("{case_path}/materials/")),
        loans: crate::cases::loan_rows(&loans, &clerk.chrome),
        suspensions: suspension_rows(&suspensions, lang),
        history: history_rows(&history, form, lang),
        forms: action_forms(
            &clerk.clerk,
            case.status,
            reshown.action,
            &reshown.values,
            &reshown.errors,
            lang,
        ),
        act_href: format!("{case_path}/act"),
        data_check_href: format!("{case_path}/data-checks"),
        version: case.version,
        chrome: clerk.chrome,
    })
}
