//! `GET /staff/supervision` and `GET /staff/supervision/export`: the node's own supervision
//! statistics with charts, and their export, for supervisors and administrators.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use tongban_i18n::Message;
use tongban_services::evaluation::{self, Filter};
use tongban_web::evaluation::{ExportLink, SupervisionPage, download, export_choice, parse_period};
use tongban_web::{PageError, RequestLang, WebError};

use super::SUPERVISION_PATH;
use crate::NodeState;
use crate::staff::cases::{ClerkPage, staff_login};

/// Roles that may read the statistics and export them.
const SUPERVISION_ROLES: [&str; 2] = ["supervisor", "admin"];

/// The period filter and, for an export, what and in which format.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct SupervisionQuery {
    from: String,
    to: String,
    kind: String,
    format: String,
}

/// Loads the staff member of the request if they may read the statistics. Returns `Ok(None)`
/// when no staff member is logged in.
async fn supervisor(
    state: &NodeState,
    lang: tongban_i18n::Lang,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<Option<ClerkPage>, PageError> {
    let Some(clerk) = ClerkPage::load(state, lang, "supervision-title", uri, headers).await? else {
        return Ok(None);
    };
    if !SUPERVISION_ROLES
        .iter()
        .any(|role| clerk.clerk.has_role(role))
    {
        return Err(clerk.error(WebError::Denied(
            Message::new("evaluation-role-missing").arg("role", "supervisor"),
        )));
    }
    Ok(Some(clerk))
}

fn filter_of(query: &SupervisionQuery) -> Result<Filter, WebError> {
    let (from, to) = parse_period(Some(&query.from), Some(&query.to)).map_err(WebError::Invalid)?;
    Ok(Filter {
        from,
        to,
        reporter: None,
    })
}

/// `GET /staff/supervision`: received, closed, on-time and overdue cases, handling time,
/// ratings and rectifications of this node, by department and item, for the period asked.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Query(query): Query<SupervisionQuery>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(clerk) = supervisor(&state, lang, &uri, &headers).await? else {
        return Ok(staff_login());
    };
    let filter = filter_of(&query).map_err(|error| clerk.error(error))?;
    let context = state.cases.context().await.map_err(|e| clerk.error(e))?;
    let statistics = evaluation::statistics(&state.store, &filter, context.today())
        .await
        .map_err(|error| clerk.error(error))?;
    let period = format!(
        "from={}&to={}",
        url_encode(&query.from),
        url_encode(&query.to)
    );
    let exports = export_links(&clerk, &period);
    let node_name = state.settings.name(lang).to_owned();
    let node_id = state.settings.id.clone();
    let names = move |id: &str| {
        if id == node_id {
            node_name.clone()
        } else {
            id.to_owned()
        }
    };
    let page = SupervisionPage::new(
        clerk.chrome,
        "supervision-intro-local",
        &statistics,
        (query.from, query.to),
        exports,
        &names,
    );
    Ok(tongban_web::html(&page))
}

fn url_encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn export_links(clerk: &ClerkPage, period: &str) -> Vec<ExportLink> {
    let mut links = Vec::new();
    for kind in ["cases", "steps", "ratings"] {
        for format in ["csv", "json"] {
            links.push(ExportLink {
                href: format!("{SUPERVISION_PATH}/export?kind={kind}&format={format}&{period}"),
                label: format!(
                    "{} ({})",
                    clerk.chrome.t(&format!("supervision-export-{kind}")),
                    format.to_uppercase()
                ),
            });
        }
    }
    links
}

/// `GET /staff/supervision/export?kind=…&format=…`: the cases, steps or ratings of the period
/// under GB/T 39046 field names, as a CSV or JSON download.
pub(super) async fn export(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Query(query): Query<SupervisionQuery>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(clerk) = supervisor(&state, lang, &uri, &headers).await? else {
        return Ok(staff_login());
    };
    let filter = filter_of(&query).map_err(|error| clerk.error(error))?;
    let (kind, format) =
        export_choice(&query.kind, &query.format).map_err(|error| clerk.error(error))?;
    let rows = evaluation::export_rows(&state.store, kind, &filter)
        .await
        .map_err(|error| clerk.error(error))?;
    Ok(download(kind, format, &rows))
}
