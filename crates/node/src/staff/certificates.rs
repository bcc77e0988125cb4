//! `GET /staff/certificates` and `POST /staff/certificates/{id}/status`: the certificates of
//! the clerk's department, and revoking or cancelling one with a reason.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;
use tongban_i18n::Message;
use tongban_services::certificates::{self, END_ROLE};
use tongban_store::certificates::CertificateStatus;
use tongban_web::{Chrome, PageError, RequestLang, WebError};

use super::cases::{ClerkPage, staff_login};
use crate::NodeState;
use crate::certificates::views::valid_until_text;

/// Path of the page.
pub const CERTIFICATES_PATH: &str = "/staff/certificates";

/// Certificates listed; older ones are not shown.
const LIST_LIMIT: u32 = 200;

#[derive(Template)]
#[template(path = "staff_certificates.html")]
struct CertificatesPage {
    chrome: Chrome,
    csrf: String,
    may_end: bool,
    done: Option<String>,
    rows: Vec<CertificateRow>,
}

/// A certificate in the list.
struct CertificateRow {
    id: String,
    action: String,
    name: String,
    holder: String,
    valid_until: String,
    status: String,
    valid: bool,
}

/// `GET /staff/certificates`: the certificates of the clerk's department, or of the whole node
/// for a clerk without one, newest first, with the revoke and cancel form for approvers.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(clerk) =
        ClerkPage::load(&state, lang, "certificate-staff-title", &uri, &headers).await?
    else {
        return Ok(staff_login());
    };
    let found = certificates::list_clerk_certificates(&state.store, &clerk.clerk, LIST_LIMIT)
        .await
        .map_err(|error| clerk.error(error))?;
    let chrome = &clerk.chrome;
    let rows = found
        .iter()
        .map(|certificate| CertificateRow {
            action: format!(
                "{CERTIFICATES_PATH}/{}/status",
                tongban_web::catalog::encode_path_segment(&certificate.id)
            ),
            id: certificate.id.clone(),
            name: certificate.name.clone(),
            holder: certificate.holder_name.clone(),
            valid_until: valid_until_text(certificate.valid_until)
                .unwrap_or_else(|| chrome.t("certificate-no-end")),
            status: chrome.t(&format!(
                "certificate-status-{}",
                certificate.status.as_str()
            )),
            valid: certificate.status == CertificateStatus::Valid,
        })
        .collect();
    let done = uri
        .query()
        .and_then(|query| query.strip_prefix("done="))
        .map(|status| chrome.t(&format!("certificate-staff-done-{status}")));
    Ok(tongban_web::html(&CertificatesPage {
        csrf: clerk.session.csrf_token().to_owned(),
        may_end: clerk.clerk.has_role(END_ROLE) || clerk.clerk.has_role("admin"),
        done,
        rows,
        chrome: clerk.chrome,
    }))
}

/// The revoke or cancel form.
#[derive(Debug, Deserialize)]
pub(super) struct EndForm {
    csrf: String,
    status: String,
    #[serde(default)]
    reason: String,
}

/// `POST /staff/certificates/{id}/status`: revokes or cancels the certificate and returns to
/// the list (303). A blank reason is 422, a missing role 403, a certificate of another
/// department 404, and one ended before 409.
pub(super) async fn end(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    Form(form): Form<EndForm>,
) -> Result<Response, PageError> {
    let Some(clerk) =
        ClerkPage::load(&state, lang, "certificate-staff-title", &uri, &headers).await?
    else {
        return Ok(staff_login());
    };
    if !clerk.session.csrf_matches(&form.csrf) {
        return Err(clerk.csrf_error());
    }
    let status = match form.status.as_str() {
        "revoked" => CertificateStatus::Revoked,
        "cancelled" => CertificateStatus::Cancelled,
        other => {
            return Err(clerk.error(WebError::BadRequest(
                Message::new("certificate-api-status-unknown").arg("status", other),
            )));
        }
    };
    certificates::end_certificate(
        &state.store,
        Some(&state.passage),
        &clerk.clerk,
        &id,
        (status, &form.reason),
        Utc::now(),
    )
    .await
    .map_err(|error| clerk.error(error))?;
    Ok(crate::cases::see_other(&format!(
        "{CERTIFICATES_PATH}?done={}",
        status.as_str()
    )))
}
