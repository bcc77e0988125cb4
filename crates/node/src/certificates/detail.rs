//! `GET /certificates/{id}`, `…/pdf` and `…/qr.svg`: one certificate of the holder, its PDF
//! and the QR code that presents it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use tongban_certificates::SignedCertificate;
use tongban_certificates::verify::beijing;
use tongban_services::certificates;
use tongban_web::{Chrome, PageError, RequestLang, WebError};

use super::certificate_path;
use super::views::{pdf_response, qr_svg, valid_until_text};
use crate::NodeState;
use crate::cases::{PersonPage, login_redirect};

#[derive(Template)]
#[template(path = "certificate_detail.html")]
struct DetailPage {
    chrome: Chrome,
    facts: Vec<Fact>,
    face: Vec<Fact>,
    pdf_href: String,
    qr_href: String,
    qr_payload: String,
}

/// A labelled value.
struct Fact {
    id: &'static str,
    label: String,
    value: String,
}

/// `GET /certificates/{id}`: the certificate's facts with validity in Asia/Shanghai, the
/// fields of its face, the PDF link and the QR code to present it.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(person) =
        PersonPage::load(&state, lang, "certificate-detail-title", &uri, &headers).await?
    else {
        return Ok(login_redirect(&uri, None));
    };
    let certificate = certificates::find_holder_certificate(&state.store, &person.applicant, &id)
        .await
        .map_err(|error| person.error(error))?;
    let metadata = SignedCertificate::from_json(&certificate.document)
        .and_then(|document| document.metadata())
        .map_err(|error| person.error(WebError::Internal(error.to_string())))?;

    let chrome = &person.chrome;
    let fact = |id: &'static str, key: &str, value: String| Fact {
        id,
        label: chrome.t(key),
        value,
    };
    let mut facts = vec![
        fact(
            "certificate-name",
            "certificate-field-name",
            metadata.name(lang).to_owned(),
        ),
        fact(
            "certificate-id",
            "certificate-field-id",
            certificate.id.clone(),
        ),
        fact(
            "certificate-issuer",
            "certificate-field-issuer",
            metadata.issuer.clone(),
        ),
        fact(
            "certificate-holder",
            "certificate-field-holder",
            metadata.holder.clone(),
        ),
        fact(
            "certificate-valid-from",
            "certificate-field-valid-from",
            metadata.valid_from.to_string(),
        ),
        fact(
            "certificate-valid-until",
            "certificate-field-valid-until",
            valid_until_text(metadata.valid_until)
                .unwrap_or_else(|| chrome.t("certificate-no-end")),
        ),
        fact(
            "certificate-issued-at",
            "certificate-field-issued-at",
            beijing(metadata.signed_at),
        ),
        fact(
            "certificate-status",
            "certificate-field-status",
            chrome.t(&format!(
                "certificate-status-{}",
                certificate.status.as_str()
            )),
        ),
    ];
    if let Some(reason) = &certificate.status_reason {
        facts.push(fact(
            "certificate-status-reason",
            "certificate-field-status-reason",
            reason.clone(),
        ));
    }
    let face = metadata
        .face
        .iter()
        .map(|field| Fact {
            id: "face",
            label: field.label(lang).to_owned(),
            value: field.value.clone(),
        })
        .collect();
    let base = certificate_path(&certificate.id);
    Ok(tongban_web::html(&DetailPage {
        facts,
        face,
        pdf_href: format!("{base}/pdf"),
        qr_href: format!("{base}/qr.svg"),
        qr_payload: certificate.qr_payload.clone(),
        chrome: person.chrome,
    }))
}

/// `GET /certificates/{id}/pdf`: the PDF of a certificate the person holds.
pub(super) async fn pdf(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(person) =
        PersonPage::load(&state, lang, "certificate-detail-title", &uri, &headers).await?
    else {
        return Ok(login_redirect(&uri, None));
    };
    let certificate = certificates::find_holder_certificate(&state.store, &person.applicant, &id)
        .await
        .map_err(|error| person.error(error))?;
    pdf_response(&certificate).map_err(|error| person.error(error))
}

/// `GET /certificates/{id}/qr.svg`: the QR code of a certificate the person holds, to show
/// a verifier.
pub(super) async fn qr(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(person) =
        PersonPage::load(&state, lang, "certificate-detail-title", &uri, &headers).await?
    else {
        return Ok(login_redirect(&uri, None));
    };
    let certificate = certificates::find_holder_certificate(&state.store, &person.applicant, &id)
        .await
        .map_err(|error| person.error(error))?;
    let svg =
        qr_svg(&certificate.qr_payload, &certificate.name).map_err(|error| person.error(error))?;
    Ok((
        [
            (CONTENT_TYPE, "image/svg+xml"),
            (CACHE_CONTROL, "private, no-store"),
        ],
        svg,
    )
        .into_response())
}
