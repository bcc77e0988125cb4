//! `GET /certificates`: "my certificates", the wallet of the holder at this node.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use tongban_services::certificates;
use tongban_web::{Chrome, PageError, RequestLang};

use super::certificate_path;
use super::elsewhere::{Elsewhere, ElsewhereRow, other_nodes_certificates};
use super::views::valid_until_text;
use crate::NodeState;
use crate::auth::RelyingParty;
use crate::cases::{PersonPage, login_redirect};

#[derive(Template)]
#[template(path = "certificate_list.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<CertificateRow>,
    elsewhere: Vec<ElsewhereRow>,
    elsewhere_login_needed: bool,
    elsewhere_unavailable: bool,
}

/// A certificate in the wallet.
struct CertificateRow {
    href: String,
    name: String,
    issuer: String,
    valid_until: String,
    status: String,
}

/// `GET /certificates`: the certificates the person holds at this node, newest first, then
/// those of other nodes from the hub's index, each linking to its page at its node.
pub(super) async fn show(
    State(state): State<NodeState>,
    Extension(relying_party): Extension<RelyingParty>,
    RequestLang(lang): RequestLang,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(person) =
        PersonPage::load(&state, lang, "certificate-wallet-title", &uri, &headers).await?
    else {
        return Ok(login_redirect(&uri, None));
    };
    let found = certificates::list_holder_certificates(&state.store, &person.applicant)
        .await
        .map_err(|error| person.error(error))?;
    let rows = found
        .iter()
        .map(|certificate| CertificateRow {
            href: certificate_path(&certificate.id),
            name: certificate.name.clone(),
            issuer: certificate.department.clone(),
            valid_until: valid_until_text(certificate.valid_until)
                .unwrap_or_else(|| person.chrome.t("certificate-no-end")),
            status: person.chrome.t(&format!(
                "certificate-status-{}",
                certificate.status.as_str()
            )),
        })
        .collect();
    let chrome = &person.chrome;
    let (elsewhere, login_needed, unavailable) = match other_nodes_certificates(
        &state,
        &relying_party,
        &person.session,
        |key| chrome.t(key),
    )
    .await
    {
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
