//! `GET /supervision` and `GET /supervision/export`: the national statistics of every node,
//! open to everyone because they hold only counts, and their export with per-case rows and
//! raters' names, for hub administrators only.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use tongban_i18n::Message;
use tongban_services::accounts::Role;
use tongban_services::evaluation::{self, ExportKind, Filter};
use tongban_store::nodes;
use tongban_web::evaluation::{ExportLink, SupervisionPage, download, export_choice, parse_period};
use tongban_web::{PageError, RequestLang, WebError};

use super::SUPERVISION_PATH;
use crate::HubState;
use crate::pages::chrome;
use crate::session::Visitor;

/// The period filter, a node, and for an export what and in which format.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct SupervisionQuery {
    from: String,
    to: String,
    node: String,
    kind: String,
    format: String,
}

/// Loads the visitor of the request and the frame of the supervision pages.
async fn visitor_frame(
    state: &HubState,
    lang: tongban_i18n::Lang,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<(Visitor, tongban_web::Chrome), PageError> {
    let frame = tongban_web::Chrome::new(lang, state.settings.name(lang), "supervision-title", uri);
    let visitor = Visitor::load(state, headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    let frame = chrome(state, lang, "supervision-title", uri, &visitor);
    Ok((visitor, frame))
}

fn filter_of(query: &SupervisionQuery) -> Result<Filter, WebError> {
    let (from, to) = parse_period(Some(&query.from), Some(&query.to)).map_err(WebError::Invalid)?;
    let node = query.node.trim();
    Ok(Filter {
        from,
        to,
        reporter: (!node.is_empty()).then(|| node.to_owned()),
    })
}

/// `GET /supervision`: received, closed, on-time and overdue cases, handling time, ratings and
/// rectifications of every node, by node, department and item, for the period asked.
pub(super) async fn show(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    Query(query): Query<SupervisionQuery>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let (visitor, frame) = visitor_frame(&state, lang, &uri, &headers).await?;
    let fail = |error: WebError| PageError {
        chrome: frame.clone(),
        error,
    };

    let filter = filter_of(&query).map_err(fail)?;
    let statistics = evaluation::statistics(
        &state.store,
        &filter,
        tongban_domain::time::today_in_china(),
    )
    .await
    .map_err(|error| fail(error.into()))?;

    let names: HashMap<String, String> = nodes::list_nodes(state.store.pool())
        .await
        .map_err(|error| fail(error.into()))?
        .into_iter()
        .map(|node| {
            let name = match lang {
                tongban_i18n::Lang::ZhCn => node.name_zh,
                tongban_i18n::Lang::En => node.name_en,
            };
            (node.node_id, name)
        })
        .collect();
    let name_of = move |id: &str| {
        names
            .get(id)
            .map_or_else(|| id.to_owned(), |name| format!("{name} ({id})"))
    };

    let is_admin = visitor
        .account
        .as_ref()
        .is_some_and(|account| account.role == Role::Admin);
    let exports = if is_admin {
        export_links(&frame, &query)
    } else {
        Vec::new()
    };

    let page = SupervisionPage::new(
        frame.clone(),
        "supervision-intro-national",
        &statistics,
        (query.from, query.to),
        exports,
        &name_of,
    );
    Ok(tongban_web::html(&page))
}

fn export_links(frame: &tongban_web::Chrome, query: &SupervisionQuery) -> Vec<ExportLink> {
    let encode =
        |text: &str| -> String { url::form_urlencoded::byte_serialize(text.as_bytes()).collect() };
    let period = format!(
        "from={}&to={}&node={}",
        encode(&query.from),
        encode(&query.to),
        encode(&query.node)
    );
    let mut links = Vec::new();
    for kind in ["cases", "ratings"] {
        for format in ["csv", "json"] {
            links.push(ExportLink {
                href: format!("{SUPERVISION_PATH}/export?kind={kind}&format={format}&{period}"),
                label: format!(
                    "{} ({})",
                    frame.t(&format!("supervision-export-{kind}")),
                    format.to_uppercase()
                ),
            });
        }
    }
    links
}

/// `GET /supervision/export?kind=cases|ratings&format=csv|json`: the rows of the period under
/// GB/T 39046 field names; 403 for anyone but a hub administrator. The hub keeps no steps.
pub(super) async fn export(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    Query(query): Query<SupervisionQuery>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let (visitor, frame) = visitor_frame(&state, lang, &uri, &headers).await?;
    let fail = |error: WebError| PageError {
        chrome: frame.clone(),
        error,
    };
    let Some(account) = &visitor.account else {
        return Err(fail(WebError::Unauthorized));
    };
    if account.role != Role::Admin {
        return Err(fail(WebError::Forbidden));
    }
    let filter = filter_of(&query).map_err(fail)?;
    let (kind, format) = export_choice(&query.kind, &query.format).map_err(fail)?;
    if kind == ExportKind::Steps {
        return Err(fail(WebError::BadRequest(
            Message::new("supervision-export-kind-unknown").arg("kind", query.kind.as_str()),
        )));
    }
    let rows = evaluation::export_rows(&state.store, kind, &filter)
        .await
        .map_err(|error| fail(error.into()))?;
    Ok(download(kind, format, &rows))
}
