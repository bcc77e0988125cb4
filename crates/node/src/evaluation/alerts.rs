//! `GET /staff/alerts`: the clerk's cases that turned yellow or red and the rectifications
//! near or past their deadline.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use tongban_i18n::Message;
use tongban_services::evaluation::{self, AlertKind};
use tongban_web::{Chrome, PageError, RequestLang};

use super::RECTIFICATIONS_PATH;
use crate::NodeState;
use crate::staff::cases::{ClerkPage, staff_login};

#[derive(Template)]
#[template(path = "staff_alerts.html")]
struct AlertsPage {
    chrome: Chrome,
    rows: Vec<AlertRow>,
}

/// An alert.
struct AlertRow {
    text: String,
    href: String,
    case_number: String,
    due: String,
    class: &'static str,
}

/// `GET /staff/alerts`: every alert of the clerk, the overdue ones first.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(clerk) = ClerkPage::load(&state, lang, "alerts-title", &uri, &headers).await? else {
        return Ok(staff_login());
    };
    let context = state.cases.context().await.map_err(|e| clerk.error(e))?;
    let alerts = evaluation::list_alerts(&context, &clerk.clerk)
        .await
        .map_err(|error| clerk.error(error))?;
    let rows = alerts
        .into_iter()
        .map(|alert| {
            let href = match alert.kind {
                AlertKind::CaseYellow | AlertKind::CaseRed => format!(
                    "/staff/cases/{}",
                    tongban_web::catalog::encode_path_segment(&alert.target_id)
                ),
                AlertKind::RectificationNear | AlertKind::RectificationOverdue => format!(
                    "{RECTIFICATIONS_PATH}/{}",
                    tongban_web::catalog::encode_path_segment(&alert.target_id)
                ),
            };
            AlertRow {
                text: Message::new(alert.kind.label_key()).render(lang),
                href,
                case_number: alert.case_number,
                due: alert.due.map(|due| due.to_string()).unwrap_or_default(),
                class: if alert.kind.is_overdue() {
                    "flag-red"
                } else {
                    "flag-yellow"
                },
            }
        })
        .collect();
    Ok(tongban_web::html(&AlertsPage {
        chrome: clerk.chrome,
        rows,
    }))
}
