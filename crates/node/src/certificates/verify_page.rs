//! `GET /verify` and `POST /verify`: anyone pastes the text of a QR code or a certificate
//! document, or uploads the PDF or the document file, and reads the outcome.

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use tongban_certificates::embedded::find_document_in_pdf;
use tongban_i18n::Message;
use tongban_services::certificates::NodeVerification;
use tongban_web::{Chrome, PageError, RequestLang};

use super::views::{VerificationJson, verification_json};
use crate::NodeState;
use crate::chrome::page_chrome;

#[derive(Template)]
#[template(path = "certificate_verify.html")]
struct VerifyPage {
    chrome: Chrome,
    input: String,
    outcome: Option<Outcome>,
    /// Why the input could not be verified at all, shown above the form.
    error: Option<String>,
}

/// The outcome as the page shows it.
struct Outcome {
    valid: bool,
    message: String,
    result: VerificationJson,
}

async fn frame(
    state: &NodeState,
    lang: tongban_i18n::Lang,
    uri: &Uri,
    headers: &HeaderMap,
) -> Chrome {
    let session = state.sessions.load(headers).await.ok().flatten();
    page_chrome(
        state,
        lang,
        "certificate-verify-title",
        uri,
        session.as_ref(),
    )
}

/// `GET /verify`: the empty form.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let chrome = frame(&state, lang, &uri, &headers).await;
    Ok(tongban_web::html(&VerifyPage {
        chrome,
        input: String::new(),
        outcome: None,
        error: None,
    }))
}

/// `POST /verify` (multipart): `input`, the pasted text, or `file`, a certificate PDF or
/// document; the file wins when both are given.
pub(super) async fn check(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    headers: HeaderMap,
    uri: Uri,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let chrome = frame(&state, lang, &uri, &headers).await;
    // Input that cannot be read shows the form again with the reason, and what was pasted.
    let bad = |chrome: &Chrome, key: &'static str, input: &str| {
        let page = VerifyPage {
            chrome: chrome.clone(),
            input: input.to_owned(),
            outcome: None,
            error: Some(Message::new(key).render(lang)),
        };
        (StatusCode::BAD_REQUEST, tongban_web::html(&page)).into_response()
    };
    let mut input = String::new();
    let mut file: Option<Vec<u8>> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Ok(bad(&chrome, "certificate-verify-upload-invalid", "")),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let Ok(bytes) = field.bytes().await else {
            return Ok(bad(&chrome, "certificate-verify-upload-invalid", &input));
        };
        match name.as_str() {
            "input" => input = String::from_utf8_lossy(&bytes).into_owned(),
            "file" if !bytes.is_empty() => file = Some(bytes.to_vec()),
            _ => {}
        }
    }

    let text = match &file {
        Some(bytes) if bytes.starts_with(b"%PDF") => match find_document_in_pdf(bytes) {
            Ok(document) => document.to_json(),
            Err(_) => {
                return Ok(bad(
                    &chrome,
                    "certificate-verify-pdf-without-document",
                    &input,
                ));
            }
        },
        Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        None => input.clone(),
    };
    if text.trim().is_empty() {
        return Ok(bad(&chrome, "certificate-verify-empty", &input));
    }
    let outcome = crate::federation::verify_with_fresh_seals(&state, &text, Utc::now())
        .await
        .map_err(|error| PageError {
            chrome: chrome.clone(),
            error: error.into(),
        })?;
    let result = verification_json(&outcome);
    let message = match lang {
        tongban_i18n::Lang::ZhCn => result.message.zh_cn.clone(),
        tongban_i18n::Lang::En => result.message.en.clone(),
    };
    Ok(tongban_web::html(&VerifyPage {
        chrome,
        error: None,
        input,
        outcome: Some(Outcome {
            valid: matches!(outcome, NodeVerification::Valid { .. }),
            message,
            result,
        }),
    }))
}
