//! `GET /cases/{case_id}`: one case of the applicant, with its state, time limits, materials
//! and history, and the forms for the steps the applicant may take in its state.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use tongban_domain::case::{Action, ActorRole, CaseStatus, transition};
use tongban_i18n::Message;
use tongban_services::cases::{self, CaseRecord, SuspensionKind, Viewer};
use tongban_store::catalog;
use tongban_web::{Chrome, PageError, RequestLang};

use super::form_views::{
    ACCEPTED_FILES, ErrorItem, InputView, MaterialSlot, PageErrors, input_views, material_slots,
};
use super::views::{
    DeadlinesView, FactRow, HistoryRow, MaterialRow, PlaceNames, ServiceNames, SuspensionRow,
    ValueRow, case_deadlines, case_facts, history_rows, material_rows, suspension_rows, value_rows,
};
use super::{PersonPage, case_path, login_redirect};
use crate::NodeState;
use crate::services::apply_path;

#[derive(Template)]
#[template(path = "case_detail.html")]
pub(super) struct DetailPage {
    chrome: Chrome,
    csrf: String,
    notice: Option<String>,
    summary: Vec<ErrorItem>,
    facts: Vec<FactRow>,
    continue_href: Option<String>,
    rating_href: Option<String>,
    deadlines: DeadlinesView,
    values: Vec<ValueRow>,
    materials: Vec<MaterialRow>,
    suspensions: Vec<SuspensionRow>,
    history: Vec<HistoryRow>,
    correction: Option<CorrectionForm>,
    withdraw: Option<WithdrawForm>,
}

/// The form that answers a correction request.
struct CorrectionForm {
    action: String,
    reason: String,
    items: Vec<String>,
    inputs: Vec<InputView>,
    slots: Vec<MaterialSlot>,
    accepted: &'static str,
}

/// The form that withdraws the case.
struct WithdrawForm {
    action: String,
    label: String,
    hint: Option<String>,
    reason: String,
    error: Option<String>,
}

/// A post shown again: the values typed and the errors found.
#[derive(Debug, Default)]
pub(super) struct Reshown {
    /// Form values posted with a correction answer.
    pub values: Option<BTreeMap<String, String>>,
    /// The reason typed for withdrawing.
    pub withdraw_reason: String,
    /// The errors, linked to their inputs.
    pub errors: PageErrors,
}

/// Query after a step.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct DetailQuery {
    submitted: Option<String>,
    done: Option<String>,
}

/// `GET /cases/{case_id}`: the case page; 404 for a case that is not the person's.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(case_id): Path<String>,
    Query(query): Query<DetailQuery>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(person) = PersonPage::load(&state, lang, "case-detail-title", &uri, &headers).await?
    else {
        return Ok(login_redirect(&uri, None));
    };
    let case = cases::find_applicant_case(&state.store, &person.applicant, &case_id)
        .await
        .map_err(|error| person.error(error))?;
    let notice = if query.submitted.is_some() {
        case.case_number.as_ref().map(|number| {
            Message::new("case-detail-submitted")
                .arg("number", number.as_str())
                .render(lang)
        })
    } else {
        query
            .done
            .map(|_| Message::new("case-detail-step-done").render(lang))
    };
    let page = detail_page(&state, person, &case, Reshown::default(), notice).await?;
    Ok(tongban_web::html(&page))
}

/// Builds the page of `case` for `person`, showing again what a post sent.
pub(super) async fn detail_page(
    state: &NodeState,
    mut person: PersonPage,
    case: &CaseRecord,
    reshown: Reshown,
    notice: Option<String>,
) -> Result<DetailPage, PageError> {
    let lang = person.chrome.lang;
    let store = &state.store;
    let viewer = Viewer::Applicant(&person.applicant);
    let fail = |error: tongban_services::cases::CaseError| person.error(error);
    let history = cases::case_history(store, viewer, &case.id)
        .await
        .map_err(fail)?;
    let materials = cases::case_materials(store, viewer, &case.id)
        .await
        .map_err(fail)?;
    let suspensions = cases::case_suspensions(store, viewer, &case.id)
        .await
        .map_err(fail)?;
    let context = state.cases.context().await.map_err(|e| person.error(e))?;
    let mut names = ServiceNames::default();
    let service = names
        .get(store, &case.implementation_id)
        .await
        .map_err(|error| person.error(error))?
        .cloned();
    let implementation = service.as_ref().map(|(implementation, _)| implementation);
    let form = implementation.map_or(&[][..], |implementation| &implementation.form[..]);
    let href_prefix = format!("{}/materials/", case_path(&case.id));

    let correction = match (case.status, &service) {
        (CaseStatus::CorrectionRequested, Some((implementation, _))) => {
            let request = suspensions
                .iter()
                .rev()
                .find(|suspension| suspension.opened.kind == SuspensionKind::Correction);
            let guide_materials = catalog::list_service_item_materials(
                store.pool(),
                &implementation.source,
                &implementation.record_id,
            )
            .await
            .map_err(|error| person.error(error))?;
            let values = reshown.values.as_ref().unwrap_or(&case.form_data);
            Some(CorrectionForm {
                action: format!("{}/correction", case_path(&case.id)),
                reason: request.map(|r| r.opened.reason.clone()).unwrap_or_default(),
                items: request.map(|r| r.opened.items.clone()).unwrap_or_default(),
                inputs: input_views(&implementation.form, values, &reshown.errors, lang),
                slots: material_slots(
                    &guide_materials,
                    &[],
                    &href_prefix,
                    implementation.max_material_bytes,
                    &reshown.errors,
                    lang,
                ),
                accepted: ACCEPTED_FILES,
            })
        }
        _ => None,
    };
    let withdraw = transition(case.status, Action::Withdraw, ActorRole::Applicant)
        .is_ok()
        .then(|| WithdrawForm {
            action: format!("{}/withdraw", case_path(&case.id)),
            label: Message::new("case-page-reason").render(lang),
            hint: Some(Message::new("case-detail-withdraw-hint").render(lang)),
            reason: reshown.withdraw_reason.clone(),
            error: reshown.errors.get("withdraw-reason").map(str::to_owned),
        });

    let service_name = service
        .as_ref()
        .map_or_else(|| case.implementation_id.clone(), |(_, name)| name.clone());
    person.chrome.title = match &case.case_number {
        Some(number) => Message::new("case-detail-heading")
            .arg("number", number.as_str())
            .render(lang),
        None if case.status == CaseStatus::Draft => {
            Message::new("case-detail-heading-draft").render(lang)
        }
        // Forwarded to its handling place, which gives the number.
        None => Message::new("case-detail-heading-pending").render(lang),
    };
    let deadlines = case_deadlines(case, &context.calendar, context.today());
    Ok(DetailPage {
        csrf: person.session.csrf_token().to_owned(),
        notice,
        summary: reshown.errors.items(),
        facts: case_facts(
            case,
            &service_name,
            false,
            (
                &state.settings.id,
                &PlaceNames::load(&state.store, lang).await,
            ),
            lang,
        ),
        continue_href: (case.status == CaseStatus::Draft)
            .then(|| apply_path(&case.implementation_id)),
        rating_href: (case.status == CaseStatus::Closed)
            .then(|| crate::evaluation::rating_path(&case.id)),
        deadlines: DeadlinesView::new(case, &deadlines, lang),
        values: value_rows(case, implementation, lang),
        materials: material_rows(&materials, &href_prefix),
        suspensions: suspension_rows(&suspensions, lang),
        history: history_rows(&history, form, lang),
        correction,
        withdraw,
        chrome: person.chrome,
    })
}
