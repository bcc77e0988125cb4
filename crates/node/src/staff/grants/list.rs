//! `GET /staff/data/grants`: the grants this node has as consumer and gave as provider.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use tongban_i18n::{Lang, Message};
use tongban_services::data_sharing::grants::{self, GrantView};
use tongban_web::{Chrome, PageError, RequestLang, WebError};

use super::nodes::{self, NodeChoice};
use super::{ADMIN_ROLE, REQUEST_PATH};
use crate::NodeState;
use crate::staff::cases::{ClerkPage, staff_login};

#[derive(Template)]
#[template(path = "staff_grants.html")]
struct ListPage {
    chrome: Chrome,
    csrf: String,
    notice: Option<String>,
    request_href: Option<&'static str>,
    as_consumer: Vec<GrantRow>,
    as_provider: Vec<GrantRow>,
}

/// A grant in one of the tables.
struct GrantRow {
    id: String,
    decision_href: String,
    service: String,
    other_node: String,
    purpose: String,
    legal_basis: String,
    fields: String,
    valid_until: String,
    rate_limit: i64,
    status: String,
    decidable: bool,
}

fn status_label(status: &str, lang: Lang) -> String {
    let key = match status {
        "requested" => "data-grant-status-requested",
        "approved" => "data-grant-status-approved",
        "denied" => "data-grant-status-denied",
        other => return other.to_owned(),
    };
    Message::new(key).render(lang)
}

fn row(grant: GrantView, other_node: &str, nodes: &[NodeChoice], lang: Lang) -> GrantRow {
    GrantRow {
        decision_href: format!(
            "{}/{}/decision",
            super::GRANTS_PATH,
            tongban_web::catalog::encode_path_segment(&grant.id)
        ),
        other_node: nodes::name_of(nodes, other_node),
        service: grant.service_id,
        purpose: grant.purpose,
        legal_basis: grant.legal_basis,
        fields: grant.fields.join(", "),
        valid_until: grant.valid_until.format("%Y-%m-%d %H:%M UTC").to_string(),
        rate_limit: grant.rate_limit_per_minute,
        status: status_label(&grant.status, lang),
        decidable: false,
        id: grant.id,
    }
}

fn notice_of(uri: &Uri, lang: Lang) -> Option<String> {
    let query = uri.query()?;
    let key = if query.contains("done=requested") {
        "data-grant-requested"
    } else if query.contains("done=decided") {
        "data-grant-decided"
    } else {
        return None;
    };
    Some(Message::new(key).render(lang))
}

/// `GET /staff/data/grants`: every grant of this node, newest first. An admin also gets the
/// link to the request form and a decision form on each request this node provides.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(clerk) = ClerkPage::load(&state, lang, "data-grants-title", &uri, &headers).await?
    else {
        return Ok(staff_login());
    };
    let all = grants::list_grants(&state.store)
        .await
        .map_err(|error| clerk.error(WebError::Internal(error.to_string())))?;
    let nodes = nodes::trusted_nodes(&state.store, lang).await;
    let admin = clerk.clerk.has_role(ADMIN_ROLE);
    let own_id = state.settings.id.as_str();

    let mut as_consumer = Vec::new();
    let mut as_provider = Vec::new();
    for grant in all {
        if grant.provider_node == own_id {
            let pending = grant.status == "requested";
            let consumer = grant.consumer.clone();
            let mut provider_row = row(grant, &consumer, &nodes, lang);
            provider_row.decidable = admin && pending;
            as_provider.push(provider_row);
        } else {
            let provider = grant.provider_node.clone();
            as_consumer.push(row(grant, &provider, &nodes, lang));
        }
    }

    Ok(tongban_web::html(&ListPage {
        csrf: clerk.session.csrf_token().to_owned(),
        notice: notice_of(&uri, lang),
        request_href: admin.then_some(REQUEST_PATH),
        as_consumer,
        as_provider,
        chrome: clerk.chrome,
    }))
}
