//! `GET /staff/rectifications`, `GET` and `POST /staff/rectifications/{id}`: the
//! rectifications of the clerk's department, one with its history, and its next step.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use tongban_domain::evaluation::{
    RectificationFlag, RectificationStatus, RectificationStep, rectification_transition,
};
use tongban_i18n::{Lang, Message};
use tongban_services::evaluation::{self, StepInput};
use tongban_web::{Chrome, PageError, RequestLang, WebError};

use super::RECTIFICATIONS_PATH;
use crate::NodeState;
use crate::cases::see_other;
use crate::staff::cases::{ClerkPage, staff_login};

#[derive(Template)]
#[template(path = "staff_rectifications.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<ListRow>,
}

/// A rectification in the list.
struct ListRow {
    href: String,
    case_number: String,
    department: String,
    status: String,
    due: String,
    flag: String,
    flag_class: &'static str,
}

#[derive(Template)]
#[template(path = "staff_rectification.html")]
struct DetailPage {
    chrome: Chrome,
    csrf: String,
    notice: Option<String>,
    case_number: String,
    department: String,
    status: String,
    opened: String,
    due: String,
    working_days: u32,
    flag: String,
    flag_class: &'static str,
    version: i64,
    steps: Vec<StepChoice>,
    history: Vec<HistoryRow>,
}

/// A step the clerk may take now.
struct StepChoice {
    value: &'static str,
    label: String,
}

/// A recorded step.
struct HistoryRow {
    at: String,
    actor: String,
    step: String,
    status: String,
    reason: String,
}

fn status_label(status: &str, lang: Lang) -> String {
    RectificationStatus::parse(status).map_or_else(
        || status.to_owned(),
        |status| Message::new(status.label_key()).render(lang),
    )
}

fn flag_class(flag: RectificationFlag) -> &'static str {
    match flag {
        RectificationFlag::OnTrack => "flag-green",
        RectificationFlag::NearDeadline => "flag-yellow",
        RectificationFlag::Overdue => "flag-red",
    }
}

fn detail_path(id: &str) -> String {
    format!(
        "{RECTIFICATIONS_PATH}/{}",
        tongban_web::catalog::encode_path_segment(id)
    )
}

/// `GET /staff/rectifications`: the clerk's rectifications, the earliest due first, each with
/// its flag today.
pub(super) async fn list(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(clerk) =
        ClerkPage::load(&state, lang, "rectification-list-title", &uri, &headers).await?
    else {
        return Ok(staff_login());
    };
    let context = state.cases.context().await.map_err(|e| clerk.error(e))?;
    let listed = evaluation::list_open_rectifications(
        &state.store,
        &state.settings.id,
        &clerk.clerk,
        context.today(),
        &context.calendar,
    )
    .await
    .map_err(|error| clerk.error(error))?;
    let rows = listed
        .into_iter()
        .map(|(record, flag)| ListRow {
            href: detail_path(&record.id),
            case_number: record.case_number,
            department: record.department,
            status: status_label(&record.status, lang),
            due: record.due_on.to_string(),
            flag: Message::new(flag.label_key()).render(lang),
            flag_class: flag_class(flag),
        })
        .collect();
    Ok(tongban_web::html(&ListPage {
        chrome: clerk.chrome,
        rows,
    }))
}

/// `GET /staff/rectifications/{id}`: one rectification with its history and the form of the
/// steps its state allows; 404 for one of another department.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(clerk) =
        ClerkPage::load(&state, lang, "rectification-detail-title", &uri, &headers).await?
    else {
        return Ok(staff_login());
    };
    let notice = uri
        .query()
        .filter(|query| query.contains("done=1"))
        .map(|_| Message::new("rectification-step-done").render(lang));
    let page = detail_page(&state, clerk, &id, notice).await?;
    Ok(tongban_web::html(&page))
}

async fn detail_page(
    state: &NodeState,
    clerk: ClerkPage,
    id: &str,
    notice: Option<String>,
) -> Result<DetailPage, PageError> {
    let lang = clerk.chrome.lang;
    let context = state.cases.context().await.map_err(|e| clerk.error(e))?;
    let view = evaluation::rectification_view(&context, &clerk.clerk, id)
        .await
        .map_err(|error| clerk.error(error))?;
    let record = &view.record;
    let status = RectificationStatus::parse(&record.status).unwrap_or(RectificationStatus::Open);
    let before_appeal = RectificationStatus::parse(&record.status_before_appeal).unwrap_or(status);
    let may_review = clerk.clerk.has_role(evaluation::REVIEW_ROLE);
    let steps = RectificationStep::ALL
        .into_iter()
        .filter(|step| rectification_transition(status, *step, before_appeal).is_some())
        .filter(|step| !step.is_review() || may_review)
        .map(|step| StepChoice {
            value: step.as_str(),
            label: Message::new(step.label_key()).render(lang),
        })
        .collect();
    let history = view
        .events
        .iter()
        .map(|event| HistoryRow {
            at: tongban_web::case_index::format_time(&event.at.to_rfc3339()),
            actor: event.actor.clone(),
            step: RectificationStep::parse(&event.step).map_or_else(
                || Message::new("rectification-step-open").render(lang),
                |step| Message::new(step.label_key()).render(lang),
            ),
            status: status_label(&event.to_status, lang),
            reason: event.reason.clone(),
        })
        .collect();
    let mut chrome = clerk.chrome.clone();
    chrome.title = Message::new("rectification-detail-heading")
        .arg("number", record.case_number.as_str())
        .render(lang);
    Ok(DetailPage {
        csrf: clerk.session.csrf_token().to_owned(),
        notice,
        case_number: record.case_number.clone(),
        department: record.department.clone(),
        status: status_label(&record.status, lang),
        opened: record.opened_on.to_string(),
        due: record.due_on.to_string(),
        working_days: record.working_days,
        flag: Message::new(view.flag.label_key()).render(lang),
        flag_class: flag_class(view.flag),
        version: record.version,
        steps,
        history,
        chrome,
    })
}

/// The step form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct StepPost {
    csrf: String,
    step: String,
    reason: String,
    version: i64,
}

/// `POST /staff/rectifications/{id}`: takes the step with its reason and returns to the page
/// (303). A blank reason is 422, a missing role 403, a step the state does not allow or a
/// rectification changed meanwhile 409.
pub(super) async fn step(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    Form(form): Form<StepPost>,
) -> Result<Response, PageError> {
    let Some(clerk) =
        ClerkPage::load(&state, lang, "rectification-detail-title", &uri, &headers).await?
    else {
        return Ok(staff_login());
    };
    if !clerk.session.csrf_matches(&form.csrf) {
        return Err(clerk.csrf_error());
    }
    let Some(step) = RectificationStep::parse(&form.step) else {
        return Err(clerk.error(WebError::BadRequest(
            Message::new("rectification-step-unknown").arg("step", form.step.as_str()),
        )));
    };
    let context = state.cases.context().await.map_err(|e| clerk.error(e))?;
    let input = StepInput {
        step,
        reason: form.reason,
        expected_version: form.version,
    };
    evaluation::take_step(&context, &clerk.clerk, &id, &input)
        .await
        .map_err(|error| clerk.error(error))?;
    Ok(see_other(&format!("{}?done=1", detail_path(&id))))
}
