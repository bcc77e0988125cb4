//! Parts the certificate pages and the certificate API share: the PDF with its font, the QR
//! code, validity in Asia/Shanghai and the verification outcome as JSON.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Serialize;
use tongban_certificates::font::{CertificateFont, DEFAULT_FONT_INDEX, DEFAULT_FONT_PATH};
use tongban_certificates::qr_code::QrModules;
use tongban_certificates::validity::end_of_validity;
use tongban_certificates::verify::beijing;
use tongban_certificates::{SignedCertificate, Verified};
use tongban_i18n::{Lang, Message};
use tongban_services::certificates::NodeVerification;
use tongban_store::certificates::StoredCertificate;
use tongban_web::WebError;
use utoipa::ToSchema;

/// Returns the certificate font, read once per process.
fn font() -> Result<Arc<CertificateFont>, WebError> {
    static FONT: OnceLock<Result<Arc<CertificateFont>, String>> = OnceLock::new();
    FONT.get_or_init(|| {
        CertificateFont::load(Path::new(DEFAULT_FONT_PATH), DEFAULT_FONT_INDEX)
            .map(Arc::new)
            .map_err(|error| error.to_string())
    })
    .clone()
    .map_err(WebError::Internal)
}

/// Renders the PDF of `certificate` and returns it as a download named after its number.
///
/// # Errors
/// [`WebError::Internal`] when the stored document cannot be read, the font is missing or the
/// PDF writer fails.
pub(crate) fn pdf_response(certificate: &StoredCertificate) -> Result<Response, WebError> {
    let document = SignedCertificate::from_json(&certificate.document)
        .map_err(|error| WebError::Internal(error.to_string()))?;
    let font = font()?;
    let bytes = tongban_certificates::pdf::render_pdf(&document, &font)
        .map_err(|error| WebError::Internal(error.to_string()))?;
    let number: String = certificate
        .id
        .rsplit('.')
        .nth(2)
        .unwrap_or("certificate")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{number}.pdf\"")) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}

/// Returns the QR code of `payload` as SVG.
///
/// # Errors
/// [`WebError::Internal`] when the payload does not fit a QR code.
pub(crate) fn qr_svg(payload: &str, title: &str) -> Result<String, WebError> {
    QrModules::encode(payload)
        .map(|modules| modules.to_svg(title))
        .map_err(|error| WebError::Internal(error.to_string()))
}

/// Returns the last instant of validity of a certificate valid through `last_day`, in
/// Asia/Shanghai: the second before 00:00 of the next day there.
pub(crate) fn valid_until_text(last_day: Option<NaiveDate>) -> Option<String> {
    last_day.map(|day| beijing(end_of_validity(day) - chrono::TimeDelta::seconds(1)))
}

/// A message in both languages.
#[derive(Debug, Serialize, ToSchema)]
pub struct LocalizedJson {
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
    /// English.
    pub en: String,
}

impl LocalizedJson {
    /// Renders `message` in both languages.
    pub fn of(message: &Message) -> LocalizedJson {
        LocalizedJson {
            zh_cn: message.render(Lang::ZhCn),
            en: message.render(Lang::En),
        }
    }
}

/// The outcome of a verification, as JSON.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerificationJson {
    /// `valid`, `revoked`, `cancelled`, or the code of the failed check: `malformed`,
    /// `identifier-invalid`, `unknown-seal`, `tampered`, `issuer-mismatch`, `seal-not-valid`,
    /// `seal-revoked`, `not-yet-valid` or `expired`.
    #[schema(example = "valid")]
    pub result: String,
    /// Whether the certificate may be relied on.
    pub valid: bool,
    /// The outcome for people, with the reason when it is not valid.
    pub message: LocalizedJson,
    /// The reason the issuer gave for revoking or cancelling it.
    pub status_reason: Option<String>,
    /// When the issuer revoked or cancelled it, in Asia/Shanghai.
    pub status_changed_at: Option<String>,
    /// Whether this node issued the certificate and so stores its current status; for others
    /// only the signature, seal and validity were checked.
    pub issued_here: bool,
    /// The facts the seal signed, when the signature checks passed.
    pub certificate: Option<VerifiedJson>,
}

/// The signed facts of a verified certificate.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifiedJson {
    /// 证照标识 (GB/T 36904).
    pub id: String,
    /// The holder, masked for a person when read from a QR payload.
    pub holder: String,
    /// The issuing department.
    pub issuer: String,
    /// First day of validity, `YYYY-MM-DD` in Asia/Shanghai.
    pub valid_from: String,
    /// Last day, or none for no end.
    pub valid_until: Option<String>,
    /// The last instant of validity in Asia/Shanghai, such as `2028-03-01 23:59:59+08:00`.
    pub valid_until_beijing: Option<String>,
    /// When the seal signed, in Asia/Shanghai.
    pub signed_at: String,
    /// Serial of the e-seal.
    pub seal_serial: String,
    /// Name of the e-seal.
    pub seal_name: String,
    /// When the hub revoked the seal after it signed, if it did; the certificate stays valid.
    pub seal_revoked_later: Option<String>,
}

impl VerifiedJson {
    fn of(verified: &Verified) -> VerifiedJson {
        VerifiedJson {
            id: verified.id.clone(),
            holder: verified.holder.clone(),
            issuer: verified.issuer.clone(),
            valid_from: verified.valid_from.to_string(),
            valid_until: verified.valid_until.map(|day| day.to_string()),
            valid_until_beijing: valid_until_text(verified.valid_until),
            signed_at: beijing(verified.signed_at),
            seal_serial: verified.seal.serial.clone(),
            seal_name: verified.seal.seal_name.clone(),
            seal_revoked_later: verified.seal_revoked_later.map(beijing),
        }
    }
}

/// Returns `outcome` as JSON.
pub(crate) fn verification_json(outcome: &NodeVerification) -> VerificationJson {
    match outcome {
        NodeVerification::Valid {
            verified,
            issued_here,
        } => VerificationJson {
            result: "valid".to_owned(),
            valid: true,
            message: LocalizedJson::of(&Message::new("certificate-verify-valid")),
            status_reason: None,
            status_changed_at: None,
            issued_here: *issued_here,
            certificate: Some(VerifiedJson::of(verified)),
        },
        NodeVerification::Ended {
            verified,
            certificate,
        } => VerificationJson {
            result: outcome.code().to_owned(),
            valid: false,
            message: LocalizedJson::of(
                &Message::new("certificate-verify-ended")
                    .arg("status", certificate.status.as_str())
                    .arg(
                        "reason",
                        certificate.status_reason.clone().unwrap_or_default(),
                    ),
            ),
            status_reason: certificate.status_reason.clone(),
            status_changed_at: certificate.status_changed_at.map(beijing),
            issued_here: true,
            certificate: Some(VerifiedJson::of(verified)),
        },
        NodeVerification::Invalid(problem) => VerificationJson {
            result: problem.code().to_owned(),
            valid: false,
            message: LocalizedJson::of(&problem.message()),
            status_reason: None,
            status_changed_at: None,
            issued_here: false,
            certificate: None,
        },
    }
}
