//! The certificate as the API shows it.

use serde::Serialize;
use tongban_certificates::verify::beijing;
use tongban_store::certificates::StoredCertificate;
use utoipa::ToSchema;

use crate::certificates::views::valid_until_text;

/// A certificate issued by this node.
#[derive(Debug, Serialize, ToSchema)]
pub struct CertificateJson {
    /// 证照标识 (GB/T 36904).
    #[schema(
        example = "1.2.156.3005.2.11440000MB0E00011L001.11440000MB0E00011L.44000020261204000001.001.7"
    )]
    pub id: String,
    /// 证照名称.
    pub name: String,
    /// 证照类型代码.
    pub type_code: String,
    /// The issuing department and its credit code.
    pub issuer: String,
    /// Credit code of the issuer.
    pub issuer_code: String,
    /// The holder's name.
    pub holder: String,
    /// `resident_id` or `credit_code`.
    pub holder_id_type: String,
    /// First day of validity, `YYYY-MM-DD` in Asia/Shanghai.
    pub valid_from: String,
    /// Last day of validity, or none for no end.
    pub valid_until: Option<String>,
    /// The last instant of validity in Asia/Shanghai.
    pub valid_until_beijing: Option<String>,
    /// `valid`, `revoked` or `cancelled`, as the issuer set it.
    pub status: String,
    /// The reason for revoking or cancelling it.
    pub status_reason: Option<String>,
    /// When, in Asia/Shanghai.
    pub status_changed_at: Option<String>,
    /// When the seal signed, in Asia/Shanghai.
    pub issued_at: String,
    /// The approved case.
    pub case_id: String,
    /// The signed QR payload to present the certificate.
    pub qr_payload: String,
    /// URL path of the PDF.
    pub pdf_url: String,
}

impl CertificateJson {
    /// Returns `certificate` as JSON; `pdf_prefix` is the path its PDF is under.
    pub fn of(certificate: &StoredCertificate, pdf_prefix: &str) -> CertificateJson {
        CertificateJson {
            id: certificate.id.clone(),
            name: certificate.name.clone(),
            type_code: certificate.type_code.clone(),
            issuer: certificate.department.clone(),
            issuer_code: certificate.department_code.clone(),
            holder: certificate.holder_name.clone(),
            holder_id_type: certificate.holder_id_type.clone(),
            valid_from: certificate.valid_from.to_string(),
            valid_until: certificate.valid_until.map(|day| day.to_string()),
            valid_until_beijing: valid_until_text(certificate.valid_until),
            status: certificate.status.as_str().to_owned(),
            status_reason: certificate.status_reason.clone(),
            status_changed_at: certificate.status_changed_at.map(beijing),
            issued_at: beijing(certificate.issued_at),
            case_id: certificate.case_id.clone(),
            qr_payload: certificate.qr_payload.clone(),
            pdf_url: format!(
                "{pdf_prefix}/{}/pdf",
                tongban_web::catalog::encode_path_segment(&certificate.id)
            ),
        }
    }
}

/// A list of certificates.
#[derive(Debug, Serialize, ToSchema)]
pub struct CertificateListJson {
    /// Newest first.
    pub certificates: Vec<CertificateJson>,
}
